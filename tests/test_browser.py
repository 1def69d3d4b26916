"""The built site in real headless Chromium, driven the way a reader uses it."""

from __future__ import annotations

import contextlib
import json
import re

import pytest
from conftest import Page
from playwright import sync_api as playwright

pytestmark = pytest.mark.browser


def header_bottom(page) -> float:
    return page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")


def test_answer_opens_and_closes(tab, questions):
    q = questions[0]
    page = tab.open(q.url.split("#")[0])
    details = page.locator(f"#{q.id}-answer").locator("xpath=ancestor::details[1]")
    summary = details.locator("summary").first
    assert details.get_attribute("open") is None
    assert not page.locator(f"#{q.id}-answer").is_visible()
    summary.click()
    page.wait_for_timeout(300)
    assert details.get_attribute("open") is not None
    assert page.locator(f"#{q.id}-answer").is_visible()
    summary.click()
    page.wait_for_timeout(300)
    assert details.get_attribute("open") is None


def scrollable(questions):
    """The second question of a long page: there is room to scroll it to the top."""
    pages = [q.url.split("#")[0] for q in questions]
    return next(q for i, q in enumerate(questions) if pages.count(pages[i]) >= 4 and pages[i - 1] == pages[i] != pages[i - 2])


def test_deep_link_lands_on_the_question(tab, questions):
    q = scrollable(questions)
    page = tab.open(q.url)
    heading = page.locator(f"h2#{q.id}")
    page.wait_for_timeout(400)
    box = heading.bounding_box()
    assert box is not None
    assert header_bottom(page) - 2 <= box["y"] <= 250, box
    assert "hb-flash" in heading.get_attribute("class")


def test_deep_link_to_the_answer_opens_it(tab, questions):
    q = scrollable(questions)
    page = tab.open(q.url + "-answer")
    page.wait_for_timeout(400)
    anchor = page.locator(f"#{q.id}-answer")
    assert anchor.is_visible()
    assert anchor.evaluate("el => el.closest('details').open") is True
    heading = page.locator(f"h2#{q.id}")
    assert "hb-flash" in heading.get_attribute("class")
    # The reader sees the question's title above its opened answer.
    assert header_bottom(page) - 2 <= heading.bounding_box()["y"] <= 250


def test_search_finds_a_question_by_its_words(tab, questions):
    q = next((q for q in questions if q.type == "design"), questions[-1])
    page = tab.open("")
    page.locator(".md-search__input").click()
    page.keyboard.type(q.title.rstrip("?.").split(":")[0], delay=15)
    # Results arrive from a web worker, query by query; wait for the final query's list.
    links = "[...document.querySelectorAll('.md-search-result__item a')]"
    path = "u => { const x = new URL(u.href); return x.pathname.slice(1) + x.hash; }"
    with contextlib.suppress(playwright.TimeoutError):  # the assertions below show what came instead
        page.wait_for_function(f"{links}.slice(0, 5).map({path}).includes({q.url!r})", timeout=15_000)
    page.wait_for_timeout(300)
    # Material adds ?h=<terms> to highlight the words; compare path and fragment only.
    hrefs = page.evaluate(f"{links}.map({path})")
    assert q.url in hrefs[:5], hrefs[:5]
    # The first result, even its page heading, opens the question itself.
    assert hrefs[0] == q.url, hrefs[:3]


def _answer_only_word(site) -> tuple[str, str]:
    """A word of some direct answer that no title and no other answer contains, and its question's URL."""
    docs = json.loads((site.site / "search" / "search_index.json").read_text())["docs"]
    words = lambda text: set(re.findall(r"[a-z]{7,}", re.sub(r"<[^>]+>", " ", text).lower()))  # noqa: E731
    in_titles = set().union(*(words(d["title"]) for d in docs))
    seen: dict[str, list[str]] = {}
    for d in docs:
        for w in words(d["text"]) - in_titles:
            seen.setdefault(w, []).append(d["location"])
    word, (location,) = next((w, locs) for w, locs in sorted(seen.items()) if len(locs) == 1 and "#" in locs[0])
    return word, location


def test_search_reaches_the_direct_answers(tab, site):
    """Titles answer first; the full index takes over and the open query is asked again."""
    word, location = _answer_only_word(site)
    page = tab.open("")
    page.locator(".md-search__input").click()
    page.keyboard.type(word, delay=15)
    links = "[...document.querySelectorAll('.md-search-result__item a')]"
    path = "a => { const u = new URL(a.href); return u.pathname.slice(1) + u.hash; }"
    page.wait_for_function(f"{links}.map({path}).includes({location!r})")


# Drives the search worker the way Material's page code does: SETUP (0) with the
# index, READY (1) back, then QUERY (2) and RESULT (3). Returns each result's locations.
WORKER_SESSION = """
async ([word, titles, setup, results]) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const url = new URL(config.search, location.href);
  if (titles !== null) url.searchParams.set("titles", new URL(titles, location.href).href);
  const base = new URL(config.base + "/", location.href);
  const index = await (await fetch(new URL("search/search_index.json", base))).json();
  const worker = new Worker(url);
  const got = [];
  await new Promise((resolve) => {
    worker.onmessage = ({ data }) => {
      if (data.type === 1) worker.postMessage({ type: 2, data: word });
      else got.push(data.data.items.map((group) => group[0].location));
      if (got.length === results) resolve();
    };
    if (setup) worker.postMessage({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
  });
  worker.terminate();
  return got;
}
"""


def test_search_worker_answers_from_titles_then_from_the_full_index(tab, site):
    word, location = _answer_only_word(site)
    page = tab.open("")
    # Titles first: ready before the page sends anything, and the word is not in them.
    assert page.evaluate(WORKER_SESSION, [word, None, False, 1]) == [[]]
    # With the full index sent, the same query is answered again, from it.
    first, second = page.evaluate(WORKER_SESSION, [word, None, True, 2])
    assert first == [] and location in second, (first, second)


def test_search_answers_from_titles_while_the_full_index_is_on_its_way(tab, questions):
    q = questions[-1]
    held = []
    tab.page.route("**/search/search_index.json", lambda route: held.append(route))  # never answered
    page = tab.page
    page.goto(tab.server + q.url.split("#")[0], wait_until="load")
    page.locator(".md-search__input").click()
    page.keyboard.type(q.title.rstrip("?."), delay=10)
    links = "[...document.querySelectorAll('.md-search-result__item a')]"
    path = "a => { const u = new URL(a.href); return u.pathname.slice(1) + u.hash; }"
    page.wait_for_function(f"{links}.map({path}).includes({q.url!r})", timeout=15_000)
    assert held, "the full index was requested"
    for route in held:
        route.continue_()


# One query to a fresh worker, answered by the titles stage (the page sends no index).
TITLES_QUERY = """
async ([query]) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const worker = new Worker(new URL(config.search, location.href));
  const result = await new Promise((resolve) => {
    worker.onmessage = ({ data }) => {
      if (data.type === 1) worker.postMessage({ type: 2, data: query });
      else resolve(data.data);
    };
  });
  worker.terminate();
  return result;
}
"""


def test_titles_stage_answers_in_materials_format(tab, site):
    docs = json.loads((site.site / "search" / "titles.json").read_text())["docs"]
    # A title with an entity in it, if there is one: marks must never split "&amp;".
    target = next((d for d in docs if "&amp;" in d["title"] and "#" in d["location"]), None)
    target = target or next(d for d in reversed(docs) if "#" in d["location"])
    title = {d["location"]: d["title"] for d in docs}
    result = tab.open("").evaluate(TITLES_QUERY, [target["title"].replace("&amp;", "&")])
    groups = result["items"]
    assert groups[0][0]["location"] == target["location"], [g[0]["location"] for g in groups[:3]]
    assert "<mark>" in groups[0][0]["title"]
    for group in groups:
        page = group[0]["location"].split("#")[0]
        # Material renders each group under its page, so the page must be in it.
        assert any(item["location"] == page for item in group), group
        for item in group:
            assert item["location"].split("#")[0] == page
            assert re.sub(r"</?mark>", "", item["title"]) == title[item["location"]]
            assert item["text"] == "" and isinstance(item["score"], (int, float)) and isinstance(item["terms"], dict)
    scores = [g[0]["score"] for g in groups]
    assert scores == sorted(scores, reverse=True)
    # search.suggest is on: the last word typed is completed from the best title.
    assert result["suggest"] and result["suggest"][-1] in target["title"].lower()
    # Words that are all stop words find nothing, as in Lunr.
    assert tab.page.evaluate(TITLES_QUERY, ["the of and"]) == {"items": []}


def test_search_worker_without_titles_is_plain_material_search(browser, server, site):
    word, location = _answer_only_word(site)
    t = Page(browser, server)  # the missing file is logged as an error on purpose
    page = t.open("")
    (only,) = page.evaluate(WORKER_SESSION, [word, "search/no-such-file.json", True, 1])
    t.close()
    assert location in only, only


def test_copy_link_puts_the_question_url_on_the_clipboard(browser, server, questions):
    t = Page(browser, server, viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"])
    q = questions[1]
    page = t.open(q.url.split("#")[0])
    tools = page.locator(f'.hb-meta[data-qid="{q.id}"] .hb-tools')
    copied = "b => b.dataset.state === 'copied'"  # set once the clipboard write resolved
    link = tools.get_by_role("button", name="Copy link to")
    link.click()
    page.wait_for_function(copied, arg=link.element_handle())
    assert page.evaluate("navigator.clipboard.readText()") == server + q.url
    answer = tools.get_by_role("button", name="Copy a link that opens the answer")
    answer.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(copied, arg=answer.element_handle())
    assert page.evaluate("navigator.clipboard.readText()") == server + q.url + "-answer"
    assert t.errors == []
    t.close()


def test_an_id_on_the_wrong_page_is_forwarded(tab, questions):
    q = questions[-1]
    other = next(p for p in ("ml/fundamentals/", "nlp/foundations/") if not q.url.startswith(p))
    page = tab.open(f"{other}#{q.id}")
    page.wait_for_url(f"**/{q.url}", timeout=10_000)
    assert page.locator(f"h2#{q.id}").is_visible()


def test_progress_survives_reload_and_navigation(tab, questions):
    q = questions[0]
    page = tab.open(q.url.split("#")[0])
    page.locator(f'.hb-meta[data-qid="{q.id}"] select.hb-mark').select_option("known")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator(f'.hb-meta[data-qid="{q.id}"] select.hb-mark').input_value() == "known"
    tabs = page.locator(".md-tabs__link")
    i = tabs.evaluate_all("(links, d) => links.findIndex(a => new URL(a.href).pathname.endsWith('/' + d + '/'))", q.domain)
    tabs.nth(i).click()
    page.wait_for_selector(".hb-progress__text")
    assert page.locator(".hb-progress__text").inner_text().startswith("1 known")
    stored = json.loads(page.evaluate("localStorage.getItem('hb-progress-v1')"))
    assert stored == {q.id: "known"}


def test_print_shows_every_answer(tab, questions):
    q = questions[0]
    page = tab.open(q.url.split("#")[0])
    assert not page.locator(f"#{q.id}-answer").is_visible()
    page.emulate_media(media="print")
    assert page.locator(f"#{q.id}-answer").is_visible()
    assert not page.locator(".md-header").is_visible()


def test_phone_width_has_no_horizontal_scroll(browser, server, questions):
    t = Page(browser, server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    q = next(q for q in questions if q.has_comparison)
    page = t.open(q.url + "-answer")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    assert t.errors == []
    t.close()
