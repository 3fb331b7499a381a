"""_debris and _bulletin_issuer (services/extract/organizations/filters.py)
read each line of a text once, not once per candidate on it (issue #15: no
input can stall a stage). 40,000 characters of the hostile case org_figures
(one line of 华为公司营收1亿元，该公司…) spent 2.1 of 3.3 s of extract CPU
searching the whole line for a footer phrase, and the whole first line for a
bulletin title, once per candidate: extract CPU 0.47/1.22/2.86 s at
10k/20k/40k characters, 0.46/0.82/1.65 s after. Same answers as that reading, kept below as the reference, on
generated texts of bulletin headers, footers, bylines and long lines."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from services.extract.organizations import filters
from services.extract.organizations.filters import (
    _BULLETIN_TITLE,
    _BYLINE,
    _BYLINE_LINE_MAX,
    _FIRST_LINE,
    _FOOTER_LINE,
    _ISSUER_LINE_MAX,
    _MEDIA_CITED,
    _bulletin_issuer,
    _debris,
)
from services.extract.organizations.kinds import kind_of
from services.extract.organizations.tables import _Cand


def _reference_bulletin_issuer(text: str, c: _Cand) -> bool:
    """The reading before the change, verbatim."""
    first = _FIRST_LINE.match(text)
    if first is None or not _BULLETIN_TITLE.search(first.group(1)):
        return False
    pos = 0
    title_seen = False
    for line in text.split("\n"):
        end = pos + len(line)
        body = line.strip(" \t\u3000\r")
        if body:
            if not title_seen:
                if not _BULLETIN_TITLE.search(body):
                    return False
                title_seen = True
            elif len(body) > _ISSUER_LINE_MAX:
                return False
            elif pos <= c.start and c.end <= end:
                return not re.search(r"[，,。；;：:]", body)
        if pos > c.end:
            return False
        pos = end + 1
    return False


def _reference_debris(text: str, c: _Cand) -> bool:
    line_start = text.rfind("\n", 0, c.start) + 1
    line_end = text.find("\n", c.end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    # a line of prose (ending a sentence with 。) is no footer, though it names 技术支持
    if (_FOOTER_LINE.search(line) and "。" not in line) or _reference_bulletin_issuer(text, c):
        return True
    return (
        (c.kind == "media" or kind_of(c.name) == "media")
        and len(line.strip()) <= _BYLINE_LINE_MAX
        and bool(_BYLINE.search(line))
        and not _MEDIA_CITED.search(text, max(line_start, c.start - 2), c.start)
    )


NAMES = ["苏州市统计局", "国家统计局苏州调查队", "重庆日报", "华为公司", "苏州工业园区管理委员会", "新华网"]
LINES = [
    "2012年苏州市国民经济和社会发展统计公报",
    "{n}",
    "{n}\u3000",
    "（2013年3月20日）",
    "",
    "  ",
    "版权所有：{n} 技术支持：{n}",
    "2024年11月18日 {n} 记者 何文静",
    "据{n}记者报道",
    "{n}发布，全年地区生产总值增长5%，{n}表示，经济运行总体平稳，稳中有进，各项指标好于预期。",
    "{n}：全年增长5%",
]


def _case(rng: random.Random) -> tuple[str, list[_Cand]]:
    text = ""
    cands: list[_Cand] = []
    for _ in range(rng.randint(1, 8)):
        parts = re.split(r"(\{n\})", rng.choice(LINES))
        for part in parts:
            if part == "{n}":
                name = rng.choice(NAMES)
                kind = rng.choice([None, "media", "government"])
                cands.append(_Cand(start=len(text), end=len(text) + len(name), name=name, kind=kind))
                text += name
            else:
                text += part
        text += rng.choice(["\n", "\n", "\r\n", "\n\n"])
    if rng.random() < 0.3:
        text = rng.choice(["", "\n", "  \n"]) + text
    return text, cands


def test_the_same_answers_as_reading_every_line_per_candidate() -> None:
    rng = random.Random(20261204)
    seen = {True: 0, False: 0}
    issuers = 0
    for _ in range(600):
        text, cands = _case(rng)
        for c in cands:
            want = _reference_debris(text, c)
            assert _debris(text, c) == want, (text, c)
            assert _bulletin_issuer(text, c) == _reference_bulletin_issuer(text, c), (text, c)
            seen[want] += 1
            issuers += _reference_bulletin_issuer(text, c)
    assert min(seen.values()) > 200 and issuers > 50  # both answers, and bulletin issuers among them


class _Counting:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.chars = pattern, 0

    def search(self, string: str, *args: Any) -> Any:
        self.chars += len(string)
        return self.pattern.search(string, *args)

    def match(self, string: str, *args: Any) -> Any:
        self.chars += len(string)
        return self.pattern.match(string, *args)


@pytest.mark.parametrize("head", ["", "2012年苏州市统计公报\n"])
def test_each_line_is_searched_once_whatever_the_candidates_on_it(head: str, monkeypatch: pytest.MonkeyPatch) -> None:
    scanned = []
    for n in (100, 1000):
        footer, title = _Counting(_FOOTER_LINE), _Counting(_BULLETIN_TITLE)
        monkeypatch.setattr(filters, "_FOOTER_LINE", footer)
        monkeypatch.setattr(filters, "_BULLETIN_TITLE", title)
        text = head + "苏州市统计局\n" * n + "华为公司营收1亿元，" * n
        cands = [
            _Cand(start=m.start(), end=m.end(), name=m.group()) for m in re.finditer("华为公司|苏州市统计局", text)
        ]
        assert not any(_debris(text, c) for c in cands if c.name == "华为公司")
        assert all(_debris(text, c) for c in cands if c.name == "苏州市统计局") == bool(head)
        scanned.append(footer.chars + title.chars)
    # ten times the text, ten times the characters searched (was a hundred times)
    assert scanned[1] <= 10.5 * scanned[0], scanned
