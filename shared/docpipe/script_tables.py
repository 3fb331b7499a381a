"""Traditional characters simplified one for one, for the stages that read a page in
traditional script on its simplified view (extract: region_script, normalize: script).

Every table and word list of the stages is simplified only. The view puts each character of
``regions/traditional_chars.tsv`` (OpenCC's table, hanziconv's for the characters OpenCC leaves
out; tools/tables/gen_traditional_chars.py) in its simplified form, one character for one, so
every offset of the view is an offset of the text; a stage may add a table of its own
(normalize/script_variants.tsv). Each combination of tables is read once per process.
"""

from __future__ import annotations

import re
from functools import cache

from docpipe.wordlists import read_table

CHARACTERS = "regions/traditional_chars.tsv"


@cache
def table(*names: str) -> tuple[dict[int, str], re.Pattern[str]]:
    """The character table of the named tables (later rows win) and a class of its traditional
    characters (a simplified text, the usual case, is told by one search, not a translation).
    Only one-for-one rows: the view keeps the text's offsets."""
    rows = [row for name in names for row in read_table(name)]
    mapping = {ord(r["traditional"]): r["simplified"] for r in rows if len(r["simplified"]) == 1}
    return mapping, re.compile("[" + re.escape("".join(map(chr, mapping))) + "]")


def simplified(text: str, *extra: str) -> str:
    """``text`` with the traditional characters of ``CHARACTERS`` (and of the ``extra`` tables)
    simplified, as long as ``text``."""
    mapping, traditional = table(CHARACTERS, *extra)
    return text.translate(mapping) if traditional.search(text) else text
