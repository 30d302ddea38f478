"""The arguments of an event mention from the trigger's syntactic dependents: its agents
(who visits, signs, invites), partners (whom they meet, who is invited), hosts and places,
each resolved to a canonical actor or place (through pronouns, descriptions of officials,
titles, offices and names inside noun phrases); and the roles the mention gives them. A
visit's actors are its visitors: whom they meet, and those at home where it goes, are its
hosts (:attr:`Arguments.met`), the parties of the meeting the text names beside it. Datelines
parsed as subjects, speakers of reporting verbs and organisations where a meeting is held are
no parties."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .context import Rules
from .descriptions import described_person, description_state, is_description
from .discourse import antecedent, named_person, state_antecedent, titled_antecedent
from .entities import Arg, inner_entity, office_holder, place_form, to_arg
from .syntax import SUBJECT_DEPS, agent_objects, conjuncts, sent_start, subject
from .triggers import Candidate, trigger_type

_MODIFIER_LABELS = ("GPE", "NORP", "PERSON", "ORG")
_DATELINE_MARKS = frozenset(["—", "–", "--", ":", "-"])
_PLURAL_PRONOUNS = frozenset(["they", "them"])


@dataclass
class Arguments:
    """The arguments of one mention, in the order they were found."""

    agents: list[Arg] = field(default_factory=list)
    partners: list[Arg] = field(default_factory=list)
    places: list[Arg] = field(default_factory=list)
    hosts: list[Arg] = field(default_factory=list)
    # whom the visitors of a visit meet or are hosted by: a role of the visit, not an actor
    # (they are the parties of the meeting or talks the text names beside it)
    met: list[Arg] = field(default_factory=list)


def span_for(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
    """The name an argument token stands for: its own, its antecedent's, or one inside it."""
    span = ent_of.get(token.i)
    if span is not None and rules.gazetteer.is_role_phrase(span.text):
        span = None  # "the Chairperson" taken for a name: read as the description it is
    if span is None and token.lower_ in rules.ontology.third_person_pronouns:
        span = antecedent(rules, token, ent_of)
    if span is None:
        span = state_antecedent(rules, token, ent_of)
    if span is None:
        span = inner_entity(rules, token, ent_of)
    if (span is None or span.label_ != "PERSON") and is_description(rules, token):
        # "the Ukrainian president": the person of that state the text names, unless the
        # phrase names one itself ("his Iranian counterpart, X")
        span = described_person(rules, token, ent_of) or span
    if span is None and (
        token.lower_ in rules.ontology.title_nouns
        or token.lower_ in rules.gazetteer.description_nouns
    ):
        span = titled_antecedent(rules, token, ent_of)
    return span


def plural_antecedent(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> list[Span]:
    """ "they" after two or more people named earlier in its sentence ("X's first meeting with
    Y since they met in Bali"): those people; none otherwise."""
    doc = token.doc
    people: dict[str, Span] = {}
    i = token.i - 1
    start = sent_start(doc, token.i)
    while i >= start:
        span = named_person(rules, doc, i, ent_of)
        if span is not None:
            people.setdefault(span[-1].lower_, span)
            i = span.start
        i -= 1
    return list(reversed(people.values())) if len(people) >= 2 else []


def _spans_of(rules: Rules, node: Token, ent_of: Mapping[int, Span]) -> list[Span]:
    """The names one argument token stands for: "they" for the people before it, a name inside
    it with the names conjoined to that one ("the ministers of Japan and Brazil")."""
    if node.lower_ in _PLURAL_PRONOUNS:
        return plural_antecedent(rules, node, ent_of)
    span = span_for(rules, node, ent_of)
    if span is None:
        return []
    spans = [span]
    if not span.start <= node.i < span.end:
        spans.extend(ent_of[o.i] for o in conjuncts(span.root) if o.i in ent_of)
    return spans


def resolve(
    rules: Rules, token: Token, ent_of: Mapping[int, Span], *, place_ok: bool, metonymy: bool
) -> list[Arg]:
    """The named actors or places an argument token stands for (with its conjuncts)."""
    spans = [s for node in [token, *conjuncts(token)] for s in _spans_of(rules, node, ent_of)]
    args: list[Arg] = []
    for span in dict.fromkeys(spans):
        arg = to_arg(rules, span, place_ok=place_ok, metonymy=metonymy)
        if arg is not None and arg.kind == "state" and not arg.place:
            # the listed holder may be out of date: keep the state beside the person
            holder = office_holder(rules, token, arg)
            if holder != arg and holder not in args:
                args.append(holder)
        if arg is not None and arg not in args:
            args.append(arg)
    return args


def _actors(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> list[Arg]:
    """The actors (not places) a subject, possessor or guest stands for."""
    return [a for a in resolve(rules, token, ent_of, place_ok=False, metonymy=True) if not a.place]


def _places(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> list[Arg]:
    """The places an object of "in", "at" or "where" stands for."""
    return [a for a in resolve(rules, token, ent_of, place_ok=True, metonymy=False) if a.place]


def resolve_one(
    rules: Rules, token: Token, ent_of: Mapping[int, Span], *, place_ok: bool, metonymy: bool
) -> Arg | None:
    """The actor or place one token stands for (without its conjuncts)."""
    span = span_for(rules, token, ent_of)
    if span is None:
        return None
    return to_arg(rules, span, place_ok=place_ok, metonymy=metonymy)


def gathering_subject(rules: Rules, noun: Token) -> Token | None:
    """The subject of the verb a trigger noun is the purpose or venue of ("for a summit"), or
    that sets out on it ("X embarked on a visit", "X is on a tour")."""
    head = noun.head
    # "on" only for setting out on a journey: who comments on a visit is not on it
    onto = rules.ontology
    kind = onto.nouns.get(noun.lemma_.lower())
    journey = kind in onto.place_types and head.head.lemma_.lower() in onto.setting_out_verbs
    preps = set(rules.ontology.gathering_preps)
    if not journey:
        preps.discard("on")
    # "During the summit, X and Y agreed": they take part (not "during Z's visit, X ...")
    if any(c.dep_ == "poss" for c in noun.children):
        preps.discard("during")
    if noun.dep_ == "pobj" and head.lower_ in preps and head.head.pos_ in ("VERB", "AUX"):
        if head.head.lemma_.lower() in rules.ontology.host_verbs:
            return None  # "X hosted Y for a state visit": X hosts, Y came
        found = subject(head.head) or next(
            (c for c in head.head.children if c.dep_ == "nsubjpass"), None
        )
        return None if found is None else behind_dateline(rules, found)
    return None


def arguments(rules: Rules, cand: Candidate, ent_of: Mapping[int, Span]) -> Arguments:
    """The agents, partners, places and hosts of a mention."""
    found = Arguments()
    for node in cand.argument_nodes:
        if node.pos_ in ("VERB", "AUX"):
            _verb_arguments(rules, cand, node, ent_of, found)
        else:
            _noun_arguments(rules, cand, node, ent_of, found)
    # an actor is on one side: "X phoned Y to invite him" does not make X invite X
    agent_names = {a.name for a in found.agents}
    found.partners = [p for p in found.partners if p.name not in agent_names]
    found.hosts = [h for h in found.hosts if h.name not in agent_names]
    if cand.type == "visit":
        _visitors_only(rules, cand, found)
    return found


def _visitors_only(rules: Rules, cand: Candidate, found: Arguments) -> None:
    """A visit's actors are its visitors: whom they meet or are hosted by (unless a hosting
    verb carries it) and those at home where it takes place go to the host role; a visit of
    people to their own country ("X visits X") is no visit."""
    if found.agents and not _hosting(rules, cand):
        found.met = [*found.hosts, *found.partners]
        found.hosts, found.partners = [], []
    gazetteer = rules.gazetteer
    # "Modi's India visit": the visitor's own state goes with him, not beside him
    people = [a for a in found.agents if a.kind == "person" and not a.office]
    found.agents = [
        a
        for a in found.agents
        if a.kind != "state" or not any(a.name in gazetteer.affiliation(p.name) for p in people)
    ]
    # the states the visit goes to: a state, or the country of a city or site
    home = {
        state
        for p in found.places
        for state in gazetteer.affiliation(p.name)
        if state != p.name or p.kind == "state"
    }
    if not home or not found.agents:
        return
    guests = [a for a in found.agents if not gazetteer.affiliation(a.name) & home]
    if not guests and not found.hosts and not found.partners:
        found.agents, found.places = [], []
    elif guests:
        found.met.extend(a for a in found.agents if a not in guests)
        found.agents = guests


def behind_dateline(rules: Rules, subj: Token) -> Token | None:
    """The subject a dateline parsed as one with it hides ("PARIS, May 3 -- The minister
    arrived": the minister), None when the dateline is all of it; other subjects unchanged."""
    if subj.ent_type_ not in ("GPE", "LOC", "FAC", "ORG"):
        return subj  # a dateline is a place or an agency
    doc = subj.doc
    start = sent_start(doc, subj.i)
    limit = min(start + rules.settings.dateline_max_offset + 3, len(doc))
    mark = next((t for t in doc[start:limit] if t.text in _DATELINE_MARKS), None)
    if mark is None or subj.i > mark.i:
        return subj
    after = [t for t in subj.subtree if t.i > mark.i]
    heads = [t for t in after if t.head.i <= mark.i]
    return heads[0] if heads else None


def _party_subject(rules: Rules, node: Token, subj: Token | None) -> Token | None:
    """The subject of a trigger's verb that can be a party: not a dateline, not the speaker of
    a reporting verb above the trigger ("..., spokesperson X said")."""
    if subj is not None:
        subj = behind_dateline(rules, subj)
    if subj is None or subj.head is node:
        return subj
    return None if subj.head.lemma_.lower() in rules.ontology.report_verbs else subj


def _hosting(rules: Rules, cand: Candidate) -> bool:
    """Whether a hosting verb carries the mention ("X received Y"): its host is a party."""
    anchor = cand.anchor
    return cand.host or (anchor is not None and anchor.lemma_.lower() in rules.ontology.host_verbs)


def _verb_arguments(
    rules: Rules, cand: Candidate, node: Token, ent_of: Mapping[int, Span], found: Arguments
) -> None:
    """The subject, objects, prepositions and "where" clause of a trigger or anchor verb."""
    onto = rules.ontology
    host_verb = node.lemma_.lower() in onto.host_verbs
    subj = subject(node)
    passive_guests = [c for c in node.children if c.dep_ == "nsubjpass"]
    if host_verb and passive_guests:
        # "X was received by Y": X is the visitor, the agent Y the host
        for guest in passive_guests:
            found.agents.extend(_actors(rules, guest, ent_of))
        subj = next(iter(agent_objects(node)), None)
    own = {n.i for n in cand.nodes}
    subj = _party_subject(rules, node, subj)
    if subj is not None and subj.i not in own:
        _subject_arguments(rules, cand, node, subj, ent_of, found)
    for child in node.children:
        if child.dep_ in ("dobj", "dative") and child.i not in own:
            _object_arguments(rules, cand, child, ent_of, found, host_verb, bool(passive_guests))
    _prepositions(rules, cand, node, ent_of, found)
    # "the city where they met": the relative clause's head is the place
    if node.dep_ == "relcl" and any(
        c.dep_ == "advmod" and c.lower_ == "where" for c in node.children
    ):
        head = node.head
        if head.i not in ent_of and head.dep_ == "appos":
            head = head.head
        place = resolve_one(rules, head, ent_of, place_ok=True, metonymy=False)
        if place is not None and place.place:
            found.places.append(place)


def _subject_arguments(
    rules: Rules,
    cand: Candidate,
    node: Token,
    subj: Token,
    ent_of: Mapping[int, Span],
    found: Arguments,
) -> None:
    """A verb's subject: the host of a hosting verb, the invited of "accept", else an agent."""
    onto = rules.ontology
    host_verb = node.lemma_.lower() in onto.host_verbs
    accepting = node is cand.anchor and node.lemma_.lower() in onto.accept_verbs
    for arg in resolve(rules, subj, ent_of, place_ok=False, metonymy=True):
        if host_verb:
            found.hosts.append(arg)
            if arg.kind == "state" and subj.i in ent_of:
                # "Pyongyang hosted the meeting": the city is also the place
                # (not "Egypt's president received ...": a person hosts)
                found.places.append(place_form(rules.gazetteer, subj, ent_of))
        elif accepting:
            found.partners.append(arg)  # who accepts an invitation is invited
        elif not arg.place:
            found.agents.append(arg)  # "the Gulf country forged ties": a region is no party


def _object_arguments(
    rules: Rules,
    cand: Candidate,
    child: Token,
    ent_of: Mapping[int, Span],
    found: Arguments,
    host_verb: bool,
    passive: bool,
) -> None:
    """A verb's object: a visit's destination, a hosting verb's guest, else a partner."""
    visit_like = cand.type == "visit" and not host_verb
    for arg in resolve(rules, child, ent_of, place_ok=visit_like, metonymy=not visit_like):
        if arg.place:
            found.places.append(arg)
        elif host_verb and passive:
            found.hosts.append(arg)  # a misparsed passive: "was received by ... Y"
        elif host_verb:
            found.agents.append(arg)  # "X received Y": Y is the visitor
        else:
            found.partners.append(arg)
    # "visited a plant in X"
    for grand in child.children:
        if grand.dep_ == "prep" and grand.lower_ in ("in", "at", "near"):
            for obj in grand.children:
                if obj.dep_ == "pobj":
                    found.places.extend(_places(rules, obj, ent_of))


def _noun_arguments(
    rules: Rules, cand: Candidate, node: Token, ent_of: Mapping[int, Span], found: Arguments
) -> None:
    """A trigger noun's possessor, name modifiers and prepositions, and who gathered for it."""
    # a summit folded into a meeting held at it ("met on the sidelines of the X Summit"): its
    # organisation is where they met, not a party of the meeting
    folded = trigger_type(rules, node) if node is not cand.token else None
    venue = folded is not None and folded[0] == "summit" and cand.type != "summit"
    for child in node.children:
        if child.dep_ == "poss":
            found.agents.extend(_actors(rules, child, ent_of))
        elif child.dep_ in ("compound", "amod", "nmod"):
            modifier = ent_of.get(child.i)
            if modifier is not None and modifier.label_ in _MODIFIER_LABELS:
                # "Kim's Russia tour": the destination of a visit; "the Madrid summit": the
                # city where it meets ("the Russia-Africa summit": its parties)
                as_place = modifier.label_ == "GPE" and (
                    cand.type == "visit"
                    or (
                        cand.type in rules.ontology.venue_types
                        and rules.gazetteer.kind(modifier.text) != "state"
                    )
                )
                arg = resolve_one(rules, child, ent_of, place_ok=as_place, metonymy=not as_place)
                if arg is not None and not (venue and arg.kind == "org"):
                    (found.places if arg.place else found.partners).append(arg)
    _prepositions(rules, cand, node, ent_of, found)
    if node.dep_ in SUBJECT_DEPS and node.head.pos_ in ("VERB", "AUX"):
        _prepositions(rules, cand, node.head, ent_of, found)
    # "leaders gathered for a summit", "X arrived for talks": who came takes part
    gatherer = gathering_subject(rules, node)
    if gatherer is not None and cand.type == "invitation":
        # "X will visit at the invitation of Y": X is invited
        found.partners.extend(_actors(rules, gatherer, ent_of))
    elif gatherer is not None:
        found.agents.extend(_actors(rules, gatherer, ent_of))


def _prepositions(
    rules: Rules,
    cand: Candidate,
    node: Token,
    ent_of: Mapping[int, Span],
    found: Arguments,
    depth: int = 0,
) -> None:
    """The places and parties of a node's prepositional phrases ("in X", "with Y", "by Z")."""
    onto = rules.ontology
    for child in node.children:
        if not (child.dep_ == "prep" or (child.dep_ == "agent" and child.lower_ == "by")):
            continue
        prep = child.lower_
        for obj in (p for p in child.children if p.dep_ == "pobj"):
            if depth == 0 and obj.ent_type_ in ("DATE", "TIME"):
                # "a tour on Wednesday of the X": a phrase misattached to the date
                _prepositions(rules, cand, obj, ent_of, found, depth + 1)
            elif prep in onto.place_preps or prep in onto.goal_verbs.get(node.lemma_.lower(), ()):
                # ("left for X": the goal of a verb of going)
                _add_place(rules, cand, obj, ent_of, found)
            elif prep in onto.partner_preps:
                for arg in resolve(rules, obj, ent_of, place_ok=False, metonymy=True):
                    _add_partner(rules, cand, node, prep, arg, found)
            elif depth == 0 and prep in ("for", "during") and trigger_type(rules, obj) is not None:
                _prepositions(rules, cand, obj, ent_of, found, depth + 1)


def _add_place(
    rules: Rules, cand: Candidate, obj: Token, ent_of: Mapping[int, Span], found: Arguments
) -> None:
    """The object of a place preposition ("in X", "at Y"): a place, or a party met there."""
    if obj.lower_ == "capital":
        # "in Iran's capital", "in the Chilean capital": the listed capital of that state
        state = description_state(rules, obj, ent_of)
        capital = None if state is None else rules.gazetteer.capital(state)
        if capital is not None:
            found.places.append(Arg(capital, "place", True))
            return
    for arg in resolve(rules, obj, ent_of, place_ok=True, metonymy=False):
        if arg.place:
            found.places.append(arg)
        elif arg.kind != "org" or cand.type == "summit":
            # "met at the G20": the organisation is where they met, no party
            found.partners.append(arg)


def _add_partner(
    rules: Rules, cand: Candidate, node: Token, prep: str, arg: Arg, found: Arguments
) -> None:
    """Where the object of a partner preposition ("with", "of", "by", "from") belongs."""
    if prep == "of" and arg.place:
        found.places.append(arg)
    elif prep == "by" and node.lemma_.lower() in rules.ontology.host_verbs:
        found.hosts.append(arg)  # "received by Y"
    elif prep == "by" or (prep == "of" and cand.type == "visit" and node.pos_ != "VERB"):
        found.agents.append(arg)
    elif prep in ("from", "of") and cand.type == "invitation" and node.pos_ != "VERB":
        found.agents.append(arg)  # "an invitation from Y", "at the invitation of Y": Y invites
    else:
        found.partners.append(arg)


def is_official(rules: Rules, cand: Candidate) -> bool:
    """An unnamed agent that is an official ("the co-chairs met"), a speaker's pronoun
    ("your visit"), or a trigger qualified as diplomatic ("a state visit")."""
    onto = rules.ontology
    agents, qualified = unnamed_agents(rules, cand)
    return qualified or any(
        a.lower_ in onto.speaker_pronouns
        or a.lower_ in onto.official_nouns
        or a.lemma_.lower() in onto.official_nouns
        for a in agents
    )


def unnamed_agents(rules: Rules, cand: Candidate) -> tuple[list[Token], bool]:
    """The words that stand for a mention's agents (subjects, possessors, "of"/"by" objects),
    and whether a modifier qualifies the trigger as diplomatic ("a state visit")."""
    onto = rules.ontology
    agents: list[Token] = []
    qualified = False
    for node in cand.argument_nodes:
        if node.pos_ in ("VERB", "AUX"):
            subj = subject(node)
            if subj is not None:
                agents.append(subj)
            continue
        gatherer = gathering_subject(rules, node)
        if gatherer is not None:
            agents.append(gatherer)
        for child in node.children:
            if child.dep_ == "poss":
                agents.append(child)
            elif child.dep_ in ("amod", "compound") and child.lower_ in onto.diplomatic_modifiers:
                qualified = True
            elif child.dep_ == "prep" and child.lower_ in ("of", "by", "between"):
                agents.extend(p for p in child.children if p.dep_ == "pobj")
    return agents, qualified


def roles(cand: Candidate, found: Arguments) -> tuple[tuple[str, str], ...]:
    """(role, actor) pairs: visitor and host, inviter and invitee, or participants."""
    pairs: list[tuple[str, str]] = []
    if cand.type == "visit":
        pairs += [("visitor", a.name) for a in found.agents]
        pairs += [("host", a.name) for a in (*found.hosts, *found.partners, *found.met)]
    elif cand.type == "invitation":
        pairs += [("inviter", a.name) for a in found.agents]
        pairs += [("invitee", a.name) for a in found.partners]
    else:
        pairs += [("participant", a.name) for a in (*found.agents, *found.hosts, *found.partners)]
    return tuple(dict.fromkeys(pairs))


def best_place(places: list[Arg]) -> str | None:
    """The most specific place: a city or facility before a state."""
    if not places:
        return None
    specific = [p for p in places if p.kind != "state"]
    return (specific or places)[0].name
