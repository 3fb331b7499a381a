"""The entity pages and the facts table with its chart, in Chromium (the
fixtures of test_ui_browser: Debian's chromium through Playwright; skips,
saying why, without it). The five seeds go through the running stack.

Checked against the API's JSON of the same stack:
- /ui/entities finds the park 苏州工业园区 (seeds 001 and 004 name it); its
  page lists the documents GET /entities/park/苏州工业园区 lists, each linked
  to its document page, whose side panel links back to the entity page;
- /ui/facts for 杨凌农业高新技术产业示范区 and gdp (seed 002: 1997 and 2017)
  draws an SVG with one point per table row, each point's value and period
  those of GET /facts, higher values higher up;
- the facts table pages by the list pages' one pager (next, then first);
- bad filters are a message in the page (400), an unknown entity a 404 page;
- no console errors, nothing requested from outside the API; screenshots in
  var/screenshots/, wide and phone-width (nothing wider than the screen).
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from test_ui_browser import ROOT, _shot, browser, page  # noqa: F401 - the fixtures, shared

pytestmark = pytest.mark.integration

PARK = "苏州工业园区"
SUBJECT, MEASURE = "杨凌农业高新技术产业示范区", "gdp"


@pytest.fixture(scope="module")
def seeds(stack: Any) -> dict[str, str]:
    """The seeds, processed: {"000": id, …}."""
    ids = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        ids[path.name[:3]] = stack.post(path.read_text(encoding="utf-8"))["id"]
    for doc_id in ids.values():
        assert stack.wait_status(doc_id, timeout_s=180)["status"] == "processed"
    return ids


def _api(stack: Any, path: str, **params: Any) -> dict[str, Any]:
    r = httpx.get(stack.api_url + path, params=params, timeout=30)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_entity_pages_list_the_documents_and_link_them(page: Any, stack: Any, seeds: dict[str, str]) -> None:  # noqa: F811
    api = _api(stack, f"/entities/park/{quote(PARK, safe='')}", documents=200)
    api_ids = [d["id"] for d in api["documents"]["items"]]
    assert {seeds["001"], seeds["004"]} <= set(api_ids)

    # The list: type filter and search, then the row's link.
    assert page.goto(f"{stack.api_url}/ui/entities").status == 200
    page.select_option("select[name=type]", "park")
    page.fill("#q", "苏州工业园")  # a part of the name (and its short form)
    with page.expect_navigation():
        page.click("button:has-text('Search')")
    assert "type=park" in page.url
    row = page.locator("table.entity-list tbody tr", has=page.locator(f"a:text-is('{PARK}')"))
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[1] == "park" and int(cells[4]) == api["entity"]["documents"] >= 2
    assert int(cells[5]) == api["entity"]["mentions"]
    assert cells[6] == api["entity"]["first_seen"] and cells[7] == api["entity"]["last_seen"]
    _shot(page, "entities.png")
    with page.expect_navigation():
        row.locator(f"a:text-is('{PARK}')").click()

    # The entity page: its facts, its documents as the API lists them, each linked.
    assert page.inner_text("h1") == PARK
    links = page.locator(".entity-docs a[href^='/ui/documents/']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [f"/ui/documents/{i}" for i in api_ids[: len(hrefs)]] and len(hrefs) == min(len(api_ids), 20)
    titles = dict(zip(api_ids, (d["title"] for d in api["documents"]["items"]), strict=True))
    for i in range(links.count()):
        doc_id = hrefs[i].rsplit("/", 1)[1]
        if titles[doc_id]:
            assert links.nth(i).inner_text() == titles[doc_id]
    assert page.locator("table.facts tbody tr").count() == len(api["facts"])
    assert page.errors == [] and page.outside == []
    _shot(page, "entity.png")

    # A document of it, and back through its side panel.
    with page.expect_navigation():
        page.click(f".entity-docs a[href='/ui/documents/{seeds['004']}']")
    back = page.locator(f".panel a[href='/ui/entities/park/{quote(PARK, safe='')}']")
    assert back.count() == 1
    with page.expect_navigation():
        back.click()
    assert page.inner_text("h1") == PARK
    assert page.errors == [] and page.outside == []

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    _shot(page, "entity-narrow.png")
    page.goto(f"{stack.api_url}/ui/entities?type=park")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # the table scrolls in its box
    _shot(page, "entities-narrow.png")

    # Paging: one per page, the filter kept, the API's order.
    names = [e["name"] for e in _api(stack, "/entities", type="park", limit=2)["items"]]
    assert len(names) == 2
    page.goto(f"{stack.api_url}/ui/entities?type=park&limit=1")
    assert page.locator("table.entity-list tbody tr td:first-child").all_inner_texts() == names[:1]
    with page.expect_navigation():
        page.click("a[rel=next]")
    assert "type=park" in page.url and "cursor=" in page.url
    assert page.locator("table.entity-list tbody tr td:first-child").all_inner_texts() == names[1:]
    assert page.errors == [] and page.outside == []


_POINTS_JS = """() => [...document.querySelectorAll('figure.chart svg circle')].map(c => ({
  value: +c.dataset.value, period: c.dataset.period, cy: +c.getAttribute('cy'), cx: +c.getAttribute('cx'),
  title: c.querySelector('title').textContent,
}))"""


def test_facts_page_charts_one_point_per_row(page: Any, stack: Any, seeds: dict[str, str]) -> None:  # noqa: F811
    api = _api(stack, "/facts", subject=SUBJECT, measure=MEASURE, limit=200)["items"]
    periods = {f["period"] for f in api}
    assert len(periods) >= 2 and {"1997", "2017"} <= periods, api

    # From the form, as a person would.
    assert page.goto(f"{stack.api_url}/ui/facts").status == 200
    page.fill("input[name=subject]", SUBJECT)
    page.fill("input[name=measure]", MEASURE)
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    rows = page.locator("table.facts tbody tr")
    assert rows.count() == len(api)
    # Keyboard: from the top, Tab reaches the form and then the table's links.
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate("() => [document.activeElement.name || '', !!document.activeElement.closest('table.facts')]")
        )
    assert ["measure", False] in focused and any(in_table for _, in_table in focused)
    points = page.evaluate(_POINTS_JS)
    assert len(points) == len(api)  # every row has a period here: one point each
    assert sorted((p["period"], p["value"]) for p in points) == sorted((f["period"], f["value"]) for f in api)
    table = sorted(
        (rows.nth(i).get_attribute("data-period"), float(rows.nth(i).get_attribute("data-value")))
        for i in range(rows.count())
    )
    assert table == sorted((p["period"], p["value"]) for p in points)
    # Higher values higher up, later periods further right.
    by_value = sorted(points, key=lambda p: p["value"])
    assert all(a["cy"] >= b["cy"] for a, b in itertools.pairwise(by_value))
    assert by_value[0]["cy"] > by_value[-1]["cy"]
    by_period = sorted(points, key=lambda p: p["period"])
    assert by_period[0]["cx"] < by_period[-1]["cx"]
    # Accessible: a title and a description naming the figures.
    svg = page.locator("figure.chart svg")
    assert svg.get_attribute("role") == "img"
    title = str(svg.locator("#chart-title").text_content())  # SVG nodes: text_content, not inner_text
    assert SUBJECT in title and ("生产总值" in title or MEASURE in title)
    desc = str(svg.locator("desc").text_content())
    assert "1997" in desc and "2017" in desc and f"{len(api)} figures" in desc
    # Each source linked to its document's page.
    assert page.locator(f"table.facts a[href='/ui/documents/{seeds['002']}']").count() >= 1
    assert page.errors == [] and page.outside == []
    page.evaluate("() => document.activeElement.blur()")  # no focus ring from the Tab walk in the shot
    _shot(page, "facts-chart.png")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    _shot(page, "facts-chart-narrow.png")

    # Two measures of the subject: no chart, the table only, and a word why.
    page.goto(f"{stack.api_url}/ui/facts?subject={quote(SUBJECT)}")
    assert page.locator("table.facts tbody tr").count() > len(api)
    assert page.locator("figure.chart").count() == 0 and "one measure of one subject" in page.inner_text("main")

    # Paging (the pager every list page shares): one row a page, the filters kept, back to the first.
    page.goto(f"{stack.api_url}/ui/facts?subject={quote(SUBJECT)}&measure={MEASURE}&limit=1")
    first = page.locator("table.facts tbody tr").all_inner_texts()
    assert len(first) == 1 and page.locator("nav.pager a").all_inner_texts() == ["Next page"]
    with page.expect_navigation():
        page.click("nav.pager a[rel=next]")
    assert "cursor=" in page.url and "measure=gdp" in page.url
    second = page.locator("table.facts tbody tr").all_inner_texts()
    assert len(second) == 1 and second != first
    with page.expect_navigation():
        page.click("nav.pager a:text-is('First page')")
    assert page.locator("table.facts tbody tr").all_inner_texts() == first
    assert page.errors == [] and page.outside == []


def test_bad_filters_are_a_message_in_the_page(page: Any, stack: Any) -> None:  # noqa: F811
    for path, said in (
        ("/ui/facts?period_from=2023&period_to=2020", "after"),
        ("/ui/facts?measure=no-such-measure-xyz", "no-such-measure-xyz"),
        ("/ui/facts?period_from=last+year", "YYYY"),
        ("/ui/facts?adcode=32", "six digits"),
        ("/ui/facts?cursor=bogus", "cursor"),
        ("/ui/entities?type=planet", "type must be one of"),
        ("/ui/entities?cursor=bogus", "cursor"),
    ):
        resp = page.goto(stack.api_url + path)
        assert resp.status == 400, path
        assert said in page.inner_text(".error"), path
        assert "text/html" in resp.headers["content-type"]
    resp = page.goto(f"{stack.api_url}/ui/entities/park/{quote('<b>没有这个园区</b>')}")
    assert resp.status == 404 and "<b>没有这个园区</b>" in page.inner_text(".error")
    assert page.locator("main b").count() == 0  # the name is text, not markup
    # Chromium logs each 4xx page load as a console error: those 8, and nothing else.
    assert len(page.errors) == 8 and all(
        e.startswith("Failed to load resource: the server responded with a status of 4") for e in page.errors
    ), page.errors
    assert page.outside == []
