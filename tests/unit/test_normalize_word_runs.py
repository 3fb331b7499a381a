"""word_runs.WordRun: the answers of ``^(?:pieces)*$`` and ``(?:pieces)+$``
without backtracking (issue #15). The figure's change filler and the clause
verbs were such patterns over pieces that spell one stretch in several ways;
22 repeats of 年均复合 took seconds, and each repeat doubled it."""

from __future__ import annotations

import random
import re

from docpipe.wordlists import group_alternation, load_group
from services.normalize import measures
from services.normalize.word_runs import WordRun

_W = measures._WORDS
_FILLER_GROUPS = ("change_filler_1", "change_filler_2", "change_filler_3")
# The patterns as they were (measures.py before word_runs): the reference.
OLD_FILLER = re.compile(
    rf"^(?:{group_alternation(_W, 'change_filler_1')}|(?:19|20)\d{{2}}年?|{group_alternation(_W, 'change_filler_2')}|"
    rf"1-\d+月|{group_alternation(_W, 'change_filler_3')})*$"
)
OLD_CLAUSE_VERBS = re.compile(rf"(?:{group_alternation(_W, 'clause_verbs')})+$")
OTHER = list("12年月-占，的\n x过计")


def _strings(pieces: list[str], seed: int, n: int = 20000) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(pieces) if rnd.random() < 0.7 else rnd.choice(OTHER) for _ in range(rnd.randint(0, 7)))
        for _ in range(n)
    ]


def test_the_change_filler_answers_as_its_pattern_did() -> None:
    pieces = [w for g in _FILLER_GROUPS for w in load_group(_W, g)] + ["2020", "1999年", "1-12月", "20", "年"]
    for s in _strings(pieces, 1):
        assert measures._CHANGE_FILLER.is_run(s) == bool(OLD_FILLER.match(s)), s


def test_the_clause_verbs_cut_as_their_pattern_did() -> None:
    for s in _strings(list(load_group(_W, "clause_verbs")), 2):
        assert measures._CLAUSE_VERBS.cut(s) == OLD_CLAUSE_VERBS.sub("", s), s


def test_pieces_that_spell_a_stretch_in_many_ways_answer_at_once() -> None:
    # With the old patterns these ran for hours (2^2000 splits); pytest-timeout would stop them.
    assert measures.bare_change("年均复合" * 2000 + "x增长", "percent") is None
    assert measures.bare_change("2020年均" * 2000 + "增长", "percent") == "growth"
    assert measures._CLAUSE_VERBS.cut("收入" + "达到" * 2000 + "过") == "收入" + "达到" * 2000 + "过"
    assert measures._CLAUSE_VERBS.cut("收入" + "达到" * 2000) == "收入"


def test_a_run_is_the_first_position_the_rest_parses_from() -> None:
    run = WordRun(["ab", "a", "b"], [re.compile(r"\d+")])
    assert run.run_start("xab12") == 1 and run.cut("xab12") == "x"
    assert run.run_start("abc") is None and run.cut("abc") == "abc"
    assert run.cut("xab\n") == "x\n" and run.is_run("ab12\n") and run.is_run("")
    assert not run.is_run("abc")


def test_a_run_search_stops_where_no_word_can_reach() -> None:
    # (run_start gives up at a text whose end no word ends, and walks back no
    # further than a gap longer than the longest word: issue #15, a text of figures)
    verbs = measures._CLAUSE_VERBS
    assert verbs.cut("收入" + "x" * 50 + "达到") == "收入" + "x" * 50
    assert verbs.run_start("12%" * 10000) is None
    run = WordRun(["ab", "b"])
    assert run.run_start("ab" + "x" * 5 + "abab") == 7 and run.run_start("abab" + "x") is None
