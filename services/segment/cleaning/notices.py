"""Site notices around the article: contact, share and follow-us lines, action
bars, copyright and disclaimers, stock-quote strips, ads, inline page
controls, links, tags, attachments and participation widgets.
"""

from __future__ import annotations

import re

from docpipe.contact_names import names_someone
from docpipe.textclasses import HAN_CHAR

from ..offsets import Edit
from .step import DECOR, SHORT, SPACES, Step, is_prose, line_dropper, marked, sentence_like, vocabulary

_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|400[- ]?\d{3,4}[- ]?\d{3,4}|800[- ]?\d{3}[- ]?\d{4}|0\d{2,3}[- ]\d{7,8})")
_CONTACT_WORDS = re.compile(vocabulary("contact_words.txt"), re.I)


def _is_contact(s: str) -> bool:
    if len(s) > 150:
        return False
    # A person to call (项目联系人：黄欢, 唐建钊 17711350482) is named in the article:
    # the line stays for the persons recogniser (docpipe.contact_names).
    if names_someone(s):
        return False
    words = {m.group() for m in _CONTACT_WORDS.finditer(s)}
    if any(ch in s for ch in "，,；") or s.endswith("。"):
        # A sentence: contact debris only with a number or two contact words
        # ("请说明您的需求、…联系人、手机号"), not "提供联系人服务。".
        return len(words) >= 2 or (bool(words) and bool(_PHONE.search(s)))
    if words:
        return True
    return bool(_PHONE.search(s)) and len(s) <= 60 and not is_prose(s)


drop_contact_lines = Step(
    "drop_contact_lines",
    line_dropper(_is_contact),
    "Contact lines: phone/WeChat/QQ/e-mail numbers and 'tell us your needs' lines.",
)

_SHARE = re.compile(vocabulary("share_words.txt"))


# two or more of these words and nothing else but separators and counts.
_ACTION = re.compile(vocabulary("action_words.txt"), re.I)
_ACTION_REST = re.compile(r"[\s|｜/·•、,，:：【】\[\]()（）]*")


def _is_action_bar(s: str) -> bool:
    words = [m.group() for m in _ACTION.finditer(s) if not m.group()[0].isdigit()]
    return len(set(words)) >= 2 and bool(_ACTION_REST.fullmatch(_ACTION.sub("", s)))


def _is_share(s: str) -> bool:
    return len(s) <= 60 and (marked(s, _SHARE) or _is_action_bar(s))


drop_share_lines = Step(
    "drop_share_lines", line_dropper(_is_share), "QR-code, follow-us, share, print and close-window lines."
)

_COPYRIGHT = re.compile(vocabulary("copyright_words.txt"), re.I)
# A paragraph opened by a disclaimer label is a disclaimer whatever its length.
_DISCLAIMER_LABEL = re.compile(f"^[【\\[]?(?:{vocabulary('disclaimer_labels.txt')})[】\\]]?\\s*[:：]?")


def _is_copyright(s: str) -> bool:
    if len(s) <= 1000 and _DISCLAIMER_LABEL.match(s):
        return True
    return len(s) <= 250 and marked(s, _COPYRIGHT)


drop_copyright_lines = Step(
    "drop_copyright_lines",
    line_dropper(_is_copyright),
    "Copyright, reprint and disclaimer lines; ICP registration lines.",
)

# A stock-quote strip (恒驰新能 688739  28.36  +2.15%  成交额 5.82亿  换手率 3.41%):
# quote terms, a ticker code, a signed change. Two different signals make a
# strip on a line that is not a sentence; a sentence ("公司市值达百亿元，换手率
# 上升") keeps its words unless it is a quote strip with commas, which needs a
# ticker code, a signed change and a quote term together.
_QUOTE_TERM = re.compile(vocabulary("quote_terms.txt"))
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
    if sentence_like(s):
        return ticker and change and bool(terms)
    return len(terms) + ticker + change >= 2


drop_stock_quotes = Step(
    "drop_stock_quotes",
    line_dropper(_is_stock_quote),
    "Stock-quote strips: a line with quote terms (成交额/换手率/市值/市盈率), a ticker code and a signed "
    "change, at least two of them (one line that reads as a sentence keeps its words).",
)

# Advertising: a line opened by an ad label (【广告】…, [推广], 广告：) or holding
# only one (推广, 赞助内容, 广告位).
_AD_LABEL = re.compile(
    r"^[【\[（(]\s*(?:" + vocabulary("ad_labels.txt") + r")\s*[】\]）)]|^(?:广告|推广)\s*[:：]", re.I
)
_AD_ALONE = re.compile(f"(?:{vocabulary('ad_words.txt')})", re.I)


def _is_ad(s: str) -> bool:
    return (len(s) <= 200 and bool(_AD_LABEL.match(s))) or bool(_AD_ALONE.fullmatch(s))


drop_ad_lines = Step(
    "drop_ad_lines",
    line_dropper(_is_ad),
    "Advertising lines inside the article: 【广告】…, [推广]…, a line that is only 推广 or 广告位.",
)

# Page controls printed inside a line: 【纠错】, [我要纠错], 【字号 大 中 小】,
# and the end mark （完） after the last sentence (…增长12%。（完）).
_INLINE_MARK = re.compile(
    f"[【\\[](?:我要)?纠错[】\\]]|[【\\[]字号[{SPACES}]*大[{SPACES}]*中[{SPACES}]*小[】\\]]"
    f"|(?<=[。！？”])[{SPACES}]*[（(](?:{vocabulary('end_marks.txt')})[）)](?=[{SPACES}]*(?:\\n|$))"
)


def _find_inline_marks(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end()) for m in _INLINE_MARK.finditer(text)]


drop_inline_marks = Step(
    "drop_inline_marks",
    _find_inline_marks,
    "Page controls inside a line (【纠错】, 【字号 大 中 小】) and the end mark （完） after the last sentence.",
)

_URL = re.compile(r"(?:https?://|www\.)[\w\-./?%&=#:~+@!,;]+", re.I)
_LINK_LABEL = re.compile(f"^(?:{vocabulary('link_labels.txt')})\\s*[:：]?")


def _is_link(s: str) -> bool:
    if _LINK_LABEL.match(s) and len(s) <= 200:
        return True
    if not _URL.search(s):
        return False
    rest = _URL.sub("", s)
    return len(rest.strip(SPACES)) <= 20


drop_link_lines = Step(
    "drop_link_lines", line_dropper(_is_link), "Link lines: 本文链接:http://…, 原文链接, a bare URL."
)

_TAG = re.compile(f"^(?:{vocabulary('tag_labels.txt')})\\s*[:：]", re.I)

# Attachment lines: a file name (名词解释（共28条）.pdf, 统计公报.pdf（1.36MB）),
# an 附件/相关附件/附件下载 heading alone or with its list entry (附件1：分工表),
# a bare download button. Only lines that are no sentence (no 。！？).
_FILE_EXT = f"\\.(?:{vocabulary('file_extensions.txt')})"
_FILE_LINE = re.compile(f"{_FILE_EXT}[{SPACES}]*(?:[（(][^）)\n]{{0,20}}[）)])?[{SPACES}]*$", re.I)
_ATTACH_HEAD = re.compile(
    f"^[{DECOR}]*(?:相关附件|附件(?:下载|列表)?[0-9一二三四五六七八九十]*)[{DECOR}]*$"
    f"|^[{DECOR}]*(?:相关附件|附件(?:下载|列表)?[0-9一二三四五六七八九十]*)[{SPACES}]*[:：]"
)
_DOWNLOAD = re.compile(
    f"^[{DECOR}]*(?:{vocabulary('download_leads.txt')})?下载(?:{vocabulary('download_objects.txt')})?[{DECOR}]*$"
)


def _is_attachment(s: str) -> bool:
    if len(s) > 120 or any(ch in s for ch in "。！？!?"):
        return False
    return bool(_FILE_LINE.search(s) or _ATTACH_HEAD.match(s) or _DOWNLOAD.match(s))


drop_attachment_lines = Step(
    "drop_attachment_lines",
    line_dropper(_is_attachment),
    "Attachment lines: 附件：…/相关附件 headings, file names (….pdf, ….docx（128KB）), 下载 buttons.",
)

# Participation / vote / comment widgets: 已有0人参与, 共128人投票, 已有3条评论.
_WIDGET = re.compile(
    f"(?:{vocabulary('widget_leads.txt')})[ ]?\\d+[ ]?(?:{vocabulary('widget_counted.txt')})[ ]?"
    f"(?:{vocabulary('widget_actions.txt')})"
    f"(?!{HAN_CHAR})"
)


def _is_widget(s: str) -> bool:
    return len(s) <= 60 and not any(ch in s for ch in "。！？!?，,；;") and bool(_WIDGET.search(s))


drop_widget_lines = Step(
    "drop_widget_lines",
    line_dropper(_is_widget),
    "Participation and vote widgets: 已有0人参与, 共128人投票 (a line that is no sentence).",
)

drop_tag_lines = Step(
    "drop_tag_lines",
    line_dropper(lambda s: len(s) <= SHORT and bool(_TAG.match(s))),
    "Tag and keyword lines: 标签: 产业链, Tags: …",
)
