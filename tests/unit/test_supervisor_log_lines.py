"""Which line of a child's log `docpipe run` quotes when the child cannot
start: JSON lines (the services' default) judged by level and message, not by
the logger's name (every uvicorn line is logger ``uvicorn.error``)."""

from __future__ import annotations

from docpipe.supervisor_logs import looks_like_error


def test_json_lines_by_level_and_message() -> None:
    assert looks_like_error('{"level": "ERROR", "logger": "uvicorn.error", "message": "[Errno 99] cannot bind"}')
    assert not looks_like_error(
        '{"level": "INFO", "logger": "uvicorn.error", "message": "Application shutdown complete."}'
    )
    assert looks_like_error('{"level": "INFO", "logger": "x", "message": "Traceback (most recent call last):"}')


def test_text_lines_as_before() -> None:
    assert looks_like_error("ERROR:    [Errno 99] error while attempting to bind")
    assert not looks_like_error("INFO:     Application shutdown complete.")
    assert not looks_like_error("{not json")
