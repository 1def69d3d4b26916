/* Reader features of the handbook: share links, deep-link landing, old-id
 * aliases and local progress marks. Everything hangs off Material's `document$`
 * observable, so it also works if instant navigation (page swaps without a
 * reload) is switched on again. */
(function () {
  "use strict";

  const PROGRESS_KEY = "hb-progress-v1";
  const STATES = ["unseen", "review", "known"];

  function siteRoot() {
    const config = document.getElementById("__config");
    const base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function fetchJSON(name) {
    return fetch(new URL(name, siteRoot())).then((r) => (r.ok ? r.json() : Promise.reject(new Error(name + ": HTTP " + r.status))));
  }

  /* The published registry (questions, old ids, interface labels), fetched once per page. */
  let registry = null;
  function loadRegistry() {
    registry = registry || fetchJSON("questions.json").catch((e) => {
      registry = null;
      throw e;
    });
    return registry;
  }

  /* A fragment as an id: undefined when it is not valid percent-encoding. */
  function hashId(hash) {
    try {
      return decodeURIComponent((hash || "").replace(/^#/, ""));
    } catch (e) {
      return undefined;
    }
  }

  /* Own properties only: "constructor" or "__proto__" in a hash must not reach Object.prototype. */
  function own(map, key) {
    return map && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  /* Progress marks live in localStorage only; nothing leaves the browser. */
  const progress = {
    all() {
      try {
        return JSON.parse(localStorage.getItem(PROGRESS_KEY)) || {};
      } catch (e) {
        return {};
      }
    },
    get(id) {
      return this.all()[id] || "unseen";
    },
    set(id, state) {
      const all = this.all();
      if (state === "unseen") delete all[id];
      else all[id] = state;
      localStorage.setItem(PROGRESS_KEY, JSON.stringify(all));
      document.dispatchEvent(new CustomEvent("hb:progress"));
    },
    replace(marks) {
      const clean = {};
      for (const [id, state] of Object.entries(marks || {})) {
        if (typeof id === "string" && (state === "review" || state === "known")) clean[id] = state;
      }
      localStorage.setItem(PROGRESS_KEY, JSON.stringify(clean));
      document.dispatchEvent(new CustomEvent("hb:progress"));
      return Object.keys(clean).length;
    },
  };

  function questionUrl(id, answer) {
    return location.origin + location.pathname + "#" + id + (answer ? "-answer" : "");
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    return Promise.resolve();
  }

  function button(label, title, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", () => {
      onClick().then(() => {
        b.dataset.state = "copied";
        b.textContent = "Copied";
        setTimeout(() => {
          delete b.dataset.state;
          b.textContent = label;
        }, 1500);
      });
    });
    return b;
  }

  function addTools(meta) {
    if (meta.querySelector(".hb-tools")) return;
    const id = meta.dataset.qid;
    const title = (document.getElementById(id) || {}).textContent || id;
    const tools = document.createElement("span");
    tools.className = "hb-tools";
    tools.append(
      button("Copy link", "Copy link to: " + title.trim(), () => copyText(questionUrl(id, false))),
      button("Copy answer link", "Copy a link that opens the answer", () => copyText(questionUrl(id, true))),
    );
    const select = document.createElement("select");
    select.className = "hb-mark";
    select.setAttribute("aria-label", "Your progress on this question");
    for (const state of STATES) select.add(new Option(state[0].toUpperCase() + state.slice(1), state));
    select.value = progress.get(id);
    select.addEventListener("change", () => progress.set(id, select.value));
    tools.append(select);
    meta.append(tools);
  }

  /* Land on a deep link: open the answer if asked, scroll under the header, flash. */
  function land() {
    const id = hashId(location.hash);
    if (!id) return;
    const target = document.getElementById(id);
    if (!target) {
      redirectAlias(id);
      return;
    }
    const details = target.closest("details");
    if (details) details.open = true;
    const heading = questionHeading(target);
    openHighlighted(heading);
    // Scroll the question's heading to the top, so an opened answer reads from its title.
    // Chromium scrolls to a fragment inside <details> once it auto-opens it, after
    // this runs; scrolling again on the next frames keeps the heading in place.
    // The correction scrolls upwards, which makes Material show "Back to top" over the
    // heading; a one-pixel nudge down reads as a downward scroll and keeps it hidden.
    const scroll = () => (heading || target).scrollIntoView({ block: "start" });
    scroll();
    requestAnimationFrame(() =>
      setTimeout(() => {
        scroll();
        requestAnimationFrame(() => window.scrollBy(0, 1));
      }, 60),
    );
    if (heading) {
      heading.classList.remove("hb-flash");
      void heading.offsetWidth; // restart the animation
      heading.classList.add("hb-flash");
    }
  }

  /* The question heading an anchor belongs to: itself, an old id's marker, or a block's question. */
  function questionHeading(target) {
    if (target.matches("h2")) return target;
    if (target.classList.contains("hb-alias")) return target.closest(".hb-meta").previousElementSibling;
    let node = target.closest("details");
    while (node && node.parentElement && !node.parentElement.matches(".md-content__inner")) node = node.parentElement;
    for (let n = node && node.previousElementSibling; n; n = n.previousElementSibling) if (n.matches("h2[id]")) return n;
    return null;
  }

  /* Arriving from search (?h=words): open the question's blocks that hold those words, before
   * Material highlights them (it marks only text that is visible). */
  function openHighlighted(heading) {
    const words = (new URLSearchParams(location.search).get("h") || "").toLowerCase().split(/\s+/).filter((w) => w.length > 1);
    if (!heading || !words.length) return;
    for (let n = heading.nextElementSibling; n && !n.matches("h2"); n = n.nextElementSibling) {
      for (const d of [n, ...n.querySelectorAll("details")]) {
        if (d.matches("details") && words.some((w) => d.textContent.toLowerCase().includes(w))) d.open = true;
      }
    }
  }

  /* An id that is not on this page: a renamed, merged or moved question. */
  function redirectAlias(id) {
    loadRegistry()
      .then((data) => {
        const url = resolveId(data, id);
        if (!url) return;
        const next = new URL(url, siteRoot());
        if (next.pathname !== location.pathname || next.hash !== location.hash) location.replace(next.href);
      })
      .catch(() => {});
  }

  /* The URL of a question id, an old id, or an old id's answer anchor ("old-answer"). */
  function resolveId(data, id) {
    const direct = own(data.aliases, id) || (data.questions.find((q) => q.id === id) || {}).url;
    if (direct) return direct;
    const m = /^(.+)-answer$/.exec(id);
    const base = m && (own(data.aliases, m[1]) || (data.questions.find((q) => q.id === m[1]) || {}).url);
    return base ? base + "-answer" : undefined;
  }

  /* Domain index pages: one bar of known / review marks for the section. */
  function renderProgressBar() {
    const holder = document.querySelector("[data-hb-progress]");
    if (!holder) return;
    const ids = holder.dataset.ids.split(" ").filter(Boolean);
    const marks = progress.all();
    const known = ids.filter((id) => marks[id] === "known").length;
    const review = ids.filter((id) => marks[id] === "review").length;
    const pct = (n) => (ids.length ? (100 * n) / ids.length : 0).toFixed(1) + "%";
    holder.innerHTML =
      '<div class="hb-progress__bar" role="img" aria-label="' + known + " known and " + review + " to review out of " + ids.length + '">' +
      '<span class="hb-progress__known" style="width:' + pct(known) + '"></span>' +
      '<span class="hb-progress__review" style="width:' + pct(review) + '"></span></div>' +
      '<p class="hb-progress__text">' + known + " known · " + review + " to review · " + (ids.length - known - review) + " unseen</p>";
  }

  /* Search: Material heads each group of results with a link to the top of the
   * page. On question pages, point it at the best-matching question instead. */
  function retargetResults(list) {
    for (const item of list.querySelectorAll(".md-search-result__item")) {
      const links = item.querySelectorAll(":scope > a.md-search-result__link");
      if (links.length < 2 || new URL(links[0].href).hash) continue;
      links[0].href = links[1].href;
    }
  }
  function watchResults() {
    const list = document.querySelector(".md-search-result__list");
    if (!list || list.dataset.hbWatched) return;
    list.dataset.hbWatched = "1";
    new MutationObserver(() => retargetResults(list)).observe(list, { childList: true, subtree: true });
  }

  /* Before printing, open every block so the page prints whole. */
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll(".md-typeset details").forEach((d) => (d.open = true));
  });

  window.handbook = { progress, fetchJSON, loadRegistry, resolveId, own, hashId, siteRoot, copyText, land };

  function init() {
    // Material's search overlay is a dialog without a name; screen readers need one.
    const search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search the handbook");
    document.querySelectorAll(".hb-meta[data-qid]").forEach(addTools);
    watchResults();
    renderProgressBar();
    land();
  }

  document.addEventListener("hb:progress", renderProgressBar);
  window.addEventListener("hashchange", land);
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
