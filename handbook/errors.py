"""One error type that always says where bad data lives."""

from __future__ import annotations


class HandbookError(Exception):
    """Bad content or data: names the file, the entry and the field."""

    def __init__(self, file: str, entry: str | None, field: str | None, problem: str) -> None:
        self.file, self.entry, self.field, self.problem = file, entry, field, problem
        where = [file]
        if entry is not None:
            where.append(f"entry '{entry}'")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{': '.join(where)}: {problem}")


class HandbookErrors(Exception):
    """Several problems found in one pass, reported together."""

    def __init__(self, errors: list[HandbookError]) -> None:
        self.errors = errors
        super().__init__("\n".join(f"  - {e}" for e in errors))


def raise_all(errors: list[HandbookError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise HandbookErrors(errors)
