"""What a figure measures and whose it is.

Heuristics, hand-written (no library attributes figures in Chinese news):
- ``measure``: for a count, the noun phrase after the classifier
  (``11个国家级实验室`` -> 国家级实验室); otherwise, or when nothing
  follows, the stretch of the clause before the figure with leading
  connectives and trailing verbs/qualifiers removed (``设备总值超过`` -> 设备总值).
- ``subject``: the nearest region/park/organization entity before the figure
  in its sentence, else earlier in its paragraph (the extract stage's
  entities); None when there are none.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from docpipe.document import Entity

_CLAUSE_START = re.compile(r"[，,。；;：:！!？?、（(）)“”\"\n]")
_TRAILING = re.compile(
    r"(?:已经|已|将|均|仅|就|也|还|都|共|总共|共计|合计|累计|分别|达到|达|为|是|有|拥有|"
    r"实现|增长|增加|提高|下降|减少|突破|超过|超|逾|近|约|占|约占|高于|低于|不到|不足|"
    r"至少|最高|超出|接近|将近|大约|了|的|在|从|到|至|比|较|同比|增至|升至|降至|有望|预计|给予|稳居)+$"
)
_LEADING = re.compile(
    r"^(?:其中|目前|当前|同时|另外|此外|而|并|且|以及|已经|已|该[市省区县园]?|其|这|共有|拥有|集聚|聚集|共|有|累计|截至|截止|到|在|"
    r"如今|现在|今年|去年|近年来|以来|期间|年底|年末|月底|底|末)+"
)
_FOLLOWING = re.compile(r"[^，,。；;：:！!？?、（(）)“”\"\n的和与及或等]{1,14}")
_DIGITY = re.compile(r"[\d%]")

SUBJECT_TYPES = ("region", "park", "organization")


def measure_for(text: str, start: int, end: int, kind: str, time_spans: list[tuple[int, int]],
                cut_spans: list[tuple[int, int]] = ()) -> str | None:  # type: ignore[assignment]
    """``cut_spans``: entity spans; the measure starts after the last one
    before the figure (苏州工业园区已集聚各类生物医药企业 -> 各类生物医药企业)."""
    if kind == "count":
        m = _FOLLOWING.match(text, end)
        if m and not _DIGITY.search(m.group()):
            return m.group()
    # The clause before the figure, after the last time expression in it.
    lo = max(0, start - 40)
    seg_start = lo
    for m in _CLAUSE_START.finditer(text, lo, start):
        seg_start = m.end()
    for a, b in list(time_spans) + list(cut_spans):
        if seg_start <= b <= start:
            seg_start = max(seg_start, b)
    seg = text[seg_start:start].strip()
    seg = _TRAILING.sub("", seg)
    seg = _LEADING.sub("", seg)
    # 我们中心的设备总值 -> 设备总值: the head after the last 的.
    head = seg.rpartition("的")[2]
    if len(head) >= 2:
        seg = head
    if not seg or _DIGITY.search(seg):
        return None
    return seg[-16:]


class SubjectIndex:
    """Entities that can own a figure, sorted by end offset."""

    def __init__(self, entities: list[Entity]) -> None:
        self.items = sorted((e for e in entities if e.type in SUBJECT_TYPES), key=lambda e: e.end)
        self.ends = [e.end for e in self.items]
        self.spans = [(e.start, e.end) for e in self.items]

    def spans_before(self, start: int, lo: int) -> list[tuple[int, int]]:
        i = bisect_right(self.ends, start)
        return [s for s in self.spans[max(0, i - 4):i] if s[1] >= lo]

    def subject(self, start: int, sentence_start: int, paragraph_start: int) -> str | None:
        i = bisect_right(self.ends, start)
        if i == 0:
            return None
        e = self.items[i - 1]
        if e.start >= paragraph_start:
            return e.name
        return None
