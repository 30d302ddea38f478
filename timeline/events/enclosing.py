"""Sub-events of an enclosing event: "During his visit, X will hold talks with Y" dates the
talks by the visit. A mention with no date of its own whose sentence names, in a phrase of the
trigger's clause, the definite noun of an event that holds it ("during the visit", "the
components of the trip", "throughout the visit from May 3 to 5") takes the date that noun's
phrase gives, else the date and place of the document's last event of that type.

A definite noun that refers back ("the trip", "Abe's visit") takes the last dated event of its
type with the same parties; a visit made to attend one ("to attend the summit") its date; an
event a sentence counts from another ("comes five months after Y's tour") that event's date
moved by the count."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from ..dates import parse_when
from ..model import Mention, TimeExpr
from ..registry import encloses
from .context import Rules
from .dating import usable_value
from .framing import counted_from, in_time_clause, shifted, spanned_value
from .status import clause_verb
from .triggers import Candidate

# Date sources of a mention that states its own date: it inherits nothing.
_OWN_SOURCES = frozenset(["explicit", "sentence", "anniversary"])
# An enclosing event spans at most this many days ("a five-day visit", not "a year-long tour").
_FRAME_MAX_DAYS = 31


@dataclasses.dataclass(frozen=True, slots=True)
class Frame:
    """The date and place of the last event of a type that holds others (a visit)."""

    date: str
    date_text: str | None
    location: str | None
    actors: tuple[str, ...] = ()


def frame_of(mention: Mention) -> Frame | None:
    """The frame a mention sets for later mentions (its sub-events, the definite nouns that
    refer back to it): an event dated by its own words, over a day or a few."""
    when = parse_when(mention.date)
    if when is None or mention.date_source not in (*_OWN_SOURCES, "narrative"):
        return None
    if when.days > _FRAME_MAX_DAYS or when.precision not in ("day", "range"):
        return None
    return Frame(when.value, mention.date_text, mention.location, mention.actors)


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
        return _coreferent(rules, cand, mention, frames)
    kind = rules.ontology.nouns.get(noun.lemma_.lower())
    own = _noun_date(rules, noun, timexes)
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
    trigger = cand.token
    heads = [clause, *(t for t in clause.ancestors if t.pos_ in ("VERB", "AUX"))][:2]
    for head in heads:
        for token in head.subtree:
            # a noun folded into the trigger ("during the trip he met Y") still encloses it
            if token.dep_ != "pobj" or token.head.lower_ not in rules.ontology.within_preps:
                continue
            kind = onto.nouns.get(token.lemma_.lower())
            if kind is None or not encloses(kind, cand.type) or not _definite(rules, token):
                continue
            if any(t.i == trigger.i for t in token.subtree):
                continue
            return token
    return None


def _definite(rules: Rules, noun: Token) -> bool:
    """ "the visit", "his trip", "this tour", "Abe's visit": a noun that refers back."""
    return any(
        c.dep_ in ("det", "poss")
        and (c.lower_ in rules.ontology.anaphoric_determiners or c.pos_ in ("PRON", "PROPN"))
        for c in noun.children
    )


def _noun_date(
    rules: Rules, noun: Token, timexes: Iterable[tuple[TimeExpr, Span]]
) -> tuple[str, str] | None:
    """The date the enclosing noun's own phrase gives ("the visit from May 3 to 5")."""
    inside = {t.i for t in noun.subtree}
    for timex, span in timexes:
        if span.root.i in inside and timex.value and timex.value != "PRESENT_REF":
            value = spanned_value(rules.ontology, noun.doc, span, timex.value)
            if usable_value(value):
                return value, timex.text
    return None


def _coreferent(
    rules: Rules, cand: Candidate, mention: Mention, frames: dict[str, Frame]
) -> Mention:
    """A definite noun that refers back ("the visit", "his trip"), or a visit whose purpose is
    one ("had travelled to X to attend the summit"), dated by the last such event."""
    onto = rules.ontology
    token = cand.token
    if token.dep_ == "pobj" and token.head.lower_ in onto.bound_preps:
        return mention  # "after the visit": another time
    noun = token if token.pos_ in ("NOUN", "PROPN") else _purpose_noun(rules, cand)
    if noun is None or not _definite(rules, noun) or _names_another(rules, noun):
        return mention
    kind = onto.nouns.get(noun.lemma_.lower())
    frame = frames.get(kind or "")
    if frame is None or not _same_parties(frame.actors, mention.actors):
        return mention
    place = mention.location
    if noun is token:
        if place is not None and frame.location is not None and place != frame.location:
            return mention  # "the visit to Y" after a visit to X
        place = place or frame.location
    return dataclasses.replace(
        mention,
        date=frame.date,
        date_text=frame.date_text,
        date_source="inherited",
        date_bound=None,
        location=place,
    )


def _purpose_noun(rules: Rules, cand: Candidate) -> Token | None:
    """The event a visit is made for: "travelled to X to attend the summit", "a trip for the
    talks"."""
    if cand.type not in rules.ontology.place_types:
        return None
    for node in cand.nodes:
        for child in node.children:
            if child.dep_ in ("xcomp", "advcl") and child.pos_ == "VERB":
                found = next((c for c in child.children if c.dep_ == "dobj"), None)
            elif child.dep_ == "prep" and child.lower_ == "for":
                found = next((c for c in child.children if c.dep_ == "pobj"), None)
            else:
                continue
            if found is not None and rules.ontology.nouns.get(found.lemma_.lower()):
                return found
    return None


def _names_another(rules: Rules, noun: Token) -> bool:
    """ "his last visit", "the next summit": not the event last dated."""
    other = rules.ontology.other_event_words
    return any(c.dep_ == "amod" and c.lower_ in other for c in noun.children)


def _same_parties(theirs: tuple[str, ...], mine: tuple[str, ...]) -> bool:
    """Whether two lists of actors may be one event's: one is empty, or they share a name
    (compared by last word: "Modi" is "Narendra Modi")."""
    if not theirs or not mine:
        return True
    last = {name.split()[-1].lower() for name in theirs if name.split()}
    return any(name.split() and name.split()[-1].lower() in last for name in mine)


def counted(
    rules: Rules,
    cand: Candidate,
    mention: Mention,
    durations: Sequence[tuple[TimeExpr, Span]],
    told: tuple[Sequence[Mention], dict[str, Frame]],
) -> Mention:
    """An undated event a sentence counts from another ("the visit comes five months after
    Y's tour"): that event's date (a mention of the sentence's, else the last dated event the
    definite noun refers to) moved by the length. ``told``: the sentence's mentions so far and
    the document's frames."""
    if mention.date is not None:
        return mention
    found = counted_from(clause_verb(cand), cand.token, durations)
    if found is None:
        return mention
    subject, word, length = found
    mentions, frames = told
    anchor = next((m.date for m in mentions if m.trigger_start == subject.idx and m.date), None)
    if anchor is None and _definite(rules, subject) and not _names_another(rules, subject):
        frame = frames.get(rules.ontology.nouns.get(subject.lemma_.lower()) or "")
        anchor = None if frame is None else frame.date
    value = shifted(anchor, length.value, word)
    if value is None:
        return mention
    return dataclasses.replace(
        mention,
        date=value,
        date_text=f"{length.text} {word}",
        date_source="computed",
        date_bound=None,
        status="occurred" if word == "after" else mention.status,
    )
