"""A place run into its own office: 杨集镇|镇长, 某县|县委书记.

Read by the persons recogniser and by the second model's person path
(model_entities): a span ending in an administrative unit's character
(``persons/unit_ends.txt``) followed by an office that opens with that same
character names the place, not a person. Its own module so that neither
recogniser imports the other (tests/unit/test_extract_imports.py).
"""

from __future__ import annotations

from docpipe.wordlists import load_words

_UNIT_ENDS = load_words("persons/unit_ends.txt")


def before_its_own_office(text: str, start: int, end: int) -> bool:
    """A span ending in an administrative unit's character run straight into that unit's office
    (杨集镇|镇长, 某县|县委书记) names the place (``persons/unit_ends.txt``), even when a title
    stands before it (县人大代表杨集镇镇长王楠): a person's name is not followed by an office
    opening with its own last character."""
    last = text[end - 1 : end]
    return end - start >= 2 and last in _UNIT_ENDS and text.startswith(last, end)
