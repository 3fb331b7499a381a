"""Regions inside names a region recogniser cannot see as names:

- a name's short form that the text defines (以下简称“中建江苏”): wherever the
  text writes that short form, the place in it is part of the name (中建|江苏
  is the company 中建钢构江苏有限公司), no region of its own;
- a website's name (信用中国网站, 苹果中国官网, 西乡塘区政务网（http://…）):
  a place inside or opening it is part of the site's name, as the contract
  counts no place inside an organization's or platform's name; a place
  before its own government (黑龙江省政府官网) still counts, as regions'
  own_government_ends says."""

from __future__ import annotations

import re

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import alternation, load_words

# 简称“X” / 下称"X": the marks that define a short form, and the short form (two to eight
# characters in quotation marks); organizations.contexts reads the same definition.
SHORT_NAME_MARKS = "(?:" + alternation("regions/short_name_marks.txt") + ")"
QUOTED_SHORT_NAME = rf"[“\"「](?P<short>[{HAN}A-Za-z0-9]{{2,8}})[”\"」]"
_DEFINED = re.compile(SHORT_NAME_MARKS + QUOTED_SHORT_NAME)


def not_in_defined_short_names(text: str, regions: list[Entity]) -> list[Entity]:
    """The regions not strictly inside an occurrence of a short form the text
    defines; a short form that is the place itself (简称“江苏”) keeps it."""
    names = {m.group(1) for m in _DEFINED.finditer(text)}
    if not names:
        return regions
    covered = bytearray(len(text))
    for name in names:
        for m in re.finditer(re.escape(name), text):
            covered[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    out = []
    for r in regions:
        inside = all(covered[r.start : r.end])
        if inside and any(r.text != n and r.text in n for n in names):
            continue
        out.append(r)
    return out


# A site's name after a place: up to ten more characters of its name (政务, 公共资源交易中心), then
# the site's ending (regions/site_name_ends.txt), or 网 right before a bracketed address.
_SITE_AFTER = re.compile(
    rf"[{HAN}]{{0,10}}?(?:" + alternation("regions/site_name_ends.txt") + r"|网(?=[（(](?:https?:|www\.)))"
)
_OWN_GOVERNMENT = tuple(load_words("regions/own_government_ends.txt"))


# A news site's name right after a place, in its dateline or credit (臺灣網5月29日睢縣消息, 梅州网讯,
# （臺灣網、睢縣臺辦聯合報道）): 网, then a date, 讯 or 消息, or the credit's 、 or closing bracket.
_SITE_DATELINE = re.compile(r"网(?=\d{1,2}月\d{1,2}日|[讯、）)]|消息)")


def not_in_site_names(text: str, regions: list[Entity]) -> list[Entity]:
    """The regions that open or stand inside no website's name (信用|中国|网站,
    广西|招标网（http://…）, 台湾|网5月29日…消息); a place before its own government
    (黑龙江省|政府官网) stays."""
    return [
        r
        for r in regions
        if not (_SITE_AFTER.match(text, r.end) or _SITE_DATELINE.match(text, r.end))
        or text.startswith(_OWN_GOVERNMENT, r.end)
    ]
