"""A rule's cue words, and whether any is written in a stretch of text.

A per-figure rule reads a stretch of text near its figure with patterns built
from word lists (``(?:已经|达到|…)+$``): where none of the words a pattern
needs is written in that stretch, the pattern cannot match there and the rule
need not run. On a text of figures (``12%12%…``, issue #15) every figure ran
every rule's patterns over its stretch, a dozen searches of long alternations
each, though no rule's word was anywhere. One search of the rule's cues over
the stretch (a literal alternation: ``re`` skips the positions whose
character opens no cue) answers for all of them: with no cue, the rule's
answer is the one it would give without matching (nothing cut, nothing
found), the same as running it; with a cue, the rule runs as before.

The cues of each rule are declared once, in ``normalize/rule_cues.tsv``:
the word lists the rule's patterns are built from (``@file:group``) and the
literal words of those patterns. The stretch searched must hold every string
the rule's patterns read (they read copies cut from it, never text joined
from apart).
"""

from __future__ import annotations

import re

from docpipe.wordlists import alternative, by_length, load_group, load_list, load_table

CUES_FILE = "normalize/rule_cues.tsv"


def cue_words(rule: str) -> frozenset[str]:
    """The cue words declared for ``rule``, references resolved."""
    out: set[str] = set()
    for entry in load_group(CUES_FILE, rule):
        if entry.startswith("@"):
            name, _, group = entry[1:].partition(":")
            if not group:
                out.update(load_list(name))
            elif "list" in load_table(name)[0]:
                out.update(load_group(name, group))
            else:  # a table's column
                out.update(row[group] for row in load_table(name))
        else:
            out.add(entry)
    return frozenset(w for w in out if w)


class Cues:
    """The cue words of one rule, as one literal alternation."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.words = cue_words(rule)
        if not self.words:
            raise ValueError(f"no cue words declared for {rule} in {CUES_FILE}")
        self.pattern = re.compile(alternative(by_length(self.words)))
        # (one word: str.find says the same as the pattern, without the engine)
        self.single = next(iter(self.words)) if len(self.words) == 1 else None
        self.chars = re.compile("[" + "".join(re.escape(c) for c in sorted(set("".join(self.words)))) + "]")

    def written(self, text: str, lo: int, hi: int) -> bool:
        """Whether a cue word is written whole inside ``text[lo:hi]``."""
        if self.single is not None:
            return text.find(self.single, max(0, lo), max(0, hi)) >= 0
        return self.pattern.search(text, max(0, lo), hi) is not None

    def touched(self, text: str, lo: int, hi: int) -> bool:
        """Whether a character of a cue word is written inside ``text[lo:hi]``:
        for a rule that reads two stretches joined (a word may span the join)."""
        return self.chars.search(text, max(0, lo), hi) is not None
