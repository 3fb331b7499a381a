"""The OpenAPI document states the API's contract: a typed success response
and examples for every operation, request bodies for the routes that read
their own body, every error as problem+json with the codes of the one
table, the event stream and the metrics as what they are. The generator the
integration test uses (openapi-python-client) parses it without a warning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel, TypeAdapter

from services.api import openapi_examples as ex
from services.api import schemas
from services.api.accept import DocumentIn
from services.api.problems import PROBLEM_JSON, PROBLEMS

METHODS = {"get", "put", "post", "delete", "patch"}
# Codes of the table no operation declares: 405 is a path's answer to a
# method it has no operation for; the API never answers broker_unavailable
# (a document it cannot enqueue is accepted, and the sweep enqueues it later),
# the CLI does.
NOT_PER_OPERATION = {"method_not_allowed", "broker_unavailable"}


@pytest.fixture(scope="module")
def app() -> Any:
    from services.api.main import create_app

    return create_app()


@pytest.fixture(scope="module")
def doc(app: Any) -> dict[str, Any]:
    # Through JSON, as a client reads it.
    return json.loads(json.dumps(app.openapi()))


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def problem_examples(operation: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for status, response in operation["responses"].items():
        if int(status) >= 400:
            for example in response["content"][PROBLEM_JSON]["examples"].values():
                yield status, example["value"]


def test_the_generator_parses_the_document_without_an_error(doc: dict[str, Any]) -> None:
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from openapi_python_client.parser import GeneratorData
    from openapi_python_client.parser.errors import GeneratorError

    config = Config.from_sources(ConfigFile(), MetaType.NONE, Path("openapi.json"), "utf-8", False, None)
    data = GeneratorData.from_dict(doc, config=config)  # validates against its OpenAPI 3 models first
    assert not isinstance(data, GeneratorError), data
    errors = [*data.errors, *(e for c in data.endpoint_collections_by_tag.values() for e in c.parse_errors)]
    assert not errors, [(e.header, e.detail) for e in errors]


def test_every_operation_answers_a_typed_success(doc: dict[str, Any]) -> None:
    for path, method, operation in operations(doc):
        ok = {s: r for s, r in operation["responses"].items() if s.startswith("2")}
        assert len(ok) == 1, (method, path, list(operation["responses"]))
        (response,) = ok.values()
        assert response["content"], (method, path)
        for media_type, content in response["content"].items():
            assert content.get("schema") not in (None, {}), (method, path, media_type)


def test_every_error_is_problem_json_with_codes_from_the_table(doc: dict[str, Any]) -> None:
    declared: set[str] = set()
    for path, method, operation in operations(doc):
        errors = {s: r for s, r in operation["responses"].items() if int(s) >= 400}
        assert {"400", "500"} <= set(errors), (method, path)  # malformed_request and internal_error: any request
        for status, response in errors.items():
            assert list(response["content"]) == [PROBLEM_JSON], (method, path, status)
            content = response["content"][PROBLEM_JSON]
            assert content["schema"]["$ref"] in ("#/components/schemas/Problem", "#/components/schemas/NotReadyProblem")
            for code, example in content["examples"].items():
                value = example["value"]
                assert PROBLEMS[code] == (int(status), value["title"]), (method, path, code)
                assert value["code"] == code and value["status"] == int(status) and value["type"] == f"/problems/{code}"
                assert f"`{code}`" in response["description"]
                declared.add(code)
    assert set(PROBLEMS) - NOT_PER_OPERATION <= declared


def test_fastapis_validation_error_is_gone(doc: dict[str, Any]) -> None:
    text = json.dumps(doc)
    assert "x-docpipe-examples" not in text  # every carried example was unpacked
    assert "HTTPValidationError" not in text and '"ValidationError"' not in text
    assert "ValidationError" not in doc["components"]["schemas"]


def test_request_bodies_of_the_routes_that_read_their_own(doc: dict[str, Any]) -> None:
    bodies = {(p, m): o["requestBody"] for p, m, o in operations(doc) if "requestBody" in o}
    assert set(bodies) == {
        ("/documents", "post"),
        ("/documents/batch", "post"),
        ("/documents/files", "post"),
        ("/webhooks", "post"),
        ("/documents/{doc_id}/corrections", "post"),
        ("/admin/reprocess", "post"),
    }
    schemas_ = doc["components"]["schemas"]
    single = bodies[("/documents", "post")]["content"]["application/json"]
    assert single["schema"] == {"$ref": "#/components/schemas/DocumentIn"}
    assert schemas_["DocumentIn"]["required"] == ["text"]
    batch = bodies[("/documents/batch", "post")]["content"]["application/json"]
    assert batch["schema"] == {"$ref": "#/components/schemas/DocumentBatch"}
    # a DocumentIn, or anything: each item is answered on its own, a bad one in its slot (issue #15)
    assert schemas_["DocumentBatch"]["properties"]["documents"]["items"] == {
        "anyOf": [{"$ref": "#/components/schemas/DocumentIn"}, {}]
    }
    files = bodies[("/documents/files", "post")]["content"]["multipart/form-data"]
    assert files["schema"] == {"$ref": "#/components/schemas/FileUpload"}
    assert schemas_["FileUpload"]["properties"]["files"]["items"] == {"format": "binary", "type": "string"}


def test_the_event_stream_and_the_metrics_are_declared_as_what_they_are(doc: dict[str, Any]) -> None:
    events = doc["paths"]["/events"]["get"]["responses"]["200"]
    assert list(events["content"]) == ["text/event-stream"]
    assert events["content"]["text/event-stream"]["schema"]["properties"].keys() >= {"id", "data"}  # one message
    assert "id:" in events["description"] and "data:" in events["description"] and "keep-alive" in events["description"]
    metrics = doc["paths"]["/metrics"]["get"]["responses"]["200"]
    assert list(metrics["content"]) == [CONTENT_TYPE_LATEST]  # what prometheus_client sends
    assert CONTENT_TYPE_LATEST.startswith("text/plain; version=")
    assert metrics["content"][CONTENT_TYPE_LATEST]["schema"] == {"type": "string"}


def test_every_operation_has_examples(doc: dict[str, Any]) -> None:
    for path, method, operation in operations(doc):
        for status, response in operation["responses"].items():
            for media_type, content in response["content"].items():
                assert "example" in content or content.get("examples"), (method, path, status, media_type)
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
            assert "example" in content, (method, path, media_type)


def test_operation_ids_are_short_and_unique(doc: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in operations(doc)]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if i.endswith(("_get", "_post"))], ids  # FastAPI's path-derived default


def _same(model: Any, example: Any) -> None:
    """The example validates against the model and loses nothing on the way
    (a key the model does not know would be dropped)."""
    adapter = TypeAdapter(model)
    assert adapter.dump_python(adapter.validate_python(example), mode="json", exclude_unset=True) == example


def test_success_examples_are_valid_responses(doc: dict[str, Any]) -> None:
    from services.api.routes import documents, events, health

    checked = 0
    for route in [*documents.router.routes, *events.router.routes, *health.router.routes]:
        model = getattr(route, "response_model", None)
        if model is None:
            continue
        for method in route.methods:
            operation = doc["paths"][route.path][method.lower()]
            content = operation["responses"][str(route.status_code or 200)]["content"]["application/json"]
            values = (
                [content.get("example")] if "example" in content else [e["value"] for e in content["examples"].values()]
            )
            for value in values:
                _same(model, value)
                checked += 1
    assert checked >= 10


def test_problem_examples_use_only_declared_members(doc: dict[str, Any]) -> None:
    for path, method, operation in operations(doc):
        for status, value in problem_examples(operation):
            model = schemas.PROBLEM_MODELS.get(value["code"], schemas.Problem)
            model.model_validate(value)
            assert set(value) <= set(model.model_fields), (method, path, status, value["code"])
            if value["code"] not in schemas.NO_INSTANCE:
                assert value["instance"] == path.format(**ex.PATH_PARAMS)


@pytest.mark.parametrize(
    ("model", "example"),
    [(DocumentIn, ex.DOCUMENT_IN), (schemas.DocumentBatch, ex.DOCUMENT_BATCH), (schemas.FileUpload, ex.FILE_UPLOAD)],
)
def test_request_examples_are_valid_requests(model: type[BaseModel], example: dict[str, Any]) -> None:
    model.model_validate(example)


def test_the_ids_in_the_examples_are_the_hashes_of_their_texts() -> None:
    from docpipe.ingest import document_id

    document = ex.DOCUMENT_STATUS_EXAMPLES["processed"]["value"]["document"]
    assert document["id"] == document_id(document["raw_text"])
    for entity in document["entities"]:
        assert document["clean_text"][entity["start"] : entity["end"]] == entity["text"]
    for metric in document["metrics"]:
        assert document["clean_text"][metric["start"] : metric["end"]] == metric["text"]


def test_an_item_result_has_every_field_of_a_single_answer() -> None:
    from services.api.accept import Accepted

    assert set(Accepted.model_fields) <= set(schemas.ItemResult.model_fields)
