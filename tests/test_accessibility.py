"""Accessibility in Chromium: axe finds nothing on every kind of page, in light and dark.

A file of its own so that the test workers share the load evenly.
"""

from __future__ import annotations

import pytest
from test_reader import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        "",
        "ml/",
        "practice/",
        "practice/by-level/",
        "practice/by-type/",
        "practice/comparisons/",
        "practice/comparisons/ml/",
        "serving/llm-serving/",
        # One topic page of every other domain: tables, code, formulas, comparisons, long follow-ups.
        "ml/deep-learning/",
        "nlp/architecture/",
        "genai/llm-behaviour/",
        "rag/advanced/",
        "mlops/governance/",
        "404.html",
    ],
)
def test_no_accessibility_violations(tab, path, scheme):
    tab.page.emulate_media(color_scheme=scheme)
    page = tab.open(path)
    violations = axe_violations(page)
    assert violations == [], "\n".join(map(str, violations))
