"""Everything the build knows about the handbook, loaded and validated once."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from . import grammar
from .comparisons import Comparison, load_comparisons
from .errors import HandbookError, raise_all
from .htmlstash import HtmlStash
from .questions import Question, collect, is_question_page, stamp_reviewed


@dataclass
class Site:
    questions: list[Question]
    comparisons: dict[str, Comparison]
    pages: dict[str, grammar.Page] = field(default_factory=dict)  # every Markdown page, parsed
    stash: HtmlStash = field(default_factory=HtmlStash)
    # Macro errors of this build, by page: reported together once every page is rendered.
    render_errors: dict[str, HandbookError] = field(default_factory=dict)

    @property
    def page_titles(self) -> dict[str, str]:
        return {rel: p.title or Path(rel).stem for rel, p in self.pages.items()}

    def on_page(self, src: str) -> dict[str, Question]:
        return {q.id: q for q in self.questions if q.page == src}


_cache: dict[tuple[Path, Path], Site] = {}


def nav_pages(nav: object) -> list[str]:
    """Every page path in a MkDocs `nav`, in reading order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for v in nav.values() for p in nav_pages(v)]
    if isinstance(nav, list):
        return [p for item in nav for p in nav_pages(item)]
    return []


@functools.cache
def _cache_key(docs_dir: str, data_dir: str) -> tuple[Path, Path]:
    # Resolving paths costs a few system calls, and every macro call asks for the site.
    return Path(docs_dir).resolve(), Path(data_dir).resolve()


def read_pages(docs_dir: Path) -> dict[str, grammar.Page]:
    """Every Markdown page under docs_dir; question pages get the full question grammar."""
    pages = {}
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        pages[rel] = grammar.read(path, rel, questions=is_question_page(rel))
    return pages


def load_site(docs_dir: Path | str, data_dir: Path | str, root: Path | str, *, reload: bool = False, nav: object = None) -> Site:
    """Parse pages and comparison data once per build.

    Questions come in the order of the site's ``nav``. The build's first event
    (the hook's ``on_config``) passes ``reload=True``, so every build, including
    each ``mkdocs serve`` rebuild, reads the files afresh; the macros and later
    events share that result.
    """
    key = _cache_key(str(docs_dir), str(data_dir))
    docs_dir, data_dir, root = Path(docs_dir), Path(data_dir), Path(root)
    if key in _cache and not reload:
        return _cache[key]
    pages = read_pages(docs_dir)
    questions, errors = collect([p for rel, p in pages.items() if is_question_page(rel)])
    raise_all([e for rel, p in pages.items() if not is_question_page(rel) for e in p.errors] + errors)
    stamp_reviewed(questions, docs_dir)
    order = {page: i for i, page in enumerate(nav_pages(nav))}
    questions.sort(key=lambda q: order.get(q.page, len(order)))  # stable: keeps order within a page
    comparisons = load_comparisons(data_dir, {q.id for q in questions}, root=root)
    for q in questions:
        q.has_comparison = q.id in comparisons
    _cache[key] = site = Site(questions, comparisons, pages)
    return site
