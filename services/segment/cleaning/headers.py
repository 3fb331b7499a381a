"""Page headers above the article: navigation crumbs and menus, date, source
and view-count lines, ``原标题：`` lines, audio and read-time notices.
"""

from __future__ import annotations

import re

from docpipe.textclasses import HAN_CHAR

from ..offsets import Edit
from .step import HAN, SHORT, SPACES, Step, delete_line, is_prose, line_dropper, sentence_like, text_lines, vocabulary

# 当前位置, 您的位置, 您现在的位置, 您当前所在位置, 你现在所在的位置, 所在位置, 位置 …
_NAV_LABEL = re.compile(r"^(?:您|你)?(?:当前|现在)?(?:所在)?的?位置\s*[:：]")
_NAV_PATH = re.compile(f"(?:{vocabulary('nav_roots.txt')})\\s*(?:[>＞»›→/|｜]|&gt;|\\s[-—–]\\s)")
_PREV_NEXT = re.compile(f"^(?:{vocabulary('prev_next_links.txt')})\\s*[:：]?")


# A site menu: three or more short labels between pipes (要闻 | 区域 | 成渝).
# Only Chinese labels of at most six characters, so a headline with a column
# name (瞭望·治国理政纪事|加快形成…) or a table row of figures stays.
_MENU_SEP = re.compile(r"[|｜丨]")
_MENU_ITEM = re.compile(f"[{HAN}]{{1,6}}")


def is_menu(s: str) -> bool:
    if len(s) > 80 or not _MENU_SEP.search(s):
        return False
    items = [x for x in (y.strip(SPACES) for y in _MENU_SEP.split(s)) if x]
    return len(items) >= 3 and all(_MENU_ITEM.fullmatch(x) for x in items)


def _is_nav_crumb(s: str) -> bool:
    if is_menu(s):
        return True
    if _NAV_LABEL.match(s) or (len(s) <= SHORT and _NAV_PATH.search(s) and not is_prose(s)):
        return True
    return bool(_PREV_NEXT.match(s)) and len(s) <= SHORT


drop_nav_crumbs = Step(
    "drop_nav_crumbs",
    line_dropper(_is_nav_crumb),
    "Navigation crumbs (当前位置:首页 > …, 首页 » 新闻 » 正文), site menus of short labels between "
    "pipes (要闻 | 区域 | 成渝) and previous/next-article links.",
)

_STRONG_LABELS = vocabulary("header_labels_strong.txt")
_WEAK_LABELS = vocabulary("header_labels_weak.txt")
_META_LABEL = re.compile(f"(?:{_STRONG_LABELS}|{_WEAK_LABELS})\\s*[:：]")
_STRONG_LABEL = re.compile(f"(?:{_STRONG_LABELS})\\s*[:：]")
# "4个月前 (09-21)", "3天前": a count of at most three digits (so the year in a
# title "2023年前三季度…" is not one), and the 前 ends the phrase ("5年前的今天"
# in a headline is not a timestamp).
# Header words some sites print without a colon ("发表于 2022-08-09 · 阅读 1.2万"):
# they count only beside a full date on a short line that is not a sentence, and
# a count word only with its count (a headline "…阅读推广活动启动" stays).
_BARE_LABEL = re.compile(
    f"发表于|发布于|(?:{vocabulary('bare_count_labels.txt')})(?:{vocabulary('count_suffixes.txt')})?" r"\s*\d"
)
# WeChat-style "来源 | 某某局" at the start of a short line: a label like "来源：".
_PIPE_LABEL = re.compile(f"^(?:{_STRONG_LABELS})\\s*[|｜]")
_RELATIVE_TIME = re.compile(r"(?<!\d)\d{1,3}\s*(?:" + vocabulary("relative_time_units.txt") + f")前(?!{HAN_CHAR})")
_DATE = r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_DATE_TIME = re.compile(f"{_DATE}\\s*{_TIME}")
_DATE_ONLY_LINE = re.compile(f"^[\\[【(（]?{_DATE}(?:\\s*{_TIME})?(?:\\s*(?:星期|周)[一二三四五六日天])?[\\]】)）]?$")


# "原标题：…" (the title the story ran under elsewhere): metadata, not body;
# metadata.detect_title takes it from the raw text.
ORIGINAL_TITLE = re.compile(r"^[【\[（(]?\s*原标题\s*[:：]\s*(.+?)\s*[】\]）)]?$")


def _is_meta_header(s: str) -> bool:
    if len(s) <= 150 and ORIGINAL_TITLE.match(s):
        return True
    if len(s) > SHORT or is_prose(s):
        return False
    if _DATE_ONLY_LINE.match(s):
        return True
    labels = len(_META_LABEL.findall(s))
    if any(ch in s for ch in "，,；") or s.endswith(("。", "！", "？")):
        # Reads as a sentence ("2023年5月10日 10:30，会议在合肥召开。"): a header
        # only when it carries two labels.
        return labels >= 2
    if labels >= 2 or (labels == 1 and re.search(_DATE, s)):
        return True
    if len(s) <= 40 and _STRONG_LABEL.search(s):
        return True
    if len(s) <= 40 and _BARE_LABEL.search(s) and re.search(_DATE, s):
        return True
    if len(s) <= 40 and _PIPE_LABEL.match(s):
        return True
    return bool(_RELATIVE_TIME.search(s) or _DATE_TIME.search(s))


drop_meta_headers = Step(
    "drop_meta_headers",
    line_dropper(_is_meta_header),
    "Author/date/source/view-count header lines: 发布时间:… 来源:…, admin4个月前 (09-21)…, "
    "2022-01-15 10:24 来源：…, a line holding only a date. Journalist bylines (本报记者 X) stay.",
)

# Audio and read-time lines of app and WeChat headers (听全文　约12分钟,
# 阅读时长：5分钟, 全文约3200字，阅读约需8分钟): the whole line must be made of
# their words, figures and separators, with a listen/read word and a figure
# or a listen word, so a sentence or headline about reading time
# (人均每日阅读时长达25分钟) stays.
# The tokens read (nearly) one way only, so a line that is no notice fails
# fast: a figure's integer digits are possessive (a run of 38 digits was
# split into figures in 2^37 ways: hours for one line; its decimals may
# still give digits to the next figure, 3.53.5), and 听全文/听本文/听文章
# are 听 + 全文/本文/文章. The same lines match.
_READ_TIME_TOKEN = vocabulary("read_time_tokens.txt") + "|" + f"[{SPACES}:：，,|｜/·•()（）▶►🎧]"
_READ_TIME_LINE = re.compile(f"(?:{_READ_TIME_TOKEN})+", re.I)
_READ_TIME_HINT = re.compile(vocabulary("read_time_hints.txt"))
_LISTEN = re.compile(r"听|播报")


def _is_read_time(s: str) -> bool:
    if len(s) > 40 or not _READ_TIME_HINT.search(s) or not _READ_TIME_LINE.fullmatch(s):
        return False
    return bool(_LISTEN.search(s) or re.search(r"\d", s))


# The same notice inside a short header line that also carries a byline
# (文 | 张三　阅读时长｜6分钟): only the labelled form, a separator between the
# label and the figure, so 人均阅读时长25分钟 in a headline stays.
# It is scanned over the whole line, whose spaces around the short text are
# unbounded: a try starts only where a run of spaces does (the lookbehind) and
# every space run is possessive (what follows each is no space), so a run is
# read once, not from each of its characters (issue #15: 20,000 spaces after a
# short line took 10 s); the matches are the ones the greedy form found.
_READ_TIME_INLINE = re.compile(
    f"(?<![{SPACES}])[{SPACES}]*+(?:(?:点击)?(?:收听|听)全文[{SPACES}]*+(?:约|大约)?"
    f"|(?:预计)?阅读(?:{vocabulary('read_time_labels.txt')})[{SPACES}]*+[:：|｜][{SPACES}]*+(?:约|大约)?)"
    f"[{SPACES}]*+\\d+(?:\\.\\d+)?[{SPACES}]*+(?:分钟|min)"
)


def _find_read_time(text: str) -> list[Edit]:
    # Most texts have none of the words: one search skips the line scan.
    if not _READ_TIME_HINT.search(text):
        return []
    edits = []
    for s, e, line in text_lines(text):
        stripped = line.strip(SPACES)
        if not stripped:
            continue
        if _is_read_time(stripped):
            edits.append(delete_line(text, s, e))
        elif len(stripped) <= 40 and not sentence_like(stripped):
            edits += [Edit(s + m.start(), s + m.end()) for m in _READ_TIME_INLINE.finditer(line)]
    return edits


drop_read_time_lines = Step(
    "drop_read_time_lines",
    _find_read_time,
    "Audio and read-time header lines: 听全文 约12分钟, 阅读时长：5分钟, 全文约3200字，阅读约需8分钟.",
)
