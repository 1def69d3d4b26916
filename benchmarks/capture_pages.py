"""Benchmark helper hook: write each page as mkdocs-macros rendered it.

Listed before ``hooks/handbook_hooks.py`` in a throwaway copy of the project, it
runs after the macros plugin and before the handbook's own decoration, and
saves every page, front matter included, with the macros' output written in.
The benchmark builds those pages without the plugin: the same site, no macros.
The copy lives outside git, so each question's reviewed date is written into
its metadata, read from the git history of the pages named by HB_GIT_DOCS.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import yaml

from handbook import grammar
from handbook.questions import git_dates
from handbook.schema import COMPARISON_DATA
from handbook.site import load_site


@functools.cache
def _dates() -> dict[str, str]:
    return git_dates(Path(os.environ["HB_GIT_DOCS"]))


def on_page_markdown(markdown, page, config, files):
    root = Path(config["config_file_path"]).parent
    site = load_site(config["docs_dir"], root / COMPARISON_DATA, root)
    src = page.file.src_uri
    lines = site.stash.inline(src, markdown).split("\n")
    parsed = site.pages.get(src)
    date = _dates().get(src)
    for e in parsed.entries if parsed else []:
        if e.meta_line is not None and (e.meta.get("reviewed") or date):
            lines[e.meta_line - parsed.body_line] = grammar.format_meta({**e.meta, "reviewed": e.meta.get("reviewed") or date})
    out = Path(os.environ["HB_CAPTURE_DIR"]) / src
    out.parent.mkdir(parents=True, exist_ok=True)
    front = f"---\n{yaml.safe_dump(dict(page.meta), sort_keys=False)}---\n\n" if page.meta else ""
    out.write_text(front + "\n".join(lines), encoding="utf-8")
    return markdown
