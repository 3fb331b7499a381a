"""A wire's dateline (issue #12, fresh-text audit, docs/audits/subjects.md):
the place a story was filed from, and the agency filing it, own none of its
figures (中新社北京12月12日电 …178家国家高新区…园区生产总值达到12.33万亿元)."""

from __future__ import annotations

from tests.normalize_probe import document, subject_names, subjects

_REGION = {"level": "city", "adcode": "110000"}


def test_the_dateline_place_owns_no_figure():
    text = (
        "中新社北京12月12日电 在工信部举行的新闻发布会上，工信部规划司副司长介绍，前三季度，"
        "国家高新区园区生产总值达到12.33万亿元，同比名义增长7.11%。"
        "国家高新区实现工业总产值23.49万亿元，同比增长2.64%。"
    )
    doc = document(
        text, [("北京", "region", "北京市", _REGION), ("中新社", "organization", "中新社", {"kind": "media"})]
    )
    names = subject_names(doc)
    assert names["12.33万亿元"] is None
    assert names["23.49万亿元"] is None


def test_the_agency_before_a_dateline_owns_no_figure():
    text = "新华社成都6月5日电 7家银行为两河口水电站提供贷款，贷款总额约200亿元。"
    doc = document(
        text,
        [
            ("新华社", "organization", "新华社", {"kind": "other"}),
            ("成都", "region", "成都市", {"level": "city", "adcode": "510100"}),
        ],
    )
    names = subject_names(doc)
    assert names["7家"] is None


def test_a_place_in_the_story_still_owns_its_figures():
    text = "新华社南宁3月5日电 广西壮族自治区统计局5日发布，2023年广西地区生产总值达27202亿元，增长4.1%。"
    doc = document(
        text,
        [
            ("南宁", "region", "南宁市", {"level": "city", "adcode": "450100"}),
            ("广西壮族自治区统计局", "organization", "广西壮族自治区统计局", {"kind": "government"}),
            ("广西", "region", "广西壮族自治区", {"level": "province", "adcode": "450000"}),
        ],
    )
    assert subject_names(doc)["27202亿元"] == "广西壮族自治区"


def test_a_district_right_after_a_located_park_is_part_of_the_location():
    # 位于长江工业园翠屏区自建区域: 翠屏区 is where in the park, no owner of the project's figures
    text = "12月15日，长江工业园定制厂房开园。长江工业园定制厂房项目位于长江工业园翠屏区自建区域，总投资3.5亿元。"
    doc = document(
        text,
        [
            ("长江工业园", "park", "长江工业园", {}),
            ("长江工业园", "park", "长江工业园", {}),
            ("长江工业园", "park", "长江工业园", {}),
            ("翠屏区", "region", "翠屏区", {"level": "district", "adcode": "511502"}),
        ],
    )
    assert subjects(doc)["3.5亿元"] == "长江工业园"
