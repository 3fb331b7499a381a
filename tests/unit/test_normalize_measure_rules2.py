"""Measure rules of issue #12's fifth tuning (made-up sentences, no article's):
the stage of a count of projects."""

from __future__ import annotations

from docpipe.document import Document
from services.normalize.stage import normalize


def _ids(text: str) -> dict[str, str | None]:
    doc = Document(id="x", raw_text=text, clean_text=text, entities=[], published_at="2024-02-01")
    return {m.text: m.__pydantic_extra__["measure_id"] for m in normalize(doc).metrics}


def test_a_stage_verb_in_a_project_counts_measure_names_its_stage():
    got = _ids("新签约亿元以上项目993个。新开工产业项目60个。新竣工亿元以上项目400个。谋划储备亿元以上项目521个。")
    assert got["993个"] == "signed_project_count"
    assert got["60个"] == "started_project_count"
    assert got["400个"] == "completed_project_count"
    assert got["521个"] == "project_count"  # planned, no stage


def test_a_stage_verb_after_the_projects_or_before_the_figure_names_its_stage():
    got = _ids("全年有45个重大产业项目建成投运。分六批集中开工153个建设项目。")
    assert got["45个"] == "completed_project_count"
    assert got["153个"] == "started_project_count"


def test_the_first_stage_verb_written_wins():
    assert _ids("推动39个已签约待开工项目尽快开工。")["39个"] == "signed_project_count"


def test_the_parts_of_a_stages_count_are_that_stages():
    got = _ids("新开工亿元以上项目861个，其中五十亿级项目20个、百亿级项目11个。重点项目30个。")
    assert got["20个"] == "started_project_count" and got["11个"] == "started_project_count"
    assert got["30个"] == "project_count"  # another sentence: no part
