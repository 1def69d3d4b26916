"""MkDocs hooks for full-text search: one Pagefind record per question, and the titles index.

Listed after ``hooks/handbook_hooks.py``, so each page reaches these with its
comparisons in place. Without these hooks (and the worker named in
``overrides/main.html``) the site falls back to Material's own search; the
benchmark builds it that way to compare the two.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from handbook import publish, schema, search
from handbook.errors import HandbookError, HandbookErrors
from handbook.schema import COMPARISON_DATA, DOMAIN_SHORT
from handbook.site import Site, load_site

ROOT = Path(__file__).resolve().parent.parent
_state: dict[str, object] = {}


def _site(config) -> Site:
    return load_site(config["docs_dir"], ROOT / COMPARISON_DATA, ROOT)


def _fail(exc: Exception) -> PluginError:
    return PluginError(f"handbook: bad content or data:\n{exc}")


def on_config(config):
    try:
        _state["terms"] = search.load_terms(ROOT)
    except (HandbookError, HandbookErrors) as exc:
        raise _fail(exc) from None
    return config


def on_pre_build(config):
    _state["records"], _state["titles"] = {}, {}


def on_page_content(html, page, config, files):
    site, src = _site(config), page.file.src_uri
    on_page = site.on_page(src)
    if on_page:
        context = f"{DOMAIN_SHORT[src.split('/')[0]]} · {site.page_titles[src]}"
        for section in search.sections(html, on_page):
            _state["records"][section.question.id] = search.record(section, context)
            _state["titles"][section.question.id] = section.title_html
    return html


def on_post_build(config):
    site, site_dir = _site(config), Path(config["site_dir"])
    try:
        ids = search.build_index(_state["records"], site_dir / "pagefind")
        publish.write_search_index(site_dir / "search", site, _state["titles"], ids)
        labels = [text for group in schema.labels().values() for text in group.values()]  # shown beside every question
        publish.write_json(site_dir / "search" / "terms.json", search.terms_data(_state["terms"], _state["records"], labels))
    except HandbookError as exc:
        raise _fail(exc) from None
