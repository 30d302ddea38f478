"""Tense of the clause governing an expression: past, present or future (shared with
the event extractor's status)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .lexicon import lexicon


def _sentence_of(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return None
    return span[0].sent


def tense_at(doc: Doc, start: int, end: int) -> str | None:
    """``past``, ``future`` or ``present`` for the clause governing the span, None if unknown.

    Walks from the expression to its governing verb in the parse and reads its tag and
    auxiliaries ("will", "was", "has …"); an infinitive under a verb of planning ("plans to",
    "is to", "expected to") is future. Without a parse, the words around decide.
    """
    lex = lexicon()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    if doc.has_annotation("DEP"):
        token = span.root
        for _ in range(6):
            if token.pos_ in ("VERB", "AUX") or token.head is token:
                break
            token = token.head
        for _ in range(4):
            auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
            lowers = {a.lower_ for a in auxes}
            if lowers & {"will", "'ll", "shall", "wo"}:
                return "future"
            if "to" in lowers and token.tag_ == "VB":
                head = token.head
                if head.lemma_.lower() in lex.future_heads or head.lemma_ == "be":
                    return "future"
                if head is not token and head.pos_ in ("VERB", "AUX", "ADJ"):
                    token = head
                    continue
            if token.tag_ == "VBG" and any(a.lower_ == "going" for a in auxes):
                return "future"
            if (
                token.lemma_.lower() in lex.future_heads
                and token.tag_ in ("VBN", "JJ")
                and any(a.lemma_ == "be" for a in auxes)
            ):
                return "future"
            if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
                return "past"
            if token.tag_ == "VBN" and lowers & {"has", "have", "'ve", "had"}:
                return "past"
            if token.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
                return "present"
            if auxes or token.head is token:
                break
            if token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
                return "past"  # "the deal, first proposed in March, ..."
            head = token.head
            for _ in range(3):
                if head.pos_ in ("VERB", "AUX") or head.head is head:
                    break
                head = head.head
            if head is token or head.pos_ not in ("VERB", "AUX"):
                break
            token = head
    sent = _sentence_of(doc, start, end)
    window = (sent.text if sent is not None else doc.text[max(0, start - 120) : end + 60]).lower()
    if any(re.search(rf"(?<![\w']){re.escape(w)}\b", window) for w in lex.future_words):
        return "future"
    if sent is not None and any(t.tag_ == "VBD" for t in sent):
        return "past"
    return None


# --------------------------------------------------------------------------- resolution
