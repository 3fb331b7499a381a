"""Word lists are data files, not regex literals (issue #16): no string literal
under ``services/`` spells out an alternation of more than ``MAX_WORDS``
Chinese words (``(?:浏览|阅读|点击)``). Such a list goes to
``shared/docpipe/data/<area>/`` and is read with ``docpipe.wordlists``
(``alternation`` / ``alternative(load_group(...))``).

Two words may stay in the code when they are grammar (``(?:以来|至今)``,
``至|到``); so may words that carry their own lookaround (``中报(?![道告])``),
which the count does not join to their neighbours.

The scan reads the source (``ast``): every string literal and every constant
part of an f-string, docstrings left out, so a pattern built from pieces is
seen piece by piece wherever it is compiled.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from docpipe.textclasses import HAN

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "services"

# More Chinese words than this in one alternation is a word list.
MAX_WORDS = 2

# Modules whose lists have not moved yet, with the longest alternation each
# holds today: a ceiling, so none grows while it waits (none left).
NOT_YET_MOVED: dict[str, int] = {}

# A run of Chinese words joined by |, not continuing a word or an escape.
_RUN = re.compile(rf"(?<![{HAN}\\])[{HAN}]+(?:\|[{HAN}]+)+")


def _literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal that is not a docstring; an
    f-string's placeholders become a NUL, which ends a run."""
    tree = ast.parse(source)
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.JoinedStr))
    }
    inside_fstrings = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    out = []
    for node in ast.walk(tree):
        if id(node) in docstrings or id(node) in inside_fstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "\0" for v in node.values)
            out.append((node.lineno, text))
    return out


def word_alternations(source: str) -> list[tuple[int, int, str]]:
    """(line, number of words, the run) for every alternation of two or more
    Chinese words in the source's string literals."""
    return [
        (line, m.group().count("|") + 1, m.group()) for line, text in _literals(source) for m in _RUN.finditer(text)
    ]


def test_the_scan_counts_the_words_of_an_alternation():
    source = '''
"""A docstring may show 甲|乙|丙|丁."""
import re
A = re.compile(r"^(?:浏览|阅读|点击)(?:次数|量)?:")
B = re.compile(rf"{A.pattern}(?:参与|投票|评论|点赞)(?![\\u4e00-\\u9fff])")
C = re.compile(r"中报(?!道|告)|年|月")
'''
    found = sorted((n, run) for _, n, run in word_alternations(source))
    # the docstring is left out; 中报 keeps its lookahead apart from 年|月
    assert found == [(2, "年|月"), (2, "次数|量"), (2, "道|告"), (3, "浏览|阅读|点击"), (4, "参与|投票|评论|点赞")]


def _modules() -> list[Path]:
    return sorted(SERVICES.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_spells_out_a_word_list_in_a_regex(path: Path):
    rel = path.relative_to(ROOT).as_posix()
    limit = NOT_YET_MOVED.get(rel, MAX_WORDS)
    too_long = [
        f"{rel}:{line}: {n} words: {run}"
        for line, n, run in word_alternations(path.read_text(encoding="utf-8"))
        if n > limit
    ]
    assert not too_long, "a word list in a regex literal; move it to docpipe/data (docpipe.wordlists):\n" + "\n".join(
        too_long
    )


# The CJK range written out instead of taken from docpipe.textclasses (HAN,
# HAN_CHAR, is_han, HAN_WIDE): lines per module still doing so (none left).
_CJK_RANGE = re.compile(r"\\u4e00|\\u9fff|一-鿿|一-龥")
CJK_RANGE_NOT_YET_MOVED: dict[str, int] = {}


@pytest.mark.parametrize(
    "path",
    [*_modules(), *sorted((ROOT / "shared" / "docpipe").rglob("*.py"))],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_the_cjk_class_is_written_out_only_in_textclasses(path: Path):
    rel = path.relative_to(ROOT).as_posix()
    if rel == "shared/docpipe/textclasses.py":
        return
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if _CJK_RANGE.search(line)]
    assert len(lines) <= CJK_RANGE_NOT_YET_MOVED.get(rel, 0), (
        f"{rel}: lines {lines}: import the class from docpipe.textclasses"
    )


def test_every_module_waiting_for_its_move_exists():
    # a moved or renamed module leaves the list, so its ceiling cannot shelter another
    assert all((ROOT / rel).is_file() for rel in [*NOT_YET_MOVED, *CJK_RANGE_NOT_YET_MOVED])


# A dict, set, list or tuple literal of more than this many Chinese words is a
# word list too (qualifier words, relative years, five-year plans moved to
# docpipe/data/normalize/). Numerals are grammar, not vocabulary: a table of
# 一 -> 1, 十一 -> 11 stays beside the code that parses them.
MAX_COLLECTION_WORDS = 4
_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")


def collection_words(source: str) -> list[tuple[int, int]]:
    """(line, Chinese words) of every collection literal holding more than one
    Chinese word: a string of Chinese characters only (a regex piece or a
    sentence is not a word) that is not a numeral; dict keys and values both
    count."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            items = [*node.keys, *node.values]
        elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = list(node.elts)
        else:
            continue
        words = [
            item.value
            for item in items
            if isinstance(item, ast.Constant)
            and isinstance(item.value, str)
            and re.fullmatch(f"[{HAN}]+", item.value)
            and not _NUMERAL.fullmatch(item.value)
        ]
        if len(words) > 1:
            out.append((node.lineno, len(words)))
    return out


def test_the_collection_scan_counts_words_not_numerals():
    source = """
A = {"超过": "gt", "近": "approx", "约": "approx"}
B = ("高新区", "经开区")
C = {"一": 1, "十一": 11, "两": 2}
D = ["title", "标题", r"年(?!报)", "2023年的数字", "苏州"]
"""
    assert collection_words(source) == [(2, 3), (3, 2), (5, 2)]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_holds_a_word_list_in_a_collection(path: Path):
    rel = path.relative_to(ROOT).as_posix()
    too_long = [
        f"{rel}:{line}: {n} words"
        for line, n in collection_words(path.read_text(encoding="utf-8"))
        if n > MAX_COLLECTION_WORDS
    ]
    assert not too_long, (
        "a word list in a Python collection; move it to docpipe/data (docpipe.wordlists):\n" + "\n".join(too_long)
    )
