"""Generate ``industries/classifications.tsv``: the names of China's published
industry classifications, for the industry dictionary's coverage.

Source: the public repository ``swifthu/industrial_classifi`` (MIT licence, per
its README), file ``data/industry_tree_advanced.json`` at commit
``008b517c7ab96b5ffd45927f1e71410decc07255`` (2026-05-03): the tree of
国民经济行业分类 GB/T 4754-2017 (门类, 大类, 中类, 小类 with their codes), each
小类 tagged with the classifications of the National Bureau of Statistics that
list it, with the category path it has there:

- ``strategic``: 战略性新兴产业分类(2018) (国家统计局令第23号);
- ``highTech_mfg``: 高技术产业(制造业)分类(2017);
- ``highTech_svc``: 高技术产业(服务业)分类(2018);
- ``digital``: 数字经济及其核心产业统计分类(2021) (its core industries, 01-05);
- ``culture``: 文化及相关产业分类(2018);
- ``pension``: 养老产业统计分类(2020).

(The source's other tag, ``ip密集型``, 知识产权(专利)密集型产业统计分类, groups
GB/T 4754 classes under headings that are no trade names; it is not written.)

Rows written (``scheme``, ``level``, ``code``, ``name``, ``parent``):

- ``gbt4754`` levels 1-4: every 门类, 大类, 中类 and 小类 name with its code
  (a 小类 is often a product line, but many are the trades news texts write:
  快递服务, 快餐服务, 图书出版; the loader reads them as weak terms); a 小类
  with its 中类's name (6020 快递服务 under 602 快递服务) is a row of each level;
- ``sei2018``, ``hightech2017``, ``hightechsvc2018``, ``digital2021``,
  ``culture2018``, ``pension2020`` levels 1-3: every level of the category
  paths the source gives (the 2018 classification's nine sectors, their
  industries and their third-level lines; 医药制造业 > 化学药品制造 > …;
  数字化效率提升业 > 智慧农业 > …), no code (the source keeps none), parent =
  the row one level up. A name the source files under two parents keeps the
  first (the table is a list of names, not a tree to walk).

Which of these names a news reader uses as a trade, and under which dictionary
name, is decided in ``services/extract/industry_terms.py`` (the loader) and
``industries/class_aliases.tsv`` (hand-kept), not here.

Run from the repo root, after fetching the repository (its git directory at
``$REPO``):

    git -C "$REPO" show 008b517c7ab96b5ffd45927f1e71410decc07255:data/industry_tree_advanced.json \\
      > /tmp/industry_tree_advanced.json
    .venv/bin/python tools/tables/gen_industry_classes.py /tmp/industry_tree_advanced.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tablekit import DATA, sha256_file, write_table

OUT = DATA / "industries" / "classifications.tsv"
REPOSITORY = "swifthu/industrial_classifi"
COMMIT = "008b517c7ab96b5ffd45927f1e71410decc07255"
PATH = "data/industry_tree_advanced.json"
# tag in the source -> (scheme written here, levels of its path kept)
TAGS = {
    "strategic": ("sei2018", 3),
    "highTech_mfg": ("hightech2017", 3),
    "highTech_svc": ("hightechsvc2018", 3),
    "digital": ("digital2021", 3),
    "culture": ("culture2018", 3),
    "pension": ("pension2020", 3),
}


def _paths(detail: dict[str, Any]) -> list[str]:
    """The category paths of one tag of a 小类 (one or several)."""
    cats = detail.get("categories") or [detail.get("category")]
    out = []
    for c in cats:
        path = c.get("path") if isinstance(c, dict) else c
        if isinstance(path, str) and path.strip():
            out.append(path)
    return out


def rows(tree: dict[str, Any]) -> list[tuple[str, int, str, str, str]]:
    out: dict[tuple[str, str], tuple[str, int, str, str, str]] = {}

    def walk(node: dict[str, Any], parent: str) -> None:
        level = node.get("level", 0)
        name = " ".join(str(node.get("name", "")).split())
        if 1 <= level <= 4 and name:
            out.setdefault((f"gbt4754-{level}", name), ("gbt4754", level, node["code"], name, parent))
        for tag, detail in (node.get("tagDetail") or {}).items():
            if tag not in TAGS:
                continue
            scheme, depth = TAGS[tag]
            for path in _paths(detail):
                parts = [" ".join(p.split()) for p in path.split(">")][:depth]
                for i, part in enumerate(parts):
                    if part:
                        out.setdefault((scheme, part), (scheme, i + 1, "", part, parts[i - 1] if i else ""))
        for child in node.get("children") or []:
            walk(child, name if 1 <= level <= 3 else parent)

    walk(tree, "")
    return sorted(out.values(), key=lambda r: (r[0], r[1], r[2], r[3]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path, help=f"{PATH} of {REPOSITORY} at {COMMIT}")
    args = ap.parse_args()
    tree = json.loads(args.source.read_text(encoding="utf-8"))
    table = rows(tree)
    write_table(
        OUT,
        source=f"github.com/{REPOSITORY} {PATH} at commit {COMMIT} (2026-05-03): GB/T 4754-2017 with NBS tags",
        licence="MIT (the repository's README); the classifications are published by 国家统计局",
        sha256={PATH: sha256_file(args.source)},
        command=(
            f'git -C "$REPO" show {COMMIT}:{PATH} > /tmp/t.json && '
            ".venv/bin/python tools/tables/gen_industry_classes.py /tmp/t.json"
        ),
        columns=("scheme", "level", "code", "name", "parent"),
        rows=table,
        notes=(
            "schemes: gbt4754 = 国民经济行业分类 GB/T 4754-2017 (1 门类, 2 大类, 3 中类, 4 小类); "
            "sei2018 = 战略性新兴产业分类(2018) (1 sector, 2 industry, 3 line); "
            "hightech2017 = 高技术产业(制造业)分类(2017) levels 1-3; "
            "hightechsvc2018 = 高技术产业(服务业)分类(2018) levels 1-3; "
            "digital2021 = 数字经济及其核心产业统计分类(2021) core industries, levels 1-3; "
            "culture2018 = 文化及相关产业分类(2018) levels 1-3; "
            "pension2020 = 养老产业统计分类(2020) levels 1-3",
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
