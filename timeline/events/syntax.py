"""Reading the dependency parse: subjects, conjuncts, clause heads and objects of a token.

Helpers of every rule of the events stage; they know dependency labels, not the ontology.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

# Dependencies that end a clause: a date below one of these belongs to that clause's verb.
CLAUSE_DEPS = frozenset(["advcl", "relcl", "ccomp", "csubj", "acl", "parataxis", "pcomp"])
SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass", "csubj", "expl"])


def conjuncts(token: Token) -> list[Token]:
    """The tokens conjoined to a token ("X, Y and Z"), breadth first."""
    found = []
    stack = [c for c in token.children if c.dep_ == "conj"] or _split_conjunct(token)
    while stack:
        node = stack.pop(0)
        found.append(node)
        stack.extend(c for c in node.children if c.dep_ == "conj")
    return found


def _split_conjunct(token: Token) -> list[Token]:
    """The other half of a coordination the parser split into two dependents of one head
    ("X and Y signed" read as two subjects): a dependent of the same relation joined to this
    one by a "cc" of the first."""
    head = token.head
    if head.i == token.i:
        return []
    found = []
    for other in head.children:
        if other.i == token.i or other.dep_ != token.dep_:
            continue
        first, second = (token, other) if token.i < other.i else (other, token)
        if any(c.dep_ == "cc" and c.i + 1 == second.left_edge.i for c in first.children):
            found.append(other)
    return found


def sent_start(doc: Doc, i: int) -> int:
    """The index of the first token of the sentence of ``doc[i]``."""
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def root_of(token: Token) -> Token:
    """The root of a token's tree."""
    root = token
    while root.head.i != root.i:
        root = root.head
    return root


def clause_head(token: Token) -> Token:
    """The verb heading the clause of a token (the root when none is crossed)."""
    node = token
    while node.head.i != node.i:
        if node.pos_ in ("VERB", "AUX") and node.dep_ in CLAUSE_DEPS:
            return node
        node = node.head
    return node


def of_object(token: Token) -> Token | None:
    """The object of a noun's "of" ("the anniversary of X", "75 years of X")."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def since_object(token: Token) -> Token | None:
    """The object of the "since" after a count ("10 years since his visit"), on the count or,
    as the parser often has it, on the verb the count is the object of."""
    doc = token.doc
    after = next((t for t in doc[token.right_edge.i + 1 : token.sent.end] if not t.is_space), None)
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "since"]
    if after is not None and after.lower_ == "since" and after.head in (token, token.head):
        preps.append(after)
    for prep in preps:
        found = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if found is not None:
            return found
    return None


def agent_objects(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" ("was received by Y")."""
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


def subject(verb: Token) -> Token | None:
    """The subject of a verb, following xcomp/conj/acl chains when it has none."""
    node = verb
    for _ in range(4):
        deps = ("nsubj", "csubj") if node is verb else ("nsubj", "csubj", "nsubjpass")
        subjects = [c for c in node.children if c.dep_ in deps]
        if subjects:
            # "TOKYO (Kyodo) - Minister X held talks": the subject nearest the verb
            found = min(subjects, key=lambda c: abs(c.i - node.i))
            if found.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                return node.head
            return found
        agents = agent_objects(node)
        if agents:
            return agents[0]
        step = _subject_step(node)
        if not isinstance(step, tuple):
            return step
        node = step[0]
    return None


def _subject_step(node: Token) -> tuple[Token] | Token | None:
    """Where the subject of a verb without one is: ``(verb,)`` to look on next, or the subject
    itself (the object of "invite X to visit", the noun a participle describes), or None."""
    head = node.head
    if node.dep_ == "acomp" and head.i != node.i:
        return (head,)  # "X and Y were due to meet": "due" has the subject of "were"
    if node.dep_ in ("xcomp", "advcl", "conj", "ccomp") and head.i != node.i:
        if node.dep_ == "xcomp":
            # the object of "invite X to visit" is the subject of "visit"
            objects = [c for c in head.children if c.dep_ == "dobj"]
            if objects:
                return objects[0]
        return (head,)
    if node.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        # "After meeting X, Y said": the subject of the clause the phrase modifies
        return (head.head,)
    if node.dep_ in ("acl", "relcl"):
        if head.dep_ in ("attr", "appos") and head.head.pos_ in ("VERB", "AUX"):
            return (head.head,)
        return head
    return None


# The possessive endings as the tokenizer splits them ("X's", "the leaders'").
POSSESSIVE_MARKS = frozenset(["'s", "’s", "'", "’"])


def is_possessor(token: Token, ent_of: Mapping[int, Span]) -> bool:
    """A possessor ("X's father"): a ``poss`` token or a name followed by 's."""
    if token.dep_ == "poss":
        return True
    span = ent_of.get(token.i)
    if span is None:
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return span[-1].lower_ in POSSESSIVE_MARKS or (
        after is not None and after.lower_ in ("'s", "’s")
    )


def sentence_bounds(sent: Span, doc_text: str) -> tuple[int, int, str]:
    """(start, end, text) of a sentence without the line breaks around it:
    ``doc_text[start:end] == text`` (Span.text would rebuild it from the tokens)."""
    raw = doc_text[sent.start_char : sent.end_char]
    text = raw.strip()
    start = sent.start_char + len(raw) - len(raw.lstrip())
    return start, start + len(text), text
