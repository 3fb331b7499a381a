"""The time grammar: the Chinese period vocabulary (quarters, five-year
plans, relative years) and the one pattern that reads every time expression
(``TIME``), each alternative named for its kind (``KINDS``). periods.py turns
a match into a contract period.
"""

from __future__ import annotations

import re

from docpipe.wordlists import alternation, alternative, group_alternation, load_group, load_table

_WORDS = "normalize/time_words.tsv"


def _w(group: str) -> str:
    """A group of normalize/time_words.tsv as an alternation."""
    return group_alternation(_WORDS, group)


_Y = r"((?:19|20)\d{2})"
_S = r"[ ]?"
CN_MONTH = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
QUARTERS = {
    "一": (1, 3),
    "二": (4, 6),
    "三": (7, 9),
    "四": (10, 12),
    "1": (1, 3),
    "2": (4, 6),
    "3": (7, 9),
    "4": (10, 12),
}
FIRST_N_QUARTERS = {"一": 3, "两": 6, "二": 6, "三": 9, "1": 3, "2": 6, "3": 9}
# 十四五 -> (2021, 2025): normalize/five_year_plans.tsv.
PLANS: dict[str, tuple[int, int]] = {
    r["plan"]: (int(r["first_year"]), int(r["last_year"])) for r in load_table("normalize/five_year_plans.tsv")
}
# 十八大 -> 2012: the Party's congresses and their years (normalize/party_congresses.tsv).
CONGRESSES: dict[str, int] = {r["congress"]: int(r["year"]) for r in load_table("normalize/party_congresses.tsv")}
# 去年 -> -1; 当年 -> None (a year named earlier, not the document's): normalize/relative_years.tsv.
RELATIVE: dict[str, int | None] = {
    r["word"]: int(r["offset"]) if r["offset"] else None for r in load_table("normalize/relative_years.tsv")
}

# 国庆假期 -> national_day: holidays as a text names them (normalize/holiday_words.tsv).
HOLIDAY_WORDS: dict[str, str] = {r["word"]: r["holiday"] for r in load_table("normalize/holiday_words.tsv")}
# (2025, national_day) -> (2025-10-01, 2025-10-08): the days off of each year's
# holidays as the State Council set them (normalize/holidays.tsv).
HOLIDAYS: dict[tuple[int, str], tuple[str, str]] = {
    (int(r["year"]), r["holiday"]): (r["first"], r["last"]) for r in load_table("normalize/holidays.tsv")
}

# 今日 -> 0, 昨日 -> -1: days from the publication date (normalize/relative_days.tsv).
RELATIVE_DAYS: dict[str, int] = {r["word"]: int(r["offset"]) for r in load_table("normalize/relative_days.tsv")}

# A part of a year, written after a year or alone: 前三季度, 一季度, 上半年, 1-11月.
# 前11月, 前十月, 前3个季度 are written without 个 or with it (前11个月, 前三季度); a
# 前 ending another word (目前, 此前, 提前3个月) starts no part of a year.
_PART = (
    r"(?:(?<![目此之日提以事当空向超眼生先])(?:(?P<firstq>前[一两二三1-3]个?季度)|前(?P<firstm>\d{1,2}|[一二两三四五六七八九十]{1,3})个?月)|第?(?P<q>[一二三四1-4])季度|(?P<half>[上下]半年)"
    # Q4 as a company report writes a quarter (中芯国际2024年Q4营业总收入)
    r"|(?<![A-Za-z])[Qq](?P<qn>[1-4])(?![\dA-Za-z\-])"
    rf"|(?P<m1>\d{{1,2}}){_S}月?{_S}[-~至到]{_S}(?P<m2>\d{{1,2}}){_S}月)"
)

# Every alternative starts with one of these characters: a cheap gate so the
# engine skips other positions without trying each alternative.
# A digit starts a time only as a year (4 digits), a month, day or quarter (1
# or 2 digits) or N年 (1 digit), and each of those alternatives goes on, after
# at most two blanks, with a character of _AFTER_DIGITS: after a year 年, or
# 度/-/~/至/到 of a span, 一/三 of 2023一季报, the first character of a
# reports_after_digits word (2011半年报); after a month, day or quarter 月, 日,
# 季 or a range sign. So a digit with none of them after its run of up to 4
# digits starts no time, and a text of figures (12%12%…) no longer enters the
# ~28 alternatives at each digit (issue #15: 10x a character of prose).
# tests/unit/test_time_digit_gate.py checks the times against the ungated gate.
_AFTER_DIGITS = "".join(sorted(set("年度月日季至到一三") | {w[0] for w in load_group(_WORDS, "reports_after_digits")}))
# (and 过去五年, 最近三年: the first characters of past_years_before)
_PAST_FIRST = "".join(sorted({w[0] for w in load_group(_WORDS, "past_years_before")}))
# (and 春节假期, “五一”假期: the first two characters of the holiday words, not
# one: 元 of 元旦 would let every 万元 in)
_HOLIDAY_FIRST = alternative(sorted({w[:2] for w in HOLIDAY_WORDS}))
_TIME_FIRST = rf"(?=(?:{_HOLIDAY_FIRST})|[〇零一二三四五六七八九十今昨本去上下前明后第报年半中全通两Qq期次翌当国{_PAST_FIRST}]|\d{{1,4}}[ ]{{0,2}}[{_AFTER_DIGITS}\-~])"

TIME = re.compile(
    _TIME_FIRST
    + "(?:"
    + "|".join(
        [
            # 2024年半年度报告, 2023年年报, 2024年一季报: a company report names
            # the period its figures hold for (first: 2024年 alone would win).
            # (2011半年报, 2023年报: the report's name may follow the digits directly)
            rf"(?P<report>{_Y}{_S}(?:年|(?={_w('reports_after_digits')}|[一三]季报|年报(?![道告名送表刊社喜批到])))"
            rf"(?:(?P<rp_half>度?(?:{_w('half_year_reports')}|中报))"
            rf"|(?P<rp_year>{_w('year_reports')}|报(?![道告名送表刊社喜批到])|{_w('year_financial_reports')}"
            # 2024年业绩, 2024年度业绩快报, 2024年全年业绩, 2024年度经营业绩
            rf"|(?:{_w('results_years')})?(?:经营)?业绩(?:{_w('results_reports')})?)"
            rf"|第?(?P<rp_q>[一三1-3])季(?:{_w('quarter_report_tails')})))",
            # 发布半年报, 三季报显示: a part-year report without its year is of the
            # year named last, or of the publication year (not 年报: 企业年报公示
            # is a filing, and an annual report is published the year after)
            rf"(?P<barereport>(?<![\d年度])(?:(?P<brp_half>{_w('half_year_reports')}|中报(?![道告名送表刊社]))"
            rf"|第?(?P<brp_q>[一三])季(?:{_w('quarter_report_tails')})))",
            # 报告期内, 本报告期: the period of the article's report (filled in after the walk)
            r"(?P<rperiod>(?<![年度])(?:本)?报告期(?P<rp_end>末)?(?:内)?)",
            # 2023年重大项目计划, 2024年度省重点建设项目投资计划: a plan of one year
            # sets the period of the figures that follow it (see established_periods)
            rf"(?P<yplan>{_Y}{_S}年度?[^，,。；;、\n《》“”\d]{{0,12}}?(?:{alternation('normalize/plan_words.txt')})计划)",
            # 2024年全年, 2024年度全年: the whole year, said to set the period
            # the text goes on to speak of (see established_periods)
            rf"(?P<yfull>{_Y}{_S}年度?{_S}全年)",
            # 全年 alone: the year named in its sentence, else the established
            # report year (filled in after the walk), else none. Not 上年全年
            # (a baseline year's whole) nor 全年龄.
            # 年内 (within the year) is read as 全年 is (年内，本集团实现收入…); not
            # the tail of N年内, 半年内, 今年内, 周年内, 财年内 or another word's
            r"(?P<fullyear>(?<![\d年度上去今本当前明后每])全年(?!龄)"
            r"|(?<![\d〇零一二两三四五六七八九十百千几数多半每今去明本上下前后当近周学财历])年内)",
            # 1997-2017年, 2021年至2025年, 2016—2024年
            # 自2012年启动至2017年底: a short phrase between 自/从 a year and 至 a year
            # 2016年度至2018年度: years of account (年度) span as years do;
            # 2015-17年: the second year shortened to its last two digits
            rf"(?P<span>{_Y}{_S}年?度?{_S}(?:-|~|至|到){_S}{_Y}{_S}年度?"
            rf"|{_Y}{_S}[-~]{_S}(?P<sp_yy>\d{{2}}){_S}年(?!\d)"
            rf"|(?<=[自从]){_Y}{_S}年[^，,。；;：:、！!？?\n\d]{{1,8}}?(?:至|到){_S}{_Y}{_S}年(?:年?[底末])?)",
            # 2018年以来, 自2018年至今, 2016年开工建设以来 (a short verb phrase
            # between the year and 以来 that holds no figure and no clause break,
            # nor a joiner: 2019年和今年以来 names a year and this year so far)
            rf"(?P<since>{_Y}{_S}年(?:[^，,。；;：:、！!？?\n\d和与及]{{0,8}}?(?:以来|至今)|{_w('since_words')}))",
            # 从2019年7月22日至今, 2019年7月以来: the months from that one to the publication's
            # (自2014年4月1日中韩AEO互认实施以来: a short phrase before 以来, as for a year)
            rf"(?P<msince>{_Y}{_S}年{_S}(?P<ms_m>\d{{1,2}}){_S}月{_S}(?:\d{{1,2}}{_S}[日号])?{_S}[^，,。；;：:、！!？?\n\d]{{0,12}}?(?:{_w('since_now')}))",
            # 党的十八大以来: the years from that congress's to the publication's
            rf"(?P<congress>(?P<cg>{alternative(sorted(CONGRESSES, key=len, reverse=True))})以来)",
            # 十三五期间
            r"(?P<plan>十[一二三四五]五)[”\"」]?(?:期间|时期|(?P<plansince>以来)|(?P<planend>期?末))?",
            # 2023年前三季度, 2022年1-11月
            # 2019年截至11月: that year's months up to the one named (after a year
            # only, and not 截至11月底: a stock at that month's end)
            rf"(?P<ypart>{_Y}{_S}年{_S}(?:{_PART.replace('?P<', '?P<y_')}"
            rf"|(?:截至|截止){_S}(?P<y_upto>\d{{1,2}}){_S}月份?(?![底末])))",
            # 1月29日至2月4日, 2018年1月29日-2月4日: a span of days (the year is
            # that written, else the year named last or the publication's)
            rf"(?P<dspan>(?:(?P<ds_y>{_Y}){_S}年{_S}|(?<![\d年.\-~/]))(?P<ds_m1>\d{{1,2}}){_S}月{_S}(?P<ds_d1>\d{{1,2}}){_S}[日号]?"
            rf"{_S}(?:{_w('span_lasts')})?(?:-|~|至|到){_S}(?:(?P<ds_m2>\d{{1,2}}){_S}月{_S})?(?P<ds_d2>\d{{1,2}}){_S}[日号])",
            # 期末 (a report's 期末资产负债率): the last month of the part of a year
            # named before it (上半年 … 期末 -> 2018-06), as 报告期末 is; not 本期末
            # or 上期末 (this or the last report's, compared), 学期末, 期末考试
            r"(?P<pend>(?<![报告本上前学定长短中近末初同每])期末(?!考))",
            # 2024年11月24日
            rf"(?P<date>{_Y}{_S}年{_S}(\d{{1,2}}){_S}月{_S}(\d{{1,2}}){_S}[日号])",
            # 2023年2月
            rf"(?P<month>{_Y}{_S}年{_S}(\d{{1,2}}){_S}月)",
            # 2023年, 二〇二三年; 2025年底 / 2025年末 / 2021年年底 -> the year
            # (the seed gold's convention: see _year_end)
            rf"(?P<year>(?:{_Y}{_S}年|[〇零一二三四五六七八九]{{4}}年)(?P<yend>年?[底末])?)",
            # 去年7月, 今年前三季度, 今年1-2月, 今年以来, 去年底, 今年
            rf"(?P<rel>{_w('relative_years')}|(?<!以)上年|(?<![\d年之以])前年|明年|(?<![成完建投运产竣之以然最])后年)(?:{_S}(?:(?P<relpart>{_PART.replace('?P<', '?P<r_')})"
            rf"|(?P<relm>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})月(?:{_S}(?P<reld>\d{{1,2}}){_S}[日号]|{_w('month_tails')})?|(?P<relsince>{_w('relative_since')})|(?P<relend>年?[底末])))?",
            # 次年, 第二年: the year after the year named last (not 第二年度 of a plan's account)
            rf"(?P<nexty>(?:{_w('next_year')})(?![度内]))",
            # 通过3年攻坚, 3年内: the years from the publication's on (not 用3年时间:
            # a five-year plan's article says it of a part of the plan's years)
            rf"(?P<ahead>(?:(?:{_w('years_ahead_before')})(?P<ah_n>[1-9]|[一二两三四五六七八九十])年(?:{_w('years_ahead_after')})?"
            rf"|(?<![\d近前去过往这])(?P<ah_m>[1-9]|[一二两三四五六七八九十])年之?内))",
            # 五年来，…, 过去五年，…, 一、过去五年工作回顾: the N years before the
            # publication, opening a clause or a line (a figure's own 近十年最低 or
            # 开发建设30年来 inside a clause is a comparison or a body's age)
            rf"(?P<pastn>(?<![^\n。；;！!？?，,：:、])(?:(?:{_w('past_years_before')})(?P<pn_n>[1-9]|10|[一二两三四五六七八九十])年"
            rf"(?:{_w('past_years_after')})?|(?P<pn_m>[1-9]|10|[一二两三四五六七八九十])年来)"
            rf"(?=[，,]|[^，,。；;\n]{{0,6}}(?:{_w('past_years_reviews')})))",
            # 上周: the week (Monday to Sunday) before the publication's week
            rf"(?P<week>(?<![上以向之])(?:{_w('last_week')}))",
            # 年初以来, 年初至今: this year's months up to the publication (as 今年以来)
            rf"(?P<ytd>(?<![\d〇零一二三四五六七八九年今去上本明前后当每近历逐多])(?:{_w('year_to_date')}))",
            # 半年末 (a half-year report's 上半年末 without its 上): June's end of the year named last
            r"(?P<halfend>(?<![上下前后多近大每一两二三四五六七八九十\d])半年[末底])",
            # 截至今日收盘, 昨日: days relative to the publication date (not 今日头条, a name)
            rf"(?P<relday>(?:{alternative(sorted(RELATIVE_DAYS, key=len, reverse=True))})(?!头条))",
            # 国庆节期间, 春节假期, “五一”假期首日, 端午假期第二天: a holiday's days
            # off that year (normalize/holidays.tsv), or one of them
            rf"(?P<natday>{alternative(sorted(HOLIDAY_WORDS, key=len, reverse=True))})"
            r"(?:(?P<hd_first>首日)|第(?P<hd_nth>[1-9]|[一二三四五六七八九])天)?",
            # 当日, 当天: the day named last, else the publication's (not 当日均价 of a rate, 当天然气)
            rf"(?P<thatday>(?:{_w('that_day')})(?![均然]))",
            # 当月: the month named last (8月全市产值…。…当月产值同比增长4.2%), not 相当月…
            rf"(?P<thatmonth>(?<![相每充])(?:{_w('that_month')}))",
            # 本月, 上月, 上个月 (以来): months relative to the publication date
            # (去年9月15日, 本月28日: a day of that month)
            r"(?P<relmo>本月|(?<![以向之])上个?月)(?:(?P<relmosince>以来)|(?P<relmod>\d{1,2})[日号])?",
            # a part of a year on its own
            rf"(?P<part>{_PART.replace('?P<', '?P<p_')})",
            # 年底前, 年末: the end of the year named last (or of the publication year)
            r"(?P<bareend>(?<![\d〇零一二三四五六七八九年今去上本明前后当每近历逐多])年[底末])",
            # 11月5日, 6月末: the year comes from the text before or the publication date
            r"(?P<md>(?<![\d年.\-~/])(?P<md_m>\d{1,2})月(?P<md_d>\d{1,2})[日号])",
            # 截至22日收盘: a day alone is of the month named last in its
            # sentence, else of the publication's month (not 近3日, 30日内, nor the end of 23日至24日)
            r"(?P<day>(?<![\d月.\-~/第近前后每约共满超达逾续个数余这首末])(?<![日号][至到\-~])(?P<day_d>\d{1,2})日(?![内前后起以至左之均间]))",
            rf"(?P<mo>(?<![\d年.\-~/])(?P<mo_m>\d{{1,2}})月(?:{_w('month_tails')}|{_w('month_thirds')})?)",
        ]
    )
    + ")"
)

# 7月以来, 去年10月启动以来: what after a month (no year of its own) makes it a
# span to the publication's month, a short phrase between as for 2019年7月以来
MONTH_SINCE = re.compile(rf"[^，,。；;：:、！!？?\n\d]{{0,12}}?(?:{_w('since_now')})")

KINDS = (
    "report",
    "barereport",
    "rperiod",
    "yplan",
    "yfull",
    "fullyear",
    "span",
    "dspan",
    "pend",
    "ahead",
    "week",
    "pastn",
    "ytd",
    "halfend",
    "day",
    "since",
    "msince",
    "congress",
    "plan",
    "ypart",
    "date",
    "month",
    "year",
    "rel",
    "nexty",
    "relmo",
    "relday",
    "thatday",
    "thatmonth",
    "natday",
    "bareend",
    "part",
    "md",
    "mo",
)
