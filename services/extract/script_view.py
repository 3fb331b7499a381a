"""A document in traditional script read on its simplified view.

The tables, word lists and the keep model's features are simplified only, so a
page in traditional script (台積電, 經濟部, 中國) is read on the analysis's
``simplified`` slot: same offsets, each character simplified one for one. A
simplified text with a variant or two (瞭望, the weekly: the view reads 了望) is
read as written, so its names keep their spelling.
"""

from __future__ import annotations

from dataclasses import replace

from docpipe.document import Entity
from docpipe.textclasses import changed_han_share

from .analysis import Analysis

# A text is in traditional script when this share of its Han characters or more differ on the
# simplified view (fresh traditional pages: a fifth to two fifths).
TRADITIONAL_SHARE = 0.05


def is_traditional(text: str, view: str) -> bool:
    """Whether ``text`` is in traditional script: its simplified ``view`` (same length) differs in
    ``TRADITIONAL_SHARE`` of its Han characters or more."""
    return changed_han_share(text, view) >= TRADITIONAL_SHARE


def reading(text: str, view: str) -> str:
    """What the models and tables read: the simplified view of a page in traditional script, else
    the text itself."""
    return view if is_traditional(text, view) else text


def simplified_view(a: Analysis) -> Analysis:
    """``a`` with its text (and LAC's words) on the simplified view, where the text is in
    traditional script; ``a`` itself otherwise."""
    if not is_traditional(a.text, a.simplified):
        return a
    view = a.simplified
    words = tuple(w._replace(text=view[w.start : w.end]) if a.text[w.start : w.end] == w.text else w for w in a.lac)
    return replace(a, text=view, lac=words)


def on_view(a: Analysis, view: Analysis, entities: list[Entity], names: bool = False) -> list[Entity]:
    """Mentions with their text as the view writes it; with ``names``, a name that is the
    mention's own text too (the keep model reads names: 中國 is judged as 中国)."""
    if view is a:
        return entities
    out = []
    for e in entities:
        if a.text[e.start : e.end] != e.text:
            out.append(e)
            continue
        update = {"text": view.text[e.start : e.end]}
        if names and e.name == e.text:
            update["name"] = update["text"]
        out.append(e.model_copy(update=update))
    return out


def as_written(a: Analysis, view: Analysis, entities: list[Entity]) -> list[Entity]:
    """Mentions found on the view with their text as the document writes it; a name the text
    gives (the mention's own, or the full name a short form is named by) is as written too, a
    name made otherwise (a body's full form, a region's canonical name) stays as made."""
    if view is a:
        return entities
    out = []
    for e in entities:
        written = a.text[e.start : e.end]
        if e.text != view.text[e.start : e.end]:
            out.append(e)
            continue
        update = {"text": written}
        at = e.start if e.name == e.text else view.text.find(e.name)
        if at >= 0:
            update["name"] = a.text[at : at + len(e.name)]
        out.append(e.model_copy(update=update))
    return out
