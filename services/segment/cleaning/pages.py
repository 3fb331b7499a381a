"""What a page wraps around the article: related-article tails, page-jump
markers, pagers and ornament lines.
"""

from __future__ import annotations

import re

from ..offsets import Edit
from .step import DECOR, HAN, SPACES, Step, Sweep, delete_line, line_dropper, text_lines, vocabulary

# --- 4. related-article tails --------------------------------------------------

_TAIL_WORDS = vocabulary("tail_headings.txt")
# The same headings composed: a word saying related / past / more /
# recommended / hot and a word saying articles / reports / picks (相关稿件,
# 往期精选, 延伸报道, 更多报道, 往期文章推荐). Only words that name other
# articles, so a heading of the story (最新进展, 相关工作) never cuts it.
_TAIL_LEAD = vocabulary("tail_leads.txt")
_TAIL_NOUN = vocabulary("tail_nouns.txt")
_TAIL_HEAD = f"(?:{_TAIL_WORDS}|(?:{_TAIL_LEAD})(?:{_TAIL_NOUN}))"
# One heading, or a row of them (24小时排行 | 本周热点).
_TAIL_LINE = re.compile(f"^[{DECOR}]*{_TAIL_HEAD}(?:[{DECOR}]+{_TAIL_HEAD})*[{DECOR}]*$")
# The heading and the first teaser on one line: 【相关新闻】园区召开年中会,
# 推荐阅读：《…》. Only with brackets or a colon after the heading, and a
# teaser that is no sentence.
_TAIL_INLINE = re.compile(f"^[{DECOR}]*(?:[【\\[]{_TAIL_HEAD}[】\\]]|{_TAIL_HEAD}[{SPACES}]*[:：])[^。！？!?]{{2,50}}$")
# A tail marker only counts after some body text: the same words at the top
# of a page, before any running text, are navigation, not the end of the article.
TAIL_MIN_BODY = 20


def _find_tail(text: str) -> list[Edit]:
    seen_body = False
    for start, _end, line in text_lines(text):
        stripped = line.strip(SPACES)
        if seen_body and (
            (len(stripped) <= 40 and _TAIL_LINE.match(stripped))
            or (len(stripped) <= 70 and _TAIL_INLINE.match(stripped))
        ):
            return [Edit(start, len(text))]
        if len(stripped) >= TAIL_MIN_BODY and any(ch in stripped for ch in "。！？!?"):
            seen_body = True
    return []


cut_related_tail = Step(
    "cut_related_tail",
    _find_tail,
    "Everything from a '相关文章/推荐内容/相关阅读/延伸阅读…' line to the end: teasers of other articles.",
)


# searched in the whole text, and (上接 with 100,000 spaces was split between
# two runs in every way.
_PAGE_JUMP = f"(?:{vocabulary('page_jump_words.txt')})" + r"\s*+(?:第)?\s*+(?:\d+|[一二三四五六七八九十]+)\s*+版"
_PAGE_LINE = re.compile(f"^[▲▼△▽◆◇■□●○▶►◀◄\\s]*[(（]?\\s*{_PAGE_JUMP}\\s*[)）]?[▲▼△▽◆◇■□●○▶►◀◄\\s]*$")
_PAGE_INLINE = re.compile(f"[(（]\\s*+{_PAGE_JUMP}\\s*+[)）]")


def _find_page_marker(text: str) -> list[Edit]:
    edits = []
    for s, e, line in text_lines(text):
        stripped = line.strip(SPACES)
        if stripped and len(stripped) <= 40 and _PAGE_LINE.match(stripped):
            edits.append(delete_line(text, s, e))
    covered = Sweep([(x.start, x.end) for x in edits])
    for m in _PAGE_INLINE.finditer(text):
        if not covered.overlaps(m.start(), m.start() + 1):
            edits.append(Edit(m.start(), m.end()))
    return edits


drop_page_markers = Step(
    "drop_page_markers", _find_page_marker, "Newspaper page-jump markers: ▲▲ 上接 1 版, (下转第3版)."
)

# Pagers: "共2页 上一页 1 2 下一页", "第1页 共3页", "首页 上一页 下一页 尾页",
# "[1] [2] 下一页", "点击查看下一页", "‹ 1 2 3 ›". A line is a pager when it
# holds a pager word and nothing else but page numbers and decoration; the
# sentence it interrupted is joined again by join_page_breaks.
_PAGER_WORD = re.compile(
    r"共\s*\d+\s*页|第\s*\d+\s*页|(?:点击|点此)?"
    f"(?:{vocabulary('pager_verbs.txt')})?(?:{vocabulary('pager_links.txt')})"
    f"(?:继续阅读)?|{vocabulary('pager_words.txt')}",
    re.I,
)
_PAGER_REST = re.compile(r"[\d\s\[\]【】()（）<>«»‹›|｜/／:：.·…\-—_页]*")


def _is_pager(s: str) -> bool:
    if len(s) > 60 or not _PAGER_WORD.search(s):
        return False
    return bool(_PAGER_REST.fullmatch(_PAGER_WORD.sub(" ", s)))


# A pager flattened into a line of text (…增长共2页 上一页 1 2 下一页1.8倍…):
# only the unmistakable compound forms, with page numbers between 上一页 and 下一页.
# Possessive (3.11): the spaces and page numbers never give characters back.
# With backtracking, a digit run after 上一页 could be split into page
# numbers of 1 to 3 digits in exponentially many ways (40 digits: hours), and
# two space runs side by side (页 [/]? 共) were tried at every split of a
# long run of spaces. The language is unchanged: a digit run is any number of
# page numbers written together.
_W = f"[{SPACES}]*+"
_PAGE_NO = f"(?:[\\[【]?\\d++[\\]】]?{_W})++"
_PAGER_INLINE = re.compile(
    f"(?:共{_W}\\d+{_W}页[:：]?{_W})?(?:首页{_W})?上一页{_W}{_PAGE_NO}下一页(?:{_W}(?:尾页|末页))?"
    f"|共{_W}\\d+{_W}页[:：]?{_W}{_PAGE_NO}下一页(?:{_W}(?:尾页|末页))?"
    f"|第{_W}\\d+{_W}页{_W}[/／,，]?{_W}共{_W}\\d+{_W}页"
)


def _find_pagers(text: str) -> list[Edit]:
    edits = []
    for s, e, line in text_lines(text):
        stripped = line.strip(SPACES)
        if not stripped:
            continue
        if _is_pager(stripped):
            edits.append(delete_line(text, s, e))
        else:
            edits += [Edit(s + m.start(), s + m.end()) for m in _PAGER_INLINE.finditer(line)]
    return edits


drop_pager_lines = Step(
    "drop_pager_lines",
    _find_pagers,
    "Pager lines (共2页 上一页 1 2 下一页, 第1页 共3页, [1] [2] 下一页, 点击查看下一页), and the same "
    "pagers flattened into a line of text.",
)

_ORNAMENT_WORDS = re.compile(
    r"^[-—_=~*·•.。\s]*[(（【\[]?\s*(?:END|End|end|THE END|The End|"
    + vocabulary("end_marks.txt")
    + r")\s*[)）】\]]?[-—_=~*·•.。\s]*$"
)
_WORD_CHAR = re.compile(f"[{HAN}A-Za-z0-9]")


def _is_ornament(s: str) -> bool:
    return _WORD_CHAR.search(s) is None or (len(s) <= 20 and bool(_ORNAMENT_WORDS.match(s)))


drop_ornament_lines = Step(
    "drop_ornament_lines",
    line_dropper(_is_ornament),
    "Lines of symbols only (▼, ***, ———) and end marks (END, （完）).",
)
