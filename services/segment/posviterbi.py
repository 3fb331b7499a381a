"""jieba's POS tagger with an exact, faster Viterbi for unknown-word runs.

Profiling the stage (python -m services.segment.bench) showed POS tagging at
about 3/4 of its time, and 3/4 of that in ``jieba.posseg.viterbi``: for every
character and every candidate state it takes a ``max`` over *all* states of the
previous character, most of which have no transition into the candidate
(``trans_p[y0].get(y, -inf)``), and it rebuilds the set of reachable states
from every predecessor's successor dict.

This module keeps jieba's model, arithmetic and tie-breaking and only skips
work whose result cannot win: a predecessor without a transition into ``y``
scores ``-inf`` and loses to any predecessor with one (there is always one,
since ``y`` is chosen among the successors of the previous states). Sums are
formed in the same order (``V + trans + emit``) and compared as the same
``(prob, state)`` tuples, so the path is identical, not just close;
tests/unit/test_segment_posviterbi.py checks that against jieba's own function
on the seeds and on random text. jieba_fast was tried before and its POS path
gave only 1.04x (see bench.py), hence this hand-written ~60 lines.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import jieba.posseg
from jieba.posseg import char_state_tab_P, emit_P, pair, start_P, trans_P
from jieba.posseg.viterbi import MIN_FLOAT
from jieba.posseg.viterbi import viterbi as jieba_viterbi

State = tuple[str, str]


@lru_cache(maxsize=1)
def _graph() -> tuple[dict[State, frozenset[State]], dict[State, tuple[State, ...]]]:
    """Successor sets and predecessor lists of jieba's POS transition table."""
    succ = {x: frozenset(v) for x, v in trans_P.items()}
    pred: dict[State, list[State]] = {}
    for x, v in trans_P.items():
        for y in v:
            pred.setdefault(y, []).append(x)
    return succ, {y: tuple(xs) for y, xs in pred.items()}


def viterbi(obs: str, states=char_state_tab_P, start_p=start_P, trans_p=trans_P,
            emit_p=emit_P) -> tuple[float, list[State]]:
    """Same result as ``jieba.posseg.viterbi.viterbi`` on jieba's tables."""
    succ, pred = _graph()
    all_states = trans_p.keys()
    prev_v: dict[State, float] = {}
    mem: list[dict[State, State | str]] = [{}]
    first = obs[0]
    for y in states.get(first, all_states):
        prev_v[y] = start_p[y] + emit_p[y].get(first, MIN_FLOAT)
        mem[0][y] = ""
    for t in range(1, len(obs)):
        prev_states = [x for x in mem[t - 1] if succ[x]]
        if not prev_states:  # jieba raises here (max of nothing); let it, the same way
            return jieba_viterbi(obs, states, start_p, trans_p, emit_p)
        expect = frozenset().union(*(succ[x] for x in prev_states))
        obs_states = set(states.get(obs[t], all_states)) & expect or expect
        prev_set = set(prev_states)
        ch = obs[t]
        cur_v: dict[State, float] = {}
        cur_mem: dict[State, State | str] = {}
        for y in obs_states:
            e = emit_p[y].get(ch, MIN_FLOAT)
            prob, state = max((prev_v[y0] + trans_p[y0][y] + e, y0) for y0 in pred[y] if y0 in prev_set)
            cur_v[y] = prob
            cur_mem[y] = state
        prev_v = cur_v
        mem.append(cur_mem)
    prob, state = max((prev_v[y], y) for y in mem[-1])
    route: list[State] = [None] * len(obs)  # type: ignore[list-item]
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state  # type: ignore[assignment]
        state = mem[i][state]  # type: ignore[index]
    return prob, route


class POSTokenizer(jieba.posseg.POSTokenizer):
    """jieba's POSTokenizer, its HMM step (``__cut``) using the Viterbi above;
    the rest (DAG, dictionary tags, number/English runs) is jieba's own code."""

    def _POSTokenizer__cut(self, sentence: str) -> Iterator[pair]:  # overrides the name-mangled __cut
        _prob, pos_list = viterbi(sentence)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            tag = pos_list[i][0]
            if tag == "B":
                begin = i
            elif tag == "E":
                yield pair(sentence[begin:i + 1], pos_list[i][1])
                nexti = i + 1
            elif tag == "S":
                yield pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield pair(sentence[nexti:], pos_list[nexti][1])
