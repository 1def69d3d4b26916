/* Search in two stages, speaking the message format of Material's own worker.
 *
 * Material's worker builds its whole Lunr index before it answers a query, and
 * the page hands it the index only after fetching and parsing all of it. At
 * thousands of questions that keeps readers waiting for seconds. This worker
 * runs Material's code twice:
 *   1. at start-up, on search/titles.json (titles only, written by the build),
 *      fetched by the worker itself, so search is ready before the page has
 *      even fetched the full index;
 *   2. in a nested worker, on the full index the page sends; once that is
 *      ready it answers instead, and the reader's latest query is asked again
 *      so the results fill in.
 * If titles.json cannot be loaded, this is plain Material search. */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
const params = new URL(self.location.href).searchParams;
const material = params.get("material");

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

// Registered before Material's listener, so it sees each message first.
self.addEventListener("message", (ev) => {
  const message = ev.data;
  if (message.internal) return;
  if (message.type === SETUP) {
    if (quick === "failed" || typeof Worker === "undefined") return; // plain Material search
    ev.stopImmediatePropagation();
    if (quick === "ready") setTimeout(() => startFull(message.data));
    else pendingSetup = message.data;
  } else if (message.type === QUERY) {
    latest = message.data;
    if (fullReady) {
      ev.stopImmediatePropagation();
      full.postMessage(message);
    }
  }
});

importScripts(material);

fetch(params.get("titles"))
  .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
  .then(
    (titles) => {
      quick = "ready";
      const docs = titles.docs.map((doc) => ({ ...doc, text: "" })); // results are rendered with a text
      materialSetup({ config: titles.config, docs, options: { suggest: params.has("suggest") } });
      // A task queued now runs after that build, so the two never compete.
      if (pendingSetup) setTimeout(() => startFull(pendingSetup));
    },
    () => {
      quick = "failed";
      if (pendingSetup) materialSetup(pendingSetup);
    },
  );
