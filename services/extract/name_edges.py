"""Edges of organization names that run into the sentence around them.

Applied by the resolver to every organization candidate, whichever recogniser
gave it (a model's span and a rule's alike):

- after a legal form (有限公司, 股份有限公司 …) a name goes on only with a unit
  of the company (分公司, 研究院: ``after_legal_form.txt``); otherwise the tail is
  the sentence (``…投资管理有限公司控股``) and is cut off;
- a verb that never opens a name (``verbs_before_names.txt``: 获, 践行, 引来 …)
  followed by a name that ends in an organization suffix starts the name after
  the verb (``获安信证券`` → 安信证券);
- an organiser's verb read into the name (``…协办``: ``verbs_after_names.txt``)
  is cut off;
- a name never ends inside a word that often follows one
  (``words_after_names.txt``: 科创板 …): ``X科`` before ``创板`` is ``X``;
- nor begins inside a word that often precedes one
  (``words_before_names.txt``: 股东, 此次 …): ``股|东兵器装备集团`` is ``兵器装备集团``.

Pure functions over the entity; the word lists are data files.
"""

from __future__ import annotations

from docpipe.document import Entity
from docpipe.wordlists import by_length, load_group, load_list, load_words

from .organizations.kinds import _has_org_suffix
from .resources import region_tables

_LEGAL_FORMS = by_length(frozenset(load_list("organizations/legal_forms.txt")) - {"集团", "(集团)", "（集团）"})
_ALL_LEGAL_FORMS = by_length(frozenset(load_list("organizations/legal_forms.txt")))
_AFTER_LEGAL = load_list("organizations/after_legal_form.txt")
_VERBS = by_length(load_words("organizations/verbs_before_names.txt"))
# A financial firm's head also ends a name of its own (践行|盈科资本).
_FINANCIAL_HEADS = tuple(load_group("organizations/company_words.tsv", "financial_heads"))
_MIN_REST = 4
_WORDS_AFTER = by_length(load_words("organizations/words_after_names.txt"))
_VERBS_AFTER = by_length(load_words("organizations/verbs_after_names.txt"))
_WORDS_BEFORE = by_length(load_words("organizations/words_before_names.txt"))


def _cut_after_legal_form(name: str) -> int:
    """Length of ``name`` up to its legal form when a non-unit tail follows it."""
    for form in _LEGAL_FORMS:
        i = name.find(form)
        if i > 0:
            end = i + len(form)
            tail = name[end:]
            if tail and not tail.startswith(_AFTER_LEGAL):
                return end
            return len(name)
    return len(name)


_OPENING_BRACKETS = ("(", "（")


def _verb_prefix(name: str) -> int:
    """How many leading characters are a verb before a name of its own."""
    best = 0
    forms = region_tables().forms
    # a place's name that opens with a verb-like character (获嘉县) is the place's
    place = max((k for k in range(2, min(len(name), 8) + 1) if name[:k] in forms), default=0)
    for i in range(place, len(name) - _MIN_REST):
        if name[i - 1 : i] in _OPENING_BRACKETS:
            continue  # a bracketed part of a registered name (X(控股)有限公司) is no verb before it
        for verb in _VERBS:
            if name.startswith(verb, i):
                rest = name[i + len(verb) :]
                # 顺丰控股|股份有限公司: a legal form alone is no name of its own
                named = _has_org_suffix(rest) or rest.endswith(_FINANCIAL_HEADS)
                if len(rest) >= _MIN_REST and named and not rest.startswith(_ALL_LEGAL_FORMS):
                    best = i + len(verb)
                break
    return best


def _cut_verb_after(name: str) -> int:
    """Length of ``name`` without an organiser's verb at its end (…协办)."""
    verb = next((v for v in _VERBS_AFTER if name.endswith(v)), "")
    return len(name) - len(verb)


def trim(e: Entity) -> Entity:
    """The organization ``e`` with its name's edges at the name."""
    if e.type != "organization" or e.name != e.text:
        return e
    start, end = _verb_prefix(e.text), min(_cut_after_legal_form(e.text), _cut_verb_after(e.text))
    if (start == 0 and end == len(e.text)) or end - start < 2:
        return e
    text = e.text[start:end]
    return e.model_copy(update={"text": text, "name": text, "start": e.start + start, "end": e.start + end})


def _inside_word_after(text: str, e: Entity) -> int:
    """How many of the name's last characters begin a word that follows it."""
    for word in _WORDS_AFTER:
        for k in range(1, len(word)):
            if e.end - k - e.start >= 2 and text.startswith(word, e.end - k) and e.text.endswith(word[:k]):
                return k
    return 0


def cut_before_following_word(text: str, e: Entity) -> Entity:
    """The organization ``e`` without a tail that begins the word after it."""
    if e.type != "organization" or e.name != e.text or text[e.start : e.end] != e.text:
        return e
    k = _inside_word_after(text, e)
    if not k:
        return e
    name = e.text[:-k]
    return e.model_copy(update={"text": name, "name": name, "end": e.end - k})


def _inside_word_before(text: str, e: Entity) -> int:
    """How many of the name's first characters end a word that precedes it."""
    for word in _WORDS_BEFORE:
        for k in range(1, len(word)):
            lead = len(word) - k
            if e.end - e.start - k >= 2 and e.start >= lead and text[e.start - lead : e.start + k] == word:
                return k
    return 0


def cut_after_preceding_word(text: str, e: Entity) -> Entity:
    """The organization ``e`` without a head that ends the word before it."""
    if e.type != "organization" or e.name != e.text or text[e.start : e.end] != e.text:
        return e
    k = _inside_word_before(text, e)
    if not k:
        return e
    name = e.text[k:]
    return e.model_copy(update={"text": name, "name": name, "start": e.start + k})
