"""The GitHub workflows: job graph, permissions and the steps that publish."""

from __future__ import annotations

import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads `on:` as True
    return data


def uses(job: dict) -> list[str]:
    return [step.get("uses", "").split("@")[0] for step in job["steps"]]


def test_ci_runs_tests_and_a_strict_build_on_push_and_pr():
    ci = load("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    assert ci["permissions"] == {"contents": "read"}
    runs = " ".join(step.get("run", "") for job in ci["jobs"].values() for step in job["steps"])
    assert "make test" in runs and "make build" in runs
    setup = [s for job in ci["jobs"].values() for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python")]
    assert setup and setup[0]["with"]["cache"] == "pip"


def test_ci_reports_the_benchmark_without_gating_on_it():
    bench = load("ci.yml")["jobs"]["benchmark"]
    assert bench["needs"] == "test" and bench["continue-on-error"] is True
    runs = " ".join(step.get("run", "") for step in bench["steps"])
    assert "make bench" in runs and "GITHUB_STEP_SUMMARY" in runs and "lighthouse@" in runs
    lighthouse = next(s for s in bench["steps"] if "make bench" in s.get("run", ""))["env"]["LIGHTHOUSE"]
    assert lighthouse.endswith("node_modules/.bin/lighthouse")


def test_pages_builds_strictly_then_uploads_then_deploys():
    pages = load("pages.yml")
    assert pages["permissions"] == {"contents": "read"}
    assert pages["concurrency"]["group"]
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    runs = [step.get("run", "") for step in build["steps"]]
    assert any(r.strip() == "make build" for r in runs)  # the Makefile's strict build, its settings and all
    steps = uses(build)
    order = [steps.index(a) for a in ("actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact")]
    assert order == sorted(order)
    strict = next(s for s in build["steps"] if s.get("run", "").strip() == "make build")
    assert "steps.pages.outputs.base_url" in strict["env"]["SITE_URL"]  # canonical URLs point at the real site
    assert uses(deploy) == ["actions/deploy-pages"]
    assert any(s.get("with", {}).get("cache") == "pip" for s in build["steps"])
