"""Editorial promises of every page: complete questions, runnable examples, full coverage."""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from handbook import lint
from handbook.comparisons import load_comparisons
from handbook.questions import domain_pages, read_pages, registry
from handbook.schema import COMPARISON_DATA

DOCS = ROOT / "docs"
PAGES = domain_pages(DOCS)
PARSED = {p.rel: p for p in read_pages(DOCS)}
# The seed inventory lives in the shared folder beside the project (or where HANDBOOK_SHARED says).
SHARED = Path(os.environ.get("HANDBOOK_SHARED", ROOT.parent / "shared"))
INVENTORY = SHARED / "seed-inventory.yml"
REGISTRY = registry(list(PARSED.values()), DOCS)
COMPARISONS = load_comparisons(ROOT / COMPARISON_DATA, {q.id for q in REGISTRY})

# One worker runs this module: its tests share one module-scoped set of builds or runs.
pytestmark = [pytest.mark.xdist_group("content")]


@pytest.mark.parametrize("rel", sorted(PARSED))
def test_page_meets_the_editorial_rules(rel):
    assert lint.check_page(PARSED[rel], COMPARISONS) == []


EXAMPLES = {f"{rel}:{line}": code for rel, page in sorted(PARSED.items()) for line, code in lint.python_blocks(page)}


@pytest.fixture(scope="module")
def example_runs() -> dict:
    """Every Python example, run once, all cores busy: each is its own process."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(EXAMPLES, pool.map(lint.run_block, EXAMPLES.values()), strict=True))


@pytest.mark.parametrize("example", EXAMPLES)
def test_python_example_runs(example_runs, example):
    result = example_runs[example]
    assert result.returncode == 0, result.stderr[-2000:]


def test_every_section_has_thirty_questions():
    counts = {d: sum(q.domain == d for q in REGISTRY) for d in ("ml", "nlp", "genai", "rag", "mlops", "serving")}
    assert all(n >= 30 for n in counts.values()), counts


def test_every_inventory_question_is_answered():
    answered = {name for q in REGISTRY for name in (q.id, *q.also)}
    missing = [e["id"] for e in inventory() if e["id"] not in answered]
    assert missing == []


def test_permalink_record_covers_every_question():
    record = json.loads((ROOT / "permalinks" / "published.json").read_text())
    new = [q.id for q in REGISTRY if q.id not in record]
    assert new == [], "new questions are not in permalinks/published.json: run `make permalinks`"


def test_levels_and_types_are_all_used():
    assert {q.level for q in REGISTRY} == {"mid", "senior", "staff"}
    assert {q.type for q in REGISTRY} >= {"conceptual", "design", "coding", "scenario", "behavioral"}


def test_no_empty_pages():
    for page in PAGES:
        assert any(q.page == page.relative_to(DOCS).as_posix() for q in REGISTRY), page


def test_pages_are_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text()
    for page in PAGES:
        assert page.relative_to(DOCS).as_posix() in nav, page


def inventory() -> list[dict]:
    if not INVENTORY.is_file():
        pytest.fail(
            f"the seed inventory is missing: expected {INVENTORY}. Clone the shared folder beside the project "
            "(../shared) or set HANDBOOK_SHARED to its path; these tests check that every seed question stays answered."
        )
    return yaml.safe_load(INVENTORY.read_text(encoding="utf-8"))


OWNER = {name: q for q in REGISTRY for name in (q.id, *q.also)}


def test_deep_dives_carry_chain_and_work_sample():
    entries = [e for e in inventory() if "work_sample" in e["has"]]
    assert len(entries) == 14
    thin = [e["id"] for e in entries if not {"chain", "worksample"} <= set(OWNER[e["id"]].blocks)]
    assert thin == []
    assert all(OWNER[e["id"]].id in COMPARISONS for e in entries)


SOURCE_LEVEL_TAGS = {
    "Beginner": "beginner",
    "Intermediate": "intermediate",
    "Advanced": "advanced",
    "Scenario-Based": "scenario-based",
    "AI Workflow & Tools": "workflow-and-tools",
    "Behavioral": "behavioural",
}


def test_serving_source_levels_stay_visible_as_tags():
    graded = [e for e in inventory() if e["level"] in SOURCE_LEVEL_TAGS]
    assert len(graded) == 50
    missing = [e["id"] for e in graded if SOURCE_LEVEL_TAGS[e["level"]] not in OWNER[e["id"]].tags]
    assert missing == []


def test_every_question_links_to_a_related_question():
    lonely = []
    for page in PARSED.values():
        for e in page.entries:
            text = "\n".join(page.lines[e.line - 1 : e.end])
            if "](" not in text or "#" not in "".join(text.split("](")[1:]):
                lonely.append(e.id)
    assert lonely == []


FIGURES = yaml.safe_load((ROOT / "tests" / "data" / "repeated-figures.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("figure", FIGURES, ids=[f["name"] for f in FIGURES])
def test_a_repeated_figure_has_one_value_everywhere(figure):
    """Figures stated on several pages agree: every mention has the expected value nearby."""
    mention, expect = re.compile(figure["mention"], re.I), re.compile(figure["expect"], re.I)
    pages_with_it, wrong = set(), []
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        for m in mention.finditer(text):
            pages_with_it.add(path.name)
            if not expect.search(text[max(0, m.start() - 250) : m.end() + 250]):
                line = text.count("\n", 0, m.start()) + 1
                wrong.append(f"{path.relative_to(DOCS)}:{line}: {text[m.start() : m.end() + 60]!r}")
    assert len(pages_with_it) >= 2, f"{figure['name']}: stated on fewer than two pages, so no longer a repeated figure"
    assert wrong == [], f"{figure['name']} should read /{figure['expect']}/ (source: {figure['source']})"
