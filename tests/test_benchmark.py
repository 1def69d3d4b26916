"""The benchmark must measure what it claims: the same site as its baseline, and a calibrated Lighthouse."""

from __future__ import annotations

import pytest
from conftest import ROOT, build

from benchmarks.build import cpu_slowdown_for, rendered_copy
from handbook.toolenv import read_mkdocs_config


def test_same_site_without_macros_renders_identical_pages(site, tmp_path):
    copy = rendered_copy(tmp_path / "same", read_mkdocs_config(ROOT / "mkdocs.yml"), tmp_path / "capture")
    plugins = read_mkdocs_config(copy / "mkdocs.yml")["plugins"]
    assert not any("macros" in (p if isinstance(p, str) else next(iter(p))) for p in plugins)
    result = build(copy)
    assert result.returncode == 0, result.output[-3000:]
    pages = sorted(p.relative_to(site.site) for p in site.site.rglob("*.html"))
    assert pages == sorted(p.relative_to(result.site) for p in result.site.rglob("*.html"))
    for page in pages:
        assert (site.site / page).read_bytes() == (result.site / page).read_bytes(), page


def test_cpu_slowdown_follows_lighthouse_calibration_table():
    # Anchor points of Lighthouse's CPU throttling calculator: the default 4x is right
    # for a host of benchmarkIndex ~1,533, and a slower host needs less slowdown.
    assert cpu_slowdown_for(1533) == pytest.approx(4, abs=0.01)
    assert cpu_slowdown_for(1300) == pytest.approx(3)
    assert cpu_slowdown_for(800) == pytest.approx(2)
    assert cpu_slowdown_for(150) == pytest.approx(1)
    assert cpu_slowdown_for(2000) == pytest.approx(6, abs=0.01)
    assert cpu_slowdown_for(50) == 1.0
    steps = [cpu_slowdown_for(i) for i in range(0, 3000, 25)]
    assert steps == sorted(steps)
