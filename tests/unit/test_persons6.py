"""Persons, round 6 (docs/audits/persons6.md): kinds that recurred on fresh text."""

from __future__ import annotations

import pytest

from services.extract.stage import resolved
from services.extract.unit_offices import before_its_own_office


def persons(text: str) -> set[str]:
    _, _, entities = resolved(text)
    return {e.name for e in entities if e.type == "person" and e.name}


@pytest.mark.parametrize(
    "text, place, person",
    [
        # LAC and the second model both read the town after 代表 as a person (a title vouched for it).
        ("8月25日，县长刘海鹰带领相关部门负责人深入杨集镇调研，县人大代表杨集镇镇长王楠陪同调研。", "杨集镇", "王楠"),
        ("市人大代表马集镇镇长张伟陪同调研。", "马集镇", "张伟"),
    ],
)
def test_a_town_run_into_its_own_office_is_no_person(text: str, place: str, person: str) -> None:
    found = persons(text)
    assert place not in found
    assert person in found


def test_before_its_own_office() -> None:
    text = "杨集镇镇长王楠，王楠镇上的项目"
    assert before_its_own_office(text, 0, 3)
    assert not before_its_own_office(text, 6, 8)  # a name, then 镇上: its last character is no unit
