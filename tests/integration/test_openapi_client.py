"""A client generated from the running API's /openapi.json runs the README
tour: submit an article, read its status until it is processed, list with
filters, upload a batch and a file, read the problem table, and get a 404 as
a typed problem. The models the generator made from the document hold every
key the API sends (``additional_properties`` stays empty), so the document
describes the JSON the routes really send.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.integration

Stack = Any
PACKAGE = "docpipe_client"


def generate_client(openapi: bytes, out: Path) -> None:
    """openapi-python-client, as a user would run it (its post-hooks run ruff
    from the same venv)."""
    bin_dir = Path(sys.executable).parent
    (out / "openapi.json").write_bytes(openapi)
    result = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(out / "openapi.json"),
            "--output-path",
            str(out / PACKAGE),
            "--meta",
            "none",
            "--fail-on-warning",
        ],
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr


@pytest.fixture(scope="module")
def gen(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("openapi-client")
    r = httpx.get(stack.api_url + "/openapi.json", timeout=30)
    assert r.status_code == 200
    generate_client(r.content, out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _api(gen: ModuleType, module: str) -> Any:
    return importlib.import_module(f"{gen.__name__}.api.{module}")


def _models(gen: ModuleType) -> Any:
    return importlib.import_module(f"{gen.__name__}.models")


def _no_unknown_keys(obj: Any) -> None:
    """Nothing the API sent fell outside the schema."""
    assert not obj.additional_properties, (type(obj).__name__, obj.additional_properties)


def test_a_generated_client_runs_the_tour(stack: Stack, gen: ModuleType) -> None:
    models = _models(gen)
    submit = _api(gen, "documents.submit_document")
    get_document = _api(gen, "documents.get_document")
    list_documents = _api(gen, "documents.list_documents")
    submit_batch = _api(gen, "documents.submit_batch")
    upload_files = _api(gen, "documents.upload_files")
    list_problems = _api(gen, "operations.list_problems")
    get_readiness = _api(gen, "operations.get_readiness")
    tag = uuid.uuid4().hex[:8]
    text = f"苏州工业园区2023年实现地区生产总值3686亿元，同比增长5.6%。（编号{tag}）"

    with gen.Client(base_url=stack.api_url, timeout=httpx.Timeout(30)) as client:
        # One article: 202, Location, a typed Accepted.
        answer = submit.sync_detailed(
            client=client,
            body=models.DocumentIn(text=text, published_at="2024-01-20", title="苏州工业园区2023年GDP增长5.6%"),
        )
        assert answer.status_code == 202, answer.content
        accepted = answer.parsed
        assert isinstance(accepted, models.Accepted) and accepted.created is True
        assert answer.headers["location"] == accepted.location == f"/documents/{accepted.id}"
        _no_unknown_keys(accepted)

        # Its status until it is processed; then the whole document, typed.
        deadline = time.monotonic() + 60
        while True:
            status = get_document.sync(client=client, doc_id=accepted.id)
            assert isinstance(status, models.DocumentStatus)
            if status.status in (models.Status.PROCESSED, models.Status.FAILED) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert status.status == models.Status.PROCESSED, status
        _no_unknown_keys(status)
        document = status.document
        assert isinstance(document, models.Document) and document.raw_text == text
        _no_unknown_keys(document)
        park = [e for e in document.entities if e.type_ == models.EntityType.PARK]
        assert park and park[0].name == "苏州工业园区"
        assert any(m.unit == "CNY" and m.value == 3.686e11 for m in document.metrics)

        # Only some fields of it.
        part = get_document.sync(client=client, doc_id=accepted.id, fields="entities,metrics")
        assert isinstance(part, models.DocumentStatus)
        assert [e.name for e in part.document.entities] == [e.name for e in document.entities]
        assert isinstance(part.document.tokens, gen.types.Unset)

        # Listing with filters: a typed page.
        page = list_documents.sync(
            client=client,
            entity_type=models.EntityType.PARK,
            published_from="2024-01-01",
            published_to="2024-01-31",
            limit=200,
        )
        assert isinstance(page, models.DocumentPage)
        mine = [d for d in page.items if d.id == accepted.id]
        assert mine and mine[0].status == models.Status.PROCESSED and mine[0].entity_count == len(document.entities)
        for summary in page.items:
            _no_unknown_keys(summary)

        # A batch: one result per item, a refused item carries its problem.
        items = [
            models.DocumentIn(text=f"合肥市2023年新能源汽车产量74.6万辆。（编号{tag}）"),
            models.DocumentIn(text="  "),
        ]
        batch = submit_batch.sync(client=client, body=models.DocumentBatch(documents=items))
        assert isinstance(batch, models.BatchResult) and (batch.accepted, batch.rejected) == (1, 1)
        assert batch.items[0].http_status == 202 and batch.items[0].created is True
        assert batch.items[1].http_status == 422 and batch.items[1].problem.code == "empty_text"
        for item in batch.items:
            _no_unknown_keys(item)

        # Files: multipart parts, GB18030 detected.
        gb = f"合肥经开区2023年规上工业总产值突破3000亿元。（编号{tag}）".encode("gb18030")
        files = upload_files.sync(
            client=client,
            body=models.FileUpload(
                files=[gen.types.File(payload=BytesIO(gb), file_name="hefei.txt", mime_type="text/plain")]
            ),
        )
        assert isinstance(files, models.BatchResult) and files.items[0].http_status == 202, files
        assert files.items[0].item == "hefei.txt"

        # The problem table is the server's one table.
        from services.api.problems import PROBLEMS

        table = list_problems.sync(client=client)
        assert isinstance(table, models.ProblemTable)
        assert {code: (e.status, e.title) for code, e in table.additional_properties.items()} == PROBLEMS

        # A 404 comes back as a typed problem.
        missing = get_document.sync_detailed(client=client, doc_id="0" * 32)
        assert missing.status_code == 404
        assert isinstance(missing.parsed, models.Problem)
        assert missing.parsed.code == "document_not_found" and missing.parsed.type_ == "/problems/document_not_found"
        assert missing.parsed.instance == "/documents/" + "0" * 32

        # Readiness, typed (the stack has a worker on every stage).
        ready = get_readiness.sync(client=client)
        assert isinstance(ready, models.Readiness) and all(ready.checks.additional_properties.values())
