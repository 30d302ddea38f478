"""The status of an event mention from its clause: occurred, planned or proposed, or no event
at all when negated, hypothetical, conditional, cancelled or denied; and the tense of a verb,
which the dating of a mention reads."""

from __future__ import annotations

from spacy.tokens import Token

from .ontology import Ontology
from .syntax import SUBJECT_DEPS, root_of
from .triggers import Candidate


def clause_verb(cand: Candidate) -> Token:
    """The verb whose tense and modals apply to the trigger."""
    if cand.token.pos_ == "VERB":
        return cand.token
    if cand.anchor is not None:
        return cand.anchor
    node = cand.token
    # a trigger noun as subject or object of a verb takes that verb's clause
    if node.dep_ in SUBJECT_DEPS | {"dobj", "attr", "pobj"}:
        head = node.head
        if head.pos_ == "ADP":
            head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return node


def status(onto: Ontology, cand: Candidate, clause: Token) -> str | None:
    """occurred, planned or proposed; None when negated, hypothetical or denied."""
    chain = _verb_chain(clause)
    if any(_verb_blocks(onto, chain, depth) for depth in range(len(chain))):
        return None
    found = "occurred"
    for depth in range(len(chain)):
        found = _verb_status(onto, chain, depth, found)
    if _called_off(onto, cand, clause) or _iterated(onto, cand, clause):
        return None
    settled = _noun_status(onto, cand, clause, found)
    if settled is None or _denied(onto, cand):
        return None
    return settled


def _iterated(onto: Ontology, cand: Candidate, clause: Token) -> bool:
    """Events counted, not told ("have met four times since 2019", "met repeatedly"): no one
    event to date."""
    words = onto.iteration_words
    for node in {clause, *cand.nodes}:
        for child in node.children:
            if child.lower_ in words:
                return True
            if child.lemma_.lower() == "time" and child.tag_ == "NNS":
                # "four times", "several times" (not "for the first time")
                counts = onto.iteration_counts
                if any(c.dep_ == "nummod" or c.lower_ in counts for c in child.children):
                    return True
    return False


def _verb_chain(clause: Token) -> list[Token]:
    """The clause's verb and up to three verbs governing it through a complement, an adverbial
    clause or a conjunction ("would like to visit", "offered to visit")."""
    node: Token | None = clause
    chain: list[Token] = []
    while node is not None and len(chain) < 4:
        chain.append(node)
        if node.dep_ in ("xcomp", "ccomp", "advcl", "conj") and node.head.i != node.i:
            node = node.head
        else:
            node = None
    return chain


def _aux_words(verb: Token) -> set[str]:
    """The lemmas and words of a verb's auxiliaries."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return {c.lemma_.lower() for c in aux} | {c.lower_ for c in aux}


def _verb_blocks(onto: Ontology, chain: list[Token], depth: int) -> bool:
    """Whether the verb at ``depth`` of the chain makes the event no event: negated,
    hypothetical, hedged, conditional, or denied."""
    verb = chain[depth]
    children = list(verb.children)
    # a governing verb's negation and modals reach the trigger only through xcomp
    # ("would like to visit"), not through a reported clause ("can we say that ...")
    if depth == 0 or chain[depth - 1].dep_ == "xcomp":
        if any(c.dep_ == "neg" for c in children):
            return True
        if _aux_words(verb) & onto.hypothetical_aux and not _reported_future(onto, chain, depth):
            return True
        if any(c.dep_ == "advmod" and c.lower_ in onto.hedges for c in children):
            return True
    if depth == 0 and any(
        c.dep_ == "mark" and c.lower_ in onto.conditional_marks for c in children
    ):
        return True
    # the consequent of a condition: "if X visits, he will meet Y" (not a fact in the simple
    # past: "if there was any doubt, he followed it up with a meeting")
    if tense(verb) != "past" and any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in onto.conditional_marks for m in c.children)
        for c in children
    ):
        return True
    return verb.lemma_.lower() in onto.denial_lemmas and depth > 0


def _reported_future(onto: Ontology, chain: list[Token], depth: int) -> bool:
    """ "would" of a clause reported in the past ("he said the minister would visit X"): the
    future of the report, not a hypothesis."""
    verb = chain[depth]
    if not {"would"} & _aux_words(verb) or any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in onto.conditional_marks for m in c.children)
        for c in verb.children
    ):
        return False
    node = verb
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head  # "would meet and have talks"
    head = node.head
    return (
        node.dep_ == "ccomp"
        and head.lemma_.lower() in onto.report_verbs
        and tense(head) in ("past", "pluperfect", "perfect")
    )


def _verb_status(onto: Ontology, chain: list[Token], depth: int, found: str) -> str:
    """The status after reading the verb at ``depth`` of the chain: its future auxiliary (or a
    reported "would"), "going to", or a governing verb of proposing or planning. A clause in
    the past tense ("although X visited Y in July") is not made future by the verb above."""
    verb = chain[depth]
    children = list(verb.children)
    if depth > 0 and tense(chain[0]) in ("past", "pluperfect"):
        return found
    if _aux_words(verb) & onto.future_aux or _reported_future(onto, chain, depth):
        found = "planned"
    if any(c.lower_ == "going" for c in children) or (
        verb.lower_ == "going" and any(c.lower_ == "to" for c in verb.children)
    ):
        found = "planned"
    # "offered to visit" proposes; "offered that X was planning to visit" reports; "sought
    # to end the war, meeting X in May": a participle beside the plan happened
    beside = any(v.dep_ == "advcl" and v.tag_ == "VBG" for v in chain[:depth])
    if depth > 0 and chain[depth - 1].dep_ in ("xcomp", "conj", "advcl") and not beside:
        lemma = verb.lemma_.lower()
        if lemma in onto.proposal_verbs:
            found = "proposed"
        elif lemma in onto.planning_verbs and found == "occurred":
            found = "planned"
    return found


def _called_off(onto: Ontology, cand: Candidate, clause: Token) -> bool:
    """ "cancelled his visit", "the summit was postponed", "talks were cut off", "no agreement
    was reached"."""
    token = cand.token
    head = token.head
    lemma = head.lemma_.lower()
    particles = onto.cancel_particles.get(lemma, frozenset())
    if token.dep_ in ("dobj", "nsubjpass", "nsubj") and (
        lemma in onto.cancel_verbs
        or any(c.dep_ == "prt" and c.lower_ in particles for c in head.children)
    ):
        return True
    # "no date was set for a meeting", "no agreement was reached"
    return clause.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass")
        and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in clause.children
    )


def _noun_status(onto: Ontology, cand: Candidate, clause: Token, found: str) -> str | None:
    """The status after reading the nouns above and on the trigger: "no plans to visit",
    "plans for a summit", "a summit scheduled for May", "the upcoming summit"."""
    for ancestor in cand.token.ancestors:
        if ancestor.i == clause.i or ancestor.pos_ in ("VERB", "AUX"):
            break
        if ancestor.pos_ in ("NOUN", "PROPN"):
            if any(
                c.dep_ in ("neg", "det") and c.lower_ in ("no", "never", "not")
                for c in ancestor.children
            ):
                return None
            if ancestor.lemma_.lower() in onto.planning_verbs and found == "occurred":
                found = "planned"
    if any(c.dep_ in ("neg", "det") and c.lower_ == "no" for c in cand.token.children):
        return None
    # "a summit scheduled for May", "talks planned in Geneva"
    if any(
        node.dep_ == "acl" and node.lemma_.lower() in onto.planning_verbs for node, _ in cand.folded
    ):
        found = "planned"
    # "proposed a summit", "called for a meeting", "urged talks": asked for, not held
    if proposed_object(onto, cand.token):
        found = "proposed"
    # a noun trigger: "the upcoming summit", "a possible visit"
    if any(
        child.dep_ in ("amod", "compound", "advmod") and child.lower_ in onto.planned_modifiers
        for child in cand.token.children
    ):
        found = "planned"
    return found


def proposed_object(onto: Ontology, token: Token) -> bool:
    """A trigger noun that a verb of proposing asks for: its object ("proposed a summit",
    "urged talks") or the object of its "for" ("called for a meeting")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "for":
        head = head.head
    elif token.dep_ != "dobj":
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in onto.proposal_verbs


def _denied(onto: Ontology, cand: Candidate) -> bool:
    """A verdict on it: "reports that X will visit are complete nonsense", "denied that"."""
    for ancestor in [*cand.token.ancestors, root_of(cand.token)]:
        if ancestor.lemma_.lower() in onto.denial_lemmas:
            return True
        if any(
            c.lemma_.lower() in onto.denial_lemmas
            for c in ancestor.children
            if c.dep_ in ("attr", "acomp")
        ):
            return True
    return False


def tense(verb: Token) -> str | None:
    """progressive, present, perfect, pluperfect, past, future or None for a verb token."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_lemmas = {a.lemma_.lower() for a in aux}
    if verb.tag_ == "VBG" and "be" in aux_lemmas:
        be = [a for a in aux if a.lemma_.lower() == "be"]
        return "past" if be[0].tag_ == "VBD" else "progressive"
    if verb.tag_ == "VBN" and "have" in aux_lemmas:
        have = [a for a in aux if a.lemma_.lower() == "have"]
        return "pluperfect" if have[0].tag_ == "VBD" else "perfect"
    if verb.tag_ == "VBN" and aux:
        return _passive_tense(aux, aux_lemmas)
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ == "VB":
        return "future" if aux_lemmas & {"will", "shall"} else None
    return None


def _passive_tense(aux: list[Token], aux_lemmas: set[str]) -> str:
    """The tense of a passive without "have": "was signed" past, "is signed" present (the
    narrative present of a chronicle), "will be signed" future."""
    if any(a.tag_ == "VBD" for a in aux):
        return "past"
    if aux_lemmas & {"will", "shall"}:
        return "future"
    if any(a.tag_ in ("VBZ", "VBP") for a in aux):
        return "present"
    return "perfect"
