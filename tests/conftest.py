"""Shared fixtures: the real site built once, and throw-away copies of the project."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright import sync_api as playwright

from handbook.toolenv import CHROMIUM, CHROMIUM_ARGS, MKDOCS_ENV, PROJECT_PARTS

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Build:
    root: Path
    site: Path
    returncode: int
    output: str

    def html(self, page: str) -> str:
        """HTML of a page given by its URL, e.g. "ml/fundamentals/"."""
        return (self.site / page / "index.html").read_text(encoding="utf-8")

    def registry(self) -> dict:
        return json.loads((self.site / "questions.json").read_text(encoding="utf-8"))

    def questions(self) -> list[dict]:
        return self.registry()["questions"]


def build(root: Path, site: Path | None = None, *flags: str) -> Build:
    """A strict build of the project at `root`, into `site` (default: root/site); `flags` such as -q."""
    site = site or root / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *flags, "--site-dir", str(site)],
        cwd=root,
        env=MKDOCS_ENV,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return Build(root, site, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The real handbook, built strictly once per test session.

    HANDBOOK_SITE=path reuses a site built by hand, to iterate on the browser tests.
    """
    if os.environ.get("HANDBOOK_SITE"):
        return Build(ROOT, Path(os.environ["HANDBOOK_SITE"]), 0, "")
    result = build(ROOT, tmp_path_factory.mktemp("real") / "site")
    assert result.returncode == 0, result.output[-4000:]
    return result


def copy_project(dest: Path) -> Path:
    """A private copy of the project, to change on purpose."""
    for part in PROJECT_PARTS:
        src = ROOT / part
        if not src.exists():
            continue
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", "site"))
        else:
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture(scope="session")
def project_copy():
    return copy_project


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on loopback, as a static host would."""
    handler = functools.partial(_QuietHandler, directory=str(site.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


# Headless Chromium: Debian's build through Playwright, no browser download.


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{message}; CI must run the browser tests", pytrace=False)
        pytest.skip(message)
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Page:
    """A browser tab that records console errors and failed requests."""

    def __init__(self, browser, server, **options):
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # A request cut short by a navigation (net::ERR_ABORTED) is not a failure.
        self.page.on("requestfailed", lambda r: "ABORTED" not in (r.failure or "") and self.errors.append(f"failed: {r.url}"))
        self.server = server

    def open(self, path: str):
        """Open a page and wait until the handbook's scripts have set it up.

        Not "networkidle": the search worker loads its full-text engine in the background
        after every page load, and a test has no reason to wait for that.
        """
        self.page.goto(self.server + path, wait_until="load")
        self.page.wait_for_function("window.handbook && document.body.dataset.hbReady === '1'")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser, server):
    t = Page(browser, server, viewport={"width": 1280, "height": 900})
    yield t
    assert t.errors == [], t.errors
    t.close()


@pytest.fixture(scope="session")
def questions(site) -> list[SimpleNamespace]:
    """The question bank as the browser sees it: the published questions.json."""
    return [SimpleNamespace(**r) for r in site.questions()]
