"""MkDocs hooks: validate the handbook, decorate question pages, publish the registry.

Every check runs before a single file is written; if the build fails later
anyway (a strict-mode warning, say), the half-written site is removed so that
nothing can publish it.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the hook is loaded by path; make `handbook` importable

from handbook import permalinks
from handbook.errors import HandbookError, HandbookErrors
from handbook.pages import decorate, exclude_from_search
from handbook.schema import COMPARISON_DATA
from handbook.site import Site, load_site

log = logging.getLogger("mkdocs.hooks.handbook")
DATA_DIR = ROOT / COMPARISON_DATA
PERMALINKS = ROOT / "permalinks"
_state: dict[str, object] = {}


def _site(config) -> Site:
    return load_site(config["docs_dir"], DATA_DIR, ROOT)


def on_config(config):
    try:
        site = load_site(config["docs_dir"], DATA_DIR, ROOT, reload=True, nav=config["nav"])
        docs = Path(config["docs_dir"])
        pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
        redirects = config.plugins["redirects"].config["redirect_maps"] if "redirects" in config.plugins else {}
        _state["aliases"] = permalinks.check(site.questions, PERMALINKS, root=ROOT, redirects=redirects, pages=pages)
    except (HandbookError, HandbookErrors) as exc:
        raise PluginError(f"handbook: bad content or data:\n{exc}") from None
    log.info("handbook: %d questions, %d comparisons", len(site.questions), len(site.comparisons))
    return config


def on_page_markdown(markdown, page, config, files):
    site = _site(config)
    on_page = site.on_page(page.file.src_uri)
    if not on_page:
        return markdown
    try:
        return decorate(markdown, on_page, _state.get("aliases", {}), page.file.src_uri)
    except HandbookError as exc:
        raise PluginError(f"handbook: {exc}") from None


def on_page_content(html, page, config, files):
    if not _site(config).on_page(page.file.src_uri):
        return html
    return exclude_from_search(html)


def on_post_page(output, page, config):
    try:
        return _site(config).stash.restore(page.file.src_uri, output)
    except HandbookError as exc:
        raise PluginError(f"handbook: {exc}") from None


def on_post_build(config):
    site = _site(config)
    records = [q.public() for q in site.questions]
    out = Path(config["site_dir"]) / "questions.json"
    out.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    alias_map = permalinks.alias_targets(site.questions, _state.get("aliases", {}))
    (Path(config["site_dir"]) / "aliases.json").write_text(json.dumps(alias_map, indent=1), encoding="utf-8")
    write_titles_index(Path(config["site_dir"]) / "search")


def write_titles_index(search_dir: Path) -> None:
    """search/titles.json: the search index without text, for the search worker's first stage.

    Runs after the search plugin has written search_index.json (plugins before hooks).
    """
    index = json.loads((search_dir / "search_index.json").read_text(encoding="utf-8"))
    keep = ("location", "title", "tags", "boost")
    docs = [{k: d[k] for k in keep if k in d} for d in index["docs"]]
    titles = json.dumps({"config": index["config"], "docs": docs}, ensure_ascii=False, separators=(",", ":"))
    (search_dir / "titles.json").write_text(titles, encoding="utf-8")


def on_build_error(error):
    site_dir = _state.get("site_dir")
    if site_dir and Path(site_dir).is_dir():
        shutil.rmtree(site_dir)
        log.error("handbook: build failed; removed the partial site at %s", site_dir)


def on_pre_build(config):
    _state["site_dir"] = config["site_dir"]
