"""Reader features in Chromium: practice mode, mock loops, progress files, accessibility."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Page

pytestmark = pytest.mark.browser


def current(page) -> str:
    page.wait_for_function("document.getElementById('hb-practice').dataset.current")
    return page.evaluate("document.getElementById('hb-practice').dataset.current")


def test_practice_filters_draw_matching_questions(tab, questions):
    by_id = {q.id: q for q in questions}
    target = next(q for q in questions if q.level == "staff")
    page = tab.open("practice/")
    page.select_option("#hb-filter-domain", target.domain)
    page.select_option("#hb-filter-level", "staff")
    seen = set()
    for _ in range(6):
        qid = current(page)
        assert (by_id[qid].domain, by_id[qid].level) == (target.domain, "staff")
        seen.add(qid)
        page.get_by_role("button", name="Next question").click()
        page.wait_for_timeout(100)
    expected = sum(q.domain == target.domain and q.level == "staff" for q in questions)
    assert page.locator(".hb-practice__status").inner_text() == f"{expected} questions match"


def test_practice_reveals_answer_then_followups_one_at_a_time(tab):
    page = tab.open("practice/")
    card = page.locator(".hb-practice__card")
    assert card.locator(".hb-practice__answer").count() == 0
    page.get_by_role("button", name="Reveal the answer").click()
    card.locator(".hb-practice__answer").wait_for()
    assert len(card.locator(".hb-practice__answer").inner_text()) > 200
    more = page.locator(".hb-practice__followup")
    left = int(more.inner_text().split("(")[1].split()[0])
    assert left >= 3
    for shown in range(1, left + 1):
        more.click()
        assert card.locator(".hb-practice__followups > li").count() == shown
    assert more.is_hidden()


def test_practice_timer_counts(tab):
    page = tab.open("practice/")
    page.check("#hb-timer-on")
    page.wait_for_function("document.querySelector('.hb-practice__clock').textContent >= '00:01'", timeout=5000)
    assert re.fullmatch(r"00:0[1-5]", page.locator(".hb-practice__clock").inner_text())


def test_mock_loop_url_opens_that_set_in_order(tab, questions, browser, server):
    picked = [questions[3].id, questions[40].id, questions[-2].id]
    page = tab.open("practice/")
    for qid in picked:
        page.check(f"#hb-loop-{qid}")
    url = page.locator(".hb-loop__url").input_value()
    assert url.endswith("practice/?ids=" + ",".join(picked))
    colleague = Page(browser, server, viewport={"width": 1280, "height": 900})
    other = colleague.open(url.split(server, 1)[1])
    for i, qid in enumerate(picked):
        assert current(other) == qid
        assert other.locator(".hb-practice__status").inner_text() == f"Mock loop: question {i + 1} of 3"
        other.get_by_role("button", name="Next question").click()
        other.wait_for_function(f"document.getElementById('hb-practice').dataset.current !== '{qid}'")
    assert colleague.errors == []
    colleague.close()


def test_progress_export_import_round_trip(tab, questions, tmp_path):
    page = tab.open(questions[0].url.split("#")[0])
    page.locator(f'.hb-meta[data-qid="{questions[0].id}"] select.hb-mark').select_option("review")
    page.locator(f'.hb-meta[data-qid="{questions[1].id}"] select.hb-mark').select_option("known")
    page = tab.open("practice/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    exported = Path(info.value.path()).read_text()
    assert json.loads(exported)["progress"] == {questions[0].id: "review", questions[1].id: "known"}
    page.evaluate("localStorage.clear()")
    saved = tmp_path / "progress.json"
    saved.write_text(exported)
    page.set_input_files("#hb-import-file", str(saved))
    page.wait_for_function("document.querySelector('.hb-progress-io__note').textContent.startsWith('Imported')")
    assert json.loads(page.evaluate("localStorage.getItem('hb-progress-v1')")) == json.loads(exported)["progress"]


AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "ml/", "practice/", "practice/comparisons/", "serving/llm-serving/"])
def test_no_accessibility_violations(tab, path, scheme):
    tab.page.emulate_media(color_scheme=scheme)
    page = tab.open(path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], "\n".join(map(str, violations))
