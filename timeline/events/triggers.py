"""Triggers: the words of a sentence that name an event of the ontology, typed, anchored on
the light or hosting verb that carries them, filtered, and folded so that the words describing
one event make one :class:`Candidate` (which the extractor turns into a mention)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .context import Rules
from .ontology import Ontology, family
from .syntax import SUBJECT_DEPS, conjuncts, subject

# entity labels of the names that can be parties to an event
PARTY_LABELS = frozenset(["PERSON", "GPE", "NORP", "ORG"])


@dataclass
class Candidate:
    """A trigger and what was folded into it while reading one sentence."""

    token: Token
    type: str
    host: bool = False  # trigger is a hosting verb: its subject is the host
    anchor: Token | None = None  # light or hosting verb carrying a noun trigger
    folded: list[tuple[Token, str]] = field(default_factory=list)

    @property
    def nodes(self) -> list[Token]:
        nodes = [self.token, *(t for t, _ in self.folded)]
        if self.anchor is not None:
            nodes.append(self.anchor)
        return nodes

    @property
    def argument_nodes(self) -> list[Token]:
        """The nodes whose arguments are this event's: not an invited visit's destination."""
        nodes = [self.token, *(t for t, kind in self.folded if family(kind) == family(self.type))]
        if self.anchor is not None:
            nodes.append(self.anchor)
        return nodes


def trigger_type(rules: Rules, token: Token) -> tuple[str, bool] | None:
    """(event type, whether a hosting verb) of a trigger word, None for other words."""
    if token.lemma not in rules.trigger_ids and token.norm not in rules.trigger_ids:
        return None
    if token.pos_ == "VERB":
        return _verb_type(rules.ontology, token)
    if token.pos_ in ("NOUN", "PROPN"):
        return _noun_type(rules.ontology, token)
    return None


def _verb_type(onto: Ontology, token: Token) -> tuple[str, bool] | None:
    lemma = token.lemma_.lower()
    particle = onto.particles.get(lemma)
    if particle is not None and not any(
        c.dep_ == "prt" and c.lower_ == particle for c in token.children
    ):
        return None
    if lemma in onto.paired_verbs and not _two_parties(onto, token):
        return None
    if lemma in onto.party_object_verbs and any(
        c.dep_ == "dobj" and not _party_like(onto, c) for c in token.children
    ):
        return None
    if lemma in onto.verbs:
        kind = onto.verbs[lemma]
        wanted = onto.qualifiers.get(kind)
        if wanted and lemma not in wanted and not _qualified(token, wanted):
            return None
        return kind, False
    if lemma in onto.host_verbs:
        return onto.host_verbs[lemma], True
    return None


def _two_parties(onto: Ontology, verb: Token) -> bool:
    """Two parties to a verb: a subject with a conjunct ("X and Y discussed"), a collective
    subject ("the two leaders discussed"), or a named partner ("X discussed Z with Y")."""
    subj = subject(verb)
    if subj is not None and (
        (
            subj.ent_type_ in PARTY_LABELS
            and any(c.ent_type_ in PARTY_LABELS for c in conjuncts(subj))
        )
        or (subj.lower_ in onto.collective_nouns and subj.tag_ == "NNS")
    ):
        return True
    # the partner's phrase, on the verb or on its object ("discussed trade with Y"; not "the
    # relationship between X and Y", the topic)
    phrases = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("with", "between")]
    phrases += [
        p
        for c in verb.children
        if c.dep_ == "dobj"
        for p in c.children
        if p.dep_ == "prep" and p.lower_ == "with"
    ]
    return any(
        g.dep_ == "pobj" and (g.ent_type_ in PARTY_LABELS or g.lower_ in onto.head_nouns)
        for p in phrases
        for g in p.children
    )


def _party_like(onto: Ontology, token: Token) -> bool:
    """A word that can name a party: a name, a pronoun, an office or its holders, or people
    of one of these ("members of the delegation")."""
    if token.ent_type_ in PARTY_LABELS or token.pos_ in ("PRON", "PROPN"):
        return True
    words = onto.official_nouns | onto.head_nouns | onto.collective_nouns
    if token.lower_ in words or token.lemma_.lower() in words:
        return True
    return any(
        p.dep_ == "prep" and p.lower_ == "of" and any(_party_like(onto, g) for g in p.children)
        for p in token.children
    )


def _noun_type(onto: Ontology, token: Token) -> tuple[str, bool] | None:
    noun_kind = onto.nouns.get(token.lower_) or onto.nouns.get(token.lemma_.lower())
    if noun_kind is None:
        return None
    if token.lower_ in onto.light_nouns and not (
        token.dep_ == "dobj" and token.head.lemma_.lower() in onto.light_verbs
    ):
        return None
    wanted_modifiers = onto.noun_modifiers.get(token.lower_)
    if wanted_modifiers is not None and not any(
        c.dep_ in ("amod", "compound") and c.lower_ in wanted_modifiers for c in token.children
    ):
        return None
    modifiers = {w for c in token.children for w in (c.lower_, c.lemma_.lower())}
    wanted = onto.qualifiers.get(noun_kind)
    if wanted and modifiers.isdisjoint(wanted) and not _qualified(token, wanted):
        return None
    # "telephone talks", "a video meeting": the qualifier's type (a call), not the noun's
    for kind, words in sorted(onto.qualifiers.items()):
        if kind != noun_kind and not modifiers.isdisjoint(words):
            return kind, False
    return noun_kind, False


def candidates(rules: Rules, sent: Span) -> list[Candidate]:
    """The events of a sentence, one candidate per event, in text order."""
    onto = rules.ontology
    found: dict[int, Candidate] = {}
    for token in sent:
        typed = trigger_type(rules, token)
        if typed is None:
            continue
        kind, host = typed
        cand = Candidate(token, kind, host=host)
        if token.pos_ != "VERB":
            _anchor_noun(onto, cand)
        found[token.i] = cand
    _drop_idle_hosts(rules, found)
    _drop_unanchored_nouns(onto, found)
    _drop_incomplete_verbs(onto, found)
    return _fold(rules, found)


def _anchor_noun(onto: Ontology, cand: Candidate) -> None:
    """The light verb carrying a trigger noun, and the participles describing it."""
    token, kind = cand.token, cand.type
    if kind in onto.anchors:
        cand.anchor = _relative_clause_anchor(onto.anchors[kind], token)
    if cand.anchor is None:
        cand.anchor = _carrying_verb(onto, kind, token)
    if cand.anchor is not None:
        # "signed a communique": the type the carrying verb gives the noun
        cand.type = onto.retypes.get(kind, {}).get(cand.anchor.lemma_.lower(), kind)
    # "the summit, held in Astana on 4 July": the participle's place and date
    participle_lemmas = onto.light_verbs | onto.occurrence_verbs | onto.planning_verbs
    for child in token.children:
        if (
            child.dep_ == "acl"
            and child.pos_ == "VERB"
            and child.lemma_.lower() in participle_lemmas
        ):
            cand.folded.append((child, kind))


def _carrying_verb(onto: Ontology, kind: str, token: Token) -> Token | None:
    """The light verb whose object the noun is ("held talks"), or the occurrence verb whose
    subject it is ("the call took place")."""
    # "the document, the Declaration of X, was signed": the apposition's role
    role = token.head if token.dep_ == "appos" else token
    head = role.head
    if role.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
        light = onto.anchors.get(kind, onto.light_verbs | onto.host_verbs.keys())
        return head if head.lemma_.lower() in light else None
    if role.dep_ == "nsubj" and head.lemma_.lower() in onto.occurrence_verbs:
        return head  # "the call took place on Thursday", "talks began in May"
    return None


def _relative_clause_anchor(anchors: frozenset[str], token: Token) -> Token | None:
    """An anchor verb in a relative clause on the noun ("the partnership that was established
    in 2013", "the deal, which X finalized"); the parser may hang the clause on the noun's
    last name ("the pact with X, which ...")."""
    nearby = [token, *(g for c in token.children if c.dep_ == "prep" for g in c.children)]
    return next((c for n in nearby for c in n.children if _relative_anchor(anchors, c)), None)


def _relative_anchor(anchors: frozenset[str], clause: Token) -> bool:
    """A relative clause whose verb is an anchor with the noun as its object ("that was
    established", "which X finalized"), not one with an object of its own."""
    return (
        clause.dep_ == "relcl"
        and clause.lemma_.lower() in anchors
        and not any(c.dep_ == "dobj" and c.tag_ not in ("WDT", "WP") for c in clause.children)
        and any(c.dep_ in ("nsubjpass", "dobj", "nsubj") for c in clause.children)
    )


def is_prior(onto: Ontology, cand: Candidate) -> bool:
    """An event that comes before the one its sentence dates: an invitation accepted ("accepted
    the invitation on Thursday") or the cause of a visit ("will be in X from May 4 at the
    invitation of Y")."""
    anchor = cand.anchor
    if anchor is not None and anchor.lemma_.lower() in onto.accept_verbs:
        return True
    token = cand.token
    return (
        cand.type == "invitation" and token.dep_ == "pobj" and token.head.lower_ in onto.cause_preps
    )


def _drop_idle_hosts(rules: Rules, found: dict[int, Candidate]) -> None:
    """A hosting verb whose object is a trigger noun ("hosted the meeting") is that noun's
    anchor; one whose object is a person hosts a visit; otherwise it is no event."""
    head_nouns = rules.ontology.head_nouns
    for i, cand in list(found.items()):
        if not cand.host:
            continue
        # the guest: the object, or the subject of a passive ("X was received by Y"), or the
        # name in apposition to it ("received the adviser, Y")
        objects = [c for c in cand.token.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [a for o in objects for a in o.children if a.dep_ == "appos"]
        if (
            not objects
            or any(o.i in found for o in objects)
            or not any(
                o.ent_type_ in ("PERSON", "GPE", "NORP", "ORG")
                or o.pos_ in ("PRON", "PROPN")
                or o.lower_ in head_nouns  # "hosted his counterpart", "received the envoy"
                for o in objects
            )
        ):
            del found[i]
        elif objects and all(
            o.ent_type_ == "ORG" or rules.gazetteer.kind(o.text) == "org" for o in objects
        ):
            cand.type = "meeting"  # "Japan hosts the G7": a gathering, not a visit


def _drop_unanchored_nouns(onto: Ontology, found: dict[int, Candidate]) -> None:
    """Nouns of types that need a verb ("the treaty") are events only with an anchor, under
    a trigger verb, or dated with a party of their own ("Israel's peace deal with Egypt in
    1979")."""
    for i, cand in list(found.items()):
        if (
            cand.type in onto.needs_verb
            and cand.token.pos_ != "VERB"
            and cand.anchor is None
            and not (cand.token.head.i in found and cand.token.head.pos_ == "VERB")
            and not dated_with_party(onto, cand.token)
            and not any(
                d.i in found and d.pos_ == "VERB" and d.dep_ in ("relcl", "acl", "ccomp")
                for c in cand.token.children
                for d in (c, *c.children)
            )
        ):
            del found[i]


def dated_with_party(onto: Ontology, noun: Token) -> bool:
    """A noun that carries its own date and names a party ("the 1994 Israel-Jordan treaty",
    "a deal with Egypt in 1979"), itself or through the act it is the object of ("the signing
    in 1987 of the treaty by X"); not a relation noun ("relations in 2019")."""
    if noun.lower_ in onto.anniversary.relation_nouns:
        return False
    nodes = [noun]
    head = noun.head
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in (onto.anniversary.act_nouns)
    ):
        nodes.append(head.head)  # "the signing of the treaty"
    return any(_own_date(onto, n) for n in nodes) and any(_own_party(n) for n in nodes)


def _own_date(onto: Ontology, noun: Token) -> bool:
    """A date modifying a noun: "the 1978 accords", "the deal in 1979"."""
    for child in noun.children:
        if child.dep_ in ("nummod", "compound", "amod", "npadvmod") and child.ent_type_ == "DATE":
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ not in onto.bound_preps
            and any(g.dep_ == "pobj" and g.ent_type_ == "DATE" for g in child.children)
        ):
            return True
    return False


def _own_party(noun: Token) -> bool:
    """A party named on a noun: a possessor, a name modifying it, or "with"/"between" X."""
    for child in noun.children:
        if child.dep_ == "poss" and child.ent_type_ in PARTY_LABELS:
            return True
        if child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ in PARTY_LABELS:
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ in ("with", "between", "among", "by")
            and any(g.dep_ == "pobj" and g.ent_type_ in PARTY_LABELS for g in child.children)
        ):
            return True
    return False


def _drop_incomplete_verbs(onto: Ontology, found: dict[int, Candidate]) -> None:
    """Verbs without what their type needs: a motion verb without goal or date, "sign"
    without an agreement noun, "invite" to something that is no event."""
    for i, cand in list(found.items()):
        token = cand.token
        if token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        wanted = onto.objects.get(cand.type)
        if (
            (lemma in onto.weak_verbs and not _has_goal_or_date(token))
            or (lemma in onto.goal_verbs and not _has_goal(token, onto.goal_verbs[lemma]))
            or (
                wanted is not None
                and not any(
                    c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in wanted
                    for c in token.children
                )
            )
            or (cand.type in onto.needs_noun and not _has_noun(token, found, cand.type))
            or (
                cand.type in onto.needs_event_complement
                and any(
                    c.dep_ in ("xcomp", "ccomp", "advcl")
                    and c.pos_ in ("VERB", "AUX")
                    and c.i not in found
                    # "invited X to attend a summit"
                    and not any(g.i in found for g in c.children if g.dep_ == "dobj")
                    for c in token.children
                )
            )
        ):
            del found[i]


def _fold(rules: Rules, found: Mapping[int, Candidate]) -> list[Candidate]:
    """Fold triggers that describe one event: a trigger inside another's argument structure
    of the same family, or the complement of an invitation."""
    ordered = sorted(found.values(), key=lambda c: c.token.i)
    folded: set[int] = set()
    for cand in ordered:
        parent = _folding_parent(rules, cand, found)
        if parent is not None and parent.token.i not in folded:
            parent.folded.append((cand.token, cand.type))
            folded.add(cand.token.i)
    return [c for c in ordered if c.token.i not in folded]


def _folding_parent(
    rules: Rules, cand: Candidate, found: Mapping[int, Candidate]
) -> Candidate | None:
    token = cand.token
    # "visited X in 2000, meeting with Y": a participle clause beside a trigger of its family
    if token.tag_ == "VBG" and token.dep_ == "advcl":
        for sibling in token.head.children:
            other = found.get(sibling.i)
            if (
                other is not None
                and sibling.i < token.i
                and family(other.type) == family(cand.type)
            ):
                return other
    steps = 0
    node = token
    crossed = False  # passed a clause boundary: only the same type may absorb it
    while node.head.i != node.i and steps < 4:
        dep = node.dep_
        node = node.head
        steps += 1
        if node.dep_ == "prep" and node.lower_ in rules.ontology.bound_preps:
            return None  # "since his meeting with X": an earlier, other event
        parent = found.get(node.i)
        if parent is None:
            if dep in ("ccomp", "relcl", "parataxis") or node.pos_ == "AUX":
                crossed = True
            continue
        return _absorbing(rules.ontology, cand, parent, dep, crossed=crossed)
    return None


def _absorbing(
    onto: Ontology, cand: Candidate, parent: Candidate, dep: str, *, crossed: bool
) -> Candidate | None:
    """``parent`` if the trigger above ``cand`` (reached through ``dep``) absorbs it."""
    if crossed:
        # "the agreement, which I think was signed": the verb is the noun's event
        return parent if parent.type == cand.type and dep in ("relcl", "acl") else None
    if parent.type == "invitation" and cand.type != "invitation":
        # "accepted the invitation for a trip to X in May": the trip is an event of its own
        accepted = parent.anchor is not None and parent.anchor.lemma_.lower() in onto.accept_verbs
        return None if accepted else parent
    if family(parent.type) == family(cand.type):
        # "X will go and Y will fly", "will fly to X on May 1 and visit Y on May 3":
        # conjoined clauses with their own subjects, or each with its own date, are two
        if dep == "conj" and (
            any(c.dep_ in SUBJECT_DEPS for c in cand.token.children)
            or (_dated(cand.token) and _dated(parent.token))
        ):
            return None
        return parent
    return None


def _dated(token: Token) -> bool:
    """A trigger with a date of its own among its dependents ("on May 1", "from May 3 to 5",
    "the 1985 summit") or those of a participle describing it ("the summit, held in May")."""
    nodes = [token, *(c for c in token.children if c.dep_ == "acl" and c.pos_ == "VERB")]
    for node in nodes:
        for child in node.children:
            if child.dep_ in ("npadvmod", "tmod", "nummod") and child.ent_type_ == "DATE":
                return True
            if child.dep_ == "prep" and any(
                g.dep_ == "pobj" and g.ent_type_ == "DATE" for g in child.children
            ):
                return True
    return False


def _qualified(verb: Token, wanted: frozenset[str]) -> bool:
    """ "spoke by phone", "talked over the telephone", "spoke telephonically"."""
    for child in verb.children:
        if child.lower_ in wanted:
            return True
        # ("by phone" is often parsed as a passive's agent)
        if child.dep_ in ("prep", "agent") and any(
            t.lower_ in wanted or t.lemma_.lower() in wanted for t in child.subtree
        ):
            return True
    return False


def _has_noun(verb: Token, found: Mapping[int, Candidate], kind: str) -> bool:
    """A verb such as "sign" with a noun of its type as object, or as the noun it qualifies."""
    nouns = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    nouns += [a for n in nouns for a in n.children if a.dep_ == "appos"]
    node = verb
    # "the treaty that X signed", "the agreement, which I think was signed"
    for _ in range(2):
        if node.dep_ in ("relcl", "acl"):
            nouns.append(node.head)
            break
        if node.dep_ == "ccomp":
            node = node.head
            continue
        break
    return any(n.i in found and found[n.i].type == kind for n in nouns)


_PLACE_LABELS = frozenset(["GPE", "LOC", "FAC"])


def _has_goal(verb: Token, ways: frozenset[str]) -> bool:
    """A verb with a place it goes to, named as ``ways`` says: by one of these prepositions
    ("came to X", "left for X") or as its "object" ("reached X"); a verb with another object
    goes nowhere ("left the meeting", "stopped gas deliveries in X")."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects:
        return "object" in ways and any(o.ent_type_ in _PLACE_LABELS for o in objects)
    return any(
        child.dep_ == "prep"
        and child.lower_ in ways
        and any(o.dep_ == "pobj" and o.ent_type_ in _PLACE_LABELS for o in child.children)
        for child in verb.children
    )


def _has_goal_or_date(verb: Token) -> bool:
    """A motion verb with a destination ("fly to X") or a date ("go in October")."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "into", "in", "for", "on"):
            for obj in child.children:
                if obj.dep_ == "pobj" and (
                    obj.ent_type_ in ("GPE", "LOC", "FAC", "DATE") or obj.pos_ == "PROPN"
                ):
                    return True
        if child.dep_ in ("npadvmod", "advmod") and child.ent_type_ == "DATE":
            return True
    return False
