/* The handbook's search worker, in the place of Material's, speaking its messages.
 *
 * Material's search box stays as it is: the page sends this worker the index
 * (search/search_index.json: titles only, written by the build) and each
 * query, and renders the results it sends back. Every result is a question:
 * a group of two documents, its page (for context) and the question itself,
 * so Material never folds a question into "N more on this page".
 *
 * Two stages answer each query:
 *   1. titles, at once: each title is a list of words and a query term matches
 *      the words it begins (as Material's trailing wildcard does);
 *   2. full text, from Pagefind (pagefind/pagefind.js, loaded in the background
 *      shortly after the page starts, or by the first query): one record per question holding everything a reader can see in
 *      it, stemmed. The query is also asked in its other forms: synonyms and
 *      acronyms, and the other spelling of British and American words
 *      (search/terms.json, written by the build). Hits are named through the
 *      titles index (`pf`, the record id), so only the best few records are
 *      fetched, for their excerpts.
 * Questions whose title matches the query come first. If Pagefind cannot be
 * loaded, the titles stage is the answer.
 *
 * Contract with Material (9.8.1, pinned in requirements.txt; tests/test_search.py
 * checks it): messages {type: 0 SETUP, data: {config, docs, options}},
 * {type: 1 READY}, {type: 2 QUERY, data: string}, {type: 3 RESULT, data:
 * {items: SearchItem[][], suggest?: string[]}}; a SearchItem is {location,
 * title (HTML), text (HTML), score, terms: {term: matched}}. */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const params = new URL(self.location.href).searchParams;
const EXCERPTS = 10; // Material draws the first ten results at once; these get excerpts first
const PRELOAD_MS = 400; // after the index arrives: past the page's own start-up work
// Words that say nothing about which question is meant; a query is read without them.
const STOP = new Set(
  ("a an and are as at be but by for from has have how i if in into is it its of on or that the their then there " +
    "these this to was what when where which who why will with you your do does can should would one many much " +
    "more most some any use using used get make way work works best good vs versus between difference").split(" "),
);

let index = null; // the titles stage, once the page has sent the index
let engine = null; // Pagefind and the other forms of words, once asked for
let serial = 0; // the latest query; older answers are dropped

const escapeHTML = (s) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/* An excerpt as HTML: <mark> kept, everything else shown as text, whether or not it came escaped. */
function safeExcerpt(excerpt) {
  return String(excerpt || "")
    .split(/(<\/?mark>)/)
    .map((part) => (/^<\/?mark>$/.test(part) ? part : part.replace(/&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)|[<>"']/gi, (c) => escapeHTML(c))))
    .join("");
}

/* "A/B" and "R&D" as one word, the way Pagefind indexes them. */
const joinLetters = (text) => text.toLowerCase().replace(/\b([a-z0-9])[/&]([a-z0-9])\b/g, "$1$2");
const tokens = (text) => joinLetters(text).split(/[^\p{L}\p{N}-]+/u).map((w) => w.replace(/^-+|-+$/g, "")).filter(Boolean);

/* What Pagefind is asked: the words that say which question is meant. */
const searchText = (words) => [...new Set(words.filter((w) => w.length > 1 && !STOP.has(w)))].join(" ");

/* The query as the stages read it: its words (one-letter words dropped), and its terms (stop words dropped too). */
function normalise(query) {
  const words = tokens(query.replace(/[+*~^:"]/g, " ")).filter((w) => w.length > 1);
  const terms = [...new Set(words.filter((w) => !STOP.has(w)))];
  return { words, terms, text: searchText(words) };
}

/* The query in its other forms, each with a weight: a synonym of the whole query counts as much as
 * the query (the reader named a known concept), another spelling nearly as much, a synonym of a
 * phrase inside a longer query less. */
function alternatives(words, { groups, spellings }, limit = 6) {
  const out = new Map();
  const add = (text, weight) => text && out.set(text, Math.max(weight, out.get(text) || 0));
  const swap = (at, length, replacement) => searchText([...words.slice(0, at), ...replacement, ...words.slice(at + length)]);
  for (const group of groups) {
    const phrases = group.map(tokens);
    for (const phrase of phrases) {
      for (let at = 0; at + phrase.length <= words.length; at++) {
        if (!phrase.every((w, i) => words[at + i] === w || (w.length > 3 && words[at + i] === w + "s"))) continue;
        const whole = phrase.length === words.length;
        for (const other of phrases) if (other !== phrase) add(swap(at, phrase.length, other), whole ? 1 : 0.6);
      }
    }
  }
  words.forEach((w, at) => {
    for (const other of Object.prototype.hasOwnProperty.call(spellings, w) ? spellings[w] : []) add(swap(at, 1, [other]), 0.8);
  });
  out.delete(searchText(words));
  return [...out].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([text, weight]) => ({ text, weight }));
}

function titleStage({ config, docs }) {
  const separator = new RegExp(config.separator);
  const wordsOf = (html) =>
    joinLetters(html.replace(/<[^>]*>|&\w+;/g, " "))
      .split(separator)
      .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
      .filter((w) => w && !STOP.has(w));
  const pages = new Map();
  const questions = [];
  const byRecord = new Map();
  for (const doc of docs) {
    if (!doc.location.includes("#")) pages.set(doc.location, doc);
    else {
      const entry = { doc, words: wordsOf(doc.title) };
      questions.push(entry);
      if (doc.pf) byRecord.set(doc.pf, entry);
    }
  }
  const vocabulary = [...new Set(questions.flatMap((e) => e.words))];
  const rarity = (hits) => Math.log(1 + questions.length / (1 + hits));

  /* Per question: which query terms begin a word of its title. */
  function match(terms) {
    const matches = new Map();
    const counts = terms.map(() => 0);
    for (const e of questions) {
      const hit = terms.map((t) => e.words.some((w) => w.startsWith(t) || w.replace(/-/g, "").startsWith(t)));
      if (hit.some(Boolean)) {
        matches.set(e, hit);
        hit.forEach((h, i) => (counts[i] += h ? 1 : 0));
      }
    }
    const weights = counts.map(rarity);
    for (const [e, hit] of matches) {
      const got = hit.filter(Boolean).length;
      e.score = (hit.reduce((s, h, i) => s + (h ? weights[i] : 0), 0) / Math.sqrt(e.words.length || 1)) * (got / terms.length) ** 2;
      e.fraction = got / terms.length;
    }
    return matches;
  }

  /* A title with the words that begin with a term marked; never inside a tag or an entity. */
  function mark(title, terms) {
    if (!terms.length) return title;
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}&#</])((?:${terms.map(escapeRegExp).join("|")})[\\p{L}\\p{N}]*)`, "giu");
    return title.split(/(<[^>]*>)/).map((part) => (part.startsWith("<") ? part : part.replace(pattern, "$1<mark>$2</mark>"))).join("");
  }

  function suggest(terms) {
    const last = terms[terms.length - 1];
    const done = vocabulary.filter((w) => w.startsWith(last) && w !== last).sort((a, b) => a.length - b.length);
    return done.length ? [...terms.slice(0, -1), done[0]] : [];
  }

  return { pages, questions, byRecord, match, mark, suggest };
}

function addTerm(terms, marked) {
  const word = marked.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  if (word.length > 1 && word.length <= 30 && !/[/:]/.test(word) && Object.keys(terms).length < 8) terms[word] = true;
}

/* One result: the question's page for context, then the question. */
function group(entry, { score, text = "", terms }) {
  const doc = entry.doc;
  const pageLocation = doc.location.split("#")[0];
  const page = index.pages.get(pageLocation) || { location: pageLocation, title: "" };
  return [
    { location: page.location, title: page.title, text: "", score, terms },
    { location: doc.location, title: index.mark(doc.title, Object.keys(terms).filter((t) => terms[t])), text, score, terms },
  ];
}

function titleResults(q, matches) {
  const ranked = [...matches.keys()].sort((a, b) => b.score - a.score);
  const items = ranked.map((e) => {
    const hit = matches.get(e);
    return group(e, { score: e.score, terms: Object.fromEntries(q.terms.map((t, i) => [t, hit[i]])) });
  });
  const result = { items };
  if (params.has("suggest")) result.suggest = index.suggest(q.terms);
  return result;
}

function loadEngine() {
  const terms = fetch(params.get("terms"))
    .then((r) => (r.ok ? r.json() : { groups: [], spellings: {} }))
    .catch(() => ({ groups: [], spellings: {} }));
  const pagefind = import(params.get("pagefind")).then(async (module) => {
    await module.options({ excerptLength: 24 });
    await module.init();
    return module;
  });
  return Promise.all([pagefind, terms]).then(([pagefind, forms]) => ({ pagefind, forms }));
}

/* Pagefind's hits for several searches, fused by rank: a record scores its best weight / (8 + rank)
 * over the searches (the reader's own words weigh most), ties broken by the sum; it keeps the
 * search that ranked it best, for its excerpt. */
async function hits(pagefind, queries) {
  const found = await Promise.all(queries.map(({ text }) => pagefind.search(text).catch(() => null)));
  const fused = new Map();
  found.forEach((search, n) => {
    ((search && search.results) || []).forEach((record, rank) => {
      const gain = queries[n].weight / (8 + rank);
      const hit = fused.get(record.id) || { record, sum: 0, best: 0 };
      hit.sum += gain;
      if (gain > hit.best) Object.assign(hit, { record, best: gain });
      fused.set(record.id, hit);
    });
  });
  const ranked = [...fused.values()].sort((a, b) => b.best - a.best || b.sum - a.sum);
  return { ranked, count: found[0] ? found[0].results.length : 0 };
}

async function fullText(q, matches, mine) {
  const { pagefind, forms } = await (engine = engine || loadEngine());
  const queries = [{ text: q.text, weight: 1 }, ...alternatives(q.words, forms)];
  let { ranked: found, count } = await hits(pagefind, queries);
  // Pagefind wants every word; a long natural question may have no page with all of them.
  // Then each search that leaves one word out adds its hits too, at a lower weight.
  if (count < 10 && q.terms.length >= 3) {
    const relaxed = q.terms.map((_, i) => ({ text: q.terms.filter((__, j) => j !== i).join(" "), weight: 0.4 }));
    ({ ranked: found } = await hits(pagefind, [...queries, ...relaxed]));
  }
  if (mine !== serial) return null;
  const ranked = [];
  const seen = new Set();
  for (const [rank, { record }] of found.entries()) {
    const entry = index.byRecord.get(record.id);
    if (!entry || seen.has(entry)) continue;
    seen.add(entry);
    ranked.push({ entry, record, rank, whole: matches.has(entry) && entry.fraction >= 1 });
  }
  // A title match that the full text missed (a half-typed word, say) still counts, after the rest.
  for (const entry of matches.keys()) if (!seen.has(entry)) ranked.push({ entry, record: null, rank: Infinity, whole: entry.fraction >= 1 });
  // Questions whose title holds every word of the query first; otherwise the full-text order.
  ranked.sort((a, b) => Number(b.whole) - Number(a.whole) || a.rank - b.rank);
  // The ranking is known before any record is fetched: show it, then add the excerpts.
  postMessage({ type: RESULT, data: render(q, ranked, [], forms) });
  const excerpts = await Promise.all(
    ranked.slice(0, EXCERPTS).map((hit) => (hit.record ? hit.record.data().catch(() => null) : Promise.resolve(null))),
  );
  if (mine !== serial) return null;
  return render(q, ranked, excerpts, forms);
}

/* Material's result for the ranked hits; `excerpts[i]` is hit i's record, if fetched. */
function render(q, ranked, excerpts, forms) {
  const variants = q.words.flatMap((w) => (Object.prototype.hasOwnProperty.call(forms.spellings, w) ? forms.spellings[w] : []));
  const items = ranked.map((hit, i) => {
    const data = excerpts[i];
    const terms = Object.fromEntries(q.terms.map((t) => [t, true]));
    for (const v of variants) addTerm(terms, v);
    // The words the excerpt marks are the ones on the page: the target page highlights those.
    if (data) for (const m of data.excerpt.matchAll(/<mark>([^<]+)<\/mark>/g)) addTerm(terms, m[1]);
    const text = data ? `<p>${safeExcerpt(data.excerpt)}</p>` : "";
    return group(hit.entry, { score: ranked.length - i, text, terms });
  });
  const result = { items };
  if (params.has("suggest")) result.suggest = index.suggest(q.terms);
  return result;
}

async function answer(query) {
  const mine = ++serial;
  const q = normalise(query);
  if (!q.terms.length || !index) {
    postMessage({ type: RESULT, data: { items: [] } });
    return;
  }
  const matches = index.match(q.terms);
  postMessage({ type: RESULT, data: titleResults(q, matches) });
  try {
    const result = await fullText(q, matches, mine);
    if (result && mine === serial) postMessage({ type: RESULT, data: result });
  } catch (error) {
    engine = null; // the titles stage stays the answer; try the full text again next time
  }
}

self.addEventListener("message", ({ data: message }) => {
  if (message.type === SETUP) {
    index = titleStage(message.data);
    postMessage({ type: READY });
    // Load the full-text engine once the page has settled, so a reader's first query finds it warm.
    setTimeout(() => {
      engine = engine || loadEngine();
      engine.catch(() => (engine = null));
    }, PRELOAD_MS);
  } else if (message.type === QUERY) {
    answer(String(message.data || ""));
  }
});
