"""Tense of the clause governing an expression: past, present or future (shared with
the event extractor's status)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .lexicon import lexicon


def _sentence_of(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return None
    return span[0].sent


def tense_at(doc: Doc, start: int, end: int, *, reported: bool = False) -> str | None:
    """``past``, ``future`` or ``present`` for the clause governing the span, None if unknown.

    Walks from the expression to its governing verb in the parse and reads its tag and
    auxiliaries ("will", "was", "has …"); an infinitive under a verb of planning ("plans to",
    "is to", "expected to") is future; with ``reported`` (news), so is "would" (the future of
    reported speech). Without a parse, the words around decide.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    if doc.has_annotation("DEP"):
        found, decided = _tense_from_parse(span, _WILL_REPORTED if reported else _WILL)
        if decided:
            return found
    return _tense_from_words(doc, start, end)


def _nearest_verb(token: Token, steps: int) -> Token:
    """The token itself or the first verb or auxiliary up its heads, at most ``steps`` up."""
    for _ in range(steps):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    return token


def _tense_from_parse(span: Span, wills: frozenset[str]) -> tuple[str | None, bool]:
    """The tense read from the governing verbs, and whether the parse decided it."""
    token = _nearest_verb(span.root, 6)
    for _ in range(4):
        found, climb = _verb_tense(token, wills)
        if found is not None:
            return found, True
        if climb is None:
            break
        token = climb
    return None, False


def _verb_tense(token: Token, wills: frozenset[str]) -> tuple[str | None, Token | None]:
    """The tense of one verb with its auxiliaries; else the verb to climb to (None: stop)."""
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if "to" in {a.lower_ for a in auxes} and token.tag_ == "VB":
        head = token.head
        if head.lemma_.lower() in lexicon().future_heads or head.lemma_ == "be":
            # "had been due to expire Friday", "the intention was to visit on January 1": a
            # plan already past at the time of writing
            past = _past_perfect(head) or (head.lemma_ == "be" and head.tag_ == "VBD")
            return ("past" if past else "future"), None
        if head is not token and head.pos_ in ("VERB", "AUX", "ADJ"):
            if {a.lower_ for a in auxes} & wills:
                return "future", None
            return None, head
    found = _aux_tense(token, auxes, wills)
    if found is not None:
        return found, None
    if auxes or token.head is token:
        return None, None
    if token.tag_ == "VBN" and token.dep_ in ("acl", "amod", "advcl"):
        return "past", None  # "the deal, first proposed in March, ...", ", announced Friday,"
    head = _nearest_verb(token.head, 3)
    if head is token or head.pos_ not in ("VERB", "AUX"):
        return None, None
    return None, head


def _past_perfect(token: Token) -> bool:
    """Whether the verb (or the verb an adjective complements: "had been due") has "had"."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return any(c.lower_ == "had" for c in verb.children if c.dep_ in ("aux", "auxpass"))


_WILL = frozenset({"will", "'ll", "shall", "wo"})
# Reported speech in news: "said the father would be travelling Thursday" is the days ahead.
_WILL_REPORTED = _WILL | {"would"}


def _aux_tense(token: Token, auxes: list[Token], wills: frozenset[str]) -> str | None:
    """The tense the verb's own tag and auxiliaries state, if they state one."""
    lowers = {a.lower_ for a in auxes}
    if lowers & wills:
        return "future"
    if token.tag_ == "VBG" and "going" in lowers:
        return "future"
    if (
        token.lemma_.lower() in lexicon().future_heads
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
    return None


def _tense_from_words(doc: Doc, start: int, end: int) -> str | None:
    """Without a decisive parse: a future word in the sentence, else a past-tense verb."""
    lex = lexicon()
    sent = _sentence_of(doc, start, end)
    window = (sent.text if sent is not None else doc.text[max(0, start - 120) : end + 60]).lower()
    if any(re.search(rf"(?<![\w']){re.escape(w)}\b", window) for w in lex.future_words):
        return "future"
    if sent is not None and any(t.tag_ == "VBD" for t in sent):
        return "past"
    return None


# --------------------------------------------------------------------------- resolution
