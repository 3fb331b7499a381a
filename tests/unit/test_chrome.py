"""Page chrome is the page's furniture, never a sentence of the article (services/extract/chrome.py)."""

from __future__ import annotations

from services.extract.chrome import chrome_spans, in_chrome


def _chrome(text: str) -> list[str]:
    return [text[a:b] for a, b in chrome_spans(text)]


def test_a_footer_line_is_chrome():
    text = "正文第一段。\n主办单位：某市人民政府  技术支持：某某网络科技有限公司"
    assert _chrome(text) == ["主办单位：某市人民政府  技术支持：某某网络科技有限公司"]


def test_a_footer_phrase_inside_a_sentence_is_prose():
    text = "平台为软件开发、电子商务和信息安全等企业提供研发、测试、技术支持等服务。\n版权所有 某某网"
    assert _chrome(text) == ["版权所有 某某网"]


def test_a_source_credit_after_the_sentences_of_a_line_is_chrome_and_the_sentences_are_not():
    line = "2022年，比亚迪累计销量186.35万辆，同比增长208.64%。比亚迪击败特斯拉夺回销冠。（来源：澎湃新闻）"
    spans = chrome_spans(line)
    assert [line[a:b] for a, b in spans] == ["（来源：澎湃新闻）"]
    at = line.index("特斯拉")
    assert not in_chrome(spans, at, at + 3)
    at = line.index("澎湃新闻")
    assert in_chrome(spans, at, at + 4)


def test_a_photo_credit_after_a_caption_takes_the_agency_with_it():
    text = "图为一列班列驶出港口东站。新华社记者\u3000陆\u3000波\u3000摄"
    assert _chrome(text) == ["新华社记者\u3000陆\u3000波\u3000摄"]


def test_a_credit_line_of_its_own_is_chrome_whatever_ends_it():
    text = "正文。\n来源：新华社。\n责任编辑：王某"
    assert _chrome(text) == ["来源：新华社。", "责任编辑：王某"]
