"""Persons: LAC's PER tags, checked and completed by rules.

What LAC gets wrong on economic news, and the rule for each:
- cuts a three-character name before a last character it reads as a word
  (``朱健|和(左)``, ``李争|粉`` at a line end): extended when a boundary follows;
- glues a preposition to a name (``张清从 AI …``): trimmed;
- tags brand names, quoted slogans, transliterations and direction phrases
  (``西井``, ``“卓粤”计划``, ``高斯``, ``向西``): dropped when the name is
  part of an organization the text names, is quoted, has no Chinese family
  name, or reads as a transliteration;
- misses names that a title makes certain (``记者 王永前 何欣荣``,
  ``负责人危夷展,``, ``主任尤肖虎表示``): recovered by pattern.

- reads runs of province and city abbreviations as names (``沪|苏浙皖各扬
  所长``, ``川渝两地``): dropped (three or more abbreviations, or two the text
  uses as places).
- reads a news site's or app's brand as a name (``金投财经APP``,
  ``作者：金投`` beside ``金投网``): a name followed by 财经, APP, 客户端 or
  新闻 (not 新闻发布会), or written elsewhere with such a tail or 网, is
  dropped.

- reads brands as names (专业防晒品牌安热沙, “华鲁青果”牌): a name opening an
  item after 品牌 (or of the 、-list it opens) is a brand wherever the text
  writes it; so is a name opening a quoted phrase followed by 牌.
- reads a name made on a place as a person (西部|陆海新通道): a name run on
  from a place's written form, with no title before it, is dropped.
- misses foreign names in Latin letters (首席财务官Ian Borden表示): taken
  after a title word.
- reads the names of an editor's, reviser's or translator's credit
  (``发稿 张喜良；审校 乔艳红``, ``编译 许娜/王琛``; persons/editor_labels.txt)
  as people: dropped (page furniture, as the contract's gold has it).

The title is the role written right before the name, back to the previous
clause mark (``华中科技大学教授`` for ``华中科技大学教授陆培祥``); brackets
inside a company's name (``…(苏州)有限公司董事长``) are no clause mark, and
two roles joined by ``、`` are both kept (``…所长、研究员``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection

from docpipe.contact_names import contact_names
from docpipe.document import Entity
from docpipe.family_names import family_name_length, family_names
from docpipe.textclasses import HAN, all_han
from docpipe.wordlists import alternation, load_list, load_words

from .analysis import Analysis
from .candidates import Candidate, Found, candidates
from .ner import LacWord
from .persons_credits import credit_spans, editor_credit_spans, on_credit
from .region_script import simplified
from .resources import region_tables, word_tags
from .script_view import as_written, simplified_view
from .unit_offices import before_its_own_office

# Role words a title ends with (longest match wins in the regex).
TITLE_WORDS = load_list("persons/titles.txt")
_TITLE_ALT = "|".join(sorted(set(TITLE_WORDS), key=len, reverse=True))
# Words before a title that are not part of it (在…担任, 据…介绍).
_TITLE_LEAD = re.compile(rf"^(?:{alternation('persons/title_lead_words.txt')})")

# What may follow a name a title announces.
_AFTER_NAME = "(?=" + alternation("persons/after_name.txt") + r"|[,，。、;；:：(（\s”\"]|$)"

# Byline: 记者 followed by one or more names separated by spaces; the run stops
# at the next label, a byline's or an editor's (whose names are no mention).
_BYLINE_LABELS = alternation("persons/byline_labels.txt")
_CREDIT_LABELS = _BYLINE_LABELS + "|" + alternation("persons/editor_labels.txt")
_BYLINE = re.compile(
    rf"(?:{_BYLINE_LABELS}|文(?=\s*[|/｜]))[\s:：|/｜]*"
    rf"((?:(?!(?:{_CREDIT_LABELS}))[{HAN}]{{2,3}}(?:[ \u3000]+|$|(?=[\n)）】]))){{1,6}})"
)
# One-character words that end a name-with-preposition glued by LAC.
_TRAILING_PREPOSITIONS = load_words("persons/trailing_prepositions.txt")
# Characters typical of transliterated foreign names and rare as a given name.
_TRANSLITERATION = load_words("persons/transliteration_chars.txt")
_DIRECTIONS = re.compile(r"^[向往朝][东南西北]")
# A side of a place (长|江以北, 黄|河以南): 以 and a direction is no given name.
_SIDE_OF = re.compile(r"^以[东南西北]$")
# The first part of a foreign name written with a middle dot (沃伦|·巴菲特, 埃隆 ·马斯克):
# a fragment of the name, no person by itself.
_DOTTED_NEXT = re.compile(rf"[ \u3000]?[·•][ \u3000]?[{HAN}]")
_DOT = re.compile("[·•]")
# The rest of a foreign name LAC splits off its first part (约翰/PER ·鲁珀特/w, 班哲明/PER ·凯瑟克/w):
# one word of a dot and two to six Han characters.
_DOTTED_REST = re.compile(rf"[·•][{HAN}]{{2,6}}")
# A given name joined by a hyphen (弗朗索瓦/PER -/w 亨利·皮诺/PER): the whole name is one.
_HYPHENS = frozenset("-‐－")
# Abbreviations of this domain LAC likes to read as names (高新 of 高新区).
_NOT_NAMES = load_words("persons/not_names.txt")
_ROLES = load_words("persons/titles.txt")
# One-character abbreviations of provinces and big cities (沪苏浙皖, 京津冀,
# 川渝): a "name" made only of them is a group of places.
_PLACE_ABBREVIATIONS = load_words("regions/place_abbreviations.txt")
# What follows a two-character run of abbreviations read as places
# (川渝两地, 苏浙各扬所长, 京津协同, 闽粤合作).
_AFTER_PLACES = re.compile("^(?:" + alternation("persons/after_places.txt") + ")")


def place_abbreviations(text: str, start: int, end: int) -> bool:
    """The span is a run of place abbreviations, not a name: three or more
    (沪苏浙皖), or two that the text uses as places (川渝两地, 苏浙各扬所长) or
    that continue a run (沪|苏浙皖)."""
    name = text[start:end]
    if len(name) < 2 or not all(ch in _PLACE_ABBREVIATIONS for ch in name):
        return False
    if len(name) >= 3:
        return True
    before = text[start - 1 : start] if start else ""
    after = text[end : end + 1]
    return (
        (before in _PLACE_ABBREVIATIONS and before != "")
        or (after in _PLACE_ABBREVIATIONS and after != "")
        or bool(_AFTER_PLACES.match(text[end : end + 4]))
    )


# Company-form endings stripped to find the short form an article also uses
# (北高速公司 → 北高速).
_LEGAL_FORMS = alternation("organizations/legal_forms.txt")
_ORG_FORMS = re.compile(rf"({_LEGAL_FORMS})$")


def load_resources() -> tuple[frozenset[str], frozenset[str]]:
    """(single, compound) Chinese family names, loaded once per process."""
    return family_names()


_surname_len = family_name_length


# The jieba frequency from which a two-character word is an ordinary word, no name
# (the parks' rule for a county's short form, 6d3ba4c, uses the same bound).
_COMMON_WORD = 500
# A given name the text withholds (何某, 赵某某): an anonymised name, no person.
_ANONYMOUS_GIVEN = load_words("persons/anonymous_given.txt")
# A form of address after a family name (王女士, 刘先生): an address, no name.
_HONORIFICS = load_words("persons/honorifics.txt")
# A verb of saying after a family-name character (分析师|曾表示): no given name.
_SAYING = frozenset(w for w in load_words("persons/after_name.txt") if len(w) == 2)


def plausible_name(name: str) -> bool:
    """A Chinese personal name: Han characters, a known family name, one or
    two characters of given name, not a transliteration or direction."""
    if "·" in name or "•" in name:
        # A transliterated foreign name (埃隆·马斯克): Han parts around the dot (and a hyphen
        # inside a given name, 弗朗索瓦-亨利·皮诺).
        parts = re.split(r"[·•]|(?<=[^·•])[-‐－](?=[^·•])", name)
        return (
            len(parts) <= 4
            and all(2 <= len(p) <= 6 or (len(p) == 1 and i == 0) for i, p in enumerate(parts))
            and all(all_han(p) for p in parts)
        )
    if not all_han(name) or not 2 <= len(name) <= 4:
        return False
    surname = _surname_len(name)
    if not surname:
        return False
    given = name[surname:]
    if not 1 <= len(given) <= 2:
        return False
    if sum(ch in _TRANSLITERATION for ch in given) >= 1 and len(given) == 1:
        return False
    if all(ch in _ANONYMOUS_GIVEN for ch in given) or given in _HONORIFICS or given in _SAYING:
        return False
    if _DIRECTIONS.match(name) or _SIDE_OF.match(given) or name in _NOT_NAMES:
        return False
    # 董秘, 向记者 (向 a surname, 记者 the role): a role word is no given name.
    if name in _ROLES or given in _ROLES:
        return False
    # 书记明确表示, 董事长高兴地: a frequent word of the dictionary (jieba) is no
    # two-character name (names in it are rare words: 周波 8, 吴起 49).
    return len(name) != 2 or word_tags().get(name, (0, ""))[0] < _COMMON_WORD


# LAC's tags of an ordinary word: a noun, verb, adjective or adverb (not a proper
# noun, nz, nor a place or organization).
_COMMON_TAGS = frozenset({"n", "v", "vn", "vd", "a", "ad", "an", "d"})


def _read_as_common_words(words: list[LacWord]) -> frozenset[str]:
    """The strings LAC tags as a name less often than as an ordinary word in
    the same text (陆风 a noun four times, a name once: 陆风核准高增): the two
    readings disagree and most say it is no name."""
    per: dict[str, int] = {}
    other: dict[str, int] = {}
    for w in words:
        if w.tag == "PER":
            per[w.text] = per.get(w.text, 0) + 1
        elif w.tag in _COMMON_TAGS:
            other[w.text] = other.get(w.text, 0) + 1
    return frozenset(t for t, n in per.items() if other.get(t, 0) > n)


def _boundary_after(text: str, pos: int) -> bool:
    return pos >= len(text) or bool(re.match(_AFTER_NAME, text[pos:]))


def _dotted_end(words: list[LacWord], i: int) -> int:
    """The end of a foreign name whose first part is LAC's PER word ``i`` and whose rest LAC reads
    as the next word (``约翰/PER ·鲁珀特/w``), or as a dotted name after a hyphen
    (``弗朗索瓦/PER -/w 亨利·皮诺/PER``); the word's own end otherwise. A rest that is a frequent
    word of the dictionary (中国·东盟) is no part of a name."""
    end = words[i].end
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt is None or nxt.start != end:
        return end
    if _DOTTED_REST.fullmatch(nxt.text):
        rest = nxt.text[1:]
        return nxt.end if word_tags().get(rest, (0, ""))[0] < _COMMON_WORD else end
    after = words[i + 2] if i + 2 < len(words) else None
    if nxt.text in _HYPHENS and after is not None and after.start == nxt.end and after.tag == "PER":
        return after.end if _DOT.search(after.text) else end
    return end


def _run_into_a_name(words: list[LacWord], i: int, end: int) -> bool:
    """A two-character PER word run straight into another PER word (高皇|刘新养牛户, 姜黄 …): a
    village or unit before the person, whom the next word names; two people are written apart."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else None
    return (
        end == w.end
        and len(w.text) == 2
        and nxt is not None
        and nxt.start == end
        and nxt.tag == "PER"
        and plausible_name(nxt.text)
    )


def _fix_span(text: str, words: list[LacWord], i: int) -> tuple[int, int]:
    """The name's span after repairing LAC's cuts at its end."""
    w = words[i]
    start, end = w.start, w.end
    dotted = _dotted_end(words, i)
    if dotted != end:
        return start, dotted
    name = w.text
    if len(name) == 3 and name[-1] in _TRAILING_PREPOSITIONS and _surname_len(name) == 1:
        return start, end - 1
    # A three-character name run on into the next word of two characters or more
    # (免去黄洁莉|顺风车事业部总经理职务, 马斯克|Neuralink): the name ends after three.
    if len(name) >= 5 and not plausible_name(name) and plausible_name(name[:3]) and _surname_len(name) == 1:
        return start, start + 3
    # A two-character name followed by one lone character and then a boundary
    # (punctuation, a bracket, a verb of saying, end of line) lost that character.
    if len(name) == 2 and _surname_len(name) == 1 and i + 1 < len(words):
        nxt = words[i + 1]
        if (
            nxt.start == end
            and len(nxt.text) == 1
            and all_han(nxt.text)
            and nxt.tag not in {"p", "c", "u", "d", "v", "f", "w", "xc"} | {"PER"}
            and _boundary_after(text, nxt.end)
        ):
            return start, nxt.end
        if nxt.start == end and nxt.text == "和" and text[nxt.end : nxt.end + 1] in {"(", "（"}:
            return start, nxt.end
        if nxt.start == end and _title_then_verb(words, i + 2, nxt):
            return start, nxt.end
    return start, end


# The tags of a lone character that is never a name's last (a preposition,
# particle, verb, adverb, punctuation, another name).
_NOT_NAME_END_TAGS = frozenset({"p", "u", "v", "d", "w", "xc", "PER"})
# What may follow the title after a name: a verb or adverb, a mark, nothing.
_AFTER_TITLE_TAGS = frozenset({"v", "vd", "d", "w", "p"})
# Nouns of a post after a title (…副总裁职务): they end the title as a verb would.
_POST_WORDS = load_words("persons/post_words.txt")


def _title_then_verb(words: list[LacWord], j: int, lone: LacWord) -> bool:
    """``朱健|和|总经理|出席``: a two-character name, one lone character and a
    title word followed by a verb or a mark; the lone character ends the name.
    Not when a name follows the title (``张伟|和|总经理|李明``: a conjunction)."""
    if len(lone.text) != 1 or not all_han(lone.text) or lone.tag in _NOT_NAME_END_TAGS:
        return False
    if j >= len(words) or words[j].start != lone.end:
        return False
    if (
        words[j].text not in _ROLES
        and words[j].tag == "n"
        and j + 1 < len(words)
        and words[j + 1].start == words[j].end
        and words[j + 1].text in _ROLES
    ):
        j += 1  # a department before the role (``黄金|红|客服|副总裁|职务``)
    if words[j].text not in _ROLES:
        return False
    return j + 1 >= len(words) or words[j + 1].tag in _AFTER_TITLE_TAGS or words[j + 1].text in _POST_WORDS


_NAME_BRACKETS = re.compile(rf"[(（]([{HAN}]{{2,8}})[)）](?={_LEGAL_FORMS}|分公司)")
_CLAUSE_MARKS = re.compile(r"[,，。;；:：、!！?？“”\"《》【】()（）\n]")


def _ends_with_name(piece: str) -> bool:
    """``记者 王永前``: a piece that ends with a person, not a role."""
    tail = piece.split()[-1] if piece.split() else piece
    return tail != piece and plausible_name(tail)


def title_before(text: str, start: int) -> str | None:
    """The role written right before a name, back to the previous clause
    mark, if it ends with a known title word."""
    window = text[max(0, start - 60) : start]
    # A place in brackets inside a company's name (康瑞医疗(苏州)有限公司) is
    # no clause mark: mask its brackets (same length) before splitting.
    masked = _NAME_BRACKETS.sub(lambda m: "\0" + m.group(1) + "\0", window)
    # The title starts after the last clause mark; offsets in ``masked`` are
    # offsets in ``window`` (masking keeps the length).
    marks = [m.start() for m in _CLAUSE_MARKS.finditer(masked)]
    begin = marks[-1] + 1 if marks else 0
    left = window[begin:].strip()
    if not left:
        return None
    if not re.search(rf"(?:{_TITLE_ALT})$", left.replace(" ", "") if left.endswith(" ") else left):
        return None
    # Two roles joined by 、 (苏州医工所所长、研究员): the role before the mark
    # belongs to the same person when it too ends with a title word and does
    # not end with another person's name.
    if marks and masked[marks[-1]] == "、":
        prev_begin = marks[-2] + 1 if len(marks) >= 2 else 0
        prev = window[prev_begin : marks[-1]].strip()
        if prev and re.search(rf"(?:{_TITLE_ALT})$", prev) and not _ends_with_name(prev):
            left = window[prev_begin:].strip()
    # 这家公司的创始人: the role is what follows the last 的.
    left = left.rsplit("的", 1)[-1]
    title = _TITLE_LEAD.sub("", left).strip()
    return title or None


def _org_strings(words: list[LacWord]) -> set[str]:
    orgs = {w.text.strip() for w in words if w.tag == "ORG" and len(w.text.strip()) >= 2}
    stems = {_ORG_FORMS.sub("", o) for o in orgs}
    return orgs | {s for s in stems if len(s) >= 2}


# A brand of a news site or app, not a person (金投财经APP, 金投客户端):
# what follows the name right here ...
_BRAND_MARKS = alternation("persons/brand_marks.txt")
_BRAND_AFTER = re.compile(_BRAND_MARKS + r"|新闻(?!发布|发言)")
# ... or where the text writes the same name elsewhere (金投网 beside
# 作者：金投).
_BRAND_ELSEWHERE = re.compile(_BRAND_MARKS + r"|新闻网|网(?![点络格友民页站上下内外])|资讯")


def brand_not_person(text: str, start: int, end: int) -> bool:
    """The name is a media brand: followed here by 财经/APP/客户端/新闻, or
    written elsewhere in the text with such a tail (or 网, 资讯)."""
    if _BRAND_AFTER.match(text, end):
        return True
    return _brand_elsewhere(text, text[start:end])


# The answer per name for the one text being read (a process reads one at a
# time): a text that writes a name thousands of times is searched once for
# it, not once per mention (that was quadratic, issue #15).
_ELSEWHERE: tuple[str, dict[str, bool]] = ("", {})


def _brand_elsewhere(text: str, name: str) -> bool:
    global _ELSEWHERE
    seen_text, seen = _ELSEWHERE
    if seen_text is not text:
        seen = {}
        _ELSEWHERE = (text, seen)
    found = seen.get(name)
    if found is None:
        found = seen[name] = any(_BRAND_ELSEWHERE.match(text, m.end()) for m in re.finditer(re.escape(name), text))
    return found


# A brand named after a brand word (专业防晒品牌安热沙, Next5品牌：安热沙、三宅一生): the run up to
# the next clause mark, its items split at 、.
_BRAND_RUN = re.compile(rf"(?:{alternation('persons/brand_heads.txt')})[:：]?\s*([^，,。；;！!？?\n]{{2,60}})")
_BRAND_ITEM_MARKS = re.compile(r"[、]|和|及")
_QUOTED_BRAND_TAIL = re.compile(rf"[^“”\"\n]{{0,12}}[”\"](?:{alternation('persons/brand_tails.txt')})")


def brand_items(text: str) -> tuple[str, ...]:
    """The items a brand word introduces: a name any of them opens is a brand."""
    items: list[str] = []
    for m in _BRAND_RUN.finditer(text):
        items.extend(i.strip() for i in _BRAND_ITEM_MARKS.split(m.group(1)) if i.strip())
    return tuple(items)


def _brand_name(text: str, start: int, end: int, brands: tuple[str, ...]) -> bool:
    """A brand, no person: an item after a brand word opens with the name
    (品牌安热沙（ANESSA）), or the name opens a quoted phrase followed by
    牌 (“华鲁青果”牌)."""
    name = text[start:end]
    if any(item.startswith(name) for item in brands):
        return True
    return start > 0 and text[start - 1] in '“"' and bool(_QUOTED_BRAND_TAIL.match(text, end))


# A publisher's ranking or index right after a name (胡润|全球富豪榜, 彭博|亿万富翁指数).
_RANKING = re.compile(rf"[{HAN}]{{0,6}}?(?:{alternation('persons/ranking_words.txt')})")


def _ranking_brand(text: str, end: int, tags: dict[int, str]) -> bool:
    """The name opens the title of a ranking or an index (胡润全球富豪榜): the
    publisher's brand. Not when a verb follows the name (张三|登上|胡润榜)."""
    return bool(_RANKING.match(text, end)) and not tags.get(end, "").startswith("v")


def _rejected_by_context(text: str, start: int, end: int, orgs: set[str]) -> bool:
    name = text[start:end]
    if brand_not_person(text, start, end) or before_its_own_office(text, start, end):
        return True
    # Quoted alone: a slogan or plan name (“卓粤”计划), not a person.
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    if before and after and before in "“\"'‘" and after in "”\"'’":
        return True
    for org in orgs:
        if (org.startswith(name) and len(org) > len(name)) or org == name:
            # The name begins an organization's name (西井 of 西井科技).
            return True
        # The name overlaps a mention of an organization (需求方北高速 → 北高速).
        lo = max(0, start - len(org) + 1)
        idx = text.find(org, lo, end + len(org) - 1)
        if idx != -1:
            return True
    return False


# What may stand after a listed name (the next mark, the list's closer, a
# conjunction) and before the first one (a clause mark, a space).
_LIST_AFTER = frozenset("、等及和与，,。；;：:）)\n \u3000")
_LIST_BEFORE = frozenset("、，,。；;：:（(\n \u3000")
_TITLE_END = re.compile(rf"(?:{_TITLE_ALT})$")
# A title ending at a position lies within this many characters before it: the
# search for one looks back no further (not from the text's start each time).
_TITLE_MAX = max(map(len, TITLE_WORDS))
# Two-character conjunctions a listed name's last character may open (黄超|以及).
_CONJUNCTIONS = ("以及", "及其")
# The word closing a list of people (万鼎|等): never a listed name's last character.
_LIST_CLOSERS = load_words("persons/list_closers.txt")


def _listed_name(text: str, a: int, b: int, orgs: set[str]) -> bool:
    # An organization the text names around the item (LAC's own ORG on exactly
    # the item is its misreading of a listed name, 吴家农)
    name = text[a:b]
    if len(name) == 3 and (
        name[-1] in _TRAILING_PREPOSITIONS or name[-1] in _LIST_CLOSERS or text.startswith(_CONJUNCTIONS, b - 1)
    ):
        return False  # 黄超|以及, 张清|从, 万鼎|等: a two-character name and the next word
    inside_org = any(name in o and name != o for o in orgs)
    return plausible_name(name) and not inside_org and name not in region_tables().forms


def _listed_names(text: str, found: list[tuple[int, int]], orgs: set[str]) -> list[tuple[int, int]]:
    """Names listed with a found person (``领导吴锦、方晓阳、胡敏、王建华等``):
    LAC tags the first, after its title, and often not the rest. From each
    found name, the items joined to it by 、 are names too when each is a
    plausible Chinese name (family name, one or two given characters) with a
    list mark or closer after it (before it, for the items to the left: a
    clause mark or a title), and no place or organization the text names."""
    out: list[tuple[int, int]] = []
    for s, e in found:
        pos = e
        while pos < len(text) and text[pos] == "、":
            nxt = next(
                (
                    (pos + 1, pos + 1 + k)
                    for k in (3, 2)
                    if pos + 1 + k <= len(text)
                    and (pos + 1 + k == len(text) or text[pos + 1 + k] in _LIST_AFTER)
                    and _listed_name(text, pos + 1, pos + 1 + k, orgs)
                ),
                None,
            )
            if nxt is None:
                break
            out.append(nxt)
            pos = nxt[1]
        pos = s
        while pos > 0 and text[pos - 1] == "、":
            prev = next(
                (
                    (pos - 1 - k, pos - 1)
                    for k in (3, 2)
                    if pos - 1 - k >= 0
                    and (
                        pos - 1 - k == 0
                        or text[pos - 2 - k] in _LIST_BEFORE
                        or bool(_TITLE_END.search(text, max(0, pos - 1 - k - _TITLE_MAX), pos - 1 - k))
                    )
                    and _listed_name(text, pos - 1 - k, pos - 1, orgs)
                ),
                None,
            )
            if prev is None:
                break
            out.append(prev)
            pos = prev[0]
    return out


# A doctrine named after a leader (习近平|新时代中国特色社会主义思想): nouns after the name
# up to a doctrine's head (persons/doctrine_heads.txt), no verb between (张三|研究|量子理论
# keeps 张三).
_DOCTRINE_HEADS = tuple(load_list("persons/doctrine_heads.txt"))
_NOMINAL_TAGS = frozenset({"n", "nz", "a", "an", "t", "f", "LOC"})
_DOCTRINE_WORDS = 6


def _opens_a_doctrine(words: list[LacWord], at: dict[int, int], end: int) -> bool:
    """The name is the first word of a doctrine's name: the words after it
    (at most six) are nouns or adjectives and the last ends with a doctrine's
    head."""
    i = at.get(end)
    if i is None:
        return False
    for w in words[i : i + _DOCTRINE_WORDS]:
        if w.text.endswith(_DOCTRINE_HEADS) and w.start == end:
            return True
        if w.start != end or w.tag not in _NOMINAL_TAGS:
            return False
        end = w.end
    return False


# A notice's field naming the holder of a legal role (法定代表人：曾某某): the name after
# the label and its colon, closed by a space, a mark or the line's end (the label may
# follow the previous field's value with no break: …乃琼镇加木沟村法定代表人：…).
_FIELD = re.compile(
    rf"(?:{alternation('persons/field_labels.txt')})[ \u3000\xa0]*[:：][ \u3000\xa0]*"
    rf"([{HAN}]{{2,4}})(?=[\s,，;；/、。]|$)",
    re.M,
)


def _field_name(name: str) -> bool:
    """A plausible name, or four characters no dictionary word (多吉罗布: a
    Tibetan name, no family name of our list)."""
    return plausible_name(name) or (len(name) == 4 and name not in word_tags())


def _after_place(text: str, start: int) -> bool:
    """Run on from a place's name with no mark or title between (西部|陆海新通道):
    part of a name made on the place, no person."""
    forms = region_tables().forms
    return (
        any(text[start - k : start] in forms for k in range(2, 6) if start - k >= 0)
        and title_before(text, start) is None
    )


def _opens_with_city(name: str) -> bool:
    """A three-character "name" opening with a city's or province's written
    form (川藏铁路林芝段): a part of the place, no person."""
    places = region_tables().forms.get(name[:2], [])
    return len(name) == 3 and any(p.level in ("province", "city") for p in places)


_ITEM_END = re.compile(r"[、，,。；;：:\s（(）)]")


# A firm's word after a name, then a role in the same clause (麦星|投资高级合伙人); not across a 的
# (李四控股的公司董事长: 李四 holds the firm).
_FIRM_BEFORE_ROLE = re.compile(
    rf"(?:{alternation('persons/firm_tails.txt')})(?:(?!的)[{HAN}A-Za-z]){{0,8}}?(?:{_TITLE_ALT})"
)


def _firm_short_name(text: str, end: int) -> bool:
    """The name is a firm's short name: a firm's word follows it and a role after that, in the
    same clause (麦星投资高级合伙人邬炜, 高榕资本创始合伙人张震: the partner is the next name)."""
    return bool(_FIRM_BEFORE_ROLE.match(text, end))


def _listed_with_place(text: str, start: int, end: int) -> bool:
    """Listed with 、 beside a place's written form (秋浦、江州、九华府): an
    old or informal place name in a list of places, no person."""
    forms = region_tables().forms
    if text[end : end + 1] == "、":
        m = _ITEM_END.search(text, end + 1, end + 9)
        if m is not None and text[end + 1 : m.start()] in forms:
            return True
    if start > 0 and text[start - 1] == "、":
        left = max(0, start - 9)
        marks = [m.end() for m in _ITEM_END.finditer(text, left, start - 1)]
        item = text[marks[-1] if marks else left : start - 1]
        if marks and item in forms:
            return True
    return False


_TITLE_IS_NAME = re.compile(
    rf"(?:{_TITLE_ALT})(?:{alternation('persons/copulas.txt')})([{HAN}]{{2,3}}?)(?=[,，。;；、(（\n]|$)"
)
_TITLE_LATIN = re.compile(
    rf"(?:{_TITLE_ALT})[:：]?\s?([A-Z][a-z]+(?: [A-Z][a-zA-Z'-]+){{1,2}})(?=[{HAN}\s,，。;；:：(（]|$)"
)


def _entity(text: str, start: int, end: int, name: str | None = None) -> Entity:
    """``name`` when it differs from the span's text (a space inside it, 彭 丹)."""
    written = text[start:end]
    attributes: dict[str, str] = {}
    title = title_before(text, start)
    if title:
        attributes["title"] = title
    return Entity(type="person", text=written, name=name or written, start=start, end=end, attributes=attributes)


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    model_persons = [(s.start, s.end) for s in a.model_spans if s.label == "person"]
    # Traditional script is read on its simplified view (same offsets): the family names, titles and
    # word lists are simplified only (市長劉建軍, 選舉孫來華先生 read as written gave no person).
    view = simplified_view(a)
    in_lists = a.organizations_in_lists if view is a else {simplified(n) for n in a.organizations_in_lists}
    persons = find_persons(view.text, list(view.lac), in_lists, model_persons)
    if view is not a:
        persons = [_title_as_written(a.text, view.text, e) for e in persons]
    return candidates(as_written(a, view, persons), "persons")


def _title_as_written(text: str, view: str, person: Entity) -> Entity:
    """``person`` found on ``view`` with its title as ``text`` writes it (same offsets: the title
    is the view's run before the name)."""
    title = person.attributes.get("title")
    at = view.rfind(title, 0, person.start) if title else -1
    if title is None or at < 0:
        return person
    return person.model_copy(update={"attributes": {**person.attributes, "title": text[at : at + len(title)]}})


# What follows a name a title announces (表示, 指出, 出席 …): it vouches for a name too.
_WORD_AFTER_NAME = re.compile(alternation("persons/after_name.txt"))
# A title word after a name, in its clause (免去黄洁莉|顺风车事业部总经理职务): the
# role written after the name.
_TITLE_AFTER = re.compile(rf"[^,，。;；:：、!！?？\n]{{0,12}}?(?:{_TITLE_ALT})")


def _speaker(text: str, start: int, end: int) -> bool:
    """A name opening a line and closed by a colon (``高航：我们开始这个环节``): a transcript's speaker."""
    return (start == 0 or text[start - 1] == "\n") and text[end : end + 1] in (":", "：")


def _unvouched(text: str, spans: list[tuple[int, int]], model_persons: list[tuple[int, int]]) -> set[str]:
    """The names LAC alone reads, at every mention: the second model reads no
    person over any of them, no title stands before or after any in its
    clause, no word a name takes follows (表示, 指出: persons/after_name.txt)
    and none speaks a line of a transcript (高航：…)
    (高擎|创新旗帜, 江右商|帮, 陆风核准|高增): one source, no cue."""
    starts = [s for s, _ in model_persons]
    vouched: set[str] = set()
    names: set[str] = set()
    for s, e in spans:
        name = text[s:e]
        names.add(name)
        i = bisect_left(starts, s + 1) - 1
        if (
            (i >= 0 and model_persons[i][0] <= s and e <= model_persons[i][1])
            # a name written with the dot of a foreign name (达林·约翰逊): its form is the cue
            or bool(_DOT.search(name))
            or title_before(text, s) is not None
            or _TITLE_AFTER.match(text, e)
            or _WORD_AFTER_NAME.match(text, e)
            or _speaker(text, s, e)
        ):
            vouched.add(name)
    # a cut of a vouched name (史占|中 beside 首席专家史占中) is that person, made whole below
    return {n for n in names - vouched if not any(v.startswith(n) for v in vouched)}


_TITLE_BEFORE_HAN = re.compile(rf"(?:{_TITLE_ALT})(?=[{HAN}])")
# LAC's tags of the word that may follow a name it cut into ordinary words: a
# preposition, adverb or conjunction (管|超|有些犯愁, 居|学成|对记者说) opens the
# clause's predicate; a verb or noun could still be the name's last character.
_AFTER_CUT_TAGS = frozenset({"p", "d", "c"})
# LAC's tags no character of such a name has: a proper noun of another kind,
# punctuation, a number or a time.
_NOT_IN_CUT_NAME = frozenset({"ORG", "LOC", "PER", "w", "m", "TIME", "nz", "q"})


def _cut_after_a_title(text: str, words: list[LacWord], orgs: set[str]) -> list[tuple[int, int]]:
    """Names right after a title word that LAC read as ordinary words
    (执行会长|居|学成|对, 负责人|管|超|有些): two or three characters starting at
    a word's start and ending at a word's end, of more than one word, before a
    preposition, adverb or conjunction (or a word a name takes, 表示), a
    plausible name (a known family name, no common word)."""
    at = {w.start: i for i, w in enumerate(words)}
    out: list[tuple[int, int]] = []
    for m in _TITLE_BEFORE_HAN.finditer(text):
        s = m.end()
        i = at.get(s)
        if i is None:
            continue
        j, e = i, s
        while j < len(words) and e - s < 3:
            w = words[j]
            if w.tag in _NOT_IN_CUT_NAME or not all_han(w.text) or w.start != e:
                break
            e, j = w.end, j + 1
            if e - s < 2 or e - s > 3 or j - i < 2 or j >= len(words):
                continue
            nxt = words[j]
            if nxt.start != e or not (nxt.tag in _AFTER_CUT_TAGS or nxt.text == "的" or _boundary_after(text, e)):
                continue
            if plausible_name(text[s:e]) and not _rejected_by_context(text, s, e, orgs):
                out.append((s, e))
                break
    return out


def find_persons(
    text: str,
    words: list[LacWord],
    organizations_in_lists: Collection[str],
    model_persons: list[tuple[int, int]] | None = None,
) -> list[Entity]:
    """Persons of ``text``; ``organizations_in_lists`` are names the
    organizations' list rules make organizations (the analysis slot of that
    name): ``卓胜微`` in ``…、卓胜微、…等上市企业`` is a company, not a person;
    ``model_persons`` the second model's person spans (None: not asked, every
    name LAC reads may stand alone)."""
    orgs = _org_strings(words) | set(organizations_in_lists)
    spans: dict[tuple[int, int], None] = {}
    common = _read_as_common_words(words)
    for i, w in enumerate(words):
        if w.tag != "PER":
            continue
        start, end = _fix_span(text, words, i)
        name = text[start:end]
        # A title right before vouches for a name whose family name our list
        # lacks (河南省委书记楼阳生), or a foreign name of four characters (社长|内藤晴夫).
        vouched = all_han(name) and 2 <= len(name) <= 4 and title_before(text, start) is not None
        if not (plausible_name(name) or vouched) or _rejected_by_context(text, start, end, orgs):
            continue
        if w.text in common and not vouched:
            continue
        if _run_into_a_name(words, i, end) and not vouched:
            continue
        spans[(start, end)] = None
    if model_persons is not None:
        alone = _unvouched(text, list(spans), sorted(model_persons))
        for span in [x for x in spans if text[x[0] : x[1]] in alone]:
            del spans[span]

    for m in _BYLINE.finditer(text):
        for nm in re.finditer(rf"[{HAN}]{{2,3}}", m.group(1)):
            s, e = m.start(1) + nm.start(), m.start(1) + nm.end()
            if plausible_name(nm.group()) and not brand_not_person(text, s, e):
                spans.setdefault((s, e), None)

    # a title, a colon a notice's field may put after it (董事长：王建国), the name
    title_name = re.compile(rf"(?:{_TITLE_ALT})[:：]?\s?([{HAN}]{{2,3}}?){_AFTER_NAME}")
    for m in title_name.finditer(text):
        s, e = m.span(1)
        name = m.group(1)
        if len(name) == 3 and name[-1] in _TRAILING_PREPOSITIONS:
            continue
        if plausible_name(name) and not _rejected_by_context(text, s, e, orgs):
            spans.setdefault((s, e), None)

    for span in _cut_after_a_title(text, words, orgs):
        spans.setdefault(span, None)

    for m in _FIELD.finditer(text):
        s, e = m.span(1)
        if _field_name(m.group(1)) and not _rejected_by_context(text, s, e, orgs):
            spans.setdefault((s, e), None)

    # 法人代表为宫冠英，: the role, a copula, then the name closed by a clause mark.
    for m in _TITLE_IS_NAME.finditer(text):
        s, e = m.span(1)
        if plausible_name(m.group(1)) and not _rejected_by_context(text, s, e, orgs):
            spans.setdefault((s, e), None)

    for span in _listed_names(text, list(spans), orgs):
        spans.setdefault(span, None)

    # The people to call on a notice's contact lines (联系人：黄欢, 唐建钊 1771…);
    # a name written with a space inside (彭 丹) is named without it.
    spaced: dict[tuple[int, int], str] = {}
    for s, e, name in contact_names(text, plausible_name):
        if not _rejected_by_context(text, s, e, orgs):
            spans.setdefault((s, e), None)
            if name != text[s:e]:
                spaced[(s, e)] = name

    credits = credit_spans(text)
    if credits:
        # A name an editor's credit holds (编辑／ 钱立富孙妍) is staff wherever the
        # text writes it (IT时报记者毛宇  钱立富): no person at any mention.
        credited = "\n".join(text[s:e] for s, e in editor_credit_spans(text))
        for span in [x for x in spans if on_credit(credits, *x) or text[x[0] : x[1]] in credited]:
            del spans[span]

    brands = brand_items(text)
    tags = {w.start: w.tag for w in words}
    at = {w.start: i for i, w in enumerate(words)}
    for s, e in list(spans):
        if (
            _opens_a_doctrine(words, at, e)
            or _firm_short_name(text, e)
            or _brand_name(text, s, e, brands)
            or _ranking_brand(text, e, tags)
            or _after_place(text, s)
            or _listed_with_place(text, s, e)
            or _DOTTED_NEXT.match(text, e)
            or (_opens_with_city(text[s:e]) and title_before(text, s) is None)
        ):
            del spans[(s, e)]

    # A foreign name in Latin letters right after a title (首席财务官Ian Borden表示).
    for m in _TITLE_LATIN.finditer(text):
        spans.setdefault(m.span(1), None)

    # The same person written in full elsewhere: a shorter LAC cut here
    # (史占|中 before 常年) takes the full name when the text continues with it.
    full = {text[s:e] for s, e in spans if e - s == 3}
    # ... or where the second model reads it whole at one mention (钟信|才 beside 董事长钟信才),
    # when LAC reads the character after the cut as a word of its own (才/d), not as the start of
    # the next word (杨华|升任, 李斌|言论, 吴锦|代表: the model's 杨华升 is the cut's error).
    by_model = {text[s:e] for s, e in model_persons or () if e - s == 3 and plausible_name(text[s:e])}
    lone = {w.start for w in words if w.end - w.start == 1}
    for s, e in list(spans):
        if e - s == 2 and (text[s : s + 3] in full or (text[s : s + 3] in by_model and e in lone)):
            del spans[(s, e)]
            spans[(s, s + 3)] = None

    # Overlapping spans (a recovered 3-character name over LAC's 2-character
    # one): keep the longer.
    kept: list[tuple[int, int]] = []
    for s, e in list(spans):
        # Widen to the whole run of abbreviations LAC cut (沪|苏浙皖).
        ws, we = s, e
        while ws > 0 and text[ws - 1] in _PLACE_ABBREVIATIONS:
            ws -= 1
        while we < len(text) and text[we] in _PLACE_ABBREVIATIONS:
            we += 1
        if place_abbreviations(text, ws, we) or place_abbreviations(text, s, e):
            del spans[(s, e)]
    # kept: disjoint, in text order, so only the last one starting before a
    # span's end can overlap it (one look-up, not a pass over all of them).
    kept_starts: list[int] = []
    for s, e in sorted(spans, key=lambda p: (-(p[1] - p[0]), p[0])):
        i = bisect_left(kept_starts, e)
        if i and kept[i - 1][1] > s:
            continue
        kept.insert(i, (s, e))
        kept_starts.insert(i, s)
    return [_entity(text, s, e, spaced.get((s, e))) for s, e in kept]
