"""Documents: the titles in 《》 (policies, plans, reports, laws, talks), with
media told apart (``《人民日报》``, ``《瞭望》新闻周刊``): those are returned as
organizations of kind ``media``. A programme's or column's title
(``《新闻联播》``, ``《焦点访谈》栏目``) is neither by the contract: it gives
nothing (its broadcaster, where named, is the organizations recogniser's).

A short title that is the tail of a fuller title of the same text
(``《实施意见》`` after ``《关于…的实施意见》``) takes the fuller title as name.
"""

from __future__ import annotations

import re

from docpipe.document import Entity
from docpipe.wordlists import alternation, load_list, load_table

from .analysis import Analysis
from .candidates import Candidate, Found, candidates
from .resources import media_names

# Programmes and columns by name: media.tsv's rows of kind ``programme``.
_PROGRAMMES = frozenset(r["name"] for r in load_table("media.tsv") if r["kind"] == "programme")
# Words right after a title that say it is a programme or a column (《X》栏目).
_PROGRAMME_NEXT = tuple(load_list("documents/programme_next.txt"))

_TITLE = re.compile(r"《([^《》\n]{1,80})》")
# A title ending in one of these names a periodical or channel.
_MEDIA_HEAD = re.compile("(" + alternation("documents/media_heads.txt") + ")$")
# Words right after a title that say the title names a medium, in order; those
# of _MEDIA_NAME_TAIL are part of its name (《瞭望》新闻周刊).
_MEDIA_NEXT = tuple(r["word"] for r in load_table("documents/media_next.tsv"))
_MEDIA_NAME_TAIL = frozenset(r["word"] for r in load_table("documents/media_next.tsv") if r["in_name"] == "yes")


def load_resources() -> None:
    media_names()


def is_programme(text: str, m: re.Match[str]) -> bool:
    """The 《》 title ``m`` names a broadcast programme or a column: listed as
    one (media.tsv, kind ``programme``) or followed by a word that says so."""
    after = text[m.end() : m.end() + 6]
    return m.group(1).strip() in _PROGRAMMES or after.startswith(_PROGRAMME_NEXT)


def _media(text: str, m: re.Match[str]) -> Entity | None:
    title = m.group(1).strip()
    after = text[m.end() : m.end() + 6]
    nxt = next((w for w in _MEDIA_NEXT if after.startswith(w)), None)
    if title in media_names() or _MEDIA_HEAD.search(title) or nxt:
        # ``《瞭望》新闻周刊`` is the periodical 瞭望新闻周刊; a reporter or column
        # after the title is not part of the name.
        if nxt in _MEDIA_NAME_TAIL:
            return Entity(
                type="organization",
                text=text[m.start() : m.end() + len(nxt)],
                name=title + nxt,
                start=m.start(),
                end=m.end() + len(nxt),
                attributes={"kind": "media"},
            )
        return Entity(
            type="organization", text=m.group(0), name=title, start=m.start(), end=m.end(), attributes={"kind": "media"}
        )
    return None


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    return candidates(find_documents(a.text), "documents")


def find_documents(text: str) -> list[Entity]:
    out: list[Entity] = []
    for m in _TITLE.finditer(text):
        title = m.group(1).strip()
        if not title or is_programme(text, m):
            continue
        media = _media(text, m)
        if media is not None:
            out.append(media)
            continue
        # The entity spans the title inside the brackets: offsets stay exact.
        start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        out.append(Entity(type="document", text=title, name=title, start=start, end=start + len(title)))
    titles = {e.name for e in out if e.type == "document"}
    for i, e in enumerate(out):
        if e.type != "document":
            continue
        fuller = [t for t in titles if t != e.name and t.endswith(e.name)]
        if len(fuller) == 1:
            out[i] = e.model_copy(update={"name": fuller[0]})
    return out
