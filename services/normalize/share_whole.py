"""The whole a share is of, read back from its sentence when the figure's own
measure text has lost it (issue #12, measure_id).

``消费性电子、…，占营收比例分别为85.27%、4.66%``, ``三个业务占本集团总收入的比例分别为
53.46%…``, ``约占公司目前在册员工总数8.84%``: the measure text the figure got is
only 比例, 占营收比例 or nothing, so its id was the bare ``share``; the labels'
convention (tests/measures_gold/README.md) gives a share whose part names no
table measure the whole's id (新能源车占出口总量的35.9% -> exports.share). This
reads the clause stretch before the figure for 占 and the words after it, up to
a share tail (比例, 比重, 占比) and the fillers before the figure (分别为, 约),
and gives ``<whole>.share`` when those words end in a table form. A stake (股权,
股份, 表决权 in the stretch) stays a bare share: its holder is its subject
(stakes.py)."""

from __future__ import annotations

import re

from docpipe.wordlists import group_alternation, load_group

from . import measures

_WORDS = "measures/measure_words.tsv"
# How far back from the figure 占 is looked for, within its sentence.
_REACH = 48
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_STAKE = re.compile(f"(?:{group_alternation(_WORDS, 'stake_nouns')})")
# What may stand between the whole and the figure (分别为, 约, 达到; longest first)
# and the share tails ending the whole (比例, 比重, 占比), each taken off the end once.
_FILLERS = sorted(
    set(load_group(_WORDS, "share_filler")) | set(load_group(_WORDS, "clause_verbs")), key=len, reverse=True
)
_TAILS = sorted(load_group(_WORDS, "share_tails"), key=len, reverse=True)
_CLAUSE_MARK = re.compile(r"[，,：:、]")
# 占到, 占了: the verb's own particles, no part of the whole
_PARTICLES = ("到", "了")


def _strip_end(text: str, words: list[str]) -> str:
    """``text`` without any run of ``words`` at its end (one word at a time,
    longest first: linear, no backtracking)."""
    while True:
        w = next((w for w in words if text.endswith(w)), None)
        if w is None or len(w) == len(text):
            return text
        text = text[: -len(w)]


def share_of_whole(text: str, start: int) -> str | None:
    """``<id>.share`` for the table measure the whole after 占 names in the
    stretch of the figure's sentence right before ``start``, else None."""
    lo = max(0, start - _REACH)
    seg = text[lo:start]
    ends = list(_SENTENCE_END.finditer(seg))
    if ends:
        seg = seg[ends[-1].end() :]
    k = seg.rfind("占")
    if k < 0 or _STAKE.search(seg):
        return None
    whole = seg[k + 1 :].strip()
    if _CLAUSE_MARK.search(whole):
        return None  # 占 in an earlier clause: not this figure's share
    whole = _strip_end(whole, _FILLERS)
    whole = _strip_end(whole, _TAILS).removesuffix("的")
    if whole.startswith(_PARTICLES):
        whole = whole[1:]
    if not whole:
        return None
    mid = measures.table().base(measures.fold(whole))
    if mid is None or mid == "share" or "." in mid:
        return None
    row = measures.row_of(mid)
    if row is None or row.kind == "rate":
        return None  # a share of a rate is no share (占比 of 增速)
    return f"{mid}.share"
