"""Tours: a visit to several destinations named together ("will travel to Kenya, Ghana and
Peru") is one visit per destination, each with the tour's date and actors."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from spacy.tokens import Span, Token

from ..model import Mention
from .arguments import resolve_one
from .context import Rules
from .syntax import conjuncts
from .triggers import Candidate


def by_destination(
    rules: Rules, mention: Mention, cand: Candidate, ent_of: Mapping[int, Span]
) -> Iterator[Mention]:
    """The mention once per destination of a tour, or the mention itself."""
    if mention.location is None or mention.type not in rules.ontology.place_types:
        yield mention
        return
    places = _destinations(rules, mention.location, cand, ent_of)
    if len(places) < 2:
        yield mention
        return
    for place in places:
        yield dataclasses.replace(mention, location=place)


def _destinations(
    rules: Rules, location: str, cand: Candidate, ent_of: Mapping[int, Span]
) -> list[str]:
    """The place and the places conjoined to it, when each is a state or a listed place of a
    different country from the others (not "Lviv and western Ukraine")."""
    token = _place_token(rules, location, cand, ent_of)
    if token is None:
        return []
    gazetteer = rules.gazetteer
    places: list[str] = [location]
    for node in conjuncts(token):
        if node.i not in ent_of:
            continue
        arg = resolve_one(rules, node, ent_of, place_ok=True, metonymy=False)
        if arg is None or not arg.place or arg.name in places:
            continue
        places.append(arg.name)
    if len(places) < 2 or any(gazetteer.lookup(p) is None for p in places):
        return []
    countries = [gazetteer.affiliation(p) for p in places]
    for i, one in enumerate(countries):
        if any(not one.isdisjoint(other) for other in countries[i + 1 :]):
            return []
    return places


def _place_token(
    rules: Rules, location: str, cand: Candidate, ent_of: Mapping[int, Span]
) -> Token | None:
    """The token that names the mention's place, among the trigger's dependents down to three
    levels ("travel to X")."""
    frontier = list(cand.nodes)
    for _ in range(3):
        following: list[Token] = []
        for node in frontier:
            for child in node.children:
                if child.i not in ent_of:
                    following.append(child)
                    continue
                arg = resolve_one(rules, child, ent_of, place_ok=True, metonymy=False)
                if arg is not None and arg.place and arg.name == location:
                    return child
                following.append(child)
        frontier = following
    return None
