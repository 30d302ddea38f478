"""Names in a sentence: the model's entities joined with the gazetteer's phrases, and what a
name stands for as an argument of an event (an actor or a place, canonically named)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..actors import Gazetteer, has_nickname, name_key
from .context import Rules
from .syntax import is_possessor

# Entity labels of the model, and the kinds of gazetteer phrases mapped onto them.
PLACE_LABELS = frozenset(["GPE", "LOC", "FAC"])
ACTOR_LABELS = frozenset(["PERSON", "GPE", "NORP", "ORG"])
_KIND_LABEL = {
    "person": "PERSON",
    "state": "GPE",
    "place": "FAC",
    "org": "ORG",
    "media": "MEDIA",
    "demonym": "NORP",
}
_KIND_OF_LABEL = {"PERSON": "person", "GPE": "state", "NORP": "state", "ORG": "org"}
# Which dependents of a nominal argument are searched first for a name inside it.
_INNER_ORDER = {"appos": 0, "compound": 1, "prep": 2, "pobj": 2, "amod": 3, "nmod": 3, "poss": 4}


@dataclass(frozen=True, slots=True)
class Arg:
    """An argument of an event: a canonical name, its kind, and whether it is the place."""

    name: str
    kind: str | None  # person, state, place, org or None (unknown)
    place: bool
    # a person found from an office ("the leader of X"): an actor only while in office
    office: bool = False


_TRAILING = frozenset(["ADP", "CCONJ", "DET", "PART", "PUNCT", "SCONJ"])


def _trimmed(ent: Span) -> Span | None:
    """A model entity without the function words it ran on into ("the Great Hall of the
    People on Thursday": the Hall, not "... on"); None when nothing is left."""
    end = ent.end
    while end > ent.start and ent.doc[end - 1].pos_ in _TRAILING and ent.doc[end - 1].text != ")":
        end -= 1
    if end == ent.end:
        return ent
    return Span(ent.doc, ent.start, end, label=ent.label_) if end > ent.start else None


class EntityFinder:
    """The names of a Doc: the model's entities plus the gazetteer's phrases."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # acronyms match only in capitals: "US" is a state, "us" a pronoun
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_kind: dict[tuple[str, bool], list[str]] = {}
        for phrase, kind in gazetteer.phrases.items():
            acronym = phrase.replace(".", "").isupper() and len(phrase) <= 6
            by_kind.setdefault((kind, acronym), []).append(phrase)
        for (kind, acronym), phrases in sorted(by_kind.items()):
            label = _KIND_LABEL.get(kind, "ORG")
            matcher = self.acronyms if acronym else self.matcher
            # texts spell the apostrophe both ways ("Cote d'Ivoire", "Cote d’Ivoire")
            forms = {*phrases, *(p.replace("'", "\u2019") for p in phrases)}
            matcher.add(label, [nlp.make_doc(p) for p in sorted(forms)])

    def __call__(self, doc: Doc) -> list[Span]:
        """The model's entities plus gazetteer phrases, longest first where they overlap."""
        matches = [*self.matcher(doc), *self.acronyms(doc)]
        known = filter_spans([Span(doc, start, end, label=label) for label, start, end in matches])
        known = [k for k in known if not self._other_person(k)]
        taken = {i for span in known for i in range(span.start, span.end)}
        labels = ACTOR_LABELS | PLACE_LABELS
        model = [
            trimmed
            for e in doc.ents
            if e.label_ in labels and not any(i in taken for i in range(e.start, e.end))
            for trimmed in [_trimmed(e)]
            if trimmed is not None
        ]
        # A known name wins over the model's span around it ("Vladimir Putin Accepts Invite").
        partial = [
            e
            for e in doc.ents
            if e.label_ in labels and any(i in taken for i in range(e.start, e.end))
        ]
        spans = [*known, *model]
        for ent in partial:
            # keep the untouched part of a model entity only if it is a name of its own
            rest = [t for t in ent if t.i not in taken]
            if rest and all(t.pos_ == "PROPN" for t in rest) and len(rest) >= 2:
                spans.append(Span(doc, rest[0].i, rest[-1].i + 1, label=ent.label_))
        return self._people_named_as_orgs(filter_spans(spans))

    def _people_named_as_orgs(self, spans: list[Span]) -> list[Span]:
        """The spans with the names of people the small model called organisations given back
        as people: after an honorific or a title ("Mr. X", "the Chairperson, X,"), with a
        nickname (Joko "Jokowi" Widodo), or part of such a person's name elsewhere in the
        document ("Jokowi")."""
        found = [self._as_person(s) if self._person_cue(s) else s for s in spans]
        people = [name_key(s.text).split() for s in found if s.label_ == "PERSON"]
        return [self._as_person(s) if self._part_of_person(s, people) else s for s in found]

    @staticmethod
    def _as_person(span: Span) -> Span:
        return Span(span.doc, span.start, span.end, label="PERSON")

    def _could_be_person(self, span: Span) -> bool:
        gazetteer = self.gazetteer
        if span.label_ != "ORG" or gazetteer.lookup(span.text) is not None:
            return False
        words = name_key(gazetteer.clean(span.text)).split()
        return bool(words) and not any(
            w in gazetteer.role_words or w in gazetteer.titles for w in words
        )

    def _person_cue(self, span: Span) -> bool:
        if not self._could_be_person(span):
            return False
        gazetteer = self.gazetteer
        before = span.doc[span.start - 1] if span.start else None
        root = span.root
        return (
            (before is not None and name_key(before.text) in gazetteer.honorifics)
            or (root.dep_ == "appos" and root.head.lower_ in gazetteer.description_nouns)
            or has_nickname(span.text)
        )

    def _part_of_person(self, span: Span, people: list[list[str]]) -> bool:
        if not self._could_be_person(span):
            return False
        words = name_key(self.gazetteer.clean(span.text)).split()
        return any(len(p) > len(words) and _has_run(p, words) for p in people)

    def _other_person(self, known: Span) -> bool:
        """Whether a listed one-word name is part of a longer name the model found for someone else
        ("Nawaz Sharif" is not the listed "Shehbaz Sharif", "Wang Yong" not the listed "Wang
        Yi"): the model's name wins."""
        if known.label_ != "PERSON" or len(known) != 1:
            return False  # a full listed name stays ("Vladimir Putin Accepts Invite")
        for ent in known.doc.ents:
            # the small model often calls an unknown full name an organisation
            if ent.label_ not in ("PERSON", "ORG") or len(ent) <= len(known):
                continue
            if not (ent.start <= known.start and known.end <= ent.end):
                continue
            rest = [t for t in ent if not known.start <= t.i < known.end]
            if not all(t.pos_ == "PROPN" and t.lower_ not in self.gazetteer.titles for t in rest):
                return False
            listed = self.gazetteer.lookup(ent.text)
            return listed is None or listed != self.gazetteer.lookup(known.text)
        return False


def is_media(rules: Rules, span: Span) -> bool:
    """A name that is a source, not an actor: a medium, or next to a media word."""
    if span.label_ == "MEDIA" or rules.gazetteer.is_media(span.text):
        return True
    media = rules.ontology.media_words
    doc = span.doc
    window = doc[max(span.start - 3, 0) : span.start]
    if any(t.lower_ in media for t in window):
        return True
    root = span.root
    if root.head.lower_ in media or any(
        c.lower_ in media for c in root.children if c.dep_ in ("compound", "appos")
    ):
        return True
    # "according to X"
    return root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"


def is_companion(rules: Rules, span: Span) -> bool:
    """A person named as an official's companion ("his wife X", "First Lady X"): no party."""
    companions = rules.gazetteer.companions
    root = span.root
    if root.dep_ == "appos" and root.head.lower_ in companions:
        return True
    before = span.doc[max(span.start - 2, 0) : span.start]
    return any(t.lower_ in companions for t in (*before, *span))


def to_arg(rules: Rules, span: Span, *, place_ok: bool, metonymy: bool) -> Arg | None:
    """What a name stands for as an argument; None for media, bare offices and titles,
    peoples that are no state ("Arab") and companions."""
    named = _name_of(rules, span, metonymy=metonymy and not place_ok)
    if named is None:
        return None
    name, kind = named
    label = span.label_
    if kind is None:
        kind = _KIND_OF_LABEL.get(label)
        if label in ("LOC", "FAC"):
            kind = "place"
    if kind == "media" or not name or name.lower() in rules.ontology.official_nouns:
        return None  # "the Government" alone names no one
    is_place = kind == "place" or (kind == "state" and place_ok and label != "NORP")
    if label == "NORP" and kind == "state":
        is_place = False
    if not is_place and kind == "place":
        return None
    return Arg(name, kind, is_place)


def _name_of(rules: Rules, span: Span, *, metonymy: bool) -> tuple[str, str | None] | None:
    """(canonical name, kind or None) of a name that can be an argument, else None: no
    medium, title or office alone, people that are no state, or companion."""
    label = span.label_
    if label == "MEDIA" or is_media(rules, span):
        return None
    name, kind = rules.gazetteer.canonical(span.text, metonymy=metonymy)
    if kind is None:
        name, kind = _unmarked_possessive(rules, span) or (name, kind)
    if kind is None and (label == "NORP" or rules.gazetteer.is_role_phrase(span.text)):
        return None  # "the Chairperson", "Central Committee", "European", "Arab"
    if kind not in (None, "person") or (kind is None and label != "PERSON"):
        return name, kind
    if label == "PERSON" and is_companion(rules, span):
        return None
    titled = titled_name(rules, span)
    fuller = fuller_name(rules, span)
    titled = titled or _titled_form(rules, fuller) or _titled_earlier(rules, span)
    if titled is not None:
        entry = rules.gazetteer.lookup(titled, surnames=False)
        return (entry.name, entry.kind) if entry is not None else (titled, "person")
    if fuller is not None and _not_the_listed(rules.gazetteer, span.text, fuller):
        name = rules.gazetteer.canonical(fuller)[0]
    return name, kind


def _unmarked_possessive(rules: Rules, span: Span) -> tuple[str, str | None] | None:
    """A listed person's name written as a possessive without its apostrophe ("Trumps visit",
    "Putins trip"): the name before a noun it modifies, when the name without its "s" is
    listed and the name with it is not."""
    last = span[-1]
    if not last.text.endswith("s") or last.head.i == last.i or last.head.pos_ != "NOUN":
        return None
    if last.head.i != span.end or last.dep_ not in ("compound", "nmod", "poss", "amod"):
        return None
    entry = rules.gazetteer.lookup(span.text[:-1])
    return (entry.name, entry.kind) if entry is not None and entry.kind == "person" else None


def _titled_earlier(rules: Rules, span: Span) -> str | None:
    """The titled name ("King Hussein") an earlier sentence of the document gives a surname
    that the gazetteer lists for someone else ("Hussein"), else None: the document, not
    today's list, says who the name is."""
    gazetteer = rules.gazetteer
    if len(span) != 1 or gazetteer.lookup(span.text, surnames=False) is not None:
        return None
    if gazetteer.lookup(span.text) is None:
        return None
    word = name_key(span.text)
    for ent in span.doc.ents:
        if ent.start >= span.start:
            break
        titled = titled_name(rules, ent) if ent.label_ == "PERSON" else None
        if titled is not None and name_key(titled).split()[-1] == word:
            return titled
    return None


def _titled_form(rules: Rules, fuller: str | None) -> str | None:
    """A fuller name that is a name with its titles ("King Hussein"), else None."""
    words = name_key(fuller or "").split()
    return fuller if words and words[0] in rules.gazetteer.naming_titles else None


def titled_name(rules: Rules, span: Span) -> str | None:
    """A single name with the titles it is known by, inside its span or just before it ("King
    Hussein", "Crown Prince Hassan"), or None."""
    naming = rules.gazetteer.naming_titles
    inside = [t for t in span if name_key(t.text) in naming]
    rest = [t for t in span if name_key(t.text) not in naming and t.pos_ == "PROPN"]
    if len(rest) != 1 or (inside and inside[-1].i > rest[0].i):
        return None
    titles = list(inside)
    i = span.start - 1
    while not inside and i >= 0 and name_key(span.doc[i].text) in naming:
        titles.insert(0, span.doc[i])
        i -= 1
    if not titles:
        return None
    return " ".join([*(t.text.capitalize() for t in titles), rest[0].text])


def fuller_name(rules: Rules, span: Span) -> str | None:
    """The longer name the document gives nearby (within the title look-back) to a person named
    by part of it ("Tanaka" -> "Kakuei Tanaka", "Li" -> "Li Qiang", "Jokowi" -> "Joko 'Jokowi'
    Widodo"), when it gives exactly one."""
    words = name_key(rules.gazetteer.clean(span.text)).split()
    if not words or len(words) > 2:
        return None
    found: dict[str, str] = {}
    names = list(_names_near(rules, span))
    # someone once named as a companion ("his daughter, X") is not the X of the events
    companions = {name_key(n.text) for n in names if is_companion(rules, n)}
    for name in names:
        text = name.text
        titled = titled_name(rules, name) if len(words) == 1 else None
        if titled is not None and name_key(titled).split()[-1:] == words:
            # "Hussein" after "King Hussein": the king, not a listed Hussein
            found.setdefault(name_key(titled), titled)
            continue
        longer = name_key(rules.gazetteer.clean(text)).split()
        key = name_key(text).split()
        if len(longer) <= len(words) or not _has_run(key, words) or name_key(text) in companions:
            continue
        # the model often calls a full name an organisation: then as its last words only
        if name.label_ == "PERSON" or longer[-len(words) :] == words:
            found.setdefault(" ".join(longer), text)
    return next(iter(found.values())) if len(found) == 1 else None


def _names_near(rules: Rules, span: Span) -> Iterator[Span]:
    """The model's names of people (and of organisations that may be people) within the title
    look-back of a span."""
    doc = span.doc
    reach = rules.settings.title_lookback
    i, end = max(span.start - reach, 0), min(span.end + reach, len(doc))
    while i < end:
        if doc[i].ent_type_ not in ("PERSON", "ORG") or doc[i].ent_iob_ != "B":
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        name = Span(doc, i, j, label=doc[i].ent_type_)
        person_like = all(t.pos_ == "PROPN" or t.lower_ in ("'s", "’s") for t in name)
        if name.label_ == "PERSON" or person_like:
            yield name
        i = j


def _has_run(words: list[str], part: list[str]) -> bool:
    return any(words[k : k + len(part)] == part for k in range(len(words) - len(part) + 1))


def _not_the_listed(gazetteer: Gazetteer, short: str, fuller: str) -> bool:
    """Whether the document's fuller name is someone other than the listed person the short
    one finds ("Sharif" is listed as Shehbaz Sharif; the text names Nawaz Sharif)."""
    listed = gazetteer.lookup(short)
    if listed is None:
        return True
    other = gazetteer.lookup(fuller)
    if other is not None:
        return other != listed
    # "Vladimir Vladimirovich Putin" holds every word of the listed "Vladimir Putin": the same
    return not set(name_key(listed.name).split()) <= set(name_key(fuller).split())


def place_form(gazetteer: Gazetteer, token: Token, ent_of: Mapping[int, Span]) -> Arg:
    """The name at ``token`` read as a place ("Pyongyang hosted ...": the city)."""
    span = ent_of.get(token.i)
    text = span.text if span is not None else token.text
    name, kind = gazetteer.canonical(text, metonymy=False)
    return Arg(name, kind or "place", True)


def office_role(rules: Rules, token: Token) -> str | None:
    """The role of the gazetteer an office noun names ("leader": head of state, "foreign
    minister": foreign minister), if any."""
    onto = rules.ontology
    if token.lower_ in ("minister", "ministers"):
        return next(
            (
                onto.office_modifiers[c.lower_]
                for c in token.children
                if c.lower_ in onto.office_modifiers
            ),
            None,
        )
    return onto.offices.get(token.lower_)


def office_holder(rules: Rules, token: Token, state: Arg) -> Arg:
    """ "the leader of the DPRK" -> its listed head of state; otherwise the state."""
    role = office_role(rules, token)
    if role is None:
        return state
    holder = rules.gazetteer.holder(state.name, role)
    if holder is None:
        return state
    return Arg(holder.name, "person", False, office=True)


def inner_entity(rules: Rules, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
    """An entity inside a nominal argument: "the leader of the DPRK", "our partners in X"."""
    head_nouns = rules.ontology.head_nouns
    # (a plural one too, of states named together: "the Egyptian and Israeli foreign
    # ministers"; "Kenyan police leaders" are not Kenya)
    is_head = token.lower_ in head_nouns or (
        token.lemma_.lower() in head_nouns
        and any(
            c.dep_ == "amod" and any(g.dep_ == "conj" for g in c.children) for c in token.children
        )
    )
    best: Span | None = None
    frontier = [(token, 0)]
    while frontier:
        node, depth = frontier.pop(0)
        for child in sorted(node.children, key=lambda c: _INNER_ORDER.get(c.dep_, 5)):
            if not _searched(child, token, depth, ent_of, head_nouns):
                continue
            span = ent_of.get(child.i)
            if span is not None:
                if span.label_ == "PERSON":
                    return span
                # "the U.S. auto giant", "a Japanese firm": a company of the state, not it
                company = token.lemma_.lower() in rules.ontology.company_nouns
                if (
                    best is None
                    and not (depth == 0 and company)
                    and (child.dep_ != "amod" or is_head or depth > 0)
                ):
                    best = span
            if depth < 3:
                frontier.append((child, depth + 1))
    if best is not None and best.label_ == "NORP" and not is_head:
        return None
    return best


def _searched(
    child: Token, token: Token, depth: int, ent_of: Mapping[int, Span], head_nouns: frozenset[str]
) -> bool:
    """Whether :func:`inner_entity` looks at (and below) a dependent."""
    if is_possessor(child, ent_of) and (token.lower_ not in head_nouns or depth):
        return False  # "X's father" is not X; "X's foreign minister" speaks for X
    if child.dep_ not in ("compound", "appos", "prep", "pobj", "amod", "nmod", "poss"):
        return False
    return not (child.dep_ == "prep" and child.lower_ != "of")
