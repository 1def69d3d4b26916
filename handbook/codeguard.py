"""Keep code out of Jinja's reach.

Answers quote Jinja, Helm and prompt templates, so code is full of ``{{`` and
``{%``. Before mkdocs-macros renders a page, every fenced block and inline code
span is swapped for an inert placeholder; afterwards the originals go back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)")
_PLACEHOLDER = "HBCODE{:06d}X"
_PLACEHOLDER_RE = re.compile(r"HBCODE(\d{6})X")


def scan_fences(lines: list[str]) -> Iterator[tuple[int, bool]]:
    """Yield ``(line_index, inside_fence)``; fence lines count as inside."""
    fence: str | None = None
    for i, line in enumerate(lines):
        if fence is None:
            m = _FENCE_OPEN.match(line)
            if m:
                fence = m.group("fence")
                yield i, True
                continue
            yield i, False
        else:
            stripped = line.strip()
            closes = stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence)
            yield i, True
            if closes:
                fence = None


def protect(markdown: str) -> tuple[str, list[str]]:
    """Replace code with placeholders; return the new text and the originals."""
    stash: list[str] = []

    def keep(text: str) -> str:
        stash.append(text)
        return _PLACEHOLDER.format(len(stash) - 1)

    lines = markdown.split("\n")
    out: list[str] = []
    block: list[str] = []
    for i, inside in scan_fences(lines):
        if inside:
            block.append(lines[i])
            continue
        if block:
            out.append(keep("\n".join(block)))
            block = []
        out.append(_INLINE_CODE.sub(lambda m: keep(m.group(0)), lines[i]))
    if block:
        out.append(keep("\n".join(block)))
    return "\n".join(out), stash


def restore(markdown: str, stash: list[str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: stash[int(m.group(1))], markdown)
