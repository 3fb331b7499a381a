"""The segment stage end to end on the seeds and on small texts."""

from __future__ import annotations

import itertools
from pathlib import Path

import jieba
import pytest

from docpipe.document import Document, Status
from docpipe.ingest import new_document
from docpipe.pipeline import INPUT_FIELDS, check_order
from services.segment import resources
from services.segment.segmenter import sentences, tokens
from services.segment.stage import ADDS, STAGE, segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_docs() -> dict[str, Document]:
    STAGE.warm_up()
    return {p: segment(new_document(_seed(p))) for p in ("000", "001", "002", "003", "004")}


def test_stage_declaration() -> None:
    assert STAGE.name == "segment" and STAGE.status == Status.segmenting
    assert STAGE.warm_up is resources.warm_up
    check_order([STAGE], INPUT_FIELDS)
    assert {"clean_text", "raw_spans", "sentences", "tokens", "keywords", "title", "published_at"} <= ADDS


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_offsets_are_exact(seed_docs: dict[str, Document], prefix: str) -> None:
    doc = seed_docs[prefix]
    text = doc.clean_text
    assert text and doc.tokens and doc.sentences
    for t in doc.tokens:
        assert text[t.start : t.end] == t.text
        assert t.pos
    # Tokens cover every non-space character, in order, without overlap.
    covered = "".join(t.text for t in doc.tokens)
    assert covered == "".join(text.split())
    assert all(a.end <= b.start for a, b in itertools.pairwise(doc.tokens))
    assert all(a.end <= b.start for a, b in itertools.pairwise(doc.sentences))
    joined = "".join(text[s.start : s.end] for s in doc.sentences)
    assert "".join(joined.split()) == "".join(text.split())
    # Raw spans cover the clean text and map back character for character.
    runs = doc.raw_spans
    assert runs[0][0] == 0 and runs[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(runs))
    for cs, ce, rs, re_ in runs:
        assert ce - cs == re_ - rs
        for ch_clean, ch_raw in zip(text[cs:ce], doc.raw_text[rs:re_], strict=False):
            assert ch_clean == ch_raw or (ch_raw, ch_clean) in {(",", "，"), ("蕞", "最")}


def test_seed_004_date_and_title(seed_docs: dict[str, Document]) -> None:
    doc = seed_docs["004"]
    assert doc.published_at == "2024-11-24"
    assert doc.title == "瞭望·治国理政纪事|加快形成长三角科创共同体"
    assert doc.timings_ms["clean"] > 0 and doc.timings_ms["segment"] > 0


def test_app_page_with_entities_title_and_exact_offsets() -> None:
    """An app page scraped with HTML left in it: the title is the 原标题, the
    app header, menu and promotion are gone, entities decoded, and every token
    still maps back to the raw characters it came from."""
    from services.segment.offsets import raw_span

    STAGE.warm_up()
    raw = (
        "金华新闻客户端\n要闻 | 区域 | 成渝\n原标题：永康五金产业集群产值突破千亿元\n"
        "<p>2024-10-21&nbsp;09:30</p>\n<p>今年前三季度，永康市&ldquo;五金&rdquo;产业集群实现产值856亿元&#65292;同比增长9.2%。</p>\n"
        "打开APP阅读全文\n"
    )
    doc = segment(new_document(raw))
    assert doc.title == "永康五金产业集群产值突破千亿元"
    assert doc.published_at == "2024-10-21"
    assert doc.clean_text == "今年前三季度，永康市“五金”产业集群实现产值856亿元，同比增长9.2%。"
    import html

    assert any(t.text == "“" for t in doc.tokens)
    import re

    for t in doc.tokens:  # each token's raw span reads as the token once entities are decoded
        rs, re_ = raw_span(doc.raw_spans, t.start, t.end)
        # A decoded character maps to its entity's '&' (the rest was deleted):
        # a span ending there reaches to the entity's end.
        m = re.match(r"&#?\w+;?", raw[re_ - 1 :]) if raw[re_ - 1] == "&" else None
        assert html.unescape(raw[rs : re_ - 1 + m.end() if m else re_]) == t.text


def test_request_values_win() -> None:
    doc = new_document(_seed("004"), title="给定标题", published_at="2024-01-01")
    doc = segment(doc)
    assert doc.title == "给定标题" and doc.published_at == "2024-01-01"


@pytest.mark.parametrize(
    "term",
    [
        "科技部火炬中心",
        "创新型产业集群",
        "集成电路",
        "苏州工业园区",
        "粤港澳大湾区",
        "无锡高新区",
        "战略性新兴产业",
        "生物医药",
    ],
)
def test_domain_terms_come_out_whole(term: str) -> None:
    text = f"近日，{term}相关负责人表示，将继续推动发展。"
    words = [t.text for t in tokens(text)]
    assert term in words


def test_seed_domain_terms_whole(seed_docs: dict[str, Document]) -> None:
    words = {t.text for d in seed_docs.values() for t in d.tokens}
    assert {"科技部火炬中心", "创新型产业集群", "集成电路", "苏州工业园区"} <= words


def test_global_jieba_is_untouched() -> None:
    resources.warm_up()
    assert resources.tokenizer() is not jieba.dt
    assert "科技部火炬中心" not in jieba.dt.FREQ if jieba.dt.initialized else True


def test_tokenizer_cache_lives_under_var_dir() -> None:
    from docpipe import settings

    tok = resources.tokenizer()
    assert Path(tok.tmp_dir) == settings.paths().var_dir / "jieba"
    assert (Path(tok.tmp_dir) / tok.cache_file).is_file()


def test_user_words_include_tables_when_present(tmp_path: Path) -> None:
    (tmp_path / "jieba").mkdir()
    (tmp_path / "jieba" / "userdict.txt").write_text("# c\n专精特新 nz\n", encoding="utf-8")
    (tmp_path / "regions.tsv").write_text(
        "# src\nadcode\tname\tlevel\tshort\n320500\t苏州市\tcity\t苏州\n", encoding="utf-8"
    )
    (tmp_path / "parks.tsv").write_text("name\tregion\n张家港保税区\t苏州市\n", encoding="utf-8")
    words = {w.word: w.tag for w in resources.user_words(tmp_path)}
    assert words["专精特新"] == "nz"
    assert {"苏州市", "苏州", "苏州工业园区", "苏州高新区", "张家港保税区"} <= set(words)
    # Absent tables are fine.
    assert {w.word for w in resources.user_words(tmp_path / "nowhere")} == set()


def test_keywords(seed_docs: dict[str, Document]) -> None:
    kws = seed_docs["001"].keywords
    assert 0 < len(kws) <= 20
    assert [k.weight for k in kws] == sorted((k.weight for k in kws), reverse=True)
    texts = [k.text for k in kws]
    assert "创新型产业集群" in texts[:5]
    assert all(len(t) >= 2 and not t.isdigit() for t in texts)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("第一句。第二句！第三句？", [(0, 4), (4, 8), (8, 12)]),
        ("标题\n\n“引语。”他说。", [(0, 2), (4, 9), (9, 12)]),
        ("没有句号的一行", [(0, 7)]),
        ("等等……然后", [(0, 4), (4, 6)]),
        ("3.5亿元。", [(0, 6)]),
    ],
)
def test_sentences(text: str, spans: list[tuple[int, int]]) -> None:
    assert [(s.start, s.end) for s in sentences(text)] == spans


def test_tokens_without_pos() -> None:
    toks = tokens("苏州工业园区生物医药企业", pos=False)
    assert [t.text for t in toks] == ["苏州工业园区", "生物医药", "企业"]
    assert all(t.pos is None for t in toks)


def test_empty_after_cleaning() -> None:
    doc = segment(Document(id="x", raw_text="当前位置:首页 > 新闻 > 正文\n扫一扫关注公众号"))
    assert doc.clean_text == "" and doc.tokens == [] and doc.sentences == [] and doc.raw_spans == []


@pytest.mark.parametrize("prefix", ["002", "003", "004"])
def test_raw_span_highlights_tokens_in_the_upload(seed_docs: dict[str, Document], prefix: str) -> None:
    from services.segment.cleaning import chinese_commas, fix_spun_chars, unify_fullwidth
    from services.segment.offsets import raw_span

    def key(s: str) -> str:
        for step in (unify_fullwidth, fix_spun_chars, chinese_commas):
            s = step(s)
        return "".join(s.split()).replace(",", "，")

    doc = seed_docs[prefix]
    for t in doc.tokens:
        rs, re_ = raw_span(doc.raw_spans, t.start, t.end)
        assert key(doc.raw_text[rs:re_]) == key(t.text)
    rs, re_ = raw_span(doc.raw_spans, 0, len(doc.clean_text))
    assert 0 <= rs < re_ <= len(doc.raw_text)
