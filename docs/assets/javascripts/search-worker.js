/* Search in two stages, speaking the message format of Material's own worker.
 *
 * Material's worker builds its whole Lunr index before it answers a query,
 * which takes seconds once the handbook holds thousands of questions. This
 * worker runs Material's code twice: here on titles only, ready almost at
 * once, and in a nested worker on the full index. When the full index is
 * ready it answers instead, and the reader's latest query is asked again so
 * the results fill in. Without nested workers it is plain Material search. */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
const material = new URL(self.location.href).searchParams.get("material");
let full = null;
let fullReady = false;
let latest = null;

// Registered before Material's listener, so it sees each message first.
self.addEventListener("message", (ev) => {
  const message = ev.data;
  if (message.type === SETUP && typeof Worker !== "undefined") {
    const setup = message.data;
    // Material's handler below builds the quick index from this copy.
    message.data = { ...setup, docs: setup.docs.map(({ location, title, tags, boost }) => ({ location, title, text: "", tags, boost })) };
    // A task queued now runs once that handler is done, so the two builds never compete.
    setTimeout(() => {
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
    });
  } else if (message.type === QUERY) {
    latest = message.data;
    if (fullReady) {
      ev.stopImmediatePropagation();
      full.postMessage(message);
    }
  }
});

importScripts(material);
