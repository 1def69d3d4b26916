"""Probes in one shared build: macros inside blocks, hostile text in every field, a declared rename.

One copy of the project gets three additions and is built once:
- a question whose answer nests a comparison and quotes Jinja in code;
- a question whose title, alias and comparison data carry script, event-handler,
  ``javascript:`` and entity payloads, which must reach readers as text only;
- a renamed question declared in ``permalinks/aliases.yml``, whose old id keeps working.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build

from handbook.questions import load_registry
from handbook.schema import COMPARISON_DATA

MACRO_PROBE = """
## Does a comparison survive inside an indented block? {{ #macro-probe }}
<!-- level: senior | type: coding -->

??? answer "Answer"
    Yes: the macro returns one line of HTML, so the block's indentation cannot break it.

    {{{{ comparison("macro-probe") }}}}

    ```jinja
    Hello {{{{ user.name }}}}{{% if admin %}} (admin){{% endif %}} {{# note #}}
    {{% raw %}}kept{{% endraw %}}
    ```

    Inline too: `{{{{ not_a_variable }}}}` and `{{% for x in y %}}`.

??? followups "Follow-ups"
    - **Why one line?** Indented continuation lines would leave the block.
"""

TITLE = 'What does &lt;script&gt;alert("t")&lt;/script&gt; or `<img src=x onerror=alert(2)>` do?'
SHOWN_TITLE = 'What does <script>alert("t")</script> or <img src=x onerror=alert(2)> do?'
PAYLOAD_PROBE = f"""
## {TITLE} {{ #payload-probe }}
<!-- level: staff | type: coding | also: payload-probe-old -->

??? answer "Answer"
    Nothing runs: titles, entities such as &lt;b&gt; and code such as `javascript:alert(3)` reach the reader as text.

{{{{ comparison("payload-probe") }}}}

??? followups "Follow-ups"
    - **And a link?** `[x](javascript:alert(6))` is code here, not a link.
"""

DATA = """
macro-probe:
  senior: ["Probe <senior> point"]
  staff: ["Probe staff point"]
  weak: ["Probe weak point"]
  strong: ["Probe strong point"]
payload-probe:
  senior: ['<script>alert("s")</script>']
  staff: ["<img src=x onerror=alert(4)>"]
  weak: ["[x](javascript:alert(5)) and <a href=\\"javascript:alert(7)\\">a</a>"]
  strong: ["&lt;b&gt; entity, {{ jinja }} and {% tag %}"]
"""
PAYLOADS = ('<script>alert("s")</script>', "<img src=x onerror=alert(4)>", "[x](javascript:alert(5))", "&lt;b&gt; entity")

# One worker runs this module: its tests share one module-scoped set of builds or runs.
pytestmark = [pytest.mark.xdist_group("probes")]


class Live(HTMLParser):
    """What can run in a page: script elements, event-handler attributes, script URLs, frames."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.frames: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs.get("src") or "inline")
        if tag in ("iframe", "object", "embed", "frame"):
            self.frames.append(tag)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "formaction") and re.match(r"\s*(javascript|vbscript|data):", value or "", re.I):
                self.script_urls.append(f"{tag}[{name}={value}]")


def live(html: str) -> Live:
    parser = Live()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def probe(tmp_path_factory, request):
    project = request.getfixturevalue("project_copy")(tmp_path_factory.mktemp("probe"))
    page = project / "docs" / "serving" / "behavioral.md"
    page.write_text(page.read_text(encoding="utf-8") + MACRO_PROBE.format() + PAYLOAD_PROBE, encoding="utf-8")
    (project / COMPARISON_DATA / "probe.yml").write_text(DATA, encoding="utf-8")
    renamed = load_registry(project / "docs")[0]
    _rename(project, renamed.id, f"{renamed.id}-renamed")
    (project / "permalinks" / "aliases.yml").write_text(f"{renamed.id}: {renamed.id}-renamed\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    return result, renamed


def _rename(project: Path, old: str, new: str) -> None:
    for f in (project / COMPARISON_DATA).glob("*.yml"):
        f.write_text(f.read_text(encoding="utf-8").replace(f"\n{old}:\n", f"\n{new}:\n"), encoding="utf-8")
    for f in (project / "docs").rglob("*.md"):
        text = f.read_text(encoding="utf-8")
        text = text.replace(f"{{ #{old} }}", f"{{ #{new} }}").replace(f'comparison("{old}")', f'comparison("{new}")')
        f.write_text(text.replace(f"#{old})", f"#{new})"), encoding="utf-8")


def test_comparison_inside_a_block_and_code_untouched(probe):
    result, _ = probe
    html = result.html("serving/behavioral/")
    section = html.split('id="macro-probe"', 1)[1]
    answer = section.split('<details class="answer">', 1)[1]
    # The comparison is nested inside the answer block, rendered as HTML rather than code.
    inner = answer.split("</details>\n", 1)[0]
    assert '<details class="compare hb-compare" data-compare="macro-probe">' in answer
    assert "Probe &lt;senior&gt; point" in inner
    assert "&lt;details" not in answer.split('class="followups"')[0]
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", answer.split('class="followups"')[0]))
    for snippet in (
        "Hello {{ user.name }}{% if admin %} (admin){% endif %} {# note #}",
        "{% raw %}kept{% endraw %}",
        "{{ not_a_variable }}",
        "{% for x in y %}",
    ):
        assert snippet in text, snippet


def _text_of_link_to(html: str, qid: str) -> list[str]:
    return [
        html_lib.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(rf'<a href="[^"]*#{qid}"[^>]*>(.*?)</a>', html, re.S)
    ]


def test_payloads_reach_readers_as_text_everywhere(probe, site):
    result, _ = probe
    page = result.html("serving/behavioral/")
    heading = re.search(r'<h2 id="payload-probe">(.*?)<a class="headerlink"', page, re.S).group(1)
    assert (
        html_lib.unescape(re.sub(r"<(?!/?code)[^>]+>", "", heading)).replace("<code>", "").replace("</code>", "") == SHOWN_TITLE
    )
    for listing in ("serving/", "practice/by-level/", "practice/by-type/", "practice/comparisons/serving/"):
        texts = _text_of_link_to(result.html(listing), "payload-probe")
        assert texts and all(t == SHOWN_TITLE for t in texts), (listing, texts)
    compare = result.html("practice/comparisons/serving/")
    for payload in PAYLOADS:
        shown = html_lib.escape(payload)  # data is plain text: every character shows as written
        assert shown in page and shown in compare, payload
    registry = json.loads((result.site / "questions.json").read_text(encoding="utf-8"))
    assert next(q for q in registry["questions"] if q["id"] == "payload-probe")["title"] == TITLE


def test_no_live_element_that_the_theme_did_not_put_there(probe, site):
    """Every page of the probe site runs exactly what the same page of the real site runs."""
    result, _ = probe
    theme = live(site.html(""))  # what the theme itself puts on every page
    for path in sorted(result.site.rglob("*.html")):
        rel = path.relative_to(result.site)
        ours = live(path.read_text(encoding="utf-8"))
        assert ours.handlers == [] and ours.frames == [], (rel, ours.handlers, ours.frames)
        assert set(ours.script_urls) <= set(theme.script_urls), (rel, ours.script_urls)  # Material's share button
        real = site.site / rel
        if real.exists():
            assert Counter(ours.scripts) == Counter(live(real.read_text(encoding="utf-8")).scripts), rel


def test_a_declared_rename_keeps_the_old_id_working(probe):
    result, renamed = probe
    html = result.html(renamed.url.split("#")[0])
    assert f'id="{renamed.id}-renamed"' in html and f'id="{renamed.id}"' in html
    aliases = result.registry()["aliases"]
    assert aliases[renamed.id].endswith(f"#{renamed.id}-renamed")
    assert aliases["payload-probe-old"].endswith("#payload-probe")
