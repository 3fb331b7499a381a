"""Sentences and jieba tokens with exact offsets into the clean text."""

from __future__ import annotations

import re

from pydantic import TypeAdapter

from docpipe.document import Sentence, Token

from . import resources

# A sentence ends at 。！？!? or an ellipsis, with any closing quotes or brackets
# after it; a newline always ends one (paragraphs and headings are sentences too).
_SENTENCE = re.compile(r"[^\n]*?(?:[。！？!?]+|…+|\.{3,}|(?=\n)|$)[”’」』）)】\"']*")
_SPACE = " \t\n\r\u3000\u00a0"
# Validating the whole list in pydantic-core is 3x faster than building the
# models one by one (measured: 20k tokens 0.09 s vs 0.32 s with model_construct).
_TOKENS = TypeAdapter(list[Token])


def sentences(text: str) -> list[Sentence]:
    """Sentence spans, whitespace trimmed, in order, never empty."""
    out: list[Sentence] = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in _SPACE:
            start += 1
        while end > start and text[end - 1] in _SPACE:
            end -= 1
        if end > start:
            out.append(Sentence(start=start, end=end))
    return out


def tokens(text: str, *, pos: bool = True) -> list[Token]:
    """jieba tokens (with POS tags when ``pos``) and their offsets; whitespace skipped.

    jieba yields every character of its input exactly once, so offsets are a
    running sum; the check below keeps ``text[start:end] == token.text`` true
    even if a jieba version ever dropped or changed a character.
    """
    out: list[dict[str, object]] = []
    cursor = 0
    if pos:
        pieces = ((p.word, p.flag) for p in resources.pos_tokenizer().cut(text))
    else:
        pieces = ((w, None) for w in resources.tokenizer().cut(text))
    for word, flag in pieces:
        if not word:
            continue
        if text.startswith(word, cursor):
            start = cursor
        else:  # pragma: no cover - defensive: resynchronise on the text
            start = text.find(word, cursor)
            if start < 0:
                continue
        cursor = start + len(word)
        if word.isspace():
            continue
        out.append({"text": word, "start": start, "end": cursor, "pos": flag})
    return _TOKENS.validate_python(out)
