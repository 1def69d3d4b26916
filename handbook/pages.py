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


# Search finds a question by its title and its direct answer; the rest of the
# question is read on its page. Indexing every block made the index about six
# times larger, and the browser builds the index before it can answer a query
# (about 0.8 s per MB on a 2-core machine), so full text would not scale to
# thousands of questions.
_META_RE = re.compile(r'<p class="hb-meta"')
_SUMMARY_RE = re.compile(r"<summary>")
_OTHER_BLOCKS_RE = re.compile(r'<details class="(?!answer")([^"]+)"(?! data-search-exclude)')
_DIRECT_RE = re.compile(r'<p id="[a-z0-9-]+-answer">')
_DETAILS_TAG_RE = re.compile(r"<(/?)details\b")
# A section, not a div: Material's indexer matches excluded elements by tag name,
# so the first nested </div> (every code block has one) would end the exclusion.
ANSWER_BODY = '<section class="hb-answer-body" data-search-exclude>'


def exclude_from_search(html: str) -> str:
    """Leave only titles and direct answers to the search index (Material's data-search-exclude)."""
    html = _META_RE.sub('<p class="hb-meta" data-search-exclude', html)
    html = _SUMMARY_RE.sub("<summary data-search-exclude>", html)
    html = _OTHER_BLOCKS_RE.sub(r'<details class="\1" data-search-exclude', html)
    return _wrap_answer_bodies(html)


def _wrap_answer_bodies(html: str) -> str:
    """Wrap what follows each direct answer, up to the end of its details block."""
    out: list[str] = []
    pos = 0
    for m in _DIRECT_RE.finditer(html):
        start = html.index("</p>", m.end()) + len("</p>")
        depth = 0
        for tag in _DETAILS_TAG_RE.finditer(html, start):
            if not tag.group(1):
                depth += 1
            elif depth:
                depth -= 1
            else:
                out += [html[pos:start], ANSWER_BODY, html[start : tag.start()], "</section>"]
                pos = tag.start()
                break
        else:
            raise ValueError(f"direct answer at offset {m.start()} is not inside a details block")
    out.append(html[pos:])
    return "".join(out)
