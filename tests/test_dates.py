"""Nothing in the build depends on today's date: the same commit builds the same site next year."""

from __future__ import annotations

import datetime as dt
import textwrap

import time_machine
from conftest import ROOT
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from handbook import render
from handbook.questions import load_registry

A_YEAR_ON = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=366)

PAGE = textwrap.dedent(
    """\
    # Page

    ## Is this question dated? { #undated-question }
    <!-- level: mid | type: conceptual -->

    ??? answer "Answer"
        Outside git and without `reviewed:` it has no date.

    ??? followups "Follow-ups"
        - one
    """
)


def test_the_same_site_a_year_from_now(site, tmp_path):
    out = tmp_path / "site"
    with time_machine.travel(A_YEAR_ON, tick=True):
        assert dt.date.today() > dt.date.fromisoformat("2026-12-01") or dt.date.today().year > A_YEAR_ON.year - 1
        mkdocs_build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out), strict=True))
    files = sorted(
        p.relative_to(site.site) for p in site.site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml")
    )
    assert files == sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml"))
    for rel in files:
        assert (site.site / rel).read_bytes() == (out / rel).read_bytes(), rel


def test_a_question_without_a_date_never_becomes_today(tmp_path):
    docs = tmp_path / "docs"
    (docs / "ml").mkdir(parents=True)
    (docs / "ml" / "page.md").write_text(PAGE, encoding="utf-8")
    seen = []
    for when in (dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc), A_YEAR_ON):
        with time_machine.travel(when, tick=False):
            (q,) = load_registry(docs)
            seen.append((q.reviewed, render.badges(q)))
    assert seen[0] == seen[1] and seen[0][0] is None
    assert "Not yet reviewed" in seen[0][1] and "<time" not in seen[0][1]


def test_a_reviewed_date_is_kept_as_written(tmp_path):
    docs = tmp_path / "docs"
    (docs / "ml").mkdir(parents=True)
    (docs / "ml" / "page.md").write_text(
        PAGE.replace("conceptual -->", "conceptual | reviewed: 2025-03-04 -->"), encoding="utf-8"
    )
    with time_machine.travel(A_YEAR_ON, tick=False):
        (q,) = load_registry(docs)
    assert q.reviewed == "2025-03-04" and '<time datetime="2025-03-04">' in render.badges(q)


def test_git_dates_come_from_history_not_the_clock():
    with time_machine.travel(A_YEAR_ON, tick=False):
        later = {q.id: q.reviewed for q in load_registry(ROOT / "docs")}
    now = {q.id: q.reviewed for q in load_registry(ROOT / "docs")}
    assert later == now
    assert all(d is None or d < A_YEAR_ON.date().isoformat() for d in now.values())
