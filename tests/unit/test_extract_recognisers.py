"""The extract stage's wiring: declared analysers and recognisers, needs
checked before anything runs, a recogniser that cannot load stops the
worker, and the resolver's tie-breaks (agreement, score)."""

from __future__ import annotations

import dataclasses

import pytest

from docpipe.document import Entity
from services.extract import recognisers
from services.extract.analysis import Analyser, Analysis, build
from services.extract.candidates import Candidate, Found
from services.extract.ner import LacWord
from services.extract.recognisers import Recogniser, RecogniserUnavailable, check
from services.extract.resolver import resolve, resolve_candidates


def ent(type_: str, start: int, end: int, name: str = "x") -> Entity:
    return Entity(type=type_, text="x" * (end - start), name=name, start=start, end=end)


def _none(a: Analysis, found: Found) -> list[Candidate]:
    return []


def test_the_declared_wiring_is_consistent():
    check()  # also runs at import
    names = [r.name for r in recognisers.RECOGNISERS]
    assert len(names) == len(set(names))
    assert {"documents"} == recognisers.READS_TITLES


def _analysers(*names: str) -> list[Analyser]:
    return [a for a in recognisers.ANALYSERS if a.name in names]


def test_a_need_nothing_gives_is_rejected():
    with pytest.raises(ValueError, match="model_spans"):
        check(
            _analysers("simplified", "chrome", "lac"),
            [Recogniser("x", frozenset({"person"}), ("text", "model_spans"), _none)],
        )


def test_a_recogniser_needs_an_earlier_one():
    later = Recogniser("b", frozenset({"person"}), ("a",), _none)
    earlier = Recogniser("a", frozenset({"person"}), ("text",), _none)
    check(recognisers.ANALYSERS, [earlier, later])
    with pytest.raises(ValueError, match="'a'"):
        check(recognisers.ANALYSERS, [later, earlier])


def test_an_analyser_fills_a_slot_of_the_analysis():
    with pytest.raises(ValueError, match="no such slot"):
        check([Analyser("fool_tags", ("text",), len)], [])


def test_found_holds_only_what_was_declared():
    c = Candidate(ent("region", 0, 2), "regions")
    found = Found({"regions": (c,)})
    assert found.entities("regions") == [c.entity]
    with pytest.raises(KeyError):
        found["persons"]


def test_analysis_is_frozen_and_takes_given_slots():
    words = [LacWord("华为", "ORG", 0, 2)]
    a = build("华为", _analysers("chrome", "lac"), {"lac": words})
    assert a.lac == tuple(words)
    assert a.model_spans == () and a.gazetteer_hits == ()  # no analyser filled them
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "x"  # type: ignore[misc]


def test_warm_up_names_the_recogniser_that_cannot_load(monkeypatch):
    def broken() -> None:
        raise FileNotFoundError("docpipe/data/persons/titles.txt")

    bad = dataclasses.replace(recognisers.RECOGNISERS[0], load=broken)
    monkeypatch.setattr(recognisers, "RECOGNISERS", (bad, *recognisers.RECOGNISERS[1:]))
    with pytest.raises(RecogniserUnavailable, match=f"recogniser '{bad.name}'.*titles.txt"):
        recognisers.warm_up()


def test_a_candidate_of_an_undeclared_type_is_an_error(monkeypatch):
    def liar(a: Analysis, found: Found) -> list[Candidate]:
        return [Candidate(ent("person", 0, 1), "regions")]

    bad = dataclasses.replace(recognisers.RECOGNISERS[0], find=liar)
    monkeypatch.setattr(recognisers, "RECOGNISERS", (bad,))
    with pytest.raises(ValueError, match="person"):
        recognisers.run("x", {"lac": []})


def test_one_recogniser_with_its_needs():
    text = "广东省委书记黄坤明在广州调研。"
    people = recognisers.persons_of(text)
    assert [e.name for e in people] == ["黄坤明"]


# --- the resolver ---------------------------------------------------------


def test_equal_spans_of_one_type_go_to_the_span_more_sources_agree_on():
    a = Candidate(ent("organization", 0, 4, "A"), "organizations")
    b = Candidate(ent("organization", 2, 6, "B"), "organizations")
    b2 = Candidate(ent("organization", 2, 6, "B"), "model")
    assert [c.entity.name for c in resolve_candidates([a, b, b2])] == ["B"]
    assert [c.entity.name for c in resolve_candidates([a, b])] == ["A"]  # else the earlier


def test_then_the_higher_score():
    a = Candidate(ent("person", 0, 3, "A"), "model", 0.4)
    b = Candidate(ent("person", 1, 4, "B"), "model", 0.9)
    assert [c.entity.name for c in resolve_candidates([a, b])] == ["B"]


def test_type_priority_comes_before_agreement():
    region = Candidate(ent("region", 0, 3), "regions")
    also = Candidate(ent("region", 0, 3), "model")
    park = Candidate(ent("park", 0, 3), "parks")
    assert [c.type for c in resolve_candidates([region, also, park])] == ["park"]


def test_titles_and_chrome_in_the_resolver():
    title = Entity(type="organization", text="《人民日报》", name="人民日报", start=0, end=6)
    document = Entity(type="document", text="《规划》", name="规划", start=7, end=11)
    region = Entity(type="region", text="安康", name="安康市", start=12, end=14)
    person = Entity(type="person", text="周文斌", name="周文斌", start=15, end=18)
    cands = [
        Candidate(title, "organizations"),
        Candidate(document, "documents"),
        Candidate(region, "regions"),
        Candidate(person, "persons"),
    ]
    kept = resolve(cands, chrome=[(12, 18)], reads_titles={"documents"})
    assert [e.name for e in kept] == ["规划", "周文斌"]
