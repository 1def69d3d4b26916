"""Practice mode in Chromium: sessions, marks, the review queue, failures and progress files."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Page

pytestmark = pytest.mark.browser

DAY_MS = 24 * 3600 * 1000
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def current(page) -> str:
    page.wait_for_function("document.getElementById('hb-practice').dataset.current")
    return page.evaluate("document.getElementById('hb-practice').dataset.current")


def count(page) -> str:
    return page.locator(".hb-practice__count").inner_text()


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def next_card(page) -> None:
    """Next question (or Finish): wait for the next card or the end screen."""
    before = page.evaluate("document.getElementById('hb-practice').dataset.current || ''")
    page.locator(".hb-practice__next").click()
    moved = (
        "b => document.querySelector('.hb-practice__end') || (document.getElementById('hb-practice').dataset.current || '') !== b"
    )
    page.wait_for_function(moved, arg=before)


def mark(page, state: str) -> None:
    page.locator(f".hb-practice__mark--{state}").click()
    page.wait_for_function(f"document.querySelector('.hb-practice__mark--{state}').getAttribute('aria-pressed') === 'true'")


def stored(page, key: str = "hb-progress-v1") -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{key}') || '{{}}'"))


def store(page, progress: dict, study: dict | None = None) -> None:
    write = "([p, s]) => { localStorage.setItem('hb-progress-v1', p); localStorage.setItem('hb-study-v1', s); }"
    page.evaluate(write, [json.dumps(progress), json.dumps(study or {})])


def small_pool(questions, low: int, high: int) -> tuple[dict, list[str]]:
    """Filters (domain, level, type) that match between low and high questions, and their ids."""
    groups = Counter((q.domain, q.level, q.type) for q in questions)
    key = next(k for k, n in sorted(groups.items()) if low <= n <= high)
    filters = dict(zip(("domain", "level", "type"), key, strict=True))
    return filters, [q.id for q in questions if (q.domain, q.level, q.type) == key]


def forgive(tab, *patterns: str) -> None:
    """Drop the console errors a test provoked on purpose (a failed request logs one)."""
    tab.errors[:] = [e for e in tab.errors if not any(re.search(p, e) for p in patterns)]


# --- 1. Marks from the card, filters in the URL


def test_card_marks_known_review_unseen(tab):
    page = tab.open("practice/")
    qid = current(page)
    assert page.locator(".hb-practice__mark--unseen").get_attribute("aria-pressed") == "true"
    mark(page, "known")
    assert stored(page) == {qid: "known"}
    mark(page, "review")
    assert stored(page) == {qid: "review"}
    assert stored(page, "hb-study-v1")[qid]["box"] == 1
    assert "due again tomorrow" in page.locator(".hb-practice__saved").inner_text()
    mark(page, "unseen")
    assert stored(page) == {}
    assert [page.locator(f".hb-practice__mark--{s}").get_attribute("aria-pressed") for s in ("known", "review")] == ["false"] * 2


def test_filters_live_in_the_url_and_the_link_opens_the_same_session(tab, browser, server, questions):
    target = next(q for q in questions if q.level == "staff" and q.type == "design")
    page = tab.open("practice/")
    page.select_option("#hb-filter-domain", target.domain)
    page.select_option("#hb-filter-level", "staff")
    page.select_option("#hb-filter-type", "design")
    page.select_option("#hb-filter-status", "unseen")
    page.select_option("#hb-filter-length", "5")
    q = query(page)
    assert {k: q[k] for k in ("domain", "level", "type", "status", "n")} == {
        "domain": target.domain,
        "level": "staff",
        "type": "design",
        "status": "unseen",
        "n": "5",
    }
    assert re.fullmatch(r"[a-z0-9]+", q["seed"])
    first = current(page)
    by_id = {x.id: x for x in questions}
    assert (by_id[first].domain, by_id[first].level, by_id[first].type) == (target.domain, "staff", "design")
    # A colleague (a fresh browser) opening the link gets the same filters and the same order.
    colleague = Page(browser, server, viewport={"width": 1280, "height": 900})
    other = colleague.open(page.url.split(server, 1)[1])
    assert current(other) == first
    assert [other.input_value(f"#hb-filter-{k}") for k in ("domain", "level", "type", "status", "length")] == [
        target.domain,
        "staff",
        "design",
        "unseen",
        "5",
    ]
    assert colleague.errors == []
    colleague.close()


def test_unseen_only_and_review_only(tab, questions):
    filters, pool = small_pool(questions, 6, 9)
    page = tab.open("practice/")
    store(page, {pool[0]: "review", pool[1]: "known", pool[2]: "review"})
    params = "&".join(f"{k}={v}" for k, v in filters.items())
    page = tab.open(f"practice/?{params}&status=review&n=all")
    seen = []
    while not page.locator(".hb-practice__end").count():
        seen.append(current(page))
        next_card(page)
    assert sorted(seen) == sorted([pool[0], pool[2]])
    page = tab.open(f"practice/?{params}&status=unseen&n=all")
    assert page.locator(".hb-practice__status").inner_text() == f"{len(pool) - 3} questions match these filters"


# --- 2. Sessions: n of N, no repeats until the pool runs out, the end screen


def test_sessions_draw_without_repeats_and_end_with_what_was_marked(tab, questions):
    filters, pool = small_pool(questions, 7, 9)
    params = "&".join(f"{k}={v}" for k, v in filters.items())
    page = tab.open(f"practice/?{params}&n=5")
    seen: list[str] = []
    for i in range(1, 6):
        assert count(page) == f"Question {i} of 5"
        seen.append(current(page))
        if i == 2:
            mark(page, "known")
        if i == 4:
            mark(page, "review")
        next_card(page)
    assert len(set(seen)) == 5 and set(seen) <= set(pool)
    end = page.locator(".hb-practice__end")
    assert "Session done: 5 questions" in end.inner_text()
    assert "1 marked Review · 1 marked Known · 3 not marked" in end.inner_text()
    review_links = end.locator("section", has_text="Review (1)").locator("a")
    assert review_links.count() == 1 and review_links.first.get_attribute("href").endswith("#" + seen[3])
    assert end.locator("section", has_text="Known (1)").locator("a").first.get_attribute("href").endswith("#" + seen[1])
    # The same shuffle goes on: the rest of the pool, then nothing left.
    rest = len(pool) - 5
    page.get_by_role("button", name=f"Next {rest} question").click()
    for i in range(1, rest + 1):
        assert count(page) == f"Question {i} of {rest}"
        seen.append(current(page))
        next_card(page)
    assert sorted(seen) == sorted(pool)
    assert "every question that matches" in page.locator(".hb-practice__end").inner_text()
    # A new shuffle starts over, in another order, with all of them again.
    page.get_by_role("button", name="New shuffle").click()
    assert count(page) == "Question 1 of 5" and current(page) in pool


def test_the_order_is_fixed_by_the_seed(tab, questions):
    page = tab.open("practice/?n=20&seed=abc123")
    order = []
    for _ in range(4):
        order.append(current(page))
        next_card(page)
    again = tab.open("practice/?n=20&seed=abc123")
    replay = []
    for _ in range(4):
        replay.append(current(again))
        next_card(again)
    assert replay == order and len(set(order)) == 4
    other = tab.open("practice/?n=20&seed=zzz999")
    shuffled = []
    for _ in range(4):
        shuffled.append(current(other))
        next_card(other)
    assert shuffled != order


# --- 3. The review queue: Leitner boxes on Date.now(), driven by Playwright's clock


def test_review_comes_back_on_the_leitner_schedule(tab):
    tab.page.clock.install(time=T0)
    page = tab.open("practice/")
    qid = current(page)
    mark(page, "review")
    due = page.locator(".hb-practice__due")
    assert due.inner_text() == "Review due (0)"
    page.clock.fast_forward(23 * 3600 * 1000)
    assert due.inner_text() == "Review due (0)"
    page.clock.fast_forward(2 * 3600 * 1000)  # past the 1-day interval of box 1: the minute tick recounts
    page.wait_for_function("document.querySelector('.hb-practice__due').textContent === 'Review due (1)'")
    due.click()
    assert current(page) == qid
    assert count(page) == "Review queue: question 1 of 1"
    assert page.locator(".hb-box").inner_text() == "Box 1 of 5"
    mark(page, "known")  # knew it: box 2, back in 3 days
    entry = stored(page, "hb-study-v1")[qid]
    assert entry["box"] == 2 and entry["due"] - entry["at"] == 3 * DAY_MS
    assert "Moved up to box 2 of 5: due again in 3 days" in page.locator(".hb-practice__saved").inner_text()
    mark(page, "review")  # changed their mind: a miss sends it back to box 1, not box 3 and down
    assert stored(page, "hb-study-v1")[qid]["box"] == 1
    mark(page, "known")
    assert stored(page, "hb-study-v1")[qid]["box"] == 2
    next_card(page)
    assert "Review session done: 1 question" in page.locator(".hb-practice__end").inner_text()
    # Through every box: 3, 7, 14 and 30 days, then it is Known and leaves the queue.
    for box, days in ((2, 3), (3, 7), (4, 14), (5, 30)):
        page.clock.fast_forward(days * DAY_MS + 60_000)
        page = tab.open("practice/?mode=review")
        assert current(page) == qid, box
        assert page.locator(".hb-box").inner_text() == f"Box {box} of 5"
        mark(page, "known")
    assert stored(page) == {qid: "known"}
    assert "it leaves the review queue" in page.locator(".hb-practice__saved").inner_text()
    page.clock.fast_forward(365 * DAY_MS)
    page = tab.open("practice/?mode=review")
    assert "Nothing to review yet" in page.locator(".hb-practice__empty").inner_text()


def test_review_queue_says_when_the_next_review_is_due(tab, questions):
    tab.page.clock.install(time=T0)
    page = tab.open("practice/")
    now = page.evaluate("Date.now()")
    store(page, {questions[0].id: "review"}, {questions[0].id: {"at": now, "box": 3, "due": now + 7 * DAY_MS}})
    page = tab.open("practice/?mode=review")
    assert page.locator(".hb-practice__empty").inner_text() == "No reviews are due. The next one is due in 7 days."


# --- 4. Follow-ups on the card: each answer behind its own button


def test_card_reveals_the_answer_then_followups_with_hidden_answers(tab):
    page = tab.open("practice/")
    card = page.locator(".hb-practice__card")
    assert card.locator(".hb-practice__answer").count() == 0
    page.get_by_role("button", name="Reveal the answer").click()
    card.locator(".hb-practice__answer").wait_for()
    assert len(card.locator(".hb-practice__answer").inner_text()) > 200
    more = page.locator(".hb-practice__followup")
    left = int(re.search(r"\((\d+) left\)", more.inner_text()).group(1))
    assert left >= 3
    items = card.locator(".hb-practice__followups > li")
    for shown in range(1, left + 1):
        more.click()
        assert items.count() == shown
        item = items.nth(shown - 1)
        assert item.locator(":scope > strong").is_visible()  # the follow-up question
        answer = item.locator(".hb-fu__answer")
        assert answer.is_hidden() and answer.inner_text().strip()
        toggle = item.locator(".hb-fu__toggle")
        assert toggle.inner_text() == "Show answer" and toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert answer.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        assert toggle.inner_text() == "Hide answer"
    assert more.is_hidden()


def test_timer_counts(tab):
    tab.page.clock.install(time=T0)
    page = tab.open("practice/")
    page.clock.pause_at(T0 + dt.timedelta(minutes=10))
    page.check("#hb-timer-on")
    assert page.locator(".hb-practice__clock").inner_text() == "00:00"
    page.clock.run_for(3000)
    assert page.locator(".hb-practice__clock").inner_text() == "00:03"


# --- 5. Open in the handbook, then Back: the session is where it was


def test_open_in_the_handbook_then_back_keeps_the_session(tab, questions):
    filters, _ = small_pool(questions, 6, 9)
    params = "&".join(f"{k}={v}" for k, v in filters.items())
    page = tab.open(f"practice/?{params}&n=5")
    first = current(page)
    mark(page, "known")
    next_card(page)
    second = current(page)
    page.get_by_role("button", name="Reveal the answer").click()
    page.locator(".hb-practice__followup").click()
    page.locator(".hb-practice__followups > li").first.wait_for()
    page.get_by_role("link", name="Open in the handbook").click()
    page.wait_for_url(f"**/*#{second}")
    page.locator(f"h2#{second}").wait_for()
    page.go_back()
    page.wait_for_function("window.handbook && document.body.dataset.hbReady === '1'")

    def as_left() -> None:
        assert current(page) == second
        assert count(page) == "Question 2 of 5"
        page.locator(".hb-practice__answer").wait_for()
        assert page.locator(".hb-practice__followups > li").count() == 1
        assert page.get_by_role("button", name="Reveal the answer").is_hidden()

    as_left()
    page.reload()
    page.wait_for_function("window.handbook && document.body.dataset.hbReady === '1'")
    as_left()
    for _ in range(4):
        next_card(page)
    assert "1 marked Known" in page.locator(".hb-practice__end").inner_text()
    assert (
        page.locator(".hb-practice__end")
        .locator("section", has_text="Known (1)")
        .locator("a")
        .get_attribute("href")
        .endswith("#" + first)
    )


# --- 6. Failures say so and offer a retry; the no-JavaScript text never shows with JavaScript on


def test_registry_failure_offers_a_retry(tab):
    failing = {"on": True}

    def handle(route):
        if failing["on"]:
            route.fulfill(status=503, body="unavailable")
        else:
            route.continue_()

    tab.page.route("**/questions.json", handle)
    page = tab.open("practice/")
    alert = page.locator(".hb-practice__error[role=alert]")
    assert "did not load: the server answered HTTP 503" in alert.inner_text()
    assert "needs JavaScript" not in page.locator("#hb-practice").inner_text()
    failing["on"] = False
    page.get_by_role("button", name="Try again").click()
    assert current(page)
    forgive(tab, r"status of 503")


def test_question_page_failure_offers_a_retry(tab):
    failing = {"on": True}

    def handle(route):
        if failing["on"] and route.request.resource_type == "fetch":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    tab.page.route(re.compile(r".*/(ml|nlp|genai|rag|mlops|serving)/[a-z-]+/$"), handle)
    page = tab.open("practice/")
    page.get_by_role("button", name="Reveal the answer").click()
    alert = page.locator(".hb-practice__revealed .hb-practice__error[role=alert]")
    assert "did not load from its page: the network request failed" in alert.inner_text()
    failing["on"] = False
    alert.get_by_role("button", name="Try again").click()
    page.locator(".hb-practice__answer").wait_for()
    assert alert.count() == 0
    forgive(tab, r"^failed: .*/(ml|nlp|genai|rag|mlops|serving)/", r"ERR_INTERNET_DISCONNECTED")


def test_no_javascript_text_never_shows_with_javascript(tab, browser, server):
    release = []
    tab.page.route("**/questions.json", lambda route: release.append(route))  # held: the page stays loading
    tab.page.goto(server + "practice/")
    tab.page.wait_for_function("document.querySelector('.hb-practice__loading')")
    for _ in range(100):  # the route handler runs when Playwright next hears from the browser
        if release:
            break
        tab.page.wait_for_timeout(20)
    root = tab.page.locator("#hb-practice")
    assert root.inner_text() == "Loading the questions…" and root.get_attribute("aria-busy") == "true"
    release[0].continue_()
    assert current(tab.page)
    nojs = Page(browser, server, java_script_enabled=False)
    page = nojs.page
    page.goto(server + "practice/")  # nothing of ours runs, so nothing to wait for
    assert "Practice mode needs JavaScript" in page.locator("#hb-practice").inner_text()
    nojs.close()


# --- Mock loops


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
        assert count(other) == f"Mock loop: question {i + 1} of 3"
        next_card(other)
    assert "Mock loop done: 3 questions" in other.locator(".hb-practice__end").inner_text()
    other.get_by_role("button", name="Go through the loop again").click()
    assert current(other) == picked[0]
    assert colleague.errors == []
    colleague.close()


# --- 10. Progress files: export, refusals, merge, undo; a refusing browser


def import_file(page, path: Path, text: str) -> str:
    path.write_text(text)
    page.evaluate("document.querySelector('.hb-progress-io__note').textContent = ''")
    page.set_input_files("#hb-import-file", str(path))
    page.wait_for_function("document.querySelector('.hb-progress-io__note').textContent !== ''")
    return page.locator(".hb-progress-io__note").inner_text()


def test_progress_export_import_round_trip(tab, questions, tmp_path):
    tab.page.clock.install(time=T0)
    page = tab.open(questions[0].url.split("#")[0])
    page.locator(f'.hb-meta[data-qid="{questions[0].id}"] select.hb-mark').select_option("review")
    page.locator(f'.hb-meta[data-qid="{questions[1].id}"] select.hb-mark').select_option("known")
    page = tab.open("practice/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    assert info.value.suggested_filename == "handbook-progress-2026-12-01.json"
    exported = json.loads(Path(info.value.path()).read_text())
    assert exported["format"] == "ai-interview-handbook/progress" and exported["version"] == 2
    assert exported["progress"] == {questions[0].id: "review", questions[1].id: "known"}
    assert exported["study"][questions[0].id]["box"] == 1  # the schedule travels with the marks
    page.evaluate("localStorage.clear()")
    note = import_file(page, tmp_path / "progress.json", json.dumps(exported))
    assert note.startswith("Imported 2 marks: 2 new")
    assert stored(page) == exported["progress"]
    assert stored(page, "hb-study-v1") == exported["study"]


REFUSED = {
    "empty object": ("{}", "not a progress export"),
    "list": ("[]", "not a progress export"),
    "not json": ("progress: known", "it is not JSON"),
    "future version": (
        json.dumps({"format": "ai-interview-handbook/progress", "version": 3, "progress": {}}),
        "comes from a newer version of the handbook",
    ),
    "foreign format": (json.dumps({"format": "other", "version": 1, "progress": {}}), "not a progress export"),
    "bad mark": (json.dumps({"version": 1, "progress": {"some-question": "maybe"}}), "damaged"),
    "bad schedule": (
        json.dumps(
            {"format": "ai-interview-handbook/progress", "version": 2, "progress": {"a": "review"}, "study": {"a": {"box": 9}}}
        ),
        "damaged",
    ),
}


def test_import_refuses_what_is_not_a_progress_export(tab, site, questions, tmp_path):
    page = tab.open("practice/")
    store(page, {questions[0].id: "known"}, {questions[0].id: {"at": 5}})
    before = (stored(page), stored(page, "hb-study-v1"))
    cases = {**REFUSED, "questions.json": ((site.site / "questions.json").read_text(), "question bank (questions.json)")}
    for name, (text, reason) in cases.items():
        note = import_file(page, tmp_path / f"{name}.json", text)
        assert reason in note and note.endswith("Nothing was changed."), (name, note)
        assert (stored(page), stored(page, "hb-study-v1")) == before, name
        assert page.locator(".hb-progress-io__undo").is_hidden()


def test_import_merges_newer_marks_and_can_be_undone(tab, questions, tmp_path):
    a, b, c, d = (q.id for q in questions[:4])
    page = tab.open("practice/")
    store(page, {a: "known", b: "review", c: "known"}, {a: {"at": 100}, b: {"at": 100, "box": 2, "due": 900}, c: {"at": 900}})
    before = (page.evaluate("localStorage.getItem('hb-progress-v1')"), page.evaluate("localStorage.getItem('hb-study-v1')"))
    export = {
        "format": "ai-interview-handbook/progress",
        "version": 2,
        "progress": {a: "review", c: "review", d: "known"},
        "study": {a: {"at": 500, "box": 1, "due": 600}, c: {"at": 200, "box": 1, "due": 300}, d: {"at": 50}},
    }
    note = import_file(page, tmp_path / "merge.json", json.dumps(export))
    assert note == "Imported 3 marks: 1 new, 1 updated, 1 kept as they were here, because yours were more recent."
    assert stored(page) == {a: "review", b: "review", c: "known", d: "known"}  # a: theirs newer; c: ours newer
    undo = page.get_by_role("button", name="Undo the import")
    undo.click()
    assert page.locator(".hb-progress-io__note").inner_text().startswith("Import undone")
    after = (page.evaluate("localStorage.getItem('hb-progress-v1')"), page.evaluate("localStorage.getItem('hb-study-v1')"))
    assert after == before and undo.is_hidden()
    # A version 1 file (marks only, from before the schedule) is read too; its reviews are due at once.
    page.evaluate("localStorage.clear()")
    note = import_file(page, tmp_path / "v1.json", json.dumps({"version": 1, "progress": {a: "review"}}))
    assert note.startswith("Imported 1 mark: 1 new")
    assert page.locator(".hb-practice__due").inner_text() == "Review due (1)"


STORAGE_FULL = "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
STORAGE_BLOCKED = """
window.__errors = [];
window.addEventListener('error', (e) => window.__errors.push(e.filename || 'inline'));
Object.defineProperty(window, 'localStorage', {
  get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
});
"""


def test_full_storage_is_reported_and_marking_still_works(tab, questions):
    tab.page.add_init_script(STORAGE_FULL)
    page = tab.open("practice/")
    mark(page, "review")
    assert "Not saved" in page.locator(".hb-practice__saved").inner_text()
    assert "storage for the handbook is full" in page.locator(".hb-notice[role=alert]").inner_text()
    assert page.locator(".hb-practice__due").inner_text() == "Review due (0)"  # the page remembers it
    page.get_by_role("button", name="Dismiss").click()
    assert page.locator(".hb-notice").count() == 0
    page = tab.open(questions[0].url.split("#")[0])
    page.locator(f'.hb-meta[data-qid="{questions[0].id}"] select.hb-mark').select_option("known")
    assert "cannot be saved" in page.locator(".hb-notice").inner_text()


def test_blocked_storage_is_reported_and_our_scripts_throw_nothing(browser, server, questions):
    t = Page(browser, server, viewport={"width": 1280, "height": 900})
    t.page.add_init_script(STORAGE_BLOCKED)
    page = t.open("practice/")
    mark(page, "known")
    assert "does not let the handbook store data" in page.locator(".hb-notice").inner_text()
    assert page.locator(".hb-practice__mark--known").get_attribute("aria-pressed") == "true"
    sources = page.evaluate("window.__errors")
    page = t.open(questions[0].url.split("#")[0])
    assert page.locator(".hb-notice").count() == 0  # told when a mark cannot be saved, not on every page
    page.locator(f'.hb-meta[data-qid="{questions[0].id}"] select.hb-mark').select_option("review")
    assert "cannot be saved" in page.locator(".hb-notice").inner_text()
    page.get_by_role("button", name="Expand all").click()
    sources += page.evaluate("window.__errors")
    # The theme's own scripts read localStorage without a guard; ours never let an error out.
    assert not [s for s in sources if "handbook.js" in s or "practice.js" in s], sources
    t.close()


def test_a_loop_follows_renamed_ids_and_says_when_none_exist(tab, site, questions):
    aliases = site.registry()["aliases"]
    old, url = next(iter(aliases.items()))
    new = url.split("#")[1]
    page = tab.open(f"practice/?ids={old},{questions[5].id}")
    assert current(page) == new  # the old id opens the question that answers it now
    page = tab.open("practice/?ids=no-such-question,gone-too")
    empty = page.locator(".hb-practice__empty")
    empty.wait_for()
    assert "no-such-question" in empty.inner_text() and "exists any more" in empty.inner_text()
    assert page.evaluate("document.getElementById('hb-practice').dataset.current") is None
