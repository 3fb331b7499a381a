"""Industries named by lists: a list closed by an industry head
(``纺织、服装等传统产业``, ``…四大细分领域``) or opened by one
(``主导产业为装备制造、电子信息和新材料``) accepts its weak members and, when
complete or mostly known, names its unknown items as fields too. A list of
short names closed by ``等…领域``/``等…新业态`` (``_field_list_members``) or
opened by an industry head needs only one known member to name its unknown
items of four characters or more."""

from __future__ import annotations

import re
from bisect import bisect_left

from docpipe.textclasses import HAN
from docpipe.wordlists import alternation, group_alternation, load_list, load_words

from .industry_mentions import _Mention
from .industry_terms import Term

# A list closed by "等…产业/行业" or "N大…产业" ("纺织、服装等传统产业",
# "光电子信息、生命健康、智能制造三大主导产业"): the head noun makes every
# member an industry.
_LIST_HEAD = re.compile(
    r"(?:等|[两二三四五六七八九十\d]大)[^\s,\uff0c。;\uff1b、:\uff1a“”《》()\uff08\uff09]{0,6}?(?:产业(?!链)|行业)"
    # "X、Y、Z等领域", "…等新业态": an uncounted list of fields (industries/field_heads.txt)
    r"|等[^\s,\uff0c。;\uff1b、:\uff1a“”《》()\uff08\uff09]{0,4}?(?:" + alternation("industries/field_heads.txt") + ")"
    # "N大细分领域", "四大方向": a counted list of fields, as good as 产业
    r"|[两二三四五六七八九十\d]大[^\s,\uff0c。;\uff1b、:\uff1a“”《》()\uff08\uff09]{0,4}?(?:"
    + alternation("industries/counted_list_heads.txt")
    + ")"
)
# The count of a closed list ("四大…领域"): a list with exactly that many items
# is complete, so members the dictionary lacks are fields too.
# "等领域" says less than "等产业": research topics and product lines end so
# too (细胞治疗、基因测序等前沿领域), so such a list counts only with a strong member.
_FIELD_HEAD = re.compile(r"等[^、]{0,4}?(?:" + alternation("industries/field_heads.txt") + ")$")
_COUNT = re.compile(r"([两二三四五六七八九十\d]+)大")
_COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# A new member must look like a field name: two to six Chinese characters, or a
# Latin acronym between list marks (LED, ICT).
_NEW_MEMBER = re.compile(rf"[{HAN}]{{2,6}}|[A-Z][A-Z0-9]{{1,5}}")
_MEMBER_SUFFIX = re.compile(r"(?:产业|行业)$")
# Heads of counted lists of public services or reforms, not of industries
# ("教育、医疗、养老三大民生领域").
_NOT_FIELD_HEAD = re.compile(alternation("industries/not_field_heads.txt"))
# Policy vocabulary that counted lists also hold ("招商引资、营商环境四大领域"):
# words of governance and action, never the name of a field.
_NOT_FIELD = re.compile(
    "(?:" + alternation("industries/policy_word_ends.txt") + ")$"
    "|^(?:" + alternation("industries/policy_word_starts.txt") + ")"
)
# full-width marks written as escapes: an editor's NFKC pass once folded them to ASCII
_CLAUSE_MARKS = ",\uff0c。;\uff1b:\uff1a!?\uff01\uff1f\n“”《》()\uff08\uff09"
_ITEM_SEP = re.compile(r"\s*(?:" + alternation("industries/list_item_joiners.txt") + r")\s*")
# A list item longer than this is a clause, not a member: the walk stops there.
_MAX_ITEM = 8
_MAX_CLAUSE = 200


# In a counted list, 和/及/与 may join words inside one item (电气机械及设备):
# items are first read as split by 、 alone.
_COUNTED_SEP = re.compile(r"\s*[、/]\s*")


# 以X、Y、Z为主体的三大…产业: the frame's 为 and its core word (industries/core_of_words.txt) end the
# last item, its 以 opens the first.
_CORE_TAIL = re.compile("为(?:" + alternation("industries/core_of_words.txt", longest_first=True) + ")的?$")
_YI = "以"


def _yi_wei_frame(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A list in the frame 以…为主(体/导/重点)的 (以竹笋、茶叶、烟叶为主体的三大特色产业):
    the last item ends before 为 (烟叶, not 烟叶为主体的) and the first begins after 以
    (竹笋, not 以竹笋); the frame's words name no field."""
    a, b = items[-1]
    tail = _CORE_TAIL.search(text, a, b)
    if tail is None or tail.start() - a < 2:
        return items
    out = [*items[:-1], (a, tail.start())]
    a0, b0 = out[0]
    if text.startswith(_YI, a0) and b0 - a0 > len(_YI) + 1:
        out[0] = (a0 + len(_YI), b0)
    return out


def _list_items(text: str, end: int, sep_re: re.Pattern[str] = _ITEM_SEP) -> list[tuple[int, int]]:
    """Items of the list that a head noun at ``end`` closes, first to last."""
    window = max(0, end - _MAX_CLAUSE)
    start = max(window, max(text.rfind(c, window, end) for c in _CLAUSE_MARKS) + 1)
    items, pos = [], start
    for sep in sep_re.finditer(text, start, end):
        items.append((pos, sep.start()))
        pos = sep.end()
    items.append((pos, end))
    return _yi_wei_frame(text, items)


# Aspect particles after the verb that opens a list (涵盖了制造、能源…).
_VERB_PARTICLES = load_words("industries/list_verb_particles.txt")
# One-character prepositions before a list (尤其在移动通信、新能源汽车两大领域).
_PREPOSITIONS = load_words("industries/list_prepositions.txt")


def _trim_first(text: str, a: int, b: int) -> int:
    """Where the first item of a list begins inside its clause: after the
    last verb of the clause ("集群已形成涵盖医学影像" → 医学影像) and the
    aspect particle that may follow it ("涵盖了制造" → 制造)."""
    from .industry_terms import load_resources
    from .resources import word_tags

    tags = word_tags()
    # a verbal noun that is an industry word (服装, 物流: vn in jieba's table) is the item's
    # own name, not the clause's verb (涵盖|服装加工, not 涵盖服装|加工)
    terms = load_resources().terms
    for p in range(b - 2, a, -1):
        # an aspect particle that begins no word (培植壮大了|优质粮油; not 了解)
        if text[p - 1] in _VERB_PARTICLES and text[p - 1 : p + 1] not in tags:
            return _past_preposition(text, p, b)
        for k in (2, 3):
            word = text[p - k : p]
            if p - k >= a and tags.get(word, (0, ""))[1] in ("v", "vn", "p") and word not in terms:
                while p < b - 1 and text[p] in _VERB_PARTICLES:
                    p += 1
                return _past_preposition(text, p, b)
    return _past_preposition(text, a, b)


def _past_preposition(text: str, p: int, b: int) -> int:
    """Where an item starting at ``p`` begins after a one-character
    preposition that begins no word (专注|于|智能短交通, 能力，|向|环保; not
    在线教育): the preposition governs the list, no item holds it."""
    from .resources import word_tags

    if b - p > 2 and text[p] in _PREPOSITIONS and text[p : p + 2] not in word_tags():
        return p + 1
    return p


def _after_preposition(text: str, a: int, b: int) -> int:
    """Where a short first item begins after a one-character preposition that
    starts no word of its own ("尤其在移动通信" → 移动通信; not 在线教育)."""
    from .resources import word_tags

    tags = word_tags()
    for q in range(b - 3, a - 1, -1):
        if text[q] in _PREPOSITIONS and text[q : q + 2] not in tags:
            return q + 1
    return a


def _verb_at(text: str, a: int, tags: tuple[str, ...] = ("v", "p")) -> bool:
    from .resources import word_tags

    return word_tags().get(text[a : a + 2], (0, ""))[1] in tags


def _closing_joiner(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """The items split by 、 with the last one split at its conjunction (机械装备制造|和|食品加工):
    a list joins its last item with 和/及/与, while 及 inside an earlier item joins one item's
    words (黄金、轮胎及汽车零部件、电子信息、机械装备制造和食品加工五大主导产业)."""
    if len(items) < 2:
        return None
    a, b = items[-1]
    joiner = _ITEM_SEP.search(text, a, b)
    if joiner is None or joiner.start() == a or joiner.end() == b:
        return None
    return [*items[:-1], (a, joiner.start()), (joiner.end(), b)]


def _after_verb(text: str, a: int, at: int) -> bool:
    """Does the word right before ``at`` (inside the item from ``a``) read as a verb proper
    (形成, not the verbal noun 移动 of 移动通信)?"""
    from .resources import word_tags

    tags = word_tags()
    return any(at - k >= a and tags.get(text[at - k : at], (0, ""))[1] == "v" for k in (2, 3))


def _count(head: str) -> int | None:
    m = _COUNT.search(head)
    if m is None:
        return None
    n = m.group(1)
    return int(n) if n.isdigit() else _COUNTS.get(n) if len(n) == 1 else None


def _counted_list_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Members of a counted list ("医学影像、体外诊断、高值耗材、康复器械四大细分领域")
    that the dictionary lacks: when the list has exactly as many items as it
    says and one of them is a known industry, each other item is a field of
    the same sector, named as written."""
    out: list[_Mention] = []
    for head in _LIST_HEAD.finditer(text):
        n = _count(head.group())
        if _NOT_FIELD_HEAD.search(head.group()):
            continue
        if n is None:
            # ``五金、杯壶、电动工具、智能门业等特色产业``: no count, but a list
            # closed by an industry head whose members are mostly known; of two
            # items, one known names the other (大宗商品、生物医药等重点产业).
            # 和/及 may join words inside one item (造纸及纸制品): split by 、 only
            items = _list_items(text, head.start(), _COUNTED_SEP)
            if len(items) < 2:
                continue
        else:
            items = _list_items(text, head.start(), _COUNTED_SEP)
            if len(items) != n:
                items = _closing_joiner(text, items) or items
            if len(items) != n:
                items = _list_items(text, head.start())
            if len(items) != n and head.group().startswith("等"):
                # ``…、服装、食品饮料、医药保健等15大类行业``: 等 says the items are some of
                # the N, not all of them, so the list is read as an uncounted one
                n = None
                items = _list_items(text, head.start(), _COUNTED_SEP)
            if len(items) < 2 or (n is not None and len(items) != n):
                continue
        a0, b0 = items[0]
        # a long first item is a clause; a short one may still open with its
        # verb (打造|通航装备、航空发动机、无人机三大产业集群)
        opens_with_verb = b0 - a0 > 3 and _verb_at(text, a0)
        if b0 - a0 > _MAX_ITEM or opens_with_verb:
            items[0] = (_trim_first(text, a0, b0), b0)
        elif b0 - a0 > 3 and _verb_at(text, a0, ("d",)) and _after_verb(text, a0, _trim_first(text, a0, b0)):
            # an adverb opens a clause too (现已|培育形成|黄金) where a verb proper ends it;
            # a verbal noun there may open the name (尤其在|移动通信: the preposition's rule below)
            items[0] = (_trim_first(text, a0, b0), b0)
        elif not _NEW_MEMBER.fullmatch(text[a0:b0]):
            # too long for a name: it opens with a preposition (尤其在移动通信)
            items[0] = (_after_preposition(text, a0, b0), b0)
        known = [m for m in mentions if items[0][0] <= m.start and m.span_end <= items[-1][1]]
        if not known or (_FIELD_HEAD.match(head.group()) and not any(m.term.strong for m in known)):
            continue
        if n is None:
            members = {i for i, (a, b) in enumerate(items) if any(a <= m.start < b for m in known)}
            if len(members) < min(2, len(items) - 1) or 2 * len(members) < len(items):
                continue
        sectors = [m.term.sector for m in known]
        sector = max(sectors, key=sectors.count)  # ties: the first listed (a set made it hash-order)
        for a, b in items:
            inside = [m for m in known if a <= m.start < b or a < m.span_end <= b]
            if inside:
                # a weak known member of an accepted list is a field too (…医疗设备、轨道交通等领域)
                for m in inside:
                    if not m.accepted and a <= m.start and m.span_end <= b and b - a <= _MAX_ITEM:
                        m.accepted, m.evidence = True, "list"
                        _as_written(text, m, a, b)
                continue
            if not _NEW_MEMBER.fullmatch(text[a:b]) or _NOT_FIELD.search(text[a:b]):
                continue
            name = _MEMBER_SUFFIX.sub("", text[a:b])
            if len(name) < 2:
                continue
            term = Term(text[a:b], name, sector, False)
            out.append(_Mention(a, a + len(name), b, term, True, "counted-list"))
    return out


# Heads of lists of research topics (…等前沿领域), not of trades.
_RESEARCH_HEAD = re.compile(alternation("industries/research_heads.txt"))
# Domains of public life (科技, 经济, 人才): one of them as a whole item makes a 等…领域 list one
# of areas of policy or cooperation (教育、科技、文化、卫生等领域), naming no trade.
_SOCIETY_DOMAINS = load_words("industries/society_domains.txt")
# Results of research after a 等…领域 list (…等领域实现新突破): topics, not trades; read this far on.
_RESEARCH_RESULTS = load_list("industries/research_results.txt")
_RESULT_REACH = 8
_CLAUSE_CUT = re.compile("[" + re.escape(_CLAUSE_MARKS) + "]")
# An unknown item of a 等…领域 list without a strong member is named only from
# this length on: a shorter one is too general a word (消费, 工业, 推理).
_MIN_LOOSE_FIELD = 4


def _field_list_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Items of a list closed by ``等…领域`` whose items are all short field
    names (two to six characters, no policy word) and one at least a known
    term, though none strong (``合成生物、数字经济、总部楼宇经济等领域``,
    ``宠物食品、宠物医疗及药品、宠物用品等领域``): its weak terms are accepted,
    and its unknown items of four characters or more are fields too, named as
    written. Research topics and clauses (``细胞治疗药物在内的高端生物制品``)
    have a long or unknown item and name nothing. A list of one item that is
    a known term whole (``聚焦数字经济等重点领域``) names that field."""
    out: list[_Mention] = []
    for head in _LIST_HEAD.finditer(text):
        if not _FIELD_HEAD.match(head.group()) or _NOT_FIELD_HEAD.search(head.group()):
            continue
        if _RESEARCH_HEAD.search(head.group()):
            continue
        # …等领域实现新突破: research and engineering topics
        after = _CLAUSE_CUT.split(text[head.end() : head.end() + _RESULT_REACH])[0]
        if any(w in after for w in _RESEARCH_RESULTS):
            continue
        # split by 、 first: the first item's clause may hold a joiner's
        # character (涉及轨道交通)
        items = _list_items(text, head.start(), _COUNTED_SEP)
        quoted = items[0][0] == items[0][1] and len(items) > 1  # 紧盯“电化长江”、合成生物…
        if quoted:
            items = items[1:]
        a0, b0 = items[0]
        if not quoted:
            # the first item opens with the clause's verb and a preposition
            # (集中|在|轨道交通, 覆盖|先进制造)
            if not _NEW_MEMBER.fullmatch(text[a0:b0]) or (b0 - a0 > 3 and _verb_at(text, a0)):
                a0 = _trim_first(text, a0, b0)
            items[0] = (_after_preposition(text, a0, b0), b0)
        # then by 和/及/与 inside an item (宠物医疗及药品, 汽车和医疗)
        items = [part for a, b in items for part in _split_item(text, a, b)]
        # one item, a known term whole (聚焦数字经济等重点领域): the field named
        if len(items) == 1:
            a, b = items[0]
            for m in mentions:
                if (m.start, m.span_end) == (a, b) and not m.accepted:
                    m.accepted, m.evidence = True, "list"
            continue
        if len(items) < 2 or any(a == b for a, b in items):
            continue
        # every item a field's name or a policy word (外贸外资: named by no rule)
        if not all(_NEW_MEMBER.fullmatch(text[a:b]) for a, b in items):
            continue
        # a domain of public life among the items (经济、贸易、科技、文化…等领域): areas of
        # policy or cooperation, where 文化, 金融, 教育 are no trades named
        if any(text[a:b] in _SOCIETY_DOMAINS for a, b in items):
            continue
        by_item = [[m for m in mentions if a <= m.start and m.span_end <= b] for a, b in items]
        known = [m for ms in by_item for m in ms]
        if not known:
            continue
        sectors = [m.term.sector for m in known]
        sector = max(sectors, key=sectors.count)  # ties: the first listed
        for ms, (a, b) in zip(by_item, items, strict=True):
            for m in ms:
                if not m.accepted:
                    m.accepted, m.evidence = True, "list"
                    _as_written(text, m, a, b)
            name = _MEMBER_SUFFIX.sub("", text[a:b])
            if not ms and len(name) >= _MIN_LOOSE_FIELD and _field_name(text[a:b]) and not _ACRONYM.fullmatch(name):
                out.append(_Mention(a, a + len(name), b, Term(text[a:b], name, sector, False), True, "field-list"))
    return out


def _split_item(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """An item's parts joined by 和/及/与 (宠物医疗及药品 -> 宠物医疗, 药品)."""
    parts, pos = [], a
    for sep in _ITEM_SEP.finditer(text, a, b):
        parts.append((pos, sep.start()))
        pos = sep.end()
    parts.append((pos, b))
    return parts


def _field_name(item: str) -> bool:
    """Does a list item look like a field's name (two to six characters or an
    acronym, no policy word)?"""
    return bool(_NEW_MEMBER.fullmatch(item)) and not _NOT_FIELD.search(item)


# A head that opens a list of industries (``主导产业为装备制造、电子信息和新材料``,
# ``特色产业包括五金、杯壶…``): the list runs to the end of the clause.
_OPENING_HEADS = "industries/opening_heads.tsv"
_OPENING_HEAD = re.compile(
    rf"(?:{group_alternation(_OPENING_HEADS, 'heads')})(?:产业|行业)(?:集群)?"
    rf"(?:主要)?(?:{group_alternation(_OPENING_HEADS, 'verbs')})[:\uff1a]?"
    rf"|(?:{group_alternation(_OPENING_HEADS, 'colon_heads')})(?:产业|行业)[:\uff1a]"
    # a policy's development verb opens a list of the trades it develops (重点发展工业软件和工业互联网)
    rf"|(?:{group_alternation(_OPENING_HEADS, 'develop')})"
)


def _opening_lists(text: str) -> list[list[tuple[int, int]]]:
    """Items of the lists that an opening head introduces."""
    out = []
    for head in _OPENING_HEAD.finditer(text):
        start = head.end()
        stops = [i for i in (text.find(c, start) for c in ",\uff0c。;\uff1b\n") if i >= 0]
        end = min(stops, default=len(text))
        if end - start > _MAX_CLAUSE:
            continue
        items, pos = [], start
        for sep in _ITEM_SEP.finditer(text, start, end):
            items.append((pos, sep.start()))
            pos = sep.end()
        items.append((pos, end))
        # the last item may carry a closing word (``…新材料等``, ``…新材料三大产业``)
        a, b = items[-1]
        tail = re.search(r"(?:等|[两二三四五六七八九十\d]大)", text[a:b])
        if tail:
            items[-1] = (a, a + tail.start())
        out.append(items)
    return out


def _accept_opening_lists(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Accept weak members of a list opened by an industry head; when most of
    its items (two or more, at least half of three or more) are known, the
    others are fields too, named as written (as for counted lists)."""
    new: list[_Mention] = []
    for items in _opening_lists(text):
        known = [m for m in mentions if items[0][0] <= m.start and m.span_end <= items[-1][1]]
        hit = set()
        for i, (a, b) in enumerate(items):
            for m in known:
                if a <= m.start and m.span_end <= b and b - a <= _MAX_ITEM:
                    hit.add(i)
                    if not m.accepted:
                        m.accepted, m.evidence = True, "list"
                        _as_written(text, m, a, b)
        mostly_known = len(items) >= 3 and len(hit) >= 2 and 2 * len(hit) >= len(items)
        # short names throughout (主导产业为能源装备、工业装备和现代服务业): one
        # known member names the unknown items of four characters or more, as
        # in a 等…领域 list
        # (a policy word's item, 公共服务, is passed over: no field, but no clause either)
        fields = [(a, b) for a, b in items if not _NOT_FIELD.search(text[a:b])]
        names_only = len(fields) >= 2 and all(_field_name(text[a:b]) for a, b in fields)
        if not mostly_known and not (names_only and hit):
            continue
        shortest = 2 if mostly_known else _MIN_LOOSE_FIELD
        sectors = [m.term.sector for m in known]
        sector = max(sectors, key=sectors.count)  # ties: the first listed (a set made it hash-order)
        for i, (a, b) in enumerate(items):
            if i in hit or not _NEW_MEMBER.fullmatch(text[a:b]) or _NOT_FIELD.search(text[a:b]):
                continue
            name = _MEMBER_SUFFIX.sub("", text[a:b])
            if len(name) >= shortest:
                new.append(_Mention(a, a + len(name), b, Term(text[a:b], name, sector, False), True, "counted-list"))
    return new


def _as_written(text: str, m: _Mention, a: int, b: int) -> None:
    """A list item longer than the known term in it is the field as the text
    names it (机械设备 over 机械, 先进装备制造 over 装备制造, 煤炭开采 over
    煤炭): the longest name the text writes wins. Only an item that looks
    like a field name (two to six characters, no policy word)."""
    item = text[a:b]
    if (a, b) == (m.start, m.span_end) or not _NEW_MEMBER.fullmatch(item) or _NOT_FIELD.search(item):
        return
    name = _MEMBER_SUFFIX.sub("", item)
    if len(name) < 2 or not (a <= m.start and m.end <= a + len(name)) or _place_before(text[a : m.start]):
        return
    m.start, m.end, m.span_end, m.written = a, a + len(name), b, True


# Words of scope before a trade's name (全球|水产, 全市|粮油): no part of it.
_SCOPE_WORDS = frozenset(load_words("industries/scope_words.txt"))
# Division characters that end a place before a term (永康市五金, 全县粮油).
_PLACE_ENDS = load_words("industries/place_end_chars.txt")
# Dictionary tags of words that are no part of a field's name: places, persons,
# organisations, pronouns (本地), numerals with their classifier (一批|轨道交通), times
# (本周|煤炭: when the list's figures hold, not part of the first item's name).
_NOT_NAME_TAGS = frozenset({"ns", "nr", "nt", "r", "m", "t"})


def _place_before(prefix: str) -> bool:
    """Is the part of an item before its known term a place or a pronoun?"""
    from .resources import word_tags

    if not prefix:
        return False
    tags = word_tags()
    # a word of scope (全球, 全市, 本地) says where the trade is, as a place does
    return prefix[-1] in _PLACE_ENDS or tags.get(prefix, (0, ""))[1] in _NOT_NAME_TAGS or prefix in _SCOPE_WORDS


def _accept_closed_lists(text: str, mentions: list[_Mention]) -> None:
    """Accept weak members of lists closed by an industry head noun."""
    pending = [m for m in mentions if not m.accepted]
    if not pending:
        return
    starts = [m.start for m in pending]
    for head in _LIST_HEAD.finditer(text):
        if _NOT_FIELD_HEAD.search(head.group()) or _FIELD_HEAD.match(head.group()):
            continue
        # the clause before the head: back to the last clause mark, at most _MAX_CLAUSE chars
        items = _list_items(text, head.start())
        for i, (a, b) in reversed(list(enumerate(items))):
            for m in pending[bisect_left(starts, a) : bisect_left(starts, b)]:
                if m.accepted or m.span_end > b:
                    continue
                # the member is the item ("造纸") or begins it ("食品饮料"); in a
                # long first item (a clause: "加快发展纺织") it must end it
                if m.span_end == b or (m.start == a and b - a <= _MAX_ITEM):
                    m.accepted, m.evidence = True, "list"
                    # the first item may open with the clause's verb: the field starts after it
                    _as_written(text, m, _trim_first(text, a, b) if i == 0 else a, b)
            if b - a > _MAX_ITEM:
                break


# A list written straight before its head (半导体和OLED产业链, 新能源和智能网联汽车产业):
# the head names every item, as 等…产业 does.
_DIRECT_HEAD = re.compile(alternation("industries/direct_heads.txt"))
# What after the head makes it a park, base or body (…产业园, …行业协会).
_NOT_TRADE_AFTER = load_list("industries/head_blockers.txt")
# A Latin acronym as a list item (OLED, LED, ICT): a field's name.
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")


def _headed_list_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Items of a list closed directly by an industry head (``半导体和OLED产业链``)
    whose items are all dictionary terms or Latin acronyms, one at least a
    term: its weak terms are accepted and its acronyms are fields too, named
    as written, in the terms' sector. A list with other words
    (研发、制造、流通的全产业链; 国家标准和行业标准) is no list of fields."""
    out: list[_Mention] = []
    for head in _DIRECT_HEAD.finditer(text):
        end = head.start()
        if text.startswith(_NOT_TRADE_AFTER, head.end()):
            continue
        items = _list_items(text, end)
        if len(items) < 2:
            continue
        a0, b0 = items[0]
        if b0 - a0 > _MAX_ITEM or (b0 - a0 > 3 and _verb_at(text, a0)):
            items[0] = (_trim_first(text, a0, b0), b0)
        if any(b - a > _MAX_ITEM or a == b for a, b in items):
            continue
        by_item = [[m for m in mentions if a <= m.start and m.end <= b] for a, b in items]
        terms_only = all(
            (ms and ms[0].start == a and max(m.end for m in ms) == b) or _ACRONYM.fullmatch(text[a:b])
            for ms, (a, b) in zip(by_item, items, strict=True)
        )
        known = [m for ms in by_item for m in ms]
        if not terms_only or not known:
            continue
        sectors = [m.term.sector for m in known]
        sector = max(sectors, key=sectors.count)
        for ms, (a, b) in zip(by_item, items, strict=True):
            for m in ms:
                if not m.accepted:
                    m.accepted, m.evidence = True, "list"
            if not ms:
                out.append(_Mention(a, b, b, Term(text[a:b], text[a:b], sector, False), True, "headed-list"))
    return out


# A noun before a list member that is a kind of its trade (设施|农业, 传媒|影视):
# this long at most, a dictionary noun (tag ``n``), and the item starts with it.
_KIND_MAX = 3
_ITEM_STARTS = "、和及与" + _CLAUSE_MARKS


def _kinds_as_written(text: str, mentions: list[_Mention]) -> None:
    """A weak member accepted by its list (``enumeration``/``list``) with a
    common noun right before it that starts the item (设施农业和畜牧业,
    游戏、传媒影视、医疗) is the kind of the trade the text names: the name is
    written from that noun, the longest name the text writes."""
    from .resources import word_tags

    tags = word_tags()
    for m in mentions:
        if not m.accepted or m.written or m.term.strong or m.evidence not in ("enumeration", "list"):
            continue
        for k in range(_KIND_MAX, 1, -1):
            a = m.start - k
            if a < 0 or (a > 0 and text[a - 1] not in _ITEM_STARTS):
                continue
            if tags.get(text[a : m.start], (0, ""))[1] == "n":
                m.start, m.written = a, True
                break


# A run of three items or more split by 、 (航空、芯片、AI、新能源、通信).
_ENUM_RUN = re.compile(rf"[{HAN}A-Za-z0-9]{{1,8}}(?:、[{HAN}A-Za-z0-9]{{1,8}}){{2,}}")
# What ends a run's last item: its clause goes on (通信的交叉, 电商和工业等).
_RUN_TAIL = re.compile(r"[的等]")
# Share of a run's items that must be known terms for its unknown items to be
# fields: two thirds or more.
_KNOWN_SHARE = 2 / 3


def _first_on_a_term(
    item: tuple[int, int], exact: dict[tuple[int, int], _Mention], ends: dict[int, _Mention]
) -> tuple[int, int]:
    """A list's first item, or the term ending where it ends when the item opens
    with its clause's words (而是|航空, 全市|石化): ``exact`` maps each mention's
    (start, span_end) to it, ``ends`` each span_end to a mention ending there."""
    a0, b0 = item
    if item not in exact and b0 in ends and ends[b0].start > a0:
        return (ends[b0].start, b0)
    return item


def _mostly_known_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Unknown items of a 、-list whose items are mostly known terms, one at
    least accepted (航空、芯片、AI、新能源、通信的交叉): a list is of one kind,
    so its other short items (two to six characters, no policy word) are
    fields too, named as written in the known members' sector. A known item
    is a term that is the whole item; the first item may open with its
    clause's words (而是|航空), the last may go on (通信|的交叉) or hold two
    items (电商|和|工业)."""
    exact = {(m.start, m.span_end): m for m in mentions}
    ends = {m.span_end: m for m in mentions}
    out: list[_Mention] = []
    for run in _ENUM_RUN.finditer(text):
        items, pos = [], run.start()
        for sep in re.finditer("、", text[run.start() : run.end()]):
            items.append((pos, run.start() + sep.start()))
            pos = run.start() + sep.end()
        a, b = pos, run.end()
        tail = _RUN_TAIL.search(text, a, b)
        b = tail.start() if tail else b
        items += _split_last(text, a, b)
        if tail and text[tail.start()] == "等" and _RESEARCH_HEAD.search(text, tail.end(), tail.end() + _MAX_ITEM):
            continue  # 量子信息、脑科学、人工智能等世界技术前沿: research topics
        if tail and _LIST_HEAD.match(text, tail.start()):
            continue  # 等…产业, 等…领域: the closed lists' rules read it (造纸及纸制品 one item)
        items[0] = _first_on_a_term(items[0], exact, ends)
        if items[0] not in exact:
            # a first item the dictionary does not know may hold its clause's
            # words (涵盖了制造): no member to name
            items = items[1:]
        known = [exact[i] for i in items if i in exact]
        if len(items) < 3 or len(known) < _KNOWN_SHARE * len(items) or not any(m.accepted for m in known):
            continue
        unknown = [(a, b) for a, b in items if (a, b) not in exact]
        if not all(_NEW_MEMBER.fullmatch(text[a:b]) and not _NOT_FIELD.search(text[a:b]) for a, b in unknown):
            continue
        if any(m.start < b and a < m.span_end for a, b in unknown for m in mentions):
            continue  # an item holding a term is read by the term's own rules
        sectors = [m.term.sector for m in known]
        sector = max(sectors, key=sectors.count)
        for m in known:
            if not m.accepted:
                m.accepted, m.evidence = True, "list"
        for a, b in unknown:
            out.append(_Mention(a, b, b, Term(text[a:b], text[a:b], sector, False), True, "known-list"))
    return out


# What follows the last item of a statistics breakdown by industry: the figure
# (增加值, 营收), the adverbs (分别, 同比, 较快) and the verb of growth (增长, 下降).
_GROWTH_TAIL = re.compile(
    r"(?:产业|行业)?(?:" + alternation("industries/growth_measures.txt") + r")?"
    r"(?:" + alternation("industries/growth_adverbs.txt") + r"){0,2}"
    r"(?:" + alternation("industries/growth_verbs.txt") + ")"
)


def _growth_list_members(text: str, mentions: list[_Mention]) -> None:
    """Accept the weak terms of a list whose items each grow or fall by a
    figure (``石化、食品、电力分别增长7.3%、6.8%、15.8%``, ``先进制造业、现代服务业较快增长``):
    a statistics breakdown by industry names trades, as a list closed by
    ``等…产业`` does. Every item must be a known term (the first may open with
    its clause's words: 全市|石化); a list with an unknown item (消费、投资、出口)
    or with a product's quantity after it (产量, not a growth figure) names nothing."""
    exact = {(m.start, m.span_end): m for m in mentions}
    ends = {m.span_end: m for m in mentions}
    for last in mentions:
        if not _GROWTH_TAIL.match(text, last.span_end):
            continue
        items = _list_items(text, last.span_end)
        if len(items) < 2:
            continue
        items[0] = _first_on_a_term(items[0], exact, ends)
        if not all(i in exact for i in items):
            continue
        for i in items:
            m = exact[i]
            if not m.accepted:
                m.accepted, m.evidence = True, "growth-list"


def _split_last(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The last item of a 、-list, or two where 和/及/与 joins them (电商和工业)."""
    sep = _ITEM_SEP.search(text, a, b)
    if sep and sep.start() > a and sep.end() < b:
        return [(a, sep.start()), (sep.end(), b)]
    return [(a, b)]
