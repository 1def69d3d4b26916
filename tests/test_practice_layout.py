"""Layout and accessibility of the study tools: focus rings, touch targets, layout shift, page weight."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import Page

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
OURS = ".hb-practice, .hb-loop, .hb-progress-io, .hb-tools, .hb-page-tools, .hb-notice, li.hb-fu"

# Every control of ours on a page: buttons, fields, and the links that act as buttons.
CONTROLS = """
(scope) => Array.from(document.querySelectorAll(
  `:is(${scope}) :is(button, select, input, a.hb-action), a.hb-practise, a.hb-compare-link, a.hb-progress__due`
)).filter((el) => el.checkVisibility({ visibilityProperty: true }))
"""

RING = """
(el) => {
  const name = el.id || el.className || el.tagName; // before focus: Material adds a class then
  el.focus();
  const s = getComputedStyle(el);
  return {
    name,
    visible: el.matches(':focus-visible'),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== 'none',
  };
}
"""


def with_everything_shown(page) -> None:
    """A practice card with its answer, a follow-up and a mark, so every kind of control is there."""
    page.wait_for_function("document.getElementById('hb-practice').dataset.current")
    page.locator(".hb-practice__reveal").press("Enter")
    page.locator(".hb-practice__followup").press("Enter")
    page.locator(".hb-practice__followups .hb-fu__toggle").wait_for()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["practice/", "ml/fundamentals/", "practice/by-level/", ""])
def test_every_control_shows_a_focus_ring(tab, path):
    page = tab.open(path)
    if path == "practice/":
        with_everything_shown(page)
    if path == "ml/fundamentals/":
        page.locator("article details.followups summary").first.press("Enter")
    controls = page.evaluate_handle(CONTROLS, OURS)
    rings = [page.evaluate(RING, controls.evaluate_handle(f"c => c[{i}]")) for i in range(controls.evaluate("c => c.length"))]
    assert len(rings) >= (20 if path == "practice/" else 1)
    assert all(r["visible"] for r in rings), [r for r in rings if not r["visible"]]  # focused as from the keyboard
    assert [r["name"] for r in rings if not (r["outline"] or r["shadow"])] == []
    kinds = {r["name"] for r in rings}
    if path == "practice/":
        for kind in ("hb-timer-on", "hb-loop__url", "hb-import", "hb-fu__toggle", "hb-practice__mark hb-practice__mark--known"):
            assert any(kind in k for k in kinds), kind
        assert any(k.startswith("hb-loop-") for k in kinds)  # the loop's checkboxes


@pytest.mark.browser
@pytest.mark.parametrize("path", ["practice/", "ml/fundamentals/", "practice/by-type/", "ml/"])
def test_touch_targets_are_44px_on_a_phone(browser, server, path):
    t = Page(browser, server, **PHONE)
    page = t.open(path)
    if path == "practice/":
        with_everything_shown(page)
        page.locator(".hb-practice__mark--review").press("Enter")
    if path == "ml/fundamentals/":
        page.locator("article details.followups summary").first.press("Enter")
    sizes = page.evaluate(
        f"""() => ({CONTROLS})({OURS!r}).map((el) => {{
            const target = el.type === 'checkbox' || el.type === 'radio' ? el.closest('label') || el : el;
            const r = target.getBoundingClientRect();
            return [el.id || el.className || el.tagName, Math.round(r.width), Math.round(r.height)];
        }})"""
    )
    assert sizes
    small = [s for s in sizes if s[1] < 44 or s[2] < 44]
    assert small == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert t.errors == []
    t.close()


CLS = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
}).observe({ type: 'layout-shift', buffered: true });
"""


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("path", ["practice/", "ml/coding/", ""])
def test_pages_do_not_shift_as_the_scripts_fill_them(browser, server, path, device):
    """Practice reserves the space its card takes; topic pages reserve the tools' row; the home page its progress bar."""
    t = Page(browser, server, **(PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 800}}))
    t.page.add_init_script(CLS)
    page = t.open(path)
    ready = {"practice/": "#hb-practice[data-current]", "ml/coding/": ".hb-tools", "": ".hb-progress__bar"}[path]
    page.wait_for_selector(ready, state="attached")
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate("window.__cls") < (0.05 if path == "practice/" else 0.01)
    assert t.errors == []
    t.close()


# --- 13. No comparisons page outweighs a topic page


class _Count(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.elements += 1


def weight(html: str) -> tuple[int, int]:
    counter = _Count()
    counter.feed(html)
    return len(html.encode()), counter.elements


def test_each_comparisons_page_is_no_heavier_than_a_topic_page(site):
    labels = site.registry()["labels"]
    topics = {q["url"].split("#")[0] for q in site.questions()}
    heaviest = max(weight(site.html(p)) for p in topics)
    pages = [f"practice/comparisons/{d}/" for d in labels["domain"]]
    for page in pages:
        size, elements = weight(site.html(page))
        assert size <= heaviest[0] and elements <= max(weight(site.html(p))[1] for p in topics), page
    css = (site.site / "assets/stylesheets/handbook.css").read_text(encoding="utf-8")
    assert re.search(r"details\.compare\[open\] \{ content-visibility: auto;", css)  # only what is near the screen is laid out
    index = site.html("practice/comparisons/")
    assert "data-compare=" not in index and all(f'id="compare-{d}"' in index for d in labels["domain"])
    # Every comparison is on its domain's page, once.
    for q in site.questions():
        if q["has_comparison"]:
            assert len(re.findall(f'data-compare="{q["id"]}"', site.html(f"practice/comparisons/{q['domain']}/"))) == 1
