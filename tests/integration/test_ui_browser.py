"""The /ui pages in a real browser: Debian's chromium driven by Playwright
(``executable_path``; Playwright's own browser download is not reachable
here). One stack (the session's ``stack``), one browser, one seed article
and one hostile article for the whole module.

Checked: every stored entity and figure of a processed seed is highlighted
at its stored offsets with its text (the DOM against the API's JSON), no
console errors, the list page and its filters, /docs renders with every
request to the internet refused, submitted <script>/onerror= payloads are
shown as text and never run; screenshots go to var/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections import defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
SEED = ROOT / "seeds" / "000_7c08082054c86605.txt"
CHROMIUM = os.environ.get("DOCPIPE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.integration

# A payload the cleaner drops (real tags, kept in raw_text: the debris panel)
# and one it decodes into the clean text (escaped tags: the article itself).
PAYLOAD = (
    "苏州工业园区2023年生物医药企业超2200家。<script>window.__pwned = 1</script>\n"
    '<img src=x onerror="window.__pwned = 2">测试&lt;script&gt;window.__pwned = 3&lt;/script&gt;\n'
    "&lt;img src=x onerror=&quot;window.__pwned = 4&quot;&gt;无锡高新区集成电路产业规模达1500亿元。\n"
)
PAYLOAD_TITLE = '<script>window.__pwned = 5</script><img src=x onerror="window.__pwned = 6">'


def _skip_reason() -> str | None:
    if CHROMIUM is None or not os.access(CHROMIUM, os.X_OK):
        return f"no chromium ({CHROMIUM or 'not on PATH'}): Debian's chromium package, which make browser installs"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (the dev extra: make install)"
    return None


# ------------------------------------------------------ no browser needed


class _Nesting(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_crossing_highlights_nest_and_text_is_escaped() -> None:
    from services.api.routes.ui import Mark, highlight

    text = "ab<i>cdefgh&"
    marks = [
        Mark("e0", 0, 7, "entity", "region", "x"),
        Mark("m0", 4, 10, "metric", "CNY", "y"),  # crosses e0's end
        Mark("e1", 5, 6, "entity", "park", "z"),  # inside both
        Mark("m1", 0, 7, "metric", "count", "w"),  # the same span as e0
    ]
    html = str(highlight(text, marks))
    parser = _Nesting()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    assert "".join(parser.text) == text  # the <i> is text, not an element
    assert "<i>" not in html
    assert html.count('id="m0"') == 1 and html.count('data-mention="m0"') == 2


class _Pieces(_Nesting):
    """Also collects, per data-mention, the text inside its pieces (a piece
    nested in another piece of the same mention cannot happen, checked)."""

    def __init__(self) -> None:
        super().__init__()
        self.open_mentions: list[str | None] = []
        self.texts: dict[str, str] = defaultdict(str)
        self.offsets: dict[str, tuple[int, int]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        a = dict(attrs)
        key = a.get("data-mention")
        assert key is None or key not in self.open_mentions
        if key is not None:
            self.offsets[key] = (int(a["data-start"] or 0), int(a["data-end"] or 0))
        self.open_mentions.append(key)

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        self.open_mentions.pop()

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        for key in self.open_mentions:
            if key is not None:
                self.texts[key] += data


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 8), st.booleans()), max_size=12))
@settings(max_examples=300, deadline=None)
def test_any_overlap_renders_nested_elements_covering_each_span(spans: list[tuple[int, int, bool]]) -> None:
    from services.api.routes.ui import Mark, highlight

    text = "甲<乙>&丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    marks = [
        Mark(
            f"{'e' if ent else 'm'}{i}",
            a,
            min(a + n, len(text)),
            "entity" if ent else "metric",
            "region" if ent else "CNY",
            "t",
        )
        for i, (a, n, ent) in enumerate(spans)
    ]
    parser = _Pieces()
    parser.feed(str(highlight(text, marks)))
    parser.close()
    assert parser.stack == [] and "".join(parser.text) == text
    for m in marks:
        assert parser.offsets[m.key] == (m.start, m.end)
        assert parser.texts[m.key] == text[m.start : m.end]


# ------------------------------------------------------------ the browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _skip_reason()
    if reason:
        # A warning shows in the summary of a plain `pytest -q` (make test),
        # where skip reasons are not printed.
        warnings.warn(f"browser tests skipped: {reason}", stacklevel=1)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # --no-sandbox: the tests may run as root (CI containers), where
        # chromium refuses its sandbox.
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def docs(stack: Any) -> dict[str, dict[str, Any]]:
    """The seed and the hostile article, processed, as GET /documents/{id} returns them."""
    seed = stack.post(SEED.read_text(encoding="utf-8"), title="主导产业 seed", published_at="2023-08-01")
    hostile = stack.post(PAYLOAD, title=PAYLOAD_TITLE, published_at="2023-08-02")
    out = {}
    for name, accepted in (("seed", seed), ("hostile", hostile)):
        body = stack.wait_status(accepted["id"], timeout_s=120)
        assert body["status"] == "processed", body
        out[name] = body
    return out


@pytest.fixture
def page(browser: Any, stack: Any) -> Iterator[Any]:
    """A page whose console errors and uncaught exceptions are collected and
    whose requests may only go to the API (no asset from the internet)."""
    api_host = urlparse(stack.api_url).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.outside = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def only_local(route: Any) -> None:
        if urlparse(route.request.url).netloc == api_host or route.request.url.startswith("data:"):
            route.continue_()
        else:
            pg.outside.append(route.request.url)
            route.abort()

    pg.route("**/*", only_local)
    try:
        yield pg
    finally:
        context.close()


def _shot(pg: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    pg.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


# Every highlight element as the browser sees it.
_MARKS_JS = """() => [...document.querySelectorAll('.clean [data-mention]')].map(el => ({
  mention: el.dataset.mention, start: +el.dataset.start, end: +el.dataset.end,
  type: el.dataset.entityType || null, unit: el.dataset.metricUnit || null,
  text: el.textContent, own: el.id === el.dataset.mention,
  parentMention: el.parentElement.closest('[data-mention]')?.dataset.mention || null,
}))"""


def _whole_texts(elements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per mention: its offsets and its text, the pieces of a split mention
    joined (a nested piece's text is inside its parent's, so only the
    outermost piece of each mention adds its text)."""
    out: dict[str, dict[str, Any]] = {}
    pieces: dict[str, list[str]] = defaultdict(list)
    for el in elements:
        k = el["mention"]
        if k in out:
            assert (out[k]["start"], out[k]["end"]) == (el["start"], el["end"]), k
        else:
            out[k] = {**el}
        pieces[k].append(el["text"])
    for k, texts in pieces.items():
        out[k]["text"] = "".join(texts)
    return out


def test_document_page_highlights_every_entity_and_figure(page: Any, stack: Any, docs: dict[str, Any]) -> None:
    body = docs["seed"]
    doc = body["document"]
    assert doc["entities"] and doc["metrics"], "the seed should have entities and figures to check"
    resp = page.goto(f"{stack.api_url}/ui/documents/{body['id']}")
    assert resp.status == 200
    elements = page.evaluate(_MARKS_JS)
    found = _whole_texts(elements)
    expected = {f"e{i}": e for i, e in enumerate(doc["entities"])}
    expected |= {f"m{i}": m for i, m in enumerate(doc["metrics"])}
    assert set(found) == set(expected)
    for key, stored in expected.items():
        el = found[key]
        assert (el["start"], el["end"]) == (stored["start"], stored["end"]), key
        assert el["text"] == stored["text"] == doc["clean_text"][stored["start"] : stored["end"]], key
        if key.startswith("e"):
            assert el["type"] == stored["type"] and el["unit"] is None, key
        else:
            assert el["unit"] == stored["unit"] and el["type"] is None, key
        assert sum(1 for e in elements if e["mention"] == key and e["own"]) == 1, key
    # No script at all: the page reads the same without JavaScript.
    assert page.locator("script").count() == 0
    # The whole clean text is there, in order, highlights and all.
    assert page.inner_text(".clean") == doc["clean_text"]
    # Side panel: every canonical name and one table row per figure.
    panel = page.inner_text(".panel")
    for e in doc["entities"]:
        assert e["name"] in panel
    assert page.locator("table.figures tbody tr").count() == len(doc["metrics"])
    columns = ["Value", "Unit", "Qualifier", "Measure", "Subject", "Period"]
    assert [c.strip() for c in page.locator("table.figures thead th").all_inner_texts()] == columns
    # The stage timeline: status, then each stage with its version and timing.
    assert "processed" in page.inner_text("dl.timeline")
    stages = page.locator("ol.stages li").all_inner_texts()
    assert [line.split()[0] for line in stages] == list(body["stages"])
    for line, (name, version) in zip(stages, body["stages"].items(), strict=True):
        assert version in line and f"{body['timings_ms'][name]:.1f} ms" in line, line
    # Keyboard: a few Tabs from the top reach the first highlight; its
    # normalised form shows on focus (CSS tooltip) and on hover (title).
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.dataset.mention || null"):
            break
    first_key = page.evaluate("() => document.activeElement.dataset.mention || null")
    assert first_key is not None, "Tab never reached a highlight"
    first = doc["entities"][0]
    page.focus("#e0")
    tip = page.evaluate("() => getComputedStyle(document.querySelector('#e0'), '::after').content")
    assert first["name"] in tip
    assert first["name"] in page.get_attribute("#e0", "title")
    # Debris collapsed; the raw JSON linked.
    assert page.locator("details").first.get_attribute("open") is None
    assert page.locator(f'a[href="/documents/{body["id"]}"]').count() == 1
    assert page.errors == [] and page.outside == []
    page.evaluate("() => document.activeElement.blur()")  # the tooltip would cover the text in the shot
    _shot(page, "document.png")
    page.set_viewport_size({"width": 390, "height": 844})
    # Narrow: nothing wider than the screen (the text wraps, tables scroll in their box).
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    _shot(page, "document-narrow.png")


def test_list_page_filters_and_links(page: Any, stack: Any, docs: dict[str, Any]) -> None:
    seed = docs["seed"]
    # The stack is the session's: other modules' documents come first (newest
    # first), and the seed's id may be older than this module (its text is a
    # seed other modules post too), so the largest page size.
    assert page.goto(f"{stack.api_url}/ui?limit=100").status == 200
    assert page.locator(f'a[href="/ui/documents/{seed["id"]}"]').count() == 1
    assert page.locator("script").count() == 0  # no JavaScript needed
    # Its row: status, title, date, entity and figure counts.
    row = page.locator("table.docs tbody tr", has=page.locator(f'a[href="/ui/documents/{seed["id"]}"]'))
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[:5] == [
        "processed",
        seed["title"],
        "2023-08-01",
        str(len(seed["document"]["entities"])),
        str(len(seed["document"]["metrics"])),
    ], cells
    _shot(page, "list.png")
    name = seed["document"]["entities"][0]["name"]
    page.fill("#q", name)
    page.select_option("select[name=status]", "processed")
    page.select_option("select[name=limit]", "100")
    page.click("button:has-text('Search')")
    page.wait_for_load_state()
    assert "status=processed" in page.url
    assert page.locator(f'a[href="/ui/documents/{seed["id"]}"]').count() == 1
    # The facet filters (entity type, industry, adcode) run the store's query:
    # the seed's own values list it, an adcode no document has does not, and
    # the form keeps what was asked.
    entities = seed["document"]["entities"]
    industry = next(e["name"] for e in entities if e["type"] == "industry")
    adcode = next(e["attributes"]["adcode"] for e in entities if e["attributes"].get("adcode"))
    kind = entities[0]["type"]
    facets = f"entity_type={kind}&industry={quote(industry)}&adcode={adcode}&limit=100"
    assert page.goto(f"{stack.api_url}/ui?{facets}").status == 200
    assert page.locator(f'a[href="/ui/documents/{seed["id"]}"]').count() == 1
    assert page.input_value("select[name=entity_type]") == kind
    assert page.input_value("input[name=industry]") == industry and page.input_value("input[name=adcode]") == adcode
    page.goto(f"{stack.api_url}/ui?entity_type={kind}&adcode=999999&limit=100")
    assert page.locator(f'a[href="/ui/documents/{seed["id"]}"]').count() == 0
    # Paging: one per page over the two days this module's articles were
    # published on, the filters kept on the next page; back to the first.
    page.goto(f"{stack.api_url}/ui?limit=1&published_from=2023-08-01&published_to=2023-08-02")
    assert page.locator("table.docs tbody tr").count() == 1
    page.click("a[rel=next]")
    page.wait_for_url("**cursor=*")
    assert page.locator("table.docs tbody tr").count() == 1
    assert "limit=1" in page.url and "published_from=2023-08-01" in page.url
    page.click("text=First page")
    page.wait_for_load_state()
    assert "cursor=" not in page.url
    # A document id in the search box opens it.
    page.fill("#q", seed["id"])
    page.press("#q", "Enter")
    page.wait_for_url(f"**/ui/documents/{seed['id']}")
    assert page.errors == [] and page.outside == []
    # A bad filter is a message in the page (status 400), not a stack trace.
    resp = page.goto(f"{stack.api_url}/ui?published_from=yesterday")
    assert resp.status == 400 and "YYYY-MM-DD" in page.inner_text(".error")
    r = httpx.get(f"{stack.api_url}/ui/documents/{'0' * 16}")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_docs_page_renders_offline(page: Any, stack: Any) -> None:
    assert page.goto(f"{stack.api_url}/docs").status == 200
    page.wait_for_selector("#swagger-ui .opblock", timeout=15_000)
    assert page.locator("#swagger-ui *").count() > 10
    assert page.outside == [], page.outside
    assert page.errors == []
    _shot(page, "docs.png")


def test_html_in_an_article_is_shown_as_text(page: Any, stack: Any, docs: dict[str, Any]) -> None:
    body = docs["hostile"]
    doc = body["document"]
    page.goto(f"{stack.api_url}/ui/documents/{body['id']}")
    page.click("details summary")  # open the debris: the dropped tags are in it, as text
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("main script, main img").count() == 0
    assert PAYLOAD_TITLE in page.inner_text("h1")
    clean = page.inner_text(".clean")
    assert clean == doc["clean_text"]
    # The cleaner drops the tags from the clean text; they reach the page
    # through the title (above) and the removed debris, as text.
    debris = page.inner_text("details")
    assert "<script>window.__pwned = 1</script>" in debris and 'onerror="window.__pwned = 2"' in debris
    _shot(page, "hostile.png")
    page.goto(f"{stack.api_url}/ui")
    assert page.evaluate("() => window.__pwned") is None
    assert PAYLOAD_TITLE in page.inner_text("table.docs")
    assert page.errors == [] and page.outside == []
