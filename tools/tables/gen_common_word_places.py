"""Generate ``regions/common_word_short_forms.tsv``: short forms of districts
and counties that are also ordinary words (平原, 资源, 合作, 武功).

Sources: the division table ``regions.tsv`` (its ``short`` column, districts
and counties only) and the word list of the jieba package pinned in
``requirements.lock`` (``jieba/dict.txt``: word, frequency, part of speech).
A short form is listed when the dictionary knows it as a frequent word
(frequency >= ``MIN_FREQ``) and either

- tags it as something other than a place's or person's name (``ns``,
  ``nr``: the dictionary tags many county names ``nr``): a noun, verb,
  adjective (资源 ``n``, 合作 ``vn``, 比如 ``v``), or
- tags it ``ns`` or ``nr`` but it also ends at least ``MIN_COMPOUNDS`` other dictionary
  words that are no division's name or form (平原: 华北平原, 冲积平原 …): a
  common noun that heads compounds, not only a place.

The extract stage reads such a short form as a place only where the text
also gives the division's full name (平原县) or writes it right after its
city or province (德州平原).

Run:  .venv/bin/python tools/tables/gen_common_word_places.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import jieba
from tablekit import DATA, read_jieba_dict, read_tsv, region_names, sha256_file, write_table

OUT = DATA / "regions" / "common_word_short_forms.tsv"
MIN_FREQ = 300
MIN_COMPOUNDS = 10


def main() -> int:
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    words = read_jieba_dict(dict_path)
    places = region_names()
    endings: Counter[str] = Counter()
    for w in words:
        if len(w) >= 3 and w not in places:
            for k in (2, 3):
                if len(w) > k:
                    endings[w[-k:]] += 1
    rows: dict[str, list[str]] = {}
    for r in read_tsv(DATA / "regions.tsv"):
        form = r["short"]
        if r["level"] not in ("district", "county") or not form:
            continue
        freq, tag = words.get(form, (0, ""))
        if freq < MIN_FREQ or not (tag not in ("ns", "nr") or endings[form] >= MIN_COMPOUNDS):
            continue
        row = rows.setdefault(form, [form, "", str(freq), tag, str(endings[form])])
        row[1] = "|".join(filter(None, [row[1], r["name"]]))
    write_table(
        OUT,
        source=f"regions.tsv (short forms of districts and counties) and PyPI jieba {jieba.__version__} dict.txt",
        licence="regions.tsv: see its header; jieba: MIT",
        sha256={"regions.tsv": sha256_file(DATA / "regions.tsv"), "jieba/dict.txt": sha256_file(dict_path)},
        command=".venv/bin/python tools/tables/gen_common_word_places.py",
        columns=("form", "divisions", "freq", "tag", "compounds"),
        rows=sorted(rows.values(), key=lambda x: (-int(x[2]), x[0])),
        notes=(
            "Short forms of districts and counties that are also ordinary words: the dictionary has them",
            f"with frequency >= {MIN_FREQ} and tags them other than ns/nr, or as ns/nr while they end >= {MIN_COMPOUNDS}",
            "other dictionary words that are no place (平原: 华北平原). Read as a place only with the full",
            "name in the text or right after the division's city or province (services/extract/regions.py).",
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
