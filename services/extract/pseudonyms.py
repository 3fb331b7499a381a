"""Names the text marks as made up (``吴孜（化名）``) are no persons; nor are
anonymised names (``何某``, ``赵某某``: a family name and only characters
standing for a withheld given name, persons/anonymous_given.txt), nor the
names on an editor's or correspondent's credit (``persons_credits``),
whichever source found them (the second model after a title word too:
``董事长何某``).

The contract's "not entities: anonymised names" covers a pseudonym: once the
text writes a name with a bracketed 化名 after it, none of that name's mentions
is a person. Pure function over the text and the resolved entities; the marks
are data (``persons/pseudonym_marks.txt``).
"""

from __future__ import annotations

import re

from docpipe.document import Entity
from docpipe.family_names import family_name_length
from docpipe.wordlists import load_list, load_words

from .persons_credits import credit_spans, on_credit

_MARKS = load_list("persons/pseudonym_marks.txt")
_MARKED = re.compile(r"\s*[（(](?:" + "|".join(map(re.escape, _MARKS)) + r")[）)]")


_ANONYMOUS_GIVEN = load_words("persons/anonymous_given.txt")


def anonymised(name: str) -> bool:
    """A family name followed only by characters that withhold the given name (何某)."""
    k = family_name_length(name)
    return bool(k) and len(name) > k and all(ch in _ANONYMOUS_GIVEN for ch in name[k:])


def drop(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` without the persons whose name the text marks as a
    pseudonym or withholds, and without the persons on a credit line."""
    marked = {e.name for e in entities if e.type == "person" and (_MARKED.match(text, e.end) or anonymised(e.name))}
    credits = credit_spans(text)
    if not marked and not credits:
        return entities
    return [
        e for e in entities if not (e.type == "person" and (e.name in marked or on_credit(credits, e.start, e.end)))
    ]
