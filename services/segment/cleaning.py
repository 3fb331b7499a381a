"""Cleaning scraped Chinese news: small pure ``str -> str`` steps, composed in order.

Each step is named for the debris it handles and finds its edits on its input
(see ``offsets.py``), so the composition also yields an exact map back to the
raw text. Every rule is general (the same debris in another site's wording must
go too); tests/unit/test_cleaning.py holds a before/after table per step.

What stays on purpose (the downstream stages and the evaluation count the
names in them): journalist bylines (``本报记者 李争粉``, ``文|《瞭望》新闻周刊记者
…``), photo captions with the photographer's name (``… 方喆摄 / 本刊``), and
a lone name that signs the article. What goes: site boilerplate — navigation
crumbs, date/source/view-count headers, contact/QR/share/copyright/link/tag
lines, attachment lines (附件：…, ….pdf) and participation widgets (已有0人参与),
editor notes, credit lines naming no one, page-jump markers, pagers
(共2页 上一页 1 2 下一页: the sentence they cut is joined again), related-
article tails, repeated paragraphs; stock-quote strips, app promotion
(下载XX财经APP, XX新闻客户端, 打开APP阅读), ad lines (【广告】, 推广), site menus
(要闻 | 区域 | 成渝), ``原标题：`` lines (metadata: ``metadata.detect_title``
uses them), disclaimer paragraphs (免责声明：…, 风险提示), 图片来源 credits, and
inline page controls (【纠错】, the end mark （完）).

HTML left in the text goes first: every entity is decoded as ``html.unescape``
reads it (twice, for double-escaped exports), expressed as "the entity's first
character becomes the decoded one, the rest is deleted" so the map stays 1:1
plus deletions; stray tags of known HTML elements go (block tags such as
``<br>``/``<p>`` become a line break).

Normalisations (each one character for one character, so offsets map 1:1):
full-width digits, Latin letters and ``％`` to ASCII; full-width ``／－．＋`` to
ASCII between digits; spun ``蕞`` to ``最`` (not in the word 蕞尔); an ASCII
comma next to Chinese text to ``，`` unless it groups digits (``1,352`` stays).
Deletions: spaces inside figures (``2017 年`` → ``2017年``), blank-line runs,
indentation, newlines inside sentences cut by a page break.
"""

from __future__ import annotations

import html
import html.entities
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .offsets import Aligned, Edit, apply_edits

# --- character classes -----------------------------------------------------

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation and quotes that mark Chinese context for the comma rule.
CJK_PUNCT = "，。、；：？！“”‘’（）《》【】「」『』…—"
TERMINAL = "。！？!?…；;"
SPACES = " \t\u00a0\u3000\u2002\u2003\u2009\u200a\u202f\u205f"


@dataclass(frozen=True)
class Step:
    """One cleaning step: a name, what it handles, and how it finds its edits."""

    name: str
    find: Callable[[str], list[Edit]]
    doc: str = ""

    def __call__(self, text: str) -> str:
        return apply_edits(text, self.find(text))


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end_without_newline, line) for every line, split at ``\\n`` only."""
    pos, n = 0, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        yield pos, end, text[pos:end]
        if nl < 0:
            break
        pos = nl + 1


def _delete_line(text: str, start: int, end: int) -> Edit:
    """Delete a line's content and its newline (the blank-line tidy step merges the rest)."""
    return Edit(start, end + 1 if end < len(text) else end)


def _line_dropper(pred: Callable[[str], bool]) -> Callable[[str], list[Edit]]:
    def find(text: str) -> list[Edit]:
        return [
            _delete_line(text, s, e) for s, e, line in _lines(text) if line.strip(SPACES) and pred(line.strip(SPACES))
        ]

    return find


class _Sweep:
    """Sorted, disjoint spans asked about in text order: each question moves a
    pointer forward, so n questions over m spans cost n + m steps, not n × m
    (a text of 10,000 lines each with an inline note asked every line about
    every note)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.k = 0

    def overlaps(self, lo: int, hi: int) -> bool:
        """Does a span overlap [lo, hi)? ``lo`` must not decrease between calls."""
        spans, k = self.spans, self.k
        while k < len(spans) and spans[k][1] <= lo:
            k += 1
        self.k = k
        return k < len(spans) and spans[k][0] < hi


def _sub_finder(
    pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str] | str = ""
) -> Callable[[str], list[Edit]]:
    def find(text: str) -> list[Edit]:
        out = []
        for m in pattern.finditer(text):
            r = repl(m) if callable(repl) else repl
            if r != m.group():
                out.append(Edit(m.start(), m.end(), r))
        return out

    return find


def _prose(s: str) -> bool:
    """A line that reads as running text rather than a label or heading."""
    return "。" in s.rstrip("。") or len(s) > 120


# --- 0. HTML left in the text ---------------------------------------------------

# An entity as the HTML5 parser reads it: numeric (&#8220; &#x4e2d;, the ';'
# optional) or named. A named entity without ';' counts only when its whole
# letter run is one of HTML5's legacy names (&nbsp中 yes; R&D, &copy2024 no):
# html.unescape would also decode a prefix of a longer run, which in Chinese
# news text is far more often a company name like P&G than an entity.
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
_LEGACY_NAMES = frozenset(k for k in html.entities.html5 if not k.endswith(";"))


def _find_entities(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _ENTITY.finditer(text):
        ref = m.group()
        if not ref.endswith(";") and ref[1] != "#" and ref[1:] not in _LEGACY_NAMES:
            continue
        decoded = html.unescape(ref)
        if decoded == ref or not decoded or len(decoded) > len(ref):
            continue
        # The offset model is 1:1 replacements plus deletions: the entity's
        # first characters become the decoded ones, the rest is deleted.
        k = len(decoded)
        edits.append(Edit(m.start(), m.start() + k, decoded))
        if m.end() > m.start() + k:
            edits.append(Edit(m.start() + k, m.end()))
    return edits


decode_html_entities = Step(
    "decode_html_entities",
    _find_entities,
    "HTML entities decoded as html.unescape reads each one (&nbsp; &ldquo; &amp; &#8220; &#x4e2d; "
    "&mdash; &hellip;): the entity's first character becomes the decoded one, the rest is deleted.",
)

# Tags left by a scraper. Only known HTML element names, so '增速<5%' or
# 'PM2.5<35' stays. Block elements break the line (their first character
# becomes '\n'); inline ones simply go; script/style blocks and comments go
# with their contents.
_BLOCK_TAGS = r"br|p|div|li|ul|ol|tr|table|tbody|thead|tfoot|h[1-6]|section|article|header|footer|blockquote|figure|figcaption|hr|center|dl|dd|dt|pre|nav|aside|main"
_INLINE_TAGS = (
    r"span|a|b|i|u|s|em|strong|font|sup|sub|small|big|img|label|ins|del|mark|cite|abbr|code|td|th|"
    r"iframe|source|video|audio|picture|wbr|nobr|o:p|input|button|svg|path|col|colgroup|caption|tt|var|q"
)
# script/style blocks and comments. A lazy regex to the closing tag
# (<script…>.{0,20000}?</script>) rescans up to its reach from every opening
# tag, so 35,000 unclosed <script> took minutes (issue #15): the openings and
# the closings are found once each, and each opening takes the first closing
# after it (a binary search). The reaches stay what the regex had: a block
# whose closing is further than _SCRIPT_REACH (a comment: _COMMENT_REACH)
# characters after its opening tag is not one.
_SCRIPT_OPEN = re.compile(r"<(script|style|noscript)\b[^<>]{0,400}>|<!--", re.I)
_SCRIPT_CLOSE = re.compile(r"</(script|style|noscript)\s*>|-->", re.I)
_SCRIPT_REACH = 20_000
_COMMENT_REACH = 5_000
# Possessive runs: '<' and 100,000 spaces tried every split of the spaces
# between the two \s* for every tag name, and a lazy attribute part
# rescanned the whitespace before '>' from each of its 400 lengths. Where a
# tag ends is unchanged: its first '>' after at most 400 attribute characters
# (then '/', whitespace or line breaks).
_HTML_TAG = re.compile(
    f"<\\s*+/?\\s*+(?:({_BLOCK_TAGS})|(?:{_INLINE_TAGS}))(?![\\w:-])[^<>\\n]{{0,400}}+/?\\s*+>", re.I
)


def _script_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of script/style/noscript blocks and comments, as the leftmost
    non-overlapping matches of ``<(script|style|noscript)…>.{0,20000}?</\\1\\s*>``
    or ``<!--.{0,5000}?-->`` would give them, in linear time."""
    if "<" not in text:
        return []
    closes: dict[str, tuple[list[int], list[int]]] = {}
    for m in _SCRIPT_CLOSE.finditer(text):
        starts, ends = closes.setdefault((m.group(1) or "--").lower(), ([], []))
        starts.append(m.start())
        ends.append(m.end())
    spans: list[tuple[int, int]] = []
    last = 0
    for m in _SCRIPT_OPEN.finditer(text):
        if m.start() < last:
            continue
        name = (m.group(1) or "--").lower()
        if name not in closes:
            continue
        starts, ends = closes[name]
        # '-->' right after '<!--' shares no character with it: '<!---->' is
        # an empty comment; a closing tag must begin after the opening one ends.
        k = bisect_left(starts, m.end())
        reach = _COMMENT_REACH if name == "--" else _SCRIPT_REACH
        if k < len(starts) and starts[k] - m.end() <= reach:
            spans.append((m.start(), ends[k]))
            last = ends[k]
    return spans


def _find_tags(text: str) -> list[Edit]:
    blocks = _script_blocks(text)
    edits = [Edit(a, b) for a, b in blocks]
    taken = _Sweep(blocks)
    for m in _HTML_TAG.finditer(text):
        if taken.overlaps(m.start(), m.start() + 1):  # a tag inside a block goes with it
            continue
        if m.group(1):
            edits.append(Edit(m.start(), m.start() + 1, "\n"))
            edits.append(Edit(m.start() + 1, m.end()))
        else:
            edits.append(Edit(m.start(), m.end()))
    return edits


strip_html_tags = Step(
    "strip_html_tags",
    _find_tags,
    "Stray HTML tags: <br>, <p>, </div> break the line; <span>, </a>, <img …> go; script/style blocks "
    "and comments go with their contents. Only known element names count.",
)

# --- 1. control characters and line ends -------------------------------------

# Deleted outright: zero-width characters and soft hyphens; NUL and the other
# C0/C1 controls (not tab or the line ends above); bidi embeddings, overrides,
# isolates and marks (U+202E shows a text in reverse on a page: "spoofing").
_INVISIBLE = (
    r"\u200b\u200c\u200d\u2060\ufeff\u00ad"
    r"\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f"
    r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
)
_CONTROL = re.compile(f"\\r\\n?|[\\u2028\\u2029\\x0b\\x0c\\x85]|[{_INVISIBLE}]+|\\u00a0")


def _control_repl(m: re.Match[str]) -> str:
    c = m.group()
    if c in "\r\u2028\u2029\x0b\x0c\x85":
        return "\n"
    if c == "\u00a0":
        return " "
    return ""


def _find_control(text: str) -> list[Edit]:
    out = []
    for m in _CONTROL.finditer(text):
        if m.group() == "\r\n":
            out.append(Edit(m.start(), m.start() + 1))  # delete '\r', keep '\n'
        else:
            out.append(Edit(m.start(), m.end(), _control_repl(m)))
    return out


normalize_line_ends = Step(
    "normalize_line_ends",
    _find_control,
    "CR/CRLF and Unicode line separators to \\n; zero-width characters, soft hyphens, NUL and other control "
    "characters and bidi controls (U+202A-U+202E, U+2066-U+2069, LRM/RLM/ALM) removed; NBSP to space.",
)

# --- 2. full-width characters ------------------------------------------------

_FULLWIDTH_ALWAYS = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05]")
# Only full-width forms. Em and en dashes between digits (1—10月, 2024—2026年)
# are ordinary Chinese range typography, not width variants: they stay, so a
# title quoted in 《》 keeps its own characters; normalize reads them as ranges.
_FULLWIDTH_IN_FIGURES = re.compile("(?<=[0-9\uff10-\uff19])[\uff0f\uff0d\uff0e\uff0b\uff1a](?=[0-9\uff10-\uff19])")
_FIGURE_SYMBOL = {"\uff0f": "/", "\uff0d": "-", "\uff0e": ".", "\uff0b": "+", "\uff1a": ":"}


def _find_fullwidth(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), chr(ord(m.group()) - 0xFEE0)) for m in _FULLWIDTH_ALWAYS.finditer(text)]
    edits += [Edit(m.start(), m.end(), _FIGURE_SYMBOL[m.group()]) for m in _FULLWIDTH_IN_FIGURES.finditer(text)]
    return edits


unify_fullwidth = Step(
    "unify_fullwidth",
    _find_fullwidth,
    "Full-width digits, Latin letters and ％ to ASCII; ／－．＋：to ASCII between digits "
    "(3－5座 → 3-5座, 1／10 → 1/10). Chinese punctuation (，：（）) stays.",
)

# --- 3. spun characters ------------------------------------------------------

# Characters that content spinners substitute for common ones, each with the
# context in which the substitute is a real word and must stay. Kept small on
# purpose: only substitutes that are (nearly) never right in news prose.
SPUN: dict[str, tuple[str, str | None]] = {
    "蕞": ("最", "尔"),  # 蕞尔 (tiny) is a real word
}
_SPUN_RE = re.compile(
    "|".join(re.escape(k) + (f"(?!{re.escape(keep)})" if keep else "") for k, (_, keep) in SPUN.items())
)

fix_spun_chars = Step(
    "fix_spun_chars",
    _sub_finder(_SPUN_RE, lambda m: SPUN[m.group()][0]),
    "Spun characters back to the usual ones (蕞 → 最, but 蕞尔 stays).",
)

# --- 4. related-article tails --------------------------------------------------

_TAIL_WORDS = (
    "相关文章|相关阅读|相关新闻|相关推荐|相关报道|相关内容|相关链接|相关资讯|推荐内容|推荐阅读|推荐文章|"
    "推荐新闻|延伸阅读|扩展阅读|拓展阅读|猜你喜欢|热门文章|热门推荐|热门阅读|热点推荐|热点新闻|精彩推荐|"
    "精彩阅读|为你推荐|为您推荐|更多阅读|更多精彩|更多新闻|更多资讯|往期回顾|往期推荐|往期精彩|大家都在看|"
    "看了本文的人还看了|你可能感兴趣|您可能感兴趣|你可能感兴趣的文章|您可能感兴趣的文章|最新文章|最新资讯|"
    "今日推荐|编辑推荐|本类推荐|本周热点|点击排行|排行榜|"
    # ranking widgets: 24小时排行, 热门排行, 一周热榜, 阅读排行榜
    "(?:(?:24|48|72)小时|今日|本日|本周|一周|本月|月度|热门|热点|点击|阅读|评论|人气|新闻|文章)(?:排行榜?|热榜)|热榜"
)
# The same headings composed: a word saying related / past / more /
# recommended / hot and a word saying articles / reports / picks (相关稿件,
# 往期精选, 延伸报道, 更多报道, 往期文章推荐). Only words that name other
# articles, so a heading of the story (最新进展, 相关工作) never cuts it.
_TAIL_LEAD = "相关|往期|延伸|扩展|拓展|推荐|热门|热点|精彩|更多|历史|精选|近期|今日|本期"
_TAIL_NOUN = (
    "稿件|文章|好文|热文|阅读|新闻|报道|内容|资讯|链接|精选|回顾|推荐|精彩|热点|文章推荐|内容推荐|阅读推荐|新闻推荐"
)
_DECOR = "\u3010\u3011\\[\\]<>《》「」『』()（）▌■□●○◆◇▶►▷▸◂◀◄➤➜→★☆>»›·•|｜:：\\-—_=~↓▼▽👇 \t\u3000"
_TAIL_HEAD = f"(?:{_TAIL_WORDS}|(?:{_TAIL_LEAD})(?:{_TAIL_NOUN}))"
# One heading, or a row of them (24小时排行 | 本周热点).
_TAIL_LINE = re.compile(f"^[{_DECOR}]*{_TAIL_HEAD}(?:[{_DECOR}]+{_TAIL_HEAD})*[{_DECOR}]*$")
# The heading and the first teaser on one line: 【相关新闻】园区召开年中会,
# 推荐阅读：《…》. Only with brackets or a colon after the heading, and a
# teaser that is no sentence.
_TAIL_INLINE = re.compile(
    f"^[{_DECOR}]*(?:[【\\[]{_TAIL_HEAD}[】\\]]|{_TAIL_HEAD}[{SPACES}]*[:：])[^。！？!?]{{2,50}}$"
)
# A tail marker only counts after some body text: the same words at the top
# of a page, before any running text, are navigation, not the end of the article.
TAIL_MIN_BODY = 20


def _find_tail(text: str) -> list[Edit]:
    seen_body = False
    for start, _end, line in _lines(text):
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

# --- 5. debris lines -----------------------------------------------------------

_SHORT = 100

# 当前位置, 您的位置, 您现在的位置, 您当前所在位置, 你现在所在的位置, 所在位置, 位置 …
_NAV_LABEL = re.compile(r"^(?:您|你)?(?:当前|现在)?(?:所在)?的?位置\s*[:：]")
_NAV_PATH = re.compile(r"(?:首页|主页|网站首页|新闻中心|返回首页)\s*(?:[>＞»›→/|｜]|&gt;|\s[-—–]\s)")
_PREV_NEXT = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇)\s*[:：]?")


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
    if _NAV_LABEL.match(s) or (len(s) <= _SHORT and _NAV_PATH.search(s) and not _prose(s)):
        return True
    return bool(_PREV_NEXT.match(s)) and len(s) <= _SHORT


drop_nav_crumbs = Step(
    "drop_nav_crumbs",
    _line_dropper(_is_nav_crumb),
    "Navigation crumbs (当前位置:首页 > …, 首页 » 新闻 » 正文), site menus of short labels between "
    "pipes (要闻 | 区域 | 成渝) and previous/next-article links.",
)

_STRONG_LABELS = (
    r"发布时间|发布日期|发表时间|发表日期|更新时间|发稿时间|录入时间|上传时间|来源|稿源|信息来源|文章来源|"
    r"作者|浏览次数|浏览量|阅读量|阅读数|点击量|点击数|字号|字体"
)
_WEAK_LABELS = r"时间|日期|出处|浏览|阅读|点击|人气"
_META_LABEL = re.compile(f"(?:{_STRONG_LABELS}|{_WEAK_LABELS})\\s*[:：]")
_STRONG_LABEL = re.compile(f"(?:{_STRONG_LABELS})\\s*[:：]")
# "4个月前 (09-21)", "3天前": a count of at most three digits (so the year in a
# title "2023年前三季度…" is not one), and the 前 ends the phrase ("5年前的今天"
# in a headline is not a timestamp).
# Header words some sites print without a colon ("发表于 2022-08-09 · 阅读 1.2万"):
# they count only beside a full date on a short line that is not a sentence, and
# a count word only with its count (a headline "…阅读推广活动启动" stays).
_BARE_LABEL = re.compile(r"发表于|发布于|(?:阅读|浏览|点击|评论|人气)(?:量|数|次数)?\s*\d")
# WeChat-style "来源 | 某某局" at the start of a short line: a label like "来源：".
_PIPE_LABEL = re.compile(f"^(?:{_STRONG_LABELS})\\s*[|｜]")
_RELATIVE_TIME = re.compile(r"(?<!\d)\d{1,3}\s*(?:秒|分钟|小时|天|周|个月|年)前(?![\u4e00-\u9fff])")
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
    if len(s) > _SHORT or _prose(s):
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
    _line_dropper(_is_meta_header),
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
_READ_TIME_TOKEN = (
    r"(?:点击)?(?:收听|听)(?:新闻)?|语音播报|播报|本文|全文|文章|字数|共|约|大约|需要|需|"
    r"预计|阅读|时长|时间|用时|读完|\d++(?:[.,]\d+)?|分钟|分|秒|字|min(?:ute)?s?|"
    f"[{SPACES}:：，,|｜/·•()（）▶►🎧]"
)
_READ_TIME_LINE = re.compile(f"(?:{_READ_TIME_TOKEN})+", re.I)
_READ_TIME_HINT = re.compile(r"听|阅读|读完|播报")
_LISTEN = re.compile(r"听|播报")


def _is_read_time(s: str) -> bool:
    if len(s) > 40 or not _READ_TIME_HINT.search(s) or not _READ_TIME_LINE.fullmatch(s):
        return False
    return bool(_LISTEN.search(s) or re.search(r"\d", s))


# The same notice inside a short header line that also carries a byline
# (文 | 张三　阅读时长｜6分钟): only the labelled form, a separator between the
# label and the figure, so 人均阅读时长25分钟 in a headline stays.
_READ_TIME_INLINE = re.compile(
    f"[{SPACES}]*(?:(?:点击)?(?:收听|听)全文[{SPACES}]*(?:约|大约)?"
    f"|(?:预计)?阅读(?:时长|时间|约需|需要|用时)[{SPACES}]*[:：|｜][{SPACES}]*(?:约|大约)?)"
    f"[{SPACES}]*\\d+(?:\\.\\d+)?[{SPACES}]*(?:分钟|min)"
)


def _find_read_time(text: str) -> list[Edit]:
    # Most texts have none of the words: one search skips the line scan.
    if not _READ_TIME_HINT.search(text):
        return []
    edits = []
    for s, e, line in _lines(text):
        stripped = line.strip(SPACES)
        if not stripped:
            continue
        if _is_read_time(stripped):
            edits.append(_delete_line(text, s, e))
        elif len(stripped) <= 40 and not _sentence_like(stripped):
            edits += [Edit(s + m.start(), s + m.end()) for m in _READ_TIME_INLINE.finditer(line)]
    return edits


drop_read_time_lines = Step(
    "drop_read_time_lines",
    _find_read_time,
    "Audio and read-time header lines: 听全文 约12分钟, 阅读时长：5分钟, 全文约3200字，阅读约需8分钟.",
)

_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|400[- ]?\d{3,4}[- ]?\d{3,4}|800[- ]?\d{3}[- ]?\d{4}|0\d{2,3}[- ]\d{7,8})")
_CONTACT_WORDS = re.compile(
    r"联系人|手机号|联系电话|联系方式|咨询电话|客服电话|服务热线|热线电话|微信号|微信/手机|电话/微信|"
    r"(?:电话|手机|微信|热线|传真|邮箱|QQ|E-?mail|Email)\s*[:：/]",
    re.I,
)


def _is_contact(s: str) -> bool:
    if len(s) > 150:
        return False
    words = {m.group() for m in _CONTACT_WORDS.finditer(s)}
    if any(ch in s for ch in "，,；") or s.endswith("。"):
        # A sentence: contact debris only with a number or two contact words
        # ("请说明您的需求、…联系人、手机号"), not "提供联系人服务。".
        return len(words) >= 2 or (bool(words) and bool(_PHONE.search(s)))
    if words:
        return True
    return bool(_PHONE.search(s)) and len(s) <= 60 and not _prose(s)


drop_contact_lines = Step(
    "drop_contact_lines",
    _line_dropper(_is_contact),
    "Contact lines: phone/WeChat/QQ/e-mail numbers and 'tell us your needs' lines.",
)

_SHARE = re.compile(
    r"扫描二维码|扫一扫|扫码|二维码|手机访问|长按识别|长按|关注公众号|关注我们|公众号|分享到|分享给|分享至|分享\s*[:：]|一键分享|转发到|"
    r"转发至|收藏本文|加入收藏|打印本页|打印本文|关闭窗口|返回顶部|回到顶部|【打印】|【关闭】|"
    r"点个.{0,2}在看|点亮.{0,2}在看|点击上方|点击下方|点击蓝字|蓝字关注|设为星标|星标公众号|置顶公众号|"
    r"在手机打开|手机阅读|手机版|"
    # App promotion (下载XX财经APP, 打开APP阅读全文, XX新闻客户端, 点击关注“XX日报”)
    r"(?:下载|打开|安装|登录|前往)[^，。；\n]{0,12}?(?:APP|App|app|客户端)|(?:APP|App|客户端)(?:内|中)?(?:阅读|查看|打开)|"
    r"(?:新闻|财经|日报|晚报|融媒|传媒|头条|资讯|商报|时报)(?:客户端|APP|App)|阅读全文|查看全文|展开全文|点击关注|"
    r"关注(?:我们|微信|官方)|(?:看|获取|查看|阅读)更多(?:深度|精彩|资讯|新闻|报道)?"
)


def _sentence_like(s: str) -> bool:
    return any(ch in s for ch in "，,；") or s.endswith(("。", "！", "？"))


def _marked(s: str, pattern: re.Pattern[str]) -> bool:
    """A line carries the pattern's debris words: one is enough for a label-like
    line, a line that reads as a sentence needs two different ones (so "扫码支付已
    覆盖全市" or "未经授权使用专利" in a story stay)."""
    words = {m.group() for m in pattern.finditer(s)}
    return len(words) >= (2 if _sentence_like(s) else 1)


# A bar of page actions and networks (点赞 在看 分享, 打印 | 关闭 | 收藏, 微信 微博 QQ空间):
# two or more of these words and nothing else but separators and counts.
_ACTION = re.compile(
    r"分享|转发|收藏|点赞|在看|打印|关闭|评论|举报|复制链接|微信|朋友圈|微博|QQ空间|QQ|豆瓣|抖音|"
    r"今日头条|腾讯微博|人人网|更多|阅读原文|赞|\d+(?:\.\d+)?万?",
    re.I,
)
_ACTION_REST = re.compile(r"[\s|｜/·•、,，:：【】\[\]()（）]*")


def _is_action_bar(s: str) -> bool:
    words = [m.group() for m in _ACTION.finditer(s) if not m.group()[0].isdigit()]
    return len(set(words)) >= 2 and bool(_ACTION_REST.fullmatch(_ACTION.sub("", s)))


def _is_share(s: str) -> bool:
    return len(s) <= 60 and (_marked(s, _SHARE) or _is_action_bar(s))


drop_share_lines = Step(
    "drop_share_lines", _line_dropper(_is_share), "QR-code, follow-us, share, print and close-window lines."
)

_COPYRIGHT = re.compile(
    r"版权声明|版权所有|版权归|著作权归|Copyright|\(c\)|©|免责声明|转载请注明|转载请联系|未经授权|未经许可|"
    r"不得转载|禁止转载|如有侵权|侵权必究|侵权请|内容收集于网络|内容来源于网络|来源于网络|"
    r"不代表本(?:站|网)观点|ICP备|ICP证|公网安备|网站标识码|网站识别码|本文转自|文章转自|本文转载自|转载自|"
    r"不构成(?:任何)?(?:投资建议|建议|要约|承诺)|据此操作|风险自担|投资有风险|入市需谨慎|仅代表作者|不代表本(?:平台|号|公众号)|"
    r"与本(?:站|网|平台)立场无关|不对.{0,6}准确性|仅供参考",
    re.I,
)
# A paragraph opened by a disclaimer label is a disclaimer whatever its length.
_DISCLAIMER_LABEL = re.compile(
    r"^[【\[]?(?:免责声明|免责条款|风险提示|特别声明|郑重声明|版权声明|法律声明)[】\]]?\s*[:：]?"
)


def _is_copyright(s: str) -> bool:
    if len(s) <= 1000 and _DISCLAIMER_LABEL.match(s):
        return True
    return len(s) <= 250 and _marked(s, _COPYRIGHT)


drop_copyright_lines = Step(
    "drop_copyright_lines",
    _line_dropper(_is_copyright),
    "Copyright, reprint and disclaimer lines; ICP registration lines.",
)

# A stock-quote strip (恒驰新能 688739  28.36  +2.15%  成交额 5.82亿  换手率 3.41%):
# quote terms, a ticker code, a signed change. Two different signals make a
# strip on a line that is not a sentence; a sentence ("公司市值达百亿元，换手率
# 上升") keeps its words unless it is a quote strip with commas, which needs a
# ticker code, a signed change and a quote term together.
_QUOTE_TERM = re.compile(
    r"成交额|成交量|换手率|总市值|流通市值|市值|市盈率|市净率|涨跌幅|涨跌额|振幅|量比|今开|昨收|最高价|最低价|"
    r"涨停|跌停|主力净流入|委比"
)
_TICKER = re.compile(
    r"(?<![\d.])(?:[036]\d{5}|[48]\d{5}|9\d{5})(?:\.(?:SH|SZ|BJ|SS))?(?![\d.])|"
    r"(?<![\d.])\d{4,5}\.HK(?![\d.])|\((?:[036]\d{5})\)",
    re.I,
)
_SIGNED_CHANGE = re.compile(r"(?<![\w.])[+\-−↑↓▲▼]\s?\d+(?:\.\d+)?%")


# A quote term counts with its figure (成交额 5.82亿, 市盈率(TTM)：23.5), so a
# heading "市值、市盈率双双走高" is no quote strip.
# Possessive space runs: three runs side by side split a line of spaces in
# every way (cubic); the items between them never start with a space.
_QUOTE_FIGURE = re.compile(
    f"(?:{_QUOTE_TERM.pattern})[{SPACES}]*+(?:[(（][A-Za-z]{{2,4}}[)）])?[{SPACES}]*+[:：]?[{SPACES}]*+[+\\-−]?\\d"
)


def _is_stock_quote(s: str) -> bool:
    if len(s) > 150 or "。" in s:
        return False
    terms = {m.group()[:2] for m in _QUOTE_FIGURE.finditer(s)}
    ticker = bool(_TICKER.search(s))
    change = bool(_SIGNED_CHANGE.search(s))
    if _sentence_like(s):
        return ticker and change and bool(terms)
    return len(terms) + ticker + change >= 2


drop_stock_quotes = Step(
    "drop_stock_quotes",
    _line_dropper(_is_stock_quote),
    "Stock-quote strips: a line with quote terms (成交额/换手率/市值/市盈率), a ticker code and a signed "
    "change, at least two of them (one line that reads as a sentence keeps its words).",
)

# Advertising: a line opened by an ad label (【广告】…, [推广], 广告：) or holding
# only one (推广, 赞助内容, 广告位).
_AD_LABEL = re.compile(r"^[【\[（(]\s*(?:广告|推广|赞助|AD|软文)\s*[】\]）)]|^(?:广告|推广)\s*[:：]", re.I)
_AD_ALONE = re.compile(r"(?:广告|推广|赞助|赞助内容|推广内容|广告位|广告位招租|AD|Advertisement|Sponsored)", re.I)


def _is_ad(s: str) -> bool:
    return (len(s) <= 200 and bool(_AD_LABEL.match(s))) or bool(_AD_ALONE.fullmatch(s))


drop_ad_lines = Step(
    "drop_ad_lines",
    _line_dropper(_is_ad),
    "Advertising lines inside the article: 【广告】…, [推广]…, a line that is only 推广 or 广告位.",
)

# Page controls printed inside a line: 【纠错】, [我要纠错], 【字号 大 中 小】,
# and the end mark （完） after the last sentence (…增长12%。（完）).
_INLINE_MARK = re.compile(
    f"[【\\[](?:我要)?纠错[】\\]]|[【\\[]字号[{SPACES}]*大[{SPACES}]*中[{SPACES}]*小[】\\]]"
    f"|(?<=[。！？”])[{SPACES}]*[（(](?:完|全文完|本文完)[）)](?=[{SPACES}]*(?:\\n|$))"
)


def _find_inline_marks(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end()) for m in _INLINE_MARK.finditer(text)]


drop_inline_marks = Step(
    "drop_inline_marks",
    _find_inline_marks,
    "Page controls inside a line (【纠错】, 【字号 大 中 小】) and the end mark （完） after the last sentence.",
)

_URL = re.compile(r"(?:https?://|www\.)[\w\-./?%&=#:~+@!,;]+", re.I)
_LINK_LABEL = re.compile(
    r"^(?:本文链接|原文链接|原文地址|文章链接|本文地址|网址|链接|阅读原文|查看原文|点击查看|点击阅读)\s*[:：]?"
)


def _is_link(s: str) -> bool:
    if _LINK_LABEL.match(s) and len(s) <= 200:
        return True
    if not _URL.search(s):
        return False
    rest = _URL.sub("", s)
    return len(rest.strip(SPACES)) <= 20


drop_link_lines = Step(
    "drop_link_lines", _line_dropper(_is_link), "Link lines: 本文链接:http://…, 原文链接, a bare URL."
)

_TAG = re.compile(r"^(?:标签|关键词|关键字|热门标签|相关标签|文章标签|话题|Tags?|TAG)\s*[:：]", re.I)

# Attachment lines: a file name (名词解释（共28条）.pdf, 统计公报.pdf（1.36MB）),
# an 附件/相关附件/附件下载 heading alone or with its list entry (附件1：分工表),
# a bare download button. Only lines that are no sentence (no 。！？).
_FILE_EXT = r"\.(?:pdf|docx?|xlsx?|wps|et|pptx?|zip|rar|7z|ofd|txt|csv)"
_FILE_LINE = re.compile(f"{_FILE_EXT}[{SPACES}]*(?:[（(][^）)\n]{{0,20}}[）)])?[{SPACES}]*$", re.I)
_ATTACH_HEAD = re.compile(
    f"^[{_DECOR}]*(?:相关附件|附件(?:下载|列表)?[0-9一二三四五六七八九十]*)[{_DECOR}]*$"
    f"|^[{_DECOR}]*(?:相关附件|附件(?:下载|列表)?[0-9一二三四五六七八九十]*)[{SPACES}]*[:：]"
)
_DOWNLOAD = re.compile(f"^[{_DECOR}]*(?:点击|立即|免费|文件|全文)?下载(?:附件|文件|全文|原文|文档)?[{_DECOR}]*$")


def _is_attachment(s: str) -> bool:
    if len(s) > 120 or any(ch in s for ch in "。！？!?"):
        return False
    return bool(_FILE_LINE.search(s) or _ATTACH_HEAD.match(s) or _DOWNLOAD.match(s))


drop_attachment_lines = Step(
    "drop_attachment_lines",
    _line_dropper(_is_attachment),
    "Attachment lines: 附件：…/相关附件 headings, file names (….pdf, ….docx（128KB）), 下载 buttons.",
)

# Participation / vote / comment widgets: 已有0人参与, 共128人投票, 已有3条评论.
_WIDGET = re.compile(
    r"(?:已有|已经有|共有|共)[ ]?\d+[ ]?(?:人|位网友|位用户|人次|条)[ ]?"
    r"(?:参与|投票|评论|点赞|围观|阅读|浏览|收藏|关注|转发|推荐|回复)(?![\u4e00-\u9fff])"
)


def _is_widget(s: str) -> bool:
    return len(s) <= 60 and not any(ch in s for ch in "。！？!?，,；;") and bool(_WIDGET.search(s))


drop_widget_lines = Step(
    "drop_widget_lines",
    _line_dropper(_is_widget),
    "Participation and vote widgets: 已有0人参与, 共128人投票 (a line that is no sentence).",
)

drop_tag_lines = Step(
    "drop_tag_lines",
    _line_dropper(lambda s: len(s) <= _SHORT and bool(_TAG.match(s))),
    "Tag and keyword lines: 标签: 产业链, Tags: …",
)

_EDITOR_ROLE = r"(?:责任编辑|责编|编辑|校对|审核|审校|终审|初审|复审|值班编辑|主编|美编|编审|监制|编校|实习编辑)"
_EDITOR_INLINE = re.compile(
    f"[【\\[(（]\\s*(?:{_EDITOR_ROLE}[\\s:：|｜/]|责任编辑|责编)[^】\\]）)\n]{{0,40}}[】\\]）)]"
)
_EDITOR_LINE = re.compile(f"^(?:本期|本文|本版|本篇)?{_EDITOR_ROLE}\\s*[:：|｜/ ]")


def _find_editor(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end()) for m in _EDITOR_INLINE.finditer(text)]
    taken = _Sweep([(e.start, e.end) for e in edits])
    for s, e, line in _lines(text):
        stripped = line.strip(SPACES)
        if stripped and len(stripped) <= 60 and _EDITOR_LINE.match(stripped) and not taken.overlaps(s, e + 1):
            edits.append(_delete_line(text, s, e))
    return edits


drop_editor_notes = Step(
    "drop_editor_notes", _find_editor, "Editor notes: 【编辑:刘阳禾】, (责任编辑：…), a line 责任编辑：… / 校对：…"
)

_CREDIT_INLINE = re.compile(r"[(（]\s*(?:资料图片?|图片|图源|配图|图文无关|示意图|网络图片)[^)）\n]{0,20}[)）]")
_CREDIT_LINE = re.compile(
    r"^(?:本版|本文|文中|题图|封面)?(?:图片|图片来源|图源|配图|供图|图片提供|摄影|图)\s*(?:来源|来自|由)?\s*[:：|｜/／]"
)
# Credit lines that name nobody: these go; credits naming a photographer stay.
_ANONYMOUS_SOURCE = re.compile(
    r"网络|图库|资料|视觉中国|图虫|千图|摄图|全景|东方IC|IC photo|Pixabay|Unsplash|本报|本刊|本站|官网", re.I
)


# A caption line that is only a stock note: 资料图, （示意图）, 网络配图.
_CREDIT_ALONE = re.compile(r"[（(【\[]?(?:资料图片?|示意图|网络配图|网络图片|图片来自网络|图源网络|图文无关)[)）】\]]?")


# A line labelled as the picture's source (图片来源：新华社) is a credit, not a
# caption, whoever it names; 摄影：/供图： lines name photographers and stay.
_SOURCE_CREDIT = re.compile(
    r"^[（(【\[]?(?:本文|文中|题图|封面|头图|封面图)?(?:图片来源|图片来自|图片出处|图源|图片提供)\s*[:：|｜/／]"
)


def _find_credit(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end()) for m in _CREDIT_INLINE.finditer(text)]
    taken = _Sweep([(e.start, e.end) for e in edits])
    for s, e, line in _lines(text):
        stripped = line.strip(SPACES)
        if (
            stripped
            and len(stripped) <= 40
            and (
                (_CREDIT_LINE.match(stripped) and _ANONYMOUS_SOURCE.search(stripped))
                or _SOURCE_CREDIT.match(stripped)
                or _CREDIT_ALONE.fullmatch(stripped)
            )
            and not taken.overlaps(s, e + 1)
        ):
            edits.append(_delete_line(text, s, e))
    return edits


drop_photo_credits = Step(
    "drop_photo_credits",
    _find_credit,
    "Photo notes and credits that name no one: (资料图片仅供参考), （图片来源：网络）, 本版图片来源:本报图库; "
    "lines labelled 图片来源：… whoever they name.",
)

# Possessive space runs (each is followed by a non-space): the inline form is
# searched in the whole text, and (上接 with 100,000 spaces was split between
# two runs in every way.
_PAGE_JUMP = r"(?:上接|下转|接上|转下|转接|接第|转第|转至第|接自第)\s*+(?:第)?\s*+(?:\d+|[一二三四五六七八九十]+)\s*+版"
_PAGE_LINE = re.compile(f"^[▲▼△▽◆◇■□●○▶►◀◄\\s]*[(（]?\\s*{_PAGE_JUMP}\\s*[)）]?[▲▼△▽◆◇■□●○▶►◀◄\\s]*$")
_PAGE_INLINE = re.compile(f"[(（]\\s*+{_PAGE_JUMP}\\s*+[)）]")


def _find_page_marker(text: str) -> list[Edit]:
    edits = []
    for s, e, line in _lines(text):
        stripped = line.strip(SPACES)
        if stripped and len(stripped) <= 40 and _PAGE_LINE.match(stripped):
            edits.append(_delete_line(text, s, e))
    covered = _Sweep([(x.start, x.end) for x in edits])
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
    r"共\s*\d+\s*页|第\s*\d+\s*页|(?:点击|点此)?(?:查看|进入|阅读|浏览)?(?:上一页|下一页|上页|下页|前一页|后一页)"
    r"(?:继续阅读)?|首页|尾页|末页|最后一页|第一页|跳转|转到第?|Prev(?:ious)?|Next|GO",
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
    for s, e, line in _lines(text):
        stripped = line.strip(SPACES)
        if not stripped:
            continue
        if _is_pager(stripped):
            edits.append(_delete_line(text, s, e))
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
    r"^[-—_=~*·•.。\s]*[(（【\[]?\s*(?:END|End|end|THE END|The End|完|全文完|本文完)\s*[)）】\]]?[-—_=~*·•.。\s]*$"
)
_WORD_CHAR = re.compile(f"[{HAN}A-Za-z0-9]")


def _is_ornament(s: str) -> bool:
    return _WORD_CHAR.search(s) is None or (len(s) <= 20 and bool(_ORNAMENT_WORDS.match(s)))


drop_ornament_lines = Step(
    "drop_ornament_lines",
    _line_dropper(_is_ornament),
    "Lines of symbols only (▼, ***, ———) and end marks (END, （完）).",
)

# --- 6. punctuation and figures --------------------------------------------------

_CJK_CHAR = re.compile(f"[{HAN}{CJK_PUNCT}]")


def _find_commas(text: str) -> list[Edit]:
    edits: list[Edit] = []
    n = len(text)
    for i in (m.start() for m in re.finditer(",", text)):
        # Spaces around the comma, scanned by hand: a regex with a leading
        # [spaces]* would be quadratic on long runs of spaces.
        lo = i
        while lo > 0 and text[lo - 1] in SPACES:
            lo -= 1
        hi = i + 1
        while hi < n and text[hi] in SPACES:
            hi += 1
        if edits and lo < edits[-1].end:  # ",,": spaces already claimed by the previous comma
            lo = max(i, edits[-1].end)
        before = text[lo - 1] if lo > 0 else ""
        after = text[hi] if hi < n else ""
        digits = text[i + 1 : i + 4]
        grouping = (
            lo == i
            and hi == i + 1
            and before.isdigit()
            and len(digits) == 3
            and digits.isdigit()
            and not text[i + 4 : i + 5].isdigit()
        )
        if grouping or not (_CJK_CHAR.match(before or " ") or _CJK_CHAR.match(after or " ")):
            continue
        if lo < i:
            edits.append(Edit(lo, i))
        edits.append(Edit(i, i + 1, "，"))
        if i + 1 < hi:
            edits.append(Edit(i + 1, hi))
    return edits


chinese_commas = Step(
    "chinese_commas",
    _find_commas,
    "An ASCII comma next to Chinese text becomes '，' (spaces around it go); a comma grouping "
    "digits (1,352) and commas in Latin text stay.",
)

_FIGURE_SPACE = re.compile(f"(?<=[0-9%‰])[{SPACES}]+(?=[{HAN}])|(?<=[{HAN}])[{SPACES}]+(?=[0-9])")


def _find_figure_spaces(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end()) for m in _FIGURE_SPACE.finditer(text)]


tighten_figures = Step(
    "tighten_figures",
    _find_figure_spaces,
    "Spaces between a figure and Chinese text go: 2017 年 → 2017年, 3.83 亿元, 30 余家, 共有 152 家.",
)

# --- 7. layout --------------------------------------------------------------------


def _find_line_spaces(text: str) -> list[Edit]:
    edits = []
    for s, e, line in _lines(text):
        lead = len(line) - len(line.lstrip(SPACES))
        if lead == len(line):
            if line:
                edits.append(Edit(s, e))
            continue
        trail = len(line) - len(line.rstrip(SPACES))
        if lead:
            edits.append(Edit(s, s + lead))
        if trail:
            edits.append(Edit(e - trail, e))
    return edits


strip_line_spaces = Step(
    "strip_line_spaces",
    _find_line_spaces,
    "Indentation and trailing spaces of every line; whitespace-only lines become empty.",
)


def _paragraph_key(line: str) -> str:
    return "".join(line.split())


DEDUP_MIN_CHARS = 8


def _find_repeats(text: str) -> list[Edit]:
    seen: set[str] = set()
    edits = []
    for s, e, line in _lines(text):
        key = _paragraph_key(line)
        if len(key) < DEDUP_MIN_CHARS:
            continue
        if key in seen:
            edits.append(_delete_line(text, s, e))
        else:
            seen.add(key)
    return edits


drop_repeated_paragraphs = Step(
    "drop_repeated_paragraphs",
    _find_repeats,
    "A paragraph repeated verbatim (whitespace aside) is kept at its first place only.",
)

_ENUM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+[，,、])"
)
_CUT_END = re.compile(f"[{HAN}0-9A-Za-z%、，,“《(（]$")
_CONT_START = re.compile(f"^[{HAN}0-9A-Za-z，。、；：,;:)）》”%]")
_BULLETS = "◇◆■□●○▶►▷★☆•·-—※"


def _unbalanced(s: str) -> bool:
    return (
        s.count("《") > s.count("》")
        or s.count("“") > s.count("”")
        or s.count("（") > s.count("）")
        or s.count("(") > s.count(")")
    )


def _is_cut(prev: str, nxt: str) -> bool:
    """Does ``prev`` end mid-sentence with ``nxt`` its continuation (a page break between)?"""
    if not _CUT_END.search(prev) or _ENUM_START.match(prev) or prev[0] in _BULLETS:
        return False
    prev_prose = len(prev) >= 10 and (any(c in prev for c in "，；。,") or _unbalanced(prev))
    if prev.endswith(("、", "，", ",")):
        prev_prose = True
    if not prev_prose:
        return False
    return bool(_CONT_START.match(nxt)) and any(c in nxt for c in "，。；！？,") and nxt[0] not in _BULLETS


def _find_page_breaks(text: str) -> list[Edit]:
    edits = []
    prev: tuple[int, int, str] | None = None
    for s, e, line in _lines(text):
        if not line:
            continue
        if prev is not None and _is_cut(prev[2], line):
            cut_end = s
            # The page repeated the last character: '…发展水平' + '平。' -> '…发展水平。'
            if line[0] == prev[2][-1] and (len(line) == 1 or line[1] in TERMINAL + "，、,"):
                cut_end = s + 1
            if prev[2][-1].isascii() and prev[2][-1].isalnum() and line[0].isascii() and line[0].isalnum():
                # Latin words wrapped at a page break keep one space between them.
                edits.append(Edit(prev[1], prev[1] + 1, " "))
                edits.append(Edit(prev[1] + 1, cut_end))
            else:
                edits.append(Edit(prev[1], cut_end))
        prev = (s, e, line)
    return edits


join_page_breaks = Step(
    "join_page_breaks",
    _find_page_breaks,
    "A sentence cut by a page break is joined again (…也已成\\n\\n为… → …也已成为…): the first part "
    "is running text ending without punctuation, the second continues it; a character the page "
    "repeated (水平\\n\\n平。) is dropped.",
)

_BLANKS = re.compile(r"\n{3,}")


def _find_blank_runs(text: str) -> list[Edit]:
    edits = [Edit(m.start() + 2, m.end()) for m in _BLANKS.finditer(text)]
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - len(text.rstrip("\n"))
    if lead == len(text):
        return [Edit(0, len(text))] if text else []
    if lead:
        edits = [x for x in edits if x.start >= lead] + [Edit(0, lead)]
    if trail:
        edits = [x for x in edits if x.end <= len(text) - trail] + [Edit(len(text) - trail, len(text))]
    return edits


tidy_blank_lines = Step(
    "tidy_blank_lines", _find_blank_runs, "Runs of blank lines become one blank line; leading and trailing newlines go."
)


def _find_front_matter(text: str) -> list[Edit]:
    from . import front_matter

    found = front_matter.span(text)
    return [Edit(found[0], found[1], "")] if found else []


drop_front_matter = Step(
    "drop_front_matter",
    _find_front_matter,
    "A YAML front matter block (---, key: value lines, ---) at the very top is metadata "
    "(metadata.py reads its title and date), not text.",
)

# --- the composition ----------------------------------------------------------------

STEPS: tuple[Step, ...] = (
    drop_front_matter,
    decode_html_entities,
    decode_html_entities,  # again: double-escaped text (&amp;nbsp;, &amp;ldquo;) is common in CMS exports
    strip_html_tags,
    normalize_line_ends,
    unify_fullwidth,
    fix_spun_chars,
    cut_related_tail,
    drop_nav_crumbs,
    drop_meta_headers,
    drop_read_time_lines,
    drop_contact_lines,
    drop_share_lines,
    drop_stock_quotes,
    drop_ad_lines,
    drop_inline_marks,
    drop_copyright_lines,
    drop_link_lines,
    drop_attachment_lines,
    drop_widget_lines,
    drop_tag_lines,
    drop_editor_notes,
    drop_photo_credits,
    drop_page_markers,
    drop_pager_lines,
    drop_ornament_lines,
    chinese_commas,
    tighten_figures,
    strip_line_spaces,
    drop_repeated_paragraphs,
    join_page_breaks,
    strip_line_spaces,
    tidy_blank_lines,
)


def clean_aligned(raw: str, steps: tuple[Step, ...] = STEPS) -> Aligned:
    """Run every step on ``raw``; the result carries the clean→raw map."""
    aligned = Aligned.from_raw(raw)
    for step in steps:
        aligned = aligned.apply(step.find(aligned.text))
    return aligned


def clean(raw: str) -> str:
    """The clean text (the composition of every step as ``str -> str``)."""
    text = raw
    for step in STEPS:
        text = step(text)
    return text
