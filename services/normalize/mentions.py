"""The document's organization mentions as the subject rules read them.

The extract stage finds a company by one mention and misses it at another
(特斯拉 found in the title, not in ``2024年第四季度，特斯拉共生产交付了…``), or
cuts a mention short of the name written there (欧华 inside 航天欧华, 中策
inside 中策橡胶, 晨科技 inside 潞晨科技). A figure whose owner is written
right before it then gets no owner, or one that names no entity of the gold.
The document's own names settle both (one real thing, one entity):

- a mention is the longest run of text around it (up to ``_LEFT`` characters
  before, ``_RIGHT`` after) that is one of the document's organization
  names, or the start of exactly one of them (航天欧华 of
  航天欧华信息技术有限公司);
- a name or written form of an organization found in the document (at least
  ``_MIN_FORM`` characters) is a mention wherever it is written and no entity
  of any type is.

Only the subject rules (attribution.SubjectIndex, subjects.SubjectEntities)
read these mentions; the document's entities stay as the extract stage gave
them.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from typing import Any

from docpipe.canonical import canonical_name, region_adcode
from docpipe.document import Entity
from docpipe.wordlists import load_group

_LEFT = 4
_RIGHT = 6
# A two-character form (小米, 通威) is written inside too many other words.
_MIN_FORM = 3


_SHORT_FORMS = "measures/short_forms.tsv"


_NOT_AFTER_SHORT = load_group(_SHORT_FORMS, "not_before")


def _bank_short_forms(names: set[str]) -> dict[str, str]:
    """Short form -> name of each bank the document names in full with two
    characters before its head (中国工商银行 -> 工行, 建设银行 -> 建行, 中国银行 ->
    中行; measures/short_forms.tsv): a bank is written so after its first
    mention (工行的低不良率…), and the extract stage reads that as another body."""
    (head,) = load_group(_SHORT_FORMS, "bank_head")
    (nation,) = load_group(_SHORT_FORMS, "nation")
    (short_head,) = load_group(_SHORT_FORMS, "short_head")
    out: dict[str, str] = {}
    for name in sorted(names, key=len, reverse=True):
        if not name.endswith(head):
            continue
        core = name[: -len(head)]
        if core.startswith(nation) and len(core) > len(nation):
            core = core[len(nation) :]
        # (a place's bank, 北京银行, has no such short form)
        if len(core) == 2 and region_adcode(core) is None:
            out.setdefault(core[0] + short_head, name)
    return out


def _longer(written: str, names: dict[str, str], starts: dict[str, set[str]]) -> str | None:
    """The organization name ``written`` stands for when it is longer than a
    mention: a name of the document, or the start of exactly one."""
    if written in names:
        return names[written]
    full = starts.get(written)
    return next(iter(full)) if full is not None and len(full) == 1 else None


def _same_entity(form: str, name: str) -> bool:
    return canonical_name(form, "organization") == canonical_name(name, "organization")


def completed(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` with each organization mention extended to the longest
    name written over it, and mentions added where a form is written and no
    entity is (see the module's docstring)."""
    orgs = [e for e in entities if e.type == "organization"]
    if not orgs or not text:
        return entities
    names: dict[str, str] = {}  # written form -> name
    attributes: dict[str, dict[str, Any]] = {}  # name -> its first mention's attributes
    for e in orgs:
        names.setdefault(e.name, e.name)
        names.setdefault(e.text, e.name)
        attributes.setdefault(e.name, e.attributes)
    # (a bank's short form, 工行, is that bank's mention, whatever the extract stage named it)
    shorts = _bank_short_forms({e.name for e in orgs})
    names.update(shorts)
    starts: dict[str, set[str]] = {}
    for name in {e.name for e in orgs}:
        for k in range(2, len(name)):
            starts.setdefault(name[:k], set()).add(name)
    out: list[Entity] = []
    extended: dict[str, str] = {}  # written form -> name, from the mentions extended
    for e in entities:
        if e.type != "organization":
            out.append(e)
            continue
        best: tuple[int, int, str] | None = None
        for left in range(0, _LEFT + 1):
            lo = e.start - left
            if lo < 0:
                break
            for right in range(0, _RIGHT + 1):
                hi = e.end + right
                if hi > len(text) or (left == 0 and right == 0):
                    continue
                longer = _longer(text[lo:hi], names, starts)
                if longer is not None and (best is None or hi - lo > best[1] - best[0]):
                    best = (lo, hi, longer)
        if best is None and e.text in shorts:
            out.append(e.model_copy(update={"name": shorts[e.text], "attributes": attributes.get(shorts[e.text], {})}))
        elif best is None:
            out.append(e)
        else:
            lo, hi, name = best
            update = {"start": lo, "end": hi, "text": text[lo:hi], "name": name, "attributes": attributes.get(name, {})}
            out.append(e.model_copy(update=update))
            # the start of a name found written over a cut mention is a form of it too (航天欧华)
            extended.setdefault(text[lo:hi], name)
    # (a name as written, or a form of the same canonical entity, 比亚迪 of
    # 比亚迪股份有限公司: not a form the extract stage named otherwise, 科创板 for 科创板科技)
    forms = sorted(
        {
            *(f for f, n in names.items() if len(f) >= _MIN_FORM and (f == n or _same_entity(f, n))),
            *(f for f in extended if len(f) >= _MIN_FORM and f not in names),
            *shorts,
        },
        key=len,
        reverse=True,
    )
    names = {**extended, **names}
    if forms:
        taken = sorted((e.start, e.end) for e in out)
        taken_starts = [s for s, _ in taken]
        # reach[k]: the furthest end of the first k + 1 spans, so whether a
        # match overlaps a mention is one binary search, not a pass over every
        # mention per match (quadratic in the entities: issue #15, org_figures)
        reach = list(itertools.accumulate((t for _, t in taken), max))
        pattern = re.compile("|".join(re.escape(f) for f in forms))
        for m in pattern.finditer(text):
            k = bisect_left(taken_starts, m.end())  # the spans starting before the match ends
            if k and reach[k - 1] > m.start():
                continue
            if m.group() in shorts and text.startswith(_NOT_AFTER_SHORT, m.end()):
                continue  # 化工行业: no bank's short form
            name = names[m.group()]
            out.append(
                Entity(
                    start=m.start(),
                    end=m.end(),
                    type="organization",
                    text=m.group(),
                    name=name,
                    attributes=attributes.get(name, {}),
                )
            )
    return sorted(out, key=lambda e: (e.start, e.end))
