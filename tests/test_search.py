"""Full-text search in Chromium: Material's box, the handbook's worker, Pagefind records per question.

Each query below is one a reader would type: a word that lives only deep in an
answer, a follow-up, a comparison or a work sample; a natural question; a
spelling variant, a hyphenation, an acronym or its expansion; a query with
one-letter noise. For each, the expected question is in the top five, and
clicking it lands on its heading with a search word highlighted.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import threading

import pytest
from conftest import Page

# One worker runs this module: its tests share one reader tab and one built site.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("search")]

# (query, expected question id, why the query is hard)
QUERIES = [
    # Words that live only deep inside a question: answer body, numbers, traps, chain, work sample, follow-ups, comparisons.
    ("InfoNCE", "cross-entropy-kl-contrastive", "answer body"),
    ("Lipschitz", "gan-fundamentals", "follow-up answer"),
    ("PRM800K", "test-time-compute-scaling", "follow-up answer"),
    ("QAFactEval", "evaluating-generative-models", "follow-up answer"),
    ("filter bubble", "personalized-news-summaries", "comparison"),
    ("epsilon-prediction", "diffusion-models", "comparison"),
    ("copilot to automation", "design-llm-customer-support", "comparison"),
    ("flattery", "finetune-llm-on-user-behavior", "traps"),
    ("DeepSeek-R1-Zero", "reasoning-models-thinking-budget", "numbers"),
    ("hang-ups", "voice-agent-design", "numbers"),
    ("SEO spam", "llm-training-data-pipeline", "follow-up chain"),
    ("keyword-stuffed", "two-tower-retrieval-ranking", "follow-up chain"),
    ("harassment", "design-content-moderation", "work sample"),
    ("help centre", "kb-search-engine-design", "work sample"),
    ("Viterbi", "hmm-viterbi-tagging", "title and body"),
    ("LinUCB", "bandits-vs-ab-tests", "numbers and sources"),
    ("RadixAttention", "prefix-caching-internals", "answer body"),
    ("ColPali", "multimodal-rag", "answer body"),
    # Natural questions a candidate types.
    ("why do LLMs hallucinate", "llm-hallucination", "natural question"),
    ("how to choose k in k-means", "kmeans-choosing-k-vs-gmm", "natural question"),
    ("batch norm vs layer norm", "batchnorm-layernorm-rmsnorm", "natural question"),
    ("curse of dimensionality", "pca-curse-of-dimensionality", "natural question"),
    ("how does speculative decoding work", "speculative-decoding", "natural question"),
    ("prefill vs decode", "prefill-vs-decode", "natural question"),
    ("serve many LoRA adapters on one GPU", "multi-lora-serving", "natural question"),
    ("when to use a bandit instead of an A/B test", "bandits-vs-ab-tests", "natural question"),
    ("how do you evaluate an agent", "agent-evaluation", "natural question"),
    ("what is the bias variance tradeoff", "bias-variance-tradeoff", "natural question, one word joined"),
    # Spelling: British pages, American queries, and back.
    ("quantization", "quantization-tradeoffs", "spelling variant"),
    ("optimizers", "optimizers-sgd-momentum-adam", "spelling variant"),
    ("behavioral", "behavioral-debug-serving-issue", "spelling variant"),
    ("normalization layers", "batchnorm-layernorm-rmsnorm", "spelling variant"),
    ("vector quantisation memory", "vector-memory-compression", "spelling variant"),
    # Hyphens and compounds.
    ("re-ranking", "reranking-cross-encoders", "hyphenation"),
    ("rerank", "reranking-cross-encoders", "hyphenation"),
    ("multi-tenancy", "multi-tenant-vector-index", "hyphenation"),
    ("pre-norm", "residual-prenorm-postnorm", "hyphenation"),
    # Acronyms and their expansions.
    ("MoE", "moe-routing-load-balancing", "acronym"),
    ("mixture of experts routing", "moe-routing-load-balancing", "expansion"),
    ("PSI", "find-skewed-features-psi", "acronym only in the body"),
    ("population stability index", "find-skewed-features-psi", "expansion of an acronym"),
    ("KV cache", "kv-cache-memory", "acronym"),
    ("time to first token", "ttft-tpot-goodput", "expansion"),
    ("TTFT", "ttft-tpot-goodput", "acronym"),
    ("MCP", "mcp-vs-function-calling", "acronym"),
    # One-letter noise.
    ("A/B test", "ab-test-new-model", "one-letter words"),
    ("A/B testing a new model", "ab-test-new-model", "one-letter words"),
]

LINKS = "[...document.querySelectorAll('.md-search-result__item a')]"
# Material adds a "Missing: <del>term</del>" paragraph for terms a result lacks; an excerpt is the other paragraph.
EXCERPT = ".md-search-result__item article > p:not(.md-search-result__terms)"
PATH = "a => { const u = new URL(a.href); return u.pathname.slice(1) + u.hash; }"


def search(page, query: str, expect_url: str | None = None, timeout: int = 15_000) -> list[str]:
    """Type a query into Material's box; return the result links (path and fragment)."""
    box = page.locator(".md-search__input")
    box.click()  # opens the search overlay, as a reader does
    # Material reads the box on keyup: the whole query, then one key, makes one query
    # (typing it letter by letter would race a dozen partial queries).
    box.fill(query)
    box.press("End")
    if expect_url:
        page.wait_for_function(f"{LINKS}.slice(0, 10).map({PATH}).includes({expect_url!r})", timeout=timeout)
    # The list settles when the full-text stage has answered: an excerpt under a result.
    page.wait_for_function(f"document.querySelector({EXCERPT!r})", timeout=timeout)
    return page.evaluate(f"{LINKS}.map({PATH})")


@pytest.fixture(scope="module")
def reader(browser, server):
    t = Page(browser, server, viewport={"width": 1280, "height": 900})
    t.open("ml/")
    yield t
    assert t.errors == [], t.errors
    t.close()


@pytest.mark.parametrize(("query", "qid", "why"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_query_finds_the_question_and_lands_on_it(reader, questions, query, qid, why):
    (q,) = [x for x in questions if x.id == qid]
    page = reader.page  # searching from wherever the last query landed, as a reader does
    hrefs = search(page, query, expect_url=q.url)
    questions_only = [h for i, h in enumerate(hrefs) if i % 2 == 1]  # each result: its page, then the question
    assert q.url in questions_only[:5], (why, questions_only[:5])
    # Excerpts are text with marks: nothing else from a record becomes markup.
    tags = page.evaluate(f"[...document.querySelectorAll({EXCERPT + ' *'!r})].map(e => e.tagName)")
    assert set(tags) <= {"MARK"}, tags
    link = page.locator(f".md-search-result__item a[href$='#{qid}']").nth(1)
    link.click()
    page.wait_for_url(f"**/{q.url.split('#')[0]}?h=*#{qid}")
    heading = page.locator(f"h2#{qid}")
    page.wait_for_function(
        "h => { const r = h.getBoundingClientRect(); return r.top >= 40 && r.top < 260; }", arg=heading.element_handle()
    )
    # A search word is highlighted in this question, and it is visible.
    marked = page.wait_for_function(
        """id => {
          const h = document.getElementById(id);
          for (let n = h.nextElementSibling; n && n.tagName !== 'H2'; n = n.nextElementSibling)
            for (const m of n.querySelectorAll('mark[data-md-highlight]')) if (m.offsetHeight) return m.textContent;
          return false;
        }""",
        arg=qid,
    )
    assert marked.json_value()


# Drives the worker as Material's page does: SETUP (0) with the index, READY (1) back,
# then QUERY (2) and RESULT (3), collecting every RESULT for one query: the titles, the
# full-text ranking, then the same ranking with excerpts.
WORKER = """
async ([query, results]) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base + "/", location.href);
  const index = await (await fetch(new URL("search/search_index.json", base))).json();
  const worker = new Worker(new URL(config.search, location.href));
  const got = [];
  await new Promise((resolve) => {
    worker.onmessage = ({ data }) => {
      if (data.type === 1) worker.postMessage({ type: 2, data: query });
      else if (data.type === 3) got.push(data.data);
      if (got.length === results) resolve();
    };
    worker.postMessage({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: true } } });
  });
  worker.terminate();
  return got;
}
"""


def test_worker_speaks_materials_messages(reader, site, questions):
    """The message contract with Material 9.8.1 (requirements.txt pins it): an upgrade that changes it fails here."""
    bundle = next((site.site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    # Material renders a group with its page as parent and the rest as sections, and counts groups.
    for needle in ("search.result.more.one", "md-search-result__link", "search.result.other", "data-md-score"):
        assert needle in bundle, needle
    q = next(x for x in questions if x.id == "kv-cache-memory")
    titles, ranked, full = reader.page.evaluate(WORKER, ["kv cache memory", 3])
    assert [g[1]["location"] for g in ranked["items"]] == [g[1]["location"] for g in full["items"]]
    for result in (titles, ranked, full):
        assert result["items"], result
        for group in result["items"]:
            page_doc, question = group
            assert "#" not in page_doc["location"] and question["location"].startswith(page_doc["location"] + "#")
            for doc in group:
                assert set(doc) >= {"location", "title", "text", "score", "terms"}
                assert isinstance(doc["score"], (int, float)) and isinstance(doc["terms"], dict)
        assert isinstance(result["suggest"], list)
    assert q.url in [g[1]["location"] for g in titles["items"][:3]]
    assert all(g[1]["text"] == "" for g in titles["items"])  # the titles stage has no excerpts
    best = full["items"][0][1]
    assert "<mark>" in best["title"] and "<mark>" in best["text"] and any(best["terms"].values())
    # Stop words and one-letter words alone find nothing.
    (empty,) = reader.page.evaluate(WORKER, ["the of a b", 1])
    assert empty == {"items": []}


def test_result_count_counts_questions(reader, questions):
    page = reader.page
    *_, full = page.evaluate(WORKER, ["hallucination", 3])
    found = [g[1]["location"] for g in full["items"]]
    assert len(found) == len(set(found)) > 10 and all("#" in u for u in found)
    search(page, "hallucination")
    page.wait_for_function(f"document.querySelector('.md-search-result__meta').textContent.startsWith('{len(found)} ')")
    assert page.locator(".md-search-result__more").count() == 0  # no question folded away


def test_titles_answer_when_the_full_text_cannot_load(browser, server, questions):
    t = Page(browser, server, viewport={"width": 1280, "height": 900})
    t.page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body=""))
    page = t.open("ml/")
    q = next(x for x in questions if x.id == "speculative-decoding")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("speculative decoding", delay=5)
    page.wait_for_function(f"{LINKS}.map({PATH}).includes({q.url!r})")
    page.wait_for_timeout(500)  # give the failed full-text stage time to (not) break anything
    assert q.url in page.evaluate(f"{LINKS}.map({PATH})")
    assert [e for e in t.errors if "404" not in e and "Failed to load" not in e and "pagefind" not in e] == []
    t.close()


class _Prefixed(http.server.SimpleHTTPRequestHandler):
    """Serves the site under /handbook/, as GitHub Pages serves a project site under its name."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        return super().translate_path(path.replace("/handbook/", "/", 1) if path.startswith("/handbook/") else "/404-outside")


def test_search_works_under_a_sub_path(browser, site, questions):
    handler = functools.partial(_Prefixed, directory=str(site.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/handbook/"
    t = Page(browser, base, viewport={"width": 1280, "height": 900})
    try:
        page = t.open("rag/")
        q = next(x for x in questions if x.id == "multimodal-rag")
        hrefs = search(page, "ColPali", expect_url="handbook/" + q.url)
        assert "handbook/" + q.url in hrefs
        page.locator(f".md-search-result__item a[href$='#{q.id}']").nth(1).click()
        page.wait_for_url(f"**/handbook/{q.url.split('#')[0]}?h=*")
        assert t.errors == [], t.errors
    finally:
        t.close()
        httpd.shutdown()


def test_search_files_are_what_the_worker_reads(site, questions):
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    for q in questions:
        assert docs[q.url]["pf"], q.id  # every question has its full-text record
        assert (site.site / "pagefind" / "fragment" / f"{docs[q.url]['pf']}.pf_fragment").is_file(), q.id
        assert docs[q.url]["text"] == ""  # titles only: the body is Pagefind's
    # Records hold what a reader reads: the question, its blocks and comparisons; not badges or block labels.
    fragments = list((site.site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == len(questions)
    for path in fragments[:40]:
        content = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])["content"]
        for label in ("Numbers to drop", "Follow-ups", "Senior answer", "Weak answer", "Reviewed 20", "Copy link"):
            assert label not in content, (path.name, label)
    terms = json.loads((site.site / "search" / "terms.json").read_text(encoding="utf-8"))
    assert terms["spellings"]["quantisation"] == ["quantization"] and "quantisation" in terms["spellings"]["quantization"]
    assert any("mixture of experts" in g for g in terms["groups"])
    assert not list((site.site / "pagefind").glob("pagefind-*ui*"))  # Material's box, not Pagefind's UI
