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

import yaml

from .errors import HandbookError, raise_all
from .schema import COMPARISON_FIELDS

Comparison = dict[str, list[str]]


# libyaml's parser when PyYAML was built with it: several times faster on big files.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):
    """SafeLoader that refuses a key given twice instead of keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _points(value: object) -> list[str] | None:
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def parse_file(path: Path, label: str, errors: list[HandbookError]) -> dict[str, Comparison]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        errors.append(HandbookError(label, None, None, f"malformed YAML: {where}{problem}"))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        errors.append(HandbookError(label, None, None, "the file must map question ids to comparisons"))
        return {}
    out: dict[str, Comparison] = {}
    for qid, entry in data.items():
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
