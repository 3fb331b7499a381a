"""Editor notes and photo credits that name no one (bylines and credits naming
a photographer stay).
"""

from __future__ import annotations

import re

from ..offsets import Edit
from .step import SPACES, Step, Sweep, delete_line, text_lines, vocabulary

_EDITOR_ROLE = f"(?:{vocabulary('editor_roles.txt')})"
_EDITOR_INLINE = re.compile(
    f"[【\\[(（]\\s*(?:{_EDITOR_ROLE}[\\s:：|｜/]|责任编辑|责编)[^】\\]）)\n]{{0,40}}[】\\]）)]"
)
_EDITOR_LINE = re.compile(f"^(?:{vocabulary('editor_scopes.txt')})?{_EDITOR_ROLE}\\s*[:：|｜/ ]")


def _find_editor(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end()) for m in _EDITOR_INLINE.finditer(text)]
    taken = Sweep([(e.start, e.end) for e in edits])
    for s, e, line in text_lines(text):
        stripped = line.strip(SPACES)
        if stripped and len(stripped) <= 60 and _EDITOR_LINE.match(stripped) and not taken.overlaps(s, e + 1):
            edits.append(delete_line(text, s, e))
    return edits


drop_editor_notes = Step(
    "drop_editor_notes", _find_editor, "Editor notes: 【编辑:刘阳禾】, (责任编辑：…), a line 责任编辑：… / 校对：…"
)

_CREDIT_INLINE = re.compile(r"[(（]\s*(?:" + vocabulary("inline_picture_notes.txt") + r")[^)）\n]{0,20}[)）]")
_CREDIT_LINE = re.compile(
    f"^(?:{vocabulary('credit_scopes.txt')})?(?:{vocabulary('picture_labels.txt')})"
    f"\\s*(?:{vocabulary('credit_verbs.txt')})?\\s*[:：|｜/／]"
)
# Credit lines that name nobody: these go; credits naming a photographer stay.
_ANONYMOUS_SOURCE = re.compile(vocabulary("anonymous_sources.txt"), re.I)


# A caption line that is only a stock note: 资料图, （示意图）, 网络配图.
_CREDIT_ALONE = re.compile(r"[（(【\[]?(?:" + vocabulary("stock_picture_notes.txt") + r")[)）】\]]?")


# A line labelled as the picture's source (图片来源：新华社) is a credit, not a
# caption, whoever it names; 摄影：/供图： lines name photographers and stay.
_SOURCE_CREDIT = re.compile(
    r"^[（(【\[]?(?:"
    + vocabulary("source_credit_scopes.txt")
    + ")?(?:"
    + vocabulary("picture_source_labels.txt")
    + r")\s*[:：|｜/／]"
)


def _find_credit(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end()) for m in _CREDIT_INLINE.finditer(text)]
    taken = Sweep([(e.start, e.end) for e in edits])
    for s, e, line in text_lines(text):
        stripped = line.strip(SPACES)
        if (
            stripped
            and len(stripped) <= 40
            and (
                (_CREDIT_LINE.match(stripped) and _ANONYMOUS_SOURCE.search(stripped))
                or _SOURCE_CREDIT.match(stripped)
                or _CREDIT_ALONE.fullmatch(stripped)
            )
            and not taken.overlaps(s, e + 1)
        ):
            edits.append(delete_line(text, s, e))
    return edits


drop_photo_credits = Step(
    "drop_photo_credits",
    _find_credit,
    "Photo notes and credits that name no one: (资料图片仅供参考), （图片来源：网络）, 本版图片来源:本报图库; "
    "lines labelled 图片来源：… whoever they name.",
)
