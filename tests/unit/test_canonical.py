"""docpipe.canonical: one real thing is one entity, and a place rolls up
into the divisions it lies in (pure functions over the data tables)."""

from __future__ import annotations

import pytest

from docpipe.canonical import (
    adcode_ancestors,
    adcode_prefix_match,
    canonical_entity,
    canonical_name,
    region_adcode,
)


@pytest.mark.parametrize(
    ("type_", "written", "canonical"),
    [
        # a listed company: short name, full legal name (hand-kept), as listed with its share class
        ("organization", "宁德时代", "宁德时代"),
        ("organization", "宁德时代新能源科技股份有限公司", "宁德时代"),
        ("organization", "万科A", "万科"),
        ("organization", "万科", "万科"),
        # a full name the tables lack: the short name it starts with, then its legal form
        ("organization", "贵州茅台酒股份有限公司", "贵州茅台"),
        # no listed company starts it: the name as written
        ("organization", "武汉华日精密激光股份有限公司", "武汉华日精密激光股份有限公司"),
        ("organization", "华中科技大学", "华中科技大学"),
        # a park with and without its last character; a zone by its short name
        ("park", "苏州工业园", "苏州工业园区"),
        ("park", "苏州工业园区", "苏州工业园区"),
        ("park", "无锡高新区", "无锡高新技术产业开发区"),
        ("park", "无锡高新技术产业开发区", "无锡高新技术产业开发区"),
        # regions and others are canonical already (extract names them)
        ("region", "苏州市", "苏州市"),
        ("person", "陆培祥", "陆培祥"),
    ],
)
def test_canonical_name_of_each_written_form(type_: str, written: str, canonical: str) -> None:
    assert canonical_name(written, type_) == canonical
    # A query naming no type gets the same entity.
    assert canonical_name(written) == canonical


def test_a_two_character_listed_name_is_no_prefix_of_an_unrelated_full_name() -> None:
    # 万科 is listed, but only names of MIN_PREFIX (3) characters or more start a full name.
    assert canonical_name("万科技术服务有限公司", "organization") == "万科技术服务有限公司"
    # The name without its legal form is itself a listed name: that one.
    assert canonical_name("万科有限公司", "organization") == "万科"


def test_typed_rules_apply_only_to_their_type() -> None:
    assert canonical_name("苏州工业园", "organization") == "苏州工业园"
    assert canonical_name("宁德时代新能源科技股份有限公司", "park") == "宁德时代新能源科技股份有限公司"


@pytest.mark.parametrize(
    ("name", "attributes", "adcode"),
    [
        ("苏州工业园区", {}, "320500"),  # parks.tsv: the region it lies in
        ("苏州工业园", {}, "320500"),  # the same park
        ("无锡高新区", {}, "320200"),  # dev_zones.tsv
        ("昆山花桥产业园", {"region": "昆山市"}, "320583"),  # unknown park: its region attribute
        ("张家港某某科技园", {}, "320582"),  # unknown park: the region its name starts with
        ("某某产业园", {}, None),  # nothing tells
    ],
)
def test_a_park_carries_the_adcode_of_its_region(name: str, attributes: dict, adcode: str | None) -> None:
    assert canonical_entity("park", name, attributes).adcode == adcode


def test_a_region_keeps_its_own_adcode() -> None:
    c = canonical_entity("region", "苏州市", {"level": "city", "adcode": "320500"})
    assert (c.name, c.adcode) == ("苏州市", "320500")
    assert canonical_entity("region", "长三角", {"level": "economic_region"}).adcode is None
    assert region_adcode("苏州市") == region_adcode("苏州") == "320500"


def test_ancestors_and_prefix_match() -> None:
    assert adcode_ancestors("320505") == ("320505", "320500", "320000")
    assert adcode_ancestors("320000") == ("320000",)
    assert adcode_ancestors(None) == () and adcode_ancestors("32") == ()
    # A code regions.tsv does not list still rolls up by its GB/T 2260 prefix.
    assert adcode_ancestors("329999") == ("329999", "329900", "320000")
    assert adcode_prefix_match("320505", "320000") and adcode_prefix_match("320505", "320500")
    assert adcode_prefix_match("320500", "320500")
    assert not adcode_prefix_match("320500", "320505") and not adcode_prefix_match("370600", "320000")
    assert not adcode_prefix_match(None, "320000")


def test_the_alias_table_says_where_it_came_from_and_is_current() -> None:
    """entity_aliases.tsv is generated from committed tables: its header names
    them with their sha256, and a change to any needs a rerun of
    tools/tables/gen_entity_aliases.py."""
    import hashlib
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    lines = (repo / "shared/docpipe/data/gazetteers/entity_aliases.tsv").read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    fields = {line[2:].split(":", 1)[0] for line in comments}
    assert {"source", "licence", "generated", "sha256", "regenerate", "rows"} <= fields
    body = [line for line in lines if not line.startswith("#")]
    assert body[0].split("\t") == ["type", "form", "canonical", "adcode", "source"]
    rows = [line.split("\t") for line in body[1:]]
    assert int(next(c for c in comments if c.startswith("# rows: ")).split(":")[1]) == len(rows)
    assert len({(r[0], r[1]) for r in rows}) == len(rows)  # one canonical entity per (type, form)
    for path in (
        "shared/docpipe/data/gazetteers/listed_companies.tsv",
        "shared/docpipe/data/gazetteers/dev_zones.tsv",
        "shared/docpipe/data/parks.tsv",
        "tools/tables/entity_aliases_kept.tsv",
    ):
        digest = hashlib.sha256((repo / path).read_bytes()).hexdigest()
        assert f"# sha256: {digest}  {Path(path).name}" in comments, path
