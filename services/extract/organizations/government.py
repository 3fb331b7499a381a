"""Government bodies: the central bodies and media of the tables, a region
and a body (深圳市发改委), a bare 省/市 body named after the article's
province or city (the regions recogniser's mentions), bodies named when the
text reports their founding (组建了…创新联合体), bodies named for a task
(推动…联合办公室), a ministry's departments (商务部外国投资管理司, 设立…司)
and congresses of one term (宝鸡市第十六届人民代表大会). The word lists are
``organizations/government_words.tsv``."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import data_lines, group_alternation, load_table, load_words

from ..ner import LacWord
from .filters import _GENERIC_PREFIX
from .kinds import _REGION_BODY_RE
from .tables import _FUNCTION_CHARS, _GOV_WORDS, _Cand, _per_document, _region_forms, _slice, load_resources

_VERBS_BEFORE = load_words("organizations/verbs_before_names.txt")


@lru_cache(maxsize=2)
def _table_matches(text: str) -> tuple[re.Match[str], ...]:
    """Every match of the tables' matcher in ``text``: ``_from_tables`` and
    ``_from_ministry_departments`` read the same matches, one scan per text."""
    return tuple(load_resources().matcher.finditer(text))


@_per_document
def _from_tables(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    tables = load_resources()
    out: list[_Cand] = []
    for m in _table_matches(text):
        # Only whole words: 求是 in 实事求是, 科技部 in 科技部门 are not names.
        first, last = widx.get(m.start()), widx.get(m.end() - 1)
        partial = first is None or last is None or words[first].start != m.start() or words[last].end != m.end()
        if partial and first is not None and last is not None and words[last].end == m.end():
            # 上报|文旅部 read as one word: a verb that never opens a name before a whole table name
            partial = text[words[first].start : m.start()] not in _VERBS_BEFORE
        if partial and not m.group(1):  # 《…》 media titles carry their own boundary
            continue
        if m.group(1):
            name = m.group(1) + (m.group(2) or "")
            out.append(_Cand(m.start(), m.end(), name, "media", "table"))
        else:
            name = m.group(3)
            kind = "media" if name in tables.media else tables.government[name][1]
            out.append(_Cand(m.start(), m.end(), name, kind, "table"))
    return out


def _from_region_bodies(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    """A place word followed by a government body (深圳市发改委); tried at
    each place word so a match never starts inside another word."""
    out: list[_Cand] = []
    for i, w in enumerate(words):
        if w.tag not in {"LOC", "ORG"}:
            continue
        m = _REGION_BODY_RE.match(text, w.start)
        if not m:
            continue
        region = m.group(1)
        if (
            region in {"市", "省", "区", "县"}
            or _GENERIC_PREFIX.fullmatch(region)
            or region[0] in "一二三四五六七八九十两多各全本该"
        ):
            continue
        if any(ch in "和与及、的" for ch in region):
            continue  # 商务部外资司和省|商务厅: two bodies, not one place's
        if i >= 2 and words[i - 1].text == "、" and words[i - 2].tag == "LOC":
            continue  # 武汉、长沙、南昌科学技术局: the head is shared by the list
        out.append(_Cand(m.start(), m.end(), m.group(), "government", "region"))
    return out


# Government bodies whose region is only 省 or 市 (省发展改革委有关负责人).
_BARE_BODY = re.compile(
    r"(省|市)("
    + "|".join(
        sorted(
            (r["body"] for r in load_table("organizations/region_bodies.tsv") if r["bare"] == "yes"),
            key=len,
            reverse=True,
        )
    )
    + ")"
)


@lru_cache(maxsize=1)
def _body_forms() -> dict[str, str]:
    """Short form -> official long form of local government bodies."""
    out: dict[str, str] = {}
    for line in data_lines("organizations/body_forms.tsv"):
        short, long = line.split("\t")
        out[short] = long
    return out


def _main_region(regions: list[Entity], before: int, level: str) -> str | None:
    """The province (or city) the article is about: the one of that level
    the regions recogniser finds most often before ``before``; ties go to
    the first named."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for e in regions:
        if e.start >= before or e.attributes.get("level") != level:
            continue
        counts[e.name] += 1
        first.setdefault(e.name, e.start)
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n], first[n]))


def _from_bare_bodies(text: str, words: list[LacWord], widx: dict[int, int], regions: list[Entity]) -> list[_Cand]:
    """``省发展改革委`` in an article about 广东: the province is the article's
    main province, named earlier; the body is named in full
    (广东省发展改革委). Without a province named earlier it stays generic."""
    out: list[_Cand] = []
    for m in _BARE_BODY.finditer(text):
        s = m.start()
        i = widx.get(s)
        if i is None or words[i].start != s:
            continue  # 本省, 全市: 省/市 ends another word
        prev = text[s - 1 : s]
        if prev and re.match(rf"[{HAN}]", prev) and prev not in "据由经在和与及、":
            continue  # 广东省发改委 is the region rule's; 全省, 各市 are no body
        level = "province" if m.group(1) == "省" else "city"
        region = _main_region(regions, s, level)
        if not region:
            continue
        # The name is written by us, so in the body's official long form.
        name = region + _body_forms().get(m.group(2), m.group(2))
        out.append(_Cand(s, m.end(), name, "government", "bare"))
    return out


# Named bodies with a descriptive head (组建了高端医学影像装备创新联合体).
_NAMED_BODY_SUFFIX = "(?:" + group_alternation(_GOV_WORDS, "founded_body_suffixes") + ")"


_POLICY = re.compile(group_alternation(_GOV_WORDS, "plan_words"))


_FOUNDED_BODY = re.compile(
    rf"[{HAN}]{{2,18}}?"
    + _NAMED_BODY_SUFFIX
    + rf"(?![{HAN}]{{0,1}}(?:"
    + group_alternation(_GOV_WORDS, "founded_body_not_after")
    + "))"
)


_GENERIC_BODY_HEADS = re.compile("^(?:" + group_alternation(_GOV_WORDS, "generic_body_words") + ")*$")


_FOUNDING = re.compile("(?:" + group_alternation(_GOV_WORDS, "body_founding_verbs") + ")了?")


def _from_founded_bodies(text: str, words: list[LacWord]) -> list[_Cand]:
    """A body with a descriptive head is named when the text reports it being
    founded (成立了…联盟, 组建了…创新联合体); a plan to found one (支持组建
    创新联合体) names no body yet."""
    out: list[_Cand] = []
    for m in _FOUNDING.finditer(text):
        s = m.end()
        body = _FOUNDED_BODY.match(text[s : s + 26])
        if not body:
            continue
        clause = re.split(r"[，,。；;：:！!？?\n]", text[max(0, s - 30) : m.start()])[-1]
        if _POLICY.search(clause):
            continue
        name = body.group()
        head = re.sub(_NAMED_BODY_SUFFIX + "$", "", name)
        if len(head) < 4 or _GENERIC_BODY_HEADS.match(head) or "某" in name:
            continue
        out.append(_Cand(s, s + len(name), name, "other", "founded"))
    return out


# Official bodies named for their task, starting with a verb
# (推动成渝地区双城经济圈建设联合办公室, 推进…领导小组, 加快…工作专班).
_TASK_VERBS = group_alternation(_GOV_WORDS, "task_verbs")


_TASK_BODY_SUFFIX = group_alternation(_GOV_WORDS, "task_body_suffixes")


_TASK_BODY = re.compile(rf"(?:{_TASK_VERBS})[{HAN}“”]{{2,24}}?(?:{_TASK_BODY_SUFFIX})+")


# Where the text gives such a name: after 由/经/成立/设立/组建 (the name follows
# directly), or in a title (…办公室主任).
_TASK_BEFORE = re.compile(r"(?:由|(?<![已曾历途神业])经|成立了?|设立了?|组建了?|挂牌成立|牵头成立)$")


_TASK_AFTER = re.compile("(?:" + group_alternation(_GOV_WORDS, "task_titles") + ")")


_TASK_INNER_BREAK = re.compile(r"[的了为以将在对把被由从向是等]")


def _from_task_bodies(text: str) -> list[_Cand]:
    """Bodies named for a task, verb kept (推动…建设联合办公室): only where
    the text gives the name (after 由/经/成立/设立, or before a title) and the
    phrase up to the body's suffix is one name (no clause mark, no function
    word such as 的 or 以…为 that would make it a description)."""
    out: list[_Cand] = []
    for m in _TASK_BODY.finditer(text):
        s, e = m.span()
        inner = m.group()
        if _TASK_INNER_BREAK.search(inner) or inner.count("“") != inner.count("”"):
            continue
        if not (_TASK_BEFORE.search(text[max(0, s - 4) : s]) or _TASK_AFTER.match(text, e)):
            continue
        out.append(_Cand(s, e, inner, "government", "task"))
    return out


# --- Ministries' departments and congresses of one term -----------------

# A ministry's department set up (设立原材料工业发展司): 司 alone is too
# ambiguous for the suffix scanner (公司), a founding verb vouches for it.
_FOUNDING_VERBS = group_alternation(_GOV_WORDS, "department_founding_verbs")
_DEPARTMENT = re.compile(rf"(?:{_FOUNDING_VERBS})了?([{HAN}]{{2,12}}?司)(?=[，,。；;、\s和与及（(]|$)")


def _from_departments(text: str) -> list[_Cand]:
    out = []
    for m in _DEPARTMENT.finditer(text):
        name = m.group(1)
        if name.endswith("公司") or any(ch in _FUNCTION_CHARS for ch in name):
            continue
        out.append(_Cand(m.start(1), m.end(1), name, "government", "task"))
    return out


# A congress or committee of one term, written after its place
# (宝鸡市第十六届人民代表大会, X县第十八届人大常委会, X市政协第十四届委员会):
# the body is named as written; the session after it (第三次会议) is an event.
_SESSION_BODIES = group_alternation(_GOV_WORDS, "session_bodies")
_SESSION_BODY = re.compile(
    r"(政协)?第[一二三四五六七八九十百零〇\d]{1,4}届"
    rf"(?:{_SESSION_BODIES})"
)


def _from_sessions(text: str) -> list[_Cand]:
    forms = _region_forms()
    out = []
    for m in _SESSION_BODY.finditer(text):
        body = m.group()
        if body.endswith("委员会") and not (m.group(1) or "政协" in body or "人大" in body or "人民代表大会" in body):
            continue  # 第X届委员会 of a body left unnamed
        start = m.start()
        place = next((k for k in range(8, 1, -1) if text[max(0, start - k) : start] in forms and start - k >= 0), 0)
        if not place:
            continue  # 第十四届全国人大 and bare 市人大: the tables or no body
        out.append(_Cand(start - place, m.end(), text[start - place : m.end()], "government", "task"))
    return out


# A central ministry or commission and one of its departments
# (商务部外国投资管理司, 工业和信息化部原材料工业司): the department is named whole.
_MINISTRY_HEAD = re.compile("(?:" + group_alternation(_GOV_WORDS, "ministry_heads") + ")$")


_DEPARTMENT_DETERMINER = re.compile(group_alternation(_GOV_WORDS, "department_determiners"))


_NOT_DEPARTMENT = group_alternation(_GOV_WORDS, "not_department_chars")
_DEPARTMENT_AFTER = re.compile(rf"[{HAN}]{{2,10}}?司(?![{HAN}]{{0,1}}(?:{_NOT_DEPARTMENT}))")


def _from_ministry_departments(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    tables = load_resources()
    out = []
    for m in _table_matches(text):
        name = m.group(3)
        if not name or name in tables.media or not _MINISTRY_HEAD.search(name):
            continue
        d = _DEPARTMENT_AFTER.match(text, m.end())
        # The department is a name of nouns from the ministry's end on: a verb
        # (设立…司) or a determiner (相关司, 有关司) makes it a phrase.
        inner = _slice(words, m.end(), d.end(), True) if d else []
        # LAC reads the department alone or the whole name as one word.
        whole = (
            m.start() in widx and words[widx[m.start()]].start == m.start() and words[widx[m.start()]].end == d.end()
            if d
            else False
        )
        if (
            d
            and not whole
            and (
                m.end() not in widx
                or words[widx[m.end()]].start != m.end()
                or any(w.tag in {"v", "vd", "ad", "d", "p", "r"} and w.text != "管理" for w in inner)
                or _DEPARTMENT_DETERMINER.match(text, m.end())
            )
        ):
            continue
        # 与/和/及 join a department's fields (市场与信息化司); other function
        # characters end the phrase.
        if not d or d.group().endswith("公司") or any(ch in _FUNCTION_CHARS - set("与和及") for ch in d.group()):
            continue
        out.append(_Cand(m.start(), d.end(), text[m.start() : d.end()], "government", "task"))
    return out
