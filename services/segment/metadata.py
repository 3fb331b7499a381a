"""Title and publication date, detected from the text when the request gives none."""

from __future__ import annotations

import datetime as dt
import re

from docpipe.textclasses import HAN, HAN_CHAR
from docpipe.wordlists import alternation, group_alternation

from . import front_matter
from .cleaning.headers import ORIGINAL_TITLE, is_menu
from .cleaning.markup import decode_html_entities, strip_html_tags
from .cleaning.pages import cut_related_tail
from .cleaning.step import SPACES, TERMINAL
from .report_cover import cover_date
from .url_date import source_url_date

# A date as news sites print it: 2024-11-24, 2024/11/24, 2024.11.24, 2021年04月21日;
# some pages glue the clock to the day (2005.08.2605:39, 2019-09-3007:42).
_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:(?!\d)|(?=\d{1,2}:\d{2}))"
    r"|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"
)
_TIME = re.compile(r"^\s*\d{1,2}[:：]\d{2}")
# A print edition's date line: the date and the page it ran on (（2025年06月01日第 01 版）).
_EDITION = re.compile(
    r"^\s*第\s*[A-Za-z]?\d{1,3}\s*(?:" + alternation("documents/edition_marks.txt", longest_first=True) + ")"
)
# A bare label (时间, 日期) must stand alone: the tail of a longer label (投标截止时间,
# 开标时间) names another date, one a tender notice sets, not the page's.
_LABEL = re.compile(
    "(?:"
    + alternation("documents/date_labels.txt")
    + f"|(?<![{HAN}])(?:"
    + alternation("documents/date_labels_bare.txt")
    + r"))\s*[:：]?\s*$"
)
# A publication label as a field of a long line: after a space, with its colon,
# at most a short qualifier (本次) before it.
_FIELD_LABEL = re.compile("(?:^|\\s)[^\\s]{0,2}(?:" + alternation("documents/date_labels.txt") + r")\s*[:：]\s*$")
# Labels trusted only in the header lines: in the story they date other things.
_HEADER_LABEL = re.compile("(?:" + alternation("documents/header_date_labels.txt") + r")\s*[:：]?\s*$")
# Only this many leading non-empty lines are searched for an unlabelled date:
# further down, a date is part of the story, not of the page header.
HEADER_LINES = 8
HEADER_LINE_MAX = 100


# Sites with long menus put more lines above the story: the header runs to
# the first line of running text, but never past this many lines.
HEADER_LINES_MAX = 30


def _header_lines(lines: list[str]) -> list[str]:
    """The first HEADER_LINES non-empty lines, or all lines above the first
    paragraph of running text when that comes later (at most HEADER_LINES_MAX)."""
    first_prose = next((i for i, ln in enumerate(lines) if any(c in ln for c in "。！？")), len(lines))
    return lines[: max(HEADER_LINES, min(first_prose, HEADER_LINES_MAX))]


# A web page saved whole puts its site menus, log-in boxes and share buttons
# above the story, often more lines than the header holds; the title block
# (title, date, source) stands right above the story's first paragraph. A
# paragraph of the story: a line this long with a full stop in it (a menu
# item, a headline or a button's message has none: 扫描成功！).
STORY_LINE_MIN = 40
# How many lines above that paragraph make its title block, and how far down
# the page it is looked for.
TITLE_BLOCK_LINES = 12
STORY_SEARCH_LINES = 400


def _title_block(lines: list[str], header_len: int) -> list[str]:
    """The lines right above the story's first paragraph (``STORY_LINE_MIN``)
    that the header (its first ``header_len`` lines) does not already hold;
    none when the page has no such paragraph."""
    start = next(
        (i for i, ln in enumerate(lines[:STORY_SEARCH_LINES]) if "。" in ln and len(ln) >= STORY_LINE_MIN),
        None,
    )
    if start is None:
        return []
    return lines[max(header_len, start - TITLE_BLOCK_LINES) : start]


def _valid(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _dates(line: str) -> list[tuple[re.Match[str], str]]:
    out = []
    for m in _DATE.finditer(line):
        month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
        iso = _valid(m.group(1), month, day)
        if iso:
            out.append((m, iso))
    return out


# Full-width digits and the separators dates are printed with, folded to ASCII
# before matching (``发布时间:２０２３－10－25``): one character for one, so the
# header reads as the cleaned text would.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "\uff0d": "-",
        "\uff0f": "/",
        "\uff0e": ".",
        "\uff1a": ":",
        "\u2014": "-",
        "\u2013": "-",
    }
)
# A date another item carries on a header line (最新推荐文章于 2024-02-02 22:51:05 发布,
# 上一篇：…): not the page's.
_OTHER_ITEM = re.compile("(?:" + alternation("documents/other_item_date_marks.txt") + r")\s{0,3}[:：]?\s{0,3}$")
# An update date is used only when the page states no publication date.
_UPDATE_LABEL = re.compile("(?:" + alternation("documents/update_labels.txt") + r")\s*[:：]?\s*$")


def _unmarked(raw: str) -> str:
    """The raw text with HTML entities decoded and stray tags gone (as cleaning does)."""
    return strip_html_tags(decode_html_entities(raw))


# A wire dateline opening a paragraph: an agency or site, a place, then the month and day.
_DATELINE = re.compile(
    r"^[^\d，。,、：:]{1,20}?(\d{1,2})月(\d{1,2})日(?:" + alternation("documents/dateline_marks.txt") + ")"
)


def _dateline(header: list[str], found: str) -> str | None:
    """The wire dateline in the header's lines (中国日报网12月28日电) as a date,
    read in the year that puts it nearest ``found`` (a December dateline on a
    January page is last year's), or None."""
    stated = dt.date.fromisoformat(found)
    for line in header:
        m = _DATELINE.match(line)
        if not m:
            continue
        readings = [_valid(str(y), m.group(1), m.group(2)) for y in (stated.year, stated.year - 1)]
        dates = [dt.date.fromisoformat(r) for r in readings if r]
        return min(dates, key=lambda d: abs((d - stated).days)).isoformat() if dates else None
    return None


# A dateline with no date stated on the page: the year comes from the news its
# paragraph reports. A year inside a cited title (《…（2016－2018年）》), ending a span
# or a goal (到2025年) or opening one (2005年以来) is not it.
_LEAD_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_SPAN_END = re.compile(r"(?:[-－–—~～]|" + alternation("documents/span_end_marks.txt") + r")\s*$")
_SPAN_START = re.compile(r"^\s*(?:[-－–—~～]\s*\d|" + alternation("documents/range_next_marks.txt") + ")")
_WHOLE_YEAR = re.compile(r"^\s*(?:" + alternation("documents/whole_year_next.txt", longest_first=True) + ")")
_CITED_TITLE = re.compile(r"《[^《》]*》")
_PLAN = re.compile("(?:" + alternation("documents/plan_marks.txt") + ")")
_PRINT_SOURCE = re.compile(r"^(?:" + alternation("documents/print_dateline_sources.txt") + ")")
# A whole year's figures (annual results, a year's review) come out by the end of
# April of the next year (listed companies' annual reports are due by April 30).
ANNUAL_RESULTS_MONTH_MAX = 4


def _sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` that holds the character at ``at``."""
    start = max(text.rfind(c, 0, at) for c in TERMINAL) + 1
    ends = [i for i in (text.find(c, at) for c in TERMINAL) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _lead_year(lead: str, month: int) -> int | None:
    """The year of the news a dateline's paragraph reports: the latest year it
    names, or the one after when that year is reported whole (2019年，…; 2015年度;
    no plan word in its sentence: 2020年，我国将…) and the dateline falls in the
    annual results' season; None if it names none."""
    text = _CITED_TITLE.sub(lambda t: "　" * len(t.group(0)), lead)
    years: list[tuple[int, bool]] = []
    for m in _LEAD_YEAR.finditer(text):
        if _SPAN_END.search(text[max(0, m.start() - 3) : m.start()]) or _SPAN_START.match(text[m.end() :]):
            continue
        sentence = _sentence_at(text, m.start())
        years.append((int(m.group(1)), bool(_WHOLE_YEAR.match(text[m.end() :])) and not _PLAN.search(sentence)))
    if not years:
        return None
    year = max(y for y, _ in years)
    whole = any(w for y, w in years if y == year)
    return year + 1 if whole and month <= ANNUAL_RESULTS_MONTH_MAX else year


# A full date the story writes within this many days of its dateline's month
# and day dates the news of that dispatch: its year is the dateline's.
DATELINE_NEAR_DAYS = 31


def _year_of_near_dates(lines: list[str], month: int, day: int) -> int | None:
    """The year of a dateline's month and day read from the full dates the text
    writes (2017年12月26日 below 新浪财经讯 12月27日消息): the year in which the
    dateline falls within ``DATELINE_NEAR_DAYS`` of such a date (the date's
    year, or the one before or after it across New Year); None when no full
    date is that near, or when near ones disagree on the year (a date of a
    past year's same season: 1949年10月1日 in a story filed on 9月30日 of 2019
    beside 2019年9月29日)."""
    years: set[int] = set()
    for line in lines:
        for _, iso in _dates(line):
            written = dt.date.fromisoformat(iso)
            for year in (written.year - 1, written.year, written.year + 1):
                filed = _valid(str(year), str(month), str(day))
                if filed and abs((dt.date.fromisoformat(filed) - written).days) <= DATELINE_NEAR_DAYS:
                    years.add(year)
    return years.pop() if len(years) == 1 else None


def _dateline_alone(header: list[str], lines: list[str]) -> str | None:
    """The date of the story's dateline (本报大庆1月12日电, 网易科技讯 1月29日消息)
    when the page states no date: its month and day in the year its paragraph
    reports (``_lead_year``), else in the year of the full dates the text
    writes near that month and day (``_year_of_near_dates``), a print paper's
    own dispatch a day later (the next day's issue); None when neither gives
    a year."""
    for line in header:
        m = _DATELINE.match(line)
        if not m:
            continue
        year = _lead_year(line, int(m.group(1))) or _year_of_near_dates(lines, int(m.group(1)), int(m.group(2)))
        iso = _valid(str(year), m.group(1), m.group(2)) if year else None
        if iso and _PRINT_SOURCE.match(line):
            iso = (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()
        return iso
    return None


# An award notice's date of award (中标日期：2019年8月23日): the notice is
# published on it (or a day after), so it dates a page that states no other
# date. Only a last resort: a stated publication date, a sign-off or a
# dateline comes first.
_AWARD_LABEL = re.compile("(?:" + alternation("documents/award_date_labels.txt") + r")\s{0,3}[:：]?\s{0,3}$")


def _award_date(lines: list[str]) -> str | None:
    """The date after an award label (``_AWARD_LABEL``) on the page, the first one; None without one."""
    for line in lines:
        for m, iso in _dates(line):
            if _AWARD_LABEL.search(line[: m.start()][-12:]):
                return iso
    return None


def detect_published_at(raw: str) -> str | None:
    """The publication date (``YYYY-MM-DD``) the page states, or None.

    The date of a YAML front matter block (``date: Mon, 03 Jan 2022 08:00:00
    GMT``), else the date the page's lines state (``_stated_date``), else the
    date in the path of a source URL standing on a header line (``url_date``:
    原文：<…/2013/06/28/…>), else a research report cover's date
    (``report_cover``); a stated
    date earlier than the story's own wire dateline (中国日报网12月28日电 below
    时间：2015-08-31, a copy's date) is no publication date, and the dateline
    is taken instead. With no date stated, a dateline whose paragraph names
    the year of its news, or full dates near its month and day, gives the
    date (``_dateline_alone``); last, an award notice's date of award
    (``_award_date``).
    """
    from_block = front_matter.published_at(raw)
    if from_block:
        return from_block
    lines = [ln.strip(SPACES) for ln in _unmarked(raw).translate(_FOLD).splitlines()]
    found = (
        _stated_date(lines)
        or source_url_date(_header_lines([ln for ln in lines if ln]))
        or cover_date("\n".join(lines))
    )
    header = _header_lines([ln for ln in lines if ln])
    if found:
        filed = _dateline(header, found)
        if filed and filed > found:
            return filed
        return found
    return _dateline_alone(header, lines) or _award_date(lines)


# A date written in Chinese numerals, as notices and filings sign off (二〇二三年四月五日).
# Filings typed in word processors often write the zero as a Latin or full-width
# letter O (二O一八年, 二 O 一九年, 二Ｏ一八年) and space the numerals out.
_CN_ZEROS = "〇○零OＯo"
_CN_DIGITS = _CN_ZEROS + "一二三四五六七八九"
_CN_VALUE = {c: (0 if c in _CN_ZEROS else _CN_DIGITS.index(c) - len(_CN_ZEROS) + 1) for c in _CN_DIGITS}
_CN_DATE = re.compile(
    rf"([{_CN_DIGITS}]\s?[{_CN_DIGITS}]\s?[{_CN_DIGITS}]\s?[{_CN_DIGITS}])\s*年"
    r"\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
# How many last non-empty lines may hold a closing date, and how long the
# issuer's line above it may be.
CLOSING_LINES = 3
ISSUER_MAX = 40


def _cn_number(text: str) -> int:
    """十 = 10, 十二 = 12, 二十 = 20, 三十一 = 31, 九 = 9."""
    if "十" not in text:
        return _CN_VALUE.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_VALUE.get(tens, 0) if tens else 1) * 10 + _CN_VALUE.get(ones, 0)


def _whole_date(line: str) -> str | None:
    """The date when it is all the line holds (2023年4月5日, 2019-7-11, 二〇二三年四月五日)."""
    found = _dates(line)
    if len(found) == 1 and found[0][0].group(0) == line:
        return found[0][1]
    m = _CN_DATE.fullmatch(line)
    if m:
        year = "".join(str(_CN_VALUE[c]) for c in m.group(1) if not c.isspace())
        return _valid(year, str(_cn_number(m.group(2))), str(_cn_number(m.group(3))))
    return None


# A page number left below a PDF's last page (9, - 9 -): no line of the text.
_PAGE_NUMBER = re.compile(r"[-－—\s]*\d{1,3}[-－—\s]*")
# A signature line: a role and its colon before the names (董事长：吕钢, 独立董事：张三、李四).
_SIGNATORY = re.compile(r"^(?:" + alternation("documents/signatory_roles.txt", longest_first=True) + r")\s*[:：]")


def _issuer_line(line: str) -> bool:
    """A short line naming who signs (某某股份有限公司董事会, 董事长：吕钢), with no date in it."""
    if len(line) > ISSUER_MAX or _dates(line):
        return False
    return bool(_SIGNATORY.match(line)) or not any(c in line for c in TERMINAL + "，,；;：:")


_ISSUER_END = re.compile(r"(?:" + alternation("documents/issuer_heads.txt", longest_first=True) + r")$")


def _signed_date(line: str) -> str | None:
    """The date ending a line right after an issuer's name, the two run into one
    line (某某股份有限公司董事会2015 年 2 月 7 日, 特此公告 某某公司董事会 二〇一六年三月十一日),
    or None."""
    found = [(m.start(), iso) for m, iso in _dates(line) if m.end() == len(line)]
    cn = [m for m in _CN_DATE.finditer(line) if m.end() == len(line)]
    if cn:
        year = "".join(str(_CN_VALUE[c]) for c in cn[-1].group(1) if not c.isspace())
        iso = _valid(year, str(_cn_number(cn[-1].group(2))), str(_cn_number(cn[-1].group(3))))
        if iso:
            found.append((cn[-1].start(), iso))
    for start, iso in found:
        if _ISSUER_END.search("".join(line[:start].split())):
            return iso
    return None


def _closing_date(lines: list[str]) -> str | None:
    """The date a notice or a filing signs off with: a line that is only a
    date among the text's last few lines (a page number below them dropped),
    right below the issuer's or a signatory's short line (某某局 / 某某股份有限公司董事会 /
    2023年4月5日), or right above the issuer's line that ends the text
    (特此公告。 / 二〇一八年八月十七日 / 某某股份有限公司董事会)."""
    tail = [ln for ln in lines if ln]
    while tail and _PAGE_NUMBER.fullmatch(tail[-1]):
        tail.pop()
    tail = tail[-CLOSING_LINES - 1 :]
    for i, line in enumerate(tail):
        iso = _whole_date(line)
        if not iso:
            iso = _signed_date(line)
            if iso:
                return iso
            continue
        if i > 0 and _issuer_line(tail[i - 1]):
            return iso
        if i == len(tail) - 2 and _issuer_line(tail[-1]):
            return iso
    return None


# A date printed with a two-digit year after a publication label, as
# self-media platforms print it (发布时间：18-03-08 23:16, the clock often
# glued on: 18-03-0823:16). Read only after a label: bare, 18-03-08 could be
# anything.
_SHORT_DATE = re.compile(r"(?<![\d-])(\d{2})-(\d{2})-(\d{2})(?=\s*\d{1,2}:\d{2}|[^\d-]|$)")


def _short_dates(line: str) -> list[tuple[re.Match[str], str]]:
    out = []
    for m in _SHORT_DATE.finditer(line):
        iso = _valid("20" + m.group(1), m.group(2), m.group(3))
        if iso:
            out.append((m, iso))
    return out


# A law's or regulation's adoption line under its title, in brackets
# (（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）): the
# text's date, the last one when amendments follow (…通过 …修正）).
_ADOPTION = re.compile(r"^[（(].*(?:" + alternation("documents/adoption_marks.txt", longest_first=True) + r")\s*[）)]$")
# A date a page's layout splits over two lines, the year above month and day
# (a date badge: 2019 / 09/07 / 19:02).
_YEAR_ALONE = re.compile(r"(?:19|20)\d{2}")
_MONTH_DAY = re.compile(r"\d{1,2}[-/.]\d{1,2}")


def _joined_dates(header: list[str]) -> list[str]:
    """The header's lines with a year standing alone joined to the month and day on the next line."""
    out: list[str] = []
    for line in header:
        if out and _YEAR_ALONE.fullmatch(out[-1]) and _MONTH_DAY.fullmatch(line):
            out[-1] = out[-1] + "/" + line.replace("-", "/").replace(".", "/")
        else:
            out.append(line)
    return out


# A speech's or report's delivery line under its title (——2012年3月5日在第十一届全国人民代表大会
# 第五次会议上, 第十二届全国人大二次会议，2014年3月5日, ——在…会议上的讲话（2023年2月1日）): with its
# dashes and its one date taken out, what is left is a meeting's name and a tail
# (documents/delivery_marks.tsv). The date is the day the text was delivered and published.
_DELIVERY = re.compile(
    rf"在?[^。！？!?；;，,\d]{{2,40}}?(?:{group_alternation('documents/delivery_marks.tsv', 'meetings')})"
    rf"(?:{group_alternation('documents/delivery_marks.tsv', 'tails')})?"
)
_DELIVERY_TRIM = "—–-－ 　，,（）()"


def _delivery_date(line: str) -> str | None:
    """The date of a delivery line (``_DELIVERY``), or None."""
    found = _dates(line)
    if len(found) != 1:
        return None
    m, iso = found[0]
    rest = (line[: m.start()].strip(_DELIVERY_TRIM), line[m.end() :].strip(_DELIVERY_TRIM))
    venue = [part for part in rest if part]
    return iso if len(venue) == 1 and _DELIVERY.fullmatch(venue[0]) else None


# A broadcast's or an edition's day heading, the date written as eight digits in
# brackets right after the programme's or paper's name in 《》 (# 《新闻联播》（20220325）,
# 《人民日报》(20190107)): a short line. (Eight digits after any other words may be a
# number: 项目编号（20220325）.)
_COMPACT_DATE = re.compile(r"[（(\[【]\s*((?:19|20)\d{2})(\d{2})(\d{2})\s*[）)\]】]")
COMPACT_HEADING_MAX = 30


def _compact_heading_date(line: str) -> str | None:
    """The bracketed YYYYMMDD date of a short heading line, or None."""
    found = list(_COMPACT_DATE.finditer(line))
    if len(found) != 1:
        return None
    m = found[0]
    if not line[: m.start()].rstrip(SPACES).endswith("》"):
        return None
    rest = (line[: m.start()] + line[m.end() :]).strip(SPACES)
    if len(rest) > COMPACT_HEADING_MAX or any(c in rest for c in TERMINAL + "，,") or any(c.isdigit() for c in rest):
        return None
    return _valid(m.group(1), m.group(2), m.group(3))


def _stated_date(lines: list[str]) -> str | None:
    """The publication date (``YYYY-MM-DD``) the page's lines state, or None.

    In order: a date after a label (发布时间：…, 日期：…) anywhere in the text,
    a publication label winning over an update label (更新时间：…); then, in
    the first few lines, a date followed by a clock time (``2022-01-15 10:24``)
    or by a newspaper's page (``《人民日报》（2025年06月01日第 01 版）``)
    or after a byline's 发表于 / 发布：
    or a short line that is mostly a date (``2021年04月21日``,
    ``2024-11-24 来源：…``, ``作者：张三 2023-10-25``); last, the date a
    notice or filing signs off with below its issuer (``_closing_date``).
    Full-width digits are folded to ASCII first.
    """
    updated: str | None = None
    for line in lines:
        if len(line) > HEADER_LINE_MAX:
            # a notice whose fields a scrape ran onto one line (… 本次变更日期：2017年07月26日 …):
            # a field of its own, a publication label after a space, is read there too
            for m, iso in _dates(line):
                if _FIELD_LABEL.search(line, max(0, m.start() - 16), m.start()):
                    return iso
            continue
        for m, iso in _dates(line):
            before = line[: m.start()][-12:]
            if _UPDATE_LABEL.search(before):
                updated = updated or iso
            elif _LABEL.search(before):
                return iso
        for m, iso in _short_dates(line):
            if _LABEL.search(line[: m.start()][-12:]) and not _UPDATE_LABEL.search(line[: m.start()][-12:]):
                return iso
    if updated:
        return updated
    nonempty = [ln for ln in lines if ln]
    top = _header_lines(nonempty)
    header = _joined_dates(top + _title_block(nonempty, len(top)))
    for line in header:
        if _ADOPTION.match(line) and _dates(line):
            return _dates(line)[-1][1]
        if len(line) > HEADER_LINE_MAX:
            continue
        spoken = _delivery_date(line) or _compact_heading_date(line)
        if spoken:
            return spoken
        for m, iso in _dates(line):
            if _OTHER_ITEM.search(line[: m.start()][-12:]):
                continue
            if _TIME.match(line[m.end() :]) or _EDITION.match(line[m.end() :]):
                return iso
            if _HEADER_LABEL.search(line[: m.start()][-12:]):
                return iso
            rest = (line[: m.start()] + line[m.end() :]).strip(SPACES)
            # one date alone: two on a line are a span's ends (期间：2015年1月1日至2015年12月31日)
            if len(rest) <= 20 and not any(c in rest for c in TERMINAL + "，,") and len(_dates(line)) == 1:
                return iso
    return _closing_date(lines) or _post_date(lines)


# A post's byline date anywhere on the page, its clock with it (发表于 2024-4-5 23:20:45 in a
# forum thread, 编辑于 2023-03-01 15:45・IP 属地北京 below a Q&A answer): a platform prints it
# below the post or deep in a thread, never in the page's header. Without a clock, 发表于
# 2019年3月5日 in a story is a paper's date, not a post's.
_POST_LABEL = re.compile("(?:" + alternation("documents/post_date_labels.txt") + r")\s{0,3}$")


def _post_date(lines: list[str]) -> str | None:
    """The first date right after a post label (``_POST_LABEL``) with a clock after it; None without one."""
    for line in lines:
        if len(line) > HEADER_LINE_MAX:
            continue
        for m, iso in _dates(line):
            if _POST_LABEL.search(line[: m.start()][-12:]) and _TIME.match(line[m.end() :]):
                return iso
    return None


def normalize_date(value: str) -> str:
    """A date given by the request in another common form (2024/11/24, 2024年11月24日,
    2024-11-24T09:36:50, Mon, 03 Jan 2022 08:00:00 GMT) as ``YYYY-MM-DD``; anything else is returned unchanged."""
    found = _dates(value.strip())
    if found and found[0][0].start() == 0:
        return found[0][1]
    return front_matter.parse_date(value) or value  # RFC 2822 (Mon, 03 Jan 2022 08:00:00 GMT)


TITLE_MAX = 60
# How many leading paragraphs may be skipped as page debris before the title.
TITLE_SEARCH = 5

# A site or app name standing alone (金华新闻客户端, 某某日报, XX融媒): a brand, not a headline.
_BRAND = re.compile(rf"^[{HAN}A-Za-z0-9·]{{1,12}}(?:{alternation('documents/site_brand_heads.txt')})$")
_BYLINE = re.compile(
    r"^[▶►>\s]*(?:" + alternation("documents/byline_sources.txt") + ")?"
    "(?:" + alternation("documents/byline_roles.txt") + r"|文\s*[/|｜]|作者\s*[:：])"
)
_HAN_CHAR = re.compile(HAN_CHAR)


def _skippable(p: str) -> bool:
    """Page debris cleaning may leave above a title: a brand, a menu, a byline."""
    return bool(_BRAND.match(p) or is_menu(p) or (len(p) <= 40 and _BYLINE.match(p)))


def _headline(p: str) -> bool:
    if len(p) > TITLE_MAX or any(c in p for c in "。！？!?；;"):
        return False
    if p.endswith(("，", ",", "、", "：", ":")):
        return False
    return len(_HAN_CHAR.findall(p)) >= 4 and not _skippable(p)


def original_title(raw_text: str) -> str | None:
    """The title a ``原标题：…`` line gives (the story's own headline elsewhere)."""
    # Not from the related-article tail: a 原标题 there belongs to another story.
    for line in cut_related_tail(_unmarked(raw_text)).splitlines():
        line = line.strip(SPACES)
        m = ORIGINAL_TITLE.match(line) if len(line) <= 150 else None
        if m and 4 <= len(m.group(1)) <= TITLE_MAX + 20:
            found = m.group(1).strip(SPACES)
            # A title quoted as a whole (原标题：“…”) loses its quotes; quotes inside stay.
            if found[0] in '“"' and found[-1] in '”"' and found.count("“") <= 1 and found.count('"') in (0, 2):
                found = found[1:-1].strip(SPACES)
            return found or None
    return None


def detect_title(clean_text: str, raw_text: str | None = None) -> str | None:
    """The article's title, or None: many pasted texts start with the body.

    A ``原标题：X`` line in the raw text gives X, else a YAML front matter
    ``title:``. Otherwise the first paragraph
    that reads as a headline (at most 60 characters, at least four Chinese
    characters, no sentence-ending punctuation, not ending with a comma or a
    colon), skipping page debris above it that is no headline: a site or app
    name (金华新闻客户端), a menu (要闻 | 区域 | 成渝), a byline. The search
    stops at the first paragraph that is neither, and a one-paragraph text has
    no title line.
    """
    if raw_text:
        found = original_title(raw_text) or front_matter.title(raw_text)
        if found:
            return found
    paragraphs = [p.strip(SPACES) for p in clean_text.split("\n") if p.strip(SPACES)]
    if len(paragraphs) < 2:
        return None
    for p in paragraphs[: min(TITLE_SEARCH, len(paragraphs) - 1)]:
        if _headline(p):
            return p
        if not _skippable(p):
            return None
    return None
