"""Organizations named in running text, mostly companies: LAC's ORG words
(repaired and filtered), members of lists (A、B、C等上市企业), appositives
(生物医药企业复宏汉霖), the body in a person's title (the persons
recogniser's mentions), financial firms (中信建投证券, 高瓴资本), brands
written with countries (和记泰国), the addressee of 对…表示 (a media outlet),
a company before its results (龙头企业X2024年营收), Latin names before a
company head. The word lists are ``organizations/company_words.tsv``."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from docpipe.document import Entity

from ..ner import LacWord
from ..textclasses import HAN
from ..wordlists import alternative, load_group, load_list
from .boundaries import _GOVERNING_VERBS, _grow_left, _repair_lac, _trim
from .filters import (
    _GENERIC,
    _GENERIC_PREFIX,
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
    _FUNCTION_CHARS,
    _LATIN_NAME,
    _NOMINAL_TAGS,
    _Cand,
    _country_prefix,
    _descriptor_tables,
    _descriptor_words,
    _foreign_countries,
    _has_proper,
    _made_of,
    _region_forms,
    _regions_only,
    _slice,
    _word_index,
    load_resources,
)

# Closing words after a list that make its members organizations.
_LIST_CLOSERS = re.compile(
    rf"^(?:等|等等)?\s*(?:\d+\s*(?:家|个|所))?\s*(?:[{HAN}]{{0,8}}?)(?:"
    + alternative(load_group(_COMPANY_WORDS, "list_closers"))
    + ")"
)


# A title's role words, stripped to leave the body (云天励飞|联合创始人兼 CEO).
_ROLE_WORDS = sorted(
    set(load_list("persons/titles.txt")) | set(load_group(_COMPANY_WORDS, "role_words")), key=len, reverse=True
)


_ROLE_TAIL = re.compile(
    rf"(?:\s|兼|、|及|和|联合|候任|常务|执行|副|原|前|时任|首席[{HAN}]{{0,3}}官|首席|"
    + "|".join(map(re.escape, _ROLE_WORDS))
    + r")+$"
)


# Sub-units reported as their body (中关村管委会科研机构管理处 → 中关村管委会).
_SUB_UNIT = re.compile(rf"^(.+?(?:管委会|委员会|厅|局|部|委))[{HAN}]{{1,8}}(?:处|司|科)$")


_TWO_BODIES = re.compile(
    rf"^([{HAN}]{{2,}}?(?:所|院|局|厅|部|委|办|校|大学|学院|(?<!公)司|公司|集团|中心|实验室))(?:与|和|及)([{HAN}]{{2,}}(?:所|院|大学|学院|公司|集团|中心|实验室|局|厅|部|委|(?<!公)司))$"
)


_FIRM_SAYS = re.compile(
    "^(.{2,}?(?:" + alternative((*_FINANCIAL_HEADS, "公司", "集团")) + "))"
    "(?:" + alternative(load_group(_COMPANY_WORDS, "firm_says")) + ")$"
)


_COMPANY_ROLE = re.compile(alternative(load_group(_COMPANY_WORDS, "company_roles")) + rf"|首席[{HAN}]{{0,3}}官")


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
        if re.search(r"高新区|开发区|园区", name) and not _ends_with_suffix(name):
            continue
        if not _has_org_suffix(name) and (_ROUTE_AFTER.match(text, end) or any(h in name for h in _ROUTE_HEADS)):
            continue  # 西部陆海新|通道, 渝新欧|班列: a fragment of a route's name
        if _is_category(name) or name in _COMPANY_TAILS:
            continue
        if _modifies_generic_head(words, i, end) and not _has_org_suffix(name):
            continue  # 上海生物|医药|企业: a description, not a name
        if _shared_head(text, words, i):
            continue  # 武汉、长沙、合肥、南昌市政府: four bodies, none named alone
        out.append(_Cand(start, end, name, None, "lac"))
    return out


_CLAUSE = re.compile(r"[^，,。；;：:！!？?“”\"（）()《》【】\n]+")


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
                # Up to 等 or the first non-nominal word.
                cut = re.search(r"等|[\s]*\d", text[s:e])
                if cut:
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
                or not 2 <= len(name) <= 14
                or _is_generic(name)
                or (name in tables.common_words and (s, e) not in tagged)
            ):
                continue
            if _LIST_MEMBER_NOT.search(name):
                continue
            inner = _slice(words, s, e, True)
            if len(inner) == 1 and inner[0].tag in {"LOC", "TIME", "m"}:
                continue  # a place or a number, not a company
            # A closed company list holds no people (卓胜微 read as a name).
            bad = {"p", "c", "u", "r", "d", "w"} | (set() if closed else {"PER"})
            if any(w.tag in bad or w.text in _GOVERNING_VERBS for w in inner):
                continue
            if _PARK_END.search(name):
                continue
            out.append(_Cand(s, e, name, "company" if closed else None, "list"))
    return out


# A list member ending so is a sector, a kind or a thing, not a company.
_LIST_MEMBER_NOT = re.compile("(?:" + alternative(load_group(_COMPANY_WORDS, "list_member_not_ends")) + ")$")


# Appositive: a company word, then the company's name (生物医药企业复宏汉霖在…).
_APPOSITIVE_HEADS = frozenset(load_group(_COMPANY_WORDS, "appositive_heads"))


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
        if len(inner) == 1 and inner[0].tag == "LOC":
            continue
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
        if re.search(r"(团队|课题组|小组|项目组)$", text[s:e]):
            continue
        out.append(_Cand(s, e, text[s:e], None, "title"))
    return out


def _brands(text: str, words: list[LacWord]) -> set[str]:
    """Brands written with a country on either side (和记泰国, 英国和记): a
    two- or three-character string glued to a foreign country in at least two
    places and written at least three times in all (和记港口 too). A brand is
    no common word and holds no function word or place name."""
    tables = load_resources()
    countries = _foreign_countries()
    seen: Counter[str] = Counter()
    pattern = re.compile("|".join(map(re.escape, countries)))
    starts = {w.start for w in words}
    ends = {w.end for w in words}
    for m in pattern.finditer(text):
        if m.start() not in starts or m.end() not in ends:
            continue  # 海地 of 沿海|地区: no country here
        found: set[str] = set()
        for n in (2, 3):
            before, after = text[max(0, m.start() - n) : m.start()], text[m.end() : m.end() + n]
            for b in (before, after):
                if len(b) == n and re.fullmatch(rf"[{HAN}]+", b):
                    found.add(b)
        seen.update(found)
    out: set[str] = set()
    for b, n in seen.items():
        if n < 2 or text.count(b) < 3 or b in tables.common_words or b in _GENERIC:
            continue
        if any(ch in _FUNCTION_CHARS for ch in b) or pattern.search(b) or _country_prefix(b):
            continue
        out.add(b)
    # Keep the longest where one brand holds another.
    return {b for b in out if not any(b != o and b in o for o in out)}


_BRAND_NOT_UNITS = frozenset(load_group(_COMPANY_WORDS, "brand_not_units"))


def _brand_compounds(text: str, words: list[LacWord], cands: list[_Cand]) -> list[_Cand]:
    """Mentions of a brand the text writes with countries: country + brand,
    brand + country, and brand + a noun (和记港口) — the units of one group."""
    out: list[_Cand] = []
    countries = "|".join(map(re.escape, _foreign_countries()))
    widx = _word_index(words)
    starts = {w.start for w in words}
    ends = {w.end for w in words}
    for b in _brands(text, words):
        eb = re.escape(b)
        for m in re.finditer(rf"(?P<before>{countries}){eb}|{eb}(?P<after>{countries})", text):
            cs, ce = m.span("before") if m.group("before") else m.span("after")
            if cs not in starts or ce not in ends:
                continue
            out.append(_Cand(m.start(), m.end(), m.group(), "company", "brand"))
        for m in re.finditer(eb, text):
            i = widx.get(m.end())
            if (
                i is None
                or words[i].start != m.end()
                or words[i].tag not in {"n", "nz"}
                or not 1 < len(words[i].text) <= 3
            ):
                continue
            if any(c.start <= m.start() < c.end for c in out):
                continue
            # A unit, not the brand's products or business (海信产品): the
            # noun ends the phrase and names no thing the brand has.
            if words[i].text in _BRAND_NOT_UNITS or not re.match(
                r"[;；,，。、)）\s]|$", text[words[i].end : words[i].end + 1]
            ):
                continue
            out.append(_Cand(m.start(), words[i].end, text[m.start() : words[i].end], "company", "brand"))
    return out


# Financial firms: a brand and a financial head (中信建投证券, 高瓴资本).
_FINANCE_HEAD = re.compile(alternative(_FINANCIAL_HEADS))


# After the head: a trade or a thing, not the firm (银行业, 证券报, 基金市场).
_FINANCE_NOT_FIRM = re.compile(r"业(?!务|绩)|" + alternative(load_group(_COMPANY_WORDS, "finance_not_firm")))


_FINANCE_GENERIC = frozenset(load_group(_COMPANY_WORDS, "finance_generic_brands"))


_NON_NAME_TAGS = frozenset({"p", "c", "u", "d", "r", "m", "w", "q", "f", "TIME", "xc", "v", "vd", "ad"})


def _from_finance(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    """A brand followed by 证券, 基金, 期货, 保险, 信托, 银行 or 资本 where LAC
    missed the firm (高瓴|资本, 永|赢|基金). The brand is a proper noun: a
    word LAC tags as a name, a proper noun of jieba's dictionary, or two to
    four characters that are no run of common words; a generic head
    (``证券``, ``银行业``, ``产业基金``, ``地方银行``) names no firm."""
    _, _, vocab, proper = _descriptor_tables()
    tables = load_resources()
    out: list[_Cand] = []
    for m in _FINANCE_HEAD.finditer(text):
        hs, he = m.span()
        last = widx.get(he - 1)
        if last is None or (words[last].end != he and not re.match(r"公司|股份|有限|集团", text[he : he + 2])):
            continue  # the head is inside a longer word (银行业, 基金会)
        if _FINANCE_NOT_FIRM.match(text, he) or re.match(_PARK_NEXT, text[he : he + 3]):
            continue  # also 北京银行保险|产业园: a park's name
        for n in (4, 3, 2):
            bs = hs - n
            if bs < 0 or bs not in widx or words[widx[bs]].start != bs:
                continue
            brand = text[bs:hs]
            if not re.fullmatch(rf"[{HAN}]+", brand) or brand in _FINANCE_GENERIC or _FINANCE_HEAD.search(brand):
                continue
            if any(ch in _FUNCTION_CHARS for ch in brand) or "某" in brand:
                continue
            inner = _slice(words, bs, hs, False)
            if inner[0].tag in _NON_NAME_TAGS - {"v"} or inner[0].text in _GOVERNING_VERBS:
                continue
            tagged = any(w.tag in {"ORG", "nz", "PER"} for w in inner)
            if not (tagged or brand in proper):
                # Untagged: no run of common words (产业投资), and not glued
                # to a noun before it (国家级科创基金).
                prev = words[widx[bs] - 1] if widx[bs] > 0 else None
                if (
                    _made_of(brand, vocab)
                    or brand in tables.common_words
                    or _country_prefix(brand)
                    or (prev is not None and prev.end == bs and prev.tag in _NOMINAL_TAGS)
                ):
                    continue
            end = he
            form = re.match(r"(?:股份有限公司|有限责任公司|有限公司|公司|集团)", text[he:])
            if form:
                end += form.end()
            out.append(_Cand(bs, end, text[bs:end], "company", "finance"))
            break
    return out


_ADDRESS_BEFORE = frozenset(load_group(_COMPANY_WORDS, "address_before"))


_ADDRESS_VERBS = alternative(load_group(_COMPANY_WORDS, "address_after"))


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


_QUOTED_ADDRESSEE = re.compile(r"(?:对|向|接受)[“\"「]([^“”\"「」\s]{2,12})[”\"」](?=" + _ADDRESS_VERBS + ")")


# A company named right after a descriptor head, before a year or a figure
# (龙头企业X2024年营收…): LAC often glues such a brand to the head.
_SUBJECT_BRAND = re.compile(
    "(?:" + alternative(load_group(_COMPANY_WORDS, "subject_heads")) + ")"
    rf"([{HAN}]{{2,6}}?)(?=(?:19|20)\d\d年)"
)


# …or opening a clause, before a year and a company's results (X2024年营收…).
_RESULTS_SUBJECT = re.compile(
    rf"(?:^|(?<=[。；;！!？?\n，,：:]))([{HAN}]{{2,6}}?)(?=(?:19|20)\d\d年"
    "(?:" + alternative(load_group(_COMPANY_WORDS, "results_periods")) + ")?"
    "(?:实现)?(?:" + alternative(load_group(_COMPANY_WORDS, "results_words")) + "))"
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
        ):
            continue
        out.append(_Cand(m.start(1), m.end(1), brand, "company", "appositive"))
    return out


# A Latin name, spaces allowed, right before a company head (XYZ Global Logistics公司).
_LATIN_COMPANY = re.compile(
    r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9.&\-]*(?:\s[A-Za-z0-9.&\-]+){0,5}\s?(?:股份有限公司|有限责任公司|有限公司|集团|公司)"
)


def _from_latin_companies(text: str) -> list[_Cand]:
    return [_Cand(m.start(), m.end(), m.group(), "company", "suffix") for m in _LATIN_COMPANY.finditer(text)]
