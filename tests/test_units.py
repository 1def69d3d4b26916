"""Unit tests of loading, validation and rendering, on small inputs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from handbook import codeguard, grammar, permalinks, render
from handbook.comparisons import load_comparisons
from handbook.errors import HandbookError, HandbookErrors
from handbook.htmlstash import HtmlStash
from handbook.pages import decorate
from handbook.questions import load_registry, page_url, questions_of

GOOD = textwrap.dedent(
    """\
    # Page

    ## What is a good question? { #good-question }
    <!-- level: senior | type: design | freq: common | tags: advanced | also: old-name -->

    ??? answer "Answer"
        A direct answer in one sentence.
        It continues here.

        ```python
        x = "{{ not_jinja }}"
        ```

    ??? followups "Follow-ups"
        - one
    """
)


def parse(text: str, rel: str = "ml/page.md"):
    page = grammar.parse(text, rel)
    return questions_of(page), page.errors


def test_parse_reads_heading_metadata_and_blocks():
    (q,), errors = parse(GOOD)
    assert errors == []
    assert (q.id, q.title, q.level, q.type, q.freq) == ("good-question", "What is a good question?", "senior", "design", "common")
    assert q.tags == ["advanced"] and q.also == ["old-name"]
    assert q.blocks == ["answer", "followups"]
    assert q.url == "ml/page/#good-question" and q.domain == "ml"


def test_headings_inside_code_are_not_questions():
    text = GOOD.replace("    - one\n", "    - one\n\n        ```markdown\n        ## Not a question\n        ```\n")
    questions, errors = parse(text)
    assert [q.id for q in questions] == ["good-question"] and errors == []


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (("{ #good-question }", "{#good-question}"), "id", "Jinja comment"),
        (("level: senior | ", ""), "level", "missing"),
        (("level: senior", "level: principal"), "level", "must be one of"),
        (("type: design", "type: essay"), "type", "must be one of"),
        (("freq: common", "freq: always"), "freq", "must be one of"),
        (("tags: advanced", "tags: expert"), "tags", "unknown tag"),
        (('??? answer "Answer"', '??? solution "Answer"'), "block", "unknown block"),
        (('??? followups "Follow-ups"', '??? traps "Traps"'), "followups", "missing"),
        (("<!-- level", "<!-- nope --> <!-- level"), "meta", "expected"),
        (("{ #good-question }", ""), "id", "explicit"),
    ],
)
def test_parse_rejects_bad_questions(change, field, problem):
    _, errors = parse(GOOD.replace(*change))
    assert errors, "the bad page was accepted"
    assert any(e.field == field and problem in e.problem and e.file == "ml/page.md" for e in errors), [str(e) for e in errors]


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_duplicate_ids_on_one_page_and_across_pages(tmp_path):
    write(tmp_path, "ml/a.md", GOOD + "\n" + GOOD.replace("# Page\n", "").replace("also: old-name", "also: other"))
    write(tmp_path, "rag/b.md", GOOD.replace("good-question", "second").replace("old-name", "good-question"))
    with pytest.raises(HandbookErrors) as info:
        load_registry(tmp_path)
    messages = [str(e) for e in info.value.errors]
    assert any("ml/a.md: entry 'good-question': field 'id'" in m for m in messages)
    assert any("rag/b.md: entry 'second': field 'id'" in m and "ml/a.md" in m for m in messages)


def data_dir(tmp_path: Path, text: str, name: str = "x.yml") -> Path:
    d = tmp_path / "data"
    d.mkdir(exist_ok=True)
    (d / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return d


FULL = """\
good-question:
  senior: [a]
  staff: [b]
  weak: c
  strong: [d, e]
"""


def test_comparisons_load_and_normalise(tmp_path):
    data = load_comparisons(data_dir(tmp_path, FULL), {"good-question"})
    assert data["good-question"]["weak"] == ["c"] and data["good-question"]["strong"] == ["d", "e"]


@pytest.mark.parametrize(
    ("text", "entry", "field", "problem"),
    [
        ("good-question:\n  senior: [a\n", None, None, "malformed YAML: line"),
        (FULL.replace("  staff: [b]\n", ""), "good-question", "staff", "missing"),
        (FULL.replace("weak: c", "weak: []"), "good-question", "weak", "non-empty"),
        (FULL.replace("weak: c", "weak: 3"), "good-question", "weak", "non-empty"),
        (FULL + "  mid: [x]\n", "good-question", "mid", "unknown field"),
        (FULL.replace("good-question", "no-such-question"), "no-such-question", "id", "unknown question id"),
        (FULL + FULL, None, None, "duplicate key 'good-question'"),
        ("good-question: [1, 2]\n", "good-question", None, "must be a mapping"),
    ],
)
def test_comparisons_reject_bad_data(tmp_path, text, entry, field, problem):
    with pytest.raises(HandbookError) as info:
        load_comparisons(data_dir(tmp_path, text), {"good-question"}, root=tmp_path)
    err = info.value
    assert (err.file, err.entry, err.field) == ("data/x.yml", entry, field)
    assert problem in err.problem
    assert str(err).startswith("data/x.yml")


def test_same_comparison_in_two_files_is_refused(tmp_path):
    data_dir(tmp_path, FULL, "a.yml")
    d = data_dir(tmp_path, FULL, "b.yml")
    with pytest.raises(HandbookError, match="b.yml: entry 'good-question': field 'id': duplicate comparison"):
        load_comparisons(d, {"good-question"}, root=tmp_path)


def test_comparison_html_is_one_escaped_line():
    html = render.comparison("q", {"senior": ["<script>alert(1)</script>"], "staff": ["a & b"], "weak": ["w"], "strong": ["s"]})
    assert "\n" not in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "a &amp; b" in html
    assert html.startswith('<details class="compare hb-compare" data-compare="q"')


def test_codeguard_round_trip_hides_jinja_in_code():
    text = (
        "Use `{{ x }}` inline.\n\n    ```jinja\n    {% for i in xs %}{{ i }}{% endfor %}\n    ```\n"
        "{{ macro() }}\n~~~\n{# c #}\n~~~\n"
    )
    hidden, stash = codeguard.protect(text)
    assert "{{ macro() }}" in hidden
    assert "{%" not in hidden and "{{ x }}" not in hidden and "{#" not in hidden
    assert codeguard.restore(hidden, stash) == text


def test_decorate_tags_the_first_answer_paragraph():
    page = grammar.parse(GOOD, "ml/page.md")
    (q,) = questions_of(page)
    q.reviewed = "2026-01-02"
    out = decorate(GOOD, page, {q.id: q}, {"good-question": ["older-id"]})
    assert "    It continues here.\n    { #good-question-answer }\n" in out
    assert 'id="old-name"' in out and 'id="older-id"' in out and 'class="hb-meta"' in out
    assert "<!-- level" not in out


def test_an_answer_must_open_with_a_paragraph():
    text = GOOD.replace("    A direct answer in one sentence.\n    It continues here.", "    - a list first")
    _, errors = parse(text)
    assert [(e.field, "paragraph" in e.problem) for e in errors] == [("answer", True)]


def test_stash_puts_each_block_back_in_its_place():
    stash = HtmlStash()
    a, b = stash.put("p.md", "<b>A</b>"), stash.put("p.md", "<i>{{ B }}</i>")
    assert stash.put("q.md", "Q") == a  # markers are numbered per page
    assert stash.restore("p.md", f"<p>x</p>{b}<div>{a}</div>") == "<p>x</p><i>{{ B }}</i><div><b>A</b></div>"
    assert stash.restore("q.md", f"[{a}]") == "[Q]"


LOST = ("nothing here", "did not survive")
UNKNOWN = ("<!-- hb-stash 0 --><!-- hb-stash 7 -->", "no rendered block")


@pytest.mark.parametrize("output, problem", [LOST, UNKNOWN])
def test_stash_refuses_a_lost_or_unknown_block(output, problem):
    stash = HtmlStash()
    stash.put("p.md", "<b>A</b>")
    with pytest.raises(HandbookError, match=problem) as info:
        stash.restore("p.md", output)
    assert info.value.file == "p.md" and info.value.field == "macro output"


def test_page_url():
    assert page_url("index.md") == "" and page_url("ml/index.md") == "ml/" and page_url("ml/a.md") == "ml/a/"


def registry(tmp_path: Path, *ids: str):
    body = "# Page\n" + "\n".join(
        GOOD.replace("# Page\n", "").replace("good-question", i).replace("also: old-name", "") for i in ids
    )
    write(tmp_path / "docs", "ml/a.md", body)
    return load_registry(tmp_path / "docs")


def test_permalinks_removed_id_fails_until_aliased(tmp_path):
    folder = tmp_path / "permalinks"
    permalinks.write_record(registry(tmp_path, "first", "second"), folder)
    renamed = registry(tmp_path, "first", "second-renamed")
    with pytest.raises(HandbookError, match="published question 'second'.*disappeared"):
        permalinks.check(renamed, folder, root=tmp_path)
    (folder / "aliases.yml").write_text("second: second-renamed\n")
    assert permalinks.check(renamed, folder, root=tmp_path) == {"second-renamed": ["second"]}
    assert permalinks.alias_targets(renamed, {"second-renamed": ["second"]}) == {"second": "ml/a/#second-renamed"}


def test_permalinks_merge_and_bad_alias(tmp_path):
    folder = tmp_path / "permalinks"
    permalinks.write_record(registry(tmp_path, "a-one", "a-two"), folder)
    merged = registry(tmp_path, "a-one")
    (folder / "aliases.yml").write_text("a-two: a-one\n")
    assert permalinks.check(merged, folder, root=tmp_path) == {"a-one": ["a-two"]}
    (folder / "aliases.yml").write_text("a-two: nowhere\n")
    with pytest.raises(HandbookError, match="'nowhere' is not a question id"):
        permalinks.check(merged, folder, root=tmp_path)


def test_permalinks_move_needs_the_old_page_or_a_redirect(tmp_path):
    folder = tmp_path / "permalinks"
    folder.mkdir()
    (folder / "published.json").write_text('{"first": "ml/old.md"}')
    moved = registry(tmp_path, "first")
    with pytest.raises(HandbookError, match="moved from ml/old.md"):
        permalinks.check(moved, folder, root=tmp_path, pages={"ml/a.md"})
    permalinks.check(moved, folder, root=tmp_path, pages={"ml/a.md"}, redirects={"ml/old.md": "ml/a.md"})
    permalinks.check(moved, folder, root=tmp_path, pages={"ml/a.md", "ml/old.md"})


EVERY_BLOCK = textwrap.dedent(
    """\
    ---
    render_macros: true
    ---

    # Page

    ## Does every consumer read the same question? { #every-block }
    <!-- level: staff | type: design | freq: rare | also: every-block-old | reviewed: 2026-01-02 -->

    ??? answer "Answer"
        Yes: one parse, read by the registry, the decoration and the lint.

        ```python
        assert "{{ not_jinja }}"
        ```

    {{ comparison("every-block") }}

    ??? numbers "Numbers to drop"
        - 1

    ??? traps "Traps"
        - a trap

    ??? chain "Follow-up chain"
        - **Failure mode:** none

    ??? worksample "Work-sample prompt"
        Write it.

    ??? sources "Sources"
        - A source, 2026: <https://example.org/source>

    ??? followups "Follow-ups"
        - one
        - two
        - three
    """
)


def test_registry_decoration_and_lint_read_one_parse():
    from handbook import lint
    from handbook.schema import BLOCKS

    page = grammar.parse(EVERY_BLOCK, "ml/page.md")
    assert page.errors == []
    (q,) = questions_of(page)
    assert q.blocks == list(BLOCKS) and q.also == ["every-block-old"] and q.reviewed == "2026-01-02"
    body = "\n".join(page.lines[page.body_line - 1 :])
    out = decorate(body, page, {q.id: q}, {})
    assert "    { #every-block-answer }" in out and 'data-qid="every-block"' in out
    problems = lint.check_page(page, {"every-block": {}})
    assert problems == ["ml/page.md: every-block: answer has 12 words (at least 120)"]
    assert [line for line, _ in lint.python_blocks(page)] == [13]  # the file's own line


MALFORMED = [
    EVERY_BLOCK.replace("| reviewed: 2026-01-02", "| reviewed: 20260102"),
    EVERY_BLOCK.replace('??? followups "Follow-ups"', '??? followups "Follow-ups"\n\n??? traps "Traps"\n    - late'),
    EVERY_BLOCK.replace("    ```python\n", "```python\n"),
    EVERY_BLOCK.replace("{ #every-block }", "{ #every block }"),
    EVERY_BLOCK.replace("<!-- level", "<!-- level: staff | level"),
    EVERY_BLOCK.replace("    - A source, 2026: <https://example.org/source>", "    - A source without a link"),
    "\ufeff" + EVERY_BLOCK,
]


@pytest.mark.parametrize("text", MALFORMED)
def test_registry_and_lint_report_the_same_problems(text):
    from handbook import lint
    from handbook.questions import collect

    page = grammar.parse(text, "ml/page.md") if not text.startswith("\ufeff") else _read_bytes(text)
    _, errors = collect([page])
    assert page.errors and set(map(str, page.errors)) <= set(map(str, errors))
    assert set(map(str, page.errors)) <= set(lint.check_page(page, {}))


def _read_bytes(text: str) -> grammar.Page:
    page_text, errors = grammar.decode(text.encode("utf-8"), "ml/page.md")
    page = grammar.parse(page_text, "ml/page.md")
    page.errors[:0] = errors
    return page


def test_front_matter_that_is_not_a_mapping_names_its_lines():
    page = grammar.parse("---\n- a\n- b\n---\n\n# Page\n", "practice/x.md", questions=False)
    assert [str(e) for e in page.errors] == [
        "practice/x.md: field 'front matter': lines 2-3: must be a mapping of `key: value` lines"
    ]
