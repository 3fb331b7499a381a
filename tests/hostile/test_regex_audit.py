"""The patterns of the segment, normalize and extract stages against the shapes that
make the backtracking engine super-linear (regex_audit.py), and each pattern
rewritten for issue #15 against the one it replaced: the same matches on
random strings of its own pieces, and an answer (not a hang) on the input
that used to take minutes or hours. No test here reads a clock; with the old
patterns the last tests would run until pytest-timeout stops them."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest
import regex_audit
from hypothesis import given, settings
from hypothesis import strategies as st

from docpipe.textclasses import HAN
from docpipe.wordlists import load_group
from services.extract.organizations import companies
from services.extract.organizations.tables import _COMPANY_WORDS
from services.normalize import attribution
from services.segment import offsets
from services.segment.cleaning import headers, markup, notices, pages, step


def _modules(*packages: str) -> list[str]:
    """Every module of the stages that read raw text: a module added later is
    audited without being listed here (services.normalize.measures was never
    listed, and two of its patterns backtracked exponentially)."""
    out: list[str] = []
    for name in packages:
        package = importlib.import_module(name)
        out.append(name)
        out.extend(info.name for info in pkgutil.walk_packages(package.__path__, f"{name}."))
    return out


MODULES = _modules("services.segment", "services.normalize", "services.extract")
ALLOWED = {
    k: v
    for k, v in json.loads(Path(__file__).with_name("bounded_patterns.json").read_text("utf-8")).items()
    if not k.startswith("_")
}


def test_every_finding_is_a_pattern_used_on_bounded_input() -> None:
    found: dict[str, set[str]] = {}
    for f in regex_audit.audit(MODULES):
        found.setdefault(f.pattern, set()).add(f.kind)
    unlisted = {p: sorted(kinds - set(ALLOWED.get(p, {}).get("kinds", []))) for p, kinds in found.items()}
    assert not {p: k for p, k in unlisted.items() if k}, "rewrite these (possessive or bounded repeats) or list them"
    stale = {p: sorted(set(v["kinds"]) - found.get(p, set())) for p, v in ALLOWED.items()}
    assert not {p: k for p, k in stale.items() if k}, "no longer found: drop them from bounded_patterns.json"


# The patterns as they were before issue #15, to check the audit and the rewrites.
SP = step.SPACES
OLD_SCRIPT = re.compile(
    r"<(script|style|noscript)\b[^<>]{0,400}>.{0,20000}?</\1\s*>|<!--.{0,5000}?-->", re.IGNORECASE | re.DOTALL
)
OLD_HTML_TAG = re.compile(
    f"<\\s*/?\\s*(?:({markup._BLOCK_TAGS})|(?:{markup._INLINE_TAGS}))(?![\\w:-])[^<>\\n]{{0,400}}?/?\\s*>",
    re.IGNORECASE,
)
_OW = f"[{SP}]*"
_OPN = f"(?:[\\[【]?\\d{{1,3}}[\\]】]?{_OW})+"
OLD_PAGER_INLINE = re.compile(
    f"(?:共{_OW}\\d+{_OW}页[:：]?{_OW})?(?:首页{_OW})?上一页{_OW}{_OPN}下一页(?:{_OW}(?:尾页|末页))?"
    f"|共{_OW}\\d+{_OW}页[:：]?{_OW}{_OPN}下一页(?:{_OW}(?:尾页|末页))?"
    f"|第{_OW}\\d+{_OW}页{_OW}[/／,，]?{_OW}共{_OW}\\d+{_OW}页"
)
OLD_QUOTE_FIGURE = re.compile(
    f"(?:{notices._QUOTE_TERM.pattern})[{SP}]*(?:[(（][A-Za-z]{{2,4}}[)）])?[{SP}]*[:：]?[{SP}]*[+\\-−]?\\d"
)
_OJ = r"(?:上接|下转|接上|转下|转接|接第|转第|转至第|接自第)\s*(?:第)?\s*(?:\d+|[一二三四五六七八九十]+)\s*版"
OLD_PAGE_LINE = re.compile(f"^[▲▼△▽◆◇■□●○▶►◀◄\\s]*[(（]?\\s*{_OJ}\\s*[)）]?[▲▼△▽◆◇■□●○▶►◀◄\\s]*$")
OLD_PAGE_INLINE = re.compile(f"[(（]\\s*{_OJ}\\s*[)）]")
OLD_READ_TIME_LINE = re.compile(
    "(?:" + r"(?:点击)?(?:收听|听)(?:全文|本文|新闻|文章)?|语音播报|播报|本文|全文|文章|字数|共|约|大约|需要|需|"
    r"预计|阅读|时长|时间|用时|读完|\d+(?:[.,]\d+)?|分钟|分|秒|字|min(?:ute)?s?|"
    f"[{SP}:：，,|｜/·•()（）▶►🎧]" + ")+",
    re.IGNORECASE,
)
OLD_TRAILING = re.compile(
    r"(?:已经|已|将|(?<!年)均|仅|就|也|还|都|共|总共|共计|合计|累计|分别|达到|达|为|是|有|拥有|"
    r"实现|增长|增加|提高|下降|减少|突破|超过|超|逾|近|约|占|约占|高于|低于|不到|不足|"
    r"至少|最高|超出|接近|将近|大约|了|的|在|从|到|至|(?<!占)比|较|同比|增至|升至|降至|有望|预计|给予|稳居|"
    r"迈上|迈过|跨越|连续|保持|可|缩短|压缩|只用|用|由|约合|折合|合计人民币|人民币)+$"
)
_CW = companies._words
OLD_TWO_BODIES = re.compile(
    rf"^([{HAN}]{{2,}}?(?:{_CW('two_bodies_first_heads')}|(?<!公)司|{_CW('two_bodies_first_more')}))"
    rf"(?:{_CW('two_bodies_joiners')})([{HAN}]{{2,}}(?:{_CW('two_bodies_second_heads')}|(?<!公)司))$"
)


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        (OLD_SCRIPT, "lazy"),
        (OLD_HTML_TAG, "adjacent"),
        (OLD_PAGER_INLINE, "nested"),
        (OLD_PAGER_INLINE, "adjacent"),
        (OLD_QUOTE_FIGURE, "adjacent"),
        (OLD_PAGE_INLINE, "adjacent"),
        (OLD_READ_TIME_LINE, "nested"),
        (OLD_TRAILING, "ambiguous"),
    ],
    ids=["script", "html_tag", "pager", "pager_spaces", "quote_figure", "page_inline", "read_time", "trailing"],
)
def test_the_audit_finds_what_stalled_a_stage(pattern: re.Pattern[str], kind: str) -> None:
    assert kind in {f.kind for f in regex_audit.check(pattern, "old")}


def _pieces(*words: str):
    return st.lists(st.sampled_from(words), max_size=14).map("".join)


def _old_find_tags(text: str) -> list[offsets.Edit]:
    edits = [offsets.Edit(m.start(), m.end()) for m in OLD_SCRIPT.finditer(text)]
    taken = [(e.start, e.end) for e in edits]
    for m in OLD_HTML_TAG.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if m.group(1):
            edits += [offsets.Edit(m.start(), m.start() + 1, "\n"), offsets.Edit(m.start() + 1, m.end())]
        else:
            edits.append(offsets.Edit(m.start(), m.end()))
    return edits


@settings(max_examples=400, deadline=None)
@given(
    _pieces(
        "<script>",
        "</script>",
        "<SCRIPT x=1>",
        "</Script >",
        "<!--",
        "-->",
        "--->",
        "-",
        "<style>",
        "</style\n>",
        "<noscript>",
        "</noscript>",
        "<p>",
        "<br/>",
        "a",
        " ",
        "\n",
        "<",
        ">",
        "中",
        "<script",
        "<scripts>",
        "<!---->",
        "<br",
        "</p",
        "  ",
        "/>",
        "span",
    )
)
def test_tags_and_blocks_as_the_old_patterns_found_them(text: str) -> None:
    assert markup._find_tags(text) == _old_find_tags(text)


@pytest.mark.parametrize("n", [4999, 5000, 5001, 19_999, 20_000, 20_001])
def test_block_reaches_as_before(n: int) -> None:
    for text in (
        "<!--" + "x" * n + "-->",
        "<script>" + "x" * n + "</script>",
        "<style a>" + "<p>" * (n // 3) + "</style>",
    ):
        assert markup._find_tags(text) == _old_find_tags(text)


@pytest.mark.parametrize(
    ("new", "old", "words"),
    [
        (
            pages._PAGER_INLINE,
            OLD_PAGER_INLINE,
            (
                "共",
                "页",
                "上一页",
                "下一页",
                "首页",
                "尾页",
                "末页",
                "第",
                "1",
                "23",
                "4567",
                " ",
                "\u3000",
                "[",
                "]",
                "【",
                "】",
                "/",
                "，",
                ":",
                "x",
            ),
        ),
        (
            notices._QUOTE_FIGURE,
            OLD_QUOTE_FIGURE,
            ("量比", "市值", " ", "\u3000", "(TTM)", "（ab）", ":", "：", "+", "-", "1", "x", "("),
        ),
        (
            pages._PAGE_INLINE,
            OLD_PAGE_INLINE,
            ("(", "（", ")", "）", "上接", "下转", "接第", "第", " ", "\n", "1", "23", "三", "版", "x"),
        ),
    ],
    ids=["pager", "quote_figure", "page_inline"],
)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_rewritten_patterns_find_the_same_spans(
    new: re.Pattern[str], old: re.Pattern[str], words: tuple[str, ...], data: st.DataObject
) -> None:
    text = data.draw(_pieces(*words))
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_pieces("(", "（", ")", "）", "上接", "下转", "接第", "第", " ", "1", "23", "三", "版", "▲", "x"))
def test_page_lines_as_before(text: str) -> None:
    assert bool(pages._PAGE_LINE.match(text)) == bool(OLD_PAGE_LINE.match(text))


@settings(max_examples=300, deadline=None)
@given(
    _pieces(
        "听",
        "收听",
        "全文",
        "本文",
        "文章",
        "新闻",
        "点击",
        "约",
        "12",
        "3.5",
        "1,2",
        ".",
        ",",
        "分钟",
        "分",
        "min",
        "mins",
        "minute",
        " ",
        "：",
        "x",
        "阅读",
        "时长",
        "MIN",
    )
)
def test_read_time_lines_as_before(text: str) -> None:
    assert bool(headers._READ_TIME_LINE.fullmatch(text)) == bool(OLD_READ_TIME_LINE.fullmatch(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "达到",
                "达",
                "到",
                "约占",
                "约",
                "占",
                "将近",
                "将",
                "近",
                "合计人民币",
                "合计",
                "人民币",
                "年",
                "均",
                "比",
                "x",
                "的",
                "同比",
                "占比",
            ]
        ),
        max_size=8,
    ).map("".join)
)
def test_trailing_words_strip_as_before(text: str) -> None:
    assert attribution._TRAILING.sub("", text) == OLD_TRAILING.sub("", text)


# What took minutes, hours or longer with the old patterns; an answer now.
def test_inputs_that_stalled_a_step_get_an_answer() -> None:
    assert not headers._is_read_time("阅读" + "1" * 38 + "x")
    assert list(pages._PAGER_INLINE.finditer("上一页" + "1" * 5000 + "x")) == []
    assert list(pages._PAGER_INLINE.finditer("第1页" + " " * 100_000 + "x")) == []
    assert list(markup._HTML_TAG.finditer("<" + " " * 100_000)) == []
    assert list(markup._HTML_TAG.finditer("<br" + " " * 100_000)) == []
    assert notices._QUOTE_FIGURE.search("量比" + "\u200a" * 100_000) is None
    assert list(pages._PAGE_INLINE.finditer("（上接" + " " * 100_000 + "x")) == []
    assert attribution._TRAILING.sub("", "达到" * 19 + "x") == "达到" * 19 + "x"
    assert markup._find_tags("<script>" * 35_000) == []


@settings(max_examples=2000, deadline=None)
@given(
    _pieces(
        "所",
        "院",
        "局",
        "办",
        "大学",
        "学院",
        "公司",
        "集团",
        "中心",
        "实验室",
        "司",
        "公",
        "与",
        "和",
        "及",
        "苏州",
        "医工",
        "x",
        " ",
    )
)
def test_two_bodies_split_as_before(text: str) -> None:
    new, old = companies._TWO_BODIES.match(text), OLD_TWO_BODIES.match(text)
    assert (new and (new.span(1), new.span(2))) == (old and (old.span(1), old.span(2)))


def test_two_bodies_joiners_are_han() -> None:
    # The rewrite checks the whole word is Han at the start: right only while the joiners are.
    assert all(re.fullmatch(f"[{HAN}]+", w) for w in load_group(_COMPANY_WORDS, "two_bodies_joiners"))


# With the old pattern each first body before a joiner sought the second's head
# again to the word's end: 200,000 characters took ten minutes or more.
def test_a_long_word_of_bodies_and_joiners_gets_an_answer() -> None:
    assert companies._TWO_BODIES.match("院与" * 100_000 + "中") is None
    m = companies._TWO_BODIES.match("院与" * 100_000 + "所")
    assert m is not None and m.group(1) == "院与院" and m.start(2) == 4
