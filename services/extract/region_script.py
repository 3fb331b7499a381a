"""A simplified view of a text in traditional script, for the regions'
tables and rules, which are simplified only.

Pages of county and district sites are often in traditional script (公安縣,
澧縣); read as written they gave no region. ``simplified`` puts each traditional
character of regions/traditional_chars.tsv (docpipe.script_tables: OpenCC's table,
hanziconv's for the characters OpenCC leaves out; characters outside GB2312 only)
in its simplified form, one character for one, so every offset of the view is an
offset of the text; ``as_written`` gives the regions found on the
view back their text as written (the name stays the canonical, simplified one).
The extract analysis computes the view once per document (its ``simplified``
slot); the regions and parks recognisers read it."""

from __future__ import annotations

from docpipe import script_tables
from docpipe.document import Entity


def load_resources() -> None:
    script_tables.table(script_tables.CHARACTERS)


def simplified(text: str) -> str:
    """``text`` with its traditional characters simplified, as long as ``text``."""
    return script_tables.simplified(text)


def as_written(text: str, regions: list[Entity]) -> list[Entity]:
    """Regions (or parks) found on ``simplified(text)`` with their text as ``text``
    writes it; their names stay the view's, one name per place whatever the script."""
    return [
        r if text[r.start : r.end] == r.text else r.model_copy(update={"text": text[r.start : r.end]}) for r in regions
    ]
