"""Documents: 《》 titles without brackets; media told apart as organizations."""

from __future__ import annotations

import pytest

from services.extract.documents import find_documents


@pytest.mark.parametrize(
    "text, title",
    [
        (
            "国务院发布《关于促进国家高新技术产业开发区高质量发展的若干意见》,提出",
            "关于促进国家高新技术产业开发区高质量发展的若干意见",
        ),
        ("印发《长三角科技创新共同体联合攻关计划实施办法(试行)》等", "长三角科技创新共同体联合攻关计划实施办法(试行)"),
        ("根据《中国区域科技创新评价报告2023》,", "中国区域科技创新评价报告2023"),
        ("他在《芯连视界,智创未来》的主题演讲中", "芯连视界,智创未来"),
        ("《中华人民共和国民法典》规定", "中华人民共和国民法典"),
    ],
)
def test_titles(text, title):
    docs = [e for e in find_documents(text) if e.type == "document"]
    assert [d.name for d in docs] == [title]
    assert text[docs[0].start : docs[0].end] == docs[0].text


@pytest.mark.parametrize(
    "text, name",
    [
        ("文|《瞭望》新闻周刊记者", "瞭望新闻周刊"),
        ("据《人民日报》报道", "人民日报"),
        ("《南方周末》刊文", "南方周末"),
        ("《21世纪经济报道》记者", "21世纪经济报道"),
        ("《长江日报》消息", "长江日报"),  # by its head, not in the list
    ],
)
def test_media_are_organizations(text, name):
    found = find_documents(text)
    assert [(e.type, e.name, e.attributes.get("kind")) for e in found] == [("organization", name, "media")]
    assert text[found[0].start : found[0].end] == found[0].text


@pytest.mark.parametrize(
    "text",
    [
        "# 《新闻联播》（20230612）",  # listed as a programme (media.tsv, kind programme)
        "据《焦点访谈》报道",
        "《焦点访谈》栏目",
        "《经济半小时》播出",
        "《大国工匠》节目组",  # not listed: the word after says it is a programme
        "人民日报《人民时评》专栏",  # a paper's column
    ],
)
def test_a_programme_or_column_title_is_neither_organization_nor_document(text):
    assert find_documents(text) == []


def test_a_programme_title_leaves_the_documents_and_media_around_it():
    text = "中央广播电视总台《新闻联播》报道了《关于推动未来产业创新发展的实施意见》，《人民日报》也刊文"
    assert [(e.type, e.name) for e in find_documents(text)] == [
        ("document", "关于推动未来产业创新发展的实施意见"),
        ("organization", "人民日报"),
    ]


def test_short_reference_takes_the_full_title():
    text = "无锡市发布了《关于加快重点产业集群建设的实施意见》。按照《实施意见》,到2025年"
    docs = find_documents(text)
    assert [d.name for d in docs] == ["关于加快重点产业集群建设的实施意见"] * 2
    assert docs[1].text == "实施意见"


def test_empty_and_unclosed_brackets():
    assert find_documents("《》和《未闭合") == []
