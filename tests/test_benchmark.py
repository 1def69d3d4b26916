"""The benchmark's baseline must be the same site, or its overhead ratio means nothing."""

from __future__ import annotations

import re

from conftest import ROOT, build

from benchmarks.build import rendered_copy
from handbook.toolenv import read_mkdocs_config

# Comparison blocks skip the search-exclusion rewrite in the real build, not in the copy.
_SUMMARY = re.compile(r"<summary data-search-exclude>")


def test_same_site_without_macros_renders_identical_pages(site, tmp_path):
    copy = rendered_copy(tmp_path / "same", read_mkdocs_config(ROOT / "mkdocs.yml"), tmp_path / "capture")
    assert "macros" not in (copy / "mkdocs.yml").read_text()
    result = build(copy)
    assert result.returncode == 0, result.output[-3000:]
    pages = sorted(p.relative_to(site.site) for p in site.site.rglob("*.html"))
    assert pages == sorted(p.relative_to(result.site) for p in result.site.rglob("*.html"))
    for page in pages:
        ours = _SUMMARY.sub("<summary>", (site.site / page).read_text(encoding="utf-8"))
        theirs = _SUMMARY.sub("<summary>", (result.site / page).read_text(encoding="utf-8"))
        assert ours == theirs, page
