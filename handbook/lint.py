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
from dataclasses import dataclass
from pathlib import Path

from .codeguard import scan_fences
from .comparisons import parse_file
from .errors import HandbookError
from .questions import BLOCK_RE, HEADING_RE, Question, domain_pages, parse_page
from .schema import COMPARISON_DATA

MIN_ANSWER_WORDS = 120
MIN_FOLLOWUPS = 3
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_ITEM = re.compile(r"^ {4}(?:[-*+]|\d+\.) ")


@dataclass
class Section:
    question: Question
    blocks: dict[str, list[str]]  # kind -> body lines (dedented by 4)
    text: str


def sections(text: str, questions: list[Question]) -> list[Section]:
    lines = text.split("\n")
    inside = dict(scan_fences(lines))
    starts = [i for i, line in enumerate(lines) if not inside[i] and HEADING_RE.match(line)]
    ends = [*starts[1:], len(lines)] if starts else []
    out = []
    for q, start, end in zip(questions, starts, ends, strict=True):
        blocks: dict[str, list[str]] = {}
        kind = None
        for i in range(start + 1, end):
            line = lines[i]
            m = None if inside[i] else BLOCK_RE.match(line)
            if m:
                kind = m.group("kind")
                blocks[kind] = []
            elif kind and (line.startswith("    ") or not line.strip()):
                blocks[kind].append(line)
            elif line.strip():
                kind = None
        out.append(Section(q, blocks, "\n".join(lines[start:end])))
    return out


def check_page(path: Path, rel: str, comparisons: dict) -> list[str]:
    errors: list[HandbookError] = []
    text = path.read_text(encoding="utf-8")
    questions = parse_page(text, rel, errors)
    problems = [str(e) for e in errors]
    for s in sections(text, questions):
        q = s.question
        answer = "\n".join(s.blocks.get("answer", []))
        words = len(_WORD.findall(re.sub(r"```.*?```", " ", answer, flags=re.DOTALL)))
        if words < MIN_ANSWER_WORDS:
            problems.append(f"{rel}: {q.id}: answer has {words} words (at least {MIN_ANSWER_WORDS})")
        followups = sum(1 for line in s.blocks.get("followups", []) if _ITEM.match(line))
        if followups < MIN_FOLLOWUPS:
            problems.append(f"{rel}: {q.id}: {followups} follow-ups (at least {MIN_FOLLOWUPS})")
        call = f'{{{{ comparison("{q.id}") }}}}'
        if q.level in ("senior", "staff") and q.id not in comparisons:
            problems.append(f"{rel}: {q.id}: {q.level} question without a comparison entry")
        if q.id in comparisons and call not in s.text:
            problems.append(f"{rel}: {q.id}: has comparison data but the section lacks {call}")
    return problems


_PY_FENCE = re.compile(r"^(?P<indent> *)```python[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.DOTALL | re.MULTILINE)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """Every ```python block of a page, dedented, with its line number."""
    out = []
    for m in _PY_FENCE.finditer(text):
        indent = len(m.group("indent"))
        body = "\n".join(line[indent:] for line in m.group("body").split("\n"))
        out.append((text.count("\n", 0, m.start()) + 1, body))
    return out


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
        problems += check_page(path, rel, comparisons)
        for line, code in python_blocks(path.read_text(encoding="utf-8")):
            result = run_block(code)
            if result.returncode:
                problems.append(f"{rel}:{line}: python block failed:\n{result.stderr.strip()[-800:]}")
    for p in problems:
        print(p)
    print(f"{len(paths)} pages checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
