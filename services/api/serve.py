"""``docpipe api``: check the start-up conditions, then serve the app with
uvicorn. Here, not in the shared CLI, so that ``docpipe`` (shared/docpipe)
never imports ``services``: the CLI reaches this by name (``API_ENTRY`` in
docpipe.cli_service), as it reaches the stages through pipeline.toml."""

from __future__ import annotations

import os

import uvicorn

from docpipe import settings
from docpipe.store import get_store

from .access import check_start
from .http_protocol import ProblemHttpToolsProtocol


def serve(host: str | None, port: int | None, loglevel: str, access_log: bool) -> int:
    api = settings.api()
    host = host or api.host
    # create_app reads the bind address from the settings (keys required
    # beyond loopback, the Host allow-list): make them say the same.
    os.environ["DOCPIPE_API_HOST"] = host
    settings.api.cache_clear()
    check_start(host, get_store())  # keys required and none exists: one line, exit 2
    uvicorn.run(
        "services.api.main:create_app",
        factory=True,
        http=ProblemHttpToolsProtocol,  # a request the parser rejects still gets a problem
        host=host,
        port=port or api.port,
        log_level=loglevel.lower(),
        access_log=access_log,
    )
    return 0
