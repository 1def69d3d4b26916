"""Files the build publishes beside the pages: the registry and the search titles index."""

from __future__ import annotations

import json
from pathlib import Path

from . import search
from .permalinks import alias_targets
from .questions import Question, is_question_page
from .schema import DOMAIN_SHORT, labels
from .site import Site

REGISTRY_VERSION = 2


def registry(questions: list[Question], aliases: dict[str, list[str]]) -> dict:
    """questions.json: every question, every old id's target, and the interface labels."""
    return {
        "version": REGISTRY_VERSION,
        "labels": labels(),
        "questions": [q.public() for q in questions],
        "aliases": alias_targets(questions, aliases),
    }


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write_registry(site_dir: Path, questions: list[Question], aliases: dict[str, list[str]]) -> None:
    write_json(site_dir / "questions.json", registry(questions, aliases))


def write_search_index(search_dir: Path, site: Site, titles: dict[str, str], fragments: dict[str, str]) -> None:
    """search/search_index.json, the titles Material's box searches first, with each question's Pagefind id.

    Written over the index Material's search plugin made (plugins run before hooks),
    keeping its configuration; the body text is Pagefind's job.
    """
    path = search_dir / "search_index.json"
    material = json.loads(path.read_text(encoding="utf-8"))
    contexts = {rel: f"{DOMAIN_SHORT[rel.split('/')[0]]} · {t}" for rel, t in site.page_titles.items() if is_question_page(rel)}
    write_json(path, search.titles_index(material, site.questions, titles, contexts, fragments))
