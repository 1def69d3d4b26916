"""mkdocs-macros entry point: registers the handbook's macros, nothing else.

Loading, validation and rendering live in the plain ``handbook`` package.
Finished HTML blocks go through ``handbook.htmlstash``: the hook places them
after Markdown, which has nothing to do with them.
"""

from __future__ import annotations

from pathlib import Path

from handbook import codeguard, render
from handbook.errors import HandbookError
from handbook.schema import COMPARISON_DATA
from handbook.site import Site, load_site

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / COMPARISON_DATA


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
            raise HandbookError(src(), qid, "comparison", f"no entry for '{qid}' in {DATA_DIR.relative_to(ROOT)}")
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
    def all_comparisons() -> str:
        page = src()
        return render.all_comparisons(site().questions, site().comparisons, page, lambda html: site().stash.put(page, html))


def on_pre_page_macros(env) -> None:
    env.markdown, env.variables["_hb_code_stash"] = codeguard.protect(env.markdown)


def on_post_page_macros(env) -> None:
    env.markdown = codeguard.restore(env.markdown, env.variables.pop("_hb_code_stash"))
