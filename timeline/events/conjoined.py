"""Conjoined events sharing one trigger: a phrase joined to the trigger's own by "and" that
brings a date of its own is a second event of the same kind ("Israel's peace deal with Egypt
in 1979 and with Jordan in 1994"; "the two met in Bali in 2022 and then in Johannesburg
(2023)"). The second takes the date, place and partners named after the "and"; the first
keeps what is named before it. Conjoined agents of an event held "separately" ("X and Y held
separate talks with Z") hold one event each.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from spacy.tokens import Span, Token

from ..model import Mention, TimeExpr
from .arguments import resolve, resolve_one
from .context import Rules
from .dating import usable_value
from .entities import Arg
from .extent import calendar_date
from .itinerary import by_destination
from .previous import with_previous
from .syntax import conjuncts, subject
from .triggers import Candidate


def derived(
    rules: Rules,
    mention: Mention,
    cand: Candidate,
    timexes: list[tuple[TimeExpr, Span]],
    ent_of: Mapping[int, Span],
) -> Iterator[Mention]:
    """The mentions one candidate's mention stands for: its conjoined events, each of its tour's
    destinations (:mod:`.itinerary`), each agent of an event held separately, and the earlier
    event a "first since" names (:mod:`.previous`)."""
    for one in conjoined(rules, mention, cand, timexes, ent_of):
        for each in by_destination(rules, one, cand, ent_of):
            for alone in separately(rules, each, cand, ent_of):
                yield from with_previous(rules, alone, cand, timexes)


def conjoined(
    rules: Rules,
    mention: Mention,
    cand: Candidate,
    timexes: list[tuple[TimeExpr, Span]],
    ent_of: Mapping[int, Span],
) -> Iterator[Mention]:
    """The mention, then one mention per conjoined phrase that carries its own date, or for a
    visit its own destination ("went to London and then to Paris")."""
    phrases = _conjoined_phrases(cand)
    if not phrases:
        yield mention
        return
    regions = [(p.i, _region_end(cand, phrases, n)) for n, p in enumerate(phrases)]
    later: list[Mention] = []
    named_after: set[str] = set()  # the partners named after an "and"
    for (start, end), phrase in zip(regions, phrases, strict=True):
        dated = _date_in(timexes, start, end)
        value = None if dated is None else calendar_date(dated[0].value)
        if dated is None or value is None or value == mention.date or mention.date is None:
            later.extend(_next_destination(rules, mention, phrase, ent_of))
            continue
        timex = dated[0]
        places, partners = _names(rules, phrase, start, end, ent_of)
        named_after.update(p.name for p in partners)
        later.append(_second(mention, value, timex.text, places, partners))
    if not later:
        yield mention
        return
    left_places, left_partners = _left_names(rules, cand, phrases[0].i, ent_of)
    after = named_after - {p.name for p in left_partners}
    location = mention.location
    if location in {m.location for m in later}:
        specific = [p for p in left_places if p.kind != "state"] or left_places
        location = specific[0].name if specific else None
    yield dataclasses.replace(
        mention,
        actors=tuple(a for a in mention.actors if a not in after or a in _subjects(mention)),
        location=location,
    )
    yield from later


def _next_destination(
    rules: Rules, mention: Mention, phrase: Token, ent_of: Mapping[int, Span]
) -> list[Mention]:
    """A visit to the place of a conjoined phrase ("and then to Paris"), at the first's date."""
    if mention.type not in rules.ontology.place_types or phrase.lower_ not in ("to", "into"):
        return []
    for obj in (c for c in phrase.children if c.dep_ == "pobj"):
        arg = resolve_one(rules, obj, ent_of, place_ok=True, metonymy=False)
        if arg is not None and arg.place and arg.name != mention.location:
            return [dataclasses.replace(mention, location=arg.name)]
    return []


def separately(
    rules: Rules, mention: Mention, cand: Candidate, ent_of: Mapping[int, Span]
) -> Iterator[Mention]:
    """One mention per conjoined agent of an event held separately, or the mention itself."""
    words = rules.ontology.separate_words
    agents: list[str] = []
    verb = cand.anchor if cand.token.pos_ != "VERB" else cand.token
    if (
        any(c.lower_ in words for node in cand.nodes for c in node.children)
        or _travel_apart(rules, mention, cand, verb)
        or _plural_of_one(rules, cand)
    ):
        subj = None if verb is None else subject(verb)
        for node in [] if subj is None else [subj, *conjuncts(subj)]:
            arg = resolve_one(rules, node, ent_of, place_ok=False, metonymy=True)
            if arg is not None and arg.name in mention.actors and arg.name not in agents:
                agents.append(arg.name)
    if len(agents) < 2 or (mention.type == "visit" and _one_state(rules, agents)):
        yield mention
        return
    others = [a for a in mention.actors if a not in agents]
    if not others and _plural_of_one(rules, cand):
        yield mention  # "X and Y signed agreements": with each other
        return
    for agent in agents:
        yield dataclasses.replace(mention, actors=(agent, *others))


def _plural_of_one(rules: Rules, cand: Candidate) -> bool:
    """A trigger noun in the plural of one event's noun ("X and Y signed agreements with Z",
    "held meetings with Z"): one event each with the others; not a noun only used in the
    plural ("talks")."""
    onto = rules.ontology
    return any(
        node.tag_ == "NNS"
        and node.lemma_.lower() != node.lower_
        and onto.nouns.get(node.lemma_.lower()) == cand.type
        and node.lemma_.lower() not in onto.light_nouns
        for node in cand.nodes
    )


def _travel_apart(rules: Rules, mention: Mention, cand: Candidate, verb: Token | None) -> bool:
    """Visitors named together ("X and Y will arrive on Thursday") each make a visit of their
    own, unless they travel together ("together", "jointly")."""
    if mention.type not in rules.ontology.place_types:
        return False
    together = rules.ontology.together_words
    nodes = [*cand.nodes, *([] if verb is None else [verb])]
    # "arrive together in X": the adverb may hang on the preposition
    nodes += [c for node in nodes for c in node.children if c.dep_ == "prep"]
    return not any(c.lower_ in together for node in nodes for c in node.children)


def _one_state(rules: Rules, agents: list[str]) -> bool:
    """Whether visitors stand for one state (a leader and his minister travel as one party)."""
    states = [rules.gazetteer.affiliation(a) - {a} for a in agents]
    return all(states) and bool(frozenset.intersection(*states))


def _conjoined_phrases(cand: Candidate) -> list[Token]:
    """Prepositions conjoined to the trigger's own ("... in X in 2022 and then in Y"), on a
    trigger node or on one of its prepositions, in text order."""
    found: list[Token] = []
    for node in cand.argument_nodes:
        heads = [node, *(c for c in node.children if c.dep_ == "prep")]
        for head in heads:
            found.extend(
                c
                for c in head.children
                if c.dep_ == "conj"
                and c.pos_ == "ADP"
                and any(g.dep_ == "pobj" for g in c.children)
            )
    return sorted(dict.fromkeys(found), key=lambda t: t.i)


def _is_phrase(token: Token) -> bool:
    """A preposition with its object conjoined to another ("and then in Y")."""
    return (
        token.dep_ == "conj"
        and token.pos_ == "ADP"
        and any(g.dep_ == "pobj" for g in token.children)
    )


def _region_end(cand: Candidate, phrases: list[Token], index: int) -> int:
    """The end (exclusive) of the words that belong to the ``index``-th conjoined phrase: up to
    the next one, or the end of the trigger's clause."""
    if index + 1 < len(phrases):
        return phrases[index + 1].i
    return max(n.right_edge.i for n in cand.argument_nodes) + 1


def _date_in(
    timexes: list[tuple[TimeExpr, Span]], start: int, end: int
) -> tuple[TimeExpr, Span] | None:
    """The first usable date whose words lie in ``[start, end)``."""
    for timex, span in timexes:
        if start <= span.start and span.end <= end and usable_value(timex.value):
            return timex, span
    return None


def _names(
    rules: Rules, phrase: Token, start: int, end: int, ent_of: Mapping[int, Span]
) -> tuple[list[Arg], list[Arg]]:
    """The places and partners named by the objects of prepositions in ``[start, end)``."""
    places: list[Arg] = []
    partners: list[Arg] = []
    doc = phrase.doc
    preps = [t for t in doc[start:end] if t.pos_ == "ADP" and (t.dep_ in ("prep", "conj"))]
    for prep in preps:
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            as_place = prep.lower_ in rules.ontology.place_preps
            for arg in resolve(rules, obj, ent_of, place_ok=as_place, metonymy=not as_place):
                (places if arg.place else partners).append(arg)
    return places, partners


def _left_names(
    rules: Rules, cand: Candidate, first: int, ent_of: Mapping[int, Span]
) -> tuple[list[Arg], list[Arg]]:
    """The places and partners named by the trigger's own prepositions before ``first``, the
    first conjoined phrase (not their conjuncts after it)."""
    places: list[Arg] = []
    partners: list[Arg] = []
    for node in cand.argument_nodes:
        for prep in (c for c in node.children if c.dep_ == "prep" and c.i < first):
            as_place = prep.lower_ in rules.ontology.place_preps
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                arg = resolve_one(rules, obj, ent_of, place_ok=as_place, metonymy=not as_place)
                if arg is not None:
                    (places if arg.place else partners).append(arg)
    return places, partners


def _subjects(mention: Mention) -> set[str]:
    """The actors with a role beside partner: the visitor, inviter, or the first named."""
    named = {name for role, name in mention.roles if role in ("visitor", "inviter")}
    return named or set(mention.actors[:1])


def _second(
    mention: Mention, date: str, text: str, places: list[Arg], partners: list[Arg]
) -> Mention:
    """The conjoined event: the first's subjects with the partners and place named after the
    "and", at the date named there."""
    subjects = [a for a in mention.actors if a in _subjects(mention)]
    actors = tuple(dict.fromkeys([*subjects, *(p.name for p in partners)]))
    if not partners:
        actors = mention.actors
    specific = [p for p in places if p.kind != "state"] or places
    return dataclasses.replace(
        mention,
        actors=actors,
        location=specific[0].name if specific else mention.location,
        date=date,
        date_text=text,
        date_source="explicit",
        date_bound=None,
    )
