"""The built site in real headless Chromium, driven the way a reader uses it."""

from __future__ import annotations

import json

import pytest
from conftest import Page

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
    page.wait_for_function("window.handbook && document.body.dataset.hbReady === '1'")
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


# --- Sharing the right question: the address bar and the table of contents follow the question on screen.

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _page_with(questions, n: int = 4):
    """A question in the middle of a long page, and the question before it."""
    pages = [q.url.split("#")[0] for q in questions]
    for i in range(1, len(questions) - 1):
        if pages.count(pages[i]) >= n and pages[i - 1] == pages[i] == pages[i + 1]:
            return questions[i], questions[i - 1]
    raise AssertionError("no long page")


def _settled(page, qid: str) -> None:
    """The hash names the question, and stays so while Material's tracking reacts to the scroll."""
    page.wait_for_function(f"location.hash === '#{qid}' || location.hash === '#{qid}-answer'", timeout=5000)
    page.wait_for_timeout(400)  # tracking runs on scroll events; give it time to (wrongly) move the hash


def _on_screen(page, qid: str) -> None:
    assert page.evaluate("location.hash").lstrip("#").removesuffix("-answer") == qid
    active = page.evaluate("[...document.querySelectorAll('.md-nav__link--active')].map(a => a.hash)")
    assert active == [] or f"#{qid}" in active, active  # phones hide the table of contents in the drawer
    top = page.evaluate(f"document.getElementById('{qid}').getBoundingClientRect().top")
    assert 40 <= top <= 260, top


def _small_scrolls(page, qid: str) -> None:
    for dy in (40, -20):
        page.mouse.wheel(0, dy)
        page.wait_for_timeout(300)
        assert page.evaluate("location.hash").lstrip("#").removesuffix("-answer") == qid, f"after scrolling {dy}px"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["deep link", "answer link", "permalink", "table of contents", "back and forward"])
def test_the_address_bar_names_the_question_on_screen(browser, server, questions, width, path):
    q, before = _page_with(questions)
    t = Page(browser, server, viewport=WIDTHS[width])
    page_url = q.url.split("#")[0]
    try:
        if path == "deep link":
            page = t.open(q.url)
        elif path == "answer link":
            page = t.open(q.url + "-answer")
        elif path == "permalink":
            page = t.open(page_url)
            page.locator(f"h2#{q.id}").hover()
            page.locator(f"h2#{q.id} a.headerlink").click()
        elif path == "table of contents":
            page = t.open(page_url)
            if width == "phone":
                page.set_viewport_size(WIDTHS["desktop"])  # the table of contents is in the drawer on phones
            page.locator(f".md-sidebar--secondary a.md-nav__link[href='#{q.id}']").click()
        else:
            page = t.open(before.url)
            page.goto(t.server + q.url)
            page.go_back()
            _settled(page, before.id)
            page.go_forward()
        _settled(page, q.id)
        _on_screen(page, q.id)
        _small_scrolls(page, q.id)
        assert t.errors == [], t.errors
    finally:
        t.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_search_result_lands_with_the_right_address(browser, server, questions, width):
    q, _ = _page_with(questions)
    t = Page(browser, server, viewport=WIDTHS[width])
    try:
        page = t.open(q.url.split("#")[0])
        page.goto(t.server + q.url.split("#")[0] + "?h=the#" + q.id)  # what a search result link is
        _settled(page, q.id)
        _on_screen(page, q.id)
        _small_scrolls(page, q.id)
    finally:
        t.close()


def test_old_ids_resolve_in_every_form(tab, site):
    aliases = site.registry()["aliases"]
    old, url = next(iter(aliases.items()))
    page = tab.open(url.split("#")[0] + "#" + old)
    page.wait_for_function(f"location.hash === '#{old}' || location.hash === '{url[url.index('#') :]}'")
    qid = url.split("#")[1]
    page.wait_for_function(
        f"(() => {{ const r = document.getElementById('{qid}').getBoundingClientRect(); return r.top > 0 && r.top < 300; }})()"
    )
    # The answer form of an old id opens the answer of the question that answers it now.
    other = next(p for p in ("ml/fundamentals/", "nlp/foundations/") if not url.startswith(p))
    page = tab.open(f"{other}#{old}-answer")
    page.wait_for_url(f"**/{url}-answer", timeout=10_000)
    page.wait_for_function(f"document.getElementById('{qid}-answer').closest('details').open")


@pytest.mark.parametrize(
    "fragment", ["constructor", "__proto__", "toString", "hasOwnProperty", "%E0%A4%A", "%", "valueOf-answer"]
)
def test_a_crafted_fragment_goes_nowhere_and_breaks_nothing(tab, fragment):
    page = tab.open("ml/fundamentals/#" + fragment)
    page.wait_for_timeout(800)
    assert page.url.endswith("ml/fundamentals/#" + fragment)
    # The tab fixture fails the test on any uncaught error or console error.


def test_the_404_page_loads_its_assets_at_the_root(browser, server):
    t = Page(browser, server)
    page = t.open("404.html")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    assert t.errors == [], t.errors
    t.close()
