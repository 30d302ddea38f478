"""Who can be a party of a diplomatic event: a state, an international organisation or an
organ of a state, or a person holding a public office — listed in the gazetteer, or introduced
by the document with an office ("President X", "Iraqi Deputy Prime Minister X", "X, the
foreign minister"). Companies, clubs, private people and parties are not: "Dow Jones and
Telerate began negotiations", "the boy's father arrived in Miami" are no diplomatic events.

The extractor reads once what the document shows of each person (:func:`people_standing`):
an office, a private standing (a company's title, "the boy's father", "a lawyer"), or nothing.
A mention with a private party (a company, a private person), or whose named parties are all
people the text gives no office, is no contact between states and is dropped
(:func:`private_contact`); so is one whose agent is a company the text does not name
(:func:`is_private_agent`) and a meeting with the agent's own people (:func:`meets_own_people`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Span, Token

from ..actors import name_key
from .arguments import unnamed_agents
from .context import Rules
from .descriptions import state_at
from .entities import Arg, to_arg
from .syntax import POSSESSIVE_MARKS
from .triggers import Candidate

OFFICE = "office"
PRIVATE = "private"

# how many tokens before a name its titles are looked for ("U.S. Secretary of State X")
_TITLE_REACH = 8


def people_standing(
    rules: Rules, ents: Iterable[Span], ent_of: Mapping[int, Span]
) -> dict[str, str]:
    """The canonical names of the people and organisations of a document with what the text
    shows them to be (:data:`OFFICE` or :data:`PRIVATE`; an office anywhere in the text wins):
    an organisation the text once names as a company ("Telerate Inc.") is one everywhere."""
    found: dict[str, str] = {}
    for span in ents:
        if span.label_ == "PERSON":
            standing = standing_of(rules, span, ent_of)
        elif span.label_ == "ORG":
            standing = body_standing(rules, span.text)
        else:
            continue
        arg = to_arg(rules, span, place_ok=False, metonymy=False) if standing else None
        if arg is not None and found.get(arg.name) != OFFICE:
            found[arg.name] = standing or PRIVATE
    return found


def standing_of(rules: Rules, span: Span, ent_of: Mapping[int, Span]) -> str | None:
    """What a person's name comes with: an office (listed in the gazetteer, after an office
    title: "Prime Minister X", the title may be inside the name the model found, or in
    apposition to one: "X, the Iraqi foreign minister"), a private standing ("Sun's president
    X", "the boy's father, X"), or None."""
    entry = rules.gazetteer.lookup(span.text)
    if entry is not None and entry.kind == "person":
        return OFFICE
    inside = [t for t in span if name_key(t.text) in rules.gazetteer.titles]
    groups = [[*_title_before(rules, span, ent_of), *inside], _title_after(span)]
    root = span.root
    nouns = [root.head] if root.dep_ == "appos" else []
    nouns += [c for c in root.children if c.dep_ == "appos"]
    groups += [[n, *_modifiers(n)] for n in nouns]
    verdicts = {_title_verdict(rules, words, ent_of) for words in groups if words}
    return OFFICE if OFFICE in verdicts else PRIVATE if PRIVATE in verdicts else None


def _title_before(rules: Rules, span: Span, ent_of: Mapping[int, Span]) -> list[Token]:
    """The words of the title in front of a name, back to the first word that is no title,
    state, organisation or possessive mark ("Iraq's Deputy Prime Minister", "U.N.
    Secretary-General")."""
    doc = span.doc
    onto = rules.ontology
    words: list[Token] = []
    i = span.start - 1
    while i >= max(span.start - _TITLE_REACH, 0):
        token = doc[i]
        lower = token.lower_
        named = ent_of.get(i)
        if named is not None and named.label_ != "PERSON" and named.start < span.start:
            words.extend(reversed(list(named)))
            i = named.start - 1
            continue
        if not (
            name_key(token.text) in rules.gazetteer.titles
            or lower in onto.office_titles
            or lower in onto.private_nouns
            or lower in POSSESSIVE_MARKS
            or lower in ("-", "of")
        ):
            break
        words.append(token)
        i -= 1
    return words


def _title_after(span: Span) -> list[Token]:
    """The words after a comma behind a name, to the next punctuation ("X, Councillor,")."""
    doc = span.doc
    if span.end >= len(doc) - 1 or doc[span.end].text != ",":
        return []
    words: list[Token] = []
    for token in doc[span.end + 1 : span.end + 1 + _TITLE_REACH]:
        if token.is_punct or token.pos_ in ("VERB", "AUX"):
            break
        words.append(token)
    return words


def _modifiers(noun: Token) -> list[Token]:
    """The words qualifying a title noun ("Truman's secretary of state")."""
    return [t for t in noun.subtree if t.i != noun.i]


def _title_verdict(rules: Rules, words: list[Token], ent_of: Mapping[int, Span]) -> str | None:
    """What title words make of a person: an office of government ("Minister", "Ambassador");
    a title that is an office with a state or public body named ("Iraqi spokesman",
    "Secretary of State", "U.N. official"), or, without any organisation named, a title
    companies share ("President X") or two titles ("General Secretary"). A company's title
    ("Sun Microsystems President") or a private noun ("father", "lawyer") makes a private
    person; anything else ("Vice Chairman", "the chairman of the X Council") says nothing."""
    onto = rules.ontology
    lowers = {t.lower_ for t in words} | {p for t in words for p in t.lower_.split("-")}
    bodies = {ent_of[t.i] for t in words if t.i in ent_of and ent_of[t.i].label_ == "ORG"}
    kinds = {body_standing(rules, b.text) for b in bodies}
    public = (
        "state" in lowers
        or OFFICE in kinds
        or any(state_at(rules, t, ent_of) is not None for t in words)
    )
    titles = lowers & (onto.office_titles | onto.shared_titles | onto.public_titles)
    if lowers & onto.office_titles or (public and titles):
        return OFFICE
    if lowers & (onto.private_nouns | onto.company_nouns) or (PRIVATE in kinds and titles):
        return PRIVATE
    if not bodies and (lowers & onto.shared_titles or len(lowers & onto.public_titles) >= 2):
        return OFFICE
    return None


def body_standing(rules: Rules, text: str) -> str | None:
    """What an organisation is: :data:`OFFICE` for a state, an international organisation or
    an organ of a state ("the Foreign Ministry", "the State Department", "Council of State"),
    :data:`PRIVATE` for a company ("Acme Corp.", "Dow Jones & Co."), else None."""
    gazetteer = rules.gazetteer
    entry = gazetteer.lookup(text, metonymy=True)
    if entry is not None:
        return OFFICE if entry.kind in ("state", "org") else None
    words = set(name_key(text).split())
    if gazetteer.is_role_phrase(text) or words & rules.ontology.state_organ_words:
        return OFFICE
    if gazetteer.demonym(text) is not None:
        return OFFICE
    return PRIVATE if words & rules.ontology.company_words else None


def standing(rules: Rules, arg: Arg, people: Mapping[str, str]) -> str | None:
    """What a named actor is: :data:`OFFICE` for a state, a public body or an official,
    :data:`PRIVATE` for a company or a private person, None for an organisation or a person the
    text says nothing of."""
    if arg.office or arg.place or arg.kind not in ("org", "person"):
        return OFFICE
    if arg.kind == "org":
        return body_standing(rules, arg.name) or _by_first_words(arg.name, people)
    entry = rules.gazetteer.lookup(arg.name)
    if (entry is not None and entry.kind == "person") or people.get(arg.name) == OFFICE:
        return OFFICE
    words = name_key(arg.name).split()
    if len(words) == 1:
        # a surname alone stands for the person the document names in full
        same = {v for k, v in people.items() if name_key(k).split()[-1:] == words}
        return OFFICE if OFFICE in same else PRIVATE if PRIVATE in same else None
    return people.get(arg.name)


def _by_first_words(name: str, found: Mapping[str, str]) -> str | None:
    """The standing of the organisation whose fuller name the text gave ("Telerate" after
    "Telerate Inc.")."""
    words = name_key(name).split()
    same = {v for k, v in found.items() if name_key(k).split()[: len(words)] == words}
    return OFFICE if OFFICE in same else PRIVATE if PRIVATE in same else None


def private_contact(
    rules: Rules, args: Iterable[Arg], people: Mapping[str, str], *, visit: bool
) -> bool:
    """Whether a mention's named parties make it no contact between states: one of them is a
    company or a private person, or all are people the text gives no office ("Mr. X and Mr. Y
    are negotiating") — unless it is a visit (``visit``: "a visit by X" tells of X's standing
    where the text gives X no title; "X's meeting with Y" does not)."""
    found = [(a.kind, standing(rules, a, people)) for a in args]
    if any(verdict == PRIVATE for _kind, verdict in found):
        return True
    unknown = all(kind == "person" and verdict is None for kind, verdict in found)
    return bool(found) and unknown and not visit


def is_private_agent(rules: Rules, cand: Candidate) -> bool:
    """An agent that is a company the text does not name ("the company is negotiating with
    the Soviets"): no diplomatic event."""
    agents, _qualified = unnamed_agents(rules, cand)
    companies = rules.ontology.company_nouns
    return any(not a.ent_type_ and a.lemma_.lower() in companies for a in agents)


def meets_own_people(rules: Rules, cand: Candidate) -> bool:
    """Whether a meeting is with the agent's own people ("met with his top aides", "talks with
    their lawyers"): a contact inside one side, not between states."""
    onto = rules.ontology
    partners: list[Token] = []
    for node in cand.argument_nodes:
        for child in node.children:
            if child.dep_ == "dobj" and node.pos_ in ("VERB", "AUX"):
                partners.append(child)
            elif child.dep_ == "prep" and child.lower_ == "with":
                partners.extend(p for p in child.children if p.dep_ == "pobj")
    return any(
        not p.ent_type_
        and p.lemma_.lower() in onto.own_people_nouns
        and any(c.dep_ == "poss" and c.lower_ in onto.possessive_pronouns for c in p.children)
        for p in partners
    )


def is_sports_story(rules: Rules, doc: Doc) -> bool:
    """Whether a document tells of sport: it uses several different words of sport ("league",
    "striker", "semifinal"), so that "Chelsea will host Liverpool" is a fixture."""
    words = {t.lower_ for t in doc} | {t.lemma_.lower() for t in doc}
    return len(words & rules.ontology.sports_words) >= rules.settings.sports_story_words


def other_affair(
    rules: Rules,
    cand: Candidate,
    args: Iterable[Arg],
    people: Mapping[str, str],
    *,
    sports_story: bool = False,
) -> bool:
    """Whether a mention is a sports fixture or a business or legal affair, not a diplomatic
    event: it tells of sport (its sentence or its whole story: "will meet Chelsea in the
    semifinal") and no official takes part, or its sentence of business or a lawsuit ("met
    Yahoo executives to discuss a merger") and no listed state, international organisation or
    official takes part."""
    onto = rules.ontology
    words = {t.lemma_.lower() for t in cand.token.sent} | {t.lower_ for t in cand.token.sent}
    parties = list(args)
    official = any(a.kind == "person" and standing(rules, a, people) == OFFICE for a in parties)
    if sports_story or words & onto.sports_words:
        return not official
    if words & onto.business_words:
        public = any(rules.gazetteer.kind(a.name) in ("state", "org") for a in parties)
        return not (official or public)
    return False
