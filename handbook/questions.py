"""Read the question registry out of the pages themselves.

The pages are the single source of truth: every level-2 heading in a domain
page is a question, written as::

    ## What is the bias-variance trade-off? { #bias-variance-tradeoff }
    <!-- level: mid | type: conceptual | freq: very common -->

followed by collapsible blocks (``??? answer "Answer"``, ``??? followups
"Follow-ups"`` and the optional ones in ``schema.BLOCKS``).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .codeguard import scan_fences
from .errors import HandbookError, raise_all
from .schema import BLOCKS, DOMAINS, FREQUENCIES, LEVELS, REQUIRED_BLOCKS, TAGS, TYPES

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADING_RE = re.compile(r"^## (?P<title>.+?)\s+\{ #(?P<id>[^\s}]+) \}\s*$")
ANY_H2_RE = re.compile(r"^##\s")
META_RE = re.compile(r"^<!--\s*(?P<body>(?:level|type|freq|tags|also|reviewed):.*?)\s*-->\s*$")
BLOCK_RE = re.compile(r'^(?:\?\?\?\+?|!!!)\s+(?P<kind>[a-z-]+)(?:\s+"(?P<title>[^"]*)")?\s*$')
META_KEYS = {"level", "type", "freq", "tags", "also", "reviewed"}


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
    reviewed: str | None = None
    blocks: list[str] = field(default_factory=list)
    has_comparison: bool = False

    def public(self) -> dict:
        """The record published in questions.json."""
        data = asdict(self)
        data.pop("line")
        return data


def page_url(src: str) -> str:
    stem = src[:-3] if src.endswith(".md") else src
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def domain_pages(docs_dir: Path) -> list[Path]:
    return sorted(p for d in DOMAINS for p in (docs_dir / d).glob("*.md") if p.name != "index.md")


def git_dates(docs_dir: Path) -> dict[str, str]:
    """Last commit date (YYYY-MM-DD) of each page, relative to docs_dir."""
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


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parse_meta(body: str, rel: str, qid: str, errors: list[HandbookError]) -> dict:
    meta: dict = {}
    for part in body.split("|"):
        if not part.strip():
            continue
        key, sep, value = part.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in META_KEYS:
            errors.append(HandbookError(rel, qid, key or "meta", f"unknown metadata item '{part.strip()}'"))
            continue
        meta[key] = value
    checks = (("level", LEVELS, True), ("type", TYPES, True), ("freq", FREQUENCIES, False))
    for key, allowed, required in checks:
        value = meta.get(key)
        if value is None:
            if required:
                errors.append(HandbookError(rel, qid, key, "missing"))
        elif value not in allowed:
            errors.append(HandbookError(rel, qid, key, f"must be one of {', '.join(allowed)} (got '{value}')"))
    meta["tags"] = _split_list(meta.get("tags", ""))
    for tag in meta["tags"]:
        if tag not in TAGS:
            errors.append(HandbookError(rel, qid, "tags", f"unknown tag '{tag}' (known: {', '.join(TAGS)})"))
    meta["also"] = _split_list(meta.get("also", ""))
    for alias in meta["also"]:
        if not ID_RE.match(alias):
            errors.append(HandbookError(rel, qid, "also", f"'{alias}' is not a valid id"))
    if "reviewed" in meta:
        try:
            dt.date.fromisoformat(meta["reviewed"])
        except ValueError:
            errors.append(HandbookError(rel, qid, "reviewed", f"'{meta['reviewed']}' is not a YYYY-MM-DD date"))
    return meta


def parse_page(text: str, rel: str, errors: list[HandbookError]) -> list[Question]:
    """Parse one domain page; append problems to ``errors``."""
    domain = rel.split("/", 1)[0]
    lines = text.split("\n")
    outside = [i for i, inside in scan_fences(lines) if not inside]
    questions: list[Question] = []
    current: Question | None = None
    expect_meta = False
    for i in outside:
        line = lines[i]
        if "{#" in line and line.startswith("#"):
            errors.append(HandbookError(rel, line.strip(), "id", "write heading ids as '{ #id }': '{#' opens a Jinja comment"))
            continue
        if expect_meta and line.strip():
            expect_meta = False
            m = META_RE.match(line)
            if not m:
                errors.append(
                    HandbookError(
                        rel,
                        current.id,
                        "meta",
                        f"line {i + 1}: expected '<!-- level: ... | type: ... -->' right under the heading",
                    )
                )
            else:
                meta = parse_meta(m.group("body"), rel, current.id, errors)
                current.level = meta.get("level", "")
                current.type = meta.get("type", "")
                current.freq = meta.get("freq")
                current.tags, current.also = meta["tags"], meta["also"]
                current.reviewed = meta.get("reviewed")
            continue
        if ANY_H2_RE.match(line):
            m = HEADING_RE.match(line)
            if not m:
                errors.append(
                    HandbookError(rel, line[3:].strip(), "id", f"line {i + 1}: a question heading needs an explicit '{{ #id }}'")
                )
                current = None
                continue
            qid = m.group("id")
            if not ID_RE.match(qid):
                errors.append(HandbookError(rel, qid, "id", "ids are lower-case words joined by hyphens"))
            current = Question(
                id=qid,
                domain=domain,
                title=m.group("title").strip(),
                level="",
                type="",
                page=rel,
                url=f"{page_url(rel)}#{qid}",
                line=i + 1,
            )
            questions.append(current)
            expect_meta = True
            continue
        if current is not None:
            b = BLOCK_RE.match(line)
            if b:
                kind = b.group("kind")
                if kind not in BLOCKS:
                    errors.append(
                        HandbookError(
                            rel, current.id, "block", f"line {i + 1}: unknown block '{kind}' (known: {', '.join(BLOCKS)})"
                        )
                    )
                current.blocks.append(kind)
    for q in questions:
        for kind in REQUIRED_BLOCKS:
            if kind not in q.blocks:
                errors.append(HandbookError(rel, q.id, kind, f"missing the '??? {kind}' block"))
        if q.blocks and q.blocks[0] != "answer":
            errors.append(HandbookError(rel, q.id, "answer", "the answer must be the first block"))
    return questions


def load_registry(docs_dir: Path | str, *, today: str | None = None) -> list[Question]:
    """Every question of every domain page; raises on any bad page."""
    docs_dir = Path(docs_dir)
    errors: list[HandbookError] = []
    questions: list[Question] = []
    for path in domain_pages(docs_dir):
        rel = path.relative_to(docs_dir).as_posix()
        questions += parse_page(path.read_text(encoding="utf-8"), rel, errors)
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
                        f"id '{name}' is already used by question '{other.id}' in {other.page} (line {other.line})",
                    )
                )
            else:
                seen[name] = q
    raise_all(errors)
    dates = git_dates(docs_dir)
    today = today or dt.date.today().isoformat()
    for q in questions:
        q.reviewed = q.reviewed or dates.get(q.page) or today
    return questions
