"""Benchmark helper hook: write each page as mkdocs-macros rendered it.

Listed before ``hooks/handbook.py`` in a throwaway copy of the project, it
runs after the macros plugin and before the handbook's own decoration, and
saves every page, front matter included, with the macros' output written in.
The benchmark builds those pages without the plugin: the same site, no macros.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml


def on_page_markdown(markdown, page, config, files):
    # Imported here: hooks/handbook.py, loaded by then, made the copy's `handbook` importable.
    from handbook.schema import COMPARISON_DATA
    from handbook.site import load_site

    root = Path(config["config_file_path"]).parent
    site = load_site(config["docs_dir"], root / COMPARISON_DATA, root)
    out = Path(os.environ["HB_CAPTURE_DIR"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    front = f"---\n{yaml.safe_dump(dict(page.meta), sort_keys=False)}---\n\n" if page.meta else ""
    out.write_text(front + site.stash.inline(page.file.src_uri, markdown), encoding="utf-8")
    return markdown
