"""HTML and Markdown fragments that the macros and hooks put into pages.

Everything taken from data is escaped here: data may never inject markup.
Fragments that may land inside an indented ``???`` block are single lines
of HTML, so indentation can never break them (mkdocs-macros issue #240).
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Iterable
from html import escape

from .comparisons import Comparison
from .grammar import INLINE_CODE
from .questions import Question
from .schema import DOMAIN_SHORT, DOMAINS, LEVEL_LABELS, LEVELS, TAG_LABELS, TYPE_LABELS, TYPES


def markdown_text(text: str) -> str:
    """Title text for a Markdown link label: markup characters escaped outside code spans.

    The grammar already refuses HTML tags in titles; this holds even if it did not.
    Code spans stay as they are: Markdown escapes their content itself.
    """
    out, pos = [], 0
    for m in INLINE_CODE.finditer(text):
        out += [_escape_prose(text[pos : m.start()]), m.group(0)]
        pos = m.end()
    out.append(_escape_prose(text[pos:]))
    return "".join(out)


def _escape_prose(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("[", "\\[").replace("]", "\\]")


def link(from_src: str, q: Question, text: str | None = None) -> str:
    """A Markdown link to a question, relative to the page being rendered."""
    target = posixpath.relpath(q.page, posixpath.dirname(from_src) or ".")
    return f"[{markdown_text(text or q.title)}]({target}#{q.id})"


def badges(q: Question, aliases: Iterable[str] = ()) -> str:
    """The visible metadata line under a question heading."""
    parts = [f'<span id="{escape(a)}" class="hb-alias"></span>' for a in aliases]
    parts.append(f'<span class="hb-badge hb-level hb-level--{escape(q.level)}" title="Level">{LEVEL_LABELS[q.level]}</span>')
    parts.append(f'<span class="hb-badge hb-type" title="Type">{TYPE_LABELS[q.type]}</span>')
    if q.freq:
        parts.append(f'<span class="hb-badge hb-freq" title="How often it is asked">Asked: {escape(q.freq)}</span>')
    parts += [f'<span class="hb-badge hb-tag" title="Source level">{TAG_LABELS[t]}</span>' for t in q.tags]
    if q.reviewed:
        parts.append(
            f'<span class="hb-reviewed">Reviewed <time datetime="{escape(q.reviewed)}">{escape(q.reviewed)}</time></span>'
        )
    else:
        parts.append('<span class="hb-reviewed">Not yet reviewed</span>')
    return f'<p class="hb-meta" data-qid="{escape(q.id)}">{" ".join(parts)}</p>'


def _column(kind: str, label: str, points: list[str]) -> str:
    items = "".join(f"<li>{escape(p)}</li>" for p in points)
    return f'<div class="hb-cmp__col hb-cmp__col--{kind}"><p class="hb-cmp__label">{label}</p><ul>{items}</ul></div>'


def comparison(qid: str, data: Comparison, *, open_: bool = False) -> str:
    """Both comparisons of one question, side by side, as one line of HTML."""
    pairs = (
        ("Senior vs staff", ("senior", "Senior answer"), ("staff", "Staff answer")),
        ("Weak vs strong", ("weak", "Weak answer"), ("strong", "Strong answer")),
    )
    grids = "".join(
        f'<p class="hb-cmp__title">{title}</p><div class="hb-cmp">'
        + _column(a, a_label, data[a])
        + _column(b, b_label, data[b])
        + "</div>"
        for title, (a, a_label), (b, b_label) in pairs
    )
    return (
        f'<details class="compare hb-compare" data-compare="{escape(qid)}"{" open" if open_ else ""}>'
        f"<summary>Senior vs staff · weak vs strong</summary>{grids}</details>"
    )


def domain_counts(questions: list[Question], from_src: str) -> str:
    """Markdown table: one row per domain with computed counts."""
    by_domain = Counter(q.domain for q in questions)
    staff = Counter(q.domain for q in questions if q.level == "staff")
    compared = Counter(q.domain for q in questions if q.has_comparison)
    rows = ["| Domain | Questions | Staff | Compared |", "|---|--:|--:|--:|"]
    for d, name in DOMAINS.items():
        target = posixpath.relpath(f"{d}/index.md", posixpath.dirname(from_src) or ".")
        rows.append(f"| [{name}]({target}) | {by_domain[d]} | {staff[d]} | {compared[d]} |")
    rows.append(f"| **All** | **{len(questions)}** | **{sum(staff.values())}** | **{sum(compared.values())}** |")
    return "\n".join(rows)


PRACTICE_PAGE = "practice/index.md"


def practise_link(from_src: str, key: str, value: str, text: str) -> str:
    """A Markdown link that opens practice mode filtered to `key=value`."""
    target = posixpath.relpath(PRACTICE_PAGE, posixpath.dirname(from_src) or ".")
    return f"[{markdown_text(text)}]({target}?{key}={value}){{ .hb-practise }}"


def _entry(q: Question, from_src: str) -> str:
    extra = " · compared" if q.has_comparison else ""
    return f"- {link(from_src, q)} <small>{LEVEL_LABELS[q.level]} · {TYPE_LABELS[q.type]}{extra}</small>"


def domain_index(questions: list[Question], domain: str, from_src: str, titles: dict[str, str]) -> str:
    """Markdown list of a domain's questions, grouped by page in nav order."""
    pages: dict[str, list[Question]] = {}
    for q in questions:
        if q.domain == domain:
            pages.setdefault(q.page, []).append(q)
    # The ids travel with the page, so the progress bar needs no request of its own.
    ids = " ".join(q.id for qs in pages.values() for q in qs)
    out = [f'<div class="hb-progress" data-hb-progress="{escape(domain)}" data-ids="{escape(ids)}"></div>']
    if ids:
        count = len(ids.split())
        out.append(
            "\n" + practise_link(from_src, "domain", domain, f"Practise the {count} {DOMAIN_SHORT[domain]} questions") + "\n"
        )
    for page, qs in pages.items():
        target = posixpath.relpath(page, posixpath.dirname(from_src) or ".")
        out.append(f"\n## [{markdown_text(titles.get(page, page))}]({target}) <small>{len(qs)}</small>\n")
        out += [_entry(q, from_src) for q in qs]
    return "\n".join(out)


def grouped_index(questions: list[Question], key: str, from_src: str) -> str:
    """Markdown: every question grouped by level or by type."""
    order, labels = (LEVELS, LEVEL_LABELS) if key == "level" else (TYPES, TYPE_LABELS)
    out: list[str] = []
    for value in order:
        qs = [q for q in questions if getattr(q, key) == value]
        if not qs:
            continue
        out.append(f"\n## {labels[value]} <small>{len(qs)}</small> {{ #{key}-{value} }}\n")
        out.append(practise_link(from_src, key, value, f"Practise the {len(qs)} {labels[value]} questions") + "\n")
        for d, name in DOMAINS.items():
            in_domain = [q for q in qs if q.domain == d]
            if in_domain:
                out.append(f"\n**{name}**\n")
                out += [f"- {link(from_src, q)}" for q in in_domain]
    return "\n".join(out)


COMPARISONS_DIR = "practice/comparisons"


def _compared(questions: list[Question], comparisons: dict[str, Comparison], domain: str) -> list[Question]:
    return [q for q in questions if q.domain == domain and q.id in comparisons]


def comparisons_index(questions: list[Question], comparisons: dict[str, Comparison], from_src: str) -> str:
    """Markdown: one section per domain linking to its comparisons page.

    The sections keep the ``#compare-<domain>`` anchors that the single page had.
    """
    out: list[str] = []
    for d, name in DOMAINS.items():
        qs = _compared(questions, comparisons, d)
        if not qs:
            continue
        target = posixpath.relpath(f"{COMPARISONS_DIR}/{d}.md", posixpath.dirname(from_src) or ".")
        out.append(f"\n## {name} <small>{len(qs)}</small> {{ #compare-{d} }}\n")
        out.append(f'[All {len(qs)} {DOMAIN_SHORT[d]} comparisons]({target}){{ .hb-compare-link data-domain="{d}" }}\n')
    return "\n".join(out)


def all_comparisons(
    questions: list[Question],
    comparisons: dict[str, Comparison],
    from_src: str,
    domain: str,
    place: Callable[[str], str] = lambda html: html,
) -> str:
    """Markdown + HTML: every comparison of one domain, each under a link to its question.

    `place` receives each finished HTML block and returns what goes in the Markdown.
    """
    out: list[str] = []
    for q in _compared(questions, comparisons, domain):
        out.append(f"\n## {link(from_src, q)}\n")
        out.append(place(comparison(q.id, comparisons[q.id], open_=True)))
    return "\n".join(out)
