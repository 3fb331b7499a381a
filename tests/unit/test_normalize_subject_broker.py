"""A broker's report on another company (issue #12, fresh-text audit,
docs/audits/subjects.md): the broker is the source of the figures, the
company reported on owns them (中金发表报告指，中煤能源…公司料亏损0.86元)."""

from __future__ import annotations

from tests.normalize_probe import document, subject_names

_CO = {"kind": "company"}


def test_a_brokers_report_gives_the_company_its_figures():
    text = (
        "中金发表报告指，中煤能源(01898.HK)发布2021年业绩预告，业绩预增主因公司煤炭售价上涨。"
        "单计去年第四季，公司料亏损0.86元至利润25亿元，中位为12亿元。"
    )
    doc = document(text, [("中金", "organization", "中金", _CO), ("中煤能源", "organization", "中煤能源", _CO)])
    names = subject_names(doc)
    assert names["25亿元"] == "中煤能源"
    assert names["12亿元"] == "中煤能源"
