"""Event mentions: who met whom, where and when, read from the dependency parse.

The ``timeline_events`` component runs after ``timeline_timex``. For every sentence it finds
trigger words of the ontology in ``data/events.yaml`` (verbs such as *visit*, *meet*, *sign*;
nouns such as *visit*, *talks*, *treaty*, carried by light verbs such as *pay* or *hold*), folds
the triggers that describe one event into one mention, decides its status from modals,
negation and governing verbs (planned, proposed, occurred; hypothetical, negated and denied
mentions are dropped), takes its actors and place from the trigger's syntactic arguments
(normalised with the gazetteer of :mod:`timeline.actors`) and its date from the temporal
expression that governs it, else a free one of the sentence, else the document date and the
verb's tense. It writes ``doc._.timeline_mentions`` (list of :class:`Mention`), which the merge
reads.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .actors import Gazetteer, load_gazetteer
from .dates import parse_when
from .errors import DataFileError
from .model import Mention, TimeExpr
from .resources import data_dir, load_data
from .timex import _number, lexicon

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
# Dependencies that end a clause: a date below one of these belongs to that clause's verb.
CLAUSE_DEPS = frozenset(["advcl", "relcl", "ccomp", "csubj", "acl", "parataxis", "pcomp"])
SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass", "csubj", "expl"])
REPORT_VERBS = frozenset(
    ["say", "confirm", "report", "announce", "tell", "note", "add", "state", "claim", "write",
     "insist", "explain", "warn", "narrate", "reveal", "stress", "emphasize", "emphasise"]
)  # fmt: skip
PEOPLE_NOUNS = frozenset(["leaders", "presidents", "ministers", "heads", "delegations"])
# "the two leaders" are heads of state or government when the text has named two of them.
LEADER_NOUNS = frozenset(["leaders", "presidents", "heads"])
LEADER_ROLES = ("head of state", "head of government")
STATE_NOUNS = frozenset(["countries", "nations", "states", "governments", "allies", "neighbours"])
# How many sentences a dated event stays the reference time of the simple-past narrative.
NARRATIVE_SPAN = 5
# How many sentences after an event dated by its age a definite "that agreement" dated only
# by tense is taken to be that event.
AGE_ANAPHOR_SPAN = 2
# An event dated by its age without named parties is between the document's two main states,
# when each is named this often and the second this many times as often as any third.
MAIN_PAIR_MIN = 3
MAIN_PAIR_RATIO = 2
# Types whose place is the goal of their noun ("his visit to Tokyo").
PLACE_TYPES = frozenset(["visit"])
ANAPHORIC_DETERMINERS = frozenset(
    ["the", "this", "that", "these", "those", "our", "their", "its", "your", "my"]
)
SPEAKER_PRONOUNS = frozenset(["i", "we", "you", "my", "our", "your", "us", "me"])
PRONOUNS_3RD = frozenset(["he", "she", "him", "her", "his"])
PRESENT_ADVERBS = frozenset(["currently", "now", "today", "presently"])
# Title nouns that refer back to the person last introduced with them ("the crown prince").
TITLE_NOUNS = frozenset(
    ["prince", "president", "minister", "chancellor", "premier", "king", "queen", "emperor",
     "pope", "secretary", "envoy", "ambassador", "chairman", "leader", "sultan", "emir"]
)  # fmt: skip
TITLE_LOOKBACK = 400  # tokens
DASHES = frozenset(["-", "–", "—", "--"])
# Words naming a position: "the leader of X" stands for X when no person is named.
HEAD_NOUNS = frozenset(
    ["leader", "president", "minister", "head", "chairman", "premier", "government",
     "delegation", "king", "emperor", "chancellor", "side", "representative", "official",
     "officials", "authorities", "leadership", "ruler", "dictator", "counterpart",
     "counterparts", "envoy", "ambassador", "spokesman", "spokeswoman", "spokesperson"]
)  # fmt: skip


# Offices named by a head noun (and a modifier): "the leader of X", "X's foreign minister".
OFFICES = {
    "leader": "head of state",
    "president": "head of state",
    "king": "head of state",
    "emperor": "head of state",
    "premier": "head of government",
    "chancellor": "head of government",
}
OFFICE_MODIFIERS = {"prime": "head of government", "foreign": "foreign minister"}


@dataclass(frozen=True, slots=True)
class AnniversaryRules:
    """The ``anniversary`` section of ``data/events.yaml``: how an event's age dates it."""

    nouns: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    duration_types: frozenset[str] = frozenset()
    age_verbs: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    act_nouns: frozenset[str] = frozenset()
    relation_nouns: frozenset[str] = frozenset()
    relation_modifiers: frozenset[str] = frozenset()
    relation_type: str | None = None
    count_nouns: Mapping[str, int] = field(default_factory=dict)
    count_words: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Any, path: Path, types: frozenset[str]) -> AnniversaryRules:
        if not isinstance(data, Mapping):
            raise DataFileError(path, "anniversary", "expected a mapping")

        def words(key: str) -> frozenset[str]:
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise DataFileError(path, f"anniversary.{key}", "expected a list of words")
            return frozenset(v.lower() for v in value)

        def counts(key: str) -> dict[str, int]:
            value = data.get(key) or {}
            if not isinstance(value, Mapping) or not all(
                isinstance(v, int) and v > 0 for v in value.values()
            ):
                raise DataFileError(
                    path, f"anniversary.{key}", "expected a mapping of words to positive numbers"
                )
            return {str(k).lower(): int(v) for k, v in value.items()}

        relation_type = data.get("relation_type")
        for key, named in (("types", words("types")), ("duration_types", words("duration_types"))):
            unknown = sorted(named - types)
            if unknown:
                raise DataFileError(path, f"anniversary.{key}", f"unknown type {unknown[0]!r}")
        if relation_type is not None and relation_type not in types:
            raise DataFileError(
                path, "anniversary.relation_type", f"unknown type {relation_type!r}"
            )
        return cls(
            nouns=words("nouns"),
            units=words("units"),
            duration_types=words("duration_types"),
            age_verbs=words("age_verbs"),
            types=words("types"),
            act_nouns=words("act_nouns"),
            relation_nouns=words("relation_nouns"),
            relation_modifiers=words("relation_modifiers"),
            relation_type=None if relation_type is None else str(relation_type),
            count_nouns=counts("count_nouns"),
            count_words=counts("count_words"),
        )


@dataclass(frozen=True, slots=True)
class Ontology:
    """The event types and modality lexicons of ``data/events.yaml``, validated once."""

    verbs: Mapping[str, str]
    nouns: Mapping[str, str]
    host_verbs: Mapping[str, str]
    cameo: Mapping[str, str | None]
    host_cameo: Mapping[str, str]
    qualifiers: Mapping[str, frozenset[str]]
    needs_verb: frozenset[str]
    needs_noun: frozenset[str]
    needs_event_complement: frozenset[str]
    weak_verbs: frozenset[str]
    anchors: Mapping[str, frozenset[str]]
    anaphoric: frozenset[str]
    accept_verbs: frozenset[str]
    collective_nouns: frozenset[str]
    bound_preps: frozenset[str]
    hedges: frozenset[str]
    occurrence_verbs: frozenset[str]
    cancel_verbs: frozenset[str]
    official_nouns: frozenset[str]
    diplomatic_modifiers: frozenset[str]
    light_verbs: frozenset[str]
    planning_verbs: frozenset[str]
    proposal_verbs: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    planned_modifiers: frozenset[str]
    conditional_marks: frozenset[str]
    denial_lemmas: frozenset[str]
    place_preps: frozenset[str]
    partner_preps: frozenset[str]
    media_words: frozenset[str]
    anniversary: AnniversaryRules = field(default_factory=lambda: AnniversaryRules())

    @classmethod
    def from_data(cls, data: Any) -> Ontology:
        path = data_dir() / "events.yaml"
        if not isinstance(data, Mapping) or not isinstance(data.get("types"), Mapping):
            raise DataFileError(path, "types", "expected a mapping of event types")
        verbs: dict[str, str] = {}
        nouns: dict[str, str] = {}
        host_verbs: dict[str, str] = {}
        cameo: dict[str, str | None] = {}
        host_cameo: dict[str, str] = {}
        qualifiers: dict[str, frozenset[str]] = {}
        needs_verb = set()
        needs_noun = set()
        needs_complement = set()
        weak_verbs: set[str] = set()
        anchors: dict[str, frozenset[str]] = {}
        anaphoric: set[str] = set()
        types = frozenset(str(k) for k in data["types"])
        for kind, spec in data["types"].items():
            if not isinstance(spec, Mapping):
                raise DataFileError(path, f"types.{kind}", "expected a mapping")
            for key in ("verbs", "nouns", "host_verbs", "qualifiers"):
                if not isinstance(spec.get(key) or [], list):
                    raise DataFileError(path, f"types.{kind}.{key}", "expected a list")
            for lemma in spec.get("verbs") or ():
                verbs.setdefault(str(lemma).lower(), kind)
            for lemma in spec.get("nouns") or ():
                nouns.setdefault(str(lemma).lower(), kind)
            for lemma in spec.get("host_verbs") or ():
                host_verbs.setdefault(str(lemma).lower(), kind)
            cameo[kind] = None if spec.get("cameo") is None else str(spec["cameo"])
            if spec.get("host_cameo"):
                host_cameo[kind] = str(spec["host_cameo"])
            if spec.get("qualifiers"):
                qualifiers[kind] = frozenset(str(q).lower() for q in spec["qualifiers"])
            if spec.get("needs_verb"):
                needs_verb.add(kind)
            if spec.get("needs_noun"):
                needs_noun.add(kind)
            if spec.get("needs_event_complement"):
                needs_complement.add(kind)
            weak_verbs.update(str(v).lower() for v in spec.get("weak_verbs") or ())
            if spec.get("anaphoric"):
                anaphoric.add(kind)
            if spec.get("anchors"):
                anchors[kind] = frozenset(str(v).lower() for v in spec["anchors"])

        def words(key: str) -> frozenset[str]:
            value = data.get(key) or []
            if not isinstance(value, list):
                raise DataFileError(path, key, "expected a list of words")
            for item in value:
                if not isinstance(item, str):
                    # YAML reads a bare on, no, yes or false as a boolean
                    raise DataFileError(path, key, f'{item!r} is not a word; quote it: "{item}"')
            return frozenset(v.lower() for v in value)

        return cls(
            verbs=verbs,
            nouns=nouns,
            host_verbs=host_verbs,
            cameo=cameo,
            host_cameo=host_cameo,
            qualifiers=qualifiers,
            needs_verb=frozenset(needs_verb),
            needs_noun=frozenset(needs_noun),
            needs_event_complement=frozenset(needs_complement),
            weak_verbs=frozenset(weak_verbs),
            anchors=anchors,
            anaphoric=frozenset(anaphoric),
            accept_verbs=words("accept_verbs"),
            collective_nouns=words("collective_nouns"),
            bound_preps=words("bound_preps"),
            hedges=words("hedges"),
            occurrence_verbs=words("occurrence_verbs"),
            cancel_verbs=words("cancel_verbs"),
            official_nouns=words("official_nouns"),
            diplomatic_modifiers=words("diplomatic_modifiers"),
            light_verbs=words("light_verbs"),
            planning_verbs=words("planning_verbs"),
            proposal_verbs=words("proposal_verbs"),
            future_aux=words("future_aux"),
            hypothetical_aux=words("hypothetical_aux"),
            planned_modifiers=words("planned_modifiers"),
            conditional_marks=words("conditional_marks"),
            denial_lemmas=words("denial_lemmas"),
            place_preps=words("place_preps"),
            partner_preps=words("partner_preps"),
            media_words=words("media_words"),
            anniversary=AnniversaryRules.from_data(data.get("anniversary") or {}, path, types),
        )


@dataclass
class _Candidate:
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
        nodes = [self.token, *(t for t, kind in self.folded if _family(kind) == _family(self.type))]
        if self.anchor is not None:
            nodes.append(self.anchor)
        return nodes


@dataclass(frozen=True, slots=True)
class _Anniversary:
    """An event a sentence dates by its age."""

    cue: Token  # "anniversary", "years", "turns"
    nodes: tuple[Token, ...]  # the words naming the event, its trigger last
    type: str
    date: str  # the year, YYYY
    date_text: str
    reference: str | None = None  # the text of the date it is counted from


@dataclass(frozen=True, slots=True)
class _Arg:
    name: str
    kind: str | None  # person, state, place, org or None (unknown)
    place: bool


class EventExtractor:
    """The ``timeline_events`` component (stateless after construction)."""

    def __init__(self, nlp: Language, ontology: Ontology, gazetteer: Gazetteer) -> None:
        self.ontology = ontology
        self.gazetteer = gazetteer
        # string ids of every trigger word: a cheap first test for each token
        words = {*ontology.verbs, *ontology.nouns, *ontology.host_verbs}
        self._trigger_ids = frozenset(nlp.vocab.strings.add(w) for w in words)
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
            matcher.add(label, [nlp.make_doc(p) for p in sorted(phrases)])

    # -- the component -----------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        # without sentence boundaries (no parser or senter) there is nothing to read
        has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        doc._.timeline_mentions = list(self.mentions(doc)) if has_sents and len(doc) else []
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def mentions(self, doc: Doc) -> Iterator[Mention]:
        """The event mentions of a Doc, in text order."""
        ents = self._entities(doc)
        ent_of: dict[int, Span] = {}
        for span in ents:
            for i in range(span.start, span.end):
                ent_of[i] = span
        timexes = [t for t in (doc._.timeline_timexes or ()) if t.type in ("DATE", "TIME")]
        # each sentence looks up only its own timexes (by start, in their original order)
        by_start = sorted(range(len(timexes)), key=lambda i: timexes[i].start)
        starts = [timexes[i].start for i in by_start]
        dct = doc._.timeline_dct
        doc_text = doc.text  # Doc.text joins every token: read it once
        parties: dict[str, tuple[str, ...]] = {}  # last named parties per anaphoric type
        pair: tuple[str, ...] = ()  # the last two or more parties named: "the two sides"
        people: tuple[str, ...] = ()  # the last two or more people named: "the two ministers"
        leaders: tuple[str, ...] = ()  # the last two or more heads of state or government
        # narrative reference time: the last day an event of the text was explicitly dated
        reference: tuple[int, str, str | None] | None = None
        # (sentence index, mention, whether a definite noun of an anaphoric type names it)
        found_mentions: list[tuple[int, Mention, bool]] = []
        ages: list[tuple[int, Span, _Anniversary]] = []  # events dated by their age
        for sent_index, sent in enumerate(doc.sents):
            if reference is not None and sent_index - reference[0] > NARRATIVE_SPAN:
                reference = None
            candidates = self._candidates(sent)
            sent_timexes: list[tuple[TimeExpr, Span]] = []
            first = bisect_left(starts, sent.start_char)
            last = bisect_left(starts, sent.end_char, first)
            for timex in (timexes[i] for i in sorted(by_start[first:last])):
                tspan = doc.char_span(timex.start, timex.end, alignment_mode="expand")
                if tspan is not None:
                    sent_timexes.append((timex, tspan))
            for found in self._anniversaries(sent, sent_timexes, dct, doc):
                ages.append((sent_index, sent, found))
            if not candidates:
                continue
            governed = self._govern(sent_timexes, candidates)
            for index, cand in enumerate(candidates):
                fallback = parties.get(cand.type, ()) if self._is_anaphor(cand) else ()
                collective = None if fallback else self._collective(cand)
                if collective is not None:
                    named = pair
                    if collective in PEOPLE_NOUNS and people:
                        named = leaders if collective in LEADER_NOUNS and leaders else people
                    fallback = self._parties_as(named, collective)
                mention = self._mention(
                    doc,
                    sent,
                    cand,
                    index,
                    ent_of,
                    governed,
                    dct,
                    fallback,
                    None if reference is None else reference[1:],
                    doc_text,
                )
                if mention is None:
                    continue
                if mention.type in self.ontology.anaphoric:
                    parties[mention.type] = mention.actors
                if len(mention.actors) >= 2:
                    pair = mention.actors
                persons = tuple(a for a in mention.actors if self.gazetteer.kind(a) != "state")
                if len(persons) >= 2:
                    people = persons
                heads = tuple(a for a in persons if self._is_leader(a))
                if len(heads) >= 2:
                    leaders = heads
                when = parse_when(mention.date)
                if (
                    mention.date_source in ("explicit", "sentence")
                    and when is not None
                    and when.precision == "day"
                    and mention.status == "occurred"
                ):
                    reference = (sent_index, when.value, mention.date_text)
                found_mentions.append((sent_index, mention, self._is_anaphor_noun(cand)))
        yield from self._with_anniversaries(found_mentions, ages, ents, ent_of, doc_text)

    # -- events dated by their age ------------------------------------------------------------

    def _anniversaries(
        self, sent: Span, timexes: list[tuple[TimeExpr, Span]], dct: str | None, doc: Doc
    ) -> Iterator[_Anniversary]:
        """Events a sentence dates by their age: "the 30th anniversary of the treaty", "75
        years of diplomatic relations", "the pact, which turns 40 this year"."""
        rules = self.ontology.anniversary
        for cue in sent:
            lemma = cue.lemma_.lower()
            count: int | None = None
            event: Token | None = None
            kinds = rules.types
            if lemma in rules.count_nouns and cue.pos_ in ("NOUN", "PROPN"):
                count = rules.count_nouns[lemma]  # "the centenary of the treaty"
                event = self._anniversary_of(cue)
            elif lemma in rules.nouns and cue.pos_ in ("NOUN", "PROPN"):
                count = next(
                    (n for c in cue.children if c.dep_ in ("amod", "nummod")
                     for n in [_ordinal(c) or rules.count_words.get(c.lower_)] if n is not None),
                    None,
                )  # fmt: skip
                event = self._anniversary_of(cue)
            elif cue.lower_ in rules.units and cue.pos_ == "NOUN":
                count = next((_number(c.text) for c in cue.children if c.dep_ == "nummod"), None)
                event = _of_object(cue)
                kinds = rules.duration_types
                since = _since_object(cue)
                if event is None and since is not None:
                    # "30 years since the establishment of diplomatic relations"
                    event, kinds = since, rules.types | rules.duration_types
            elif lemma in rules.age_verbs and cue.pos_ == "VERB":
                count = next(
                    (_number(c.text) for c in cue.children
                     if c.dep_ in ("dobj", "attr") and c.pos_ == "NUM"),
                    None,
                )  # fmt: skip
                event = self._subject(cue)
                if event is not None and event.tag_ in ("WDT", "WP") and cue.dep_ == "relcl":
                    event = cue.head  # "the accord, which turns 40"
            if count is None or event is None or not 0 < count < 1000:
                continue
            typed = self._age_event(event, kinds)
            if typed is None and cue.dep_ == "relcl":
                # "the accord between X and Y, which turns 40": the parser may hang the clause
                # on the last name of the noun phrase
                node = event
                while typed is None and node.dep_ in ("pobj", "prep", "conj", "appos"):
                    node = node.head
                    if node.pos_ in ("NOUN", "PROPN"):
                        typed = self._age_event(node, kinds)
            if typed is None:
                continue
            nodes, kind = typed
            reference, ref_text = self._reference_year(cue, timexes, dct, doc)
            if reference is None or reference - count < 1:
                continue
            phrase = (
                doc[cue.left_edge.i : cue.i + 1] if cue.pos_ != "VERB" else doc[cue.i : cue.i + 1]
            )
            date_text = phrase.text if ref_text is None else f"{phrase.text} ({ref_text})"
            yield _Anniversary(
                cue, tuple(nodes), kind, f"{reference - count:04d}", date_text, ref_text
            )

    def _anniversary_of(self, cue: Token) -> Token | None:
        """The event an anniversary noun counts: "of X", "X's", or the subject of "X marks
        its 30th anniversary"."""
        event = _of_object(cue)
        if event is not None:
            return event
        for child in cue.children:
            if child.dep_ == "poss":
                if child.pos_ != "PRON":
                    return child
                head = cue.head
                if cue.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
                    return self._subject(head)
        return None

    def _age_event(self, token: Token, kinds: frozenset[str]) -> tuple[list[Token], str] | None:
        """The nodes and type of an event an age is given to: a trigger noun of one of
        ``kinds``, "diplomatic relations", either through an act noun ("the signing of X") or
        an apposition ("the first document, the Agreement on Trade")."""
        rules = self.ontology.anniversary
        if token.lemma_.lower() in rules.act_nouns:
            inner = _of_object(token)
            if inner is not None:
                typed = self._age_event(inner, kinds)
                return None if typed is None else ([token, *typed[0]], typed[1])
            return None
        options = [token, *(c for c in token.children if c.dep_ == "appos")]
        # an apposition the parser hung elsewhere: ", the Agreement on Trade." right after it,
        # a noun phrase closed by punctuation or the end of the sentence
        doc = token.doc
        words = [t for t in doc[token.right_edge.i + 1 : token.sent.end] if not t.is_space]
        if len(words) >= 2 and words[0].text == ",":
            for candidate in words[1:5]:
                if candidate.pos_ in ("NOUN", "PROPN"):
                    end = candidate.right_edge.i + 1
                    rest = [t for t in doc[end : token.sent.end] if not t.is_space]
                    if candidate.dep_ == "appos" or not rest or rest[0].is_punct:
                        options.append(candidate)
                    break
                if candidate.dep_ not in ("det", "amod", "compound", "nummod"):
                    break
        for node in options:
            word = node.lemma_.lower()
            if (
                rules.relation_type is not None
                and rules.relation_type in kinds
                and (node.lower_ in rules.relation_nouns or word in rules.relation_nouns)
                and any(c.lower_ in rules.relation_modifiers for c in node.children)
            ):
                return [token, node], rules.relation_type
            kind = self.ontology.nouns.get(node.lower_) or self.ontology.nouns.get(word)
            if kind is not None and kind in kinds and node.pos_ in ("NOUN", "PROPN"):
                return [token, node], kind
        return None

    def _reference_year(
        self, cue: Token, timexes: list[tuple[TimeExpr, Span]], dct: str | None, doc: Doc
    ) -> tuple[int | None, str | None]:
        """The year an age is counted from: the nearest date of the sentence with a year, one
        of the cue's own clause first (before one after it on a tie); else the document's."""
        clause = _clause_head(cue)
        best: tuple[tuple[int, int, int], int, str] | None = None
        for timex, span in timexes:
            value = timex.value
            if value == "PRESENT_REF":
                value = dct or ""
            match = re.match(r"^(\d{4})", value or "")
            if match is None or self._is_bound_only(timex, doc):
                continue
            before = span.end <= cue.i
            distance = cue.idx - timex.end if before else timex.start - cue.idx
            rank = (int(_clause_head(span.root) != clause), abs(distance), int(not before))
            if best is None or rank < best[0]:
                best = (rank, int(match[1]), timex.text)
        if best is not None:
            return best[1], best[2]
        match = re.match(r"^(\d{4})", dct or "")
        return (int(match[1]), None) if match else (None, None)

    def _with_anniversaries(
        self,
        found: list[tuple[int, Mention, bool]],
        ages: list[tuple[int, Span, _Anniversary]],
        ents: list[Span],
        ent_of: Mapping[int, Span],
        doc_text: str,
    ) -> Iterator[Mention]:
        """The mentions of a document, with the events dated by their age: a mention whose
        trigger is the aged event takes its date; otherwise the age makes a mention of its own
        (actors named in the phrase, else the document's main pair of states), and a definite
        "that agreement" just after it, dated only by tense, is the same event."""
        if not ages:
            yield from (mention for _i, mention, _a in found)
            return
        mentions = [mention for _i, mention, _a in found]
        covered: set[int] = set()
        dated: list[tuple[int, Mention]] = []  # the events dated by their age
        for position, (sent_index, mention, _a) in enumerate(found):
            for index, (_s, _sent, age) in enumerate(ages):
                inside = any(
                    node.idx <= mention.trigger_start < node.idx + len(node.text)
                    for node in age.nodes
                )
                if (
                    inside
                    and mention.date_source == "explicit"
                    and (mention.date_text != age.reference)
                ):
                    continue  # a date of its own ("the treaty, signed in 1990, turns 35")
                if inside:
                    mentions[position] = replace(
                        mention,
                        date=age.date,
                        date_text=age.date_text,
                        date_source="anniversary",
                        date_bound=None,
                        status="occurred",
                    )
                    covered.add(index)
                    dated.append((sent_index, mentions[position]))
        pair = self._main_pair(ents) if len(covered) < len(ages) else ()
        for index, (sent_index, sent, age) in enumerate(ages):
            if index in covered:
                continue
            made = self._age_mention(sent, age, ent_of, pair, doc_text)
            if made is not None:
                dated.append((sent_index, made))
        # "As you know, that agreement was signed by X in Y": the aged event again
        for position, (sent_index, mention, anaphor) in enumerate(found):
            if not anaphor:
                continue
            if mention.date_source not in ("bound", "none", "narrative"):
                continue
            antecedent = [
                (s, m)
                for s, m in dated
                if 0 < sent_index - s <= AGE_ANAPHOR_SPAN and m.type == mention.type
            ]
            if not antecedent:
                continue
            start = antecedent[-1][0]
            if any(start < s < sent_index and m.type == mention.type for s, m, _a in found):
                continue  # another event of the type was named in between
            source = antecedent[-1][1]
            mentions[position] = replace(
                mention,
                actors=tuple(dict.fromkeys((*source.actors, *mention.actors))),
                date=source.date,
                date_text=source.date_text,
                date_source="anniversary",
                date_bound=None,
            )
        every = mentions + [m for _s, m in dated if m not in mentions]
        yield from sorted(every, key=lambda m: (m.sent_start, m.trigger_start, m.trigger_end))

    def _age_mention(
        self,
        sent: Span,
        age: _Anniversary,
        ent_of: Mapping[int, Span],
        pair: tuple[str, ...],
        doc_text: str,
    ) -> Mention | None:
        """A mention of its own for an event named only by its age."""
        actors: list[str] = []
        location: str | None = None
        own = {node.i for node in age.nodes}
        seen: set[int] = set()
        for node in dict.fromkeys(age.nodes):
            for token in node.subtree:
                span = ent_of.get(token.i)
                if span is None or span.start in seen or own & set(range(span.start, span.end)):
                    continue
                seen.add(span.start)
                place_ok = token.dep_ == "pobj" and token.head.lower_ in self.ontology.place_preps
                arg = self._arg(span, place_ok=place_ok, metonymy=False)
                if arg is None:
                    continue
                if arg.place:
                    # the event's own place ("his visit to Tokyo", "the treaty signed in
                    # Rome"), not one hung on the noun phrase ("marked the anniversary of the
                    # treaty in Paris" is where it is marked)
                    destination = age.type in PLACE_TYPES and token.head.head in age.nodes
                    if destination or any(a.dep_ in ("acl", "relcl") for a in token.ancestors):
                        location = location or arg.name
                elif arg.kind in ("state", "person") and arg.name not in actors:
                    actors.append(arg.name)
        if not actors:
            # "our first treaty", "75 years of diplomatic relations": the document's two
            # states; not for an agreement named after a place or people ("the 10th
            # anniversary of the Paris Agreement"), likely not theirs alone
            named = any(
                token.ent_type_ in PLACE_LABELS | {"NORP"}
                or (
                    token.pos_ == "PROPN"
                    and self.gazetteer.kind(token.text) in ("place", "state", "demonym")
                )
                for node in age.nodes
                for token in node.subtree
            )
            if age.type not in self.ontology.anaphoric or named:
                return None
            actors = list(self._subject_states(age.cue, ent_of) or pair)
        if not actors:
            return None
        raw = doc_text[sent.start_char : sent.end_char]
        text = raw.strip()
        sent_start = sent.start_char + len(raw) - len(raw.lstrip())
        token = age.nodes[-1]
        return Mention(
            doc=sent.doc._.timeline_path or "",
            sent_start=sent_start,
            sent_end=sent_start + len(text),
            trigger_start=token.idx,
            trigger_end=token.idx + len(token.text),
            trigger=token.text,
            type=age.type,
            status="occurred",
            actors=tuple(actors),
            location=location,
            date=age.date,
            date_text=age.date_text,
            date_source="anniversary",
            cameo=self.ontology.cameo.get(age.type),
            sentence=text,
        )

    def _subject_states(self, cue: Token, ent_of: Mapping[int, Span]) -> tuple[str, ...]:
        """The two states that are the subject of the verb an age is the object of ("Chile
        and Japan celebrated the 30th anniversary of diplomatic relations"; leaders stand for
        the states they serve); nothing unless exactly two."""
        verb = next((t for t in cue.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is None or cue.pos_ == "VERB":
            return ()
        subject = self._subject(verb)
        if subject is None:
            return ()
        states: list[str] = []
        for token in [subject, *_conjuncts(subject)]:
            span = ent_of.get(token.i)
            entry = None if span is None else self.gazetteer.lookup(span.text)
            if entry is None:
                return ()
            if entry.kind == "state":
                states.append(entry.name)
            elif (
                entry.kind == "person"
                and entry.country
                and not (entry.role or "").startswith("former")
            ):
                states.append(entry.country)
            else:
                return ()
        unique = tuple(dict.fromkeys(states))
        return unique if len(unique) == 2 else ()

    def _main_pair(self, ents: list[Span]) -> tuple[str, ...]:
        """The two states a document is about: each named (or through a serving office
        holder) at least ``MAIN_PAIR_MIN`` times, and the second at least ``MAIN_PAIR_RATIO``
        times as often as any third. Nothing when the document is not clearly bilateral."""
        counts: Counter[str] = Counter()
        for span in ents:
            entry = self.gazetteer.lookup(span.text)
            if entry is None:
                continue
            if entry.kind == "state":
                counts[entry.name] += 1
            elif (
                entry.kind == "person"
                and entry.country
                and not (entry.role or "").startswith("former")
            ):
                counts[entry.country] += 1
        ranked = counts.most_common(3)
        if len(ranked) < 2 or ranked[1][1] < MAIN_PAIR_MIN:
            return ()
        if len(ranked) == 3 and ranked[1][1] < MAIN_PAIR_RATIO * ranked[2][1]:
            return ()
        return tuple(sorted((ranked[0][0], ranked[1][0])))

    # -- entities ----------------------------------------------------------------------------

    def _entities(self, doc: Doc) -> list[Span]:
        """The model's entities plus gazetteer phrases, longest first where they overlap."""
        matches = [*self.matcher(doc), *self.acronyms(doc)]
        known = filter_spans([Span(doc, start, end, label=label) for label, start, end in matches])
        taken = {i for span in known for i in range(span.start, span.end)}
        model = [
            e
            for e in doc.ents
            if e.label_ in ACTOR_LABELS | PLACE_LABELS
            and not any(i in taken for i in range(e.start, e.end))
        ]
        # A known name wins over the model's span around it ("Vladimir Putin Accepts Invite").
        partial = [
            e
            for e in doc.ents
            if e.label_ in ACTOR_LABELS | PLACE_LABELS
            and any(i in taken for i in range(e.start, e.end))
        ]
        spans = [*known, *model]
        for ent in partial:
            # keep the untouched part of a model entity only if it is a name of its own
            rest = [t for t in ent if t.i not in taken]
            if rest and all(t.pos_ == "PROPN" for t in rest) and len(rest) >= 2:
                spans.append(Span(doc, rest[0].i, rest[-1].i + 1, label=ent.label_))
        return filter_spans(spans)

    # -- triggers ----------------------------------------------------------------------------

    def _trigger_type(self, token: Token) -> tuple[str, bool] | None:
        if token.lemma not in self._trigger_ids and token.norm not in self._trigger_ids:
            return None
        onto = self.ontology
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            if lemma in onto.verbs:
                kind = onto.verbs[lemma]
                wanted = onto.qualifiers.get(kind)
                if wanted and lemma not in wanted and not _qualified(token, wanted):
                    return None
                return kind, False
            if lemma in onto.host_verbs:
                return onto.host_verbs[lemma], True
            return None
        if token.pos_ in ("NOUN", "PROPN"):
            noun_kind = onto.nouns.get(token.lower_) or onto.nouns.get(lemma)
            if noun_kind is None:
                return None
            wanted = onto.qualifiers.get(noun_kind)
            if wanted and not any(
                c.lower_ in wanted or c.lemma_.lower() in wanted for c in token.children
            ):
                return None
            return noun_kind, False
        return None

    def _candidates(self, sent: Span) -> list[_Candidate]:
        onto = self.ontology
        found: dict[int, _Candidate] = {}
        for token in sent:
            typed = self._trigger_type(token)
            if typed is None:
                continue
            kind, host = typed
            cand = _Candidate(token, kind, host=host)
            if token.pos_ != "VERB":
                head = token.head
                if token.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
                    lemma = head.lemma_.lower()
                    light = onto.anchors.get(kind, onto.light_verbs | onto.host_verbs.keys())
                    if lemma in light:
                        cand.anchor = head
                elif token.dep_ == "nsubj" and head.lemma_.lower() in onto.occurrence_verbs:
                    # "the call took place on Thursday", "talks began in May"
                    cand.anchor = head
                # "the summit, held in Astana on 4 July": the participle's place and date
                for child in token.children:
                    lemma = child.lemma_.lower()
                    if (
                        child.dep_ == "acl"
                        and child.pos_ == "VERB"
                        and (
                            lemma in onto.light_verbs
                            or lemma in onto.occurrence_verbs
                            or lemma in onto.planning_verbs
                        )
                    ):
                        cand.folded.append((child, kind))
            found[token.i] = cand
        # A hosting verb whose object is a trigger noun ("hosted the meeting") is that noun's
        # anchor; one whose object is a person hosts a visit; otherwise it is no event.
        for i, cand in list(found.items()):
            if not cand.host:
                continue
            # the guest: the object, or the subject of a passive ("X was received by Y")
            objects = [c for c in cand.token.children if c.dep_ in ("dobj", "nsubjpass")]
            if (
                not objects
                or any(o.i in found for o in objects)
                or not any(
                    o.ent_type_ in ("PERSON", "GPE", "NORP", "ORG")
                    or o.pos_ in ("PRON", "PROPN")
                    or o.lower_ in HEAD_NOUNS  # "hosted his counterpart", "received the envoy"
                    for o in objects
                )
            ):
                del found[i]
            elif objects and all(
                o.ent_type_ == "ORG" or self.gazetteer.kind(o.text) == "org" for o in objects
            ):
                cand.type = "meeting"  # "Japan hosts the G7": a gathering, not a visit
        # Nouns of types that need a verb ("the treaty") are events only with an anchor or
        # under a trigger verb.
        for i, cand in list(found.items()):
            if (
                cand.type in onto.needs_verb
                and cand.token.pos_ != "VERB"
                and cand.anchor is None
                and not (cand.token.head.i in found and cand.token.head.pos_ == "VERB")
                and not any(
                    d.i in found and d.pos_ == "VERB" and d.dep_ in ("relcl", "acl", "ccomp")
                    for c in cand.token.children
                    for d in (c, *c.children)
                )
            ):
                del found[i]
        for i, cand in list(found.items()):
            token = cand.token
            if token.pos_ != "VERB":
                continue
            lemma = token.lemma_.lower()
            if (
                (lemma in onto.weak_verbs and not _has_goal_or_date(token))
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
        # Fold triggers that describe one event: a trigger inside another's argument
        # structure of the same family, or the complement of an invitation.
        ordered = sorted(found.values(), key=lambda c: c.token.i)
        folded: set[int] = set()
        for cand in ordered:
            parent = self._folding_parent(cand, found)
            if parent is not None and parent.token.i not in folded:
                parent.folded.append((cand.token, cand.type))
                folded.add(cand.token.i)
        return [c for c in ordered if c.token.i not in folded]

    def _folding_parent(self, cand: _Candidate, found: Mapping[int, _Candidate]) -> Any:
        token = cand.token
        # "visited X in 2000, meeting with Y": a participle clause beside a trigger of its family
        if token.tag_ == "VBG" and token.dep_ == "advcl":
            for sibling in token.head.children:
                other = found.get(sibling.i)
                if (
                    other is not None
                    and sibling.i < token.i
                    and _family(other.type) == _family(cand.type)
                ):
                    return other
        steps = 0
        node = token
        crossed = False  # passed a clause boundary: only the same type may absorb it
        while node.head.i != node.i and steps < 4:
            dep = node.dep_
            node = node.head
            steps += 1
            if node.dep_ == "prep" and node.lower_ in self.ontology.bound_preps:
                return None  # "since his meeting with X": an earlier, other event
            parent = found.get(node.i)
            if parent is None:
                if dep in ("ccomp", "relcl", "parataxis") or node.pos_ == "AUX":
                    crossed = True
                continue
            if crossed:
                # "the agreement, which I think was signed": the verb is the noun's event
                return parent if parent.type == cand.type and dep in ("relcl", "acl") else None
            if parent.type == "invitation" and cand.type != "invitation":
                return parent
            if _family(parent.type) == _family(cand.type):
                # "X will go and Y will fly": conjoined clauses with their own subjects are two
                if dep == "conj" and any(c.dep_ in SUBJECT_DEPS for c in token.children):
                    return None
                return parent
            return None
        return None

    # -- dates -------------------------------------------------------------------------------

    def _govern(
        self, timexes: list[tuple[TimeExpr, Span]], candidates: list[_Candidate]
    ) -> dict[int, tuple[str, TimeExpr]]:
        """For each timex index: ("gov", ...) with the candidate index it governs, or "free",
        "report" (the time of a reporting verb) or "blocked" (another clause)."""
        node_owner: dict[int, int] = {}
        for index, cand in enumerate(candidates):
            for node in cand.argument_nodes:
                node_owner.setdefault(node.i, index)
            for node in cand.nodes:
                # "an invitation to visit X in 2024": the date is the visit's, not the invitation's
                node_owner.setdefault(node.i, -1)
        result: dict[int, tuple[str, TimeExpr]] = {}
        for tindex, (timex, span) in enumerate(timexes):
            node = span.root
            verdict = "free"
            after = span.doc[span.end] if span.end < len(span.doc) else None
            if (
                after is not None
                and after.text in DASHES
                and span.start - _sent_start(span.doc, span.start) < 6
            ):
                # a dateline ("ANKARA, July 3 - ..."): the report's date, not the event's
                result[tindex] = ("report", timex)
                continue
            while True:
                if node.i in node_owner:
                    owner = node_owner[node.i]
                    verdict = f"gov:{owner}" if owner >= 0 else "blocked"
                    break
                if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
                    if node.lemma_.lower() in REPORT_VERBS:
                        verdict = "report"
                        break
                    if node.dep_ in CLAUSE_DEPS:
                        verdict = "blocked"
                        break
                if node.head.i == node.i:
                    break
                node = node.head
            result[tindex] = (verdict, timex)
        return result

    def _date(
        self,
        cand: _Candidate,
        index: int,
        governed: Mapping[int, tuple[str, TimeExpr]],
        clause: Token,
        status: str,
        dct: str | None,
        headline: bool,
        doc: Doc,
        reference: tuple[str, str | None] | None = None,
    ) -> tuple[str | None, str | None, str, str | None]:
        """(date, date text, date source, date bound) of a mention."""
        own = [t for verdict, t in governed.values() if verdict == f"gov:{index}"]
        free = [t for verdict, t in governed.values() if verdict == "free"]
        report = [t for verdict, t in governed.values() if verdict == "report"]
        # "after a trip to X", "since his meeting with Y": an earlier event, not dated by the
        # sentence's or the narrative's time
        earlier = cand.token.dep_ == "pobj" and cand.token.head.lower_ in self.ontology.bound_preps
        if earlier:
            free = []
            reference = None
        for pool, source in ((own, "explicit"), (free, "sentence")):
            usable = [t for t in pool if _usable(t.value) and not self._is_bound_only(t, doc)]
            if usable:
                best = min(usable, key=lambda t: abs(t.start - cand.token.idx))
                value = best.value
                if value == "PRESENT_REF":
                    if dct is None:
                        continue
                    value = dct
                return value, best.text, source, None
        if report:
            usable = [t for t in report if _usable(t.value) and t.value != "PRESENT_REF"]
            if usable and status == "occurred":
                return None, usable[0].text, "bound", f"<={usable[0].value}"
        if dct is None:
            return None, None, "none", None
        tense = _tense(clause)
        present = any(
            c.lower_ in PRESENT_ADVERBS for node in cand.nodes for c in node.children
        ) or any(c.lower_ in PRESENT_ADVERBS for c in clause.children)
        if status != "occurred":
            return None, None, "bound", f">={dct}"
        if present or tense in ("progressive", "present") or headline:
            return dct, None, "dct", None
        if tense == "past" and reference is not None and reference[0] <= dct:
            # simple past continuing a dated narrative: "On Monday X met Y. They signed ..."
            return reference[0], reference[1], "narrative", None
        if tense == "perfect":
            # "have signed": done by the document's date, and recently (date source "recent")
            return None, None, "recent", f"<={dct}"
        if tense in ("past", "pluperfect"):
            return None, None, "bound", f"<={dct}"
        return None, None, "none", None

    def _is_bound_only(self, timex: TimeExpr, doc: Doc) -> bool:
        """ "since 2020", "until May", "before Friday": a limit, not the event's date."""
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            return False
        words = self.ontology.bound_preps
        if span[0].lower_ in words:
            return True
        head = span.root.head
        return span.root.dep_ == "pobj" and head.lower_ in words

    # -- status ------------------------------------------------------------------------------

    def _clause(self, cand: _Candidate) -> Token:
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

    def _status(self, cand: _Candidate, clause: Token) -> str | None:
        """occurred, planned or proposed; None when negated, hypothetical or denied."""
        onto = self.ontology
        status = "occurred"
        node: Token | None = clause
        chain: list[Token] = []
        seen = 0
        while node is not None and seen < 4:
            chain.append(node)
            seen += 1
            if node.dep_ in ("xcomp", "ccomp", "advcl", "conj") and node.head.i != node.i:
                node = node.head
            else:
                node = None
        for depth, verb in enumerate(chain):
            children = list(verb.children)
            lemmas = {c.lemma_.lower() for c in children if c.dep_ in ("aux", "auxpass")}
            lowers = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
            # a governing verb's negation and modals reach the trigger only through xcomp
            # ("would like to visit"), not through a reported clause ("can we say that ...")
            if depth == 0 or chain[depth - 1].dep_ == "xcomp":
                if any(c.dep_ == "neg" for c in children):
                    return None
                if (lemmas | lowers) & onto.hypothetical_aux:
                    return None
                if any(c.dep_ == "advmod" and c.lower_ in onto.hedges for c in children):
                    return None
            if depth == 0 and any(
                c.dep_ == "mark" and c.lower_ in onto.conditional_marks for c in children
            ):
                return None
            # the consequent of a condition: "if X visits, he will meet Y"
            if any(
                c.dep_ == "advcl"
                and any(m.dep_ == "mark" and m.lower_ in onto.conditional_marks for m in c.children)
                for c in children
            ):
                return None
            if verb.lemma_.lower() in onto.denial_lemmas and depth > 0:
                return None
            if (lemmas | lowers) & onto.future_aux:
                status = "planned"
            if any(c.lower_ == "going" for c in children) or (
                verb.lower_ == "going" and any(c.lower_ == "to" for c in verb.children)
            ):
                status = "planned"
            # "offered to visit" proposes; "offered that X was planning to visit" reports
            if depth > 0 and chain[depth - 1].dep_ in ("xcomp", "conj", "advcl"):
                lemma = verb.lemma_.lower()
                if lemma in onto.proposal_verbs:
                    status = "proposed"
                elif lemma in onto.planning_verbs and status == "occurred":
                    status = "planned"
        # "cancelled his visit", "the summit was postponed"
        token = cand.token
        if token.dep_ in ("dobj", "nsubjpass", "nsubj") and (
            token.head.lemma_.lower() in onto.cancel_verbs
        ):
            return None
        # "no date was set for a meeting", "no agreement was reached"
        if clause.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass")
            and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
            for c in clause.children
        ):
            return None
        # nouns above the trigger: "no plans to visit", "plans for a summit"
        for ancestor in cand.token.ancestors:
            if ancestor.i == clause.i or ancestor.pos_ in ("VERB", "AUX"):
                break
            if ancestor.pos_ in ("NOUN", "PROPN"):
                if any(
                    c.dep_ in ("neg", "det") and c.lower_ in ("no", "never", "not")
                    for c in ancestor.children
                ):
                    return None
                if ancestor.lemma_.lower() in onto.planning_verbs and status == "occurred":
                    status = "planned"
        if any(c.dep_ in ("neg", "det") and c.lower_ == "no" for c in cand.token.children):
            return None
        # "a summit scheduled for May", "talks planned in Geneva"
        if any(
            node.dep_ == "acl" and node.lemma_.lower() in onto.planning_verbs
            for node, _ in cand.folded
        ):
            status = "planned"
        # a noun trigger: "the upcoming summit", "a possible visit"
        for child in cand.token.children:
            if child.dep_ in ("amod", "compound", "advmod") and (
                child.lower_ in onto.planned_modifiers
            ):
                status = "planned"
        # a verdict on it: "reports that X will visit are complete nonsense", "denied that"
        root = cand.token
        while root.head.i != root.i:
            root = root.head
        for ancestor in [*cand.token.ancestors, root]:
            if ancestor.lemma_.lower() in onto.denial_lemmas:
                return None
            if any(
                c.lemma_.lower() in onto.denial_lemmas
                for c in ancestor.children
                if c.dep_ in ("attr", "acomp")
            ):
                return None
        return status

    # -- arguments ---------------------------------------------------------------------------

    def _is_media(self, span: Span) -> bool:
        if span.label_ == "MEDIA" or self.gazetteer.is_media(span.text):
            return True
        media = self.ontology.media_words
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
        return (
            root.dep_ == "pobj"
            and root.head.lower_ == "to"
            and root.head.head.lower_ == ("according")
        )

    def _resolve(
        self, token: Token, ent_of: Mapping[int, Span], *, place_ok: bool, metonymy: bool
    ) -> list[_Arg]:
        """The named actors or places an argument token stands for (with its conjuncts)."""
        spans: list[Span] = []
        for node in [token, *_conjuncts(token)]:
            span = self._span_for(node, ent_of)
            if span is None:
                continue
            spans.append(span)
            if not span.start <= node.i < span.end:
                # "the ministers of Japan and Brazil": conjuncts of the inner name
                for other in _conjuncts(span.root):
                    inner = ent_of.get(other.i)
                    if inner is not None:
                        spans.append(inner)
        args: list[_Arg] = []
        for span in dict.fromkeys(spans):
            arg = self._arg(span, place_ok=place_ok, metonymy=metonymy)
            if arg is not None and arg.kind == "state" and not arg.place:
                # the listed holder may be out of date: keep the state beside the person
                holder = self._office_holder(token, arg)
                if holder != arg and holder not in args:
                    args.append(holder)
            if arg is not None and arg not in args:
                args.append(arg)
        return args

    def _office_holder(self, token: Token, state: _Arg) -> _Arg:
        """ "the leader of the DPRK" -> its listed head of state; otherwise the state."""
        role = OFFICES.get(token.lower_)
        if token.lower_ in ("minister", "ministers"):
            role = next(
                (
                    OFFICE_MODIFIERS[c.lower_]
                    for c in token.children
                    if c.lower_ in OFFICE_MODIFIERS
                ),
                None,
            )
        if role is None:
            return state
        holder = self.gazetteer.holder(state.name, role)
        if holder is None:
            return state
        return _Arg(holder.name, "person", False)

    def _span_for(self, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
        span = ent_of.get(token.i)
        if span is None and token.lower_ in PRONOUNS_3RD:
            span = self._antecedent(token, ent_of)
        if span is None:
            span = self._inner_entity(token, ent_of)
        if span is None and token.lower_ in TITLE_NOUNS:
            span = self._titled_antecedent(token, ent_of)
        return span

    def _titled_antecedent(self, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
        """ "the crown prince" -> the last person the text introduced with that title."""
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        doc = token.doc
        for i in range(token.i - 1, max(token.i - TITLE_LOOKBACK, 0) - 1, -1):
            span = ent_of.get(i)
            if span is None or span.label_ != "PERSON" or span.start != i:
                continue
            before = doc[max(span.start - 3, 0) : span.start]
            if any(t.lower_ == token.lower_ for t in before) or token.lower_ in (
                t.lower_ for t in span
            ):
                return span
        return None

    def _resolve_one(
        self, token: Token, ent_of: Mapping[int, Span], *, place_ok: bool, metonymy: bool
    ) -> _Arg | None:
        span = self._span_for(token, ent_of)
        if span is None:
            return None
        return self._arg(span, place_ok=place_ok, metonymy=metonymy)

    def _arg(self, span: Span, *, place_ok: bool, metonymy: bool) -> _Arg | None:
        if self._is_media(span):
            return None
        label = span.label_
        if label == "MEDIA":
            return None
        name, kind = self.gazetteer.canonical(span.text, metonymy=metonymy and not place_ok)
        if kind is None:
            kind = _KIND_OF_LABEL.get(label)
            if label in ("LOC", "FAC"):
                kind = "place"
        if kind == "media" or not name or name.lower() in self.ontology.official_nouns:
            return None  # "the Government" alone names no one
        is_place = kind == "place" or (kind == "state" and place_ok and label != "NORP")
        if label == "NORP" and kind == "state":
            is_place = False
        if not is_place and kind == "place":
            return None
        return _Arg(name, kind, is_place)

    def _collective(self, cand: _Candidate) -> str | None:
        """The plural noun its agents are given as: "the two leaders", "the countries"."""
        collective = self.ontology.collective_nouns
        for node in cand.argument_nodes:
            if node.pos_ in ("VERB", "AUX"):
                subject = self._subject(node)
                if subject is not None and subject.lower_ in collective:
                    return subject.lower_
            else:
                for child in node.children:
                    if child.dep_ == "poss" and child.lower_ in collective:
                        return child.lower_
        return None

    def _parties_as(self, parties: tuple[str, ...], noun: str) -> tuple[str, ...]:
        """ "the two countries" after two leaders: their states, where the gazetteer knows them."""
        if noun not in STATE_NOUNS:
            return parties
        states = []
        for name in parties:
            entry = self.gazetteer.lookup(name)
            country = entry.country if entry is not None and entry.kind == "person" else None
            states.append(country or name)
        return tuple(dict.fromkeys(states))

    def _gathering_subject(self, noun: Token) -> Token | None:
        """The subject of the verb a trigger noun is the purpose or venue of ("for a summit")."""
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ in ("for", "at", "to") and head.head.pos_ == "VERB":
            if head.head.lemma_.lower() in self.ontology.host_verbs:
                return None  # "X hosted Y for a state visit": X hosts, Y came
            return self._subject(head.head)
        return None

    def _is_official(self, cand: _Candidate) -> bool:
        """An unnamed agent that is an official ("the co-chairs met"), a speaker's pronoun
        ("your visit"), or a trigger qualified as diplomatic ("a state visit")."""
        onto = self.ontology
        agents: list[Token] = []
        for node in cand.argument_nodes:
            if node.pos_ in ("VERB", "AUX"):
                subject = self._subject(node)
                if subject is not None:
                    agents.append(subject)
            else:
                gatherer = self._gathering_subject(node)
                if gatherer is not None:
                    agents.append(gatherer)
                for child in node.children:
                    if child.dep_ == "poss":
                        agents.append(child)
                    elif child.dep_ in ("amod", "compound") and (
                        child.lower_ in onto.diplomatic_modifiers
                    ):
                        return True
                    elif child.dep_ == "prep" and child.lower_ in ("of", "by", "between"):
                        agents.extend(p for p in child.children if p.dep_ == "pobj")
        return any(
            a.lower_ in SPEAKER_PRONOUNS
            or a.lower_ in onto.official_nouns
            or a.lemma_.lower() in onto.official_nouns
            for a in agents
        )

    def _is_anaphor_noun(self, cand: _Candidate) -> bool:
        """A definite or possessed noun of an anaphoric type among the trigger's words ("that
        agreement was signed by ...")."""
        if cand.type not in self.ontology.anaphoric:
            return False
        return any(
            node.pos_ in ("NOUN", "PROPN")
            and self.ontology.nouns.get(node.lemma_.lower(), self.ontology.nouns.get(node.lower_))
            == cand.type
            and any(
                c.dep_ in ("det", "poss") and c.lower_ in ANAPHORIC_DETERMINERS
                for c in node.children
            )
            for node in cand.nodes
        )

    def _is_anaphor(self, cand: _Candidate) -> bool:
        """A definite or possessed noun of an anaphoric type ("our previous agreement")."""
        if cand.type not in self.ontology.anaphoric or cand.token.pos_ == "VERB":
            return False
        return any(
            c.dep_ in ("det", "poss") and c.lower_ in ANAPHORIC_DETERMINERS
            for c in cand.token.children
        )

    def _resolve_one_list(self, token: Token, ent_of: Mapping[int, Span]) -> list[_Arg]:
        arg = self._resolve_one(token, ent_of, place_ok=True, metonymy=False)
        return [] if arg is None else [arg]

    def _inner_entity(self, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
        """An entity inside a nominal argument: "the leader of the DPRK", "our partners in X"."""
        best: Span | None = None
        frontier = [(token, 0)]
        order = {"appos": 0, "compound": 1, "prep": 2, "pobj": 2, "amod": 3, "nmod": 3, "poss": 4}
        while frontier:
            node, depth = frontier.pop(0)
            for child in sorted(node.children, key=lambda c: order.get(c.dep_, 5)):
                if _is_possessor(child, ent_of) and (token.lower_ not in HEAD_NOUNS or depth):
                    continue  # "X's father" is not X; "X's foreign minister" speaks for X
                if child.dep_ not in ("compound", "appos", "prep", "pobj", "amod", "nmod", "poss"):
                    continue
                if child.dep_ == "prep" and child.lower_ != "of":
                    continue
                span = ent_of.get(child.i)
                if span is not None:
                    if span.label_ == "PERSON":
                        return span
                    if best is None and (
                        child.dep_ != "amod" or token.lower_ in HEAD_NOUNS or depth > 0
                    ):
                        best = span
                if depth < 3:
                    frontier.append((child, depth + 1))
        if best is not None and best.label_ == "NORP" and token.lower_ not in HEAD_NOUNS:
            return None
        return best

    def _antecedent(self, token: Token, ent_of: Mapping[int, Span]) -> Span | None:
        """The nearest person named before a third-person pronoun (within two sentences)."""
        doc = token.doc
        root = token
        while root.head.i != root.i:
            root = root.head
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subject in subjects:
            span = ent_of.get(subject.i)
            if (
                subject.i < token.i
                and span is not None
                and span.label_ == "PERSON"
                and not self._is_media(span)
            ):
                return span
            if subject.i < token.i and span is None and subject.pos_ == "PROPN":
                entry = self.gazetteer.lookup(subject.text)
                if entry is not None and entry.kind == "person":
                    return doc[subject.i : subject.i + 1]
        # Token.sent walks the whole Doc's sentences; the starts are enough here
        start = _sent_start(doc, token.i)
        lower = _sent_start(doc, start - 1) if start > 0 else start
        if token.dep_ in ("nsubj", "nsubjpass") and lower < start:
            # A pronoun subject continues the previous sentence's subject ("Modi met Harris and
            # Blinken. He will travel to Egypt."), not its nearest name.
            span = self._subject_person(doc, lower, start, ent_of)
            if span is not None:
                return span
        for i in range(token.i - 1, lower - 1, -1):
            span = ent_of.get(i)
            if span is not None and span.label_ == "PERSON" and not self._is_media(span):
                return span
            if span is None and doc[i].pos_ == "PROPN":
                entry = self.gazetteer.lookup(doc[i].text)
                if entry is not None and entry.kind == "person":
                    return doc[i : i + 1]
        return None

    def _is_leader(self, name: str) -> bool:
        entry = self.gazetteer.lookup(name)
        # former holders too: an article of their time calls them "the two leaders"
        return (
            entry is not None
            and entry.role is not None
            and any(role in entry.role for role in LEADER_ROLES)
        )

    def _subject_person(
        self, doc: Doc, start: int, end: int, ent_of: Mapping[int, Span]
    ) -> Span | None:
        """The person who is the subject of the main verb of the sentence ``doc[start:end]``."""
        for root in (t for t in doc[start:end] if t.head.i == t.i):
            for subject in root.children:
                if subject.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                span = ent_of.get(subject.i)
                if span is not None and span.label_ == "PERSON" and not self._is_media(span):
                    return span
                if span is None and subject.pos_ == "PROPN":
                    entry = self.gazetteer.lookup(subject.text)
                    if entry is not None and entry.kind == "person":
                        return doc[subject.i : subject.i + 1]
        return None

    def _subject(self, verb: Token) -> Token | None:
        """The subject of a verb, following xcomp/conj/acl chains when it has none."""
        node = verb
        for _ in range(4):
            deps = ("nsubj", "csubj") if node is verb else ("nsubj", "csubj", "nsubjpass")
            subjects = [c for c in node.children if c.dep_ in deps]
            if subjects:
                # "TOKYO (Kyodo) - Minister X held talks": the subject nearest the verb
                subject = min(subjects, key=lambda c: abs(c.i - node.i))
                if subject.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                    return node.head
                return subject
            agents = [
                p
                for c in node.children
                if c.dep_ == "agent"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            if agents:
                return agents[0]
            if node.dep_ in ("xcomp", "advcl", "conj", "ccomp") and node.head.i != node.i:
                # the object of "invite X to visit" is the subject of "visit"
                if node.dep_ == "xcomp":
                    objects = [c for c in node.head.children if c.dep_ == "dobj"]
                    if objects:
                        return objects[0]
                node = node.head
                continue
            if node.dep_ in ("acl", "relcl"):
                head = node.head
                if head.dep_ in ("attr", "appos") and head.head.pos_ in ("VERB", "AUX"):
                    node = head.head
                    continue
                return head
            return None
        return None

    def _arguments(
        self, cand: _Candidate, ent_of: Mapping[int, Span]
    ) -> tuple[list[_Arg], list[_Arg], list[_Arg], list[_Arg]]:
        """(agents, partners, places, hosts) of a mention."""
        onto = self.ontology
        agents: list[_Arg] = []
        partners: list[_Arg] = []
        places: list[_Arg] = []
        hosts: list[_Arg] = []

        def prepositions(node: Token, depth: int = 0) -> None:
            for child in node.children:
                if child.dep_ == "prep" or (child.dep_ == "agent" and child.lower_ == "by"):
                    prep = child.lower_
                    objects = [p for p in child.children if p.dep_ == "pobj"]
                    for obj in objects:
                        if depth == 0 and obj.ent_type_ in ("DATE", "TIME"):
                            # "a tour on Wednesday of the X": a phrase misattached to the date
                            prepositions(obj, depth + 1)
                            continue
                        if prep in onto.place_preps:
                            for arg in self._resolve(obj, ent_of, place_ok=True, metonymy=False):
                                (places if arg.place else partners).append(arg)
                        elif prep in onto.partner_preps:
                            for arg in self._resolve(obj, ent_of, place_ok=False, metonymy=True):
                                if prep == "of" and arg.place:
                                    places.append(arg)
                                elif prep == "by" and node.lemma_.lower() in onto.host_verbs:
                                    hosts.append(arg)  # "received by Y"
                                elif prep == "by" or (
                                    prep == "of" and cand.type == "visit" and node.pos_ != "VERB"
                                ):
                                    agents.append(arg)
                                elif prep == "from" and cand.type == "invitation":
                                    agents.append(arg)  # "an invitation from Y": Y invites
                                else:
                                    partners.append(arg)
                        elif (
                            depth == 0
                            and prep in ("for", "during")
                            and self._trigger_type(obj) is not None
                        ):
                            prepositions(obj, depth + 1)

        for node in cand.argument_nodes:
            if node.pos_ in ("VERB", "AUX"):
                host_verb = node.lemma_.lower() in onto.host_verbs
                accepting = node is cand.anchor and node.lemma_.lower() in onto.accept_verbs
                subject = self._subject(node)
                passive_guests = [c for c in node.children if c.dep_ == "nsubjpass"]
                if host_verb and passive_guests:
                    # "X was received by Y": X is the visitor, the agent Y the host
                    for guest in passive_guests:
                        agents.extend(
                            a
                            for a in self._resolve(guest, ent_of, place_ok=False, metonymy=True)
                            if not a.place
                        )
                    subject = next(
                        (
                            p
                            for c in node.children
                            if c.dep_ == "agent"
                            for p in c.children
                            if p.dep_ == "pobj"
                        ),
                        None,
                    )
                if subject is not None and subject.i not in {n.i for n in cand.nodes}:
                    for arg in self._resolve(subject, ent_of, place_ok=False, metonymy=True):
                        if host_verb:
                            hosts.append(arg)
                            if arg.kind == "state" and subject.i in ent_of:
                                # "Pyongyang hosted the meeting": the city is also the place
                                # (not "Egypt's president received ...": a person hosts)
                                places.append(_place_form(self.gazetteer, subject, ent_of, arg))
                        elif accepting:
                            partners.append(arg)  # who accepts an invitation is invited
                        else:
                            agents.append(arg)
                for child in node.children:
                    if child.dep_ in ("dobj", "dative") and child.i not in {
                        n.i for n in cand.nodes
                    }:
                        visit_like = cand.type == "visit" and not host_verb
                        for arg in self._resolve(
                            child, ent_of, place_ok=visit_like, metonymy=not visit_like
                        ):
                            if arg.place:
                                places.append(arg)
                            elif host_verb and passive_guests:
                                hosts.append(arg)  # a misparsed passive: "was received by ... Y"
                            elif host_verb:
                                agents.append(arg)  # "X received Y": Y is the visitor
                            else:
                                partners.append(arg)
                        # "visited a plant in X"
                        for grand in child.children:
                            if grand.dep_ == "prep" and grand.lower_ in ("in", "at", "near"):
                                for obj in grand.children:
                                    if obj.dep_ == "pobj":
                                        places.extend(
                                            a
                                            for a in self._resolve(
                                                obj, ent_of, place_ok=True, metonymy=False
                                            )
                                            if a.place
                                        )
                prepositions(node)
                # "the city where they met": the relative clause's head is the place
                if node.dep_ == "relcl" and any(
                    c.dep_ == "advmod" and c.lower_ == "where" for c in node.children
                ):
                    head = node.head
                    if head.i not in ent_of and head.dep_ == "appos":
                        head = head.head
                    places.extend(a for a in self._resolve_one_list(head, ent_of) if a.place)
            else:
                for child in node.children:
                    if child.dep_ == "poss":
                        agents.extend(
                            a
                            for a in self._resolve(child, ent_of, place_ok=False, metonymy=True)
                            if not a.place
                        )
                    elif child.dep_ in ("compound", "amod", "nmod"):
                        modifier = ent_of.get(child.i)
                        if modifier is not None and modifier.label_ in (
                            "GPE",
                            "NORP",
                            "PERSON",
                            "ORG",
                        ):
                            # "Kim's Russia tour": the destination of a visit
                            as_place = cand.type == "visit" and modifier.label_ == "GPE"
                            found = self._resolve_one(
                                child, ent_of, place_ok=as_place, metonymy=not as_place
                            )
                            if found is not None:
                                (places if found.place else partners).append(found)
                prepositions(node)
                if node.dep_ in SUBJECT_DEPS and node.head.pos_ in ("VERB", "AUX"):
                    prepositions(node.head)
                # "leaders gathered for a summit", "X arrived for talks": who came takes part
                gatherer = self._gathering_subject(node)
                if gatherer is not None:
                    agents.extend(
                        a
                        for a in self._resolve(gatherer, ent_of, place_ok=False, metonymy=True)
                        if not a.place
                    )
        # an actor is on one side: "X phoned Y to invite him" does not make X invite X
        agent_names = {a.name for a in agents}
        partners = [p for p in partners if p.name not in agent_names]
        hosts = [h for h in hosts if h.name not in agent_names]
        return agents, partners, places, hosts

    # -- mentions ----------------------------------------------------------------------------

    def _mention(
        self,
        doc: Doc,
        sent: Span,
        cand: _Candidate,
        index: int,
        ent_of: Mapping[int, Span],
        governed: Mapping[int, tuple[str, TimeExpr]],
        dct: str | None,
        fallback: tuple[str, ...] = (),
        reference: tuple[str, str | None] | None = None,
        doc_text: str = "",
    ) -> Mention | None:
        clause = self._clause(cand)
        status = self._status(cand, clause)
        if status is None:
            return None
        agents, partners, places, hosts = self._arguments(cand, ent_of)
        actors: list[str] = []
        for arg in (*agents, *hosts, *partners):
            if arg.name not in actors:
                actors.append(arg.name)
        location = _best_place(places)
        if not actors:
            actors = list(fallback)
        if not actors and (location is None or not self._is_official(cand)):
            # "the chief executive met analysts in London" is no diplomatic event
            return None
        headline = _is_headline(sent, doc_text)
        date, date_text, date_source, bound = self._date(
            cand, index, governed, clause, status, dct, headline, doc, reference
        )
        if (
            cand.anchor is not None
            and cand.anchor.lemma_.lower() in self.ontology.accept_verbs
            and date is not None
        ):
            # "accepted the invitation on Thursday": the invitation was made by then
            date, date_source, bound = None, "bound", f"<={date}"
        roles = self._roles(cand, agents, partners, hosts)
        cameo = self.ontology.cameo.get(cand.type)
        if cand.host or (
            cand.anchor is not None and cand.anchor.lemma_.lower() in (self.ontology.host_verbs)
        ):
            cameo = self.ontology.host_cameo.get(cand.type, cameo)
        token = cand.token
        # the sentence without the line breaks around it: text[start:end] == sentence
        raw = doc_text[sent.start_char : sent.end_char]  # Span.text rebuilds from tokens
        text = raw.strip()
        sent_start = sent.start_char + len(raw) - len(raw.lstrip())
        sent_end = sent_start + len(text)
        return Mention(
            doc=doc._.timeline_path or "",
            sent_start=sent_start,
            sent_end=sent_end,
            trigger_start=token.idx,
            trigger_end=token.idx + len(token.text),
            trigger=token.text,
            type=cand.type,
            status=status,
            actors=tuple(actors),
            location=location,
            date=date,
            date_text=date_text,
            date_source=date_source,
            date_bound=bound,
            roles=roles,
            cameo=cameo,
            sentence=text,
        )

    def _roles(
        self, cand: _Candidate, agents: list[_Arg], partners: list[_Arg], hosts: list[_Arg]
    ) -> tuple[tuple[str, str], ...]:
        pairs: list[tuple[str, str]] = []
        if cand.type == "visit":
            pairs += [("visitor", a.name) for a in agents]
            pairs += [("host", a.name) for a in (*hosts, *partners)]
        elif cand.type == "invitation":
            pairs += [("inviter", a.name) for a in agents]
            pairs += [("invitee", a.name) for a in partners]
        else:
            pairs += [("participant", a.name) for a in (*agents, *hosts, *partners)]
        return tuple(dict.fromkeys(pairs))


def _ordinal(token: Token) -> int | None:
    """The value of an ordinal word ("75th", "thirtieth" as the lexicon spells them)."""
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", token.lower_)
    if match:
        return int(match[1])
    return lexicon().ordinals.get(token.lower_)


def _of_object(token: Token) -> Token | None:
    """The object of a noun's "of" ("the anniversary of X", "75 years of X")."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _since_object(token: Token) -> Token | None:
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


def _clause_head(token: Token) -> Token:
    """The verb heading the clause of a token (the root when none is crossed)."""
    node = token
    while node.head.i != node.i:
        if node.pos_ in ("VERB", "AUX") and node.dep_ in CLAUSE_DEPS:
            return node
        node = node.head
    return node


def _family(kind: str) -> str:
    return "contact" if kind in ("visit", "meeting", "summit", "talks") else kind


# A month or day whose year nothing in the document gives (it has no date): the merge takes
# the year from a coreferent event of another document.
_YEARLESS = re.compile(r"^XXXX-\d{2}(?:-\d{2})?(?:/XXXX-\d{2}(?:-\d{2})?)?$")


def _usable(value: str | None) -> bool:
    return value is not None and (
        value == "PRESENT_REF" or parse_when(value) is not None or bool(_YEARLESS.match(value))
    )


def _conjuncts(token: Token) -> list[Token]:
    found = []
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        node = stack.pop(0)
        found.append(node)
        stack.extend(c for c in node.children if c.dep_ == "conj")
    return found


def _tense(verb: Token) -> str | None:
    """progressive, present, perfect, past, future or None for a verb token."""
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
        return "past" if any(a.tag_ == "VBD" for a in aux) else "perfect"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ == "VB":
        return "future" if aux_lemmas & {"will", "shall"} else None
    return None


def _qualified(verb: Token, wanted: frozenset[str]) -> bool:
    """ "spoke by phone", "talked over the telephone", "spoke telephonically"."""
    for child in verb.children:
        if child.lower_ in wanted:
            return True
        if child.dep_ == "prep" and any(
            t.lower_ in wanted or t.lemma_.lower() in wanted for t in child.subtree
        ):
            return True
    return False


def _has_noun(verb: Token, found: Mapping[int, _Candidate], kind: str) -> bool:
    """A verb such as "sign" with a noun of its type as object, or as the noun it qualifies."""
    nouns = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
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


def _sent_start(doc: Doc, i: int) -> int:
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def _is_possessor(token: Token, ent_of: Mapping[int, Span]) -> bool:
    if token.dep_ == "poss":
        return True
    span = ent_of.get(token.i)
    if span is None:
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return span[-1].lower_ in ("'s", "’s", "'", "’") or (
        after is not None and after.lower_ in ("'s", "’s")
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


def _is_headline(sent: Span, doc_text: str) -> bool:
    """A title line at the top of a document: no final punctuation, among the first lines."""
    text = doc_text[sent.start_char : sent.end_char].strip()
    if not text or text[-1] in '.!?"”:…':
        return False
    return len(sent) <= 25 and doc_text.count("\n", 0, sent.start_char) <= 6


def _best_place(places: list[_Arg]) -> str | None:
    """The most specific place: a city or facility before a state."""
    if not places:
        return None
    specific = [p for p in places if p.kind != "state"]
    return (specific or places)[0].name


def _place_form(gazetteer: Gazetteer, token: Token, ent_of: Mapping[int, Span], arg: _Arg) -> _Arg:
    span = ent_of.get(token.i)
    text = span.text if span is not None else token.text
    name, kind = gazetteer.canonical(text, metonymy=False)
    return _Arg(name, kind or "place", True)


def load_ontology() -> Ontology:
    return Ontology.from_data(load_data("events.yaml"))


@dataclass(frozen=True, slots=True)
class SentenceReport:
    """One sentence of a document and the event mentions read from it."""

    document: str
    start: int
    end: int
    text: str
    mentions: tuple[Mention, ...]
    dct: str | None = None


def inspect_document(
    path: str | Path, *, published: str | None = None, model: str | None = None
) -> list[SentenceReport]:
    """Each sentence of the documents at ``path`` with its mentions (``timeline inspect``)."""
    from .extract import annotate
    from .ingest import parse_published, read_corpus
    from .nlp import load_pipeline

    if published is not None:
        published = parse_published(published)
    corpus = read_corpus(path, published=published)
    nlp = load_pipeline(model)
    rows: list[SentenceReport] = []
    for document, doc in annotate(nlp, corpus.documents):
        mentions = doc._.timeline_mentions or []
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            inside = tuple(m for m in mentions if sent.start_char <= m.sent_start < sent.end_char)
            rows.append(
                SentenceReport(
                    document=document.path,
                    start=sent.start_char,
                    end=sent.end_char,
                    text=sent.text,
                    mentions=inside,
                    dct=doc._.timeline_dct,
                )
            )
    return rows


@Language.factory(
    "timeline_events",
    requires=["doc._.timeline_timexes", "token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.timeline_mentions"],
)
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, load_ontology(), load_gazetteer())
