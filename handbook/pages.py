"""Turn a question page's Markdown into what Material renders.

Runs after mkdocs-macros: replaces each metadata comment with visible badges
and tags the first paragraph of every answer with ``{ #<id>-answer }``, so a
link to that anchor opens the answer (Material opens a ``details`` block on a
jump only when the target sits inside it).
"""

from __future__ import annotations

import re

from . import grammar
from .errors import HandbookError
from .questions import Question, answer_anchor
from .render import badges


def decorate(markdown: str, page: grammar.Page, questions: dict[str, Question], aliases: dict[str, list[str]]) -> str:
    """The page's Markdown, as the macros rendered it, with badges and answer anchors.

    Works from the parsed page: file line ``n`` is line ``n - page.body_line`` of
    ``markdown`` (MkDocs strips the front matter; every macro renders to one line).
    """
    lines = markdown.split("\n")

    def at(n: int, entry: grammar.Entry) -> int:
        k = n - page.body_line
        if not 0 <= k < len(lines):
            raise HandbookError(page.rel, entry.id, "macro output", f"line {n}: the page lost lines while macros rendered it")
        return k

    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    for e in page.entries:
        k = at(e.line, e)
        if lines[k] != page.lines[e.line - 1]:
            raise HandbookError(
                page.rel, e.id, "macro output", f"line {e.line}: a macro above this question rendered to more than one line"
            )
        q = questions[e.id]
        if e.meta_line is not None:
            before[at(e.meta_line, e)] = ["", badges(q, [*q.also, *aliases.get(q.id, [])]), ""]
        answer = e.block("answer")
        span = answer.paragraph() if answer else None
        if span:
            after[at(span[1], e)] = [f"    {{ #{answer_anchor(q.id)} }}"]
    out: list[str] = []
    for k, line in enumerate(lines):
        out += before.get(k, [line])
        out += after.get(k, [])
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
