"""Build, size and search benchmark for the handbook. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/build.py            # everything
    .venv/bin/python benchmarks/build.py --quick    # one run per build, no browser

Figures:
- strict build time of the real site and of the same site without the macros
  plugin (every page as the macros rendered it, written in), measured in one
  run, with their ratio (budget: <= 1.10x); also the plain macros-off build,
  in which the generated views stay raw ``{{ ... }}``;
- build time for generated sites of 1,000 and 4,000 questions (the real pages
  cloned with new ids), to show linear growth;
- the largest page;
- bytes a domain page loads, raw and gzipped;
- search, side by side for the handbook's design (titles, then Pagefind records
  per question) and Material's own (Lunr over the full text), at the real size
  and at each generated size: files on disk, and for a query typed as soon as a
  page is parsed, the time to the first result and to the full-text hit, the
  bytes fetched for search before the first result, and main-thread tasks over
  50 ms, all timed inside Chromium;
- Lighthouse scores (mobile) of the home page and a domain page, served gzipped,
  when `lighthouse` from npm is on PATH or named by LIGHTHOUSE: every category at
  the default 4x CPU slowdown, then performance at the slowdown Lighthouse's
  calibration table gives for this host's benchmarkIndex.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from handbook import grammar
from handbook.questions import domain_pages, load_registry
from handbook.schema import COMPARISON_DATA
from handbook.toolenv import CHROMIUM, CHROMIUM_ARGS, MKDOCS_ENV, PROJECT_PARTS, read_mkdocs_config

ROOT = Path(__file__).resolve().parent.parent


def copy_project(dest: Path, config: dict) -> Path:
    for part in PROJECT_PARTS:
        if part != "mkdocs.yml" and (ROOT / part).exists():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return dest


def timed_build(project: Path, runs: int, strict: bool = True) -> tuple[float, Path, float]:
    """Median wall time, the site, and median CPU time (user + sys) of `runs` builds.

    CPU time is steadier than wall time on a shared virtual machine, so ratios use it.
    """
    site = project / "site"
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)]
        proc = subprocess.run(
            cmd + (["--strict"] if strict else []), cwd=project, env=MKDOCS_ENV, capture_output=True, text=True, check=False
        )
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode:
            raise SystemExit(f"build failed in {project}:\n{proc.stderr[-2000:]}")
    return statistics.median(walls), site, statistics.median(cpus)


def without_macros(config: dict) -> dict:
    out = dict(config)
    out["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p) and p != "macros"]
    return out


def rendered_copy(dest: Path, config: dict, scratch: Path) -> Path:
    """The same site with each page's macro output written into it, and no macros plugin."""
    capture = copy_project(scratch, {**config, "hooks": [str(Path(__file__).with_name("capture_pages.py")), *config["hooks"]]})
    pages = scratch / "rendered"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(scratch / "site")],
        cwd=capture,
        env={**MKDOCS_ENV, "HB_CAPTURE_DIR": str(pages), "HB_GIT_DOCS": str(ROOT / "docs")},
        check=True,
        capture_output=True,
    )
    out = copy_project(dest, without_macros(config))
    shutil.rmtree(out / "docs")
    shutil.copytree(capture / "docs", out / "docs", ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(pages, out / "docs", dirs_exist_ok=True)
    return out


def cloned(dest: Path, config: dict, target: int) -> int:
    """Clone the real question pages with fresh ids until there are `target` questions."""
    copy_project(dest, {k: v for k, v in config.items() if k != "nav"})
    shutil.rmtree(dest / "permalinks", ignore_errors=True)
    (dest / "permalinks").mkdir()  # no record to keep: the clones were never published
    pages = domain_pages(dest / "docs")
    real = len(load_registry(ROOT / "docs"))
    data_dir = dest / COMPARISON_DATA
    data = {}
    for f in data_dir.glob("*.yml"):
        data.update(yaml.safe_load(f.read_text()) or {})
    copies = max(0, -(-target // real) - 1)
    extra: dict = {}
    for n in range(1, copies + 1):
        for page in pages:
            parsed = grammar.read(page, page.relative_to(dest / "docs").as_posix())
            lines = list(parsed.lines)
            for e in parsed.entries:
                lines[e.line - 1] = lines[e.line - 1].replace(f"#{e.id} }}", f"#{e.id}-c{n} }}")
                for line, qid in e.calls:
                    lines[line - 1] = lines[line - 1].replace(f'"{qid}"', f'"{qid}-c{n}"')
                if e.meta_line is not None:
                    lines[e.meta_line - 1] = grammar.format_meta({**e.meta, "also": [f"{a}-c{n}" for a in e.meta["also"]]})
                if e.id in data:
                    extra[f"{e.id}-c{n}"] = data[e.id]
            text = "\n".join(lines)
            for e in parsed.entries:  # links within the page follow its renamed questions
                text = text.replace(f"](#{e.id})", f"](#{e.id}-c{n})").replace(f"](#{e.id}-answer)", f"](#{e.id}-c{n}-answer)")
            page.with_name(f"{page.stem}-c{n}.md").write_text(text, encoding="utf-8")
    (data_dir / "zz-clones.yml").write_text(yaml.safe_dump(extra))
    return len(load_registry(dest / "docs"))


def size(path: Path) -> int:
    return path.stat().st_size


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files gzipped when the client accepts it, as GitHub Pages does."""

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in self.COMPRESS or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        if not self.path.split("?")[0].endswith("/") and path.name == "index.html" and not self.path.endswith("index.html"):
            return super().send_head()  # let the base class redirect /dir to /dir/
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def served_file(site: Path, path: str) -> Path | None:
    """The file behind a site-relative URL path, as the server resolves it."""
    f = site / path.split("?")[0].split("#")[0]
    f = f / "index.html" if f.is_dir() else f
    return f if f.is_file() else None


def serve(site: Path):
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


# Timings are taken inside the page, from the moment the reader's query is in the box,
# so they hold what a reader waits for and none of the test driver's round trips.
LONG_TASKS = """
window.__hbLong = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__hbLong.push([e.startTime, e.duration]); })
  .observe({ type: "longtask", buffered: true });
"""

# The reader types the query `after` ms after the page is parsed: one key-up after the box
# is filled. Resolves with the time to the first result and to the first result that links
# `href` (the question whose body holds the query), both from that key-up.
TIMED_QUERY = """
async ([query, href, after]) => {
  await new Promise((resolve) => setTimeout(resolve, after));
  const input = document.querySelector(".md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const links = () => [...list.querySelectorAll(".md-search-result__item a")];
  let first = null;
  input.focus();
  input.value = query;
  const t0 = performance.now();
  const done = new Promise((resolve) => {
    const check = () => {
      const now = performance.now();
      if (first === null && links().length) first = now;
      if (links().some((a) => a.href.includes(href))) { obs.disconnect(); resolve(now); }
    };
    const obs = new MutationObserver(check);
    obs.observe(list, { childList: true, subtree: true });
    setTimeout(() => { obs.disconnect(); resolve(null); }, 60000);
  });
  input.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }));
  const hit = await done;
  const long = window.__hbLong.filter(([start, d]) => start + d >= t0 && d > 50).map(([, d]) => d);
  return { t0: performance.timeOrigin + t0, first: first && first - t0, hit: hit && hit - t0, long };
}
"""

SEARCH_FILES = ("/search/", "/pagefind/", "search-worker.js", "/workers/search.")


def search_figures(site: Path, query: str, href: str, after: int) -> dict:
    """A query typed `after` ms after opening a page, in Chromium: time to the first result and to
    the full-text hit, bytes fetched for search before the first result, main-thread tasks over 50 ms."""
    from playwright.sync_api import sync_playwright

    httpd, url = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context()
            received: list[tuple[float, str, int]] = []

            def on_finished(request):
                if any(part in request.url for part in SEARCH_FILES):
                    received.append((time.time() * 1000, request.url, request.sizes()["responseBodySize"]))

            context.on("requestfinished", on_finished)
            page = context.new_page()
            page.add_init_script(LONG_TASKS)
            page.goto(url + "ml/", wait_until="domcontentloaded")
            timed = page.evaluate(TIMED_QUERY, [query, href, after])
            browser.close()
    finally:
        httpd.shutdown()
    first_at = timed["t0"] + (timed["first"] or 0)
    before = sum(size for at, _, size in received if at <= first_at)
    return {
        "first result ms": round(timed["first"]) if timed["first"] is not None else "none in 60 s",
        "full-text hit ms": round(timed["hit"]) if timed["hit"] is not None else "none in 60 s",
        "KB fetched for search before the first result (on the wire)": round(before / 1024, 1),
        "main-thread tasks > 50 ms while searching (max ms)": f"{len(timed['long'])} ({max(timed['long'], default=0):.0f})",
    }


def browser_figures(site: Path) -> dict:
    """What a domain page loads, opened in Chromium and left to settle, without a search."""
    from playwright.sync_api import sync_playwright

    httpd, url = serve(site)
    out: dict = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            loaded: set[str] = set()
            third_party: list[str] = []
            page.on("response", lambda r: (loaded.add if r.url.startswith(url) else third_party.append)(r.url))
            page.goto(url + "ml/", wait_until="networkidle")
            files = [served_file(site, u[len(url) :]) for u in loaded]
            out["domain page requests"] = len(loaded)
            out["domain page bytes"] = sum(size(f) for f in files if f)
            out["domain page bytes gzipped"] = sum(len(gzip.compress(f.read_bytes())) for f in files if f)
            out["third-party requests"] = len(third_party)
            browser.close()
    finally:
        httpd.shutdown()
    return out


def index_sizes(site: Path) -> str:
    """Search files on disk: raw bytes, and gzipped for text (Pagefind's files are gzipped already)."""
    files = [f for d in ("search", "pagefind") if (site / d).exists() for f in (site / d).rglob("*") if f.is_file()]
    raw = sum(size(f) for f in files)
    wire = sum(len(gzip.compress(f.read_bytes())) if f.suffix in (".json", ".js") else size(f) for f in files)
    return f"{raw / 1024:,.0f} KB ({wire / 1024:,.0f} KB served)"


def material_search(project: Path) -> Path:
    """The same project with Material's own search: no search hooks, no worker override (Lunr over full text)."""
    config = project / "mkdocs.yml"
    data = read_mkdocs_config(config)
    data["hooks"] = [h for h in data["hooks"] if not h.endswith("search_hooks.py")]
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    template = project / "overrides" / "main.html"
    template.write_text(re.sub(r"\{% block config %\}.*?\{% endblock %\}", "", template.read_text(), flags=re.S))
    return project


LIGHTHOUSE_PAGES = ("", "ml/")


def cpu_slowdown_for(benchmark_index: float) -> float:
    """CPU slowdown that makes this host emulate Lighthouse's mid-tier phone.

    Lighthouse's default 4x assumes a host whose `benchmarkIndex` is about 1,500; on a
    slower host it emulates a slower phone and says so in `runWarnings`. Its docs
    (docs/throttling.md, "Calibrating the CPU slowdown") point to the CPU throttling
    calculator, whose piecewise-linear fit this is: 150 -> 1x, 800 -> 2x, 1,300 -> 3x,
    then +1x per 233 (1,533 -> 4x, 2,000 -> 6x). A faster host gets a harsher slowdown.
    """
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return max(1.0, 1 + (benchmark_index - 150) / 650)


def run_lighthouse(binary: str, url: str, *flags: str) -> dict:
    proc = subprocess.run(
        [binary, url, "--quiet", "--output=json", "--chrome-flags=" + " ".join(CHROMIUM_ARGS), *flags],
        env={**MKDOCS_ENV, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if proc.returncode:
        raise RuntimeError(proc.stderr.strip()[-300:])
    return json.loads(proc.stdout)


def score(report: dict, category: str) -> int:
    return round(report["categories"][category]["score"] * 100)


def lighthouse(site: Path, runs: int = 5) -> dict:
    """Lighthouse (mobile, simulated throttling) on two pages served gzipped: median scores at
    the default 4x CPU slowdown, then performance at the slowdown calibrated for this host."""
    binary = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not binary or not Path(CHROMIUM).exists():
        return {"lighthouse": "skipped: install it with `npm install lighthouse` and set LIGHTHOUSE"}
    httpd, url = serve(site)
    out: dict = {}
    try:
        host: list[float] = []
        for path in LIGHTHOUSE_PAGES:
            scores: dict[str, list[int]] = {}
            warned = 0
            for _ in range(runs):
                report = run_lighthouse(binary, url + path)
                host.append(report["environment"]["benchmarkIndex"])
                warned += any("slower CPU" in w for w in report.get("runWarnings", []))
                for name in report["categories"]:
                    scores.setdefault(name, []).append(score(report, name))
            out[f"lighthouse /{path} default 4x CPU (median of {runs})"] = (
                " ".join(f"{k}={statistics.median(v):g}" for k, v in scores.items())
                + f" (performance runs: {' '.join(map(str, scores['performance']))}"
                + (f"; {warned} flagged the host as slow)" if warned else ")")
            )
        index = statistics.median(host)
        slowdown = round(cpu_slowdown_for(index), 1)
        out["lighthouse host benchmarkIndex (median) -> calibrated CPU slowdown"] = f"{index:.0f} -> {slowdown:g}x"
        for path in LIGHTHOUSE_PAGES:
            flags = ("--only-categories=performance", f"--throttling.cpuSlowdownMultiplier={slowdown}")
            perf = [score(run_lighthouse(binary, url + path, *flags), "performance") for _ in range(runs)]
            out[f"lighthouse /{path} calibrated {slowdown:g}x CPU: performance, median (budget >= 95)"] = (
                f"{statistics.median(perf):g} (runs: {' '.join(map(str, perf))})"
            )
    except RuntimeError as err:
        out["lighthouse"] = f"failed: {err}"
    finally:
        httpd.shutdown()
    return out


class Figures(dict):
    """Prints each figure the moment it is measured, so a long run shows progress."""

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        shown = f"{value:,}" if isinstance(value, int) else value
        print(f"{key:<52} {shown}", flush=True)

    def update(self, other):
        for key, value in other.items():
            self[key] = value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run per build, no browser")
    parser.add_argument("--runs", type=int, default=5, help="interleaved builds with and without macros")
    parser.add_argument("--sizes", default="1000,4000", help="generated site sizes, comma-separated; empty to skip")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    config = read_mkdocs_config(ROOT / "mkdocs.yml")
    figures = Figures()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real = copy_project(tmp / "real", config)
        # Two baselines without the plugin. "Same site": every page as the macros
        # rendered it, written in. "Plugin removed": the pages as they are, so the
        # generated views (lists, counts, comparisons) are left as raw {{ ... }}.
        same = rendered_copy(tmp / "same", config, tmp / "capture")
        off = copy_project(tmp / "off", without_macros(config))
        builds = {"on": [], "same": [], "off": []}
        for _ in range(runs):  # interleaved, so drift in machine speed hits all alike
            builds["on"].append(timed_build(real, 1))
            builds["same"].append(timed_build(same, 1))
            builds["off"].append(timed_build(off, 1, strict=False))
        site = builds["on"][0][1]
        wall = {k: statistics.median(r[0] for r in v) for k, v in builds.items()}
        cpu = {k: statistics.median(r[2] for r in v) for k, v in builds.items()}
        questions = json.loads((site / "questions.json").read_text())["questions"]
        figures["questions"] = len(questions)
        names = "macros on / same site without macros / plugin removed"
        figures[f"build s, wall ({names}, median of {runs})"] = " / ".join(f"{wall[k]:.2f}" for k in builds)
        figures[f"build s, CPU ({names}, median of {runs})"] = " / ".join(f"{cpu[k]:.2f}" for k in builds)

        # Each round builds all three back to back, so a ratio within a round cancels the
        # drift in machine speed; the median over rounds drops the rounds another tenant hit.
        def paired(a: str, b: str) -> str:
            ratios = sorted(x[2] / y[2] for x, y in zip(builds[a], builds[b], strict=True))
            return f"{statistics.median(ratios):.3f} ({ratios[0]:.3f}-{ratios[-1]:.3f})"

        figures["macros overhead vs the same site, CPU, median of paired runs (budget <= 1.10)"] = paired("on", "same")
        figures["macros on vs plugin removed, CPU, median of paired runs"] = paired("on", "off")
        pages = sorted(site.rglob("*.html"), key=size)
        figures["largest page"] = f"{pages[-1].relative_to(site)} {size(pages[-1]):,} B"
        sites = {len(questions): (real, site)}
        for target in [int(n) for n in args.sizes.split(",") if n]:
            proj = tmp / f"gen{target}"
            n = cloned(proj, config, target)
            t, gsite, _ = timed_build(proj, 1, strict=False)
            figures[f"generated {n} questions: build s"] = round(t, 2)
            figures[f"generated {n} questions: s per 1,000 questions"] = round(1000 * t / n, 2)
            sites[n] = (proj, gsite)
        if not args.quick and Path(CHROMIUM).exists():
            # Both designs at every size, side by side: the handbook's (titles, then Pagefind)
            # and Material's own (Lunr over the full text), built from the same pages.
            query, href = "InfoNCE", "#cross-entropy-kl-contrastive"
            for n, (proj, hsite) in sites.items():
                base = tmp / f"material{n}"
                shutil.copytree(proj, base, ignore=shutil.ignore_patterns("site"))
                _, msite, _ = timed_build(material_search(base), 1, strict=False)
                figures[f"{n} questions: search files (handbook / Material)"] = f"{index_sizes(hsite)} / {index_sizes(msite)}"
                # A reader who opens a page and types 1.5 s later; and one who types the moment it is parsed.
                for after, when in ((1500, "typed 1.5 s after opening"), (0, "typed at once")):
                    ours, theirs = search_figures(hsite, query, href, after), search_figures(msite, query, href, after)
                    for key in ours:
                        figures[f"{n} questions, {when}: {key} (handbook / Material)"] = f"{ours[key]} / {theirs[key]}"
            figures.update(browser_figures(site))
            figures.update(lighthouse(site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
