"""Every kind of bad input stops the build, names the culprit and leaves no site behind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import build

from handbook.questions import load_registry
from handbook.schema import COMPARISON_DATA

DATA = COMPARISON_DATA


def first_compared(project: Path) -> tuple[str, Path]:
    """A question id that has comparison data, and the data file holding it."""
    for path in sorted((project / DATA).glob("*.yml")):
        m = re.search(r"^([a-z0-9-]+):\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
        if m:
            return m.group(1), path
    pytest.fail("no comparison data to break")


def page_of(project: Path, qid: str) -> Path:
    (q,) = [q for q in load_registry(project / "docs") if q.id == qid]
    return project / "docs" / q.page


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def mutate(data: Path, qid: str, change) -> None:
    """Rewrite one comparison entry through YAML, keeping the rest of the file."""
    entries = yaml.safe_load(data.read_text(encoding="utf-8"))
    change(entries[qid])
    data.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")


def assert_refused(project: Path, *needles: str) -> str:
    result = build(project)
    assert result.returncode != 0, "the build accepted bad input"
    for needle in needles:
        assert needle in result.output, f"{needle!r} missing from:\n{result.output[-3000:]}"
    assert not result.site.exists(), "a half-written site was left behind"
    return result.output


def test_malformed_yaml(project):
    qid, data = first_compared(project)
    edit(data, f"{qid}:\n", f"{qid}:\n  senior: [unclosed\n")
    assert_refused(project, f"{DATA}/{data.name}", "malformed YAML: line")


def test_missing_field(project):
    qid, data = first_compared(project)
    mutate(data, qid, lambda entry: entry.pop("staff"))
    assert_refused(project, f"{DATA}/{data.name}: entry '{qid}': field 'staff': missing")


def test_field_of_the_wrong_type(project):
    qid, data = first_compared(project)
    mutate(data, qid, lambda entry: entry.update(weak=42))
    assert_refused(project, f"{DATA}/{data.name}: entry '{qid}': field 'weak': must be a non-empty string")


def test_unknown_question_id_in_comparisons(project):
    _, data = first_compared(project)
    data.write_text(data.read_text() + "\nno-such-question:\n  senior: [a]\n  staff: [b]\n  weak: [c]\n  strong: [d]\n")
    assert_refused(project, f"{DATA}/{data.name}: entry 'no-such-question': field 'id': unknown question id")


def test_duplicate_id_on_one_page(project):
    qid, _ = first_compared(project)
    page = page_of(project, qid)
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text + f"\n## Same id again {{ #{qid} }}\n<!-- level: mid | type: conceptual -->\n\n"
        '??? answer "Answer"\n    Text.\n\n??? followups "Follow-ups"\n    - a\n'
    )
    assert_refused(project, f"entry '{qid}': field 'id'", "already used")


def test_duplicate_id_across_pages(project):
    qid, _ = first_compared(project)
    other = project / "docs" / "serving" / "behavioral.md"
    other.write_text(
        other.read_text(encoding="utf-8") + f"\n## Copied {{ #{qid} }}\n<!-- level: mid | type: conceptual -->\n\n"
        '??? answer "Answer"\n    Text.\n\n??? followups "Follow-ups"\n    - a\n'
    )
    out = assert_refused(project, f"entry '{qid}': field 'id'")
    assert "serving/behavioral.md" in out


def test_missing_metadata_field(project):
    qid, _ = first_compared(project)
    page = page_of(project, qid)
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(rf"(\{{ #{qid} \}}\n<!-- )level: \w+ \| ", r"\1", text))
    assert_refused(project, f"entry '{qid}': field 'level': missing")


def test_jinja_comment_style_heading_id(project):
    qid, _ = first_compared(project)
    edit(page_of(project, qid), f"{{ #{qid} }}", f"{{#{qid}}}")
    assert_refused(project, "field 'id'", "Jinja comment")


def test_jinja_syntax_error(project):
    page = project / "docs" / "practice" / "by-type.md"
    edit(page, '{{ grouped_index("type") }}', '{{ grouped_index("type" }}')
    assert_refused(project, "practice/by-type.md", "Macro Syntax Error", "expected ')'")


def test_undefined_variable(project):
    page = project / "docs" / "practice" / "by-level.md"
    edit(page, '{{ grouped_index("level") }}', "{{ no_such_variable }}")
    assert_refused(project, "by-level.md", "no_such_variable")


def test_comparison_macro_for_a_question_elsewhere(project):
    qid, _ = first_compared(project)
    page = project / "docs" / "practice" / "by-level.md"
    edit(page, '{{ grouped_index("level") }}', f'{{{{ comparison("{qid}") }}}}')
    assert_refused(project, "by-level.md", "is not on this page")


def test_broken_internal_link(project):
    page = project / "docs" / "practice" / "index.md"
    page.write_text(page.read_text() + "\nSee [nowhere](../ml/no-such-page.md).\n")
    assert_refused(project, "practice/index.md", "no-such-page.md")


def test_broken_anchor(project):
    page = project / "docs" / "practice" / "index.md"
    page.write_text(page.read_text() + "\nSee [a question](../ml/fundamentals.md#no-such-anchor).\n")
    assert_refused(project, "practice/index.md", "no-such-anchor")


def test_deleted_published_id(project):
    qid, _ = first_compared(project)
    record = project / "permalinks" / "published.json"
    assert qid in json.loads(record.read_text()), "run `make permalinks`"
    page = page_of(project, qid)
    edit(page, f"{{ #{qid} }}", f"{{ #{qid}-renamed }}")
    data = project / DATA
    for f in data.glob("*.yml"):
        f.write_text(f.read_text().replace(f"{qid}:\n", f"{qid}-renamed:\n"))
    for f in (project / "docs").rglob("*.md"):
        f.write_text(
            f.read_text().replace(f'comparison("{qid}")', f'comparison("{qid}-renamed")').replace(f"#{qid})", f"#{qid}-renamed)")
        )
    assert_refused(project, "permalinks/published.json", f"entry '{qid}'", "disappeared")
    # Declaring the rename makes the same change legal, and the old anchor keeps working.
    (project / "permalinks" / "aliases.yml").write_text(f"{qid}: {qid}-renamed\n")
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    assert f'id="{qid}"' in (result.site / page.relative_to(project / "docs").with_suffix("") / "index.html").read_text()


def test_html_in_data_is_escaped(project):
    qid, data = first_compared(project)
    mutate(data, qid, lambda entry: entry.update(senior=['<script>alert("x")</script> <b>bold</b>']))
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    html = (result.site / page_of(project, qid).relative_to(project / "docs").with_suffix("") / "index.html").read_text()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in html
    assert '<script>alert("x")</script>' not in html
