"""Reader features in Chromium: follow-ups to rehearse, expand / collapse all, print, marks on
every page, tabs that agree, refused clipboards, and accessibility.

Practice mode itself is in test_practice.py; layout, focus and touch targets in test_practice_layout.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def topic_page(questions) -> tuple[str, list]:
    """A topic page and its questions."""
    page = questions[0].url.split("#")[0]
    return page, [q for q in questions if q.url.startswith(page + "#")]


# --- 4. Follow-ups on topic pages: each question shows, each answer waits behind its button


def test_followup_answers_wait_behind_a_button_per_item(tab, questions):
    path, qs = topic_page(questions)
    page = tab.open(path)
    block = page.locator(f"h2#{qs[0].id} ~ details.followups").first
    block.locator("summary").click()
    items = block.locator(":scope > ul > li")
    assert items.count() >= 3
    for i in range(items.count()):
        item = items.nth(i)
        assert item.locator(":scope > strong").is_visible()
        assert item.locator(".hb-fu__answer").is_hidden()
    toggle = items.nth(1).locator(".hb-fu__toggle")
    assert toggle.get_attribute("aria-controls") == items.nth(1).locator(".hb-fu__answer").get_attribute("id")
    toggle.click()
    assert items.nth(1).locator(".hb-fu__answer").is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert items.nth(0).locator(".hb-fu__answer").is_hidden() and items.nth(2).locator(".hb-fu__answer").is_hidden()
    toggle.press("Enter")
    assert items.nth(1).locator(".hb-fu__answer").is_hidden()


# --- 9. Expand all / collapse all; printing leaves the blocks as they were


def test_expand_all_and_collapse_all(tab, questions):
    path, _ = topic_page(questions)
    page = tab.open(path)
    details = page.locator("article details")
    answers = page.locator("article .hb-fu__answer")
    page.get_by_role("button", name="Expand all").click()
    assert details.evaluate_all("ds => ds.every(d => d.open)")
    assert answers.evaluate_all("as => as.every(a => !a.hidden)")
    page.get_by_role("button", name="Collapse all").click()
    assert details.evaluate_all("ds => ds.every(d => !d.open)")
    assert answers.evaluate_all("as => as.every(a => a.hidden)")


def test_print_opens_everything_then_restores_what_was_open(tab, questions):
    path, qs = topic_page(questions)
    page = tab.open(path)
    page.locator(f"h2#{qs[1].id} ~ details.answer summary").first.click()
    opened = "Array.from(document.querySelectorAll('article details')).map(d => d.open)"
    before = page.evaluate(opened)
    assert before.count(True) == 1
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert all(page.evaluate(opened))
    page.emulate_media(media="print")
    assert page.locator(f"#{qs[0].id}-answer").is_visible()
    assert page.locator("article .hb-fu__answer").first.is_visible()  # follow-up answers print too
    assert page.locator(".hb-page-tools").is_hidden() and page.locator(".hb-fu__toggle").first.is_hidden()
    page.emulate_media(media="screen")
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(opened) == before


# --- 7. Marks on lists of questions, "practise these", the home page


def set_marks(page, progress: dict, study: dict | None = None) -> None:
    write = "([p, s]) => { localStorage.setItem('hb-progress-v1', p); localStorage.setItem('hb-study-v1', s); }"
    page.evaluate(write, [json.dumps(progress), json.dumps(study or {})])


def test_level_and_type_pages_show_marks_and_open_practice_filtered(tab, questions):
    staff = [q for q in questions if q.level == "staff"]
    page = tab.open("")
    set_marks(page, {staff[0].id: "known", staff[1].id: "review"})
    page = tab.open("practice/by-level/")
    for q, label in ((staff[0], "Known"), (staff[1], "Review")):
        link = page.locator(f'article li > a[href$="#{q.id}"]')
        assert link.locator("xpath=following-sibling::span[contains(@class, 'hb-qmark')]").inner_text() == label
    assert page.locator(f'article li > a[href$="#{staff[2].id}"] + .hb-qmark').count() == 0
    practise = page.get_by_role("link", name=f"Practise the {len(staff)} Staff questions")
    practise.click()
    page.wait_for_url("**/practice/?level=staff*")
    page.wait_for_function("document.getElementById('hb-practice').dataset.current")
    assert page.input_value("#hb-filter-level") == "staff"
    assert page.locator(".hb-practice__card .hb-level").inner_text() == "Staff"
    page = tab.open("practice/by-type/")
    behavioural = sum(q.type == "behavioral" for q in questions)
    link = page.get_by_role("link", name=f"Practise the {behavioural} Behavioural questions")
    assert link.get_attribute("href") == "../?type=behavioral"


def test_domain_and_home_pages_show_progress_and_reviews_due(tab, questions):
    q = questions[0]
    page = tab.open("")
    now = page.evaluate("Date.now()")
    set_marks(page, {q.id: "review", questions[1].id: "known"}, {q.id: {"at": now - 2e8, "box": 1, "due": now - 1e8}})
    page = tab.open("")
    assert (
        page.locator(".hb-progress__text").inner_text() == f"1 known · 1 to review · {len(questions) - 2} unseen · Review due (1)"
    )
    assert page.get_by_role("link", name="Open practice mode").get_attribute("href") == "practice/"
    page.get_by_role("link", name="Review due (1)").click()
    page.wait_for_url("**/practice/?mode=review")
    page.wait_for_function("document.getElementById('hb-practice').dataset.current")
    assert page.evaluate("document.getElementById('hb-practice').dataset.current") == q.id
    page = tab.open(f"{q.domain}/")
    assert page.locator(f'article li > a[href$="#{q.id}"] + .hb-qmark').inner_text() == "Review"
    assert page.locator(f'article li > a[href$="#{questions[1].id}"] + .hb-qmark').inner_text() == "Known"
    assert page.locator(".hb-progress__due").get_attribute("href").endswith(f"practice/?mode=review&domain={q.domain}")


# --- 8. Marks made in one tab show in the others


def test_marks_follow_across_tabs(tab, questions):
    path, qs = topic_page(questions)
    practice = tab.open(f"practice/?ids={qs[0].id}")
    practice.wait_for_function("document.getElementById('hb-practice').dataset.current")
    topic = tab.context.new_page()
    topic.goto(tab.server + path)
    topic.wait_for_function("window.handbook && document.body.dataset.hbReady === '1'")
    domain = tab.context.new_page()
    domain.goto(tab.server + f"{qs[0].domain}/")
    domain.wait_for_function("window.handbook && document.body.dataset.hbReady === '1'")
    select = topic.locator(f'.hb-meta[data-qid="{qs[0].id}"] select.hb-mark')
    practice.locator(".hb-practice__mark--known").click()
    topic.wait_for_function("s => s.value === 'known'", arg=select.element_handle())
    domain.wait_for_function("document.querySelector('.hb-progress__text').textContent.startsWith('1 known')")
    domain.locator(f'article li > a[href$="#{qs[0].id}"] + .hb-qmark').wait_for()
    select.select_option("review")
    practice.wait_for_function("document.querySelector('.hb-practice__mark--review').getAttribute('aria-pressed') === 'true'")
    domain.wait_for_function("document.querySelector('.hb-progress__text').textContent.startsWith('0 known · 1 to review')")
    topic.close()
    domain.close()


# --- 10. A clipboard the browser refuses


def test_a_refused_clipboard_says_so_and_offers_the_text(tab, questions):
    tab.page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));"
    )
    path, qs = topic_page(questions)
    page = tab.open(path)
    button = page.locator(f'.hb-meta[data-qid="{qs[0].id}"]').get_by_role("button", name="Copy link to")
    button.click()
    page.wait_for_function("b => b.dataset.state === 'failed'", arg=button.element_handle())
    assert button.inner_text() == "Copy failed"
    notice = page.locator(".hb-notice[role=alert]")
    assert "did not allow copying" in notice.inner_text()
    field = notice.locator("input")
    assert field.input_value() == tab.server + qs[0].url
    assert field.evaluate("f => document.activeElement === f && f.selectionEnd === f.value.length")
    field.press("Tab")
    page.keyboard.press("Enter")  # Dismiss: back to where the reader was
    assert notice.count() == 0 and button.evaluate("b => document.activeElement === b")
    page = tab.open("practice/")
    page.check(f"#hb-loop-{qs[0].id}")
    page.get_by_role("button", name="Copy loop link").click()
    assert page.locator(".hb-notice input").input_value().endswith(f"practice/?ids={qs[0].id}")


# --- 13. The comparisons, one page per domain


def test_comparisons_index_links_each_domain_and_forwards_old_anchors(tab, site):
    domains = site.registry()["labels"]["domain"]
    page = tab.open("practice/comparisons/")
    for d in domains:
        assert page.locator(f"h2#compare-{d}").count() == 1
        assert page.locator(f'a.hb-compare-link[data-domain="{d}"]').get_attribute("href") == f"{d}/"
    page = tab.open("practice/comparisons/#compare-rag")
    page.wait_for_url("**/practice/comparisons/rag/")
    assert page.locator("h1").inner_text().startswith("RAG")


# --- 14. One spelling: Behavioural


def test_the_interface_says_behavioural(tab, questions):
    behavioural = next(q for q in questions if q.type == "behavioral")
    page = tab.open(f"practice/?ids={behavioural.id}")
    page.wait_for_function("document.getElementById('hb-practice').dataset.current")
    shown = [
        page.locator(".hb-practice__card .hb-type").inner_text(),
        page.locator("#hb-filter-type option[value=behavioral]").inner_text(),
    ]
    assert shown == ["Behavioural", "Behavioural"]
    for path in ("practice/", "practice/by-type/", behavioural.url.split("#")[0]):
        page = tab.open(path)
        text = page.locator("body").inner_text()
        assert not re.search(r"\bBehavio(r|ral)\b", text.replace("Behavioral Testing of NLP Models", "")), path


# --- Accessibility: axe finds nothing, in light and dark

AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")


def axe_violations(page) -> list:
    # Material fades the tabs out on scrolling down: check the page as it stands at the top, tabs settled.
    page.evaluate("scrollTo(0, 0)")
    page.wait_for_function("[...document.querySelectorAll('.md-tabs__link')].every(a => getComputedStyle(a).opacity === '1')")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_practice_states_have_no_accessibility_violations(tab, questions, scheme):
    """The card with its answer, follow-up and marks; the end screen; the review queue; an import message."""
    tab.page.emulate_media(color_scheme=scheme)
    page = tab.open("")
    now = page.evaluate("Date.now()")
    set_marks(page, {questions[0].id: "review"}, {questions[0].id: {"at": now - 2e8, "box": 2, "due": now - 1e8}})
    page = tab.open(f"practice/?ids={questions[1].id},{questions[2].id}")
    page.get_by_role("button", name="Reveal the answer").click()
    page.locator(".hb-practice__followup").click()
    page.locator(".hb-practice__followups .hb-fu__toggle").click()
    page.locator(".hb-practice__mark--known").click()
    page.check("#hb-timer-on")
    states = {"card": axe_violations(page)}
    page.locator(".hb-practice__next").click()
    page.locator(".hb-practice__mark--review").click()
    page.locator(".hb-practice__next").click()
    page.locator(".hb-practice__end").wait_for()
    states["end"] = axe_violations(page)
    page = tab.open("practice/?mode=review")
    page.locator(".hb-box").wait_for()
    states["review"] = axe_violations(page)
    assert states == {"card": [], "end": [], "review": []}
