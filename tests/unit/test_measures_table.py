"""The canonical measures table (shared/docpipe/data/measures/measures.tsv):
it loads, its ids and written forms are unambiguous, and its header's sha256
is the digest of its body (a hand edit that was not sealed fails here)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from services.normalize import measures

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "tables"))
import seal_hand_table  # noqa: E402 - importable only once the line above put tools/tables on the path

TABLE = REPO / "shared" / "docpipe" / "data" / "measures" / "measures.tsv"
KINDS = {"flow", "stock", "rate", "count"}
# The contract's canonical units (shared/spec/EXTRACTION.md) and the units it
# keeps as written that the table names.
CONTRACT_UNITS = {
    "CNY",
    "USD",
    "EUR",
    "HKD",
    "JPY",
    "percent",
    "percentage_point",
    "times",
    "count",
    "m2",
    "m",
    "kg",
    "hour",
    "day",
    "month",
    "year",
    "W",
    "Wh",
    "m3",
    "亩",
    "斤",  # (grain in work reports: 粮食产量1.37万亿斤)
}


@pytest.fixture(scope="module")
def rows() -> list[measures.Measure]:
    return measures.read_table(TABLE)


def test_loads_at_least_80_measures(rows):
    assert len(rows) >= 80
    assert measures.table_path() == TABLE  # the stage reads the file this test checks


def test_header_records_source_curation_and_a_matching_sha256():
    text = TABLE.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    fields = {line[2:].split(":", 1)[0] for line in comments}
    assert {"source", "licence", "curated", "sha256", "regenerate", "rows"} <= fields
    assert any("国家统计局" in line for line in comments)
    sha = next(line for line in comments if line.startswith("# sha256: "))
    assert re.fullmatch(r"# sha256: [0-9a-f]{64}  body", sha)
    assert sha.split()[2] == seal_hand_table.body_sha256(text)
    declared = next(int(line.split(":")[1]) for line in comments if line.startswith("# rows: "))
    assert declared == len(seal_hand_table.body_lines(text)) - 1
    assert seal_hand_table.main(["--check", str(TABLE)]) == 0


def test_an_unsealed_edit_is_caught(tmp_path):
    edited = tmp_path / "measures.tsv"
    edited.write_text(TABLE.read_text(encoding="utf-8") + "extra\t额外\t\tCNY\tflow\n", encoding="utf-8")
    assert seal_hand_table.main(["--check", str(edited)]) == 1
    assert seal_hand_table.main([str(edited)]) == 0
    assert seal_hand_table.main(["--check", str(edited)]) == 0


def test_ids_are_unique_ascii_slugs_and_kinds_and_units_known(rows):
    ids = [m.id for m in rows]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids), [
        i for i in ids if not re.fullmatch(r"[a-z][a-z0-9_]*", i)
    ]
    assert {m.kind for m in rows} <= KINDS
    for m in rows:
        assert m.units is None or (m.units and m.units <= CONTRACT_UNITS), (m.id, m.units)


def test_every_written_form_maps_to_one_id(rows):
    owner: dict[str, str] = {}
    for m in rows:
        for form in (m.name, *m.aliases):
            key = measures.fold(form)
            assert owner.setdefault(key, m.id) == m.id, f"{form} is both {owner[key]} and {m.id}"


@pytest.mark.parametrize(
    "name,mid",
    [
        ("地区生产总值", "gdp"),
        ("规模以上工业增加值", "industrial_value_added_above_scale"),
        ("固定资产投资", "fixed_asset_investment"),
        ("社会消费品零售总额", "retail_sales"),
        ("进出口总额", "trade_total"),
        ("实际使用外资", "fdi_actual"),
        ("一般公共预算收入", "general_budget_revenue"),
        ("营业收入", "operating_revenue"),
        ("净利润", "net_profit"),
        ("研发投入", "rd_spending"),
        ("高新技术企业", "high_tech_enterprise_count"),
        ("总投资", "total_investment"),
        ("签约项目", "signed_project_count"),
        ("产值", "output_value"),
        ("税收", "tax_revenue"),
    ],
)
def test_the_issues_measures_are_there(name, mid):
    assert measures.table().forms[measures.fold(name)] == mid
