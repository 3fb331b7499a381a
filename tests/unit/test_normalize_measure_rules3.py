"""Measure and subject rules of issue #12's eleventh tuning (heldout12 and
heldout13 read as tuning sets; made-up sentences, no article's)."""

from __future__ import annotations

from docpipe.document import Document, Entity
from services.normalize.stage import normalize


def _doc(text: str, specs: list[tuple[str, str, str, dict]] | None = None) -> Document:
    ents, seen = [], {}
    for t, etype, name, attrs in specs or []:
        start = text.index(t, seen.get(t, 0))
        seen[t] = start + len(t)
        ents.append(Entity(type=etype, text=t, name=name, start=start, end=start + len(t), attributes=attrs))
    return Document(id="x", raw_text=text, clean_text=text, entities=ents, published_at="2024-02-01")


def _ids(text: str) -> dict[str, str | None]:
    return {m.text: m.__pydantic_extra__["measure_id"] for m in normalize(_doc(text)).metrics}


def test_a_price_as_land_auctions_producers_and_exchanges_write_it():
    got = _ids("某公司以12亿元竞得该地块，楼面价每平方米14895元。一月煤油出厂价降至4800元。该股开盘价为39元。")
    assert got["每平方米14895元"] == "price"
    assert got["4800元"] == "price"
    assert got["39元"] == "price"


def test_a_rise_written_as_prices_rise_is_a_growth():
    got = _ids("当日该公司股价大涨36%。甲股股价暴涨20%。乙股股价涨5.5%。")
    assert got["36%"] == "price.growth"
    assert got["20%"] == "price.growth"
    assert got["5.5%"] == "price.growth"


def test_a_body_the_reporter_learns_from_is_a_source_not_the_owner():
    text = "记者从水利部了解到，引洮供水工程受益区总面积1.97万平方公里。"
    doc = _doc(text, [("水利部", "organization", "水利部", {"kind": "government"})])
    assert {m.text: m.subject for m in normalize(doc).metrics}["1.97万平方公里"] is None
