"""The organizations' table matcher (government bodies and media) finds the
same spans as the plain alternation of its names, and a position whose
character opens no name fails at one character class."""

from __future__ import annotations

import re
from pathlib import Path

from docpipe.wordlists import alternation
from services.extract.organizations.tables import load_resources

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "dev_real" / "articles").glob("*.txt"))


def _plain() -> re.Pattern[str]:
    """The alternation without the lookahead, as the matcher was built before."""
    tables = load_resources()
    names = sorted(set(tables.government) | tables.media, key=len, reverse=True)
    return re.compile(
        r"《(" + "|".join(map(re.escape, tables.media)) + r")》(" + alternation("organizations/media_forms.txt") + ")?"
        r"|(" + "|".join(map(re.escape, names)) + ")"
    )


def test_the_matcher_opens_with_the_names_first_characters() -> None:
    matcher = load_resources().matcher
    assert matcher.pattern.startswith("(?=[")
    assert matcher.match("《") is None and matcher.match("的") is None


def test_the_matcher_finds_what_the_plain_alternation_finds() -> None:
    matcher, plain = load_resources().matcher, _plain()
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    texts.append("据《人民日报》报道，国家发展改革委、财政部和中国人民银行联合发文；《瞭望》新闻周刊")
    found = 0
    for text in texts:
        got = [(m.span(), m.groups()) for m in matcher.finditer(text)]
        assert got == [(m.span(), m.groups()) for m in plain.finditer(text)]
        found += len(got)
    assert found > 20
