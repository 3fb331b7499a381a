"""Organization finds whose whole name is another kind's name.

A model or a rule sometimes tags a bare industry (``新能源汽车``, ``移动通信``), a
place (``沂南县``, ``兴安盟``) or a bare legal form (``股份有限公司``) as an
organization, and a building or facility (``深圳歌剧院``, ``…机场``,
``…会展中心``) is no organization either. A name that is exactly a strong industry term, a division's full
name, or a legal form names no organization: the candidate is
dropped, and the industry or region recogniser's own reading (if any) stands.
Pure function over the name, with the tables loaded once per process.
"""

from __future__ import annotations

from functools import cache

from docpipe.wordlists import load_list

from .industry_terms import load_resources as industry_resources
from .resources import region_tables


@cache
def _other_names() -> frozenset[str]:
    industries = {s for s, t in industry_resources().terms.items() if t.strong}
    # Full division names only: a short form can be a company's too (长安, 平安).
    forms = set(region_tables().by_name)
    legal = set(load_list("organizations/legal_forms.txt"))
    return frozenset(industries | forms | legal)


@cache
def _facility_tails() -> tuple[str, ...]:
    return tuple(load_list("organizations/facility_tails.txt"))


def is_other_kind(name: str) -> bool:
    """True when ``name`` is exactly a strong industry, a place or a legal form,
    or ends as a building or facility does (深圳歌剧院, …机场)."""
    return name in _other_names() or name.endswith(_facility_tails())


def load_resources() -> None:
    """The names this module reads (the extract stage's warm-up calls this)."""
    _other_names()
    _facility_tails()
