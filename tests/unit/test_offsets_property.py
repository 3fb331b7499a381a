"""Property tests: over random scraped-looking input, every token and sentence
offset is exact and every raw span maps back to the same characters modulo the
normalisations."""

from __future__ import annotations

import html
import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.segment import resources
from services.segment.cleaning import clean, clean_aligned
from services.segment.offsets import Aligned, Edit, apply_edits, raw_span
from services.segment.segmenter import sentences, tokens

# Characters a cleaning step may put in place of a raw one (1:1): full-width to
# ASCII, spun to usual, ASCII comma to Chinese comma.
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FIGURE = {"\u2014": "-", "\u2013": "-"}


_ENTITY_AT = re.compile(r"&#?[0-9A-Za-z]+;?")


def _normalised_char(ch: str) -> str:
    """What the later 1:1 normalisations make of a decoded character."""
    if ch in "\r\u2028\u2029\x0b\x0c\x85":
        return "\n"
    if ch == "\u00a0":
        return " "
    return _FULLWIDTH.get(ch, ch)


def _same_at(raw: str, rs: int, clean_ch: str) -> bool:
    """The raw character at ``rs`` matches the clean one: directly, modulo the
    1:1 normalisations, as the first character of an HTML entity standing for
    it, or as the '<' of a block tag that became a line break."""
    if _same_modulo_normalisation(raw[rs], clean_ch):
        return True
    if raw[rs] == "&":
        m = _ENTITY_AT.match(raw, rs)
        if m:
            decoded = html.unescape(m.group())
            if decoded and (
                decoded[0] == clean_ch
                or _same_modulo_normalisation(_normalised_char(decoded[0]), clean_ch)
                or _same_modulo_normalisation(decoded[0], clean_ch)
            ):
                return True
    return raw[rs] == "<" and clean_ch in "\n "  # " ": Latin words joined across the break


def _same_modulo_normalisation(raw_ch: str, clean_ch: str) -> bool:
    if raw_ch == clean_ch:
        return True
    if _FULLWIDTH.get(raw_ch) == clean_ch or _FIGURE.get(raw_ch) == clean_ch:
        return True
    if raw_ch in "\r\u2028\u2029\x0b\x0c\x85" and clean_ch == "\n":
        return True
    # ("\n", " "): Latin words joined across a page break keep one space.
    return (raw_ch, clean_ch) in {(",", "，"), ("蕞", "最"), ("\u00a0", " "), ("\n", " ")}


FRAGMENTS = [
    "产业集群",
    "高新区",
    "苏州工业园区",
    "科技部火炬中心",
    "集成电路",
    "生物医药",
    "发展",
    "企业",
    "蕞",
    "蕞尔",
    "２０２３",
    "３０％",
    "1／10",
    "3－5座",
    "2017 年",
    "3.83 亿元",
    "30 余家",
    "1,352",
    ",",
    ", ",
    "，",
    "。",
    "？",
    "“",
    "”",
    "《",
    "》",
    "(",
    ")",
    " ",
    "\u3000",
    "\u00a0",
    "\n",
    "\n\n",
    "\r\n",
    "\u200b",
    "AI",
    "R&D",
    "5G",
    "当前位置:首页 > 新闻 > 正文\n",
    "发布时间:2024-11-24 09:36:50 来源: sp\n",
    "【编辑:刘阳禾】",
    "(资料图片仅供参考)",
    "扫一扫关注公众号\n",
    "本文链接:http://example.com/a.html\n",
    "标签: 产业链\n",
    "联系电话：0512-66881234\n",
    "▲▲ 上接 1 版\n",
    "\n相关文章\n",
    "\n推荐内容",
    "也已成\n\n为",
    "发展水平\n\n平。",
    "…",
    "——",
    "1.5万",
    "%",
    # HTML left in the text, stock strips, promotion, marks
    "&nbsp;",
    "&ldquo;",
    "&rdquo;",
    "&amp;",
    "&lt;",
    "&gt;",
    "&#8220;",
    "&#x4e2d;",
    "&mdash;",
    "&hellip;",
    "&#65301;",
    "&#13;",
    "&nbsp",
    "&copy2024",
    "&",
    "<br>",
    "<br/>",
    "<p>",
    "</p>",
    "</span>",
    '<a href="x">',
    "<!-- c -->",
    "<5%",
    "恒驰新能 688739  28.36  +2.15%  成交额 5.82亿  换手率 3.41%\n",
    "下载某某财经APP\n",
    "金华新闻客户端\n",
    "原标题：园区提速\n",
    "（完）",
    "【纠错】",
    "【广告】招商\n",
    "要闻 | 区域 | 成渝\n",
    "免责声明：仅供参考。\n",
]
PARAGRAPH = st.lists(
    st.sampled_from(FRAGMENTS) | st.text(alphabet="产业园区新能源汽车增长亿元家个，。、０１２3４5 \n,", max_size=12),
    min_size=1,
    max_size=25,
).map("".join)
DOCUMENT = (
    st.lists(PARAGRAPH, min_size=1, max_size=8)
    .flatmap(lambda paras: st.lists(st.sampled_from(paras), min_size=1, max_size=12))
    .map("\n\n".join)
)


def _check_runs(raw: str, aligned: Aligned) -> None:
    text = aligned.text
    runs = aligned.raw_spans()
    if not text:
        assert runs == []
        return
    assert runs[0][0] == 0 and runs[-1][1] == len(text)
    last_raw_end = 0
    for i, (cs, ce, rs, re_) in enumerate(runs):
        assert cs < ce
        if i:
            assert cs == runs[i - 1][1]
        assert rs >= last_raw_end and re_ <= len(raw)
        last_raw_end = re_
        if ce - cs == re_ - rs:
            for k in range(ce - cs):
                assert _same_at(raw, rs + k, text[cs + k]), (raw[rs + k], text[cs + k])
        else:  # no step inserts text or replaces unequal lengths except joined Latin words
            assert text[cs:ce].isspace()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_raw_spans_map_back(raw: str) -> None:
    aligned = clean_aligned(raw)
    assert aligned.text == clean(raw)
    _check_runs(raw, aligned)
    runs = aligned.raw_spans()
    for i in range(len(aligned.text)):
        rs, re_ = aligned.to_raw(i, i + 1)
        assert raw_span(runs, i, i + 1) == (rs, re_)  # the consumer's view agrees
        if re_ - rs == 1:
            assert _same_at(raw, rs, aligned.text[i])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_token_and_sentence_offsets_exact(raw: str) -> None:
    resources.warm_up()
    text = clean(raw)
    toks = tokens(text)
    for t in toks:
        assert t.end > t.start and text[t.start : t.end] == t.text
    assert "".join(t.text for t in toks) == "".join(text.split())
    sents = sentences(text)
    prev_end = 0
    for s in sents:
        assert prev_end <= s.start < s.end <= len(text)
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        prev_end = s.end


@given(st.text(max_size=40), st.data())
def test_apply_edits_agrees_with_aligned(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        repl = data.draw(st.sampled_from(["", "x", "xy", text[a:b].upper()]))
        edits.append(Edit(a, b, repl))
    aligned = Aligned.from_raw(text).apply(edits)
    assert aligned.text == apply_edits(text, edits)
    assert len(aligned.starts) == len(aligned.ends) == len(aligned.text)
    runs = aligned.raw_spans()
    assert sum(ce - cs for cs, ce, _, _ in runs) == len(aligned.text)


# Debris lines in several sites' wording; inserted anywhere between paragraphs of
# a clean article, cleaning must remove exactly them.
DEBRIS_LINES = [
    "当前位置：首页 > 新闻中心 > 正文",
    "您的位置: 首页 » 产业 » 园区",
    "上一篇：园区发布新政",
    "发布时间：2023-06-12 16:30 来源：市工信局",
    "admin3天前 (06-12)园区资讯88",
    "2021年04月21日",
    "来源：经济日报    浏览次数：1024",
    "联系电话：0551-12345678",
    "微信/手机：13912345678",
    "扫一扫关注公众号",
    "分享到：微信 微博 QQ空间",
    "版权所有 © 2024 某某网 京ICP备12345678号",
    "本文链接：https://www.example.com/a/1.html",
    "标签：产业集群 高新区",
    "【编辑：王五】",
    "责任编辑：赵六",
    "(资料图片仅供参考)",
    "图片来源：视觉中国",
    "▲▲ 上接 1 版",
    "▼",
    "-END-",
    "点击上方蓝字关注我们",
    "共3页 上一页 1 2 3 下一页",
    "第1页 共2页",
    "[1] [2] 下一页",
    "点赞 在看 分享",
    "来源 | 某某区融媒体中心",
    "发表于 2023-06-12 · 阅读 3.2万",
    "网站标识码：3201000001",
    "本期编辑：孙悦",
    "资料图",
    "您当前所在位置：政务公开",
    "恒驰新能 688739  28.36  +2.15%  成交额 5.82亿  换手率 3.41%",
    "某某科技(300123.SZ) 今开 12.30 昨收 12.01",
    "下载某某财经APP",
    "金华新闻客户端",
    "打开APP阅读全文",
    "点击关注“某某日报”",
    "长按识别二维码",
    "关注我们",
    "原标题：某地产业集群规模突破千亿",
    "阅读原文",
    "（完）",
    "【纠错】",
    "免责声明：本文仅供参考，不构成投资建议。",
    "图片来源：新华社",
    "【广告】产业园招商 火热进行中",
    "推广",
    "要闻 | 区域 | 成渝",
    "<br>",
    "<p></p>",
    "&nbsp;",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["000", "001", "002", "003", "004"]), st.data())
def test_inserted_debris_is_removed_and_nothing_else(prefix: str, data: st.DataObject) -> None:
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    article = clean(next(seeds.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))
    paragraphs = article.split("\n\n")
    out: list[str] = []
    for i, para in enumerate(paragraphs):
        if i:  # keep the first line first: it is the title when there is one
            out.extend(data.draw(st.lists(st.sampled_from(DEBRIS_LINES), max_size=2)))
        out.append(para)
    out.extend(data.draw(st.lists(st.sampled_from(DEBRIS_LINES), max_size=3)))
    assert clean("\n\n".join(out)) == article


_NAMED = {v: k for k, v in html.entities.codepoint2name.items()}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["000", "001", "002", "003", "004"]), st.data())
def test_html_encoded_article_cleans_to_the_same_text(prefix: str, data: st.DataObject) -> None:
    """A clean article with any of its characters written as HTML entities
    (named, decimal, hex, with or without ';') and wrapped in tags cleans to
    the same text, and every clean character maps to the raw entity or
    character it came from."""
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    article = clean(next(seeds.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))
    rate = data.draw(st.sampled_from([0.02, 0.2, 0.6]))
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    out: list[str] = []
    for i, ch in enumerate(article):
        if ch == "\n" or rnd.random() >= rate:
            out.append(ch)
            continue
        form = rnd.randrange(4)
        if form == 0 and ord(ch) in _NAMED:
            out.append(f"&{_NAMED[ord(ch)]};")
        elif form == 1:
            out.append(f"&#x{ord(ch):x};")
        elif form == 2 and not article[i + 1 : i + 2].isdigit() and article[i + 1 : i + 2] != ";":
            out.append(f"&#{ord(ch)}")  # ";" left out: the next character is neither a digit nor ";"
        else:
            out.append(f"&#{ord(ch)};")
    raw = "".join(out)
    paragraphs = raw.split("\n\n")
    wrap = data.draw(st.sampled_from(["{}", "<p>{}</p>", '<div class="c">{}</div>', "{}<br/>", "<span>{}</span>"]))
    raw = "\n\n".join(wrap.format(p) for p in paragraphs)
    aligned = clean_aligned(raw)
    assert aligned.text == article
    _check_runs(raw, aligned)
