import pytest

from docpipe.document import Document
from docpipe.pipeline import Stage, StageOrderError, check_order, default_stages, run_stages


def test_default_stage_order_is_consistent():
    check_order(default_stages())


def test_order_check_names_the_missing_field():
    first = Stage("b", frozenset({"entities"}), frozenset({"metrics"}), lambda d: d)
    with pytest.raises(StageOrderError, match="entities"):
        check_order([first])


def test_run_stages_records_versions_and_timings():
    doc = run_stages(Document(id="x", raw_text="烟台市生物医药产业规模达到1352亿元。"))
    assert doc.status == "processed"
    assert set(doc.stages) == {"segment", "extract", "normalize"}
    assert all(name in doc.timings_ms for name in doc.stages)
