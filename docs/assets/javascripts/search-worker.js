/* Search in two stages, speaking the message format of Material's own worker.
 *
 * Material's worker builds its whole Lunr index before it answers a query, and
 * the page hands it the index only after fetching and parsing all of it. At
 * thousands of questions that keeps readers waiting for seconds. So:
 *   1. at start-up this worker fetches search/titles.json (titles only, written
 *      by the build) itself and answers from the titles at once. There is no
 *      index to build: each title is kept as a list of words, and a query term
 *      matches the words it begins, as Material's trailing wildcard does. That
 *      takes tens of milliseconds at 4,000 questions, where a Lunr build of the
 *      same titles takes half a second on a slow machine;
 *   2. a nested worker runs Material's code on the full index the page sends.
 *      Once it is ready it answers instead, and the reader's latest query is
 *      asked again so the results fill in with the direct answers.
 * If titles.json cannot be loaded, this is plain Material search. */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
const params = new URL(self.location.href).searchParams;
const material = params.get("material");

let titles = null; // stage 1, once loaded
let quick = "loading"; // then "ready" or "failed"
let pendingSetup = null; // the page's setup message, held while the titles load
let full = null;
let fullReady = false;
let latest = null;

// Hand a setup to Material's handler (imported below), which answers READY to the page.
function materialSetup(data) {
  self.dispatchEvent(new MessageEvent("message", { data: { type: SETUP, data, internal: true } }));
}

function startFull(setup) {
  full = new Worker(material);
  full.onmessage = ({ data }) => {
    if (data.type === READY) {
      fullReady = true;
      if (latest !== null) full.postMessage({ type: QUERY, data: latest });
    } else if (data.type === RESULT) {
      postMessage(data);
    }
  };
  full.postMessage({ type: SETUP, data: setup });
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/* Titles as word lists, and a search over them that returns what Material's
 * worker returns: results grouped by page, best first, matches marked. */
function titleSearch({ config, docs }, suggest) {
  const separator = new RegExp(config.separator);
  const stopWords = (config.pipeline || []).includes("stopWordFilter") && self.lunr;
  const words = (text) =>
    text
      .replace(/<[^>]*>|&\w+;/g, " ")
      .toLowerCase()
      .split(separator)
      .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")) // as Lunr's trimmer
      .filter((w) => w && !(stopWords && !lunr.stopWordFilter(new lunr.Token(w))));
  const entries = docs.map((doc) => ({ doc: { ...doc, text: "" }, words: words(doc.title) }));
  const pages = new Map(entries.map((e) => [e.doc.location, e.doc]));

  // Marks title words that begin with a term; never inside a tag or an entity.
  const mark = (title, terms) =>
    title.replace(
      new RegExp(`(^|[^\\p{L}\\p{N}&#</])((?:${terms.map(escapeRegExp).join("|")})[\\p{L}\\p{N}]*)`, "giu"),
      "$1<mark>$2</mark>",
    );

  return function search(query) {
    const terms = [...new Set(words(query.replace(/[+*~^:"]/g, " ")))];
    if (!terms.length) return { items: [] };
    const hits = entries.map((e) => terms.map((t) => e.words.some((w) => w.startsWith(t))));
    // Rarer terms weigh more, titles that match more of the query and shorter titles rank first.
    const weight = terms.map((_, i) => Math.log(1 + entries.length / (1 + hits.filter((h) => h[i]).length)));
    const scored = [];
    entries.forEach((e, k) => {
      const matched = hits[k].filter(Boolean).length;
      if (!matched) return;
      const base = hits[k].reduce((s, hit, i) => s + (hit ? weight[i] : 0), 0) / Math.sqrt(e.words.length || 1);
      scored.push({
        entry: e,
        item: {
          ...e.doc,
          title: mark(e.doc.title, terms),
          score: base * (matched / terms.length) ** 2,
          terms: Object.fromEntries(terms.map((t, i) => [t, hits[k][i]])),
        },
      });
    });
    scored.sort((a, b) => b.item.score - a.item.score);
    const groups = new Map();
    for (const { item } of scored) {
      const ref = item.location.split("#")[0];
      groups.set(ref, [...(groups.get(ref) || []), item]);
    }
    for (const [ref, items] of groups)
      if (!items.some((i) => i.location === ref) && pages.has(ref)) items.push({ ...pages.get(ref), score: 0, terms: {} });
    const result = { items: [...groups.values()] };
    if (suggest) {
      const best = scored.length ? scored[0].entry.words : [];
      result.suggest = terms.map((t) => best.find((w) => w.startsWith(t))).filter(Boolean);
    }
    return result;
  };
}

// Registered before Material's listener, so it sees each message first.
self.addEventListener("message", (ev) => {
  const message = ev.data;
  if (message.internal || quick === "failed") return; // plain Material search
  if (message.type === SETUP) {
    ev.stopImmediatePropagation();
    if (quick === "ready") startFull(message.data);
    else pendingSetup = message.data;
  } else if (message.type === QUERY) {
    ev.stopImmediatePropagation();
    latest = message.data;
    if (fullReady) full.postMessage(message);
    else if (titles) postMessage({ type: RESULT, data: titles(message.data) });
  }
});

importScripts(material);

if (typeof Worker === "undefined") quick = "failed"; // no nested worker for the full index
else
  fetch(params.get("titles"))
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
    .then(
      (index) => {
        titles = titleSearch(index, params.has("suggest"));
        quick = "ready";
        postMessage({ type: READY });
        if (pendingSetup) startFull(pendingSetup);
      },
      () => {
        quick = "failed";
        if (pendingSetup) materialSetup(pendingSetup);
      },
    );
