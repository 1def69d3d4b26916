"""Published question ids never stop resolving.

``permalinks/published.json`` records every id the site has published and the
page it lived on. A later build fails if one of them disappears, unless
``permalinks/aliases.yml`` says which question now answers it (rename or merge).
A question that moved keeps its id; its old ``page#id`` is sent on by the
site's alias script, and a deleted page needs a redirect in ``mkdocs.yml``.

Refresh the record after adding questions: ``python -m handbook.permalinks``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .errors import HandbookError, raise_all
from .questions import ID_RE, Question
from .yamlload import YamlProblem, load_yaml

RECORD = "published.json"
ALIASES = "aliases.yml"


def read_record(folder: Path, errors: list[HandbookError] | None = None) -> dict[str, str]:
    """The published ids and their pages; bad entries are reported in `errors` (or raised) and skipped."""
    collect = [] if errors is None else errors
    path = folder / RECORD
    label = f"permalinks/{RECORD}"
    data: object = {}
    if path.exists():
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            collect.append(HandbookError(label, None, "encoding", "is not UTF-8: regenerate it with `make permalinks`"))
        except json.JSONDecodeError as exc:
            collect.append(HandbookError(label, None, None, f"malformed JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"))
    if not isinstance(data, dict):
        collect.append(HandbookError(label, None, None, 'must map ids to pages: {"bias-variance": "ml/fundamentals.md"}'))
        data = {}
    record = {}
    for qid, page in data.items():
        if not ID_RE.match(qid):
            collect.append(HandbookError(label, qid, "id", "is not a valid question id"))
        elif not isinstance(page, str) or not page.endswith(".md"):
            collect.append(HandbookError(label, qid, "page", f"must be the page's path under docs/, ending .md (got {page!r})"))
        else:
            record[qid] = page
    if errors is None:
        raise_all(collect)
    return record


def read_aliases(folder: Path, errors: list[HandbookError] | None = None) -> dict[str, str]:
    """Declared renames, old id -> new id; bad entries are reported in `errors` (or raised) and skipped."""
    collect = [] if errors is None else errors
    path = folder / ALIASES
    label = f"permalinks/{ALIASES}"
    data: object = None
    if path.exists():
        try:
            data = load_yaml(path.read_bytes().decode("utf-8"), label)
        except UnicodeDecodeError:
            collect.append(HandbookError(label, None, "encoding", "is not UTF-8: save it as UTF-8"))
        except YamlProblem as exc:
            collect.append(HandbookError(label, None, None, str(exc)))
    if data is not None and not isinstance(data, dict):
        collect.append(HandbookError(label, None, None, "must map old ids to the ids that now answer them: `old-id: new-id`"))
    aliases = {}
    for old, new in (data if isinstance(data, dict) else {}).items():
        if not isinstance(old, str) or not ID_RE.match(old):
            collect.append(HandbookError(label, str(old), "id", "the old id is not a valid id (lower-case words and hyphens)"))
        elif not isinstance(new, str) or not ID_RE.match(new):
            collect.append(HandbookError(label, str(old), "target", f"must be a question id (got {new!r})"))
        else:
            aliases[old] = new
    if errors is None:
        raise_all(collect)
    return aliases


def check(
    questions: list[Question], folder: Path, *, root: Path, redirects: dict[str, str] | None = None, pages: set[str] | None = None
) -> dict[str, list[str]]:
    """Validate the record; return ``{question id: [old ids it also answers]}``. Every problem is raised at once."""
    errors: list[HandbookError] = []
    record, aliases = read_record(folder, errors), read_aliases(folder, errors)
    by_id = {q.id: q for q in questions}
    names = {name for q in questions for name in (q.id, *q.also)}
    redirects = redirects or {}
    label = f"permalinks/{ALIASES}"
    for old, new in aliases.items():
        if old in names:
            errors.append(HandbookError(label, old, "id", "is still a live question id; an alias would shadow it"))
        if new not in by_id:
            errors.append(HandbookError(label, old, "target", f"'{new}' is not a question id"))
    for qid, page in record.items():
        if qid in names or qid in aliases:
            if pages is not None and qid in by_id and by_id[qid].page != page and page not in pages and page not in redirects:
                errors.append(
                    HandbookError(
                        f"permalinks/{RECORD}",
                        qid,
                        "page",
                        f"'{qid}' moved from {page}, which no longer exists: add a redirect for {page} in mkdocs.yml",
                    )
                )
            continue
        errors.append(
            HandbookError(
                f"permalinks/{RECORD}",
                qid,
                "id",
                f"published question '{qid}' (on {page}) disappeared: restore it, or declare '{qid}: <new id>' in {label}",
            )
        )
    raise_all(errors)
    grouped: dict[str, list[str]] = {}
    for old, new in aliases.items():
        grouped.setdefault(new, []).append(old)
    return grouped


def alias_targets(questions: list[Question], aliases: dict[str, list[str]]) -> dict[str, str]:
    """Map every old or secondary id to the URL of the question that answers it."""
    out: dict[str, str] = {}
    for q in questions:
        for old in (*q.also, *aliases.get(q.id, [])):
            out[old] = q.url
    return out


def write_record(questions: list[Question], folder: Path) -> dict[str, str]:
    """Add every current question to the record; keep ids that were aliased."""
    record = read_record(folder)
    record.update({q.id: q.page for q in questions})
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(sorted(record.items())), indent=1) + "\n"
    (folder / RECORD).write_text(text, encoding="utf-8")
    return record


def main() -> int:
    from .questions import load_registry

    root = Path(__file__).resolve().parent.parent
    questions = load_registry(root / "docs")
    check(questions, root / "permalinks", root=root)
    record = write_record(questions, root / "permalinks")
    print(f"permalinks/{RECORD}: {len(record)} published ids")
    return 0


if __name__ == "__main__":
    sys.exit(main())
