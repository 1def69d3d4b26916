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
