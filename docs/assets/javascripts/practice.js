/* Practice mode: one question at a time, drawn from questions.json, with the
 * answer and follow-ups fetched from the question's own page on demand, so the
 * content exists once. `?ids=a,b,c` turns the page into a fixed mock loop. */
(function () {
  "use strict";

  // Labels come with the registry (questions.json), set once it has loaded.
  let LABELS = {};

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function select(name, values, current) {
    const s = el("select", { id: "hb-filter-" + name, "aria-label": "Filter by " + name });
    s.add(new Option("Any " + name, ""));
    for (const v of values) s.add(new Option(LABELS[name][v] || v, v));
    s.value = current || "";
    return s;
  }

  /* Take the answer, comparison and follow-ups of one question out of its page. */
  function extract(doc, id, pageUrl) {
    const heading = doc.getElementById(id);
    const parts = { answer: null, followups: [], compare: null };
    for (let n = heading && heading.nextElementSibling; n && n.tagName !== "H2"; n = n.nextElementSibling) {
      if (n.matches("details.answer")) parts.answer = n;
      else if (n.matches("details.compare")) parts.compare = n;
      else if (n.matches("details.followups")) parts.followups = Array.from(n.querySelectorAll(":scope > ul > li, :scope > ol > li"));
    }
    const absolutise = (node) => {
      node.querySelectorAll("[href]").forEach((a) => a.setAttribute("href", new URL(a.getAttribute("href"), pageUrl).href));
      node.querySelectorAll("[src]").forEach((i) => i.setAttribute("src", new URL(i.getAttribute("src"), pageUrl).href));
      node.querySelectorAll("[id]").forEach((i) => i.removeAttribute("id"));
      return node;
    };
    if (parts.answer) {
      const body = el("div", { class: "hb-practice__answer" });
      Array.from(parts.answer.children).filter((c) => c.tagName !== "SUMMARY").forEach((c) => body.append(c.cloneNode(true)));
      parts.answer = absolutise(body);
    }
    if (parts.compare) parts.compare = absolutise(parts.compare.cloneNode(true));
    parts.followups = parts.followups.map((li) => absolutise(li.cloneNode(true)));
    return parts;
  }

  function init() {
    const root = document.getElementById("hb-practice");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    const hb = window.handbook;
    const params = new URLSearchParams(location.search);
    const loopIds = (params.get("ids") || "").split(",").map((s) => s.trim()).filter(Boolean);

    hb.loadRegistry().then((data) => {
      LABELS = data.labels;
      const questions = data.questions;
      const byId = new Map(questions.map((q) => [q.id, q]));
      const loop = loopIds.map((id) => byId.get(id)).filter(Boolean);
      const filters = {};
      const bar = el("div", { class: "hb-practice__filters", role: "group", "aria-label": "Filters" });
      for (const name of ["domain", "level", "type"]) {
        filters[name] = select(name, Object.keys(LABELS[name]), params.get(name));
        bar.append(filters[name]);
      }
      const timerBox = el("input", { type: "checkbox", id: "hb-timer-on" });
      const clock = el("span", { class: "hb-practice__clock", "aria-live": "off" }, "");
      bar.append(el("label", { for: "hb-timer-on" }, timerBox, " Timer "), clock);

      const card = el("article", { class: "hb-practice__card", "aria-live": "polite" });
      const status = el("p", { class: "hb-practice__status" });
      root.replaceChildren(bar, status, card);

      let position = -1;
      let timer = null;
      const pool = () =>
        loop.length
          ? loop
          : questions.filter((q) => ["domain", "level", "type"].every((k) => !filters[k].value || q[k] === filters[k].value));

      function startClock() {
        clearInterval(timer);
        clock.textContent = "";
        if (!timerBox.checked) return;
        const t0 = Date.now();
        const tick = () => {
          const s = Math.floor((Date.now() - t0) / 1000);
          clock.textContent = String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
        };
        tick();
        timer = setInterval(tick, 1000);
      }

      function show(q) {
        card.replaceChildren();
        if (!q) {
          card.append(el("p", {}, "No question matches these filters."));
          return;
        }
        root.dataset.current = q.id;
        const link = el("a", { href: new URL(q.url, hb.siteRoot()).href }, "open in the handbook");
        card.append(
          el("h2", { class: "hb-practice__title" }, q.title),
          el("p", { class: "hb-meta" },
            el("span", { class: "hb-badge hb-level hb-level--" + q.level }, LABELS.level[q.level]),
            el("span", { class: "hb-badge hb-type" }, LABELS.type[q.type]),
            el("span", { class: "hb-badge" }, LABELS.domain[q.domain]),
            el("span", { class: "hb-reviewed" }, link)),
        );
        const reveal = el("button", { type: "button", class: "hb-practice__reveal" }, "Reveal the answer");
        const more = el("button", { type: "button", class: "hb-practice__followup", hidden: "" }, "Next follow-up");
        const next = el("button", { type: "button", class: "hb-practice__next" }, "Next question");
        const answerBox = el("div", { class: "hb-practice__revealed" });
        const followBox = el("ol", { class: "hb-practice__followups" });
        card.append(el("div", { class: "hb-practice__actions" }, reveal, more, next), answerBox, followBox);
        next.addEventListener("click", advance);

        const pageUrl = new URL(q.url, hb.siteRoot());
        const parts = fetch(pageUrl).then((r) => r.text()).then((html) => extract(new DOMParser().parseFromString(html, "text/html"), q.id, pageUrl));
        reveal.addEventListener("click", () =>
          parts.then((p) => {
            answerBox.replaceChildren(...[p.answer, p.compare].filter(Boolean));
            reveal.hidden = true;
            more.hidden = p.followups.length === 0;
            more.textContent = "Next follow-up (" + p.followups.length + " left)";
            more.focus();
          }),
        );
        more.addEventListener("click", () =>
          parts.then((p) => {
            const shown = followBox.children.length;
            if (shown < p.followups.length) followBox.append(p.followups[shown]);
            const left = p.followups.length - followBox.children.length;
            more.textContent = "Next follow-up (" + left + " left)";
            if (!left) {
              more.hidden = true;
              next.focus();
            }
          }),
        );
        startClock();
      }

      function advance() {
        const qs = pool();
        if (loop.length) {
          position = (position + 1) % qs.length;
          status.textContent = "Mock loop: question " + (position + 1) + " of " + qs.length;
          show(qs[position]);
        } else {
          status.textContent = qs.length + " questions match";
          show(qs[Math.floor(Math.random() * qs.length)]);
        }
      }

      for (const s of Object.values(filters)) s.addEventListener("change", advance);
      timerBox.addEventListener("change", startClock);
      if (loop.length) for (const s of Object.values(filters)) s.disabled = true;
      advance();
      buildLoopMaker(questions, filters);
      buildProgressIO();
    });
  }

  /* Pick questions, get one URL that opens them as a mock loop. */
  function buildLoopMaker(questions, filters) {
    const box = document.getElementById("hb-loop");
    if (!box) return;
    const list = el("ul", { class: "hb-loop__list" });
    const out = el("input", { type: "text", readonly: "", class: "hb-loop__url", "aria-label": "Mock loop URL" });
    const chosen = new Set();
    const base = location.origin + location.pathname;
    const update = () => (out.value = chosen.size ? base + "?ids=" + Array.from(chosen).join(",") : "");
    const render = () => {
      const qs = questions.filter((q) => ["domain", "level", "type"].every((k) => !filters[k].value || q[k] === filters[k].value));
      list.replaceChildren(
        ...qs.map((q) => {
          const cb = el("input", { type: "checkbox", value: q.id, id: "hb-loop-" + q.id });
          cb.checked = chosen.has(q.id);
          cb.addEventListener("change", () => {
            cb.checked ? chosen.add(q.id) : chosen.delete(q.id);
            update();
          });
          return el("li", {}, cb, " ", el("label", { for: "hb-loop-" + q.id }, q.title));
        }),
      );
    };
    for (const s of Object.values(filters)) s.addEventListener("change", render);
    const copy = el("button", { type: "button", class: "hb-loop__copy" }, "Copy loop link");
    copy.addEventListener("click", () => out.value && window.handbook.copyText(out.value).then(() => (copy.textContent = "Copied")));
    box.replaceChildren(el("p", {}, "Tick questions (the filters above narrow the list), then share the link."), list, el("p", { class: "hb-loop__share" }, out, " ", copy));
    render();
  }

  /* Progress export and import: a JSON file, nothing sent anywhere. */
  function buildProgressIO() {
    const box = document.getElementById("hb-progress-io");
    if (!box) return;
    const hb = window.handbook;
    const exportBtn = el("button", { type: "button", class: "hb-export" }, "Export progress");
    const file = el("input", { type: "file", accept: "application/json", id: "hb-import-file", class: "hb-import" });
    const note = el("span", { class: "hb-progress-io__note", role: "status" });
    exportBtn.addEventListener("click", () => {
      const blob = new Blob([JSON.stringify({ version: 1, progress: hb.progress.all() }, null, 1)], { type: "application/json" });
      const a = el("a", { href: URL.createObjectURL(blob), download: "handbook-progress.json" });
      document.body.append(a);
      a.click();
      a.remove();
    });
    file.addEventListener("change", () => {
      const f = file.files[0];
      if (!f) return;
      f.text().then((text) => {
        try {
          const data = JSON.parse(text);
          note.textContent = "Imported " + hb.progress.replace(data.progress || data) + " marks.";
        } catch (e) {
          note.textContent = "That file is not a progress export.";
        }
      });
    });
    box.replaceChildren(exportBtn, " ", el("label", { for: "hb-import-file" }, "Import progress: "), file, " ", note);
  }

  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
