"""The HTTP protocol the API's uvicorn runs: uvicorn's httptools one, whose
answer to a request the parser rejects (an unencoded ``?industry=新能源``, a
broken request line) is an RFC 9457 problem with a stable code instead of a
bare ``400 Invalid HTTP request received.`` in plain text.

The parser rejects such a request before any ASGI app sees it, so this is
the one place that can answer it; the rest of the protocol is uvicorn's.
"""

from __future__ import annotations

import orjson
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from .problems import MalformedRequest, problem_body


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        body = orjson.dumps(
            problem_body(
                MalformedRequest(
                    f"{msg.rstrip('.')}: the request line or headers are not valid HTTP/1.1; percent-encode "
                    "non-ASCII characters in the URL (?industry=%E6%96%B0%E8%83%BD%E6%BA%90 for 新能源)"
                )
            )
        )
        content = [STATUS_LINE[400]]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: application/problem+json\r\n",
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                body,
            ]
        )
        self.transport.write(b"".join(content))
        self.transport.close()
