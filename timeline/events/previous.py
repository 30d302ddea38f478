"""The earlier event a "first since" names: "the first official visit to China by a Japanese
prime minister since December 2011" tells of a visit in December 2011 as well; "X and Y met for
the first time since 2016", of a meeting in 2016. The earlier event has the mention's type and
actors (and a visit's destination), happened, and is dated by the date after "since".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from spacy.tokens import Span, Token

from ..model import Mention, TimeExpr
from .context import Rules
from .dating import usable_value
from .extent import calendar_date
from .triggers import Candidate


def with_previous(
    rules: Rules, mention: Mention, cand: Candidate, timexes: list[tuple[TimeExpr, Span]]
) -> Iterator[Mention]:
    """The mention, then the earlier event its "first ... since DATE" names, if any."""
    yield mention
    since = _since_date(rules, cand, timexes)
    if since is None:
        return
    timex, value = since
    # a visit's destination is its own ("the first visit to China since X"); another event's
    # place may be what is new ("held in X for the first time since 2016")
    location = mention.location if mention.type in rules.ontology.place_types else None
    if value == mention.date or not mention.actors:
        return
    yield dataclasses.replace(
        mention,
        location=location,
        status="occurred",
        date=value,
        date_text=timex.text,
        date_source="explicit",
        date_bound=None,
    )


def _since_date(
    rules: Rules, cand: Candidate, timexes: list[tuple[TimeExpr, Span]]
) -> tuple[TimeExpr, str] | None:
    """The date after the "since" of a "first" on the trigger ("the first visit since X") or on
    its clause ("for the first time since X")."""
    words = rules.ontology.first_words
    heads: list[Token] = []
    # "the first visit ... since X" on the trigger itself (not "X visited Y, the first such
    # visit since 2019", where the earlier visit may be another's)
    if any(c.dep_ == "amod" and c.lower_ in words for c in cand.token.children):
        heads.append(cand.token)
    for node in cand.nodes:
        for prep in (c for c in node.children if c.dep_ == "prep"):
            heads.extend(
                p
                for p in prep.children
                if p.dep_ == "pobj" and any(c.lower_ in words for c in p.children)
            )  # "for the first time since X"
    for head in heads:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "since"):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                found = _timex_at(timexes, obj)
                if found is not None:
                    return found
    return None


def _timex_at(timexes: list[tuple[TimeExpr, Span]], token: Token) -> tuple[TimeExpr, str] | None:
    """The date whose words hold ``token``, with its calendar value."""
    for timex, span in timexes:
        if span.start <= token.i < span.end and usable_value(timex.value):
            value = calendar_date(timex.value)
            if value is not None and value[:1].isdigit():
                return timex, value
    return None
