"""Definite descriptions of officials: "the Ukrainian president", "Saudi Arabia's top diplomat",
"his Chinese counterpart", "the leader of China" stand for the person of that state the document
names most often (before or after them, within the title look-back); a description without a
state ("the Chairperson", "the 72-year-old leader") for the person introduced with that title,
else the person the text has named most often so far. Only people the document names are ever
found: an office nobody in the text holds stays the office of its state."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Span, Token

from .context import Rules
from .entities import is_companion, is_media, office_role
from .syntax import POSSESSIVE_MARKS

_DEFINITE = frozenset(["the", "this", "that"])


def is_description(rules: Rules, token: Token) -> bool:
    """A definite noun naming an office: "the president", "Japan's foreign minister"."""
    if token.lower_ not in rules.gazetteer.description_nouns:
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in token.children
    )


def state_at(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> str | None:
    """The state a word or the name around it stands for ("Chinese", "Saudi Arabia", "US")."""
    span = ent_of.get(token.i)
    text = span.text if span is not None else token.text
    gazetteer = rules.gazetteer
    found = gazetteer.demonym(text)
    if found is None:
        entry = gazetteer.lookup(text, metonymy=True)
        found = entry if entry is not None and entry.kind == "state" else None
    return None if found is None else found.name


def description_state(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> str | None:
    """The state a description names: its adjective, name modifier, possessor or "of" object."""
    nodes = [token, *(c for c in token.children if c.dep_ == "compound")]
    for node in nodes:
        for child in node.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                state = state_at(rules, child, ent_of)
                if state is not None:
                    return state
            elif child.dep_ == "prep" and child.lower_ == "of":
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    state = state_at(rules, obj, ent_of)
                    if state is not None:
                        return state
    return None


def person_state(rules: Rules, span: Span, ent_of: Mapping[int, Span]) -> str | None:
    """The state of a person the text names: the gazetteer's, else the one named in front of
    the titles before the name ("Pakistani Prime Minister X", "Israel's President X") or by the
    description it stands in apposition to ("his Iranian counterpart, X")."""
    gazetteer = rules.gazetteer
    entry = gazetteer.lookup(span.text)
    if entry is not None and entry.kind == "person" and entry.country:
        listed = gazetteer.lookup(entry.country)
        return listed.name if listed is not None else entry.country
    doc = span.doc
    i = span.start - 1
    while i >= max(span.start - 6, 0):
        token = doc[i]
        state = state_at(rules, token, ent_of)
        if state is not None:
            return state
        if token.lower_ not in gazetteer.titles and token.lower_ not in POSSESSIVE_MARKS:
            break
        i -= 1
    root = span.root
    if root.dep_ == "appos" and root.head.lower_ in gazetteer.description_nouns:
        return description_state(rules, root.head, ent_of)
    return None


def _people(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> list[Span]:
    """The people named within the title look-back around a token, in text order."""
    doc = token.doc
    reach = rules.settings.title_lookback
    seen: dict[int, Span] = {}
    for i in range(max(token.i - reach, 0), min(token.i + reach, len(doc))):
        span = ent_of.get(i)
        if span is None or span.start in seen or span.label_ != "PERSON":
            continue
        if not is_media(rules, span) and not is_companion(rules, span):
            seen[span.start] = span
    return list(seen.values())


def _key(rules: Rules, span: Span) -> str:
    entry = rules.gazetteer.lookup(span.text)
    return entry.name if entry is not None else span[-1].lower_


def most_named(rules: Rules, token: Token, spans: list[Span]) -> Span | None:
    """The person named most often among ``spans`` (the nearest before ``token`` on a tie,
    else the first after it), as the longest name the text gives them."""
    if not spans:
        return None
    counts: dict[str, int] = {}
    longest: dict[str, Span] = {}
    for span in spans:
        key = _key(rules, span)
        counts[key] = counts.get(key, 0) + 1
        if key not in longest or len(span.text) > len(longest[key].text):
            longest[key] = span

    def nearness(key: str) -> int:
        before = [s.start for s in spans if _key(rules, s) == key and s.start < token.i]
        return token.i - max(before) if before else len(token.doc) + token.i

    best = max(counts, key=lambda k: (counts[k], -nearness(k)))
    return longest[best]


def described_person(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
    """The person a description of an official stands for (None when the text names no one
    of that state)."""
    if not is_description(rules, token):
        return None
    state = description_state(rules, token, ent_of)
    if state is None:
        return None
    named = [s for s in _people(rules, token, ent_of) if _may_hold(rules, s, token)]
    people = [s for s in named if person_state(rules, s, ent_of) == state]
    if not people:
        # "Kenya's trade minister" for "Trade Minister X", the one the text titles so (an
        # office of two words at least: "Ghana's president" is not any "President X")
        office = _office_words(token)
        people = [
            s
            for s in named
            if len(office) > 1
            and person_state(rules, s, ent_of) is None
            and office <= _title_words(s)
        ]
        if len({_key(rules, s) for s in people}) != 1:
            return None
    return most_named(rules, token, people)


def _may_hold(rules: Rules, span: Span, token: Token) -> bool:
    """Whether a person may hold the office a description names: not one the gazetteer lists
    in another office ("the Chinese foreign minister" is not the head of state)."""
    role = office_role(rules, token)
    entry = rules.gazetteer.lookup(span.text)
    if role is None or entry is None or entry.kind != "person" or not entry.role:
        return True
    return entry.role == role


def _office_words(token: Token) -> set[str]:
    """The words of the office a description names ("Kenya's trade minister": trade, minister;
    the state's name or adjective left out)."""
    modifiers = (c for c in token.children if c.dep_ in ("compound", "amod") and not c.ent_type_)
    return {token.lower_, *(c.lower_ for c in modifiers)}


def _title_words(span: Span) -> set[str]:
    """The words of the title written before a name ("Trade Minister X": trade, minister)."""
    doc = span.doc
    words: set[str] = set()
    i = span.start - 1
    while i >= max(span.start - 4, 0) and doc[i].pos_ in ("PROPN", "NOUN") and doc[i].is_title:
        words.add(doc[i].lower_)
        i -= 1
    return words
