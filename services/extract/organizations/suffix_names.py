"""Names found by their suffix (有限公司, 大学, 研究院, 实验室, 委员会, 联盟 …):
grown leftwards from the suffix over the nominal words before it; without a
proper noun only long names count, or a body a founding clause names
(A与B共建的…实验室)."""

from __future__ import annotations

import re

from docpipe.textclasses import HAN
from docpipe.wordlists import group_alternation, load_group

from ..ner import LacWord
from .boundaries import _grow_left, _trim
from .filters import _CONCEPT, _PARK_END, _PARK_NEXT, _is_category, _is_generic
from .kinds import _SCAN_RE, _SUFFIX_KINDS
from .tables import _COMPANY_WORDS, _FILTER_WORDS, _NOMINAL_TAGS, _Cand, _has_proper, _per_document

# A relative clause of founding before a body (A与B共建的…实验室) names that body.
_FOUNDED_BEFORE = re.compile("(?:" + group_alternation(_COMPANY_WORDS, "founding_clause_verbs") + ")的$")


_OPENING_BRACKETS = "(（"
_CLOSING_BRACKETS = ")）"


def _over_an_opened_bracket(text: str, words: list[LacWord], widx: dict[int, int], start: int, end: int) -> int:
    """万高(上海)汽车科技有限公司, 前海超级前台（深圳）信息技术有限公司: LAC glued the place
    in brackets, the closing bracket and the rest into one word (上海)汽车科技有限公司), so the
    name grown from the suffix opens inside the brackets. A name holding a closing bracket
    it never opened, right after an opening one, opens with the nominal words before that
    bracket instead (the place in brackets is inside the name)."""
    if start < 2 or text[start - 1] not in _OPENING_BRACKETS:
        return start
    inside = text[start:end]
    if not any(ch in _CLOSING_BRACKETS for ch in inside) or any(ch in _OPENING_BRACKETS for ch in inside):
        return start
    j = widx.get(start - 2)
    if j is None or words[j].end != start - 1 or words[j].tag not in _NOMINAL_TAGS:
        return start
    return _grow_left(text, words, j)


def _after_a_bracketed_place(text: str, words: list[LacWord], i: int) -> int | None:
    """台玻(福建)光伏玻璃有限公司: LAC glued the closing bracket to the rest of the name
    and tagged the word punctuation ()光伏玻璃有限公司/w), so the suffix word is no noun
    and growing left stops at the bracket. A suffix word opening with a closing bracket
    right after a place in brackets, itself right after a nominal word, ends a name
    that holds the place: its start is where the words before the bracket start."""
    w = words[i]
    if i < 3 or w.text[:1] not in _CLOSING_BRACKETS or len(w.text) < 2:
        return None
    place, opening, before = words[i - 1], words[i - 2], words[i - 3]
    if not (
        place.tag == "LOC"
        and place.end == w.start
        and opening.text in {"(", "（"}
        and opening.end == place.start
        and before.tag in _NOMINAL_TAGS
        and before.end == opening.start
    ):
        return None
    start = _grow_left(text, words, i - 3)
    j = i - 3
    while j >= 0 and words[j].start >= start:
        if words[j].tag == "v":
            return words[j].end  # 嘉宾前来参加|卫材(中国)药业有限公司: the clause's verb is no part of the name
        j -= 1
    return start


@_per_document
def _from_suffixes(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _SCAN_RE.finditer(text):
        end = m.end()
        i = widx.get(end - 1)
        if i is None or words[i].end != end:
            continue  # the suffix is not the end of a word (大学生, 中心城区)
        w = words[i]
        glued = _after_a_bracketed_place(text, words, i)
        if (
            glued is None
            and w.tag not in _NOMINAL_TAGS
            and not (len(w.text) > len(m.group()) and w.tag not in {"v", "w"})
        ):
            continue  # 组织 as a verb; but 近代物理研究所 (read as TIME) is a name
        start = glued if glued is not None else _grow_left(text, words, i)
        if start >= m.start():
            # Only the suffix itself, or the suffix word's own text.
            start = words[i].start
            if start >= m.start():
                continue
        start = _after_a_persons_verb(words, widx, start, i)
        start, end2 = _trim(text, start, end)
        start = _over_an_opened_bracket(text, words, widx, start, end2)
        name = text[start:end2]
        if end2 - start <= len(m.group()) or _is_generic(name) or end2 - start > 30:
            continue
        has_proper = _has_proper(words, start, end2, text)
        if (
            not has_proper
            and len(name) < 13
            and not (
                _FOUNDED_BEFORE.search(text, max(0, start - 8), start)
                and len(name) - len(m.group()) >= 2
                and _SUFFIX_KINDS.get(m.group()) in {"institute", "university", "other"}
            )
        ):
            continue
        if _is_category(name):
            continue
        if _PARK_END.search(name) or re.match(_PARK_NEXT, text[end2 : end2 + 3]) or _CONCEPT.search(name):
            continue
        if "某" in text[max(0, start - 2) : start]:
            continue  # 河北某生物技术有限公司: anonymised
        out.append(_Cand(start, end2, name, None, "suffix"))
    return out


def _after_a_persons_verb(words: list[LacWord], widx: dict[int, int], start: int, last: int) -> int:
    """Where a name grown over a clause really starts: after the last verb that follows a
    person in it (X书记|陪同|客人|参观|研究院, 总经理王春|陪同|介绍|园区中心: a person and
    what they do are no part of a body's name), else ``start``."""
    j = widx.get(start)
    if j is None:
        return start
    person = False
    cut = start
    for w in words[j:last]:
        if w.tag == "PER":
            person = True
        elif person and w.tag == "v":
            cut = w.end
    return cut


# Categories a body's field opens (新药创制|全国重点实验室, the 2022 naming of the
# national key laboratories): the field and the category together name one body.
_FIELD_FIRST = re.compile(
    rf"(?:^|(?<=[，,。；;、\n]))([{HAN}]{{2,8}}?(?:{group_alternation(_FILTER_WORDS, 'field_first_categories')}))"
)


_DESIGNATION_VERBS = load_group(_FILTER_WORDS, "designation_verbs")


def _from_field_bodies(text: str) -> list[_Cand]:
    """``新药创制全国重点实验室``: a field opening a clause, then a category that
    bodies of one field are named with."""
    return [
        _Cand(m.start(1), m.end(1), m.group(1), "institute", "suffix")
        for m in _FIELD_FIRST.finditer(text)
        if not any(v in m.group(1) for v in _DESIGNATION_VERBS)  # 获批|全国重点实验室: a designation won
    ]
