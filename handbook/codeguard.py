"""Keep code out of Jinja's reach.

Answers quote Jinja, Helm and prompt templates, so code is full of ``{{`` and
``{%``. Before mkdocs-macros renders a page, every fenced block and inline code
span is swapped for an inert placeholder; afterwards the originals go back.
"""

from __future__ import annotations

import re

from .grammar import INLINE_CODE, fences

_PLACEHOLDER = "HBCODE{:06d}X"
_PLACEHOLDER_RE = re.compile(r"HBCODE(\d{6})X")


def protect(markdown: str) -> tuple[str, list[str]]:
    """Replace code with placeholders; return the new text and the originals."""
    stash: list[str] = []

    def keep(text: str) -> str:
        stash.append(text)
        return _PLACEHOLDER.format(len(stash) - 1)

    lines = markdown.split("\n")
    out: list[str] = []
    block: list[str] = []
    for i, inside in enumerate(fences(lines)[0]):
        if inside:
            block.append(lines[i])
            continue
        if block:
            out.append(keep("\n".join(block)))
            block = []
        out.append(INLINE_CODE.sub(lambda m: keep(m.group(0)), lines[i]))
    if block:
        out.append(keep("\n".join(block)))
    return "\n".join(out), stash


def restore(markdown: str, stash: list[str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: stash[int(m.group(1))], markdown)
