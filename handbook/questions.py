"""The question registry: every question of every domain page, checked across pages.

Pages are read by :mod:`handbook.grammar`; this module turns its entries into
the records the site publishes and checks what no single page can: ids unique
across the site, no id that shadows another question's ``-answer`` anchor, no
empty question page, and each page's last-reviewed date.
"""

from __future__ import annotations

import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import grammar
from .errors import HandbookError, raise_all
from .schema import DOMAINS

ID_RE = grammar.ID_RE


@dataclass
class Question:
    id: str
    domain: str
    title: str
    level: str
    type: str
    page: str  # source path relative to docs/, e.g. "ml/evaluation.md"
    url: str  # site-relative, ends in "#id"
    line: int
    freq: str | None = None
    tags: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    reviewed: str | None = None  # YYYY-MM-DD; None when neither git nor the page gives a date
    blocks: list[str] = field(default_factory=list)
    has_comparison: bool = False

    def public(self) -> dict:
        """The record published in questions.json."""
        data = asdict(self)
        data.pop("line")
        return data


def answer_anchor(qid: str) -> str:
    return f"{qid}-answer"


def page_url(src: str) -> str:
    stem = src[:-3] if src.endswith(".md") else src
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def is_question_page(rel: str) -> bool:
    """Domain pages other than the generated index hold questions."""
    domain, _, name = rel.partition("/")
    return domain in DOMAINS and "/" not in name and name.endswith(".md") and name != "index.md"


def domain_pages(docs_dir: Path) -> list[Path]:
    return sorted(p for d in DOMAINS for p in (docs_dir / d).glob("*.md") if p.name != "index.md")


def git_dates(docs_dir: Path) -> dict[str, str]:
    """Last commit date (YYYY-MM-DD) of each page, relative to docs_dir; empty outside git."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--relative", "--", "."],
            cwd=docs_dir,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and line not in dates:
            dates[line] = date
    return dates


def last_commit_epoch(docs_dir: Path) -> str | None:
    """Unix time of the last commit that touched the pages, or None outside git."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."], cwd=docs_dir, capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def questions_of(page: grammar.Page) -> list[Question]:
    """The records of one parsed page (its errors stay on the page)."""
    domain = page.rel.split("/", 1)[0]
    out = []
    for e in page.entries:
        out.append(
            Question(
                id=e.id,
                domain=domain,
                title=e.title,
                level=e.meta.get("level", ""),
                type=e.meta.get("type", ""),
                page=page.rel,
                url=f"{page_url(page.rel)}#{e.id}",
                line=e.line,
                freq=e.meta.get("freq"),
                tags=list(e.meta.get("tags", [])),
                also=list(e.meta.get("also", [])),
                reviewed=e.meta.get("reviewed"),
                blocks=e.kinds,
            )
        )
    return out


def check_across(pages: list[grammar.Page], questions: list[Question]) -> list[HandbookError]:
    """What no single page can check: unique ids and anchors, no empty page."""
    errors: list[HandbookError] = []
    seen: dict[str, Question] = {}
    for q in questions:
        for name in [q.id, *q.also]:
            if name in seen:
                other = seen[name]
                errors.append(
                    HandbookError(
                        q.page,
                        q.id,
                        "id",
                        f"line {q.line}: id '{name}' is already used by '{other.id}' in {other.page} (line {other.line})",
                    )
                )
            else:
                seen[name] = q
    for q in questions:
        for name in [q.id, *q.also]:
            if name.endswith("-answer") and name[: -len("-answer")] in seen:
                owner = seen[name[: -len("-answer")]]
                errors.append(
                    HandbookError(
                        q.page,
                        q.id,
                        "id",
                        f"line {q.line}: '{name}' is the answer anchor of '{owner.id}' ({owner.page}): choose another id",
                    )
                )
    for page in pages:
        if not page.entries and not page.errors:
            errors.append(
                HandbookError(
                    page.rel, None, "questions", "the page has no questions: add one, or remove the page and its nav entry"
                )
            )
    return errors


def read_pages(docs_dir: Path) -> list[grammar.Page]:
    return [grammar.read(path, path.relative_to(docs_dir).as_posix()) for path in domain_pages(docs_dir)]


def collect(pages: list[grammar.Page]) -> tuple[list[Question], list[HandbookError]]:
    """The questions of parsed pages, and every problem with them."""
    questions = [q for page in pages for q in questions_of(page)]
    return questions, [e for page in pages for e in page.errors] + check_across(pages, questions)


def stamp_reviewed(questions: list[Question], docs_dir: Path) -> None:
    """A question's `reviewed:` date, else its page's last commit date.

    A page outside git and without `reviewed:` has no date: it never becomes "today".
    """
    dates = git_dates(docs_dir)
    for q in questions:
        q.reviewed = q.reviewed or dates.get(q.page)


def registry(pages: list[grammar.Page], docs_dir: Path) -> list[Question]:
    """The questions of parsed pages; raises every problem found, all at once."""
    questions, errors = collect(pages)
    raise_all(errors)
    stamp_reviewed(questions, docs_dir)
    return questions


def load_registry(docs_dir: Path | str) -> list[Question]:
    """Every question of every domain page; raises on any bad page."""
    docs_dir = Path(docs_dir)
    return registry(read_pages(docs_dir), docs_dir)
