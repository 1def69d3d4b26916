"""Editorial rules for question pages, beyond what the build enforces.

The build refuses broken data; these rules hold the writing to the handbook's
standard (a real answer, at least three follow-ups, comparisons on senior and
staff questions). The test suite runs them on every page, and
``python -m handbook.lint docs/ml/coding.md ...`` runs them on a few pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from . import grammar
from .comparisons import parse_file
from .errors import HandbookError
from .questions import domain_pages
from .schema import COMPARISON_DATA

MIN_ANSWER_WORDS = 120
MIN_FOLLOWUPS = 3
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


def answer_words(block: grammar.Block) -> int:
    """Words of an answer, code blocks left out."""
    text = "\n".join(block.body)
    return len(_WORD.findall(re.sub(r"```.*?```", " ", text, flags=re.DOTALL)))


def check_page(page: grammar.Page, comparisons: dict) -> list[str]:
    problems = [str(e) for e in page.errors]
    rel = page.rel
    for e in page.entries:
        answer = e.block("answer")
        words = answer_words(answer) if answer else 0
        if words < MIN_ANSWER_WORDS:
            problems.append(f"{rel}: {e.id}: answer has {words} words (at least {MIN_ANSWER_WORDS})")
        followups = e.block("followups")
        count = len(followups.items()) if followups else 0
        if count < MIN_FOLLOWUPS:
            problems.append(f"{rel}: {e.id}: {count} follow-ups (at least {MIN_FOLLOWUPS})")
        level = e.meta.get("level")
        called = any(qid == e.id for _, qid in e.calls)
        if level in ("senior", "staff") and e.id not in comparisons:
            problems.append(f"{rel}: {e.id}: {level} question without a comparison entry")
        if e.id in comparisons and not called:
            problems.append(f'{rel}: {e.id}: has comparison data but the question lacks {{{{ comparison("{e.id}") }}}}')
        if "numbers" in e.kinds and "sources" not in e.kinds:
            problems.append(f"{rel}: {e.id}: has a numbers block but no sources block")
    return problems


def python_blocks(page: grammar.Page) -> list[tuple[int, str]]:
    """Every ```python block of a page, with its line number."""
    return [(f.line, "\n".join(f.body)) for f in page.fenced("python")]


def run_block(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    data_dir = root / COMPARISON_DATA
    errors: list[HandbookError] = []
    comparisons: dict = {}
    for f in sorted(data_dir.glob("*.y*ml")):
        comparisons.update(parse_file(f, f.relative_to(root).as_posix(), errors))
    problems = [str(e) for e in errors]
    docs = root / "docs"
    paths = [Path(a).resolve() for a in argv] or domain_pages(docs)
    for path in paths:
        rel = path.relative_to(docs).as_posix()
        page = grammar.read(path, rel)
        problems += check_page(page, comparisons)
        for line, code in python_blocks(page):
            result = run_block(code)
            if result.returncode:
                problems.append(f"{rel}:{line}: python block failed:\n{result.stderr.strip()[-800:]}")
    for p in problems:
        print(p)
    print(f"{len(paths)} pages checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
