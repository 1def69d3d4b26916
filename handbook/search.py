"""Full-text search: one Pagefind record per question, and a titles index for Material's box.

The reader types into Material's own search box. The page hands Material's
worker slot our worker (``docs/assets/javascripts/search-worker.js``), which
answers in two stages:

1. **Titles**, from ``search/search_index.json``: every question's title and
   every page's title, no body text, so the page fetches little and the first
   results arrive while the reader is still typing;
2. **Full text**, from a Pagefind index of one record per question: the
   question's title and everything a reader can see in it (answer, numbers,
   traps, chain, work sample, sources, follow-ups and comparisons). Pagefind
   stems words (English Snowball), loads only the index chunks a query needs,
   and returns excerpts with the matched words marked.

Words that mean the same to a reader (acronyms and their expansions from the
curated list in ``macros/data/search-terms.yml``, British and American
spellings from :mod:`handbook.spelling`) are published in ``search/terms.json``;
the worker asks Pagefind for the other forms of the reader's words too, so an
excerpt shows the words the question really uses.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import spelling
from .errors import HandbookError, raise_all
from .questions import Question, page_url
from .yamlload import YamlProblem, load_yaml

TERMS_FILE = "macros/data/search-terms.yml"
# Pagefind's fragment files are gzipped JSON behind this signature (pagefind 1.x).
_FRAGMENT_SIGNATURE = b"pagefind_dcd"
_UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js", "wasm.unknown.pagefind")
_H2 = re.compile(r'<h2 id="(?P<id>[^"]+)"[^>]*>(?P<title>.*?)</h2>', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[a-z0-9]+(?:[/'’-][a-z0-9]+)*")


@dataclass
class Terms:
    """Groups of words and phrases that a reader uses for the same thing."""

    groups: list[list[str]]


def load_terms(root: Path) -> Terms:
    """The curated synonym groups; bad data stops the build with file, entry and field."""
    label = TERMS_FILE
    path = root / TERMS_FILE
    try:
        data = load_yaml(path.read_bytes().decode("utf-8"), label)
    except FileNotFoundError:
        raise HandbookError(label, None, None, "is missing: search needs its list of synonyms and acronyms") from None
    except UnicodeDecodeError:
        raise HandbookError(label, None, "encoding", "is not UTF-8: save it as UTF-8") from None
    except YamlProblem as exc:
        raise HandbookError(label, None, None, str(exc)) from None
    if not isinstance(data, list) or not data:
        raise HandbookError(
            label, None, None, "must be a list of groups, each a list of words or phrases: - [moe, mixture of experts]"
        )
    groups, errors, seen = [], [], {}
    for n, group in enumerate(data, 1):
        where = f"group {n}"
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(t, str) and t.strip() for t in group):
            errors.append(HandbookError(label, where, "terms", "must list at least two words or phrases"))
            continue
        clean = [" ".join(t.lower().split()) for t in group]
        for term in clean:
            if term in seen:
                errors.append(
                    HandbookError(label, where, "terms", f"'{term}' is already in group {seen[term]}: merge the groups")
                )
            seen[term] = n
        groups.append(clean)
    raise_all(errors)
    return Terms(groups)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def spellings(texts: list[str]) -> dict[str, list[str]]:
    """Every word of the records that has another spelling, mapped to it (and back)."""
    out: dict[str, set[str]] = {}
    for word in sorted({w for text in texts for w in words(text)}):
        for other in spelling.variants(word):
            out.setdefault(word, set()).add(other)
            out.setdefault(other, set()).add(word)
    return {w: sorted(v) for w, v in sorted(out.items())}


def record_text(record_html: str) -> str:
    return html.unescape(_TAGS.sub(" ", record_html))


@dataclass
class Section:
    """One question as the built page shows it."""

    question: Question
    title_html: str  # the heading's inner HTML, permalink removed
    body_html: str  # everything after the heading, up to the next question


def sections(content: str, questions: dict[str, Question]) -> list[Section]:
    """The questions of a page's rendered content, in page order."""
    heads = [m for m in _H2.finditer(content) if m.group("id") in questions]
    out = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(content)
        out.append(Section(questions[m.group("id")], _HEADERLINK.sub("", m.group("title")).strip(), content[m.end() : end]))
    return out


# Labels and controls that are not part of the answer: kept out of records and excerpts.
_IGNORE = (
    (re.compile(r'<p class="hb-meta"'), '<p class="hb-meta" data-pagefind-ignore'),
    (re.compile(r"<summary>"), "<summary data-pagefind-ignore>"),
    (re.compile(r'<p class="hb-cmp__(title|label)"'), r'<p data-pagefind-ignore class="hb-cmp__\1"'),
)


def record(section: Section, context: str) -> str:
    """The HTML page Pagefind indexes for one question."""
    q = section.question
    body = section.body_html
    for pattern, replacement in _IGNORE:
        body = pattern.sub(replacement, body)
    meta = {"qid": q.id, "loc": q.url, "page": context}
    attrs = " ".join(f'data-pagefind-meta="{k}:{html.escape(v)}"' for k, v in meta.items())
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(_TAGS.sub('', html.unescape(section.title_html)))}</title></head>"
        f'<body><main data-pagefind-body {attrs}><h1 data-pagefind-meta="title">{section.title_html}</h1>'
        f"{body}</main></body></html>"
    )


def terms_data(terms: Terms, records: dict[str, str], labels: list[str] = ()) -> dict:
    """search/terms.json: the synonym groups, and the other spelling of every word the records use.

    The worker asks Pagefind for each other form of the reader's words, so a hit
    shows (and the target page highlights) the words the question really uses.
    """
    texts = [record_text(r) for r in records.values()] + list(labels)
    return {"version": 1, "groups": terms.groups, "spellings": spellings(texts)}


def titles_index(
    material_index: dict, questions: list[Question], titles: dict[str, str], contexts: dict[str, str], fragments: dict[str, str]
) -> dict:
    """Material's index, titles only: a doc per page and per question, in reading order.

    A question's doc carries ``pf``, the id of its Pagefind record, so the worker can
    name every full-text hit without loading each record.
    """
    docs = []
    pages_done = set()
    for q in questions:
        if q.page not in pages_done:
            pages_done.add(q.page)
            docs.append({"location": page_url(q.page), "title": html.escape(contexts[q.page]), "text": ""})
        docs.append(
            {"location": q.url, "title": titles.get(q.id, html.escape(q.title)), "text": "", "pf": fragments.get(q.id, "")}
        )
    question_pages = {page_url(q.page) for q in questions}
    for doc in material_index.get("docs", []):
        if "#" not in doc["location"] and doc["location"] not in question_pages:
            docs.append({"location": doc["location"], "title": doc["title"], "text": ""})
    return {"config": material_index["config"], "docs": docs}


def build_index(records: dict[str, str], out_dir: Path) -> dict[str, str]:
    """Write one file per record, run the Pagefind CLI; return each question's record id."""
    with tempfile.TemporaryDirectory(prefix="hb-records-") as tmp:
        root = Path(tmp)
        for qid, page in records.items():
            (root / f"{qid}.html").write_text(page, encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                str(root),
                "--output-path",
                str(out_dir),
                "--force-language",
                "en",
                "--quiet",
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    if proc.returncode != 0 or not (out_dir / "pagefind.js").exists():
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise HandbookError("search index", None, "pagefind", f"Pagefind failed ({proc.returncode}): {' / '.join(detail)}")
    for unused in _UNUSED:  # Pagefind's own interfaces: the handbook uses Material's box
        for path in out_dir.glob(unused):
            path.unlink()
    return fragment_ids(out_dir)


def fragment_ids(bundle: Path) -> dict[str, str]:
    """Question id -> Pagefind record id, read back from the bundle's fragments."""
    out = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes())[len(_FRAGMENT_SIGNATURE) :])
        out[data["meta"]["qid"]] = path.name[: -len(".pf_fragment")]
    return out
