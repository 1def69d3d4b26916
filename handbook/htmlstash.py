"""Finished HTML from the macros, held back until the page is written.

A comparison block is final, escaped HTML, so Markdown gains nothing by
parsing it; at 164 blocks plus the all-comparisons page it spent about a third
of the build doing so. A macro renders its block, stashes it and leaves a
comment in its place (as Python-Markdown's own HTML stash does); the hook swaps
the comments back in ``on_page_content``, before the search records are taken.
A block that goes missing, or a marker left over, stops the build instead of
shipping a page without its comparison.
"""

from __future__ import annotations

import re

from .errors import HandbookError

_MARKER = "<!-- hb-stash {n} -->"
_MARKER_RE = re.compile(r"<!-- hb-stash (\d+) -->")


class HtmlStash:
    def __init__(self) -> None:
        self._pages: dict[str, list[str]] = {}

    def put(self, page: str, html: str) -> str:
        """Hold `html` for `page`; return the marker to put in the Markdown."""
        held = self._pages.setdefault(page, [])
        held.append(html)
        return _MARKER.format(n=len(held) - 1)

    def inline(self, page: str, text: str) -> str:
        """`text` with the held blocks of `page` in place of their markers; nothing is consumed."""
        held = self._pages.get(page, [])
        return _MARKER_RE.sub(lambda m: held[int(m.group(1))], text)

    def restore(self, page: str, output: str) -> str:
        """Put every held block of `page` back in place of its marker."""
        held = self._pages.pop(page, [])
        placed: set[int] = set()

        def swap(m: re.Match) -> str:
            n = int(m.group(1))
            if n >= len(held):
                raise HandbookError(page, m.group(0), "macro output", "marker with no rendered block")
            placed.add(n)
            return held[n]

        output = _MARKER_RE.sub(swap, output)
        if len(placed) != len(held):
            missing = sorted(set(range(len(held))) - placed)
            raise HandbookError(page, f"block {missing[0]}", "macro output", "rendered, but its marker did not survive Markdown")
        return output
