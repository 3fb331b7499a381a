"""Persons on a notice's contact lines, read by two stages.

A procurement notice, a call for applications or a park's leaflet ends with
the people to call: ``项目联系人：黄欢``, ``咨询电话：唐建钊 17711350482``,
``联系人：规财处 彭 丹 020-83163830 司圣奇 020-83163838``, or a table row
``许先渠 32290789-116 …``. The segment stage drops contact lines as page
debris, except those naming a person (``names_someone``); the persons
recogniser then takes the names (``contact_names`` with its own, stricter,
test of a name). Two forms:

- right after a contact label (persons/contact_labels.txt; wherever it
  stands: 税务总局联系人, 异议受理联系人), a bracketed note
  on it (``异议受理联系人（招标代理机构）：``) and its colon, ending at a space,
  a mark or the line's end, and the names listed after it with 、
  (``联系人：庄艳、朱海燕``);
- at a line's start, after a space or a colon, followed by a telephone
  number (a fixed line with or without its area code, a mobile number); a
  name written with a space between family and one-character given name
  (``彭 丹``) is read without it.

A family name with a form of address (刘老师, 赵小姐: persons/honorifics.txt)
is no name.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .family_names import family_name_length
from .textclasses import HAN
from .wordlists import alternation, load_words

# A telephone number: a fixed line with its area code or a mobile number may run on
# into the next name (the cleaning closes the space between Han and digits:
# 彭 丹020-83163830司圣奇020-…); a bare local number ends at a space or a mark.
_PHONE = (
    rf"(?:(?:\(?0\d{{2,3}}\)?[-－]?\d{{7,8}}|1[3-9]\d{{9}})(?=[\s,，;；/、)）{HAN}]|$)"
    r"|\d{7,8}(?:-\d{1,4})?(?=[\s,，;；/、)）]|$))"
)
_LABELLED = re.compile(
    rf"(?:{alternation('persons/contact_labels.txt', longest_first=True)})"
    rf"(?:[（(][^（）()\n]{{1,12}}[）)])?[ \u3000]*[:：][ \u3000]*([{HAN}]{{2,3}})(?=[\s,，;；/、。]|$)",
    re.M,
)
# The next name of a list after the label (联系人：毕某某、吴某某、…).
_LISTED = re.compile(rf"、([{HAN}]{{2,3}})(?=[\s,，;；/、。]|$)")
# The name opens the line or follows a space, a colon or the previous number
# (…83163830司圣奇020-83163838: the cleaning closed the spaces).
_BEFORE_PHONE = re.compile(
    rf"(?:^|(?<=[ \u3000\t:：0-9]))([{HAN}])([ \u3000]?)([{HAN}]{{1,2}})[ \u3000]*[:：]?[ \u3000]*(?={_PHONE})",
    re.M,
)


def contact_names(text: str, plausible: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(start, end, name) of every person on a contact line, in text order;
    ``name`` drops a space written inside the name (``彭 丹`` -> 彭丹)."""
    out: dict[tuple[int, int], str] = {}
    for m in _LABELLED.finditer(text):
        name = m.group(1)
        if not _is_name(name, plausible):
            continue
        out[m.span(1)] = name
        # the names listed after it with 、, each a name too, up to the first that is not
        nxt = _LISTED.match(text, m.end(1))
        while nxt is not None and _is_name(nxt.group(1), plausible):
            out[nxt.span(1)] = nxt.group(1)
            nxt = _LISTED.match(text, nxt.end(1))
    for m in _BEFORE_PHONE.finditer(text):
        if m.group(2) and len(m.group(3)) != 1:
            continue  # 彭 丹: a space only between a family name and a one-character given name
        name = m.group(1) + m.group(3)
        if _is_name(name, plausible):
            out.setdefault((m.start(1), m.end(3)), name)
    return [(s, e, n) for (s, e), n in sorted(out.items())]


def family_name_first(name: str) -> bool:
    """A known family name and one or two characters after it."""
    k = family_name_length(name)
    return bool(k) and 1 <= len(name) - k <= 2


def names_someone(line: str) -> bool:
    """The contact line names a person to call (the segment stage keeps it)."""
    return bool(contact_names(line, family_name_first))


def _is_name(name: str, plausible: Callable[[str], bool]) -> bool:
    honorifics = load_words("persons/honorifics.txt")
    return plausible(name) and not any(name.endswith(h) and len(name) - len(h) in (1, 2) for h in honorifics)
