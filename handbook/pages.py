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


def question_permalinks(html: str, ids: set[str]) -> str:
    """Title the permalink of each question heading "Link to this question"; other headings keep theirs."""

    def title(m: re.Match) -> str:
        return (
            m.group(0).replace('title="Link to this section"', 'title="Link to this question"')
            if m.group(1) in ids
            else m.group(0)
        )

    return _PERMALINK.sub(title, html)


_PERMALINK = re.compile(r'<a class="headerlink" href="#([^"]+)" title="Link to this section">')
