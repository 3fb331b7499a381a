"""Keywords by TF-IDF over the stage's own tokens, with jieba's IDF table.

jieba.analyse would re-tokenize the text with the global default tokenizer;
computing TF-IDF from the tokens we already have uses our dictionary and costs
nothing extra.
"""

from __future__ import annotations

from collections import Counter

from docpipe.document import Keyword, Token

from . import resources

# POS prefixes of content words (nouns, verbs, adjectives, idioms, abbreviations,
# foreign words); numbers, pronouns, particles, punctuation and times are left out.
CONTENT_POS = ("n", "v", "a", "i", "j", "l", "eng")
TOP_K = 20


def keywords(tokens: list[Token], top_k: int = TOP_K) -> list[Keyword]:
    table = resources.idf_table()
    counts: Counter[str] = Counter()
    for t in tokens:
        word = t.text
        if len(word) < 2 or word.lower() in table.stop_words or word.isdigit():
            continue
        if t.pos is not None and not t.pos.startswith(CONTENT_POS):
            continue
        counts[word] += 1
    total = sum(counts.values())
    if not total:
        return []
    scored = [(word, n / total * table.idf.get(word, table.median)) for word, n in counts.items()]
    scored.sort(key=lambda x: (-x[1], x[0]))
    return [Keyword(text=w, weight=round(s, 4)) for w, s in scored[:top_k]]
