"""mkdocs-macros entry point: registers the handbook's macros, nothing else.

Loading, validation and rendering live in the plain ``handbook`` package. The
handbook renders each opted-in page itself (``handbook.templating``), so a
macro error names the file's line and stops the build cleanly; the plugin
then sees only an inert placeholder. Finished HTML blocks go through
``handbook.htmlstash``: the hook places them after Markdown.
"""

from __future__ import annotations

from pathlib import Path

from handbook import render, templating
from handbook.errors import HandbookError
from handbook.schema import COMPARISON_DATA, DOMAINS
from handbook.site import Site, load_site

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / COMPARISON_DATA
_RENDERED = "HBRENDEREDPAGE"


def define_env(env) -> None:
    def site() -> Site:
        return load_site(env.conf["docs_dir"], DATA_DIR, ROOT)

    def src() -> str:
        return env.page.file.src_uri

    @env.macro
    def comparison(qid: str) -> str:
        """Both comparisons of a question, side by side."""
        data = site().comparisons.get(qid)
        if data is None:
            raise HandbookError(src(), qid, "comparison", f"no entry for '{qid}' in {DATA_DIR.relative_to(ROOT)}: add one")
        if qid not in site().on_page(src()):
            raise HandbookError(src(), qid, "comparison", f"question '{qid}' is not on this page")
        return site().stash.put(src(), render.comparison(qid, data))

    @env.macro
    def domain_counts() -> str:
        return render.domain_counts(site().questions, src())

    @env.macro
    def question_count(domain: str | None = None) -> int:
        return sum(1 for q in site().questions if domain in (None, q.domain))

    @env.macro
    def domain_index(domain: str) -> str:
        return render.domain_index(site().questions, domain, src(), site().page_titles)

    @env.macro
    def grouped_index(key: str) -> str:
        return render.grouped_index(site().questions, key, src())

    @env.macro
    def comparisons_index() -> str:
        return render.comparisons_index(site().questions, site().comparisons, src())

    @env.macro
    def all_comparisons(domain: str) -> str:
        """Every comparison of one domain: one page per domain keeps each page as light as a topic page."""
        if domain not in DOMAINS:
            raise HandbookError(src(), None, "macro", f"all_comparisons: unknown domain '{domain}' (one of {', '.join(DOMAINS)})")
        page = src()
        return render.all_comparisons(
            site().questions, site().comparisons, page, domain, lambda html: site().stash.put(page, html)
        )


def on_pre_page_macros(env) -> None:
    if (env.page.meta or {}).get("render_macros") is not True:
        return
    src = env.page.file.src_uri
    site = load_site(env.conf["docs_dir"], DATA_DIR, ROOT)
    page = site.pages.get(src)
    try:
        rendered = templating.render(
            env.env, env.markdown, {**env.variables, **env.page.meta}, src=src, first_line=page.body_line if page else 1
        )
    except HandbookError as exc:
        # Reported with every other page's macro errors before anything is written (the hook's on_env).
        site.render_errors[src] = exc
        rendered = ""
    env.variables["_hb_rendered"] = rendered
    env.markdown = _RENDERED


def on_post_page_macros(env) -> None:
    if "_hb_rendered" in env.variables:
        env.markdown = env.markdown.replace(_RENDERED, env.variables.pop("_hb_rendered"))
