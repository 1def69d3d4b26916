"""mkdocs-macros inside question blocks: indentation, and Jinja-looking code left alone."""

from __future__ import annotations

import re

from conftest import build

from handbook.schema import COMPARISON_DATA

QUESTION = """
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

DATA = """
macro-probe:
  senior: ["Probe <senior> point"]
  staff: ["Probe staff point"]
  weak: ["Probe weak point"]
  strong: ["Probe strong point"]
"""


def test_comparison_inside_a_block_and_code_untouched(project):
    page = project / "docs" / "serving" / "behavioral.md"
    page.write_text(page.read_text(encoding="utf-8") + QUESTION.format(), encoding="utf-8")
    data = project / COMPARISON_DATA / "probe.yml"
    data.write_text(DATA, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    html = (result.site / "serving" / "behavioral" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="macro-probe"', 1)[1]
    answer = section.split('<details class="answer">', 1)[1]
    # The comparison is nested inside the answer block, rendered as HTML rather than code.
    inner = answer.split("</details>\n", 1)[0]
    assert '<details class="compare hb-compare" data-search-exclude data-compare="macro-probe">' in answer
    assert "Probe &lt;senior&gt; point" in inner
    assert "&lt;details" not in answer.split('class="followups"')[0]
    text = re.sub(r"<[^>]+>", "", answer.split('class="followups"')[0])
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    for snippet in (
        "Hello {{ user.name }}{% if admin %} (admin){% endif %} {# note #}",
        "{% raw %}kept{% endraw %}",
        "{{ not_a_variable }}",
        "{% for x in y %}",
    ):
        assert snippet in text, snippet
