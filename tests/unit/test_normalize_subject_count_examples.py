"""A passing mention (issue #12, round 3 of the subjects audit,
docs/audits/subjects.md, fresh page p02): a park or company named only as an
example of what a count counts (汇智医疗、骏驰零部件产业园等9个重点项目) is not the
text's topic, so a bare 园区 does not stand for it."""

from __future__ import annotations

from tests.normalize_probe import document, subject_names


def test_a_park_named_only_as_an_example_of_a_count_is_no_collective_s_referent():
    text = (
        "园区一季度经济运行稳中向好\n"
        "1—3月份，园区实现工业总产值17.78亿元。"
        "园区2016年承担的汇智医疗、骏驰零部件产业园等9个市、县重点项目总投资26.499亿元。"
    )
    doc = document(
        text,
        [
            ("汇智医疗", "organization", "汇智医疗", {"kind": "company"}),
            ("骏驰零部件产业园", "park", "骏驰零部件产业园区", {}),
        ],
    )
    names = subject_names(doc)
    assert names["17.78亿元"] is None
    assert names["26.499亿元"] is None


def test_a_park_named_as_an_owner_still_is_the_collective_s_referent():
    text = "园区一季度经济运行稳中向好\n骏驰零部件产业园今年开工。1—3月份，园区实现工业总产值17.78亿元。"
    doc = document(text, [("骏驰零部件产业园", "park", "骏驰零部件产业园区", {})])
    assert subject_names(doc)["17.78亿元"] == "骏驰零部件产业园区"
