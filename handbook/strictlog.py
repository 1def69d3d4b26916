"""Keep MkDocs' strict checks whatever the log level.

Two upstream behaviours let a broken site through ``mkdocs build --strict``:

- ``-q`` raises the ``mkdocs`` logger to ERROR, so warnings are never emitted
  and strict mode, which counts them, sees none (mkdocs#4126);
- ``-v`` lowers it to DEBUG, and MkDocs then skips collecting links to anchors
  in other pages, so broken anchors go unreported (mkdocs#3991; the check in
  ``mkdocs/structure/pages.py`` reads its logger's effective level).

The adapter is two logger levels; ``tests/test_bad_input.py`` builds broken
sites with ``-q`` and ``-v`` so that an MkDocs upgrade that changes either
behaviour fails loudly.
"""

from __future__ import annotations

import logging


def keep_strict_checks() -> None:
    root = logging.getLogger("mkdocs")
    if root.getEffectiveLevel() > logging.WARNING:
        root.setLevel(logging.WARNING)  # emitted, counted and shown, even under -q
    pages = logging.getLogger("mkdocs.structure.pages")
    if pages.getEffectiveLevel() <= logging.DEBUG:
        pages.setLevel(logging.INFO)  # anchors are collected only above DEBUG
