"""docpipe.logs: one JSON object per line with the context ids, or text."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from docpipe import logs, settings


@pytest.fixture
def capture() -> Iterator[tuple[io.StringIO, logging.Logger]]:
    stream = io.StringIO()
    handler = logs.configure(fmt="json", stream=stream)
    try:
        yield stream, logging.getLogger("docpipe.test")
    finally:
        logging.getLogger().removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_json_line_has_the_fields_and_the_ids_when_known(capture) -> None:  # noqa: ANN001
    stream, log = capture
    log.info("outside")
    with logs.bound(request_id="r-1", document_id="d" * 32, stage="segment"):
        log.warning("inside %s", "a task")
    [outside, inside] = _lines(stream)
    assert set(outside) == {"time", "level", "logger", "message"}
    assert outside["logger"] == "docpipe.test" and outside["level"] == "INFO"
    assert outside["time"].endswith("Z") and outside["time"][10] == "T"
    assert inside["message"] == "inside a task" and inside["level"] == "WARNING"
    assert (inside["request_id"], inside["document_id"], inside["stage"]) == ("r-1", "d" * 32, "segment")


def test_ids_are_reset_after_the_block_and_chinese_stays_readable(capture) -> None:  # noqa: ANN001
    stream, log = capture
    with logs.bound(document_id="abc"):
        with logs.bound(stage="extract"):
            pass
        log.info("苏州工业园区")
    log.info("after")
    first, after = _lines(stream)
    assert first["document_id"] == "abc" and "stage" not in first
    assert "苏州工业园区" in stream.getvalue()  # not \\u escapes
    assert "document_id" not in after


def test_an_exception_is_one_line_with_its_traceback(capture) -> None:  # noqa: ANN001
    stream, log = capture
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    [line] = _lines(stream)
    assert "ValueError: boom" in line["exc_info"]


def test_uvicorn_loggers_go_through_the_same_handler(capture) -> None:  # noqa: ANN001
    stream, _ = capture
    logging.getLogger("uvicorn.error").info("Started server process", extra={"color_message": "\x1b[36mStarted"})
    [line] = _lines(stream)
    assert line["logger"] == "uvicorn.error" and "color_message" not in line


def test_text_format_and_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setenv("DOCPIPE_LOG_FORMAT", "text")
    settings.logs.cache_clear()
    try:
        assert logs.chosen_format(service=True) == "text"
        handler = logs.configure(stream=stream)
        with logs.bound(request_id="r-2"):
            logging.getLogger("docpipe.test").info("hello")
        logging.getLogger().removeHandler(handler)
        line = stream.getvalue().strip()
        assert line.endswith("INFO docpipe.test [request_id=r-2] hello")
        monkeypatch.delenv("DOCPIPE_LOG_FORMAT")
        settings.logs.cache_clear()
        assert logs.chosen_format(service=True) == "json" and logs.chosen_format(service=False) == "text"
        with pytest.raises(ValueError):
            logs.formatter("xml")
    finally:
        settings.logs.cache_clear()


def test_configure_twice_keeps_one_handler_of_its_own() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    a = logs.configure(fmt="json", stream=io.StringIO())
    b = logs.configure(fmt="json", stream=io.StringIO())
    try:
        assert a not in root.handlers and b in root.handlers
        assert [h for h in root.handlers if h is not b] == [h for h in before if not isinstance(h, type(b))]
    finally:
        root.removeHandler(b)
