"""Persons on a notice's contact lines (docpipe.contact_names): read by the
segment stage (a line naming someone stays) and the persons recogniser."""

from __future__ import annotations

import pytest

from docpipe.contact_names import contact_names, family_name_first, names_someone


def names(text: str) -> list[str]:
    return [n for _, _, n in contact_names(text, family_name_first)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("项目联系人：黄欢\n联系电话：0415-2590966\n", ["黄欢"]),
        ("咨询电话：唐建钊 17711350482\n", ["唐建钊"]),
        ("许先渠 32290789-116 18988834911 32290139\n", ["许先渠"]),
        # the cleaning closes the space between Han and digits: a phone runs on into the next name
        ("联系人：规财处 彭 丹020-83163830司圣奇020-83163838\n", ["彭丹", "司圣奇"]),
        # names listed with 、 after the label; a label inside a longer one, a note on it;
        # a name closed by 。 (made-up names)
        ("联系人：毕立新、吴晓明、贺云\n联系电话：0574-80000000\n", ["毕立新", "吴晓明", "贺云"]),
        ("（四）税务总局联系人：庄小艳、朱红\n", ["庄小艳", "朱红"]),
        ("异议受理联系人（招标代理机构）：唐立波\n", ["唐立波"]),
        ("9.联系人：董明鹏。联系电话：010-80000000。\n", ["董明鹏"]),
    ],
)
def test_the_people_to_call_are_read(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "联系人：刘老师 13812345678\n",  # a form of address
        "联系人：赵小姐\n",
        "联系人：孙工\n",  # an engineer addressed by family name
        "联系电话：0415-2590966\n",  # no name
        "全年产量 12345678吨\n",  # a bare number before a word is no phone
        "服务热线 400-800-1234\n",
    ],
)
def test_no_person_is_read(text: str) -> None:
    assert names(text) == []
    assert not names_someone(text.strip())
