"""Files the build publishes beside the pages: the registry and the titles index."""

from __future__ import annotations

import json
from pathlib import Path

from .permalinks import alias_targets
from .questions import Question
from .schema import labels

REGISTRY_VERSION = 2


def registry(questions: list[Question], aliases: dict[str, list[str]]) -> dict:
    """questions.json: every question, every old id's target, and the interface labels."""
    return {
        "version": REGISTRY_VERSION,
        "labels": labels(),
        "questions": [q.public() for q in questions],
        "aliases": alias_targets(questions, aliases),
    }


def write_registry(site_dir: Path, questions: list[Question], aliases: dict[str, list[str]]) -> None:
    text = json.dumps(registry(questions, aliases), ensure_ascii=False, separators=(",", ":"))
    (site_dir / "questions.json").write_text(text, encoding="utf-8")


def write_titles_index(search_dir: Path) -> None:
    """search/titles.json: the search index without text, for the search worker's first stage.

    Runs after the search plugin has written search_index.json (plugins before hooks).
    """
    index = json.loads((search_dir / "search_index.json").read_text(encoding="utf-8"))
    keep = ("location", "title", "tags", "boost")
    docs = [{k: d[k] for k in keep if k in d} for d in index["docs"]]
    titles = json.dumps({"config": index["config"], "docs": docs}, ensure_ascii=False, separators=(",", ":"))
    (search_dir / "titles.json").write_text(titles, encoding="utf-8")
