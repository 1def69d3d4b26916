/* Study tools.
 *
 * On practice/: practice mode. A session draws questions from questions.json in a
 * shuffled order fixed by a seed, `n` at a time, without repeats until the matching
 * questions run out; the answer and follow-ups are fetched from the question's own
 * page when asked for, so the content exists once. Every filter, the seed and the
 * position live in the URL, so a session can be bookmarked, shared, and found again
 * after a visit to the handbook. `?mode=review` is the review queue (the Leitner
 * schedule kept by handbook.js), `?ids=a,b,c` a fixed mock loop. Also on that page:
 * the mock-loop builder and progress export / import.
 *
 * On topic pages: each follow-up's answer behind its own button, and "Expand all" /
 * "Collapse all". On lists of questions: each question's progress mark.
 *
 * Every label comes from the registry (questions.json); the progress store, the
 * schedule and the notices are handbook.js's (window.handbook). */
(function () {
  "use strict";

  const hb = () => window.handbook;
  let LABELS = {}; // from questions.json, once it has loaded

  const FILTERS = ["domain", "level", "type"];
  const LENGTHS = [5, 10, 20, 50];
  const DEFAULT_LENGTH = 10;
  const SESSION_KEY = "hb-practice-session-v1"; // sessionStorage: this tab's session

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
    return node;
  }

  /* Listeners and timers on the document or window belong to the page they were set up for:
   * `reset` drops them when another page is shown (with instant navigation, one document
   * shows many pages). */
  const teardown = [];
  function listen(target, type, handler) {
    target.addEventListener(type, handler);
    teardown.push(() => target.removeEventListener(type, handler));
  }
  function every(ms, fn) {
    const id = setInterval(fn, ms);
    teardown.push(() => clearInterval(id));
  }
  function reset() {
    teardown.splice(0).forEach((drop) => drop());
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  /* "now", "in 5 hours", "tomorrow", "in 3 days" */
  function whenDue(due, now) {
    const ms = due - now;
    if (ms <= 0) return "now";
    const hours = Math.ceil(ms / 3600e3);
    if (hours < 24) return "in " + plural(hours, "hour");
    const days = Math.round(ms / hb().progress.DAY);
    return days === 1 ? "tomorrow" : "in " + days + " days";
  }

  /* ---- Follow-ups to rehearse: the question shows, its answer waits behind a button. */

  let followupCount = 0;

  /* Turn a follow-up item ("<strong>Question?</strong> answer") into a question with its
   * answer hidden. Items without a leading question are left as they are. */
  function rehearsable(li) {
    const question = li.firstElementChild;
    if (li.classList.contains("hb-fu") || !question || question.tagName !== "STRONG") return li;
    for (let n = li.firstChild; n !== question; n = n.nextSibling) if (n.nodeType !== 3 || n.textContent.trim()) return li;
    const rest = [];
    for (let n = question.nextSibling; n; n = n.nextSibling) rest.push(n);
    if (!rest.some((n) => n.nodeType !== 3 || n.textContent.trim())) return li;
    const id = "hb-fu-" + ++followupCount;
    const answer = el("div", { class: "hb-fu__answer", id, hidden: true });
    answer.append(...rest);
    if (answer.firstChild && answer.firstChild.nodeType === 3) answer.firstChild.textContent = answer.firstChild.textContent.replace(/^\s+/, "");
    const toggle = el("button", { type: "button", class: "hb-fu__toggle", "aria-expanded": "false", "aria-controls": id }, "Show answer");
    li.classList.add("hb-fu");
    li.append(" ", toggle, answer);
    return li;
  }

  function showFollowupAnswer(li, open) {
    const answer = li.querySelector(":scope > .hb-fu__answer");
    const toggle = li.querySelector(":scope > .hb-fu__toggle");
    if (!answer || !toggle) return;
    answer.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide answer" : "Show answer";
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest && event.target.closest(".hb-fu__toggle");
    if (toggle) showFollowupAnswer(toggle.parentElement, toggle.getAttribute("aria-expanded") !== "true");
  });

  /* ---- Topic pages: follow-ups to rehearse, and expand / collapse all. */

  function decorateTopicPage() {
    const article = document.querySelector("article.md-content__inner");
    if (!article || !article.querySelector(".hb-meta[data-qid]")) return;
    article.querySelectorAll("details.followups > ul > li, details.followups > ol > li").forEach(rehearsable);
    // Arriving from search (?h=words): answers holding those words show, so Material can highlight them.
    const words = hb().searchWords();
    if (words.length)
      article.querySelectorAll("li.hb-fu").forEach((li) => {
        const answer = li.querySelector(":scope > .hb-fu__answer");
        if (answer && words.some((w) => answer.textContent.toLowerCase().includes(w))) showFollowupAnswer(li, true);
      });
    if (!article.querySelector(".hb-page-tools")) {
      const setAll = (open) => {
        article.querySelectorAll("details").forEach((d) => (d.open = open));
        article.querySelectorAll("li.hb-fu").forEach((li) => showFollowupAnswer(li, open));
      };
      const tools = el(
        "div",
        { class: "hb-page-tools", role: "group", "aria-label": "All blocks on this page" },
        el("button", { type: "button", onclick: () => setAll(true) }, "Expand all"),
        el("button", { type: "button", onclick: () => setAll(false) }, "Collapse all"),
      );
      const h1 = article.querySelector("h1");
      if (h1) {
        // Out of the flow, in the heading's bottom margin: nothing on the page moves when it appears.
        article.classList.add("hb-page-tools-host");
        const place = () => (tools.style.top = h1.offsetTop + h1.offsetHeight + "px");
        h1.after(tools);
        place();
        if (window.ResizeObserver) new ResizeObserver(place).observe(h1);
      }
    }
    revealTarget();
  }

  /* A link into a follow-up's answer shows that answer. */
  function revealTarget() {
    let target = null;
    try {
      target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    } catch (e) {
      target = null;
    }
    const answer = target && target.closest(".hb-fu__answer");
    if (answer) showFollowupAnswer(answer.parentElement, true);
  }

  /* ---- Lists of questions (domain pages, by level, by type): each question's mark. */

  function decorateListing() {
    const article = document.querySelector("article.md-content__inner");
    if (!article || !article.querySelector(".hb-practise, [data-hb-progress]")) return;
    const links = Array.from(article.querySelectorAll("li > a[href*='#']:first-child"));
    const show = () => {
      const marks = hb().progress.all();
      article.querySelectorAll(".hb-qmark").forEach((m) => m.remove());
      if (!Object.keys(marks).length) return;
      hb()
        .loadRegistry()
        .then((data) => {
          article.querySelectorAll(".hb-qmark").forEach((m) => m.remove());
          for (const a of links) {
            const state = hb().own(marks, hb().hashId(new URL(a.href).hash));
            if (state) a.after(" ", el("span", { class: "hb-qmark hb-qmark--" + state }, data.labels.status[state]));
          }
        })
        .catch(() => {}); // the marks are a bonus: the list works without them
    };
    show();
    listen(document, "hb:progress", show);
  }

  /* The comparisons page used to hold every domain, with #compare-<domain> anchors:
   * old links go on to that domain's own page. */
  function forwardComparisonAnchor() {
    const m = /^#compare-([a-z]+)$/.exec(location.hash);
    const link = m && document.querySelector('a.hb-compare-link[data-domain="' + m[1] + '"]');
    if (link) location.replace(link.href);
  }

  /* ---- Practice mode */

  /* A deterministic rank of a question within a shuffle: sorting by it shuffles the
   * pool, and dropping a question keeps the others in the same order. */
  function rank(seed, id) {
    let h = 2166136261;
    const s = seed + "\u0000" + id;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h >>> 0;
  }

  function newSeed() {
    return Math.floor(Math.random() * 36 ** 6)
      .toString(36)
      .padStart(6, "0");
  }

  /* The session in the URL. Unknown values fall back to defaults. */
  function readParams(search) {
    const q = new URLSearchParams(search);
    const p = { mode: q.get("mode") === "review" ? "review" : "", ids: [], status: "", n: DEFAULT_LENGTH };
    for (const name of FILTERS) p[name] = hb().own(LABELS[name], q.get(name)) ? q.get(name) : "";
    if (hb().own(LABELS.status, q.get("status"))) p.status = q.get("status");
    const n = q.get("n");
    p.n = n === "all" ? 0 : /^[1-9]\d{0,2}$/.test(n || "") ? Number(n) : DEFAULT_LENGTH;
    p.ids = Array.from(new Set((q.get("ids") || "").split(",").map((s) => s.trim()).filter(Boolean)));
    p.seed = /^[a-z0-9]{1,12}$/.test(q.get("seed") || "") ? q.get("seed") : "";
    p.at = Math.max(0, parseInt(q.get("at"), 10) || 0);
    p.done = q.get("done") === "1";
    return p;
  }

  function writeParams(p) {
    const q = new URLSearchParams();
    if (p.ids.length) q.set("ids", p.ids.join(","));
    else {
      if (p.mode) q.set("mode", p.mode);
      for (const name of FILTERS) if (p[name]) q.set(name, p[name]);
      if (p.status && !p.mode) q.set("status", p.status);
      q.set("n", p.n ? String(p.n) : "all");
    }
    if (p.seed) q.set("seed", p.seed);
    if (p.at) q.set("at", String(p.at));
    if (p.done) q.set("done", "1");
    return "?" + q.toString().replace(/%2C/g, ",");
  }

  /* What makes one session differ from another: the deck depends on nothing else. */
  function sessionKey(p) {
    return JSON.stringify([p.mode, p.ids, p.domain, p.level, p.type, p.status, p.n, p.seed]);
  }

  /* This tab's session (deck, marks, the card's state), kept in sessionStorage so that
   * a reload or a visit to the handbook and Back finds it; in memory if that is blocked. */
  const tabStore = {
    memory: null,
    get() {
      if (this.memory) return this.memory;
      try {
        return JSON.parse(window.sessionStorage.getItem(SESSION_KEY));
      } catch (e) {
        return null;
      }
    },
    set(value) {
      this.memory = value;
      try {
        window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
      } catch (e) {
        // Kept in memory for this page: the session still works, only not after a reload.
      }
    },
  };

  /* Take the answer, comparison and follow-ups of one question out of its page. */
  function extract(doc, id, pageUrl) {
    const heading = doc.getElementById(id);
    if (!heading) return null;
    const parts = { answer: null, followups: [], compare: null };
    for (let n = heading.nextElementSibling; n && n.tagName !== "H2"; n = n.nextElementSibling) {
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
      Array.from(parts.answer.children)
        .filter((c) => c.tagName !== "SUMMARY")
        .forEach((c) => body.append(document.importNode(c, true)));
      parts.answer = absolutise(body);
    }
    if (parts.compare) parts.compare = absolutise(document.importNode(parts.compare, true));
    parts.followups = parts.followups.map((li) => absolutise(document.importNode(li, true)));
    return parts;
  }

  /* Question pages, fetched once per page; a failure is forgotten so a retry fetches again. */
  const pages = new Map();
  function fetchPage(url) {
    const key = url.href.split("#")[0];
    if (!pages.has(key)) {
      const request = fetch(key)
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error("the server answered HTTP " + r.status))))
        .then((html) => new DOMParser().parseFromString(html, "text/html"))
        .catch((e) => {
          pages.delete(key);
          throw e;
        });
      pages.set(key, request);
    }
    return pages.get(key);
  }

  function reasonOf(error) {
    return error && /HTTP \d+/.test(error.message) ? error.message.replace(/^.*?(HTTP \d+)/, "the server answered $1") : "the network request failed";
  }

  function initPractice() {
    const root = document.getElementById("hb-practice");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    buildProgressIO();
    start(root);
  }

  /* Load the registry, or say that it failed and offer to try again. */
  function start(root) {
    root.setAttribute("aria-busy", "true");
    root.replaceChildren(el("p", { class: "hb-practice__loading" }, "Loading the questions…"));
    hb()
      .loadRegistry()
      .then(
        (data) => {
          LABELS = data.labels;
          root.removeAttribute("aria-busy");
          new Practice(root, data).run();
        },
        (error) => {
          root.removeAttribute("aria-busy");
          const retry = el("button", { type: "button", class: "hb-practice__retry" }, "Try again");
          retry.addEventListener("click", () => start(root));
          root.replaceChildren(
            el(
              "div",
              { class: "hb-practice__error", role: "alert" },
              el("p", {}, "The list of questions (questions.json) did not load: " + reasonOf(error) + ". Check your connection, then try again."),
              retry,
            ),
          );
          retry.focus();
        },
      );
  }

  class Practice {
    constructor(root, data) {
      this.root = root;
      this.questions = data.questions;
      this.byId = new Map(data.questions.map((q) => [q.id, q]));
      this.aliases = data.aliases || {};
      this.p = readParams(location.search);
      this.timer = null;
    }

    run() {
      const p = this.p;
      if (!p.seed) p.seed = newSeed(); // a link without one starts a new session
      this.buildBar();
      this.status = el("p", { class: "hb-practice__status" });
      this.stage = el("div", { class: "hb-practice__stage" });
      this.root.replaceChildren(this.bar, this.status, this.stage);
      this.loadSession();
      this.render(false);
      buildLoopMaker(this.questions, () => this.p);
      listen(document, "hb:progress", () => this.refresh());
      listen(window, "pageshow", (e) => e.persisted && this.refresh());
      listen(document, "visibilitychange", () => document.visibilityState === "visible" && this.refresh());
      every(60 * 1000, () => this.refreshDue()); // reviews come due while the page is open
      teardown.push(() => clearInterval(this.timer));
    }

    /* ---- The deck: every question of the session's pool, in the session's order. */

    matches(q) {
      return FILTERS.every((k) => !this.p[k] || q[k] === this.p[k]);
    }

    /* A question id, or an old id that was renamed or merged: the id that answers it now. */
    resolve(id) {
      if (this.byId.has(id)) return id;
      const url = Object.prototype.hasOwnProperty.call(this.aliases, id) ? this.aliases[id] : "";
      const now = url.split("#")[1];
      return now && this.byId.has(now) ? now : null;
    }

    buildDeck() {
      const p = this.p;
      if (p.ids.length) return Array.from(new Set(p.ids.map((id) => this.resolve(id)).filter(Boolean)));
      if (p.mode === "review") {
        return hb()
          .progress.due()
          .map(([id]) => id)
          .filter((id) => this.byId.has(id) && this.matches(this.byId.get(id)));
      }
      const marks = hb().progress.all();
      return this.questions
        .filter((q) => this.matches(q) && (!p.status || (marks[q.id] || "unseen") === p.status))
        .map((q) => [rank(p.seed, q.id), q.id])
        .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1))
        .map((pair) => pair[1]);
    }

    /* The deck is fixed when the session starts, so marking a question (which may take it
     * out of an "Unseen only" pool) never reshuffles the rest. */
    loadSession() {
      const key = sessionKey(this.p);
      const saved = tabStore.get();
      if (saved && saved.key === key && Array.isArray(saved.deck)) {
        this.session = saved;
        this.session.deck = saved.deck.filter((id) => this.byId.has(id));
      } else {
        this.session = { key, deck: this.buildDeck(), marks: {}, card: null, timer: saved ? saved.timer : false };
      }
      this.timerBox.checked = Boolean(this.session.timer);
      this.p.at = Math.min(this.p.at, Math.max(0, this.session.deck.length - 1));
    }

    save() {
      tabStore.set(this.session);
      history.replaceState(history.state, "", writeParams(this.p) + location.hash);
    }

    /* A new session: new filters, a new shuffle, the review queue, the loop again. Focus goes
     * to the new card, except from a filter: the reader may be stepping through its options. */
    restart(changes, focus = true) {
      Object.assign(this.p, { at: 0, done: false }, changes, { seed: newSeed() });
      this.session = { key: sessionKey(this.p), deck: this.buildDeck(), marks: {}, card: null, timer: this.timerBox.checked };
      this.syncBar();
      this.render(focus);
    }

    /* The slice of the deck this session covers: [start, end). */
    bounds() {
      const deck = this.session.deck;
      const n = this.p.ids.length || !this.p.n ? deck.length : this.p.n;
      const start = n ? Math.floor(this.p.at / n) * n : 0;
      return { start, end: Math.min(start + n, deck.length) };
    }

    /* ---- The bar: filters, session length, timer, review queue. */

    buildBar() {
      const p = this.p;
      const select = (name, label, options, value) => {
        const s = el("select", { id: "hb-filter-" + name, "aria-label": label });
        for (const [v, text] of options) s.add(new Option(text, v));
        s.value = value;
        return s;
      };
      this.filters = {};
      for (const name of FILTERS) {
        const options = [["", "Any " + name]].concat(Object.entries(LABELS[name]));
        this.filters[name] = select(name, "Filter by " + name, options, p[name]);
      }
      this.filters.status = select(
        "status",
        "Filter by progress",
        [["", "Any progress"]].concat(Object.entries(LABELS.status).map(([k, v]) => [k, v + " only"])),
        p.status,
      );
      const lengths = p.n && !LENGTHS.includes(p.n) ? LENGTHS.concat(p.n).sort((a, b) => a - b) : LENGTHS;
      this.length = select(
        "length",
        "Session length",
        lengths.map((n) => [String(n), plural(n, "question")]).concat([["all", "All that match"]]),
        p.n ? String(p.n) : "all",
      );
      for (const [name, s] of Object.entries(this.filters)) {
        s.addEventListener("change", () => this.restart({ [name]: s.value, ids: [], mode: name === "status" ? "" : this.p.mode }, false));
      }
      this.length.addEventListener("change", () => this.restart({ n: this.length.value === "all" ? 0 : Number(this.length.value) }, false));
      this.timerBox = el("input", { type: "checkbox", id: "hb-timer-on" });
      this.timerBox.addEventListener("change", () => {
        this.session.timer = this.timerBox.checked;
        tabStore.set(this.session);
        this.startClock();
      });
      this.clock = el("span", { class: "hb-practice__clock", role: "timer", "aria-live": "off" });
      this.dueLink = el("a", { class: "hb-practice__due hb-action", href: "?mode=review" });
      this.dueLink.addEventListener("click", (e) => {
        e.preventDefault();
        this.restart({ mode: "review", ids: [], status: "" });
      });
      this.leave = el("button", { type: "button", class: "hb-practice__leave" });
      this.leave.addEventListener("click", () => this.restart({ mode: "", ids: [] }));
      this.bar = el(
        "div",
        { class: "hb-practice__bar" },
        el(
          "div",
          { class: "hb-practice__filters", role: "group", "aria-label": "Choose the questions" },
          ...FILTERS.map((k) => this.filters[k]),
          this.filters.status,
          this.length,
        ),
        el(
          "div",
          { class: "hb-practice__modes" },
          el("label", { class: "hb-practice__timer", for: "hb-timer-on" }, this.timerBox, " Timer"),
          this.clock,
          this.dueLink,
          this.leave,
        ),
      );
      this.syncBar();
    }

    syncBar() {
      const p = this.p;
      for (const name of FILTERS) this.filters[name].value = p[name];
      this.filters.status.value = p.status;
      this.length.value = p.n ? String(p.n) : "all";
      const loop = p.ids.length > 0;
      for (const s of Object.values(this.filters)) s.disabled = loop;
      this.filters.status.disabled = loop || p.mode === "review";
      this.length.disabled = loop;
      this.leave.hidden = !loop && !p.mode;
      this.leave.textContent = loop ? "Leave the mock loop" : "Leave the review queue";
      this.refreshDue();
    }

    /* "Review due (n)": the due reviews among the questions the filters allow. */
    refreshDue() {
      const now = Date.now();
      const due = hb()
        .progress.due(now)
        .filter(([id]) => this.byId.has(id) && this.matches(this.byId.get(id))).length;
      const href = writeParams({ ...this.p, mode: "review", ids: [], status: "", seed: "", at: 0, done: false });
      this.dueLink.href = href;
      this.dueLink.textContent = "Review due (" + due + ")";
      this.dueLink.hidden = this.p.mode === "review" || this.p.ids.length > 0;
      this.dueLink.classList.toggle("hb-practice__due--none", !due);
      const next = this.nextDue(now);
      this.dueLink.title = due ? "Practise the reviews that are due" : next ? "The next review is due " + whenDue(next, now) : "No reviews scheduled";
    }

    /* When the next review among the questions the filters allow comes due; null if none is scheduled. */
    nextDue(now) {
      const times = Object.entries(hb().progress.entries())
        .filter(([id, e]) => e.state === "review" && e.due > now && this.byId.has(id) && this.matches(this.byId.get(id)))
        .map(([, e]) => e.due);
      return times.length ? Math.min(...times) : null;
    }

    /* Marks changed (here, in another tab, or on a page visited in between). */
    refresh() {
      this.refreshDue();
      if (this.card) this.card.syncMarks();
    }

    /* ---- What the stage shows: a card, the end of the session, or why there is nothing. */

    render(focus) {
      clearInterval(this.timer);
      this.clock.textContent = "";
      this.card = null;
      const { start, end } = this.bounds();
      const deck = this.session.deck;
      if (!deck.length) this.showEmpty();
      else if (this.p.done) this.showEnd(start, end);
      else this.showCard(start, end);
      this.save();
      if (focus) {
        const heading = this.stage.querySelector("h2");
        if (heading) heading.focus({ preventScroll: false });
      }
    }

    showEmpty() {
      delete this.root.dataset.current;
      this.status.textContent = "";
      const now = Date.now();
      let text;
      if (this.p.mode === "review") {
        const next = this.nextDue(now);
        const days = hb().progress.BOX_DAYS;
        text = next
          ? "No reviews are due" + (FILTERS.some((k) => this.p[k]) ? " for these filters" : "") + ". The next one is due " + whenDue(next, now) + "."
          : "Nothing to review yet. Mark a question " + LABELS.status.review + " and it comes back here after " + plural(days[0], "day") +
            ", then after " + days.slice(1, -1).join(", ") + " and " + days[days.length - 1] + " days while you know it.";
      } else if (this.p.ids.length) {
        text = "None of the questions in this loop exists any more (" + this.p.ids.join(", ") + "). Pick questions below to make a new loop.";
      } else text = "No question matches these filters.";
      this.stage.replaceChildren(
        el("div", { class: "hb-practice__card hb-practice__empty" }, el("h2", { class: "hb-practice__title", tabindex: "-1" }, text)),
      );
    }

    showCard(start, end) {
      const id = this.session.deck[this.p.at];
      const q = this.byId.get(id);
      this.root.dataset.current = id;
      const n = this.p.at - start + 1;
      const of = end - start;
      const counter = this.p.ids.length
        ? "Mock loop: question " + n + " of " + of
        : this.p.mode === "review"
          ? "Review queue: question " + n + " of " + of
          : "Question " + n + " of " + of;
      const pool = this.session.deck.length;
      const filtered = FILTERS.some((k) => this.p[k]) || this.p.status;
      this.status.textContent = this.p.ids.length || this.p.mode ? "" : plural(pool, "question") + (filtered ? " match these filters" : " in the handbook");
      const restore = this.session.card && this.session.card.id === id ? this.session.card : null;
      this.session.card = restore || { id, revealed: false, shown: 0 };
      this.card = new Card(this, q, counter, n === of);
      this.stage.replaceChildren(this.card.node);
      this.card.restore(restore);
      this.startClock();
    }

    next() {
      const { end } = this.bounds();
      if (this.p.at + 1 >= end) this.p.done = true;
      else this.p.at++;
      this.session.card = null;
      this.render(true);
    }

    mark(id, state) {
      this.session.marks[id] = state;
      this.save();
    }

    showEnd(start, end) {
      delete this.root.dataset.current;
      const ids = this.session.deck.slice(start, end);
      const marks = this.session.marks;
      const groups = [
        ["review", LABELS.status.review],
        ["known", LABELS.status.known],
        ["", "Not marked"],
      ].map(([state, label]) => [label, ids.filter((id) => (marks[id] === "unseen" ? "" : marks[id] || "") === state)]);
      const loop = this.p.ids.length > 0;
      const review = this.p.mode === "review";
      const what = loop ? "Mock loop" : review ? "Review session" : "Session";
      this.status.textContent = "";
      const summary = groups
        .filter(([, list]) => list.length)
        .map(([label, list]) => list.length + " " + (label === "Not marked" ? "not marked" : "marked " + label))
        .join(" · ");
      const lists = groups
        .filter(([, list]) => list.length)
        .map(([label, list]) =>
          el(
            "section",
            { class: "hb-practice__group" },
            el("h3", {}, label + " (" + list.length + ")"),
            el(
              "ul",
              {},
              ...list.map((id) => {
                const q = this.byId.get(id);
                return el("li", {}, el("a", { href: new URL(q.url, hb().siteRoot()).href }, q.title));
              }),
            ),
          ),
        );
      const actions = el("div", { class: "hb-practice__actions" });
      const more = this.session.deck.length - end;
      const primary = { type: "button", class: "hb-practice__primary" };
      if (loop) actions.append(el("button", { ...primary, onclick: () => this.restart({}) }, "Go through the loop again"));
      else if (review) {
        actions.append(el("button", { ...primary, onclick: () => this.restart({ mode: "" }) }, "Back to practice"));
      } else if (more > 0) {
        const size = Math.min(this.p.n || more, more);
        actions.append(
          el(
            "button",
            {
              ...primary,
              onclick: () => {
                this.p.at = end;
                this.p.done = false;
                this.session.card = null;
                this.render(true);
              },
            },
            "Next " + plural(size, "question"),
          ),
        );
      }
      if (!loop && !review) actions.append(el("button", { type: "button", onclick: () => this.restart({}) }, "New shuffle"));
      const reviewIds = groups[0][1];
      if (reviewIds.length && !loop) {
        const href = writeParams({ ...this.p, ids: reviewIds, seed: "", at: 0, done: false });
        const what = reviewIds.length === 1 ? "the question" : "the " + reviewIds.length + " questions";
        actions.append(el("a", { class: "hb-action", href }, "Go over " + what + " marked " + LABELS.status.review + " again"));
      }
      const exhausted = !loop && !review && more <= 0;
      this.stage.replaceChildren(
        el(
          "div",
          { class: "hb-practice__card hb-practice__end" },
          el("h2", { class: "hb-practice__title", tabindex: "-1" }, what + " done: " + plural(ids.length, "question")),
          el("p", {}, summary + "."),
          exhausted ? el("p", {}, "That was every question that matches these filters; a new shuffle starts again from the top.") : null,
          ...lists,
          actions,
        ),
      );
    }

    startClock() {
      clearInterval(this.timer);
      this.clock.textContent = "";
      if (!this.timerBox.checked || !this.card) return;
      const t0 = Date.now();
      const tick = () => {
        const s = Math.floor((Date.now() - t0) / 1000);
        this.clock.textContent = String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
      };
      tick();
      this.timer = setInterval(tick, 1000);
    }
  }

  /* One question on the stage: reveal the answer, the follow-ups one by one, mark it. */
  class Card {
    constructor(practice, q, counter, last) {
      this.practice = practice;
      this.q = q;
      this.review = practice.p.mode === "review";
      this.before = hb().progress.entry(q.id); // a review is graded from where it stood
      const url = new URL(q.url, hb().siteRoot());
      this.pageUrl = url;
      const title = el("h2", { class: "hb-practice__title", id: "hb-card-title", tabindex: "-1", "aria-describedby": "hb-card-count" }, q.title);
      const meta = el(
        "p",
        { class: "hb-meta" },
        el("span", { class: "hb-badge hb-level hb-level--" + q.level }, LABELS.level[q.level]),
        el("span", { class: "hb-badge hb-type" }, LABELS.type[q.type]),
        el("span", { class: "hb-badge" }, LABELS.domain[q.domain]),
        this.review && this.before.box ? el("span", { class: "hb-badge hb-box" }, "Box " + this.before.box + " of " + hb().progress.BOX_DAYS.length) : null,
        el("a", { class: "hb-practice__open hb-action", href: url.href }, "Open in the handbook"),
      );
      this.revealBtn = el("button", { type: "button", class: "hb-practice__reveal" }, "Reveal the answer");
      this.moreBtn = el("button", { type: "button", class: "hb-practice__followup", hidden: true }, "Next follow-up");
      this.answerBox = el("div", { class: "hb-practice__revealed" });
      this.followBox = el("ol", { class: "hb-practice__followups", "aria-labelledby": "hb-fu-heading" });
      this.followSection = el(
        "div",
        { class: "hb-practice__fu", hidden: true },
        el("p", { class: "hb-practice__fu-heading", id: "hb-fu-heading" }, "Follow-ups"),
        this.followBox,
        this.moreBtn,
      );
      this.markBtns = {};
      for (const state of ["known", "review", "unseen"]) {
        this.markBtns[state] = el("button", { type: "button", class: "hb-practice__mark hb-practice__mark--" + state, "aria-pressed": "false" }, LABELS.status[state]);
        this.markBtns[state].addEventListener("click", () => this.mark(state));
      }
      this.saved = el("p", { class: "hb-practice__saved", role: "status" });
      this.nextBtn = el("button", { type: "button", class: "hb-practice__next" }, last ? "Finish the session" : "Next question");
      this.nextBtn.addEventListener("click", () => practice.next());
      this.revealBtn.addEventListener("click", () => this.reveal(true));
      this.moreBtn.addEventListener("click", () => this.more(true));
      this.node = el(
        "article",
        { class: "hb-practice__card", "aria-labelledby": "hb-card-title" },
        el("p", { class: "hb-practice__count", id: "hb-card-count" }, counter),
        title,
        meta,
        (this.actions = el("div", { class: "hb-practice__actions" }, this.revealBtn)),
        this.answerBox,
        this.followSection,
        el(
          "div",
          { class: "hb-practice__footer" },
          el(
            "div",
            { class: "hb-practice__marks", role: "group", "aria-labelledby": "hb-mark-label" },
            el("span", { id: "hb-mark-label" }, this.review ? "Did you know it?" : "Your mark:"),
            this.markBtns.known,
            this.markBtns.review,
            this.markBtns.unseen,
          ),
          this.nextBtn,
          this.saved,
        ),
      );
      this.parts = null;
      this.load(); // fetch the page now, so the answer is there when asked for
      this.syncMarks();
    }

    load() {
      this.parts = fetchPage(this.pageUrl).then((doc) => {
        const parts = extract(doc, this.q.id, this.pageUrl);
        if (!parts) throw new Error("missing");
        return parts;
      });
      this.parts.catch(() => {}); // reported when the reader asks for the answer
      return this.parts;
    }

    state() {
      return this.practice.session.card;
    }

    /* Still the card on the stage: the page may answer after the reader has moved on. */
    live() {
      return this.practice.card === this;
    }

    reveal(byReader) {
      this.revealBtn.disabled = true;
      return this.parts.then(
        (p) => {
          if (!this.live()) return;
          this.answerBox.replaceChildren(...[p.answer, p.compare].filter(Boolean));
          this.actions.hidden = true;
          this.revealBtn.disabled = false;
          this.followups = p.followups.map(rehearsable);
          this.followSection.hidden = this.followups.length === 0;
          this.moreBtn.hidden = false;
          this.updateMore();
          this.state().revealed = true;
          this.practice.save();
          if (byReader) (this.moreBtn.hidden ? this.nextBtn : this.moreBtn).focus();
        },
        (error) => {
          if (!this.live()) return;
          this.revealBtn.disabled = false;
          const missing = error && error.message === "missing";
          const retry = el("button", { type: "button", class: "hb-practice__retry" }, "Try again");
          retry.addEventListener("click", () => {
            this.load();
            this.answerBox.replaceChildren();
            this.reveal(true);
          });
          this.answerBox.replaceChildren(
            el(
              "div",
              { class: "hb-practice__error", role: "alert" },
              el(
                "p",
                {},
                missing
                  ? "The answer is not on its page any more. Open the question in the handbook to find it."
                  : "The answer did not load from its page: " + reasonOf(error) + ". Check your connection, then try again.",
              ),
              missing ? null : retry,
            ),
          );
          if (byReader && !missing) retry.focus();
        },
      );
    }

    more(byReader) {
      const shown = this.followBox.children.length;
      if (!this.live() || !this.followups || shown >= this.followups.length) return;
      this.followBox.append(this.followups[shown]);
      this.state().shown = shown + 1;
      this.practice.save();
      this.updateMore();
      if (byReader) {
        const toggle = this.followups[shown].querySelector(".hb-fu__toggle");
        if (this.moreBtn.hidden) (toggle || this.nextBtn).focus();
      }
    }

    updateMore() {
      const left = this.followups.length - this.followBox.children.length;
      this.moreBtn.textContent = "Next follow-up (" + left + " left)";
      if (!left) this.moreBtn.hidden = true;
    }

    /* Back on a card after a visit to the handbook: as it was left. */
    restore(saved) {
      if (!saved || !saved.revealed) return;
      this.reveal(false).then(() => {
        for (let i = 0; i < saved.shown; i++) this.more(false);
      });
    }

    mark(state) {
      const progress = hb().progress;
      const id = this.q.id;
      const now = Date.now();
      let entry;
      if (this.review && state !== "unseen") {
        // Graded from where the review stood when the card came up, however often the reader changes their mind.
        progress.recall(id, state === "known", now, this.before.box || 1);
        entry = progress.entry(id);
      } else {
        progress.set(id, state, now);
        entry = progress.entry(id);
      }
      this.practice.mark(id, state);
      const days = (box) => progress.BOX_DAYS[box - 1];
      let text;
      if (state === "unseen") text = "Mark cleared.";
      else if (entry.state === "known") text = this.review ? "Known: it leaves the review queue." : "Marked " + LABELS.status.known + ".";
      else {
        text =
          (this.review && state === "known" ? "Moved up to box " + entry.box : "Marked " + LABELS.status.review + ", box " + entry.box) +
          " of " + progress.BOX_DAYS.length + ": due again " + whenDue(entry.due, now) + " (" + days(entry.box) + "-day interval).";
      }
      if (!progress.saved()) text += " Not saved: this browser refuses to store it.";
      this.saved.textContent = text;
      this.syncMarks();
    }

    syncMarks() {
      const current = hb().progress.get(this.q.id);
      const chosen = this.review ? this.practice.session.marks[this.q.id] : current;
      for (const [state, b] of Object.entries(this.markBtns)) b.setAttribute("aria-pressed", String(state === chosen));
    }
  }

  /* ---- Pick questions, get one URL that opens them as a mock loop. */
  function buildLoopMaker(questions, params) {
    const box = document.getElementById("hb-loop");
    if (!box) return;
    const list = el("ul", { class: "hb-loop__list", "aria-label": "Questions for the loop" });
    const out = el("input", { type: "text", readonly: "", class: "hb-loop__url", "aria-label": "Mock loop URL", placeholder: "Tick questions to get a link" });
    const chosen = [];
    const base = location.origin + location.pathname;
    const update = () => (out.value = chosen.length ? base + "?ids=" + chosen.join(",") : "");
    let shownFor = null;
    const render = () => {
      const p = params();
      const key = FILTERS.map((k) => p[k]).join("/");
      if (key === shownFor) return;
      shownFor = key;
      const qs = questions.filter((q) => FILTERS.every((k) => !p[k] || q[k] === p[k]));
      list.replaceChildren(
        ...qs.map((q) => {
          const cb = el("input", { type: "checkbox", value: q.id, id: "hb-loop-" + q.id });
          cb.checked = chosen.includes(q.id);
          cb.addEventListener("change", () => {
            if (cb.checked) chosen.push(q.id);
            else chosen.splice(chosen.indexOf(q.id), 1);
            update();
          });
          return el("li", {}, el("label", { for: "hb-loop-" + q.id }, cb, " ", q.title));
        }),
      );
    };
    listen(document, "change", (e) => e.target.matches && e.target.matches(".hb-practice__filters select") && render());
    const copy = el("button", { type: "button", class: "hb-loop__copy" }, "Copy loop link");
    copy.addEventListener("click", () => {
      if (out.value) hb().copyWithFeedback(out.value, copy, "Copy loop link");
      else out.focus();
    });
    box.replaceChildren(
      el("p", {}, "Tick questions in the order you want them (the filters above narrow the list), then share the link."),
      list,
      el("p", { class: "hb-loop__share" }, out, " ", copy),
    );
    render();
  }

  /* ---- Progress export and import: a JSON file, nothing sent anywhere. */
  function buildProgressIO() {
    const box = document.getElementById("hb-progress-io");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    const progress = hb().progress;
    const exportBtn = el("button", { type: "button", class: "hb-export" }, "Export progress");
    const file = el("input", { type: "file", accept: "application/json,.json", id: "hb-import-file", class: "hb-import" });
    const note = el("p", { class: "hb-progress-io__note", role: "status" });
    const undo = el("button", { type: "button", class: "hb-progress-io__undo", hidden: true }, "Undo the import");
    let before = null;
    exportBtn.addEventListener("click", () => {
      const data = progress.exportData();
      const blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
      const a = el("a", { href: URL.createObjectURL(blob), download: "handbook-progress-" + data.exported.slice(0, 10) + ".json" });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      note.textContent = "Exported " + plural(Object.keys(data.progress).length, "mark") + ".";
    });
    file.addEventListener("change", () => {
      const f = file.files[0];
      if (!f) return;
      f.text()
        .then((text) => {
          let entries;
          try {
            entries = progress.parseExport(text);
          } catch (e) {
            if (e.name !== "ImportRefused") throw e;
            note.textContent = e.message + " Nothing was changed.";
            return;
          }
          const count = Object.keys(entries).length;
          if (!count) {
            note.textContent = "That export holds no marks. Nothing was changed.";
            return;
          }
          before = progress.snapshot();
          const c = progress.merge(entries);
          const parts = [c.added + " new", c.updated + " updated"];
          if (c.same) parts.push(c.same + " already here");
          if (c.kept) parts.push(c.kept + " kept as they were here, because yours were more recent");
          note.textContent = "Imported " + plural(count, "mark") + ": " + parts.join(", ") + "." + (c.saved ? "" : " Not saved: this browser refuses to store them.");
          undo.hidden = false;
        })
        .catch(() => {
          note.textContent = "That file could not be read. Nothing was changed.";
        })
        .finally(() => (file.value = ""));
    });
    undo.addEventListener("click", () => {
      if (!before) return;
      progress.restore(before);
      before = null;
      undo.hidden = true;
      note.textContent = "Import undone: your marks are as they were before it.";
    });
    box.replaceChildren(
      el(
        "div",
        { class: "hb-progress-io__row" },
        exportBtn,
        el("label", { class: "hb-progress-io__label", for: "hb-import-file" }, "Import a progress file:"),
        file,
      ),
      el("div", { class: "hb-progress-io__row" }, note, undo),
    );
    if (progress.problem()) note.textContent = progress.problem();
  }

  function init() {
    reset();
    decorateTopicPage();
    decorateListing();
    forwardComparisonAnchor();
    initPractice();
  }

  window.addEventListener("hashchange", () => {
    revealTarget();
    forwardComparisonAnchor();
  });
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
