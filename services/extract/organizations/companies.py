"""Organizations named in running text, mostly companies: LAC's ORG words
(repaired and filtered), members of lists (A、B、C等上市企业) and appositives
(生物医药企业复宏汉霖). Brands and financial firms are in ``brands``; names a
context vouches for (a title, an addressee, a subject before its results, a
Latin name before a company head) in ``contexts``. The word lists are
``organizations/company_words.tsv``."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from docpipe.textclasses import HAN
from docpipe.wordlists import alternative, group_alternation, load_group, load_list

from ..ner import LacWord
from .boundaries import _FIRM_SECTOR, _GOVERNING_VERBS, _SECTOR_AFTER, _grow_left, _repair_lac, _trim
from .filters import (
    _PARK_END,
    _PARK_NEXT,
    _ROUTE_AFTER,
    _ROUTE_HEADS,
    _beside_an_org,
    _is_category,
    _is_generic,
    _modifies_generic_head,
    _shared_head,
)
from .government import _from_tables
from .kinds import _ends_with_suffix, _has_org_suffix
from .suffix_names import _from_suffixes
from .tables import (
    _COMPANY_TAILS,
    _COMPANY_WORDS,
    _FINANCIAL_HEADS,
    _LATIN_NAME,
    _NOMINAL_TAGS,
    _Cand,
    _per_document,
    _slice,
    _word_index,
    load_resources,
)


def _words(group: str) -> str:
    """A group of organizations/company_words.tsv as an alternation."""
    return group_alternation(_COMPANY_WORDS, group)


_PARK_WORD = re.compile(_words("park_words"))
# Closing words after a list that make its members organizations.
_LIST_CLOSERS = re.compile(
    rf"^(?:等|等等)?\s*(?:\d+\s*(?:{_words('list_count_counters')}))?\s*(?:[{HAN}]{{0,8}}?)(?:"
    + group_alternation(_COMPANY_WORDS, "list_closers")
    + ")"
)


# Sub-units reported as their body (中关村管委会科研机构管理处 → 中关村管委会).
_SUB_UNIT = re.compile(rf"^(.+?(?:{_words('sub_unit_bodies')}))[{HAN}]{{1,8}}(?:{_words('sub_unit_heads')})$")


# 苏州医工所与苏州大学: two bodies in one ORG word. The second body's head is
# checked once at the start (issue #15): it was sought again after every
# candidate first body, so 院与院与…中 cost the square of the word's length.
# After a joiner, a second body of at least two characters plus the longest
# head matches as soon as the word ends with a head; a shorter one is matched
# as written. The joiners are Han characters, so a match is Han throughout.
_SECOND_HEAD = f"{_words('two_bodies_second_heads')}|(?<!公)司"
_SECOND_HEAD_MAX = max(len(w) for w in (*load_group(_COMPANY_WORDS, "two_bodies_second_heads"), "司"))
_TWO_BODIES = re.compile(
    rf"^(?=[{HAN}]*(?:{_SECOND_HEAD})$)"
    rf"([{HAN}]{{2,}}?(?:{_words('two_bodies_first_heads')}|(?<!公)司|{_words('two_bodies_first_more')}))"
    rf"(?:{_words('two_bodies_joiners')})"
    rf"((?=[{HAN}]{{{_SECOND_HEAD_MAX + 2}}})[{HAN}]*+|[{HAN}]{{2,{_SECOND_HEAD_MAX + 1}}}(?:{_SECOND_HEAD}))$"
)


_FIRM_SAYS = re.compile(
    "^(.{2,}?(?:" + alternative((*_FINANCIAL_HEADS, "公司", "集团")) + "))"
    "(?:" + group_alternation(_COMPANY_WORDS, "firm_says") + ")$"
)


# A firm's organ (X能源|董事会) or a department after a firm's name (X期货|原油期货部): the firm.
# A firm's tie glued after its name (X集团|控股子公司): a firm X holds is described; the mention is X.
_FIRM_ORGAN = re.compile(rf"^(.{{2,}}?)(?:{_words('firm_organs')}|{_words('firm_relations')})$")
_FIRM_UNIT = re.compile(
    "^(.{2,}?(?:"
    + alternative((*_FINANCIAL_HEADS, "公司", "集团"))
    + rf"))[{HAN}]{{2,8}}?(?:{_words('firm_unit_heads')})$"
)


def _cut_firm_organ(c: _Cand) -> _Cand:
    """A firm's organ or department glued to its name (X能源|董事会,
    X期货|原油期货部, by LAC or a title's rule) is cut off: the mention is
    the firm."""
    organ = _FIRM_ORGAN.match(c.name) or _FIRM_UNIT.match(c.name)
    if organ is None:
        return c
    return _Cand(c.start, c.start + len(organ.group(1)), organ.group(1), c.kind, c.source, c.split_country)


# Heads right after a two-character ORG word that make it a description (上云企业, 优强项目).
_GENERIC_TAIL = re.compile(group_alternation(_COMPANY_WORDS, "described_heads"))
# A numeral closing an ORG word whose next word is a measure word or another
# numeral's count: LAC ran a count into the word before it (从一|个新玩法,
# 从一|两种手段), no name.
_NUMERALS = "一二两三四五六七八九十百千万几"
_NUMERAL_END = re.compile(f"[{_NUMERALS}]$")


def _a_count_follows(words: list[LacWord], i: int) -> bool:
    """The word after ``words[i]`` is a measure word (个) or a count opening
    with a numeral (两种)."""
    nxt = words[i + 1] if i + 1 < len(words) else None
    return nxt is not None and (nxt.tag == "q" or (nxt.tag == "m" and nxt.text[0] in _NUMERALS))


@_per_document
def _from_lac(text: str, words: list[LacWord]) -> list[_Cand]:
    tables = load_resources()
    org_counts = Counter(w.text for w in words if w.tag == "ORG")
    out: list[_Cand] = []
    for i, w in enumerate(words):
        if w.tag != "ORG":
            continue
        start, end = _repair_lac(text, words, i)
        pair = _TWO_BODIES.match(text[start:end])
        if pair:
            # 苏州医工所与苏州大学: two bodies in one ORG word.
            out.append(_Cand(start, start + len(pair.group(1)), pair.group(1), None, "lac"))
            start = start + pair.start(2)
        sub = _SUB_UNIT.match(text[start:end])
        if sub:
            end = start + len(sub.group(1))
        said = _FIRM_SAYS.match(text[start:end])
        if said:
            end = start + len(said.group(1))  # 中信建投证券|研报: the firm, not its report
        name = text[start:end]
        if re.match(r"^\d+后$", name) or re.search(rf"[{HAN}][A-Z]{{2,}}$", name):
            continue  # 90后 (a generation), 迈瑞AED (a product)
        if _is_generic(name):
            continue
        if (
            name in tables.common_words
            and not _has_org_suffix(name)
            and not (org_counts[w.text] >= 2 or _beside_an_org(words, i))
        ):
            # 民航, 跨境 are words; 苹果公司 is a company; 百度 tagged twice or
            # listed beside another organization is a name.
            continue
        if not re.search(rf"[{HAN}]", name) and not _LATIN_NAME.match(name):
            continue
        if _LATIN_NAME.match(name) and len(name) < 2:
            continue
        # A park (北京银行保险|产业园): the parks recogniser reports it.
        following = text[end : end + 3]
        if _PARK_END.search(name) or re.match(_PARK_NEXT, following):
            continue
        if _PARK_WORD.search(name) and not _ends_with_suffix(name):
            continue
        if not _has_org_suffix(name) and (_ROUTE_AFTER.match(text, end) or any(h in name for h in _ROUTE_HEADS)):
            continue  # 西部陆海新|通道, 渝新欧|班列: a fragment of a route's name
        if _is_category(name) or name in _COMPANY_TAILS:
            continue
        firm = _FIRM_SECTOR.match(name)
        if firm and _SECTOR_AFTER.match(text, end):
            # 中信建投证券电力设备|新能源行业分析师: the firm, then its analyst's field
            out.append(_Cand(start, start + len(firm.group(1)), firm.group(1), None, "lac"))
            continue
        if _modifies_generic_head(words, i, end) and not _has_org_suffix(name):
            continue  # 上海生物|医药|企业: a description, not a name
        if len(name) == 2 and w.end == end and i + 1 < len(words) and _GENERIC_TAIL.fullmatch(words[i + 1].text):
            continue  # 上云|企业, 优强|项目: two characters describing a kind of firm or project
        if w.end == end and _NUMERAL_END.search(name) and _a_count_follows(words, i):
            continue  # 从一|个: a preposition and the count after it
        if _shared_head(text, words, i):
            continue  # 武汉、长沙、合肥、南昌市政府: four bodies, none named alone
        out.append(_Cand(start, end, name, None, "lac"))
    return out


_CLAUSE = re.compile(r"[^，,。；;：:！!？?“”\"（）()《》【】\n]+")
# Where a list's last member stops: 等, or a figure and the spaces before it.
# The member runs to its clause's end, of any length: a try starts only where
# a run of spaces does (the lookbehind) and the run is possessive (what
# must follow it is a digit, no space), so a run is read once, not from each of its
# characters (issue #15: 80,000 spaces after a list took extract 80 s); the
# same first match as ``等|[\s]*\d``.
_MEMBER_CUT = re.compile(r"等|(?<!\s)\s*+\d")


def _from_lists(text: str, words: list[LacWord], widx: dict[int, int], known: list[_Cand]) -> list[_Cand]:
    """Members of ``A、B、C等…企业`` lists, or of lists most of whose members
    are already known organizations."""
    tables = load_resources()
    known_spans = {(c.start, c.end) for c in known}
    # LAC's own ORG tags count as evidence for the list even where a filter
    # dropped them (百度 is also a dictionary word).
    tagged = {(w.start, w.end) for w in words if w.tag == "ORG"}
    known_sorted = sorted(known_spans | tagged)
    out: list[_Cand] = []
    for clause in _CLAUSE.finditer(text):
        body = clause.group()
        if "、" not in body:
            continue
        # The list ends at 等 (信达生物、药明康德、蓝卡健康等 14 家…、…企业).
        etc = body.find("等", body.find("、"))
        if etc != -1:
            body = body[:etc]
        base = clause.start()
        # Members between 、 marks; the last may be joined by a conjunction
        # (A、B、C和D).
        raw: list[tuple[int, int]] = []
        pos = base
        for part in body.split("、"):
            raw.append((pos, pos + len(part)))
            pos += len(part) + 1
        ls, le = raw[-1]
        conj = next(
            (w for w in _slice(words, ls, le, True) if w.tag == "c" and w.text in {"和", "及", "与", "以及"}), None
        )
        if conj is not None and len(raw) >= 2:
            raw[-1:] = [(ls, conj.start), (conj.end, le)]
        spans: list[tuple[int, int]] = []
        for k, (s, e) in enumerate(raw):
            if k == 0:
                i = widx.get(e - 1)
                if i is None or words[i].end != e:
                    spans.append((e, e))
                    continue
                s = _grow_left(text, words, i, floor=s)
            if k == len(raw) - 1:
                # Up to 等 or the first non-nominal word; a Latin name, spaces and all (SK Hynix System IC).
                cut = _MEMBER_CUT.search(text[s:e])
                latin = _LATIN_MEMBER.match(text, s + len(text[s:e]) - len(text[s:e].lstrip()), e)
                if latin:
                    e = latin.end()
                elif cut:
                    e = s + cut.start()
                else:
                    j = widx.get(s)
                    while (
                        j is not None
                        and j < len(words)
                        and words[j].end <= e
                        and (words[j].tag in _NOMINAL_TAGS or (words[j].tag == "v" and len(words[j].text) >= 2))
                        and words[j].text.strip() not in _GOVERNING_VERBS
                    ):
                        j += 1
                    e = words[j].start if j is not None and j < len(words) else e
            spans.append(_trim(text, s, e))
        spans = [(s, e) for s, e in spans if e > s]
        if len(spans) < 2:
            continue
        after = text[spans[-1][1] : spans[-1][1] + 16]
        closed = bool(_LIST_CLOSERS.match(after))

        def is_known(span: tuple[int, int]) -> bool:
            k = bisect_left(known_sorted, (span[0], -1))
            while k < len(known_sorted) and known_sorted[k][0] < span[1]:
                if known_sorted[k][1] <= span[1]:
                    return True
                k += 1
            return False

        n_known = sum(is_known(sp) for sp in spans)
        # Without a closing word, all members but one must already be known.
        if not closed and n_known < len(spans) - 1:
            continue
        if n_known == 0:
            continue
        for s, e in spans:
            name = text[s:e]
            if (s, e) not in tagged and is_known((s, e)):
                continue  # holds a known name plus something else (…实验室主任)
            if (
                (s, e) in known_spans
                or not 2 <= len(name) <= (30 if _LATIN_MEMBER.fullmatch(name) else 14)
                or _is_generic(name)
                or (name in tables.common_words and (s, e) not in tagged)
            ):
                continue
            if _LIST_MEMBER_NOT.search(name) or name in _TITLE_WORDS:
                continue  # a sector or a thing; or a role listed after a title (小鹏汽车董事长、CEO 何小鹏)
            inner = _slice(words, s, e, True)
            if len(inner) == 1 and inner[0].tag in {"LOC", "TIME", "m"}:
                continue  # a place or a number, not a company
            # A closed company list holds no people (卓胜微 read as a name).
            bad = {"p", "c", "u", "r", "d", "w"} | (set() if closed else {"PER"})
            # A Latin name's words are joined by spaces, which LAC tags as marks (Key Foundry).
            if not _LATIN_MEMBER.fullmatch(name) and any(w.tag in bad or w.text in _GOVERNING_VERBS for w in inner):
                continue
            if _PARK_END.search(name):
                continue
            out.append(_Cand(s, e, name, "company" if closed else None, "list"))
    return out


# A list member written in Latin: words joined by single spaces (DB Hitek, SK Hynix System IC).
_LATIN_MEMBER = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Za-z0-9][A-Za-z0-9&.\-]*)*")


# Persons' titles (董事长, CEO, 总经理): a list of titles is no list of companies.
_TITLE_WORDS = frozenset(load_list("persons/titles.txt"))


# A list member ending so is a sector, a kind or a thing, not a company.
_LIST_MEMBER_NOT = re.compile("(?:" + group_alternation(_COMPANY_WORDS, "list_member_not_ends") + ")$")


# Appositive: a company word, then the company's name (生物医药企业复宏汉霖在…).
_APPOSITIVE_HEADS = frozenset(load_group(_COMPANY_WORDS, "appositive_heads"))


@_per_document
def _from_appositives(text: str, words: list[LacWord]) -> list[_Cand]:
    tables = load_resources()
    out: list[_Cand] = []
    for i in range(1, len(words) - 1):
        head, w, nxt = words[i - 1], words[i], words[i + 1]
        if head.text not in _APPOSITIVE_HEADS or head.end != w.start or w.tag not in {"PER", "nz", "ORG"}:
            continue
        if not 2 <= len(w.text) <= 8 or w.text in tables.common_words:
            continue
        if nxt.tag not in {"p", "v", "w", "d", "vd"}:
            continue
        out.append(_Cand(w.start, w.end, w.text, "company", "appositive"))
    return out


def list_members(text: str, words: list[LacWord]) -> set[str]:
    """Names the list rule makes organizations (for the person recogniser:
    ``卓胜微`` in ``…、卓胜微、…等上市企业`` is a company, not a person)."""
    widx = _word_index(words)
    known = _from_tables(text, words, widx) + _from_lac(text, words) + _from_suffixes(text, words, widx)
    return {c.name for c in _from_lists(text, words, widx, known) + _from_appositives(text, words)}
