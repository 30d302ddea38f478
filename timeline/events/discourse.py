"""Reference across sentences: the person a pronoun or a title ("the crown prince") stands for,
definite nouns that take up an earlier event ("that agreement"), and plural nouns that stand
for the parties last named ("the two leaders", "the two countries")."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from .context import Rules
from .descriptions import described_person, is_description
from .entities import is_media
from .syntax import sent_start, subject
from .triggers import Candidate


def named_person(rules: Rules, doc: Doc, i: int, ent_of: Mapping[int, Span]) -> Span | None:
    """The person named at ``doc[i]``: a PERSON entity that is no source, or a proper noun
    the gazetteer knows as a person."""
    span = ent_of.get(i)
    if span is not None and span.label_ == "PERSON" and not is_media(rules, span):
        return span
    if span is not None and rules.gazetteer.kind(span.text) == "person":
        return span  # a listed person the model took for something else
    if span is None and doc[i].pos_ == "PROPN":
        entry = rules.gazetteer.lookup(doc[i].text)
        if entry is not None and entry.kind == "person":
            return doc[i : i + 1]
    return None


def antecedent(
    rules: Rules, token: Token, ent_of: Mapping[int, Span], depth: int = 0
) -> Span | None:
    """The person a third-person pronoun stands for: the subject of a clause above it, the
    previous sentence's subject, the nearest person named before it (within two sentences),
    else for a subject the person named most often. A pronoun found on the way is followed
    back (twice at most): "He flew to X. On Monday, he went to Y"."""
    doc = token.doc
    for subj in _clause_subjects(token):
        span = _person_or_antecedent(rules, subj, ent_of, depth)
        if span is not None:
            return span
    # Token.sent walks the whole Doc's sentences; the starts are enough here
    start = sent_start(doc, token.i)
    lower = sent_start(doc, start - 1) if start > 0 else start
    if token.dep_ in ("nsubj", "nsubjpass") and lower < start:
        # A pronoun subject continues the previous sentence's subject ("Modi met Harris and
        # Blinken. He will travel to Egypt."), not its nearest name.
        span = subject_person(rules, doc, lower, start, ent_of, depth)
        if span is not None:
            return span
    for i in range(token.i - 1, lower - 1, -1):
        span = named_person(rules, doc, i, ent_of)
        if span is not None:
            return span
    if token.dep_ in ("nsubj", "nsubjpass"):
        return salient_person(rules, doc, token.i, ent_of)
    return None


def state_antecedent(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
    """The state or organisation "it" stands for: a named subject of a clause above it in its
    sentence ("Jordan announced that it had recalled its ambassador")."""
    if token.lower_ not in rules.ontology.state_pronouns:
        return None
    for subj in _clause_subjects(token):
        span = ent_of.get(subj.i)
        if span is not None and span.label_ in ("GPE", "ORG"):
            return span
    return None


def _clause_subjects(token: Token) -> list[Token]:
    """The subjects before a token of the verbs above it, nearest clause first ("The leader
    embarked on his visit": the leader), then those of the adverbial clauses before it ("When
    X met Y, he recalled ...": X)."""
    found: list[Token] = []
    fronted: list[Token] = []
    for verb in token.ancestors:
        found.extend(_subjects_before(verb, token))
        for clause in verb.children:
            if clause.dep_ == "advcl" and clause.i < token.i and token not in clause.subtree:
                fronted.extend(_subjects_before(clause, token))
    return [*found, *fronted]


def _subjects_before(verb: Token, token: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i]


def _person_or_antecedent(
    rules: Rules, subj: Token, ent_of: Mapping[int, Span], depth: int
) -> Span | None:
    span = person_at(rules, subj, ent_of)
    if span is None and depth < 2 and subj.lower_ in rules.ontology.third_person_pronouns:
        span = antecedent(rules, subj, ent_of, depth + 1)
    return span


def salient_person(rules: Rules, doc: Doc, i: int, ent_of: Mapping[int, Span]) -> Span | None:
    """The person the text named most often before ``doc[i]`` (the latest on a tie), within
    the title look-back: whom a pronoun subject with no person near it stands for."""
    counts: dict[str, int] = {}
    latest: dict[str, Span] = {}
    j = i - 1
    floor = max(i - rules.settings.title_lookback, 0)
    while j >= floor:
        span = named_person(rules, doc, j, ent_of)
        if span is None:
            j -= 1
            continue
        entry = rules.gazetteer.lookup(span.text)
        key = entry.name if entry is not None else span[-1].lower_
        counts[key] = counts.get(key, 0) + 1
        latest.setdefault(key, span)
        j = min(j, span.start) - 1
    if not counts:
        return None
    order = list(latest)  # latest first
    best = max(order, key=lambda k: (counts[k], -order.index(k)))
    return latest[best]


def subject_person(
    rules: Rules, doc: Doc, start: int, end: int, ent_of: Mapping[int, Span], depth: int = 0
) -> Span | None:
    """The person who is the subject of the main verb of the sentence ``doc[start:end]``."""
    for root in (t for t in doc[start:end] if t.head.i == t.i):
        for subj in root.children:
            if subj.dep_ not in ("nsubj", "nsubjpass"):
                continue
            span = _person_or_antecedent(rules, subj, ent_of, depth)
            if span is not None:
                return span
    return None


def person_at(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
    """The person a subject names or describes ("Modi", "the Ukrainian president", "the
    Chairperson")."""
    span = named_person(rules, token.doc, token.i, ent_of)
    if span is None and is_description(rules, token):
        span = described_person(rules, token, ent_of) or titled_antecedent(rules, token, ent_of)
    return span


def titled_antecedent(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
    """ "the crown prince" -> the last person the text introduced with that title ("Crown
    Prince X", "the Chairperson of the Commission, X,"); else, for a description of an
    official, the person named most often so far."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    doc = token.doc
    lookback = rules.settings.title_lookback
    for i in range(token.i - 1, max(token.i - lookback, 0) - 1, -1):
        span = ent_of.get(i)
        if span is None or span.label_ != "PERSON" or span.start != i:
            continue
        before = doc[max(span.start - 3, 0) : span.start]
        root = span.root
        if (
            any(t.lower_ == token.lower_ for t in before)
            or token.lower_ in (t.lower_ for t in span)
            or (root.dep_ == "appos" and root.head.lower_ == token.lower_)
        ):
            return span
    if (
        token.lower_ in rules.gazetteer.description_nouns
        and token.lower_ not in rules.gazetteer.naming_titles
    ):
        # ("the Pope", "the King": only someone the text introduced so, never its main figure)
        return salient_person(rules, doc, token.i, ent_of)
    return None


def is_leader(rules: Rules, name: str) -> bool:
    """A head of state or government (former holders too: an article of their time calls
    them "the two leaders")."""
    entry = rules.gazetteer.lookup(name)
    return (
        entry is not None
        and entry.role is not None
        and any(role in entry.role for role in rules.ontology.leader_roles)
    )


def is_anaphor_noun(rules: Rules, cand: Candidate) -> bool:
    """A definite or possessed noun of an anaphoric type among the trigger's words ("that
    agreement was signed by ...")."""
    onto = rules.ontology
    if cand.type not in onto.anaphoric:
        return False
    return any(
        node.pos_ in ("NOUN", "PROPN")
        and onto.nouns.get(node.lemma_.lower(), onto.nouns.get(node.lower_)) == cand.type
        and any(
            c.dep_ in ("det", "poss") and c.lower_ in onto.anaphoric_determiners
            for c in node.children
        )
        for node in cand.nodes
    )


def is_anaphor(rules: Rules, cand: Candidate) -> bool:
    """A definite or possessed noun of an anaphoric type ("our previous agreement")."""
    onto = rules.ontology
    if cand.type not in onto.anaphoric or cand.token.pos_ == "VERB":
        return False
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in onto.anaphoric_determiners
        for c in cand.token.children
    )


def collective(rules: Rules, cand: Candidate) -> str | None:
    """The plural noun its agents are given as: "the two leaders", "the countries"."""
    nouns = rules.ontology.collective_nouns
    for node in cand.argument_nodes:
        if node.pos_ in ("VERB", "AUX"):
            subj = subject(node)
            if subj is not None and subj.lower_ in nouns:
                return subj.lower_
        else:
            for child in node.children:
                if child.dep_ == "poss" and child.lower_ in nouns:
                    return child.lower_
    return None


def parties_as(rules: Rules, parties: tuple[str, ...], noun: str) -> tuple[str, ...]:
    """ "the two countries" after two leaders: their states, where the gazetteer knows them."""
    if noun not in rules.ontology.state_nouns:
        return parties
    states = []
    for name in parties:
        entry = rules.gazetteer.lookup(name)
        country = entry.country if entry is not None and entry.kind == "person" else None
        states.append(country or name)
    return tuple(dict.fromkeys(states))
