"""Reading uploaded ``.txt`` files from a multipart body as it streams in.

Starlette's form parser spools every file part to a temporary file (on disk
past 1 MB) and checks nothing about its size, so a 1 GB part was written to
disk whole before the per-file check. Here python-multipart's streaming
parser hands each chunk to callbacks that keep a file part's bytes only up
to the per-file limit: a part past it is marked too large and the rest of it
is counted and dropped (the body as a whole is bounded by
``limits.BodyLimitMiddleware``). Nothing is written to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from docpipe.errors import InvalidBody

from .problems import BatchTooLarge

FILE_FIELDS = (b"files", b"file")


@dataclass
class UploadedFile:
    filename: str
    data: bytearray = field(default_factory=bytearray)
    size: int = 0  # every byte the part had, kept or not
    too_large: bool = False


@dataclass
class _State:
    max_files: int
    max_file_bytes: int
    files: list[UploadedFile] = field(default_factory=list)
    header_name: bytes = b""
    header_value: bytes = b""
    disposition: bytes = b""
    current: UploadedFile | None = None

    def on_part_begin(self) -> None:
        self.disposition, self.current = b"", None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name = self.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        if options.get(b"name") not in FILE_FIELDS or b"filename" not in options:
            return  # another field: its bytes are dropped
        if len(self.files) >= self.max_files:
            raise BatchTooLarge(
                f"more than {self.max_files} files; at most {self.max_files} per upload", limit=self.max_files
            )
        self.current = UploadedFile(options[b"filename"].decode("utf-8", "replace"))
        self.files.append(self.current)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self.current
        if part is None:
            return
        part.size += end - start
        if part.too_large:
            return
        if part.size > self.max_file_bytes:
            part.too_large = True
            part.data = bytearray()  # what was kept goes at once
            return
        part.data += data[start:end]

    def on_part_end(self) -> None:
        self.current = None


async def read_files(request: Request, max_files: int, max_file_bytes: int) -> list[UploadedFile]:
    """The ``files`` (or ``file``) parts of a multipart body, each kept up to ``max_file_bytes``."""
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        raise InvalidBody("the multipart body has no boundary in its Content-Type")
    state = _State(max_files=max_files, max_file_bytes=max_file_bytes)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": state.on_part_begin,
            "on_header_field": state.on_header_field,
            "on_header_value": state.on_header_value,
            "on_header_end": state.on_header_end,
            "on_headers_finished": state.on_headers_finished,
            "on_part_data": state.on_part_data,
            "on_part_end": state.on_part_end,
        },
    )
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:
        raise InvalidBody(f"the body is not valid multipart/form-data: {exc}") from None
    return state.files
