"""The stage's faster POS Viterbi gives exactly jieba's result."""

from __future__ import annotations

from pathlib import Path

import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from services.segment import resources
from services.segment.cleaning import clean
from services.segment.posviterbi import POSTokenizer, viterbi

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Characters the HMM sees in unknown-word runs: Han (common and rare), digits,
# letters, and a few symbols the tables do not know.
_CHARS = st.sampled_from("产业集群园区高新技术企业科创链主发力这一中的年月日亿元万吨鑫瑞祺钰蕞犇淼0123456789ABCxyz·—％")


@settings(max_examples=300, deadline=None)
@given(st.text(_CHARS, min_size=1, max_size=16))
def test_viterbi_equals_jiebas(obs: str) -> None:
    assert viterbi(obs) == jieba_viterbi(obs, char_state_tab_P, start_P, trans_P, emit_P)


@pytest.fixture(scope="module")
def jiebas_tagger() -> jieba.posseg.POSTokenizer:
    """jieba's own tagger over the stage's tokenizer, with the same dictionary tags."""
    theirs = jieba.posseg.POSTokenizer(resources.tokenizer())
    theirs.word_tag_tab = resources.pos_tokenizer().word_tag_tab  # user tags merged
    return theirs


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_stage_tagger_cuts_like_jiebas(path: Path, jiebas_tagger: jieba.posseg.POSTokenizer) -> None:
    text = clean(path.read_text(encoding="utf-8"))
    ours = resources.pos_tokenizer()
    assert isinstance(ours, POSTokenizer)
    theirs = jiebas_tagger
    assert [(p.word, p.flag) for p in ours.cut(text)] == [(p.word, p.flag) for p in theirs.cut(text)]
