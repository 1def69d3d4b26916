"""Render a page's macros, with errors that name the file's own line.

mkdocs-macros renders pages itself, but on an error it prints a traceback as a
warning (hidden by ``-q``) and ends the process with ``exit(100)``, which
skips MkDocs' clean-up. The handbook renders its pages here instead, in the
plugin's own Jinja environment and with the plugin's variables, and raises a
:class:`HandbookError` that says where the problem is and what to do.
"""

from __future__ import annotations

import traceback

import jinja2

from . import codeguard
from .errors import HandbookError


def _template_line(exc: BaseException) -> int | None:
    """The template line of the innermost frame Jinja rendered, if any."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def render(env: jinja2.Environment, markdown: str, variables: dict, *, src: str, first_line: int) -> str:
    """`markdown` with its macros rendered; code is left untouched.

    `first_line` is the file line of the markdown's first line (MkDocs hands
    pages over without their front matter), so errors name the file's lines.
    """
    hidden, stash = codeguard.protect(markdown)

    def where(lineno: int | None) -> str:
        return f"line {lineno + first_line - 1}: " if lineno else ""

    try:
        out = env.from_string(hidden).render(**variables)
    except jinja2.TemplateSyntaxError as exc:
        raise HandbookError(src, None, "macro", f"{where(exc.lineno)}Jinja syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise HandbookError(
            src, None, "macro", f"{where(_template_line(exc))}{exc.message}: only the handbook's macros and variables are defined"
        ) from None
    except HandbookError as exc:
        line = _template_line(exc)
        raise HandbookError(exc.file, exc.entry, exc.field, f"{where(line)}{exc.problem}") from None
    except Exception as exc:  # a macro called wrongly: TypeError, ValueError, ...
        raise HandbookError(src, None, "macro", f"{where(_template_line(exc))}{type(exc).__name__}: {exc}") from None
    return codeguard.restore(out, stash)
