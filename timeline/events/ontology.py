"""The event ontology of ``data/events.yaml``: event types, their triggers and the word lists
the rules read, validated once on load.

:func:`load_ontology` hands an :class:`Ontology` to the ``timeline_events`` component.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from ..registry import family as type_family
from ..resources import data_dir, load_data


def _words(data: Mapping[str, Any], key: str, path: Path) -> frozenset[str]:
    """A list of words of ``data[key]``, lower-cased (empty when absent)."""
    value = data.get(key) or []
    if not isinstance(value, list):
        raise DataFileError(path, key, "expected a list of words")
    for item in value:
        if not isinstance(item, str):
            # YAML reads a bare on, no, yes or false as a boolean
            raise DataFileError(path, key, f'{item!r} is not a word; quote it: "{item}"')
    return frozenset(v.lower() for v in value)


def _word_map(data: Mapping[str, Any], key: str, path: Path) -> dict[str, str]:
    """A mapping of words to words of ``data[key]``, keys lower-cased (empty when absent)."""
    value = data.get(key) or {}
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise DataFileError(path, key, "expected a mapping of words to words")
    return {str(k).lower(): v for k, v in value.items()}


def _counts(data: Mapping[str, Any], key: str, path: Path) -> dict[str, int]:
    value = data.get(key) or {}
    if not isinstance(value, Mapping) or not all(
        isinstance(v, int) and v > 0 for v in value.values()
    ):
        raise DataFileError(
            path, f"anniversary.{key}", "expected a mapping of words to positive numbers"
        )
    return {str(k).lower(): int(v) for k, v in value.items()}


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
    ordinal_tens: Mapping[str, int] = field(default_factory=dict)
    tens: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Any, path: Path, types: frozenset[str]) -> AnniversaryRules:
        if not isinstance(data, Mapping):
            raise DataFileError(path, "anniversary", "expected a mapping")

        def words(key: str) -> frozenset[str]:
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise DataFileError(path, f"anniversary.{key}", "expected a list of words")
            return frozenset(v.lower() for v in value)

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
            count_nouns=_counts(data, "count_nouns", path),
            count_words=_counts(data, "count_words", path),
            ordinal_tens=_counts(data, "ordinal_tens", path),
            tens=_counts(data, "tens", path),
        )


@dataclass(frozen=True, slots=True)
class TypeTable:
    """What ``types`` of ``data/events.yaml`` says of each event type and its triggers."""

    verbs: dict[str, str] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)
    host_verbs: dict[str, str] = field(default_factory=dict)
    cameo: dict[str, str | None] = field(default_factory=dict)
    host_cameo: dict[str, str] = field(default_factory=dict)
    qualifiers: dict[str, frozenset[str]] = field(default_factory=dict)
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)
    retypes: dict[str, dict[str, str]] = field(default_factory=dict)
    needs_verb: set[str] = field(default_factory=set)
    needs_noun: set[str] = field(default_factory=set)
    needs_complement: set[str] = field(default_factory=set)
    weak_verbs: set[str] = field(default_factory=set)
    goal_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    paired_verbs: set[str] = field(default_factory=set)
    objects: dict[str, frozenset[str]] = field(default_factory=dict)
    particles: dict[str, str] = field(default_factory=dict)
    anaphoric: set[str] = field(default_factory=set)
    light_nouns: set[str] = field(default_factory=set)
    noun_modifiers: dict[str, frozenset[str]] = field(default_factory=dict)

    def add(self, kind: str, spec: Any, path: Path) -> None:
        """Read the entry of one event type (the first type to name a trigger keeps it)."""
        if not isinstance(spec, Mapping):
            raise DataFileError(path, f"types.{kind}", "expected a mapping")
        for key in ("verbs", "nouns", "light_nouns", "host_verbs", "qualifiers"):
            if not isinstance(spec.get(key) or [], list):
                raise DataFileError(path, f"types.{kind}.{key}", "expected a list")
        self._add_triggers(kind, spec)
        self._add_restricted_nouns(kind, spec, path)
        self.cameo[kind] = None if spec.get("cameo") is None else str(spec["cameo"])
        if spec.get("host_cameo"):
            self.host_cameo[kind] = str(spec["host_cameo"])
        sets_by_key = (
            ("qualifiers", self.qualifiers),
            ("anchors", self.anchors),
            ("objects", self.objects),
        )
        for key, sets in sets_by_key:
            if spec.get(key):
                sets[kind] = frozenset(str(q).lower() for q in spec[key])
        if spec.get("retype"):
            self.retypes[kind] = _word_map(spec, "retype", path)
        flags = (
            ("needs_verb", self.needs_verb),
            ("needs_noun", self.needs_noun),
            ("needs_event_complement", self.needs_complement),
            ("anaphoric", self.anaphoric),
        )
        for key, kinds in flags:
            if spec.get(key):
                kinds.add(kind)
        self.weak_verbs.update(str(v).lower() for v in spec.get("weak_verbs") or ())
        self._add_goal_verbs(kind, spec, path)
        self.paired_verbs.update(str(v).lower() for v in spec.get("paired_verbs") or ())

    def _add_goal_verbs(self, kind: str, spec: Mapping[str, Any], path: Path) -> None:
        goals = spec.get("goal_verbs") or {}
        if not isinstance(goals, Mapping):
            raise DataFileError(path, f"types.{kind}.goal_verbs", "expected a mapping")
        for verb, ways in goals.items():
            self.goal_verbs[str(verb).lower()] = frozenset(str(w).lower() for w in ways or ())

    def _add_triggers(self, kind: str, spec: Mapping[str, Any]) -> None:
        tables = (("verbs", self.verbs), ("nouns", self.nouns), ("host_verbs", self.host_verbs))
        for key, table in tables:
            for entry in spec.get(key) or ():
                # a verb with its particle ("touch down") is a trigger only with it
                lemma, _, particle = str(entry).lower().partition(" ")
                table.setdefault(lemma, kind)
                if particle and key != "nouns":
                    self.particles[lemma] = particle
        # a capitalised plural is often its own lemma ("the Camp David Accords")
        for lemma in spec.get("nouns") or ():
            self.nouns.setdefault(plural(str(lemma).lower()), kind)

    def _add_restricted_nouns(self, kind: str, spec: Mapping[str, Any], path: Path) -> None:
        # nouns that are triggers only with one of their modifiers ("a joint statement")
        qualified = spec.get("qualified_nouns") or {}
        if not isinstance(qualified, Mapping):
            raise DataFileError(path, f"types.{kind}.qualified_nouns", "expected a mapping")
        for noun, words in qualified.items():
            modifiers = frozenset(str(w).lower() for w in words or ())
            for form in self._new_forms(str(noun), kind):
                self.noun_modifiers[form] = modifiers
        # nouns that are triggers only as the object of a light verb ("had a talk with")
        for entry in spec.get("light_nouns") or ():
            self.light_nouns.update(self._new_forms(str(entry), kind))

    def _new_forms(self, noun: str, kind: str) -> list[str]:
        """Make a noun and its plural triggers of ``kind``; the forms no earlier type took."""
        lower = noun.lower()
        forms = [f for f in dict.fromkeys((lower, plural(lower))) if f not in self.nouns]
        for form in forms:
            self.nouns[form] = kind
        return forms


def plural(noun: str) -> str:
    """The regular English plural of a noun ("accord" → "accords", "treaty" → "treaties");
    a noun already plural ("talks", "ties") is kept."""
    if noun.endswith("s"):
        return noun
    if noun.endswith(("x", "ch", "sh", "z")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


@dataclass(frozen=True, slots=True)
class Ontology:
    """The event types and word lists of ``data/events.yaml``, validated once."""

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
    # verbs that are visits only with a place they go to, each with the prepositions (or
    # "object") that name it ("came to India", "left for Moscow"; no date will do)
    goal_verbs: Mapping[str, frozenset[str]]
    anchors: Mapping[str, frozenset[str]]
    # the type a noun takes from the verb carrying it ("signed a communique": an agreement)
    retypes: Mapping[str, Mapping[str, str]]
    anaphoric: frozenset[str]
    # verbs that are events only between two named parties ("X and Y discussed ...")
    paired_verbs: frozenset[str] = frozenset()
    # the objects the verbs of a type need ("recalled its ambassador")
    objects: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # verbs that are triggers only with their particle ("touch down")
    particles: Mapping[str, str] = field(default_factory=dict)
    # nouns that are triggers only as the object of a light verb ("had a talk with")
    light_nouns: frozenset[str] = frozenset()
    # nouns that are triggers only with one of these modifiers ("a joint statement")
    noun_modifiers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    accept_verbs: frozenset[str] = frozenset()
    cause_preps: frozenset[str] = frozenset()
    separate_words: frozenset[str] = frozenset()
    together_words: frozenset[str] = frozenset()
    after_preps: frozenset[str] = frozenset()
    state_pronouns: frozenset[str] = frozenset()
    within_preps: frozenset[str] = frozenset()
    other_event_words: frozenset[str] = frozenset()
    setting_out_verbs: frozenset[str] = frozenset()
    iteration_words: frozenset[str] = frozenset()
    iteration_counts: frozenset[str] = frozenset()
    first_words: frozenset[str] = frozenset()
    gathering_preps: frozenset[str] = frozenset()
    collective_nouns: frozenset[str] = frozenset()
    party_object_verbs: frozenset[str] = frozenset()
    bound_preps: frozenset[str] = frozenset()
    later_marks: frozenset[str] = frozenset()
    hedges: frozenset[str] = frozenset()
    occurrence_verbs: frozenset[str] = frozenset()
    cancel_verbs: frozenset[str] = frozenset()
    # verbs that call an event off only with their particle ("cut off", "break off")
    cancel_particles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # types a duration of their noun stretches, and verbs that end such an event
    stay_types: frozenset[str] = frozenset()
    ending_verbs: frozenset[str] = frozenset()
    starting_words: frozenset[str] = frozenset()
    range_ends: frozenset[str] = frozenset()
    diplomatic_types: frozenset[str] = frozenset()
    framing_verbs: frozenset[str] = frozenset()
    official_nouns: frozenset[str] = frozenset()
    # titles that make the person named after them a public official ("Prime Minister X"),
    # titles that do so only with a state or public body named ("Iraqi spokesman X"), and
    # words naming an organ of a state ("Foreign Ministry")
    office_titles: frozenset[str] = frozenset()
    public_titles: frozenset[str] = frozenset()
    shared_titles: frozenset[str] = frozenset()
    private_nouns: frozenset[str] = frozenset()
    company_words: frozenset[str] = frozenset()
    company_nouns: frozenset[str] = frozenset()
    # the agent's own people ("his aides") and the possessives that make them so
    own_people_nouns: frozenset[str] = frozenset()
    possessive_pronouns: frozenset[str] = frozenset()
    # words of a sentence about sport, and about business or a lawsuit
    sports_words: frozenset[str] = frozenset()
    business_words: frozenset[str] = frozenset()
    state_organ_words: frozenset[str] = frozenset()
    diplomatic_modifiers: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    planning_verbs: frozenset[str] = frozenset()
    proposal_verbs: frozenset[str] = frozenset()
    future_aux: frozenset[str] = frozenset()
    hypothetical_aux: frozenset[str] = frozenset()
    planned_modifiers: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    denial_lemmas: frozenset[str] = frozenset()
    place_preps: frozenset[str] = frozenset()
    partner_preps: frozenset[str] = frozenset()
    media_words: frozenset[str] = frozenset()
    # last words of names of buildings and sites (places, never actors)
    facility_nouns: frozenset[str] = frozenset()
    # verbs that report: a date governed by one is the report's, not the event's
    report_verbs: frozenset[str] = frozenset()
    # plural nouns for people, for heads ("the two leaders"), and for states
    people_nouns: frozenset[str] = frozenset()
    leader_nouns: frozenset[str] = frozenset()
    leader_roles: frozenset[str] = frozenset()
    state_nouns: frozenset[str] = frozenset()
    # types whose place is the goal of their noun ("his visit to Tokyo")
    place_types: frozenset[str] = frozenset()
    # types a city naming them is the place of ("the Madrid summit")
    venue_types: frozenset[str] = frozenset()
    anaphoric_determiners: frozenset[str] = frozenset()
    speaker_pronouns: frozenset[str] = frozenset()
    third_person_pronouns: frozenset[str] = frozenset()
    present_adverbs: frozenset[str] = frozenset()
    title_nouns: frozenset[str] = frozenset()
    head_nouns: frozenset[str] = frozenset()
    # offices named by a head noun, or by a modifier of "minister"
    offices: Mapping[str, str] = field(default_factory=dict)
    office_modifiers: Mapping[str, str] = field(default_factory=dict)
    anniversary: AnniversaryRules = field(default_factory=lambda: AnniversaryRules())

    @classmethod
    def from_data(cls, data: Any) -> Ontology:
        path = data_dir() / "events.yaml"
        if not isinstance(data, Mapping) or not isinstance(data.get("types"), Mapping):
            raise DataFileError(path, "types", "expected a mapping of event types")
        table = TypeTable()
        for kind, spec in data["types"].items():
            table.add(kind, spec, path)
        types = frozenset(str(k) for k in data["types"])
        return cls(
            verbs=table.verbs,
            nouns=table.nouns,
            host_verbs=table.host_verbs,
            cameo=table.cameo,
            host_cameo=table.host_cameo,
            qualifiers=table.qualifiers,
            needs_verb=frozenset(table.needs_verb),
            needs_noun=frozenset(table.needs_noun),
            needs_event_complement=frozenset(table.needs_complement),
            weak_verbs=frozenset(table.weak_verbs),
            goal_verbs=table.goal_verbs,
            paired_verbs=frozenset(table.paired_verbs),
            objects=table.objects,
            particles=table.particles,
            light_nouns=frozenset(table.light_nouns),
            noun_modifiers=table.noun_modifiers,
            anchors=table.anchors,
            retypes=table.retypes,
            anaphoric=frozenset(table.anaphoric),
            offices=_word_map(data, "offices", path),
            office_modifiers=_word_map(data, "office_modifiers", path),
            anniversary=AnniversaryRules.from_data(data.get("anniversary") or {}, path, types),
            accept_verbs=_words(data, "accept_verbs", path),
            cause_preps=_words(data, "cause_preps", path),
            separate_words=_words(data, "separate_words", path),
            together_words=_words(data, "together_words", path),
            after_preps=_words(data, "after_preps", path),
            state_pronouns=_words(data, "state_pronouns", path),
            within_preps=_words(data, "within_preps", path),
            other_event_words=_words(data, "other_event_words", path),
            setting_out_verbs=_words(data, "setting_out_verbs", path),
            iteration_words=_words(data, "iteration_words", path),
            iteration_counts=_words(data, "iteration_counts", path),
            first_words=_words(data, "first_words", path),
            gathering_preps=_words(data, "gathering_preps", path),
            collective_nouns=_words(data, "collective_nouns", path),
            party_object_verbs=_words(data, "party_object_verbs", path),
            bound_preps=_words(data, "bound_preps", path),
            later_marks=_words(data, "later_marks", path),
            hedges=_words(data, "hedges", path),
            occurrence_verbs=_words(data, "occurrence_verbs", path),
            cancel_verbs=frozenset(w for w in _words(data, "cancel_verbs", path) if " " not in w),
            cancel_particles=_particles(_words(data, "cancel_verbs", path)),
            stay_types=_words(data, "stay_types", path),
            ending_verbs=_words(data, "ending_verbs", path),
            starting_words=_words(data, "starting_words", path),
            range_ends=_words(data, "range_ends", path),
            diplomatic_types=_words(data, "diplomatic_types", path),
            framing_verbs=_words(data, "framing_verbs", path),
            official_nouns=_words(data, "official_nouns", path),
            office_titles=_words(data, "office_titles", path),
            public_titles=_words(data, "public_titles", path),
            shared_titles=_words(data, "shared_titles", path),
            private_nouns=_words(data, "private_nouns", path),
            company_words=_words(data, "company_words", path),
            company_nouns=_words(data, "company_nouns", path),
            own_people_nouns=_words(data, "own_people_nouns", path),
            possessive_pronouns=_words(data, "possessive_pronouns", path),
            sports_words=_words(data, "sports_words", path),
            business_words=_words(data, "business_words", path),
            state_organ_words=_words(data, "state_organ_words", path),
            diplomatic_modifiers=_words(data, "diplomatic_modifiers", path),
            light_verbs=_words(data, "light_verbs", path),
            planning_verbs=_words(data, "planning_verbs", path),
            proposal_verbs=_words(data, "proposal_verbs", path),
            future_aux=_words(data, "future_aux", path),
            hypothetical_aux=_words(data, "hypothetical_aux", path),
            planned_modifiers=_words(data, "planned_modifiers", path),
            conditional_marks=_words(data, "conditional_marks", path),
            denial_lemmas=_words(data, "denial_lemmas", path),
            place_preps=_words(data, "place_preps", path),
            partner_preps=_words(data, "partner_preps", path),
            media_words=_words(data, "media_words", path),
            facility_nouns=_words(data, "facility_nouns", path),
            report_verbs=_words(data, "report_verbs", path),
            people_nouns=_words(data, "people_nouns", path),
            leader_nouns=_words(data, "leader_nouns", path),
            leader_roles=_words(data, "leader_roles", path),
            state_nouns=_words(data, "state_nouns", path),
            place_types=_words(data, "place_types", path),
            venue_types=_words(data, "venue_types", path),
            anaphoric_determiners=_words(data, "anaphoric_determiners", path),
            speaker_pronouns=_words(data, "speaker_pronouns", path),
            third_person_pronouns=_words(data, "third_person_pronouns", path),
            present_adverbs=_words(data, "present_adverbs", path),
            title_nouns=_words(data, "title_nouns", path),
            head_nouns=_words(data, "head_nouns", path),
        )


def _particles(entries: frozenset[str]) -> dict[str, frozenset[str]]:
    """The verbs given with a particle ("cut off") and the particles each takes."""
    found: dict[str, set[str]] = {}
    for entry in entries:
        verb, _, particle = entry.partition(" ")
        if particle:
            found.setdefault(verb, set()).add(particle)
    return {verb: frozenset(particles) for verb, particles in sorted(found.items())}


def family(kind: str) -> str:
    """The family of an event type (``family`` in data/events.yaml): visits, meetings, summits
    and talks are one contact."""
    return type_family(kind)


def load_ontology() -> Ontology:
    """The ontology of ``data/events.yaml`` (with the user's additions)."""
    return Ontology.from_data(load_data("events.yaml"))
