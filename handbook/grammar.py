"""The question format, read in one place.

Every consumer (the registry, page decoration, the editorial lint, the search
records and the benchmark's cloner) works from what :func:`parse` returns:
the page's front matter, its code fences, and its questions with their
metadata and blocks, each with line numbers in the file itself. Nothing else
in the project reads the format's syntax.

A page is a run of lines::

    ---                                   front matter (YAML), optional
    render_macros: true
    ---
    # Page title
    intro ...
    ## Question title { #question-id }    a question: heading,
    <!-- level: senior | type: design --> metadata on the next line,
    ??? answer "Answer"                    blocks, bodies indented four spaces,
        ...
    {{ comparison("question-id") }}       and comparison calls at column 0.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HandbookError
from .schema import BLOCKS, FREQUENCIES, LEVELS, REQUIRED_BLOCKS, TAGS, TYPES
from .yamlload import YamlProblem, load_yaml

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
META_KEYS = ("level", "type", "freq", "tags", "also", "reviewed")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
_H1 = re.compile(r"^# (?P<title>.+?)\s*$")
_H2 = re.compile(r"^##(?:\s|$)")
_HEADING = re.compile(r"^## (?P<title>.*?)\s*\{(?P<attrs>[^{}]*)\}\s*$")
_META = re.compile(r"^<!--(?P<body>(?:(?!-->).)*)-->\s*$")
_BLOCK = re.compile(r'^(?:\?\?\?\+?|!!!)\s+(?P<kind>[A-Za-z0-9_-]+)(?:\s+"(?P<title>[^"]*)")?\s*$')
_CALL = re.compile(r"^\{\{\s*comparison\(\s*[\"'](?P<id>[^\"']*)[\"']\s*\)\s*\}\}\s*$")
# The same comparison already rendered (the benchmark builds pages as the macros rendered them).
_RENDERED_CALL = re.compile(r'^<details class="compare hb-compare"[^>]* data-compare="(?P<id>[a-z0-9-]+)"')
_JINJA = re.compile(r"\{\{|\{%")
INLINE_CODE = re.compile(r"(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)")
_NOT_PARAGRAPH = re.compile(r"^(?:[-*+] |\d+[.)] |`{3}|~{3}|\||<|#|!!!|\?\?\?|>|\{)")
_ITEM = re.compile(r"^(?:[-*+]|\d+[.)]) ")
_LINK = re.compile(r"https://[^\s)>\]]+")
_HTML_TAG = re.compile(r"<[A-Za-z!/?]")
# Markup that runs: refused anywhere in a page outside code.
_LIVE = (
    (
        re.compile(r"<\s*/?\s*(?:script|iframe|object|embed|frame|frameset|applet|base|form|meta|link|style)\b", re.I),
        "an HTML element that runs or loads code",
    ),
    (re.compile(r"<[A-Za-z][^>]*?[\s/\"']on[a-z]+\s*=", re.I), "an event-handler attribute"),
    (re.compile(r"(?:javascript|vbscript|data)\s*:", re.I), "a script URL (javascript:, vbscript: or data:)"),
)
# Ordinary prose may say "data: ..." ; only flag data: inside a link or an attribute.
_URL_CONTEXT = re.compile(r"(?:\]\(|<|=\s*[\"']?)\s*$")


@dataclass
class Block:
    kind: str
    title: str | None
    line: int  # the `???` line
    end: int  # the last line of the body (the `???` line if the body is empty)
    body: list[str] = field(default_factory=list)  # lines after the `???` line, four spaces removed

    def items(self) -> list[str]:
        """Top-level list items of the body, continuation lines joined."""
        items: list[str] = []
        for line in self.body:
            if _ITEM.match(line):
                items.append(line)
            elif items and line.startswith("  ") and line.strip():
                items[-1] += " " + line.strip()
        return items

    def paragraph(self) -> tuple[int, int] | None:
        """File lines (first, last) of the body's opening paragraph, if it opens with one."""
        for i, line in enumerate(self.body):
            if not line.strip():
                continue
            if _NOT_PARAGRAPH.match(line.strip()) or line.startswith(" "):
                return None
            j = i
            while j + 1 < len(self.body) and self.body[j + 1].strip() and not self.body[j + 1].startswith(" "):
                j += 1
            return self.line + 1 + i, self.line + 1 + j
        return None


@dataclass
class Entry:
    """One question as written on its page."""

    id: str
    title: str
    line: int  # the heading
    end: int  # the question's last line
    meta_line: int | None = None
    meta: dict = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    calls: list[tuple[int, str]] = field(default_factory=list)  # comparison calls: (line, id)

    def block(self, kind: str) -> Block | None:
        return next((b for b in self.blocks if b.kind == kind), None)

    @property
    def kinds(self) -> list[str]:
        return [b.kind for b in self.blocks]


@dataclass
class Page:
    rel: str
    lines: list[str]
    body_line: int  # first line after the front matter (and the blank lines MkDocs drops)
    front_matter: dict
    title: str | None
    entries: list[Entry]
    code: list[bool]  # per line: inside a fenced code block (fence lines included)
    errors: list[HandbookError]
    closed: list[tuple[int, int]] = field(default_factory=list)  # fenced blocks: (opening, closing) line indexes

    def fenced(self, lang: str | None = None) -> list[Fence]:
        """The closed fenced code blocks of the page, optionally of one language."""
        out: list[Fence] = []
        for i, j in self.closed:
            m = _FENCE_OPEN.match(self.lines[i])
            info = self.lines[i][m.end() :].strip().split(" ", 1)[0]
            if lang is None or info == lang:
                indent = len(m.group("indent"))
                out.append(Fence(i + 1, j + 1, info, [line[indent:] for line in self.lines[i + 1 : j]]))
        return out

    @property
    def renders_macros(self) -> bool:
        return self.front_matter.get("render_macros") is True


def decode(data: bytes, rel: str) -> tuple[str, list[HandbookError]]:
    """Page text from bytes; a byte-order mark or a non-UTF-8 byte is an error."""
    if data.startswith(b"\xef\xbb\xbf"):
        err = HandbookError(rel, None, "encoding", "line 1: starts with a byte-order mark: save the file as UTF-8 without BOM")
        return data[3:].decode("utf-8", errors="replace"), [err]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        err = HandbookError(
            rel, None, "encoding", f"line {line}: byte 0x{data[exc.start]:02x} is not UTF-8: save the file as UTF-8"
        )
        return data.decode("utf-8", errors="replace"), [err]


def read(path: Path, rel: str, *, questions: bool = True) -> Page:
    text, errors = decode(path.read_bytes(), rel)
    page = parse(text, rel, questions=questions)
    page.errors[:0] = errors
    return page


@dataclass
class Fence:
    line: int  # the opening fence
    end: int  # the closing fence
    lang: str
    body: list[str]  # the code, the fence's indentation removed


def fences(lines: list[str]) -> tuple[list[bool], list[int], list[tuple[int, int]]]:
    """Per line, whether it is inside a fenced code block; the lines of fences never closed; and
    the (opening, closing) line indexes of every closed fence.

    A fence closes on a line of the same character, at least as long. A fence
    that a line of smaller indentation leaves before it closes is never closed:
    Markdown would end it there and read the rest as prose.
    """
    inside = [False] * len(lines)
    unclosed: list[int] = []
    closed: list[tuple[int, int]] = []
    opened: tuple[int, str, int] | None = None  # line index, fence, indent
    for i, line in enumerate(lines):
        if opened is None:
            m = _FENCE_OPEN.match(line)
            if m:
                opened = (i, m.group("fence"), len(m.group("indent").expandtabs(4)))
                inside[i] = True
            continue
        start, fence, indent = opened
        stripped = line.strip()
        if stripped and len(line) - len(line.lstrip()) < indent:
            unclosed.append(start)
            opened = None
            m = _FENCE_OPEN.match(line)
            if m:
                opened = (i, m.group("fence"), len(m.group("indent").expandtabs(4)))
                inside[i] = True
            continue
        inside[i] = True
        if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            closed.append((start, i))
            opened = None
    if opened is not None:
        unclosed.append(opened[0])
    return inside, unclosed, closed


def _front_matter(lines: list[str], rel: str, errors: list[HandbookError]) -> tuple[dict, int]:
    """The front matter mapping and the index of the first body line."""
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            try:
                data = load_yaml("\n".join(lines[1:i]), rel, first_line=2)
            except YamlProblem as exc:
                errors.append(HandbookError(rel, None, "front matter", str(exc)))
                return {}, i + 1
            if data is None:
                return {}, i + 1
            if not isinstance(data, dict):
                errors.append(HandbookError(rel, None, "front matter", f"lines 2-{i}: must be a mapping of `key: value` lines"))
                return {}, i + 1
            return data, i + 1
    errors.append(HandbookError(rel, None, "front matter", "line 1: the front matter opened here is never closed with '---'"))
    return {}, len(lines)


def _live_markup(line: str) -> str | None:
    text = INLINE_CODE.sub(" ", line)
    for pattern, what in _LIVE:
        for m in pattern.finditer(text):
            if what.startswith("a script URL") and not _URL_CONTEXT.search(text[: m.start()]):
                continue
            return what
    return None


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parse_meta(body: str, rel: str, qid: str, line: int, errors: list[HandbookError]) -> dict:
    """The `key: value | ...` pairs of a metadata comment, validated."""
    meta: dict = {}
    at = f"line {line}: "
    for part in body.split("|"):
        if not part.strip():
            continue
        key, sep, value = part.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in META_KEYS:
            errors.append(
                HandbookError(
                    rel, qid, key or "meta", f"{at}unknown metadata item '{part.strip()}' (known: {', '.join(META_KEYS)})"
                )
            )
            continue
        if key in meta:
            errors.append(HandbookError(rel, qid, key, f"{at}given twice: keep one"))
            continue
        meta[key] = value
    for key, allowed, required in (("level", LEVELS, True), ("type", TYPES, True), ("freq", FREQUENCIES, False)):
        value = meta.get(key)
        if value is None:
            if required:
                errors.append(HandbookError(rel, qid, key, f"{at}missing: add '{key}: <{'|'.join(allowed)}>'"))
        elif value not in allowed:
            errors.append(HandbookError(rel, qid, key, f"{at}must be one of {', '.join(allowed)} (got '{value}')"))
    meta["tags"] = _split_list(meta.get("tags", ""))
    for tag in meta["tags"]:
        if tag not in TAGS:
            errors.append(HandbookError(rel, qid, "tags", f"{at}unknown tag '{tag}' (known: {', '.join(TAGS)})"))
    meta["also"] = _split_list(meta.get("also", ""))
    for alias in meta["also"]:
        if not ID_RE.match(alias):
            errors.append(
                HandbookError(rel, qid, "also", f"{at}'{alias}' is not a valid id (lower-case words joined by hyphens)")
            )
    if "reviewed" in meta:
        value = meta["reviewed"]
        try:
            if not _DATE_RE.match(value):
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            errors.append(HandbookError(rel, qid, "reviewed", f"{at}'{value}' is not a date written YYYY-MM-DD"))
    return meta


def format_meta(meta: dict) -> str:
    """A metadata comment for `meta`, keys in their usual order (lists comma-joined)."""
    parts = []
    for key in META_KEYS:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        if value:
            parts.append(f"{key}: {value}")
    return f"<!-- {' | '.join(parts)} -->"


def _heading(line: str, n: int, rel: str, errors: list[HandbookError]) -> tuple[str, str] | None:
    """(title, id) of a question heading, or None after recording why it is not one."""
    title_guess = re.sub(r"\s*\{.*$", "", line[3:]).strip() or line.strip()
    if "{#" in line:
        errors.append(
            HandbookError(rel, title_guess, "id", f"line {n}: write heading ids as '{{ #id }}': '{{#' opens a Jinja comment")
        )
        return None
    m = _HEADING.match(line)
    attrs = m.group("attrs").strip() if m else ""
    if not m or not attrs.startswith("#"):
        errors.append(
            HandbookError(rel, title_guess, "id", f"line {n}: a question heading needs an explicit id: '## Title {{ #id }}'")
        )
        return None
    qid = attrs[1:].strip()
    if re.search(r"\s", qid):
        errors.append(HandbookError(rel, qid, "id", f"line {n}: ids may not contain spaces: join words with hyphens"))
        return None
    if not ID_RE.match(qid):
        errors.append(HandbookError(rel, qid, "id", f"line {n}: ids are lower-case words and digits joined by hyphens"))
        return None
    title = m.group("title").strip()
    if not title:
        errors.append(HandbookError(rel, qid, "title", f"line {n}: the heading has no title"))
        return None
    if _HTML_TAG.search(INLINE_CODE.sub(" ", title)):
        errors.append(
            HandbookError(rel, qid, "title", f"line {n}: titles are plain text: remove the HTML tag or put it in backticks")
        )
        return None
    return title, qid


def parse(text: str, rel: str, *, questions: bool = True) -> Page:
    """Parse one page. Problems are collected in ``page.errors``, each with its line.

    With ``questions=False`` (home, practice and domain index pages) the page's
    level-2 headings are ordinary headings; everything else is checked the same.
    """
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    errors: list[HandbookError] = []
    front, body = _front_matter(lines, rel, errors)
    while body < len(lines) and not lines[body].strip():
        body += 1  # MkDocs drops the blank lines after front matter
    code, unclosed, closed = fences(lines)
    for i in range(body):
        code[i] = False
    for i in unclosed:
        if i >= body:
            errors.append(
                HandbookError(
                    rel, None, "code fence", f"line {i + 1}: the code fence '{lines[i].strip()}' opened here is never closed"
                )
            )
    page = Page(rel, lines, body + 1, front, None, [], code, errors, [(i, j) for i, j in closed if i >= body])
    uses_jinja = False
    current: Entry | None = None
    block: Block | None = None
    expect_meta = False
    for i in range(body, len(lines)):
        line, n = lines[i], i + 1
        if code[i]:
            if block is not None and (line.startswith("    ") or not line.strip()):
                block.body.append(line[4:])
                block.end = n
            elif current is not None and _FENCE_OPEN.match(line) and not line.startswith("    ") and (i == 0 or not code[i - 1]):
                # A fence at the margin inside a question ends its block and can swallow the next question.
                errors.append(
                    HandbookError(
                        rel,
                        current.id,
                        "code fence",
                        f"line {n}: the code fence '{line.strip()}' is outside a block: indent it four spaces",
                    )
                )
            continue
        what = _live_markup(line)
        if what:
            errors.append(
                HandbookError(rel, current.id if current else None, "body", f"line {n}: {what} is not allowed: write it in code")
            )
        stripped_code = INLINE_CODE.sub(" ", line)
        if _JINJA.search(stripped_code):
            uses_jinja = True
        if page.title is None and current is None and (h1 := _H1.match(line)):
            page.title = h1.group("title")
            continue
        if questions and _H2.match(line):
            block = None
            expect_meta = False
            if current is not None:
                current.end = _last_content(lines, current.line, i)
            parsed = _heading(line, n, rel, errors)
            current = None
            if parsed:
                current = Entry(parsed[1], parsed[0], n, n)
                page.entries.append(current)
                expect_meta = True
            continue
        if current is None:
            continue
        if expect_meta:
            if not line.strip():
                continue
            expect_meta = False
            m = _META.match(line)
            if m:
                current.meta_line = n
                current.meta = parse_meta(m.group("body"), rel, current.id, n, errors)
                continue
            errors.append(
                HandbookError(
                    rel,
                    current.id,
                    "meta",
                    f"line {n}: expected the metadata comment '<!-- level: ... | type: ... -->' right under the heading",
                )
            )
            current.meta = {"tags": [], "also": []}
        if b := _BLOCK.match(line):
            kind = b.group("kind")
            if kind not in BLOCKS:
                errors.append(
                    HandbookError(rel, current.id, "block", f"line {n}: unknown block '{kind}' (known: {', '.join(BLOCKS)})")
                )
                block = None
                continue
            if b.group("title") != BLOCKS[kind]:
                errors.append(HandbookError(rel, current.id, kind, f'line {n}: write the block as ??? {kind} "{BLOCKS[kind]}"'))
            block = Block(kind, b.group("title"), n, n)
            current.blocks.append(block)
            continue
        if block is not None and (line.startswith("    ") or not line.strip()):
            block.body.append(line[4:])
            if line.strip():
                block.end = n
            continue
        block = None
        if not line.strip():
            continue
        if call := _CALL.match(line) or _RENDERED_CALL.match(line):
            current.calls.append((n, call.group("id")))
            continue
        errors.append(
            HandbookError(rel, current.id, "body", f"line {n}: text outside a block: indent it four spaces under a '???' block")
        )
    if current is not None:
        current.end = _last_content(lines, current.line, len(lines))
    for entry in page.entries:
        _check_blocks(entry, rel, errors)
    if uses_jinja and not page.renders_macros:
        errors.append(
            HandbookError(
                rel,
                None,
                "front matter",
                "the page uses '{{ ... }}' or '{% ... %}' outside code: start it with front matter 'render_macros: true'",
            )
        )
    return page


def _last_content(lines: list[str], start: int, stop: int) -> int:
    """The last non-blank file line in lines[start - 1 : stop]."""
    for i in range(stop - 1, start - 1, -1):
        if lines[i].strip():
            return i + 1
    return start


def _check_blocks(entry: Entry, rel: str, errors: list[HandbookError]) -> None:
    order = list(BLOCKS)
    kinds = entry.kinds
    for kind in REQUIRED_BLOCKS:
        if kind not in kinds:
            errors.append(HandbookError(rel, entry.id, kind, f"missing the '??? {kind} \"{BLOCKS[kind]}\"' block"))
    for kind in set(kinds):
        if kinds.count(kind) > 1:
            lines = ", ".join(str(b.line) for b in entry.blocks if b.kind == kind)
            errors.append(HandbookError(rel, entry.id, kind, f"lines {lines}: one '{kind}' block per question"))
    if kinds and kinds[0] != "answer" and "answer" in kinds:
        errors.append(HandbookError(rel, entry.id, "answer", f"line {entry.blocks[0].line}: the answer must be the first block"))
    if "followups" in kinds and kinds[-1] != "followups":
        errors.append(
            HandbookError(rel, entry.id, "followups", f"line {entry.block('followups').line}: follow-ups must be the last block")
        )
    middle = [b for b in entry.blocks if b.kind not in ("answer", "followups")]
    for a, b in itertools.pairwise(middle):
        if order.index(b.kind) < order.index(a.kind):
            errors.append(
                HandbookError(
                    rel,
                    entry.id,
                    b.kind,
                    f"line {b.line}: blocks go in the order {', '.join(order)}: move '{b.kind}' before '{a.kind}'",
                )
            )
            break
    for b in entry.blocks:
        if not any(line.strip() for line in b.body):
            errors.append(HandbookError(rel, entry.id, b.kind, f"line {b.line}: the block is empty: indent its text four spaces"))
    answer = entry.block("answer")
    if answer and any(line.strip() for line in answer.body) and answer.paragraph() is None:
        errors.append(
            HandbookError(
                rel, entry.id, "answer", f"line {answer.line}: the answer must open with a paragraph that answers directly"
            )
        )
    sources = entry.block("sources")
    if sources and any(line.strip() for line in sources.body):
        items = sources.items()
        if not items:
            errors.append(HandbookError(rel, entry.id, "sources", f"line {sources.line}: list the sources as '- ' items"))
        for item in items:
            if not _LINK.search(item):
                errors.append(
                    HandbookError(
                        rel, entry.id, "sources", f"line {sources.line}: every source needs an https:// link: '{item[:60]}'"
                    )
                )
    for line, qid in entry.calls:
        if qid != entry.id:
            errors.append(
                HandbookError(
                    rel, entry.id, "comparison", f"line {line}: calls comparison(\"{qid}\") under question '{entry.id}'"
                )
            )
