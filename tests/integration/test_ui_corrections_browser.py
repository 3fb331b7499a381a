"""A correction made in the page, in Chromium: the form on
/ui/documents/{id} (a plain POST form) renames an entity; the page shows the
new name at the same offsets; a reprocess (re-submission with a new
published_at re-runs every stage) keeps it; ``docpipe corrections export``
writes it into the document's gold file. Skips, saying why, without
chromium, as the other browser tests do."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_ui_browser import ROOT, _shot, browser, page  # noqa: F401 - the fixtures, shared

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
