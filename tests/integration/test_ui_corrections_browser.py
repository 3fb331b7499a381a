"""A correction made in the page, in Chromium: the form on
/ui/documents/{id} (a plain POST form) renames an entity; the page shows the
new name at the same offsets; a reprocess (re-submission with a new
published_at re-runs every stage) keeps it; ``docpipe corrections export``
writes it into the document's gold file. A renamed entity's side-panel
link opens its entity page, listing the document. Skips, saying why, without
chromium, as the other browser tests do."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from test_ui_browser import ROOT, _shot, browser, page  # noqa: F401 - the fixtures, shared

from docpipe.canonical import canonical_name

pytestmark = pytest.mark.integration

SEED = ROOT / "seeds" / "001_301ce13253f8c968.txt"
NEW_NAME = "更正后的名称（浏览器）"


def test_a_correction_made_in_the_page_survives_a_reprocess_and_is_exported(
    page: Any,  # noqa: F811 - the imported fixture
    stack: Any,
    tmp_path: Path,
) -> None:
    # A text of its own (the seed plus a line at its end, so the entities keep
    # their offsets): the shared stack may hold the seed already from another
    # test, and a re-submission there would add a processed event of its own.
    text = SEED.read_text(encoding="utf-8") + f"\n（校对 {uuid.uuid4().hex[:8]}）\n"
    doc_id = stack.post(text, title="更正 in Chromium", published_at="2023-05-01")["id"]
    stack.wait_status(doc_id, ("processed",), timeout_s=120)
    doc = httpx.get(f"{stack.api_url}/documents/{doc_id}").json()["document"]
    target = doc["entities"][0]
    value = f"e:{target['start']}:{target['end']}:{target['type']}"

    assert page.goto(f"{stack.api_url}/ui/documents/{doc_id}").status == 200
    page.select_option("select[name=action]", "edit_entity")
    page.select_option("select[name=target]", value)
    page.fill("input[name=name]", NEW_NAME)
    page.fill("input[name=user]", "browser-reviewer")
    with page.expect_navigation():
        page.click("form.correct button[type=submit]")
    assert "saved" in page.inner_text("#correct .notice")
    assert "browser-reviewer" in page.inner_text("#correct .made")

    def mark_tip() -> str:
        sel = f'.clean mark[data-start="{target["start"]}"][data-end="{target["end"]}"][data-entity-type="{target["type"]}"]'
        return str(page.get_attribute(sel, "title"))

    assert NEW_NAME in mark_tip() and NEW_NAME in page.inner_text(".panel")
    assert page.errors == [] and page.outside == []
    _shot(page, "correction.png")

    stack.post(text, published_at="2023-06-01")  # reprocess: every stage again
    body = stack.wait_status(doc_id, ("processed",), timeout_s=120)
    assert body["published_at"] == "2023-06-01"
    assert (
        len(
            [
                e
                for _, e in stack.events_for(doc_id, at_least=2, settle_s=0)
                if e["type"] == "docpipe.document.processed"
            ]
        )
        == 2
    )
    assert page.goto(f"{stack.api_url}/ui/documents/{doc_id}").status == 200
    assert NEW_NAME in mark_tip() and NEW_NAME in page.inner_text(".panel")
    assert page.errors == []
    # The reprocess's last stage indexed the corrected document: the new name's page lists it.
    with page.expect_navigation() as nav:
        page.click(f'.panel a[href="/ui/entities/{target["type"]}/{quote(NEW_NAME, safe="")}"]')
    assert nav.value.status == 200 and page.inner_text("h1") == NEW_NAME
    assert page.locator(f'.entity-docs a[href="/ui/documents/{doc_id}"]').count() == 1

    out = tmp_path / "gold"
    run = subprocess.run(
        [sys.executable, "-m", "docpipe.cli", "corrections", "export", "--out", str(out), doc_id],
        env=stack.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    (path,) = [Path(p) for p in run.stdout.split()]
    gold = json.loads(path.read_text(encoding="utf-8"))
    names = [e["name"] for e in gold["entities"][target["type"]]]
    assert NEW_NAME in names and gold["published_at"] == "2023-06-01"
    assert (out / f"{doc_id}.txt").read_text(encoding="utf-8") == text


def test_the_side_panel_link_of_a_corrected_name_opens_its_entity_page(
    page: Any,  # noqa: F811 - the imported fixture
    stack: Any,
) -> None:
    """Issue #13: a renamed entity's link in the side panel answers 200 and
    lists the document; the old name no longer lists it (other documents
    may still name it) or, when none does, links to the new name."""
    text = SEED.read_text(encoding="utf-8") + f"\n（实体更正 {uuid.uuid4().hex[:8]}）\n"
    doc_id = stack.post(text, title="实体更正 in Chromium", published_at="2023-07-01")["id"]
    stack.wait_status(doc_id, ("processed",), timeout_s=120)
    doc = httpx.get(f"{stack.api_url}/documents/{doc_id}").json()["document"]

    # A name the document writes once, so that after the rename it names it no more.
    def key(e: dict[str, Any]) -> tuple[str, str]:
        return e["type"], canonical_name(e["name"], e["type"])

    counts = Counter(key(e) for e in doc["entities"])
    once = [e for e in doc["entities"] if counts[key(e)] == 1]
    target = next((e for e in once if e["type"] == "organization"), once[0])
    old_href = f"/ui/entities/{target['type']}/{quote(target['name'], safe='')}"
    new_name = f"更正实体{uuid.uuid4().hex[:6]}"
    new_href = f"/ui/entities/{target['type']}/{quote(new_name, safe='')}"

    assert page.goto(f"{stack.api_url}/ui/documents/{doc_id}").status == 200
    page.select_option("select[name=action]", "edit_entity")
    page.select_option("select[name=target]", f"e:{target['start']}:{target['end']}:{target['type']}")
    page.fill("input[name=name]", new_name)
    with page.expect_navigation():
        page.click("form.correct button[type=submit]")
    assert "saved" in page.inner_text("#correct .notice")

    link = page.locator(f'.panel a[href="{new_href}"]')
    assert link.count() == 1 and link.inner_text() == new_name
    with page.expect_navigation() as nav:
        link.click()
    assert nav.value.status == 200
    assert page.inner_text("h1") == new_name
    assert page.locator(f'.entity-docs a[href="/ui/documents/{doc_id}"]').count() == 1
    assert page.errors == [] and page.outside == []
    _shot(page, "corrected_entity.png")

    # The old name: its other documents without this one, or (none left) a link to the new name.
    response = page.goto(f"{stack.api_url}{old_href}")
    assert response.status == 200
    assert page.locator(f'a[href="/ui/documents/{doc_id}"]').count() == 0 or (
        page.locator(f'.renamed-to a[href="{new_href}"]').count() == 1
    )
    api = httpx.get(
        f"{stack.api_url}/entities/{target['type']}/{quote(target['name'], safe='')}", params={"documents": 200}
    )
    if api.status_code == 200:
        assert doc_id not in {d["id"] for d in api.json()["documents"]["items"]}
    else:
        assert api.status_code == 307 and api.headers["location"] == new_href[len("/ui") :]
