"""MkDocs hooks: validate the handbook, decorate question pages, publish the registry.

Search has hooks of its own (``hooks/search_hooks.py``), listed after these.

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
from handbook.pages import decorate, question_permalinks
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
    if not on_page or page.file.src_uri in site.render_errors:
        return markdown
    try:
        return decorate(markdown, site.pages[page.file.src_uri], on_page, _state.get("aliases", {}))
    except HandbookError as exc:
        raise _fail(exc) from None


def on_env(env, config, files):
    # Every page has been rendered and nothing written yet: stop on any macro error, all of them at once.
    errors = list(_site(config).render_errors.values())
    if errors:
        raise _fail(HandbookErrors(errors) if len(errors) > 1 else errors[0])
    return env


def on_page_content(html, page, config, files):
    site, src = _site(config), page.file.src_uri
    try:
        html = site.stash.restore(src, html)  # comparisons go in as finished HTML
    except HandbookError as exc:
        raise _fail(exc) from None
    on_page = site.on_page(src)
    return question_permalinks(html, set(on_page)) if on_page else html


def on_post_build(config):
    site, site_dir = _site(config), Path(config["site_dir"])
    publish.write_registry(site_dir, site.questions, _state.get("aliases", {}))
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
