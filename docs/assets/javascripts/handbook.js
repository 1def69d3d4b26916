/* Reader features of the handbook: share links, deep-link landing, old-id
 * aliases and local progress marks. Everything hangs off Material's `document$`
 * observable, so it also works if instant navigation (page swaps without a
 * reload) is switched on again. */
(function () {
  "use strict";

  const PROGRESS_KEY = "hb-progress-v1"; // {id: "review" | "known"}: the marks
  const STUDY_KEY = "hb-study-v1"; // {id: {at, box, due}}: when each mark was set, and the review schedule
  const STATES = ["unseen", "review", "known"];
  const ID_RE = /^[a-z0-9][a-z0-9-]*$/;
  const DAY = 24 * 60 * 60 * 1000;
  /* Spaced repetition, Leitner boxes. Marking a question Review puts it in box 1. When
   * it comes due in the review queue and the reader knows it, it moves up a box and
   * comes back after that box's interval; a miss sends it back to box 1. Knowing it
   * when due in the last box makes it Known. Intervals in days, box 1 first. */
  const BOX_DAYS = [1, 3, 7, 14, 30];
  const EXPORT_FORMAT = "ai-interview-handbook/progress";
  const EXPORT_VERSION = 2; // 1: {version, progress}, without the schedule

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

  function isPlainObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  /* A message for the reader, fixed at the foot of the window so nothing on the page
   * moves. `extra` is an optional node shown under the text (a field to copy from). */
  function notify(message, extra) {
    let box = document.querySelector(".hb-notice");
    if (!box) {
      box = document.createElement("div");
      box.className = "hb-notice";
      box.setAttribute("role", "alert");
      const text = document.createElement("div");
      text.className = "hb-notice__text";
      const close = document.createElement("button");
      close.type = "button";
      close.className = "hb-notice__close";
      close.textContent = "Dismiss";
      close.addEventListener("click", () => {
        const back = box.contains(document.activeElement) && box.returnTo && box.returnTo.isConnected ? box.returnTo : null;
        box.remove();
        if (back) back.focus();
      });
      box.append(text, close);
      document.body.append(box);
    }
    // Where the reader was, to go back to when the notice is dismissed.
    if (!box.contains(document.activeElement)) box.returnTo = document.activeElement;
    box.querySelector(".hb-notice__text").replaceChildren(message, ...(extra ? [extra] : []));
    return box;
  }

  function storageProblem(error) {
    const full = error && (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED" || error.code === 22);
    return (
      (full
        ? "This browser's storage for the handbook is full, so your progress marks cannot be saved."
        : "This browser does not let the handbook store data (a private window or a privacy setting), so your progress marks cannot be saved.") +
      " They last until you leave this page; export them from Practice to keep them."
    );
  }

  /* localStorage, or this page's memory once the browser refuses it (storage full,
   * or blocked by a privacy setting): marking still works, and the reader is told the
   * first time a mark cannot be saved. */
  const store = {
    memory: null,
    problem: null,
    told: false,
    read(key) {
      if (!this.memory) {
        try {
          return window.localStorage.getItem(key);
        } catch (e) {
          this.fallBack(e);
        }
      }
      return this.memory[key] === undefined ? null : this.memory[key];
    },
    /* Write several keys together; false when they went to memory only. */
    write(values) {
      if (!this.memory) {
        const before = {};
        try {
          for (const key of Object.keys(values)) before[key] = window.localStorage.getItem(key);
          for (const [key, value] of Object.entries(values)) window.localStorage.setItem(key, value);
          return true;
        } catch (e) {
          try {
            for (const [key, value] of Object.entries(before)) {
              if (value === null) window.localStorage.removeItem(key);
              else window.localStorage.setItem(key, value);
            }
          } catch (ignored) {
            // Storage refuses even the undo: memory takes over from here anyway.
          }
          this.fallBack(e);
        }
      }
      Object.assign(this.memory, values);
      if (!this.told) {
        this.told = true;
        notify(this.problem);
      }
      return false;
    },
    fallBack(error) {
      const memory = {};
      for (const key of [PROGRESS_KEY, STUDY_KEY]) {
        try {
          memory[key] = window.localStorage.getItem(key);
        } catch (e) {
          memory[key] = null;
        }
      }
      this.memory = memory;
      this.problem = storageProblem(error);
    },
  };

  function readMap(key) {
    try {
      const value = JSON.parse(store.read(key));
      return isPlainObject(value) ? value : {};
    } catch (e) {
      return {};
    }
  }

  function refuse(reason) {
    const error = new Error(reason);
    error.name = "ImportRefused";
    throw error;
  }

  /* Progress marks and the review schedule live in this browser only; nothing leaves it.
   * Every change fires `hb:progress` on the document, also for changes in other tabs. */
  const progress = {
    STATES,
    BOX_DAYS,
    DAY,
    all() {
      const marks = {};
      for (const [id, state] of Object.entries(readMap(PROGRESS_KEY))) {
        if (ID_RE.test(id) && (state === "review" || state === "known")) marks[id] = state;
      }
      return marks;
    },
    get(id) {
      return own(this.all(), id) || "unseen";
    },
    /* Each marked question: {state, at, box, due}. A Review mark from before the
     * schedule existed (an old export) is due at once, in box 1. */
    entries() {
      const study = readMap(STUDY_KEY);
      const out = {};
      for (const [id, state] of Object.entries(this.all())) {
        const s = isPlainObject(own(study, id)) ? study[id] : {};
        const entry = { state, at: Number(s.at) || 0 };
        if (state === "review") {
          entry.box = Number.isInteger(s.box) && s.box >= 1 && s.box <= BOX_DAYS.length ? s.box : 1;
          entry.due = Number.isFinite(s.due) ? s.due : 0;
        }
        out[id] = entry;
      }
      return out;
    },
    entry(id) {
      return own(this.entries(), id) || { state: "unseen" };
    },
    save(entries) {
      const marks = {};
      const study = {};
      for (const [id, e] of Object.entries(entries)) {
        marks[id] = e.state;
        study[id] = e.state === "review" ? { at: e.at, box: e.box, due: e.due } : { at: e.at };
      }
      const saved = store.write({ [PROGRESS_KEY]: JSON.stringify(marks), [STUDY_KEY]: JSON.stringify(study) });
      document.dispatchEvent(new CustomEvent("hb:progress"));
      return saved;
    },
    /* Set a mark outright. Review (re)starts the schedule in box 1. */
    set(id, state, now = Date.now()) {
      if (!ID_RE.test(id) || !STATES.includes(state)) return false;
      const entries = this.entries();
      if (state === "unseen") delete entries[id];
      else if (state === "review") entries[id] = { state, at: now, box: 1, due: now + BOX_DAYS[0] * DAY };
      else entries[id] = { state, at: now };
      return this.save(entries);
    },
    /* A due review, answered: knowing it moves the question up from `box` (where it
     * stood when the review began) and it comes back after that box's interval; out of
     * the last box it is Known. A miss puts it back in box 1. Returns its new entry. */
    recall(id, knewIt, now = Date.now(), box = this.entry(id).box || 1) {
      if (!knewIt) this.set(id, "review", now);
      else if (box >= BOX_DAYS.length) this.set(id, "known", now);
      else {
        const entries = this.entries();
        entries[id] = { state: "review", at: now, box: box + 1, due: now + BOX_DAYS[box] * DAY };
        this.save(entries);
      }
      return this.entry(id);
    },
    /* Review marks that are due, the longest overdue first: [[id, entry], ...]. */
    due(now = Date.now()) {
      return Object.entries(this.entries())
        .filter(([, e]) => e.state === "review" && e.due <= now)
        .sort((a, b) => a[1].due - b[1].due || (a[0] < b[0] ? -1 : 1));
    },
    saved() {
      return !store.memory;
    },
    problem() {
      return store.problem;
    },
    snapshot() {
      return { [PROGRESS_KEY]: store.read(PROGRESS_KEY), [STUDY_KEY]: store.read(STUDY_KEY) };
    },
    restore(snapshot) {
      const values = {};
      for (const [key, value] of Object.entries(snapshot)) values[key] = value === null ? "{}" : value;
      const saved = store.write(values);
      document.dispatchEvent(new CustomEvent("hb:progress"));
      return saved;
    },
    exportData(now = Date.now()) {
      const entries = this.entries();
      const study = {};
      for (const [id, e] of Object.entries(entries)) study[id] = e.state === "review" ? { at: e.at, box: e.box, due: e.due } : { at: e.at };
      return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exported: new Date(now).toISOString(), progress: this.all(), study };
    },
    /* Read an export: {progress, study}, or an ImportRefused error saying why not.
     * Version 1 files (marks only) are read too. */
    parseExport(text) {
      if (typeof text !== "string" || text.length > 5e6) refuse("That file is too large to be a progress export.");
      let data;
      try {
        data = JSON.parse(text);
      } catch (e) {
        refuse("That file is not a progress export: it is not JSON.");
      }
      if (!isPlainObject(data)) refuse("That file is not a progress export.");
      if (Array.isArray(data.questions)) refuse("That file is the question bank (questions.json), not a progress export.");
      const ours = data.format === EXPORT_FORMAT;
      if ((data.format !== undefined && !ours) || !Number.isInteger(data.version) || data.version < 1) {
        refuse("That file is not a progress export.");
      }
      if (data.version > EXPORT_VERSION) {
        refuse(
          "That export comes from a newer version of the handbook (format " + data.version + "; this page reads up to " +
            EXPORT_VERSION + "). Reload the handbook to get the newest version, then import it again.",
        );
      }
      if ((data.version > 1 && !ours) || !isPlainObject(data.progress)) refuse("That file is not a progress export.");
      const study = data.study === undefined ? {} : data.study;
      if (!isPlainObject(study)) refuse("That progress export is damaged: its schedule is not readable.");
      const entries = {};
      for (const [id, state] of Object.entries(data.progress)) {
        if (!ID_RE.test(id) || (state !== "review" && state !== "known")) {
          refuse("That progress export is damaged: it has a mark the handbook cannot read (" + JSON.stringify(id).slice(0, 60) + ").");
        }
        const s = own(study, id) === undefined ? {} : study[id];
        const number = (v) => v === undefined || (typeof v === "number" && Number.isFinite(v) && v >= 0);
        const box = s.box === undefined || (Number.isInteger(s.box) && s.box >= 1 && s.box <= BOX_DAYS.length);
        if (!isPlainObject(s) || !number(s.at) || !number(s.due) || !box) {
          refuse("That progress export is damaged: the schedule of " + JSON.stringify(id).slice(0, 60) + " is not readable.");
        }
        entries[id] = { state, at: s.at || 0 };
        if (state === "review") Object.assign(entries[id], { box: s.box || 1, due: s.due === undefined ? 0 : s.due });
      }
      return entries;
    },
    /* Merge parsed entries into the stored ones: for a question marked in both, the
     * more recent mark wins (the file's on a tie). Returns what happened. */
    merge(incoming) {
      const entries = this.entries();
      const counts = { added: 0, updated: 0, kept: 0, same: 0 };
      for (const [id, theirs] of Object.entries(incoming)) {
        const mine = own(entries, id);
        if (!mine) counts.added++;
        else if (JSON.stringify(mine) === JSON.stringify(theirs)) counts.same++;
        else if (theirs.at >= mine.at) counts.updated++;
        else {
          counts.kept++;
          continue;
        }
        entries[id] = theirs;
      }
      counts.saved = this.save(entries);
      return counts;
    },
  };

  function questionUrl(id, answer) {
    return location.origin + location.pathname + "#" + id + (answer ? "-answer" : "");
  }

  /* Copy text to the clipboard; rejects when the browser refuses. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (e) {
      copied = false;
    }
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  /* Copy, and say how it went on the button; when the browser refuses, show the
   * text selected in a field so the reader can copy it by hand. Never rejects. */
  function copyWithFeedback(text, b, label) {
    // The button says how it went for a moment, then reads as before.
    const say = (state, words, ms) => {
      b.dataset.state = state;
      b.textContent = words;
      setTimeout(() => {
        delete b.dataset.state;
        b.textContent = label;
      }, ms);
    };
    return copyText(text).then(
      () => say("copied", "Copied", 1500),
      () => {
        say("failed", "Copy failed", 3000);
        const field = document.createElement("input");
        field.type = "text";
        field.readOnly = true;
        field.value = text;
        field.className = "hb-notice__field";
        field.setAttribute("aria-label", "Text to copy");
        notify("The browser did not allow copying. Select the text below and copy it yourself:", field);
        field.focus();
        field.select();
      },
    );
  }

  function button(label, title, text) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", () => copyWithFeedback(text(), b, label));
    return b;
  }

  function addTools(meta) {
    if (meta.querySelector(".hb-tools")) return;
    const id = meta.dataset.qid;
    const title = (document.getElementById(id) || {}).textContent || id;
    const tools = document.createElement("span");
    tools.className = "hb-tools";
    tools.append(
      button("Copy link", "Copy link to: " + title.trim(), () => questionUrl(id, false)),
      button("Copy answer link", "Copy a link that opens the answer", () => questionUrl(id, true)),
    );
    const select = document.createElement("select");
    select.className = "hb-mark";
    select.dataset.qid = id;
    select.setAttribute("aria-label", "Your progress on this question");
    for (const state of STATES) select.add(new Option(state[0].toUpperCase() + state.slice(1), state));
    select.value = progress.get(id);
    select.addEventListener("change", () => progress.set(id, select.value));
    tools.append(select);
    meta.append(tools);
  }

  /* Marks changed elsewhere (the practice card, another tab): follow them. */
  function refreshMarks() {
    document.querySelectorAll("select.hb-mark[data-qid]").forEach((select) => {
      const state = progress.get(select.dataset.qid);
      if (select.value !== state) select.value = state;
    });
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

  /* The words a search result link asks the page to highlight (?h=...). */
  function searchWords() {
    return (new URLSearchParams(location.search).get("h") || "").toLowerCase().split(/\s+/).filter((w) => w.length > 1);
  }

  /* Arriving from search (?h=words): open the question's blocks that hold those words, before
   * Material highlights them (it marks only text that is visible). */
  function openHighlighted(heading) {
    const words = searchWords();
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

  /* Domain pages and the home page: a bar of known and review marks, and a link to the
   * reviews that are due. Domain pages carry their ids; the home page counts against the
   * registry, fetched only when there are marks to count. */
  function renderProgressBar() {
    const holder = document.querySelector("[data-hb-progress]");
    if (!holder) return;
    if (holder.dataset.ids !== undefined) drawProgress(holder, holder.dataset.ids.split(" ").filter(Boolean));
    else if (!Object.keys(progress.all()).length) drawProgress(holder, [], Number(holder.dataset.total) || 0);
    else {
      loadRegistry().then(
        (data) => drawProgress(holder, data.questions.map((q) => q.id)),
        () => drawProgress(holder, Object.keys(progress.all()), Number(holder.dataset.total) || 0),
      );
    }
  }

  function drawProgress(holder, ids, total) {
    const entries = progress.entries();
    const now = Date.now();
    let known = 0;
    let review = 0;
    let due = 0;
    for (const id of ids) {
      const e = own(entries, id);
      if (!e) continue;
      if (e.state === "known") known++;
      else if (e.state === "review") {
        review++;
        if (e.due <= now) due++;
      }
    }
    const count = total === undefined ? ids.length : Math.max(total, known + review);
    const pct = (n) => (count ? (100 * n) / count : 0).toFixed(1) + "%";
    const make = (tag, className, text) => {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    };
    const bar = make("div", "hb-progress__bar");
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", known + " known and " + review + " to review out of " + count);
    const knownPart = make("span", "hb-progress__known");
    const reviewPart = make("span", "hb-progress__review");
    knownPart.style.width = pct(known);
    reviewPart.style.width = pct(review);
    bar.append(knownPart, reviewPart);
    const text = make("p", "hb-progress__text", known + " known · " + review + " to review · " + (count - known - review) + " unseen");
    if (due) {
      const scope = holder.dataset.hbProgress;
      const url = new URL("practice/", siteRoot());
      url.searchParams.set("mode", "review");
      if (scope && scope !== "all") url.searchParams.set("domain", scope);
      const link = make("a", "hb-progress__due", "Review due (" + due + ")");
      link.href = url.href;
      text.append(" · ", link);
    }
    holder.replaceChildren(bar, text);
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

  /* Before printing, open every block so the page prints whole; afterwards, close
   * again the ones that were closed, so the reader finds the page as they left it. */
  let closedForPrint = [];
  window.addEventListener("beforeprint", () => {
    closedForPrint = Array.from(document.querySelectorAll(".md-typeset details:not([open])"));
    closedForPrint.forEach((d) => (d.open = true));
  });
  window.addEventListener("afterprint", () => {
    closedForPrint.forEach((d) => (d.open = false));
    closedForPrint = [];
  });

  window.handbook = { progress, fetchJSON, loadRegistry, resolveId, own, hashId, searchWords, siteRoot, copyText, copyWithFeedback, notify, land };

  function init() {
    // Material's search overlay is a dialog without a name; screen readers need one.
    const search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search the handbook");
    document.querySelectorAll(".hb-meta[data-qid]").forEach(addTools);
    watchResults();
    renderProgressBar();
    land();
    document.body.dataset.hbReady = "1"; // the reader features are in place
  }

  document.addEventListener("hb:progress", () => {
    renderProgressBar();
    refreshMarks();
  });
  // Another tab changed the marks: show them here too.
  window.addEventListener("storage", (e) => {
    if (!store.memory && (e.key === null || e.key === PROGRESS_KEY || e.key === STUDY_KEY)) {
      document.dispatchEvent(new CustomEvent("hb:progress"));
    }
  });
  // Reviews come due while a page stays open.
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && renderProgressBar());
  window.addEventListener("hashchange", land);
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
