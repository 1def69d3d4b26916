"""Every kind of bad input stops the build, names the culprit and leaves no site behind.

Each case breaks one thing in a copy of the project. Cases that fail at the same
stage share a copy and a build: the handbook reports every content problem of a
build at once, and MkDocs every strict-mode warning, so one build proves many
cases. Every build runs twice, plain and with ``-q`` (the link and anchor cases
also with ``-v``), and every case checks, in each: the exit status, the file,
entry and field named, no Python traceback, and no ``site/`` left behind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import build, copy_project

from handbook.questions import Question, load_registry
from handbook.schema import COMPARISON_DATA

DATA = COMPARISON_DATA

# One worker runs this module: its tests share one module-scoped set of builds or runs.
pytestmark = [pytest.mark.xdist_group("bad-input")]


@dataclass
class Marker:
    """A line of `path` found after every mutation of the copy; resolved to 'line N'."""

    path: str
    text: str


@dataclass
class Case:
    name: str
    scenario: str
    apply: Callable[[Project], tuple]


class Project:
    """A copy of the project being broken, and the questions it started with."""

    def __init__(self, root: Path):
        self.root = root
        self.docs = root / "docs"
        self.questions = load_registry(self.docs)
        self._used: set[str] = set()  # question ids a case has broken
        self._pages: set[str] = set()  # pages with a broken question
        self._claimed: set[str] = set()  # pages that one case has to itself

    def question(
        self, *, level: str | None = None, compared: bool | None = None, exclusive: bool = False, lacks: str = ""
    ) -> Question:
        """A question no other case has touched; `exclusive` also keeps its page to this case."""
        data = self.comparison_ids()
        for q in self.questions:
            if q.id in self._used or q.page in self._claimed or (exclusive and q.page in self._pages):
                continue
            if (level and q.level != level) or (compared is not None and (q.id in data) != compared) or lacks in q.blocks:
                continue
            self._used.add(q.id)
            self._pages.add(q.page)
            if exclusive:
                self._claimed.add(q.page)
            return q
        raise AssertionError("ran out of questions to break")

    def page(self) -> str:
        return self.question(exclusive=True).page

    def comparison_ids(self) -> set[str]:
        return {k for f in (self.root / DATA).glob("*.yml") for k in (yaml.safe_load(f.read_text(encoding="utf-8")) or {})}

    def text(self, rel: str) -> str:
        return (self.docs / rel).read_bytes().decode("utf-8", "surrogateescape")  # keeps broken bytes as they are

    def write(self, rel: str, text: str) -> None:
        (self.docs / rel).write_bytes(text.encode("utf-8", "surrogateescape"))

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.text(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def _at(self, q: Question) -> tuple[list[str], int]:
        lines = self.text(q.page).split("\n")
        return lines, next(i for i, line in enumerate(lines) if line.startswith("## ") and f"{{ #{q.id} }}" in line)

    def meta(self, q: Question) -> str:
        """The metadata line under the question's heading, wherever the heading is now."""
        lines, i = self._at(q)
        return lines[i + 1]

    def set_meta(self, q: Question, new: str) -> None:
        """Replace this question's metadata line (another question may have an identical one)."""
        lines, i = self._at(q)
        lines[i + 1] = new
        self.write(q.page, "\n".join(lines))

    def heading(self, q: Question) -> str:
        lines, i = self._at(q)
        return lines[i]


def entry(q: Question, field: str) -> str:
    return f"{q.page}: entry '{q.id}': field '{field}'"


# --- Scenario "pages": every content problem in the pages, reported together by one build.


def non_utf8(p: Project):
    rel = p.page()
    (p.docs / rel).write_bytes(p.text(rel).encode("utf-8").replace(b"\n\n", b"\n\xff\n", 1))
    return (f"{rel}: field 'encoding'", "is not UTF-8")


def byte_order_mark(p: Project):
    rel = p.page()
    (p.docs / rel).write_bytes(b"\xef\xbb\xbf" + p.text(rel).encode("utf-8"))
    return (f"{rel}: field 'encoding'", "byte-order mark")


def unclosed_fence_at_end(p: Project):
    rel = p.page()
    p.write(rel, p.text(rel) + "\n```python\nprint('never closed')\n")
    return (f"{rel}: field 'code fence'", Marker(rel, "```python\nprint('never closed')"), "never closed")


def fence_swallowing_the_next_question(p: Project):
    q = p.question(exclusive=True)
    _edit_in_question(p, q, '??? traps "Traps"', '```text\nA fence at the margin swallows what follows\n\n??? traps "Traps"')
    return (entry(q, "code fence"), Marker(q.page, "```text\nA fence at the margin swallows what follows"), "outside a block")


def macro_without_render_macros(p: Project):
    rel = "practice/by-level.md"
    text = p.text(rel)
    p.write(rel, text.replace("render_macros: true\n", ""))
    return (f"{rel}: field 'front matter'", "render_macros: true")


def malformed_front_matter(p: Project):
    rel = "practice/by-type.md"
    p.edit(rel, "render_macros: true", "render_macros: [true")
    return (f"{rel}: field 'front matter'", "malformed YAML: line")


def unclosed_front_matter(p: Project):
    rel = p.page()
    p.edit(rel, "render_macros: true\n---\n", "render_macros: true\n")
    return (f"{rel}: field 'front matter'", "never closed")


def empty_page_in_nav(p: Project):
    p.write("ml/empty-topic.md", "# An empty topic\n\nNo questions yet.\n")
    config = p.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("      - ml/fundamentals.md\n", "      - ml/fundamentals.md\n      - ml/empty-topic.md\n")
    )
    return ("ml/empty-topic.md: field 'questions'", "no questions")


def meta_key_twice(p: Project):
    q = p.question()
    twice = p.meta(q).replace("<!-- ", f"<!-- level: {q.level} | ", 1)
    p.set_meta(q, twice)
    return (entry(q, "level"), Marker(q.page, twice), "given twice")


def reviewed_iso_week(p: Project):
    q = p.question()
    p.set_meta(q, p.meta(q).replace(" -->", " | reviewed: 2024-W01-1 -->"))
    return (entry(q, "reviewed"), "'2024-W01-1' is not a date written YYYY-MM-DD")


def reviewed_without_dashes(p: Project):
    q = p.question()
    p.set_meta(q, p.meta(q).replace(" -->", " | reviewed: 20240101 -->"))
    return (entry(q, "reviewed"), "'20240101' is not a date")


def reviewed_impossible_date(p: Project):
    q = p.question()
    p.set_meta(q, p.meta(q).replace(" -->", " | reviewed: 2026-02-30 -->"))
    return (entry(q, "reviewed"), "'2026-02-30' is not a date")


def followups_not_last(p: Project):
    q = p.question(lacks="worksample")
    _append_to_question(p, q, '??? worksample "Work-sample prompt"\n    Write the design doc.\n')
    return (entry(q, "followups"), "follow-ups must be the last block")


def second_answer_block(p: Project):
    q = p.question()
    _edit_in_question(
        p, q, '??? followups "Follow-ups"', '??? answer "Answer"\n    A second answer.\n\n??? followups "Follow-ups"'
    )
    return (entry(q, "answer"), "one 'answer' block per question")


def id_is_another_answer_anchor(p: Project):
    q, victim = p.question(), p.question()
    p.edit(q.page, f"{{ #{q.id} }}", f"{{ #{victim.id}-answer }}")
    _fix_references(p, q.id, f"{victim.id}-answer")
    return (f"entry '{victim.id}-answer': field 'id'", f"is the answer anchor of '{victim.id}'")


def missing_meta_comment(p: Project):
    q = p.question(compared=False)
    lines, i = p._at(q)
    del lines[i + 1]
    p.write(q.page, "\n".join(lines))
    return (entry(q, "meta"), "expected the metadata comment")


def id_with_a_space(p: Project):
    q = p.question()
    p.edit(q.page, f"{{ #{q.id} }}", f"{{ #{q.id} extra }}")
    return (f"entry '{q.id} extra': field 'id'", "ids may not contain spaces")


def jinja_comment_heading(p: Project):
    q = p.question()
    p.edit(q.page, f"{{ #{q.id} }}", f"{{#{q.id}}}")
    return (f"{q.page}: entry", "field 'id'", "'{#' opens a Jinja comment")


def heading_without_id(p: Project):
    q = p.question()
    p.edit(q.page, f" {{ #{q.id} }}", "")
    return (f"{q.page}: entry '{q.title}': field 'id'", "needs an explicit id")


def unknown_level(p: Project):
    q = p.question()
    p.set_meta(q, p.meta(q).replace(f"level: {q.level}", "level: principal"))
    return (entry(q, "level"), "must be one of mid, senior, staff (got 'principal')")


def unknown_type(p: Project):
    q = p.question()
    p.set_meta(q, p.meta(q).replace(f"type: {q.type}", "type: essay"))
    return (entry(q, "type"), "(got 'essay')")


def unknown_freq(p: Project):
    q = p.question()
    meta = p.meta(q)
    p.set_meta(q, meta.replace(f"freq: {q.freq}", "freq: always") if q.freq else meta.replace(" -->", " | freq: always -->"))
    return (entry(q, "freq"), "(got 'always')")


def unknown_tag(p: Project):
    q = p.question()
    p.edit(
        q.page,
        p.meta(q),
        p.meta(q).replace(" -->", " | tags: expert -->") if not q.tags else p.meta(q).replace("tags: ", "tags: expert, "),
    )
    return (entry(q, "tags"), "unknown tag 'expert'")


def unknown_meta_key(p: Project):
    q = p.question()
    p.set_meta(q, p.meta(q).replace(" -->", " | owner: me -->"))
    return (entry(q, "owner"), "unknown metadata item")


def invalid_also_id(p: Project):
    q = p.question()
    p.edit(
        q.page,
        p.meta(q),
        p.meta(q).replace(" -->", " | also: Not_An_Id -->") if not q.also else p.meta(q).replace("also: ", "also: Not_An_Id, "),
    )
    return (entry(q, "also"), "'Not_An_Id' is not a valid id")


def also_shadows_an_id(p: Project):
    q, other = p.question(), p.question()
    meta = p.meta(q)
    p.edit(
        q.page,
        meta,
        meta.replace(" -->", f" | also: {other.id} -->") if not q.also else meta.replace("also: ", f"also: {other.id}, "),
    )
    return ("field 'id'", f"id '{other.id}' is already used")


def unknown_block(p: Project):
    q = p.question()
    _edit_in_question(p, q, '??? traps "Traps"', '??? pitfalls "Traps"')
    return (entry(q, "block"), "unknown block 'pitfalls'")


def wrong_block_title(p: Project):
    q = p.question()
    _edit_in_question(p, q, '??? followups "Follow-ups"', '??? followups "Questions"')
    return (entry(q, "followups"), '??? followups "Follow-ups"')


def missing_followups(p: Project):
    q = p.question()
    _edit_in_question(p, q, '??? followups "Follow-ups"', '??? traps "Traps"')
    return (entry(q, "followups"), "missing the '??? followups")


def answer_not_first(p: Project):
    q = p.question()
    _edit_in_question(p, q, '??? answer "Answer"', '??? traps "Traps"\n    - first\n\n??? answer "Answer"')
    return (entry(q, "answer"), "the answer must be the first block")


def blocks_out_of_order(p: Project):
    q = p.question()
    _edit_in_question(p, q, '??? followups "Follow-ups"', '??? numbers "Numbers to drop"\n    - 42\n\n??? followups "Follow-ups"')
    return (entry(q, "numbers"), "move 'numbers' before")


def empty_block(p: Project):
    q = p.question()
    _edit_in_question(p, q, '??? followups "Follow-ups"', '??? worksample "Work-sample prompt"\n\n??? followups "Follow-ups"')
    return (entry(q, "worksample"), "the block is empty")


def answer_opens_with_a_list(p: Project):
    q = p.question()
    _edit_in_question(p, q, '??? answer "Answer"\n', '??? answer "Answer"\n    - a list before the direct answer\n\n')
    return (entry(q, "answer"), "must open with a paragraph")


def text_outside_a_block(p: Project):
    q = p.question()
    _edit_in_question(p, q, '??? followups "Follow-ups"', 'Forgot to indent this paragraph.\n\n??? followups "Follow-ups"')
    return (entry(q, "body"), Marker(q.page, "Forgot to indent this paragraph."), "text outside a block")


def source_without_link(p: Project):
    q = p.question()
    if "sources" in q.blocks:
        _edit_in_question(p, q, '??? sources "Sources"\n', '??? sources "Sources"\n    - A paper I read once\n')
    else:
        _edit_in_question(
            p, q, '??? followups "Follow-ups"', '??? sources "Sources"\n    - A paper I read once\n\n??? followups "Follow-ups"'
        )
    return (entry(q, "sources"), "every source needs an https:// link")


def comparison_call_for_another_id(p: Project):
    q, other = p.question(compared=True), p.question(compared=True)
    _edit_in_question(p, q, f'{{{{ comparison("{q.id}") }}}}', f'{{{{ comparison("{other.id}") }}}}')
    return (entry(q, "comparison"), f'calls comparison("{other.id}")')


def duplicate_id_on_a_page(p: Project):
    q = p.question()
    p.write(
        q.page,
        p.text(q.page) + f"\n## Same id again {{ #{q.id} }}\n<!-- level: mid | type: conceptual -->\n\n"
        '??? answer "Answer"\n    Text.\n\n??? followups "Follow-ups"\n    - a\n',
    )
    return (entry(q, "id"), "already used")


def script_in_title(p: Project):
    q = p.question()
    p.edit(q.page, p.heading(q), p.heading(q).replace("## ", "## <script>alert(1)</script> ", 1))
    return (entry(q, "title"), "titles are plain text")


def event_handler_in_title(p: Project):
    q = p.question()
    p.edit(q.page, p.heading(q), p.heading(q).replace("## ", '## <img src=x onerror="alert(1)"> ', 1))
    return (entry(q, "title"), "titles are plain text")


def script_in_answer(p: Project):
    q = p.question()
    _edit_in_question(
        p, q, '??? followups "Follow-ups"', '??? followups "Follow-ups"\n    - <script>alert(1)</script> a follow-up'
    )
    return (entry(q, "body"), "an HTML element that runs or loads code")


def event_handler_in_answer(p: Project):
    q = p.question()
    _edit_in_question(
        p, q, '??? followups "Follow-ups"', '??? followups "Follow-ups"\n    - <b onmouseover="alert(1)">hover</b> me'
    )
    return (entry(q, "body"), "an event-handler attribute")


def javascript_url_in_answer(p: Project):
    q = p.question()
    _edit_in_question(p, q, '??? followups "Follow-ups"', '??? followups "Follow-ups"\n    - [click](javascript:alert(1)) here')
    return (entry(q, "body"), "a script URL")


def script_on_a_generated_page(p: Project):
    rel = "practice/index.md"
    p.write(rel, p.text(rel) + '\n<iframe src="https://example.com"></iframe>\n')
    return (f"{rel}: field 'body'", "an HTML element that runs or loads code")


# --- Scenario "data": comparison data, reported together (pages are fine).


def first_compared(p: Project) -> tuple[str, Path]:
    """The first entry of a comparison file no other case has broken."""
    taken = p.__dict__.setdefault("taken_files", set())
    for path in sorted((p.root / DATA).glob("*.yml")):
        if path.name in taken:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data:
            taken.add(path.name)
            return next(iter(data)), path
    raise AssertionError("ran out of comparison files")


def mutate(path: Path, qid: str, change) -> None:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(entries[qid])
    path.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")


def data_missing_field(p: Project):
    qid, path = first_compared(p)
    mutate(path, qid, lambda e: e.pop("staff"))
    return (f"{DATA}/{path.name}: entry '{qid}': field 'staff': missing",)


def data_wrong_type(p: Project):
    qid, path = first_compared(p)
    mutate(path, qid, lambda e: e.update(weak=42))
    return (f"{DATA}/{path.name}: entry '{qid}': field 'weak': must be a non-empty string",)


def data_unknown_field(p: Project):
    qid, path = first_compared(p)
    mutate(path, qid, lambda e: e.update(principal=["x"]))
    return (f"{DATA}/{path.name}: entry '{qid}': field 'principal': unknown field",)


def data_unknown_question(p: Project):
    _, path = first_compared(p)
    path.write_text(path.read_text() + "\nno-such-question:\n  senior: [a]\n  staff: [b]\n  weak: [c]\n  strong: [d]\n")
    return (f"{DATA}/{path.name}: entry 'no-such-question': field 'id': unknown question id",)


def data_list_as_key(p: Project):
    _, path = first_compared(p)
    path.write_text(path.read_text() + "\n[a, b]:\n  senior: [a]\n")
    return (f"{DATA}/{path.name}:", "malformed YAML: line", "a key must be a plain word")


def data_emptied_file(p: Project):
    _, path = first_compared(p)
    path.write_text("# nothing left\n")
    return (f"{DATA}/{path.name}:", "the file is empty")


def data_not_utf8(p: Project):
    _, path = first_compared(p)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\n# \xe9\n", 1))
    return (f"{DATA}/{path.name}: field 'encoding'", "not UTF-8")


def data_duplicate_key(p: Project):
    qid, path = first_compared(p)
    path.write_text(path.read_text() + f"\n{qid}:\n  senior: [a]\n  staff: [b]\n  weak: [c]\n  strong: [d]\n")
    return (f"{DATA}/{path.name}:", f"duplicate key '{qid}'")


def data_entry_not_a_mapping(p: Project):
    qid, path = first_compared(p)
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries[qid] = ["one", "two"]
    path.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return (f"{DATA}/{path.name}: entry '{qid}':", "must be a mapping")


def data_malformed_yaml(p: Project):
    _, path = first_compared(p)
    path.write_text(path.read_text() + "\nbroken-entry:\n  senior: [unclosed\n")
    return (f"{DATA}/{path.name}:", "malformed YAML: line")


# --- Scenario "permalinks": the record of published ids and the aliases.


def record_entry_not_a_page(p: Project):
    record = p.root / "permalinks" / "published.json"
    data = json.loads(record.read_text())
    qid = next(iter(data))
    data[qid] = ["ml/fundamentals.md"]
    record.write_text(json.dumps(data))
    return (f"permalinks/published.json: entry '{qid}': field 'page'", "must be the page's path")


def _fix_references(p: Project, old: str, new: str) -> None:
    """Carry a renamed id through comparison data, macro calls and links."""
    for f in (p.root / DATA).glob("*.yml"):
        f.write_text(f.read_text().replace(f"\n{old}:\n", f"\n{new}:\n"))
    for f in p.docs.rglob("*.md"):
        rel = f.relative_to(p.docs).as_posix()
        p.write(rel, p.text(rel).replace(f'comparison("{old}")', f'comparison("{new}")').replace(f"#{old})", f"#{new})"))


PROBE_PAGE = """---
render_macros: true
---

# Not in the nav

## Is this page in the nav? { #not-in-nav-probe }
<!-- level: mid | type: conceptual -->

??? answer "Answer"
    No: it exists in docs/ but the nav does not list it.

??? followups "Follow-ups"
    - **Why does it matter?** Readers cannot reach it.
"""


def _append_to_question(p: Project, q: Question, text: str) -> None:
    whole = p.text(q.page)
    head, rest = whole.split(f"{{ #{q.id} }}", 1)
    body, sep, tail = rest.partition("\n## ")
    p.write(q.page, head + f"{{ #{q.id} }}" + body.rstrip("\n") + "\n\n" + text + "\n" + sep + tail)


def _edit_in_question(p: Project, q: Question, old: str, new: str) -> None:
    text = p.text(q.page)
    head, rest = text.split(f"{{ #{q.id} }}", 1)
    body, sep, tail = rest.partition("\n## ")
    assert old in body, f"{old!r} not in question {q.id}"
    p.write(q.page, head + f"{{ #{q.id} }}" + body.replace(old, new, 1) + sep + tail)


# Scenario "permalink-ids": the record is well formed, the ids are not.


def deleted_published_id(p: Project):
    q = p.question()
    p.edit(q.page, f"{{ #{q.id} }}", f"{{ #{q.id}-renamed }}")
    _fix_references(p, q.id, f"{q.id}-renamed")
    return (f"permalinks/published.json: entry '{q.id}': field 'id'", "disappeared")


def alias_shadows_a_live_id(p: Project):
    q = p.question()
    aliases = p.root / "permalinks" / "aliases.yml"
    aliases.write_text((aliases.read_text() if aliases.exists() else "") + f"\n{q.id}: {p.questions[0].id}\n")
    return (f"permalinks/aliases.yml: entry '{q.id}': field 'id'", "still a live question id")


def alias_to_nowhere(p: Project):
    aliases = p.root / "permalinks" / "aliases.yml"
    aliases.write_text((aliases.read_text() if aliases.exists() else "") + "\nlong-gone-question: no-such-target\n")
    return ("permalinks/aliases.yml: entry 'long-gone-question': field 'target'", "'no-such-target' is not a question id")


# Scenario "aliases-shape": aliases.yml itself is malformed (one problem stops its reading).


def alias_old_id_invalid(p: Project):
    aliases = p.root / "permalinks" / "aliases.yml"
    aliases.write_text((aliases.read_text() if aliases.exists() else "") + "\nOld Id: bias-variance-tradeoff\n")
    return ("permalinks/aliases.yml: entry 'Old Id': field 'id'", "the old id is not a valid id")


def record_not_a_mapping(p: Project):
    (p.root / "permalinks" / "published.json").write_text('["ml/fundamentals.md"]')
    return ("permalinks/published.json:", "must map ids to pages")


# --- Scenario "warnings": what MkDocs finds in strict mode; the same at -q and -v.


def broken_link(p: Project):
    rel = "practice/index.md"
    p.write(rel, p.text(rel) + "\nSee [nowhere](../ml/no-such-page.md).\n")
    return ("practice/index.md", "ml/no-such-page.md", "Aborted with")


def broken_anchor(p: Project):
    rel = "practice/by-level.md"
    p.write(rel, p.text(rel) + "\nSee [a question](../ml/fundamentals.md#no-such-anchor).\n")
    return ("practice/by-level.md", "#no-such-anchor", "Aborted with")


def page_missing_from_nav(p: Project):
    p.write("ml/not-in-nav.md", PROBE_PAGE)
    return ("ml/not-in-nav.md", "not included in the", "Aborted with")


def nav_entry_to_missing_page(p: Project):
    config = p.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("      - ml/fundamentals.md\n", "      - ml/fundamentals.md\n      - ml/vanished.md\n")
    )
    return ("ml/vanished.md", "not found", "Aborted with")


# --- One build each: a macro error stops rendering at once.


def macro_syntax_error(p: Project):
    rel = "practice/by-type.md"
    p.edit(rel, '{{ grouped_index("type") }}', '{{ grouped_index("type" }}')
    return (f"{rel}: field 'macro'", Marker(rel, '{{ grouped_index("type" }}'), "Jinja syntax error", "expected ')'")


def macro_undefined_name(p: Project):
    rel = "practice/by-level.md"
    p.edit(rel, '{{ grouped_index("level") }}', "{{ no_such_variable }}")
    return (f"{rel}: field 'macro'", Marker(rel, "{{ no_such_variable }}"), "'no_such_variable' is undefined")


def macro_comparison_elsewhere(p: Project):
    qid = next(q.id for q in reversed(p.questions) if q.id in p.comparison_ids() and not q.page.startswith("ml/"))
    rel = "ml/index.md"
    p.edit(rel, '{{ domain_index("ml") }}', f'{{{{ comparison("{qid}") }}}}')
    return (f"{rel}: entry '{qid}': field 'comparison'", Marker(rel, f'comparison("{qid}")'), "is not on this page")


def macro_wrong_arguments(p: Project):
    rel = "nlp/index.md"
    p.edit(rel, '{{ domain_index("nlp") }}', '{{ domain_index("nlp", "extra", "args") }}')
    return (f"{rel}: field 'macro'", Marker(rel, "domain_index("), "TypeError")


def macro_comparison_without_data(p: Project):
    q = p.question(level="senior", compared=True)
    for f in (p.root / DATA).glob("*.yml"):
        data = yaml.safe_load(f.read_text()) or {}
        if q.id in data:
            del data[q.id]
            f.write_text(yaml.safe_dump(data, sort_keys=False) if data else "")
    return (f"{q.page}: entry '{q.id}': field 'comparison'", f"no entry for '{q.id}'")


CASES = [
    *(
        Case(f.__name__, "pages", f)
        for f in (
            non_utf8,
            byte_order_mark,
            unclosed_fence_at_end,
            fence_swallowing_the_next_question,
            macro_without_render_macros,
            malformed_front_matter,
            unclosed_front_matter,
            empty_page_in_nav,
            meta_key_twice,
            reviewed_iso_week,
            reviewed_without_dashes,
            reviewed_impossible_date,
            followups_not_last,
            second_answer_block,
            id_is_another_answer_anchor,
            missing_meta_comment,
            id_with_a_space,
            jinja_comment_heading,
            heading_without_id,
            unknown_level,
            unknown_type,
            unknown_freq,
            unknown_tag,
            unknown_meta_key,
            invalid_also_id,
            also_shadows_an_id,
            unknown_block,
            wrong_block_title,
            missing_followups,
            answer_not_first,
            blocks_out_of_order,
            empty_block,
            answer_opens_with_a_list,
            text_outside_a_block,
            source_without_link,
            comparison_call_for_another_id,
            duplicate_id_on_a_page,
            script_in_title,
            event_handler_in_title,
            script_in_answer,
            event_handler_in_answer,
            javascript_url_in_answer,
            script_on_a_generated_page,
        )
    ),
    *(
        Case(f.__name__, "data", f)
        for f in (
            data_missing_field,
            data_wrong_type,
            data_unknown_field,
            data_unknown_question,
            data_list_as_key,
            data_emptied_file,
            data_not_utf8,
            data_duplicate_key,
            data_entry_not_a_mapping,
            data_malformed_yaml,
        )
    ),
    *(
        Case(f.__name__, "permalinks", f)
        for f in (record_entry_not_a_page, alias_old_id_invalid, deleted_published_id, alias_shadows_a_live_id, alias_to_nowhere)
    ),
    Case("record_not_a_mapping", "permalink-record", record_not_a_mapping),
    *(Case(f.__name__, "warnings", f) for f in (broken_link, broken_anchor, page_missing_from_nav, nav_entry_to_missing_page)),
    # Macro errors are reported together, once every page has been rendered.
    *(
        Case(f.__name__, "macros", f)
        for f in (
            macro_syntax_error,
            macro_undefined_name,
            macro_comparison_elsewhere,
            macro_wrong_arguments,
            macro_comparison_without_data,
        )
    ),
]
# Strict-mode warnings are where MkDocs' verbosity flags used to lose checks.
VERBOSITY = {"warnings": ("", "-q", "-v")}


@dataclass
class Result:
    returncode: int
    output: str
    site_left: bool


def _build(root: Path, flag: str) -> Result:
    site = root / f"site{flag}"
    # A site from an earlier build is there, as on a writer's machine: a failed build must not leave it half-replaced.
    site.mkdir()
    (site / "stale.html").write_text("old")
    result = build(root, site, *([flag] if flag else []))
    # Either removed, or the earlier site untouched (a build that fails before writing leaves it be).
    left = site.exists() and sorted(p.name for p in site.rglob("*")) != ["stale.html"]
    return Result(result.returncode, result.output, left)


def _copy(dest: Path) -> Path:
    return copy_project(dest)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[tuple, dict[str, Result]]]:
    """Break one copy per scenario, build each at every verbosity, two builds at a time."""
    projects: dict[str, Project] = {}
    needles: dict[str, tuple] = {}
    for case in CASES:
        if case.scenario not in projects:
            projects[case.scenario] = Project(_copy(tmp_path_factory.mktemp(case.scenario)))
        needles[case.name] = case.apply(projects[case.scenario])
    for case in CASES:  # markers are resolved once every case of the copy is applied
        root = projects[case.scenario].root / "docs"
        needles[case.name] = tuple(_resolve(root, n) for n in needles[case.name])
    jobs = [(s, flag) for s in projects for flag in VERBOSITY.get(s, ("", "-q"))]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = dict(zip(jobs, pool.map(lambda job: _build(projects[job[0]].root, job[1]), jobs), strict=True))
    return {
        c.name: (needles[c.name], {flag: results[(c.scenario, flag)] for flag in VERBOSITY.get(c.scenario, ("", "-q"))})
        for c in CASES
    }


def _resolve(docs: Path, needle) -> str:
    if not isinstance(needle, Marker):
        return needle
    lines = (docs / needle.path).read_text(encoding="utf-8", errors="replace").split("\n")
    want = needle.text.split("\n")
    hits = [i + 1 for i in range(len(lines)) if all(w in line for w, line in zip(want, lines[i : i + len(want)], strict=False))]
    hits = [h for h in hits if len(lines) - h + 1 >= len(want)]
    assert len(hits) == 1, f"marker {want[0]!r} found {len(hits)} times in {needle.path}"
    return f"line {hits[0]}:"


def test_there_are_at_least_forty_bad_inputs():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_refused(outcomes, case):
    needles, results = outcomes[case.name]
    for flag, result in results.items():
        how = f"mkdocs build --strict {flag}".strip()
        assert result.returncode != 0, f"{how} accepted {case.name}"
        for needle in needles:
            assert needle in result.output, f"{how}: {needle!r} missing from:\n{result.output[-4000:]}"
        assert "Traceback" not in result.output, f"{how} printed a traceback:\n{result.output[-4000:]}"
        assert not result.site_left, f"{how} left a partial site behind"
