"""The country cut off a company's name is reported where it is written (organizations/recogniser.py)."""

from __future__ import annotations

from docpipe.ingest import new_document
from docpipe.pipeline import load_stage

SEGMENT = load_stage("segment")
EXTRACT = load_stage("extract")


def test_every_entity_is_where_its_text_is_when_a_descriptor_lies_between_country_and_name():
    # 英国|电信巨头|沃达丰集团: the descriptor is cut after the country was; the country's
    # span was counted back from the name (巨头), not found where 英国 is written.
    text = "仅次于1999年英国电信巨头沃达丰集团以1720亿美元收购德国移动网络提供商曼内斯曼。德国大众汽车公司发布公告。"
    doc = EXTRACT.run(SEGMENT.run(new_document(text)))
    clean = doc.clean_text or ""
    assert doc.entities
    for e in doc.entities:
        assert clean[e.start : e.end] == e.text, e
    regions = [(e.text, e.start) for e in doc.entities if e.type == "region"]
    assert ("英国", clean.index("英国电信")) in regions
    # 德国大众汽车公司 may be one registered name (a written company form after a country,
    # f97a320e) or 德国 | 大众汽车公司: either way an entity starts where 德国 is written.
    assert clean.index("德国大众") in {e.start for e in doc.entities}
