"""The real site, built strictly: its HTML, its registry and its pages' promises."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import yaml
from conftest import ROOT

from handbook.questions import load_registry
from handbook.schema import COMPARISON_DATA, DOMAINS
from handbook.site import nav_pages
from handbook.toolenv import read_mkdocs_config

REGISTRY = load_registry(ROOT / "docs")
QUESTION_IDS = [q.id for q in REGISTRY]


class Elements(HTMLParser):
    """Collect (tag, attrs) of every element, and the id stack of open details."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict, tuple[str, ...]]] = []
        self.details: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details":
            self.details.append(attrs.get("class", ""))
        self.elements.append((tag, attrs, tuple(self.details)))

    def handle_endtag(self, tag):
        if tag == "details" and self.details:
            self.details.pop()


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_registry_is_published(site):
    records = site.questions()
    assert len(records) >= 18
    assert {r["domain"] for r in records} == set(DOMAINS)
    for r in records:
        assert {"id", "domain", "title", "level", "type", "url", "has_comparison", "reviewed"} <= r.keys()
        assert r["url"].endswith("#" + r["id"]) and not r["url"].startswith("/")
        assert isinstance(r["has_comparison"], bool)
        assert r["reviewed"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["reviewed"])
    assert sorted(r["id"] for r in records) == sorted(QUESTION_IDS)
    # Published in reading order: the pages follow the nav of mkdocs.yml.
    nav = nav_pages(read_mkdocs_config(ROOT / "mkdocs.yml")["nav"])
    positions = [nav.index(r["page"]) for r in records]
    assert positions == sorted(positions)


def test_every_domain_has_three_questions_two_compared(site):
    records = site.questions()
    for domain in DOMAINS:
        mine = [r for r in records if r["domain"] == domain]
        assert len(mine) >= 3, domain
        assert sum(r["has_comparison"] for r in mine) >= 2, domain


def test_each_question_heading_and_answer_anchor_exist(site):
    pages: dict[str, list[dict]] = {}
    for r in site.questions():
        pages.setdefault(r["url"].split("#")[0], []).append(r)
    for url, records in pages.items():
        parsed = elements(site.html(url))
        by_id = {attrs.get("id"): (tag, details) for tag, attrs, details in parsed.elements if attrs.get("id")}
        for r in records:
            assert by_id[r["id"]][0] == "h2", r["id"]
            tag, details = by_id[r["id"] + "-answer"]
            assert tag == "p" and details and "answer" in details[-1], r["id"]
            for alias in r["also"]:
                assert alias in by_id, alias


def test_comparisons_render_inside_their_question(site):
    for r in site.questions():
        if not r["has_comparison"]:
            continue
        html = site.html(r["url"].split("#")[0])
        section = html.split(f'id="{r["id"]}"', 1)[1].split("<h2 ", 1)[0]
        assert f'data-compare="{r["id"]}"' in section, r["id"]
        assert section.count('class="hb-cmp"') == 2


def test_comparison_text_lives_only_in_data():
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    for path in (ROOT / COMPARISON_DATA).glob("*.yml"):
        for qid, entry in (yaml.safe_load(path.read_text()) or {}).items():
            for points in entry.values():
                for point in [points] if isinstance(points, str) else points:
                    if len(point) > 40:
                        assert point not in docs, f"{path.name}: {qid}: comparison text repeated in docs/"


def test_home_counts_are_computed(site):
    html = site.html("")
    counts = Counter(r["domain"] for r in site.questions())
    for domain, name in DOMAINS.items():
        assert re.search(rf'href="{domain}/">{re.escape(name)}</a></td>\s*<td[^>]*>{counts[domain]}</td>', html), domain
    assert re.search(rf"<strong>{len(site.questions())}</strong>", html)


def test_domain_indexes_list_every_question(site):
    for domain in DOMAINS:
        html = site.html(f"{domain}/")
        for r in site.questions():
            if r["domain"] == domain:
                assert f'#{r["id"]}"' in html, (domain, r["id"])


def test_level_type_and_comparison_pages(site):
    by_level, by_type = site.html("practice/by-level/"), site.html("practice/by-type/")
    for r in site.questions():
        assert f'#{r["id"]}"' in by_level and f'#{r["id"]}"' in by_type
        if r["has_comparison"]:  # one comparisons page per domain
            assert f'data-compare="{r["id"]}"' in site.html(f"practice/comparisons/{r['domain']}/")


def test_no_third_party_requests(site):
    for path in site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag, attrs, _ in elements(html).elements:
            for attr in ("src", "href"):
                url = attrs.get(attr) or ""
                if tag in ("script", "img", "iframe") or (
                    tag == "link" and attrs.get("rel") in ("stylesheet", "preconnect", "preload")
                ):
                    assert not re.match(r"(https?:)?//", url), f"{path}: {tag} {attr}={url}"


def test_code_with_jinja_reaches_the_page_untouched(site):
    """Pages quote Jinja in code; the macro engine must leave it alone."""
    quoted = []
    for q in REGISTRY:
        text = (ROOT / "docs" / q.page).read_text(encoding="utf-8")
        quoted += re.findall(r"^\s*.*\{\{ *[a-z_]+ *\}\}.*$", "\n".join(re.findall(r"```[a-z]*\n(.*?)```", text, re.S)), re.M)
    assert quoted, "no page quotes Jinja in code any more: keep one example"
    pages = "".join(site.html(u) for u in {q.url.split("#")[0] for q in REGISTRY})
    text = (
        re.sub(r"<[^>]+>", "", pages)
        .replace("&quot;", '"')
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )
    for line in set(quoted):
        for token in re.findall(r"\{\{ *[a-z_]+ *\}\}", line):
            assert token in text, token


def test_every_page_is_written_whole(site):
    """No stash marker is left behind, and the theme's scripts never block the first paint."""
    for page in site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "hb-stash" not in html, page
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html):
            assert " defer " in tag or "async" in tag, (page, tag)


def test_alias_map_and_labels_are_published(site):
    data = site.registry()
    assert data["version"] == 2 and set(data["labels"]) >= {"domain", "level", "type", "tag", "block"}
    aliases = data["aliases"]
    ids = {r["id"]: r["url"] for r in site.questions()}
    for r in site.questions():
        for alias in r["also"]:
            assert aliases[alias] == ids[r["id"]]


def test_every_question_shows_its_metadata(site):
    for q in REGISTRY:
        html = site.html(q.url.split("#")[0])
        meta = html.split(f'data-qid="{q.id}"', 1)[1].split("</p>", 1)[0]
        assert f"hb-level--{q.level}" in meta, q.id
        assert (f'<time datetime="{q.reviewed}">' if q.reviewed else "Not yet reviewed") in meta, q.id
