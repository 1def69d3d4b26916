"""Senior-vs-staff and weak-vs-strong comparisons, read from YAML.

Each file in the data folder maps a question id to four non-empty lists of
points::

    bias-variance-tradeoff:
      senior: ["..."]
      staff: ["..."]
      weak: ["..."]
      strong: ["..."]
"""

from __future__ import annotations

from pathlib import Path

from .errors import HandbookError, raise_all
from .grammar import ID_RE
from .schema import COMPARISON_FIELDS
from .yamlload import YamlProblem, load_yaml

Comparison = dict[str, list[str]]


def _points(value: object) -> list[str] | None:
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def parse_file(path: Path, label: str, errors: list[HandbookError]) -> dict[str, Comparison]:
    try:
        data = load_yaml(path.read_bytes().decode("utf-8"), label)
    except UnicodeDecodeError as exc:
        errors.append(HandbookError(label, None, "encoding", f"byte {exc.start} is not UTF-8: save the file as UTF-8"))
        return {}
    except YamlProblem as exc:
        errors.append(HandbookError(label, None, None, str(exc)))
        return {}
    if data is None:
        errors.append(HandbookError(label, None, None, "the file is empty: add comparisons to it, or delete it"))
        return {}
    if not isinstance(data, dict):
        errors.append(HandbookError(label, None, None, "the file must map question ids to comparisons"))
        return {}
    out: dict[str, Comparison] = {}
    for qid, entry in data.items():
        if not isinstance(qid, str) or not ID_RE.match(qid):
            errors.append(HandbookError(label, str(qid), "id", "is not a question id (lower-case words joined by hyphens)"))
            continue
        if not isinstance(entry, dict):
            errors.append(HandbookError(label, str(qid), None, "must be a mapping with senior, staff, weak and strong"))
            continue
        for key in entry:
            if key not in COMPARISON_FIELDS:
                errors.append(
                    HandbookError(label, str(qid), str(key), f"unknown field (allowed: {', '.join(COMPARISON_FIELDS)})")
                )
        parsed: Comparison = {}
        for name in COMPARISON_FIELDS:
            if name not in entry:
                errors.append(HandbookError(label, str(qid), name, "missing"))
                continue
            points = _points(entry[name])
            if points is None:
                errors.append(HandbookError(label, str(qid), name, "must be a non-empty string or list of non-empty strings"))
            else:
                parsed[name] = points
        out[str(qid)] = parsed
    return out


def load_comparisons(data_dir: Path | str, known_ids: set[str], *, root: Path | None = None) -> dict[str, Comparison]:
    """All comparisons, validated against the question registry."""
    data_dir = Path(data_dir)
    errors: list[HandbookError] = []
    merged: dict[str, Comparison] = {}
    origin: dict[str, str] = {}
    for path in sorted(data_dir.glob("*.y*ml")):
        label = path.relative_to(root).as_posix() if root else path.as_posix()
        for qid, comparison in parse_file(path, label, errors).items():
            if qid in origin:
                errors.append(HandbookError(label, qid, "id", f"duplicate comparison: already given in {origin[qid]}"))
                continue
            if qid not in known_ids:
                errors.append(HandbookError(label, qid, "id", "unknown question id: no page has a heading with this id"))
            origin[qid] = label
            merged[qid] = comparison
    raise_all(errors)
    return merged
