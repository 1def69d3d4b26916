"""Turn a question page's Markdown into what Material renders.

Runs after mkdocs-macros: replaces each metadata comment with visible badges
and tags the first paragraph of every answer with ``{ #<id>-answer }``, so a
link to that anchor opens the answer (Material opens a ``details`` block on a
jump only when the target sits inside it).
"""

from __future__ import annotations

import re

from .codeguard import scan_fences
from .errors import HandbookError
from .questions import BLOCK_RE, HEADING_RE, META_RE, Question
from .render import badges

_NOT_PARAGRAPH = re.compile(r"^(?:[-*+] |\d+[.)] |`{3}|~{3}|\||<|#|!!!|\?\?\?|>|\{)")


def answer_anchor(qid: str) -> str:
    return f"{qid}-answer"


def decorate(markdown: str, questions: dict[str, Question], aliases: dict[str, list[str]], src: str) -> str:
    lines = markdown.split("\n")
    inside = dict(scan_fences(lines))
    out: list[str] = []
    current: Question | None = None
    anchor_pending = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if inside[i]:
            out.append(line)
            i += 1
            continue
        heading = HEADING_RE.match(line)
        if heading and heading.group("id") in questions:
            current = questions[heading.group("id")]
            anchor_pending = False
            out.append(line)
        elif current is not None and META_RE.match(line):
            out += ["", badges(current, [*current.also, *aliases.get(current.id, [])]), ""]
        elif current is not None and (block := BLOCK_RE.match(line)) and block.group("kind") == "answer":
            out.append(line)
            anchor_pending = True
        elif anchor_pending and line.strip():
            anchor_pending = False
            indent = line[: len(line) - len(line.lstrip())]
            if not indent or _NOT_PARAGRAPH.match(line.strip()):
                raise HandbookError(src, current.id, "answer", "the answer must open with a paragraph that answers directly")
            # Collect the paragraph, then tag it on a line of its own.
            while i < len(lines) and lines[i].strip() and lines[i].startswith(indent) and not inside[i]:
                out.append(lines[i])
                i += 1
            out.append(f"{indent}{{ #{answer_anchor(current.id)} }}")
            continue
        else:
            out.append(line)
        i += 1
    return "\n".join(out)


# Blocks that repeat or extend the answer: readable on the page, left out of the
# search index so it stays small as the handbook grows.
UNINDEXED_BLOCKS = ("numbers", "traps", "chain", "worksample")
_UNINDEXED_RE = re.compile(f'<details class="({"|".join(UNINDEXED_BLOCKS)})"')


def exclude_from_search(html: str) -> str:
    """Mark the supplementary blocks of question pages with Material's data-search-exclude."""
    return _UNINDEXED_RE.sub(r'<details class="\1" data-search-exclude', html)
