"""Sub-events of an enclosing event: "During his visit, X will hold talks with Y" dates the
talks by the visit. A mention with no date of its own whose sentence names, in a phrase of the
trigger's clause, the definite noun of an event that holds it ("during the visit", "the
components of the trip", "throughout the visit from May 3 to 5") takes the date that noun's
phrase gives, else the date and place of the document's last event of that type."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from spacy.tokens import Span, Token

from ..dates import parse_when
from ..model import Mention, TimeExpr
from ..registry import encloses
from .context import Rules
from .dating import usable_value
from .framing import in_time_clause, spanned_value
from .status import clause_verb
from .triggers import Candidate

# Date sources of a mention that states its own date: it inherits nothing.
_OWN_SOURCES = frozenset(["explicit", "sentence", "anniversary"])
# Prepositions that put an event inside the noun's ("during the visit", "the components of
# the visit", "throughout the trip", "at the talks"); "after the visit" puts it outside.
_WITHIN_PREPS = frozenset(["during", "throughout", "of", "at", "on", "in", "amid"])
# An enclosing event spans at most this many days ("a five-day visit", not "a year-long tour").
_FRAME_MAX_DAYS = 31


@dataclasses.dataclass(frozen=True, slots=True)
class Frame:
    """The date and place of the last event of a type that holds others (a visit)."""

    date: str
    date_text: str | None
    location: str | None


def frame_of(mention: Mention) -> Frame | None:
    """The frame a mention sets for later sub-events: a visit dated by its own words, over a
    day or a few."""
    when = parse_when(mention.date)
    if when is None or mention.date_source not in (*_OWN_SOURCES, "narrative"):
        return None
    if when.days > _FRAME_MAX_DAYS or when.precision not in ("day", "range"):
        return None
    return Frame(when.value, mention.date_text, mention.location)


def inherited(
    rules: Rules,
    cand: Candidate,
    mention: Mention,
    timexes: Iterable[tuple[TimeExpr, Span]],
    frames: dict[str, Frame],
) -> Mention:
    """The mention dated (and placed) by the event that holds it, or the mention itself."""
    if mention.date_source in _OWN_SOURCES:
        return mention
    clause = clause_verb(cand)
    if in_time_clause(rules.ontology, clause):
        return mention
    noun = _enclosing_noun(rules, cand, clause)
    if noun is None:
        return mention
    kind = rules.ontology.nouns.get(noun.lemma_.lower())
    own = _noun_date(noun, timexes)
    if own is not None:
        date, text = own
        return dataclasses.replace(
            mention, date=date, date_text=text, date_source="inherited", date_bound=None
        )
    frame = frames.get(kind or "")
    if frame is None:
        return mention
    return dataclasses.replace(
        mention,
        date=frame.date,
        date_text=frame.date_text,
        date_source="inherited",
        date_bound=None,
        location=mention.location or frame.location,
    )


def _enclosing_noun(rules: Rules, cand: Candidate, clause: Token) -> Token | None:
    """The definite noun of an enclosing event in a phrase of the trigger's clause or of the
    clause it reports ("highlighting the parts of the visit, he said X would meet Y")."""
    onto = rules.ontology
    own = {t.i for t in cand.nodes}
    heads = [clause, *(t for t in clause.ancestors if t.pos_ in ("VERB", "AUX"))][:2]
    for head in heads:
        for token in head.subtree:
            if token.i in own or token.dep_ != "pobj" or token.head.lower_ not in _WITHIN_PREPS:
                continue
            kind = onto.nouns.get(token.lemma_.lower())
            if kind is None or not encloses(kind, cand.type) or not _definite(rules, token):
                continue
            if any(t.i in own for t in token.subtree):
                continue
            return token
    return None


def _definite(rules: Rules, noun: Token) -> bool:
    """ "the visit", "his trip", "this tour": a noun that refers back."""
    return any(
        c.dep_ in ("det", "poss")
        and (c.lower_ in rules.ontology.anaphoric_determiners or c.pos_ == "PRON")
        for c in noun.children
    )


def _noun_date(noun: Token, timexes: Iterable[tuple[TimeExpr, Span]]) -> tuple[str, str] | None:
    """The date the enclosing noun's own phrase gives ("the visit from May 3 to 5")."""
    inside = {t.i for t in noun.subtree}
    for timex, span in timexes:
        if span.root.i in inside and timex.value and timex.value != "PRESENT_REF":
            value = spanned_value(noun.doc, span, timex.value)
            if usable_value(value):
                return value, timex.text
    return None
