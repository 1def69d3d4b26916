"""The build side of the study tools: practise links, comparisons per domain, labels, the documented schedule."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from handbook import render
from handbook.errors import HandbookError
from handbook.questions import Question
from handbook.schema import DOMAINS, labels

ROOT = Path(__file__).resolve().parent.parent


def question(qid: str, domain: str, level: str = "senior", type_: str = "design") -> Question:
    page = f"{domain}/topic.md"
    return Question(
        id=qid, domain=domain, title=f"Title of {qid}", level=level, type=type_, page=page, url=f"{page}#{qid}", line=1
    )


COMPARISON = {"senior": ["s"], "staff": ["t"], "weak": ["w"], "strong": ["g"]}


def test_practise_links_are_relative_to_the_page():
    assert render.practise_link("practice/by-level.md", "level", "staff", "Go") == "[Go](index.md?level=staff){ .hb-practise }"
    assert render.practise_link("ml/index.md", "domain", "ml", "Go") == "[Go](../practice/index.md?domain=ml){ .hb-practise }"


def test_level_and_type_lists_open_practice_with_their_filter():
    qs = [question("a", "ml", "staff"), question("b", "rag", "staff"), question("c", "ml", "mid", "behavioral")]
    by_level = render.grouped_index(qs, "level", "practice/by-level.md")
    assert "[Practise the 2 Staff questions](index.md?level=staff){ .hb-practise }" in by_level
    assert "[Practise the 1 Mid questions](index.md?level=mid){ .hb-practise }" in by_level
    by_type = render.grouped_index(qs, "type", "practice/by-type.md")
    assert "[Practise the 1 Behavioural questions](index.md?type=behavioral){ .hb-practise }" in by_type
    domain = render.domain_index(qs, "ml", "ml/index.md", {})
    assert "[Practise the 2 ML questions](../practice/index.md?domain=ml){ .hb-practise }" in domain


def test_comparisons_come_one_domain_per_page_and_the_index_keeps_the_anchors():
    qs = [question("a", "ml"), question("b", "rag"), question("c", "ml"), question("d", "nlp")]
    data = {"a": COMPARISON, "b": COMPARISON, "c": COMPARISON}
    ml = render.all_comparisons(qs, data, "practice/comparisons/ml.md", "ml")
    assert re.findall(r'data-compare="(\w)"', ml) == ["a", "c"]
    assert "## [Title of a](../../ml/topic.md#a)" in ml
    index = render.comparisons_index(qs, data, "practice/comparisons/index.md")
    assert "{ #compare-ml }" in index and "{ #compare-rag }" in index and "compare-nlp" not in index
    assert '[All 2 ML comparisons](ml.md){ .hb-compare-link data-domain="ml" }' in index
    assert "data-compare" not in index


def test_all_comparisons_refuses_an_unknown_domain():
    from macros import main

    macros = {}
    env = SimpleNamespace(
        conf={"docs_dir": str(ROOT / "docs")},
        page=SimpleNamespace(file=SimpleNamespace(src_uri="practice/comparisons/ml.md")),
        macro=lambda f: macros.setdefault(f.__name__, f),
    )
    main.define_env(env)
    with pytest.raises(HandbookError, match="unknown domain 'robotics'"):
        macros["all_comparisons"]("robotics")


def test_registry_labels_carry_the_progress_marks():
    assert labels()["status"] == {"unseen": "Unseen", "review": "Review", "known": "Known"}
    assert labels()["type"]["behavioral"] == "Behavioural"
    assert set(labels()["domain"]) == set(DOMAINS)


def test_the_documented_review_schedule_is_the_one_the_script_keeps():
    script = (ROOT / "docs/assets/javascripts/handbook.js").read_text(encoding="utf-8")
    days = [int(d) for d in re.search(r"const BOX_DAYS = \[([\d, ]+)\]", script).group(1).split(",")]
    page = (ROOT / "docs/practice/index.md").read_text(encoding="utf-8")
    table = re.search(r"^\| Due again after \|(.*)\|$", page, re.M).group(1)
    assert [int(cell.split()[0]) for cell in table.split("|")] == days
    assert f"box {len(days)}" in page
