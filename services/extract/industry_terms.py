"""Industries: the dictionary (``industries.tsv`` and ``blockers.txt``), its
parsing and its one Aho–Corasick automaton (built once per process by
``load_resources()``), and the non-overlapping dictionary hits of a text.
The rules that judge the hits are in ``industry_mentions``, ``industry_lists``
and ``industries``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

import ahocorasick

from docpipe.errors import DocpipeError
from docpipe.wordlists import data_lines, load_list, load_words, read_table

# The sectors of 战略性新兴产业分类(2018), in order: the n-th has code n (其他 none).
SECTORS: tuple[str, ...] = load_list("industries/sectors.txt")

SECTOR_CODES: dict[str, str | None] = {
    sector: (str(i) if sector != "其他" else None) for i, sector in enumerate(SECTORS, start=1)
}
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]")


def _fullwidth(surface: str) -> str:
    """The full-width spelling of a Latin term (ＡＩ), as uncleaned text may have it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in surface)


class IndustryDataError(DocpipeError):
    code, status, title = "industry_data_invalid", 500, "The industry dictionary is malformed"


@dataclass(frozen=True, slots=True)
class Term:
    surface: str
    name: str
    sector: str
    strong: bool
    # a classification umbrella (制造业): counts only beside another
    # classification row in its sentence, i.e. in a breakdown by industry
    umbrella: bool = False
    # a GB/T 4754 row: named as the text writes it, 业 included (采矿业)
    classified: bool = False


@dataclass(frozen=True, slots=True)
class Resources:
    automaton: ahocorasick.Automaton
    terms: dict[str, Term]  # surface -> term (canonical names included)
    blockers: frozenset[str]


_BLOCK = None  # automaton payload for a blocker word
# The conjunction GB/T 4754-2002 wrote in the names that the 2017 edition joins with 和.
_EDITION_2002_JOIN = "及"


def _data_dir() -> Path:
    """The dictionary's folder (its maintenance tool and tests read terms.txt there)."""
    return Path(str(importlib_resources.files("docpipe") / "data" / "industries"))


def parse_table(lines: list[str]) -> dict[str, Term]:
    """Rows of industries.tsv (header first) → surface form → Term."""
    terms: dict[str, Term] = {}
    header, *rows = lines
    if header.split("\t")[:4] != ["name", "sector", "strength", "aliases"]:
        raise IndustryDataError(f"industries.tsv: unexpected header {header!r}")
    for row in rows:
        cols = row.split("\t")
        if len(cols) < 3:
            raise IndustryDataError(f"industries.tsv: short row {row!r}")
        name, sector, strength = (c.strip() for c in cols[:3])
        aliases = cols[3].split("|") if len(cols) > 3 and cols[3].strip() else []
        if sector not in SECTORS:
            raise IndustryDataError(f"industries.tsv: unknown sector {sector!r} for {name}")
        if strength not in ("strong", "weak", "umbrella"):
            raise IndustryDataError(f"industries.tsv: strength must be strong/weak/umbrella, got {strength!r}")
        umbrella = strength == "umbrella"
        classified = len(cols) > 4 and cols[4].strip() == "gbt4754"
        forms = [(name, strength == "strong")]
        for alias in aliases:
            alias = alias.strip()
            if alias[:1] in ("~", "+"):  # forced weak / forced strong
                forms.append((alias[1:], alias[0] == "+"))
            else:
                forms.append((alias, strength == "strong"))
        for surface, strong in forms:
            if surface in terms and terms[surface].name != name:
                raise IndustryDataError(f"industries.tsv: {surface!r} maps to both {terms[surface].name} and {name}")
            terms[surface] = Term(surface, name, sector, strong, umbrella, classified)
    return terms


# The levels of each published classification read as terms (class_levels.tsv):
# scheme -> the levels ("1" … "4") whose names become weak terms.
_CLASS_LEVELS: dict[str, frozenset[str]] = {
    row["scheme"]: frozenset(row["levels"].split("|")) for row in read_table("industries/class_levels.tsv")
}


def _trade_form(name: str, scheme: str) -> str:
    """A classification name as a trade name: its 产业 (战略性新兴产业) or 业
    (GB/T 4754: 公共设施管理业) dropped, since the matcher reads those as
    suffixes; a name that would keep one character stays whole."""
    for suffix in ("产业", "业") if scheme == "sei2018" else ("业",):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# The activity word ending many GB/T 4754 小类 names (快递服务, 啤酒制造).
_CLASS_ACTIVITIES: tuple[str, ...] = load_list("industries/class_activity_words.txt")
# Product heads (电池, 材料): they end longer products' names, so name no trade alone.
_PRODUCT_HEADS = frozenset(load_list("industries/product_heads.txt"))


def _bare_form(name: str, shortest: int = 2) -> str | None:
    """A GB/T 4754 name without the activity word that ends it (快递服务 ->
    快递, 啤酒制造 -> 啤酒; the 的 of 笔的制造 goes with it), or None where
    none ends it or fewer than ``shortest`` characters would be left."""
    for word in _CLASS_ACTIVITIES:
        if name.endswith(word):
            bare = name.removesuffix(word).removesuffix("的")
            return bare if len(bare) >= shortest else None
    return None


def _class_forms(row: dict[str, str]) -> list[tuple[str, bool]]:
    """A classification row's trade name, with whether it is named as a
    classification (业 kept where written: 采矿业). A GB/T 4754 小类 (level 4)
    is a line of products or services whose official name has no 业: a text
    names its trade without the activity word that ends the name (快递服务 ->
    快递行业, 啤酒制造 -> 啤酒企业), and a 业 written after it is a suffix."""
    name, scheme = row["name"], row["scheme"]
    if scheme == "gbt4754" and row["level"] == "4":
        return [(_bare_form(name) or name, False)]
    if scheme != "gbt4754" or row["level"] == "3":
        # a 中类 is a group of product lines too, named by its products as a
        # 小类 is (391 计算机制造 -> 计算机行业); not by a product head that ends
        # longer products' names (384 电池制造: 电池 ends 太阳能电池, 充电电池).
        # So is a category of the NBS classifications built on GB/T 4754
        # (创意设计服务 -> 创意设计产业), but by three characters at least: their
        # two-character rests are generic nouns (信息服务, 娱乐服务), and where
        # such a word is a trade GB/T 4754 names it already.
        bare = _bare_form(name, 2 if scheme == "gbt4754" else 3)
        if bare and bare not in _PRODUCT_HEADS:
            return [(_trade_form(name, scheme), True), (bare, False)]
    return [(_trade_form(name, scheme), True)]


def class_terms(terms: dict[str, Term], rows: list[dict[str, str]], aliases: dict[str, list[str]]) -> dict[str, Term]:
    """Terms for the published classifications' names the hand-written table
    lacks (classifications.tsv): weak (each also names a statistics line or a
    product group, so it counts only with a cue or in a list) and named as the
    text writes them, as the table's own GB/T 4754 rows are. A 2018
    strategic-emerging-industry name takes its sector; the others 其他. Only
    the 2018 names that are industries (…产业) are read: the source's other
    second-level entries are product lines."""
    out: dict[str, Term] = {}
    skipped = set(load_words("industries/class_not_trades.txt"))
    # GB/T 4754 first, then the classifications built on it in class_levels.tsv's
    # order: a name two classifications share keeps the reading of the first.
    order = {scheme: i for i, scheme in enumerate(_CLASS_LEVELS)}
    for row in sorted(rows, key=lambda r: order.get(r["scheme"], len(order))):
        scheme, name = row["scheme"], row["name"]
        if row["parent"] in skipped:  # rows come parents first (level order)
            skipped.add(name)
        if row["level"] not in _CLASS_LEVELS.get(scheme, ()) or name in skipped or name.startswith("其他"):
            continue
        if scheme == "sei2018" and (row["level"] != "2" or not name.endswith("产业")):
            continue
        if name in terms:  # the table has the name itself (制造业: an umbrella)
            continue
        sector = row["parent"] if scheme == "sei2018" and row["parent"] in SECTORS else "其他"
        for form, classified in _class_forms(row):
            for surface in (form, *aliases.get(form, ())):
                if surface not in terms and surface not in out:
                    out[surface] = Term(surface, form, sector, False, classified=classified)
    return out


@cache
def load_resources() -> Resources:
    """Build the automaton once per process (the stage's warm_up calls this)."""
    terms = parse_table(list(data_lines("industries/industries.tsv")))
    aliases = {r["name"]: r["aliases"].split("|") for r in read_table("industries/class_aliases.tsv")}
    terms |= class_terms(terms, read_table("industries/classifications.tsv"), aliases)
    blockers = load_words("industries/blockers.txt")
    automaton = ahocorasick.Automaton()
    for word in blockers:
        automaton.add_word(word, (word, _BLOCK))
    for surface, term in terms.items():
        automaton.add_word(surface, (surface, term))
        # 和 and 与 join the same two words: 软件与信息服务 is 软件和信息服务; and a
        # GB/T 4754 name of 2017 with 和 was written with 及 in the 2002 edition
        # (有色金属冶炼及压延加工业), which statistics texts of those years still use.
        joins = (("和", "与"), ("与", "和"), *((("和", _EDITION_2002_JOIN),) if term.classified else ()))
        for a, b in joins:
            variant = surface.replace(a, b)
            if variant != surface and variant not in terms:
                automaton.add_word(variant, (variant, term))
        wide = _fullwidth(surface)
        if wide != surface and wide not in terms:
            automaton.add_word(wide, (wide, term))
    automaton.make_automaton()
    return Resources(automaton, terms, blockers)


def _whole_word(text: str, start: int, end: int, surface: str) -> bool:
    """Latin edges must not continue a Latin word or number (AI in 'AIDS')."""
    if _ASCII_ALNUM.match(surface[0]) and start > 0 and _ASCII_ALNUM.match(text[start - 1]):
        return False
    if _ASCII_ALNUM.match(surface[-1]) and end < len(text) and _ASCII_ALNUM.match(text[end]):
        return False
    return True


def _hits(text: str, res: Resources) -> list[tuple[int, int, Term | None]]:
    """Non-overlapping dictionary hits, longest first (blockers included)."""
    found = []
    for last, (surface, term) in res.automaton.iter(text):
        start, end = last - len(surface) + 1, last + 1
        if _whole_word(text, start, end, surface):
            found.append((start, end, term))
    found.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken = bytearray(len(text))
    kept = []
    for start, end, term in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((start, end, term))
    kept.sort()
    return kept
