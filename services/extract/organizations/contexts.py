"""Organizations a context vouches for: the body in a person's title (the
persons recogniser's mentions), the addressee of 对…表示 (a media outlet), a
company before its results (龙头企业X2024年营收) and Latin names before a
company head. The word lists are ``organizations/company_words.tsv``."""

from __future__ import annotations

import re
from functools import lru_cache

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import alternation, alternative, group_alternation, load_group, load_list

from ..ner import LacWord
from ..region_names import QUOTED_SHORT_NAME, SHORT_NAME_MARKS
from ..source_credits import credited_outlets
from .boundaries import _GOVERNING_VERBS, _trim
from .cues import _CLAUSE_OPEN  # one declaration of what opens a clause
from .filters import (
    _GENERIC_PREFIX,
    _is_generic,
)
from .kinds import _ends_with_suffix, kind_of
from .tables import (
    _COMPANY_WORDS,
    _FUNCTION_CHARS,
    _NOMINAL_TAGS,
    _Cand,
    _descriptor_words,
    _foreign_countries,
    _has_proper,
    _made_of,
    _region_forms,
    _regions_only,
    _slice,
    load_resources,
)

# A title's role words, stripped to leave the body (云天励飞|联合创始人兼 CEO).
_ROLE_WORDS = sorted(
    set(load_list("persons/titles.txt")) | set(load_group(_COMPANY_WORDS, "role_words")), key=len, reverse=True
)


_ROLE_TAIL_WORDS = group_alternation(_COMPANY_WORDS, "role_tail_words")
_ROLE_TAIL = re.compile(rf"(?:\s|{_ROLE_TAIL_WORDS}|首席[{HAN}]{{0,3}}官|首席|{alternative(_ROLE_WORDS)})+$")


_COMPANY_ROLE = re.compile(group_alternation(_COMPANY_WORDS, "company_roles") + rf"|首席[{HAN}]{{0,3}}官")

# A title's body that is a team, not an organization (X课题组负责人).
_TEAM_END = re.compile("(" + group_alternation(_COMPANY_WORDS, "team_ends") + ")$")


def _from_titles(text: str, words: list[LacWord], persons: list[Entity]) -> list[_Cand]:
    """``云天励飞联合创始人兼 CEO 陈宁``: the body in a person's title (the
    persons recogniser's mentions, with their titles)."""
    tables = load_resources()
    out: list[_Cand] = []
    for person in persons:
        title = person.attributes.get("title")
        if not title:
            continue
        t_start = person.start - len(title)
        if text[t_start : person.start].rstrip() != title.rstrip():
            t_start = text.rfind(title, 0, person.start)
            if t_start < 0:
                continue
        if "、" in title:
            # Two roles (中国工程院院士、鹏城实验室主任): the body is in the last.
            cut = title.rindex("、") + 1
            t_start, title = t_start + cut, title[cut:]
        body = _ROLE_TAIL.sub("", title)
        if " " in body.strip() and len(body.split()[0]) >= 2:
            body = _ROLE_TAIL.sub("", body.split()[0])  # 浪潮 AI 首席架构师: the body is 浪潮
        # A title is strong evidence: a common word here is a name (浪潮).
        if not 2 <= len(body) <= 12 or _is_generic(body):
            continue
        s, e = t_start, t_start + len(body)
        s, e = _trim(text, s, e)
        if not _ends_with_suffix(text[s:e]):
            # 华为麒麟 AI 芯片负责人: the body is the ORG word it starts with.
            head = next((w for w in _slice(words, s, e, False) if w.start == s and w.tag == "ORG"), None)
            if head is not None and head.end < e:
                e = head.end
        inner = _slice(words, s, e, False)
        if (len(inner) == 1 and inner[0].tag == "LOC") or text[s:e] in _region_forms():
            continue  # 湖南|省委书记 (LAC: 湖南 ORG), 绵阳|市委书记: a place alone is the body's region, no body
        if any(w.tag in {"v", "p", "c", "u"} and w.text.strip() not in {""} for w in inner):
            continue
        if not _has_proper(words, s, e, text) and not (
            _COMPANY_ROLE.search(title)
            and all(w.tag in _NOMINAL_TAGS - {"LOC"} for w in inner)
            and not _GENERIC_PREFIX.match(text[s:e])
            and text[s:e] not in tables.common_words
        ):
            # Without a proper noun, only a company role (创始人, CEO,
            # 董事长 …) vouches for the body (深蓝动力联合创始人).
            continue
        if _TEAM_END.search(text[s:e]):
            continue
        out.append(_Cand(s, e, text[s:e], None, "title"))
    return out


_ADDRESS_BEFORE = frozenset(load_group(_COMPANY_WORDS, "address_before"))


_ADDRESS_VERBS = group_alternation(_COMPANY_WORDS, "address_after")


_ADDRESS_AFTER = re.compile(f"(?:{_ADDRESS_VERBS})")


def _from_addressees(text: str, words: list[LacWord]) -> list[_Cand]:
    """Whom a speaker tells (对|澎湃新闻|表示, 接受|XX财经|采访): a proper
    name there, not a person's, is a media outlet or account."""
    tables = load_resources()
    out = []
    for i in range(len(words) - 2):
        a, w, b = words[i], words[i + 1], words[i + 2]
        if a.text not in _ADDRESS_BEFORE or w.tag not in {"nz", "ORG"} or not _ADDRESS_AFTER.match(b.text):
            continue
        name = w.text.strip()
        if not 2 <= len(name) <= 12 or name in tables.common_words or _is_generic(name) or _regions_only(name):
            continue
        if a.end != w.start or w.end != b.start:
            continue
        out.append(_Cand(w.start, w.start + len(name), name, "media", "appositive"))
    # a quoted account (对“X观察”表示): the quotes vouch for a name
    for m in _QUOTED_ADDRESSEE.finditer(text):
        name = m.group(1)
        if not _is_generic(name) and not _regions_only(name) and not any(ch in "，,。" for ch in name):
            out.append(_Cand(m.start(1), m.end(1), name, "media", "appositive"))
    return out


# A news outlet the text cites or a speaker tells (据|澎湃新闻|记者, 对|南方财经全媒体|记者说,
# 根据|正点财经|，): a name of common words LAC splits, ending in a media head.
_MEDIA_SOURCE = re.compile(
    "(?:"
    + group_alternation(_COMPANY_WORDS, "media_source_before")
    + rf")([{HAN}]{{0,8}}?(?:"
    + group_alternation(_COMPANY_WORDS, "media_name_heads")
    + "))(?="
    + group_alternation(_COMPANY_WORDS, "media_source_after")
    + ")"
)


def _from_media_sources(text: str) -> list[_Cand]:
    """News outlets a text cites or tells (据澎湃新闻记者, 对南方财经全媒体记者说,
    根据正点财经，): at least two characters before the media head, not a place
    alone (据中国新闻) nor a generic word (据当地新闻, ``media_generic_stems``)."""
    out = []
    for m in _MEDIA_SOURCE.finditer(text):
        name = m.group(1)
        head = next(h for h in _MEDIA_HEADS if name.endswith(h))
        stem = name[: -len(head)]
        if len(stem) < 2 or stem in _MEDIA_GENERIC_STEMS or _is_generic(name) or _regions_only(stem):
            continue
        out.append(_Cand(m.start(1), m.end(1), name, "media", "appositive"))
    return out


_MEDIA_HEADS = tuple(sorted(load_group(_COMPANY_WORDS, "media_name_heads"), key=len, reverse=True))
_MEDIA_GENERIC_STEMS = frozenset(load_group(_COMPANY_WORDS, "media_generic_stems"))
_NOT_OUTLETS = tuple(load_list("organizations/credit_not_outlets.txt"))


# A short form a text defines right after a name (X有限公司（以下简称“X江苏”）):
# two to eight characters in quotation marks after 简称/下称 (regions/short_name_marks.txt).
_SHORT_NAME = re.compile(r"[（(](?:以下)?" + SHORT_NAME_MARKS + "[：:]?" + QUOTED_SHORT_NAME)


def _from_defined_short_names(text: str, words: list[LacWord], cands: list[_Cand]) -> list[_Cand]:
    """A short form the text defines for an organization found right before
    the definition (中建钢构江苏有限公司（以下简称“中建江苏”）) names that
    organization wherever the text writes it on LAC's word edges (not 东风有限
    in 东风|有限支付: a word runs on past it): made of the name's own
    characters (at least half of them: not 合格加工者 for a Latin name), not a
    common word, a generic one (公司, 本公司) or a place."""
    if "称" not in text:
        return []  # most texts: no definition
    starts = {w.start for w in words}
    ends = {w.end for w in words}
    by_end: dict[int, _Cand] = {}
    for c in cands:
        if c.end not in by_end or c.end - c.start > by_end[c.end].end - by_end[c.end].start:
            by_end[c.end] = c
    out: list[_Cand] = []
    for m in _SHORT_NAME.finditer(text):
        full = by_end.get(m.start())
        short = m["short"]
        if full is None or short == full.name:
            continue
        own = sum(ch.lower() in full.name.lower() for ch in short)
        if 2 * own < len(short):
            continue
        if _plain_word(short):
            continue
        latin = short.isascii()
        k = text.find(short)
        while k >= 0:
            e = k + len(short)
            if (k in starts and e in ends) and (
                not latin
                or not (
                    (k > 0 and text[k - 1].isascii() and text[k - 1].isalnum())
                    or (e < len(text) and text[e].isascii() and text[e].isalnum())
                )
            ):
                out.append(_Cand(k, e, short, full.kind, "appositive"))
            k = text.find(short, e)
    return out


def _from_source_credits(text: str) -> list[_Cand]:
    """The outlets credited at the close of a paragraph (……。（来源：澎湃新闻）,
    （来源：IT 之家）: ``source_credits``): not a common word, a generic stem
    of media (来源：网络), a place alone, nor a credit of the reader's or the
    article's own (受访者, 公司公告, 综合: ``credit_not_outlets.txt``)."""
    out = []
    for s, e in credited_outlets(text):
        name = text[s:e]
        if not _outlet_name(name) or name.endswith(_NOT_OUTLETS):
            continue
        out.append(_Cand(s, e, name, "media", "credit"))
    return out


# A news flash's closing credit in brackets with no 来源 label (……。（新浪财经）, ……。（界面）): the
# outlet alone in brackets right after the last sentence's end, closing its line.
_BRACKET_CREDIT = re.compile(rf"(?<=[。！？!?」”』])[（(](?P<name>[{HAN}]{{2,8}})[）)][ \t\u3000]*$", re.M)


@lru_cache(maxsize=1)
def _credited_outlet_forms() -> frozenset[str]:
    """The outlets of the media table and their short forms without a generic tail
    (organizations/outlet_short_form_ends.txt: 界面 of 界面新闻, 澎湃 of 澎湃新闻)."""
    media = load_resources().media
    ends = load_list("organizations/outlet_short_form_ends.txt")
    short = {n[: -len(e)] for n in media for e in ends if n.endswith(e) and len(n) - len(e) >= 2}
    return frozenset(media) | frozenset(short)


def _from_bracket_credits(text: str) -> list[_Cand]:
    """The outlet a news flash credits in brackets at its close, by its name or its
    short form (``_credited_outlet_forms``); any other bracket there (（完）, （实习）,
    a writer's name) names none."""
    if "）" not in text and ")" not in text:
        return []
    forms = _credited_outlet_forms()
    return [
        _Cand(m.start("name"), m.end("name"), m.group("name"), "media", "credit")
        for m in _BRACKET_CREDIT.finditer(text)
        if m.group("name") in forms
    ]


_OUTLET = rf"[A-Za-z][A-Za-z0-9]{{1,9}}|[{HAN}]{{2,8}}?"
# A news dateline alone on a line: the outlet, its writer and the day (雷递网 乐天 2月11日).
_DATELINE = re.compile(
    rf"^(?P<name>{_OUTLET})[ \t\u3000]+[{HAN}]{{2,4}}[ \t\u3000]*\d{{1,2}}月\d{{1,2}}日[ \t\u3000]*$",
    re.M,
)
# An outlet whose reporter learns something, opening a clause (新京报贝壳财经记者获悉，).
_REPORTER_LEARNS = re.compile(
    rf"(?:^|(?<=[，,。；;\n]))(?P<name>[{HAN}]{{2,10}}?)记者(?:{group_alternation(_COMPANY_WORDS, 'reporter_learns')})",
    re.M,
)
# An account a text cites (据深圳交通公众号消息): the outlet is the name before the account word.
_CITED_ACCOUNT = re.compile(
    rf"(?:{group_alternation(_COMPANY_WORDS, 'media_source_before')})(?P<name>[{HAN}]{{2,8}}?)"
    rf"(?:{group_alternation(_COMPANY_WORDS, 'media_account_heads')})"
)


_CITING_WORDS = load_group(_COMPANY_WORDS, "media_source_before")

# A wire dateline opening a line: the outlet, the places it files from, the
# day and 电/讯 or a dash (新华网南宁12月16日电, 中国日报网12月28日电,
# 路透新加坡/香港9月1日 -, 财联社2月9日讯).
_WIRE_DATELINE = re.compile(
    rf"^[ \t\u3000]*(?P<head>[A-Za-z0-9{HAN}/]{{2,20}}?)\d{{1,2}}月\d{{1,2}}日(?:电|讯|[ \t\u3000]*[-–—])",
    re.M,
)


def _places_only(rest: str) -> bool:
    """Places a dateline files from, run together or joined by / (江西广昌, 新加坡/香港)."""
    from ..resources import region_tables

    forms = region_tables().forms
    for piece in rest.split("/"):
        reach = [True] + [False] * len(piece)
        for i in range(1, len(piece) + 1):
            reach[i] = any(reach[j] and piece[j:i] in forms for j in range(max(0, i - 8), i - 1))
        if not piece or not reach[len(piece)]:
            return False
    return True


def _dateline_outlets(text: str) -> list[tuple[int, int]]:
    """The outlets of wire datelines: (start, end) spans, the outlet's name
    the shortest start of the dateline's head that the places after it leave
    (路透|新加坡/香港, 中新网|江西广昌)."""
    out = []
    for m in _WIRE_DATELINE.finditer(text):
        head, base = m["head"], m.start("head")
        for k in range(2, len(head) + 1):
            name, rest = head[:k], head[k:]
            if "/" in name or name.isdigit():
                break
            if not rest or _places_only(rest):
                out.append((base, base + k))
                break
    return out


def _from_datelines(text: str) -> list[_Cand]:
    """News outlets of a dateline alone on its line (雷递网 乐天 2月11日), of a
    reporter who learns something (新京报贝壳财经记者获悉) and of an account a
    text cites (据深圳交通公众号消息): media organizations. Not a generic or
    relative word (当地记者获悉), a place alone or a common word. A byline
    (重庆日报 记者 X) is page debris, and 讯 or 消息 after an outlet at a line's
    start were tried and left out (they lowered a held-out set)."""
    out = []
    for pattern in (_DATELINE, _REPORTER_LEARNS, _CITED_ACCOUNT):
        for m in pattern.finditer(text):
            name = m["name"]
            if name.startswith(_CITING_WORDS) or not _outlet_name(name):
                continue  # (据X公众号消息: the account's outlet, below)
            out.append(_Cand(m.start("name"), m.end("name"), name, "media", "appositive"))
    for a, b in _dateline_outlets(text):
        name = text[a:b]
        if not _outlet_name(name):
            continue
        out.append(_Cand(a, b, name, "media", "appositive"))
    return out


# An outlet's news dateline opening a line: the outlet, maybe the place it files from, 讯,
# then the day, a bracket or a word of the report (新浪科技讯 10月29日晚间消息, 中国证券网讯（记者…）,
# C114讯2月13日消息, 华西都市报讯(…记者…), 广西日报南宁讯（记者…）).
_NEWS_CREDIT = re.compile(
    rf"^[ \t\u3000]*(?P<head>[A-Za-z0-9{HAN}]{{2,16}}?)讯"
    rf"(?=[ \t\u3000]*(?:\d|[（(]|{group_alternation(_COMPANY_WORDS, 'news_credit_next')}))",
    re.M,
)
# A word ending in 讯 that the dictionary knows often (通讯, 资讯, 喜讯, 腾讯): the head's last
# character belongs to it, so no outlet's dateline ends there (网讯, 报讯 are rare: 3, none).
_NEWS_WORD_FREQ = 10
_DAY = re.compile(r"\d{1,2}月\d{1,2}日")


def _plain_word(name: str) -> bool:
    """A common word, a generic one (公司, 本公司) or a place alone (or places run together): no name."""
    return name in load_resources().common_words or _is_generic(name) or _regions_only(name) or name in _region_forms()


def _outlet_name(name: str) -> bool:
    """A name that may be an outlet's: no generic stem of media (网络), no plain word (``_plain_word``)."""
    return not (name in _MEDIA_GENERIC_STEMS or _plain_word(name))


def _from_news_credits(text: str) -> list[_Cand]:
    """The outlets of news datelines opening a line (新浪科技讯 10月29日…,
    中国证券网讯（记者…）; the place it files from cut off: 广西日报|南宁讯).
    Not a word of the dictionary ending in 讯 (通讯, 资讯), a generic or
    common word (本报讯) or a place alone. (A 来源 credit is page chrome,
    ``chrome.py``, whose names the stage drops.)"""
    from ..resources import word_tags

    tags = word_tags()
    out = []
    for m in _NEWS_CREDIT.finditer(text):
        head, base = m["head"], m.start("head")
        if tags.get(head[-1] + "讯", (0, ""))[0] >= _NEWS_WORD_FREQ:
            continue  # 中兴通讯 2020年…: the 讯 is a word's
        if _DAY.search(head):
            continue  # 财联社2月9日讯: a wire dateline, its outlet read by _dateline_outlets
        for k in range(2, len(head) + 1):
            if k == len(head) or _places_only(head[k:]):
                if _outlet_name(head[:k]):
                    out.append(_Cand(base, base + k, head[:k], "media", "dateline"))
                break
    return out


# The investors of a financing round, listed right before its verb (由A、B领投，C、D和E跟投,
# A、B等知名机构参投): the list runs back to a clause mark.
_INVESTOR_LIST = re.compile(
    rf"(?P<list>[A-Za-z0-9{HAN}、 ]{{2,80}}?)(?:等[{HAN}]{{0,8}}?)?"
    rf"(?:{group_alternation(_COMPANY_WORDS, 'investing_adverbs')})?"
    rf"(?:{group_alternation(_COMPANY_WORDS, 'investing_verbs')})"
)
# The verbs alone: a text without one holds no round, and finding that takes a plain search
# instead of the list pattern's lazy run tried at every character (about 3% of the stage).
_INVESTING_VERB = re.compile(group_alternation(_COMPANY_WORDS, "investing_verbs"))
_INVESTOR_ROLES = tuple(load_group(_COMPANY_WORDS, "investor_roles"))
_LIST_CLOSING_HEADS = tuple(load_group(_COMPANY_WORDS, "list_closers"))
_MEMBER_JOINERS = frozenset(load_group(_COMPANY_WORDS, "member_joiners"))
# LAC's tags of words no investor's name holds: prepositions, particles, pronouns, people, times,
# numbers (verbs and adverbs do: 人保|启迪, 未然|资本).
_NOT_IN_INVESTOR = frozenset({"p", "u", "c", "r", "w", "PER", "TIME", "m"})


def _from_investor_lists(text: str, words: list[LacWord], persons: list[Entity]) -> list[_Cand]:
    """The investors a financing round lists right before 领投/跟投/参投 (本轮融资由A、B领投，
    C、D和E跟投): each member a body. The first member starts after the last governing
    word or preposition before it (由, 获得) and after a role word (天使轮投资方|X); not a person, a
    common or generic word, a place alone, nor a kind (知名产业投资机构)."""
    matches = list(_INVESTOR_LIST.finditer(text)) if _INVESTING_VERB.search(text) else []
    if not matches:
        return []  # most texts: no round
    by_start = {w.start: w for w in words}
    out = []
    for m in matches:
        base = m.start("list")
        # the list's words; the first member starts after the last governing word before it
        items, pos = [], base
        for part in m["list"].split("、"):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        s0, e0 = items[0]
        k, lead_end = s0, s0
        while k < e0 and k in by_start:
            w = by_start[k]
            if w.end > e0:
                break
            if w.tag in {"p", "u", "c"} or w.text in _INVESTOR_ROLES or w.text in _GOVERNING_VERBS:
                lead_end = w.end
            k = w.end
        items[0] = (lead_end, e0)
        ls, le = items[-1]
        joiner = next((w for w in _slice(words, ls, le, True) if w.tag == "c" and w.text in _MEMBER_JOINERS), None)
        if joiner is not None:
            items[-1:] = [(ls, joiner.start), (joiner.end, le)]
        for s, e in items:
            role = max((text.find(r, s, e) + len(r) for r in _INVESTOR_ROLES if text.find(r, s, e) >= 0), default=s)
            if len(items) == 1 and role == s:
                continue  # one name alone says it invests only after its role (天使轮投资方X继续跟投)
            s = role
            name = text[s:e].strip()
            s = s + (len(text[s:e]) - len(text[s:e].lstrip()))
            if not 2 <= len(name) <= 12 or name.endswith(_LIST_CLOSING_HEADS):
                continue
            if _plain_word(name):
                continue
            if any(p.start < s + len(name) and s < p.end for p in persons):
                continue
            inner = _slice(words, s, s + len(name), True)
            if any(w.tag in _NOT_IN_INVESTOR for w in inner if w.text.strip()):
                continue
            out.append(_Cand(s, s + len(name), name, "company", "appositive"))
    return out


_QUOTED_ADDRESSEE = re.compile(
    "(?:"
    + group_alternation(_COMPANY_WORDS, "address_before")
    + r")[“\"「]([^“”\"「」\s]{2,12})[”\"」](?="
    + _ADDRESS_VERBS
    + ")"
)


# A company named right after a descriptor head, before a year or a figure
# (龙头企业X2024年营收…): LAC often glues such a brand to the head.
_SUBJECT_BRAND = re.compile(
    "(?:" + group_alternation(_COMPANY_WORDS, "subject_heads") + ")"
    rf"([{HAN}]{{2,6}}?)(?=(?:19|20)\d\d年)"
)


# …or opening a clause, before a year and a company's results (X2024年营收…).
_RESULTS_SUBJECT = re.compile(
    rf"(?:^|(?<=[。；;！!？?\n，,：:]))([{HAN}]{{2,6}}?)(?=(?:19|20)\d\d年"
    "(?:" + group_alternation(_COMPANY_WORDS, "results_periods") + ")?"
    "(?:实现)?(?:" + group_alternation(_COMPANY_WORDS, "results_words") + "))"
)


def _from_subject_brands(text: str) -> list[_Cand]:
    out = []
    vocab = _descriptor_words()
    for m in [*_SUBJECT_BRAND.finditer(text), *_RESULTS_SUBJECT.finditer(text)]:
        brand = m.group(1)
        if (
            any(ch in _FUNCTION_CHARS for ch in brand)
            or _made_of(brand, vocab)
            or _regions_only(brand)
            or brand in _region_forms()
            or _GENERIC_PREFIX.match(brand)
            or brand.startswith(("全", "我", "今", "去"))
            or brand in load_resources().common_words
            or _is_generic(brand)
            or 0 <= brand.find("公司") < len(brand) - 2
        ):
            continue  # …, and 占|公司|经审计: 公司 inside, not ending it, is a clause's word, no brand
        out.append(_Cand(m.start(1), m.end(1), brand, "company", "appositive"))
    return out


# A Latin name, spaces allowed, right before a company head (XYZ Global Logistics公司).
_LATIN_COMPANY = re.compile(
    rf"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9.&\-]*(?:\s[A-Za-z0-9.&\-]+){{0,5}}\s?(?:{alternation('organizations/legal_forms.txt')})"
)


# A Latin-named data source the text cites (根据EV Sales数据, 根据Clarksons数据) or that
# says something at a paragraph's start (GWEC 预测，…): a body (an agency, a research
# firm); measures and things written in Latin (GDP, PMI, LED) are not.
_LATIN_SOURCE_NAME = r"[A-Z][A-Za-z&\-]*(?: [A-Z][A-Za-z&\-]*){0,2}"
_LATIN_SOURCE = re.compile(
    "(?:(?:"
    + group_alternation(_COMPANY_WORDS, "source_before")
    + rf")({_LATIN_SOURCE_NAME})|(?:^|(?<=\n))({_LATIN_SOURCE_NAME}))\s?(?="
    + group_alternation(_COMPANY_WORDS, "source_after")
    + ")"
)
_LATIN_NOT_SOURCES = frozenset(load_group(_COMPANY_WORDS, "latin_not_sources"))


def _from_latin_sources(text: str) -> list[_Cand]:
    out = []
    for m in _LATIN_SOURCE.finditer(text):
        group = 1 if m.group(1) else 2
        name = m.group(group)
        if len(name) < 3 or name in _LATIN_NOT_SOURCES or name.upper() in _LATIN_NOT_SOURCES:
            continue
        out.append(_Cand(m.start(group), m.end(group), name, "other", "appositive"))
    return out


# A source the text cites by name, then what it gives and a clause mark (据企业预警通消息，,
# 据 GSMChina 报道，): a body (an outlet, a data service); 据 is a word of its own (not 数|据).
_CITED_SOURCE = re.compile(
    rf"(?:{group_alternation(_COMPANY_WORDS, 'source_before')})[ \t]?"
    rf"(?P<name>[A-Za-z][A-Za-z0-9]{{2,19}}|[{HAN}]{{3,8}}?)[ \t]?"
    rf"(?:{group_alternation(_COMPANY_WORDS, 'cited_source_after')})(?=[，,])"
)


_ACCOUNT_HEADS = tuple(load_group(_COMPANY_WORDS, "media_account_heads"))
# A side of the story a report quotes (据伊朗方面消息, 据机场警方消息): no outlet.
_CITED_SIDES = tuple(load_group(_COMPANY_WORDS, "cited_sides"))
# LAC tags of a word that opens a qualifier, no name: adverbs, adjectives, numerals, pronouns, function words.
_QUALIFIER_TAGS = frozenset({"d", "ad", "a", "an", "m", "q", "r", "p", "c", "u", "f", "TIME"})


def _from_cited_sources(text: str, words: list[LacWord]) -> list[_Cand]:
    """Sources a text cites by name (据企业预警通消息，, 据 GSMChina 报道，):
    据/根据 must be a word LAC reads alone and the name start and end on
    LAC's word edges; a common word, a generic or relative name, places
    alone, a generic stem of media (据媒体报道) or a qualifier (据不完全统计)
    are no source."""
    matches = list(_CITED_SOURCE.finditer(text))
    if not matches:
        return []  # most texts: no index of their words built
    starts = {w.start: w.tag for w in words}
    ends = {w.end for w in words}
    citing = {w.start for w in words if w.text in _CITING_WORDS}
    tables = load_resources()
    out = []
    for m in matches:
        name, s, e = m["name"], m.start("name"), m.end("name")
        if m.start() not in citing or s not in starts or e not in ends:
            continue
        if starts[s] in _QUALIFIER_TAGS:
            continue  # 据|不|完全|统计, 据|初步|统计: how, not who
        if name.endswith(_ACCOUNT_HEADS):
            continue  # 据深圳交通公众号消息: the account's outlet is named before its head (_CITED_ACCOUNT)
        if name.endswith(_CITED_SIDES):
            continue  # 据伊朗方面消息: a side the report quotes, no outlet
        if name in tables.common_words or name in _MEDIA_GENERIC_STEMS or _is_generic(name) or _regions_only(name):
            continue
        if name in _LATIN_NOT_SOURCES or name.upper() in _LATIN_NOT_SOURCES:
            continue
        out.append(_Cand(s, e, name, "media", "appositive"))
    return out


# An enterprise named right after the sum invested in it (引进投资1.5亿元的长江食品、
# 投资1.38亿元的长润食品等): a short name ending in a business word, then a list mark.
_INVESTED_NAME = re.compile(
    "投资(?:"
    + group_alternation(_COMPANY_WORDS, "invested_qualifiers")
    + r")?[\d.]+(?:"
    + group_alternation(_COMPANY_WORDS, "invested_scales")
    + r")?(?:元|美元)的"
    rf"([{HAN}]{{2,4}}?(?:" + group_alternation(_COMPANY_WORDS, "invested_name_tails") + r"))(?=[、，,。；;]|等)"
)


def _from_invested_names(text: str, industries: list[Entity]) -> list[_Cand]:
    """The enterprises named right after the sum invested in them; not an
    industry the sum goes to (投资5亿元的冷链物流: an industry mention there)."""
    out = []
    for m in _INVESTED_NAME.finditer(text):
        name = m.group(1)
        tail = next(t for t in _INVESTED_TAILS if name.endswith(t))
        stem = name[: -len(tail)]
        if len(stem) < 2 or _is_generic(name) or _regions_only(stem):
            continue
        if any(e.start < m.end(1) and m.start(1) < e.end for e in industries):
            continue
        out.append(_Cand(m.start(1), m.end(1), name, "company", "appositive"))
    return out


_INVESTED_TAILS = tuple(sorted(load_group(_COMPANY_WORDS, "invested_name_tails"), key=len, reverse=True))


# A quoted name with its web address in brackets after it (通过“信用中国”(网站：
# www.creditchina.gov.cn)、“中国政府采购网”（网站www.ccgp.gov.cn）查询): a website.
_QUOTED_SITE = re.compile(
    r"[“\"「]([^“”\"「」\s，,。]{2,16})[”\"」]\s*[（(]\s*(?:" + group_alternation(_COMPANY_WORDS, "site_markers") + ")"
)


# A quoted name right after a body's head word, then what it publishes (行业权威机构
# “暖通空调传媒机构”发布的…): the quoted name is the body the text cites.
_QUOTED_SOURCE = re.compile(
    "(?:"
    + group_alternation(_COMPANY_WORDS, "quoted_source_heads")
    + r")[“\"「]([^“”\"「」\s，,。]{2,16})[”\"」](?="
    + group_alternation(_COMPANY_WORDS, "source_after")
    + ")"
)


def _from_quoted_sites(text: str) -> list[_Cand]:
    """Quoted websites (“信用中国”(网站：…)) and quoted bodies a text cites
    (权威机构“暖通空调传媒机构”发布)."""
    out = [
        _Cand(m.start(1), m.end(1), m.group(1), "media", "appositive")
        for m in _QUOTED_SITE.finditer(text)
        if not _is_generic(m.group(1))
    ]
    common = load_resources().common_words
    for m in _QUOTED_SOURCE.finditer(text):
        name = m.group(1)
        if name not in common and not _is_generic(name) and not _regions_only(name):
            out.append(_Cand(m.start(1), m.end(1), name, kind_of(name) or "other", "appositive"))
    return out


def _from_latin_companies(text: str) -> list[_Cand]:
    return [_Cand(m.start(), m.end(), m.group(), "company", "suffix") for m in _LATIN_COMPANY.finditer(text)]


_LATIN_WORD = r"[A-Za-z][A-Za-z0-9&.\-]*[A-Za-z0-9]"
# Two or more Latin names joined by / or 、 right after a company word (美国上市公司Diodes/BCD/AOS).
_LATIN_LIST_AFTER_HEAD = re.compile(
    f"(?:{group_alternation(_COMPANY_WORDS, 'appositive_heads')})({_LATIN_WORD}(?:[/、]{_LATIN_WORD})+)(?![A-Za-z0-9])"
)


# One Latin name right after a company word, a space between or none (美国激光雷达公司 Luminar,
# 美国管道巨头Energy Transfer Equity LP): capitalised words after the first, a letter last.
_LATIN_NAME_AFTER_HEAD = re.compile(
    f"(?:{group_alternation(_COMPANY_WORDS, 'latin_name_heads')})[ \u3000]?"
    r"([A-Za-z][A-Za-z0-9&.\-]*[A-Za-z](?: [A-Z][A-Za-z0-9&.\-]*[A-Za-z])*)(?![A-Za-z0-9/、 ]*[A-Za-z])"
)


# Latin names given as examples after a company word (激光雷达企业如 Ouster 和 Velodyne,
# 芯片厂商包括 Acme、Bolt): two or more, joined by 、 / 和 与 及, spaces around or none.
_LATIN_EXAMPLE_NAME = r"[A-Za-z][A-Za-z0-9&.\-]*[A-Za-z0-9](?: [A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9])*"
_LATIN_EXAMPLE_JOIN = f" ?(?:[、/]|{group_alternation(_COMPANY_WORDS, 'example_joiners')}) ?"
_LATIN_EXAMPLES_AFTER_HEAD = re.compile(
    f"(?:{group_alternation(_COMPANY_WORDS, 'latin_name_heads')})"
    f"(?:{group_alternation(_COMPANY_WORDS, 'example_openers')})[ \u3000]?"
    f"({_LATIN_EXAMPLE_NAME}(?:{_LATIN_EXAMPLE_JOIN}{_LATIN_EXAMPLE_NAME})+)(?![A-Za-z0-9])"
)


def _from_latin_lists(text: str) -> list[_Cand]:
    """Companies a company word names in a list of Latin names (上市公司Diodes/BCD/AOS)
    or by one Latin name (天然气管道公司Williams): each name, unless it is a
    measure or a thing (latin_not_sources)."""
    out = []
    for m in _LATIN_NAME_AFTER_HEAD.finditer(text):
        if m.group(1) not in _LATIN_NOT_SOURCES:
            out.append(_Cand(m.start(1), m.end(1), m.group(1), "company", "appositive"))
    for m in _LATIN_EXAMPLES_AFTER_HEAD.finditer(text):
        for example in re.finditer(_LATIN_EXAMPLE_NAME, m.group(1)):
            if example.group() not in _LATIN_NOT_SOURCES:
                out.append(
                    _Cand(
                        m.start(1) + example.start(),
                        m.start(1) + example.end(),
                        example.group(),
                        "company",
                        "appositive",
                    )
                )
    for m in _LATIN_LIST_AFTER_HEAD.finditer(text):
        pos = m.start(1)
        for name in re.split("[/、]", m.group(1)):
            if name not in _LATIN_NOT_SOURCES:
                out.append(_Cand(pos, pos + len(name), name, "company", "appositive"))
            pos += len(name) + 1
    return out


# A Latin name right before a role only a company has, a space between or none, maybe
# 联合 before it (Meta 创始人扎克伯格, LVMH 首席执行官阿尔诺): the company of that role.
# The name is capitalised words; a role written in Latin (CEO 兼创始人) is no name.
_LATIN_BEFORE_ROLE = re.compile(
    r"(?<![A-Za-z0-9&.\-])([A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9](?: [A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9]){0,3})[ \u3000]?(?:联合)?"
    f"(?:{group_alternation(_COMPANY_WORDS, 'company_roles')}|首席[{HAN}]{{0,3}}官)"
)
_LATIN_ROLE = re.compile(r"C[A-Z]O")


def _from_latin_before_roles(text: str) -> list[_Cand]:
    """The company a Latin name before a company role names (Meta 创始人)."""
    out = []
    for m in _LATIN_BEFORE_ROLE.finditer(text):
        name = m.group(1)
        if _LATIN_ROLE.fullmatch(name) or name in _LATIN_NOT_SOURCES or name.upper() in _LATIN_NOT_SOURCES:
            continue
        out.append(_Cand(m.start(1), m.end(1), name, "company", "appositive"))
    return out


# A Latin name with what only a company has right after it (Anthropic首次公开募股, SpaceX的估值), its
# ticker in brackets (Shopify(SHOP.N)), or, opening a clause, a company's act (，Faraday Future宣布): a
# company. The name has a lower-case letter (OpenAI, SpaceX): an all-capital acronym is as often a
# measure, a technology or an event (AI, CPO, WRC).
_LATIN_CUED_NAME = r"[A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9](?: [A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9]){0,3}"
_LATIN_CUED = re.compile(
    rf"(?<![A-Za-z0-9&.\-])(?P<name>{_LATIN_CUED_NAME})(?:"
    rf"[ \u3000]?的?(?:{group_alternation(_COMPANY_WORDS, 'latin_company_cues')})"
    r"|[（(][A-Z]{1,5}\.[A-Z]{1,2}[)）]"
    rf"|(?P<act>(?:{group_alternation(_COMPANY_WORDS, 'latin_company_acts')})))"
)


def _from_latin_cued(text: str) -> list[_Cand]:
    """Companies a Latin name's context says are companies (``_LATIN_CUED``)."""
    out = []
    for m in _LATIN_CUED.finditer(text):
        name = m.group("name")
        if name.upper() == name or name in _LATIN_NOT_SOURCES or name.upper() in _LATIN_NOT_SOURCES:
            continue
        if m.group("act") and not (m.start() == 0 or text[m.start() - 1] in _CLAUSE_OPEN):
            continue
        out.append(_Cand(m.start("name"), m.end("name"), name, "company", "appositive"))
    return out


# An acronym right after a foreign country (美国 FAA, 美国SEC): that country's body
# (a regulator, an agency); measures and things written in Latin (美国 GDP) are not.
@lru_cache(maxsize=1)
def _country_acronym() -> re.Pattern[str]:
    return re.compile(f"(?:{alternative(list(_foreign_countries()))})" r"[ \u3000]?([A-Z]{2,6})(?![A-Za-z0-9])")


def _from_country_acronyms(text: str) -> list[_Cand]:
    return [
        _Cand(m.start(1), m.end(1), m.group(1), "other", "appositive")
        for m in _country_acronym().finditer(text)
        if m.group(1) not in _LATIN_NOT_SOURCES
    ]


# A name before its listing in brackets: an exchange or market and a ticker
# (砂之船奥特莱斯（新加坡：CRPU）, Lanvin Group（纽交所：LANV）): a listed company.
_LISTING_AFTER = re.compile(
    rf"(?:^|(?<=[、，,。；;：:\s“”]))(?P<name>[A-Za-z][A-Za-z0-9&.\- ]{{0,30}}[A-Za-z0-9]|[{HAN}]{{2,10}}?)"
    rf"[（(](?:{group_alternation(_COMPANY_WORDS, 'listing_markets')})[：:]\s*[A-Z0-9][A-Z0-9.]{{0,11}}[)）]",
    re.M,
)


# A name before its stock code alone in brackets: six digits of a mainland share, with its exchange's
# suffix or not, or an HK code (首选X（03908.HK）, Y（688981.SH）, Z(002188)): a listed company.
_CODE_AFTER = re.compile(
    rf"(?P<name>[{HAN}]{{2,10}})[（(](?:\d{{6}}(?:\.(?:SH|SZ|BJ))?|\d{{4,5}}\.HK)[)）]",
    re.M,
)


def _from_listings(text: str, words: list[LacWord]) -> list[_Cand]:
    """Companies written with their listing (X（港股：1817.HK）): a Latin name,
    a whole 、-list item, or the nominal words (LAC) before the bracket back
    to a clause start (曾投资过|丸美股份（上交所：603983）); and with their stock
    code alone (``_from_codes``)."""
    ends = {w.end: i for i, w in enumerate(words)}
    out = []
    for m in _LISTING_AFTER.finditer(text):
        start, end = m.start("name"), m.end("name")
        if not re.match("[A-Za-z]", m["name"]) and text[start - 1 : start] != "、":  # a list item is whole
            i = ends.get(end)
            first = end
            while i is not None and i >= 0 and words[i].start >= start and words[i].tag in _NOMINAL_TAGS:
                first = words[i].start
                i -= 1
            start = first
        name = text[start:end]
        if len(name) < 2 or _is_generic(name) or name in load_resources().common_words:
            continue
        out.append(_Cand(start, end, name, "company", "appositive"))
    return out + _from_codes(text, words, ends)


# The words a name before its stock code is made of (LAC): its last word a name or a noun, the words
# before it names only (股权|X（002689）, 事项|Y（300465）: a common noun before the name is the clause's).
_CODE_NAME_TAGS = frozenset({"n", "nz", "ORG", "LOC", "PER", "nw", "j"})
_CODE_NAME_LEAD_TAGS = frozenset({"nz", "ORG", "LOC", "PER", "nw", "j"})


def _from_codes(text: str, words: list[LacWord], ends: dict[int, int]) -> list[_Cand]:
    """Companies written with their stock code alone in brackets (首选X（03908.HK）, 关注Y（688122）,
    Z（688981.SH）): the name words (LAC, ``_CODE_NAME_TAGS``) before the bracket, a whole
    、-list item; a common word only where LAC reads it as an organization."""
    if "(" not in text and "（" not in text:
        return []
    out = []
    for m in _CODE_AFTER.finditer(text):
        start, end = m.start("name"), m.end("name")
        if text[start - 1 : start] != "、":
            i = ends.get(end)
            first = end
            while i is not None and i >= 0 and words[i].start >= start:
                if words[i].tag not in (_CODE_NAME_TAGS if first == end else _CODE_NAME_LEAD_TAGS):
                    break
                first = words[i].start
                i -= 1
            start = first
        name = text[start:end]
        if len(name) < 2 or _is_generic(name):
            continue
        if name in load_resources().common_words and not any(
            w.start == start and w.end == end and w.tag == "ORG" for w in words
        ):
            continue
        out.append(_Cand(start, end, name, "company", "appositive"))
    return out
