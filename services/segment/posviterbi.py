"""jieba's POS tagger with an exact, faster Viterbi for unknown-word runs.

Profiling the stage (python -m bench.segment) showed POS tagging at
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

The HMM's cost per character is the number of transitions it weighs: about 20
on news text (a few short unknown-word runs, common characters with ten or so
states), but over 1,000 on a run of one common character (中中中…: 50 states)
and over 5,000 on rare characters the tables do not know (all 256 states): a
text of such runs took 100 to 500 times longer per character than an article
(issue #15). So every ``cut`` has a budget of transitions, proportional to its
length (``HMM_WORK_PER_CHAR``, twice what the labelled articles use at most,
with a floor for short texts): runs that would overspend it are tagged character by
character from the dictionary, as jieba does for a run that is itself a
dictionary word. Text within the budget is cut exactly as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache

import jieba.posseg
from jieba.posseg import char_state_tab_P, emit_P, pair, start_P, trans_P
from jieba.posseg.viterbi import MIN_FLOAT
from jieba.posseg.viterbi import viterbi as jieba_viterbi

State = tuple[str, str]

# Transitions weighed per character of the text, and at least this many per
# text. The labelled articles, seeds and dev_real articles use at most 33 per
# character (251,061 for the longest, 7,815 characters); tests/hostile checks
# that no input spends more.
HMM_WORK_PER_CHAR = 64
HMM_WORK_FLOOR = 100_000


class HMMBudget:
    """Transitions the HMM may still weigh in one ``cut``; ``used`` is the count
    weighed so far (tests read it as a deterministic measure of the work)."""

    __slots__ = ("left", "used")

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.used = 0

    @classmethod
    def for_text(cls, text: str) -> HMMBudget:
        return cls(max(HMM_WORK_FLOOR, HMM_WORK_PER_CHAR * len(text)))

    def spend(self, work: int) -> None:
        self.used += work
        self.left -= work
        if self.left < 0:
            raise OverBudget


class OverBudget(Exception):
    """The run would overspend its text's HMM budget."""


@lru_cache(maxsize=1)
def _graph() -> tuple[dict[State, frozenset[State]], dict[State, tuple[State, ...]]]:
    """Successor sets and predecessor lists of jieba's POS transition table."""
    succ = {x: frozenset(v) for x, v in trans_P.items()}
    pred: dict[State, list[State]] = {}
    for x, v in trans_P.items():
        for y in v:
            pred.setdefault(y, []).append(x)
    return succ, {y: tuple(xs) for y, xs in pred.items()}


def viterbi(
    obs: str, states=char_state_tab_P, start_p=start_P, trans_p=trans_P, emit_p=emit_P, budget: HMMBudget | None = None
) -> tuple[float, list[State]]:
    """Same result as ``jieba.posseg.viterbi.viterbi`` on jieba's tables.

    With a ``budget``, each step spends the transitions it weighs (the
    predecessors of every candidate state) and raises :class:`OverBudget`
    when the budget runs out (the step that overspends is at most 256 × 256)."""
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
        work = len(prev_states)
        for y in obs_states:
            e = emit_p[y].get(ch, MIN_FLOAT)
            preds = pred[y]
            work += len(preds)
            prob, state = max((prev_v[y0] + trans_p[y0][y] + e, y0) for y0 in preds if y0 in prev_set)
            cur_v[y] = prob
            cur_mem[y] = state
        if budget is not None:
            budget.spend(work)
        prev_v = cur_v
        mem.append(cur_mem)
    prob, state = max((prev_v[y], y) for y in mem[-1])
    route: list[State] = [None] * len(obs)  # type: ignore[list-item]
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem[i][state]  # type: ignore[assignment]
    return prob, route


class POSTokenizer(jieba.posseg.POSTokenizer):
    """jieba's POSTokenizer, its HMM step (``__cut``) using the Viterbi above
    within a budget per ``cut``; the rest (DAG, dictionary tags, number/English
    runs) is jieba's own code. ``last_budget`` is the budget of the last cut in
    this thread (how many transitions it weighed)."""

    _local = threading.local()

    @property
    def last_budget(self) -> HMMBudget | None:
        return getattr(self._local, "budget", None)

    def cut(self, sentence: str, HMM: bool = True) -> Iterator[pair]:
        # Per thread: one tokenizer serves every document of a process. The
        # budget is spent only while this cut runs (jieba's other entry
        # points into the HMM step, unused here, get none).
        budget = HMMBudget.for_text(sentence)
        self._local.budget = budget
        self._local.active = budget
        try:
            yield from super().cut(sentence, HMM=HMM)
        finally:
            self._local.active = None

    def _POSTokenizer__cut(self, sentence: str) -> Iterator[pair]:  # overrides the name-mangled __cut
        budget = getattr(self._local, "active", None)
        try:
            if budget is not None and budget.left <= 0:
                raise OverBudget
            _prob, pos_list = viterbi(sentence, budget=budget)
        except OverBudget:
            # Out of budget: the dictionary's tag for each character, as jieba
            # tags a run that is itself a word.
            for char in sentence:
                yield pair(char, self.word_tag_tab.get(char, "x"))
            return
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            tag = pos_list[i][0]
            if tag == "B":
                begin = i
            elif tag == "E":
                yield pair(sentence[begin : i + 1], pos_list[i][1])
                nexti = i + 1
            elif tag == "S":
                yield pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield pair(sentence[nexti:], pos_list[nexti][1])
