"""FoolNLTK's NER model run through onnxruntime: exact offsets, batching that
changes nothing, chunking that loses or shifts no span, the CRF decoding, and
outputs recorded from the original TensorFlow model."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract import crf_viterbi, foolnltk
from services.extract.foolnltk import MAX_CHUNK, ModelMissing, ModelSpan, chunks, load_resources, tag

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "seeds").glob("*.txt")) + sorted(ROOT.glob("tests/heldout*/articles/*.txt"))
LABELS = {"company", "organization", "person", "location"}

# Recorded from the original model, not from the ONNX file: FoolNLTK 0.1.7's
# TF graph (ner.pb from the sdist) run with tensorflow-cpu 2.15 and FoolNLTK's
# own decoding, in the throwaway venv of tools/models/convert_foolnltk.py
# (its ``golden`` command printed these lines; org is renamed organization,
# time and job are dropped).
GOLDEN = [
    (
        "阿里巴巴集团董事局主席马云在杭州会见了中国人民银行行长易纲。",
        [(0, 6, "company"), (11, 13, "person"), (14, 16, "location"), (19, 25, "organization"), (27, 29, "person")],
    ),
    ("华为技术有限公司与深圳市人民政府签署战略合作协议。", [(0, 8, "company"), (9, 16, "organization")]),
    ("国家统计局1月17日发布数据，2019年全国居民人均可支配收入30733元。", [(0, 5, "organization")]),
    ("Apple and Microsoft reported earnings on Tuesday.", []),
    ("浙江省杭州市余杭区", [(0, 9, "location")]),
    ("中国石油天然气集团有限公司董事长戴厚良表示，公司将加大勘探开发力度。", [(0, 13, "company"), (16, 19, "person")]),
]


def _triples(spans: list[ModelSpan]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in spans]


@pytest.fixture(scope="module")
def article_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in ARTICLES]


@pytest.fixture(scope="module")
def article_spans(article_texts: list[str]) -> list[list[ModelSpan]]:
    return tag(article_texts)


@pytest.mark.parametrize(("text", "expected"), GOLDEN, ids=[g[0][:8] for g in GOLDEN])
def test_same_spans_as_the_original_tensorflow_model(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert _triples(tag([text])[0]) == expected


def test_offsets_are_exact_and_spans_disjoint(article_texts: list[str], article_spans: list[list[ModelSpan]]) -> None:
    assert sum(map(len, article_spans)) > 500
    for text, spans in zip(article_texts, article_spans, strict=True):
        ends = [0]
        for s in spans:
            assert 0 <= s.start < s.end <= len(text)
            assert s.start >= ends[-1], "spans overlap or are out of order"
            ends.append(s.end)
            assert s.label in LABELS
            assert 0.0 <= s.score <= 1.0 + 1e-9
            assert text[s.start : s.end].strip(), "a span is blank"
            assert "\n" not in text[s.start : s.end], "a span crosses a line"


def test_batching_changes_nothing(article_texts: list[str], article_spans: list[list[ModelSpan]]) -> None:
    for text, batched in zip(article_texts, article_spans, strict=True):
        alone = tag([text])[0]
        assert _triples(alone) == _triples(batched)
        assert np.allclose([s.score for s in alone], [s.score for s in batched], atol=1e-6)


def test_a_list_keeps_its_order_and_its_empty_texts() -> None:
    texts = ["", GOLDEN[0][0], "   \n\n", GOLDEN[1][0], ""]
    out = tag(texts)
    assert [_triples(x) for x in out] == [[], GOLDEN[0][1], [], GOLDEN[1][1], []]


def test_empty_and_non_chinese_input() -> None:
    assert tag([]) == []
    assert tag([""]) == [[]]
    assert tag([" \t\n\r\n "]) == [[]]
    assert tag(["😀😀😀 ½ ∰ \u200b"]) == [[]]  # characters outside the vocabulary
    assert tag(["12345 67.8%"]) == [[]]


def test_a_long_text_loses_and_shifts_no_span() -> None:
    sentence, expected = GOLDEN[0]
    text = "\n".join(sentence * 12 for _ in range(10))  # 120 sentences, 10 lines
    got = _triples(tag([text])[0])
    want = []
    for line in range(10):
        for k in range(12):
            base = line * (12 * len(sentence) + 1) + k * len(sentence)
            want += [(base + s, base + e, lab) for s, e, lab in expected]
    assert got == want


def test_a_sentence_longer_than_a_chunk_is_cut_at_clause_marks() -> None:
    clause = "华为技术有限公司与深圳市人民政府签署战略合作协议，"  # 25 characters
    text = clause * 40  # one 1000-character sentence
    parts = chunks(text)
    assert len(parts) > 1 and all(e - s <= MAX_CHUNK for s, e in parts)
    assert all(text[e - 1] == "，" for s, e in parts), "cut inside a clause"
    got = _triples(tag([text])[0])
    want = [(k * len(clause) + s, k * len(clause) + e, lab) for k in range(40) for s, e, lab in GOLDEN[1][1]]
    assert got == want


def test_a_clause_longer_than_a_chunk_is_cut_hard_without_losing_characters() -> None:
    text = "国" * (3 * MAX_CHUNK + 7)
    parts = chunks(text)
    assert parts == [
        (0, MAX_CHUNK),
        (MAX_CHUNK, 2 * MAX_CHUNK),
        (2 * MAX_CHUNK, 3 * MAX_CHUNK),
        (3 * MAX_CHUNK, len(text)),
    ]
    for s in tag([text])[0]:
        assert 0 <= s.start < s.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("华为公司在北京。！？，、 \n\r\tAb1"), max_size=600))
def test_chunks_cover_every_non_blank_character_once(text: str) -> None:
    covered = [0] * len(text)
    last = 0
    for s, e in chunks(text):
        assert last <= s < e <= len(text) and e - s <= MAX_CHUNK
        assert text[s:e] == text[s:e].strip()
        assert "\n" not in text[s:e] and "\r" not in text[s:e]
        for i in range(s, e):
            covered[i] += 1
        last = e
    assert all(c == 1 for c, ch in zip(covered, text, strict=False) if not ch.isspace())


def _brute_force(em: np.ndarray, start: np.ndarray, trans: np.ndarray) -> tuple[list[int], np.ndarray]:
    n, k = em.shape
    best: tuple[float, tuple[int, ...]] | None = None
    probs = np.zeros((n, k))
    for path in itertools.product(range(k), repeat=n):
        score = (
            start[path[0]]
            + sum(em[t, path[t]] for t in range(n))
            + sum(trans[path[t - 1], path[t]] for t in range(1, n))
        )
        probs[range(n), path] += np.exp(score)
        if best is None or score > best[0]:
            best = (score, path)
    assert best is not None
    return list(best[1]), probs / probs.sum(axis=1, keepdims=True)


def test_viterbi_and_marginals_match_enumeration_on_ragged_batches() -> None:
    rng = np.random.default_rng(3)
    k = 4
    lengths = np.array([6, 1, 4, 2])
    em = rng.normal(scale=3, size=(len(lengths), lengths.max(), k))
    start, trans = rng.normal(size=k), rng.normal(size=(k, k))
    paths = crf_viterbi.viterbi(em, lengths, trans, start=start)
    probs = foolnltk.marginals(em, lengths, start, trans)
    for row, n in enumerate(lengths):
        best, p = _brute_force(em[row, :n], start, trans)
        assert paths[row, :n].tolist() == best
        assert np.allclose(probs[row, :n], p, atol=1e-12)


def test_broken_tag_sequences_still_give_exact_spans() -> None:
    res = load_resources()
    tid = {t: i for i, t in enumerate(res.tags)}
    seq = [
        "B_org",
        "O",
        "M_org",
        "E_org",
        "S_person",
        "B_company",
        "E_location",
        "M_person",
        "E_person",
        "B_time",
        "E_time",
    ]
    paths = np.array([[tid[t] for t in seq]])
    probs = np.full((1, len(seq), len(res.tags)), 0.5)
    got = foolnltk._spans(paths, probs, np.array([len(seq)]), res)[0]
    labels = [(s, e, res.labels[lab]) for s, e, lab, _ in got]
    # time is dropped; no span glues characters that are not side by side.
    assert labels == [
        (0, 1, "organization"),
        (2, 4, "organization"),
        (4, 5, "person"),
        (5, 6, "company"),
        (6, 7, "location"),
        (7, 9, "person"),
    ]
    assert all(sc == pytest.approx(0.5) for *_, sc in got)


def test_resources_load_once_and_a_missing_file_is_named(tmp_path: Path) -> None:
    assert load_resources() is load_resources()
    shutil.copytree(foolnltk.default_directory(), tmp_path / "m")
    (tmp_path / "m" / "transitions.json").unlink()
    with pytest.raises(ModelMissing, match=r"transitions\.json"):
        load_resources(tmp_path / "m")


def test_marginals_only_for_rows_with_an_entity_tag_change_no_span(
    article_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``_run`` computes marginals only for the rows whose best path holds a
    kept entity's tag; with every row computed (the slow path) each text gets
    the same spans, and scores equal up to float rounding (a marginals batch
    of other rows)."""
    seen: list[bool] = []
    holds_entity = foolnltk.holds_entity

    def counting(paths: np.ndarray, lengths: np.ndarray, res: foolnltk.Resources) -> np.ndarray:
        out = holds_entity(paths, lengths, res)
        seen.extend(out.tolist())
        return out

    monkeypatch.setattr(foolnltk, "holds_entity", counting)
    fast = [tag([t])[0] for t in article_texts]
    assert seen.count(False) > 100  # the fast path does skip rows
    monkeypatch.setattr(foolnltk, "holds_entity", lambda paths, lengths, res: np.ones(len(paths), dtype=bool))
    for text, spans in zip(article_texts, fast, strict=True):
        slow = tag([text])[0]
        assert _triples(slow) == _triples(spans)
        assert np.allclose([s.score for s in slow], [s.score for s in spans], rtol=0, atol=1e-12)


def test_holds_entity_reads_kept_types_within_each_rows_length() -> None:
    res = load_resources()
    o, b_org, b_time = (res.tags.index(t) for t in ("O", "B_org", "B_time"))
    paths = np.array([[o, o, o], [o, b_org, o], [o, o, b_org], [b_time, o, o]])
    lengths = np.array([3, 3, 2, 3])
    assert foolnltk.holds_entity(paths, lengths, res).tolist() == [False, True, False, False]


def test_char_ids_are_the_vocabulary_lookup_for_every_character(article_texts: list[str]) -> None:
    res = load_resources()
    text = "".join(article_texts) + "😀𠀀\ud800 \u3000Ａ"  # beyond the table, a lone surrogate, blanks
    expected = [res.char_to_id.get(c, res.oov) for c in text]
    assert res.char_ids.ids(text).tolist() == expected
    assert res.char_ids.ids("").tolist() == []
