"""measure and subject."""
import pytest

from docpipe.document import Entity
from services.normalize import figures

MEASURES = [
    ("我们中心的设备总值超过7.2亿元。", "设备总值"),
    ("年均增幅达9.26%。", "年均增幅"),
    ("组建了9个湖北实验室。", "湖北实验室"),
    ("拥有11个国家级实验室。", "国家级实验室"),
    ("该市新增企业500家。", "新增企业"),
]


@pytest.mark.parametrize("text,measure", MEASURES)
def test_measure(text, measure):
    (m,) = figures.extract(text)
    assert m.measure == measure


def _entity(text, full, etype, name):
    start = full.index(text)
    return Entity(type=etype, text=text, name=name, start=start, end=start + len(text))


def test_subject_is_nearest_preceding_entity_in_paragraph():
    text = "苏州工业园区集聚生物医药企业超2200家,产值超1300亿元。\n另有企业22家。"
    ents = [_entity("苏州工业园区", text, "park", "苏州工业园区")]
    got = figures.extract(text, None, ents)
    assert [m.subject for m in got] == ["苏州工业园区", "苏州工业园区", None]


def test_subject_ignores_industries():
    text = "生物医药产业超100家。"
    ents = [_entity("生物医药", text, "industry", "生物医药")]
    assert figures.extract(text, None, ents)[0].subject is None


@pytest.mark.parametrize("text,measures", [
    ("园区生产总值从 3.83 亿元增加到 141.27 亿元,财政总收入从 1407 万元增加到 21.08 亿元。",
     ["园区生产总值", "园区生产总值", "财政总收入", "财政总收入"]),
    ("营收分别为120、150和180亿元。", ["营收", "营收", "营收"]),
])
def test_measure_carries_to_paired_figures(text, measures):
    assert [m.measure for m in figures.extract(text)] == measures
