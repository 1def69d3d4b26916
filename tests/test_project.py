"""The house rules a newcomer relies on: one grammar, an installed package, settings set once."""

from __future__ import annotations

import re

from conftest import ROOT

CODE = [p for d in ("handbook", "hooks", "macros", "benchmarks", "tests") for p in (ROOT / d).rglob("*.py")]
HERE = __file__


def test_no_sys_path_edits():
    edits = [
        p.relative_to(ROOT) for p in CODE if str(p) != HERE and re.search(r"sys\.path\.(insert|append)|PYTHONPATH", p.read_text())
    ]
    assert edits == [], "import the installed `handbook` package instead"


# Tokens of the question format: headings with ids, metadata comments, blocks, comparison calls.
FORMAT_TOKENS = re.compile(r"""re\.compile\(\s*r?["'][^"']*(\\\?\\\?\\\?|\\^<!--|\\\{ ?#|comparison\\\(|\^##)""")


def test_one_reader_of_the_question_format():
    readers = [p.relative_to(ROOT).as_posix() for p in CODE if str(p) != HERE and FORMAT_TOKENS.search(p.read_text())]
    assert readers == ["handbook/grammar.py"], readers


def test_mkdocs_warning_switches_are_set_once():
    files = [p for p in ROOT.rglob("*") if p.is_file() and ".git" not in p.parts and ".venv" not in p.parts and p.suffix != ".md"]
    setting = [
        p.relative_to(ROOT).as_posix() for p in files if str(p) != HERE and "NO_MKDOCS_2_WARNING" in p.read_text(errors="ignore")
    ]
    assert setting == ["Makefile"], setting


def test_make_serve_watches_everything_a_writer_edits():
    config = (ROOT / "mkdocs.yml").read_text()
    watched = re.search(r"^watch:\n((?:  - .+\n)+)", config, re.M).group(1)
    assert {line.strip("- \n") for line in watched.splitlines()} >= {"macros", "handbook", "hooks", "overrides", "permalinks"}
