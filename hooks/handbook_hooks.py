"""MkDocs hooks: validate the handbook, decorate question pages, publish the registry.

Every check runs before a single file is written; if the build fails later
anyway (a strict-mode warning, an exception, the process told to exit), the
half-written site is removed so that nothing can publish it.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from handbook import permalinks, publish
from handbook.errors import HandbookError, HandbookErrors
from handbook.pages import decorate, exclude_from_search
from handbook.questions import last_commit_epoch
from handbook.schema import COMPARISON_DATA
from handbook.site import Site, load_site
from handbook.strictlog import keep_strict_checks

log = logging.getLogger("mkdocs.hooks.handbook")
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / COMPARISON_DATA
PERMALINKS = ROOT / "permalinks"
_state: dict[str, object] = {}


def _site(config) -> Site:
    return load_site(config["docs_dir"], DATA_DIR, ROOT)


def _fail(exc: Exception) -> PluginError:
    return PluginError(f"handbook: bad content or data:\n{exc}")


def on_config(config):
    keep_strict_checks()
    # MkDocs dates the sitemap with the build date unless SOURCE_DATE_EPOCH says otherwise:
    # use the pages' last commit, so the same commit builds the same site on any day.
    if "SOURCE_DATE_EPOCH" not in os.environ and (epoch := last_commit_epoch(Path(config["docs_dir"]))):
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        site = load_site(config["docs_dir"], DATA_DIR, ROOT, reload=True, nav=config["nav"])
        redirects = config.plugins["redirects"].config["redirect_maps"] if "redirects" in config.plugins else {}
        _state["aliases"] = permalinks.check(site.questions, PERMALINKS, root=ROOT, redirects=redirects, pages=set(site.pages))
    except (HandbookError, HandbookErrors) as exc:
        raise _fail(exc) from None
    log.info("handbook: %d questions, %d comparisons", len(site.questions), len(site.comparisons))
    return config


def on_pre_build(config):
    _state["site_dir"] = config["site_dir"]
    _state["building"] = True


def on_page_markdown(markdown, page, config, files):
    site = _site(config)
    on_page = site.on_page(page.file.src_uri)
    if not on_page:
        return markdown
    try:
        return decorate(markdown, site.pages[page.file.src_uri], on_page, _state.get("aliases", {}))
    except HandbookError as exc:
        raise _fail(exc) from None


def on_page_content(html, page, config, files):
    if not _site(config).on_page(page.file.src_uri):
        return html
    return exclude_from_search(html)


def on_post_page(output, page, config):
    try:
        return _site(config).stash.restore(page.file.src_uri, output)
    except HandbookError as exc:
        raise _fail(exc) from None


def on_post_build(config):
    site = _site(config)
    publish.write_registry(Path(config["site_dir"]), site.questions, _state.get("aliases", {}))
    publish.write_titles_index(Path(config["site_dir"]) / "search")
    _state["building"] = False


def _remove_partial_site() -> None:
    site_dir = _state.get("site_dir")
    if site_dir and Path(site_dir).is_dir():
        shutil.rmtree(site_dir)
        log.error("handbook: build failed; removed the partial site at %s", site_dir)


def on_build_error(error):
    _state["building"] = False
    _remove_partial_site()


@atexit.register
def _exit_mid_build() -> None:
    # A plugin that ends the process (SystemExit) skips on_build_error.
    if _state.get("building"):
        _remove_partial_site()
