"""Actor and place normalisation: the gazetteer of ``data/gazetteer.yaml``.

:class:`Gazetteer` maps the spellings a text uses ("Comrade Kim Jong-un's", "the DPRK",
"Vladimir Vladimirovich", "Kremlin") to canonical names with their kind (person, state, place,
org, media). ``timeline_events`` asks it for the canonical name of every argument it extracts
and for the phrases to match as one span in the text; names it does not know pass through
cleaned (titles and possessives stripped), never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .dates import parse_when
from .errors import DataFileError
from .resources import data_dir, load_data

KINDS = ("person", "state", "place", "org", "media")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_SEPARATORS = re.compile(r"[-‐‑‒–—_/]+")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_STRIP = re.compile(r"^[\s\"'“”«»(\[]+|[\s\"'“”«»)\],.:;!?]+$")
_NON_WORD = re.compile(r"[^\w\s']")
# a nickname quoted inside a name: Joko "Jokowi" Widodo
_NICKNAME = re.compile(r"\s+[\"“«][^\"“”«»]+[\"”»](?=\s)")


def name_key(text: str) -> str:
    """Lookup key of a name: case, accents kept; hyphens, dots and quotes folded; spaces single."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    text = _SEPARATORS.sub(" ", text)
    text = text.replace(".", "")
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


def has_nickname(text: str) -> bool:
    """Whether a name holds a quoted nickname (Joko "Jokowi" Widodo): a person's name."""
    return _NICKNAME.search(text.translate(_APOSTROPHES)) is not None


def _ascii_fold(key: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c)
    ).strip()


@dataclass(frozen=True, slots=True)
class Entry:
    """One canonical name of the gazetteer."""

    name: str
    kind: str  # person, state, place, org, media
    role: str | None = None
    country: str | None = None
    # the term of office of a person listed by role: "START/END" or "START/" (ISO dates)
    term: str | None = None


class Gazetteer:
    """Canonical names, their aliases and the lookup rules (built once, read-only after)."""

    def __init__(self, data: Mapping[str, Any], *, source: str = "gazetteer.yaml") -> None:
        self._aliases: dict[str, Entry] = {}
        self._metonyms: dict[str, Entry] = {}
        self._demonyms: dict[str, Entry] = {}
        self._surnames: dict[str, Entry] = {}
        self._capitals: dict[str, str] = {}
        self.titles = frozenset(name_key(t) for t in data.get("titles") or ())
        self.role_words = frozenset(name_key(t) for t in data.get("role_words") or ())
        self.companions = frozenset(name_key(t) for t in data.get("companions") or ())
        self.naming_titles = frozenset(name_key(t) for t in data.get("naming_titles") or ())
        self.honorifics = frozenset(name_key(t) for t in data.get("honorifics") or ())
        self.description_nouns = frozenset(name_key(t) for t in data.get("description_nouns") or ())
        self.phrases: dict[str, str] = {}  # surface form -> kind, for the phrase matcher
        for entry, forms in self._entries(data, source):
            for form in forms:
                self._add(self._aliases, form, entry)
        self._add_surnames()
        self._holders: dict[tuple[str, str], Entry | None] = {}
        for entry in {e for e in self._aliases.values() if e.kind == "person"}:
            if entry.role and entry.country:
                key = (entry.country, entry.role)
                # an office held by two listed people is ambiguous: no holder
                self._holders[key] = None if key in self._holders else entry

    # -- building --------------------------------------------------------------------------

    def _entries(self, data: Mapping[str, Any], source: str) -> Iterator[tuple[Entry, list[str]]]:
        sections = {"states": "state", "people": "person", "places": "place", "orgs": "org"}
        for section, kind in sections.items():
            for index, item in enumerate(data.get(section) or ()):
                if not isinstance(item, Mapping) or not item.get("name"):
                    raise DataFileError(
                        data_dir() / source, f"{section}[{index}]", "each entry needs a 'name'"
                    )
                entry = Entry(
                    name=str(item["name"]),
                    kind=kind,
                    role=item.get("role"),
                    country=item.get("country"),
                    term=None if item.get("term") is None else str(item["term"]),
                )
                forms = [entry.name, *(str(a) for a in item.get("aliases") or ())]
                for form in forms:
                    # a name that is also its demonym ("Vatican") is the state's name
                    self.phrases.setdefault(form, kind)
                if kind == "state":
                    self._add_state(entry, item)
                yield entry, forms
        for outlet in data.get("media") or ():
            entry = Entry(name=str(outlet), kind="media")
            self.phrases.setdefault(str(outlet), "media")
            yield entry, [str(outlet)]

    def _add_state(self, entry: Entry, item: Mapping[str, Any]) -> None:
        """A state's demonyms, metonyms and capital."""
        if item.get("capital"):
            self._capitals[entry.name] = str(item["capital"])
        for demonym in item.get("demonyms") or ():
            self._add(self._demonyms, str(demonym), entry)
            self.phrases.setdefault(str(demonym), "demonym")
        for metonym in item.get("metonyms") or ():
            self._add(self._metonyms, str(metonym), entry)
            # As a place a capital stays itself; as an actor it is the state.
            place = Entry(name=str(metonym), kind="place", country=entry.name)
            if name_key(str(metonym)) not in self._aliases:
                self._add(self._aliases, str(metonym), place)

    @staticmethod
    def _add(table: dict[str, Entry], form: str, entry: Entry) -> None:
        key = name_key(form)
        if not key:
            return
        table.setdefault(key, entry)
        table.setdefault(_ascii_fold(key), entry)

    def _add_surnames(self) -> None:
        counts: Counter[str] = Counter()
        people = {e for e in self._aliases.values() if e.kind == "person"}
        for entry in people:
            words = name_key(entry.name).split()
            if len(words) >= 2:
                counts[words[-1]] += 1
        for entry in sorted(people, key=lambda e: e.name):
            words = name_key(entry.name).split()
            if len(words) >= 2 and counts[words[-1]] == 1 and len(words[-1]) > 2:
                self._surnames.setdefault(words[-1], entry)

    # -- lookup ----------------------------------------------------------------------------

    def _find(self, key: str, *, metonymy: bool, surnames: bool = True) -> Entry | None:
        for candidate in (key, _ascii_fold(key)):
            if metonymy and candidate in self._metonyms:
                return self._metonyms[candidate]
            if candidate in self._aliases:
                return self._aliases[candidate]
            if surnames and candidate in self._surnames:
                return self._surnames[candidate]
        return None

    def lookup(self, text: str, *, metonymy: bool = False, surnames: bool = True) -> Entry | None:
        """The entry a name refers to, trying it without leading titles, or None;
        ``surnames=False`` does not take a listed person's surname alone for them."""
        key = name_key(_POSSESSIVE.sub("", _STRIP.sub("", text.translate(_APOSTROPHES))))
        words = key.split()
        while words:
            entry = self._find(" ".join(words), metonymy=metonymy, surnames=surnames)
            if entry is not None:
                return entry
            if words[0] in self.titles:
                words = words[1:]
                continue
            # "Russian Foreign Minister X": a demonym followed by a title
            if len(words) > 1 and words[0] in self._demonyms and words[1] in self.titles:
                words = words[1:]
                continue
            if len(words) > 2 and " ".join(words[:2]) in self._demonyms:
                words = words[2:]
                continue
            # "Antony J. Blinken": a middle initial left out
            inner = [w for w in words[1:-1] if len(w) > 1]
            if len(words) > 2 and len(inner) < len(words) - 2:
                words = [words[0], *inner, words[-1]]
                continue
            break
        return None

    def demonym(self, text: str) -> Entry | None:
        """The state an adjective names ("North Korean" -> North Korea), or None."""
        key = name_key(text)
        if key.endswith("s") and key not in self._demonyms:
            key = key[:-1]  # "Russians"
        return self._demonyms.get(key) or self._demonyms.get(_ascii_fold(key))

    def clean(self, text: str) -> str:
        """A name without quotes, possessive and leading titles, in its own capitalisation."""
        text = _STRIP.sub("", unicodedata.normalize("NFKC", text).translate(_APOSTROPHES))
        text = _NICKNAME.sub("", _POSSESSIVE.sub("", text)).strip()
        words = text.split()
        while len(words) > 1 and name_key(words[0]) in self.titles:
            words = words[1:]
        return " ".join(words)

    def canonical(self, text: str, *, metonymy: bool = False) -> tuple[str, str | None]:
        """(canonical name, kind or None when unknown); unknown names come back cleaned."""
        entry = self.lookup(text, metonymy=metonymy)
        if entry is not None:
            return entry.name, entry.kind
        state = self.demonym(text)
        if state is not None:
            return state.name, "state"
        return self.clean(text), None

    def is_role_phrase(self, text: str) -> bool:
        """Whether a phrase is made of titles and names of offices or bodies only ("the
        Chairperson", "Council of State", "Party General Secretary"): no one's name."""
        words = name_key(_POSSESSIVE.sub("", text.translate(_APOSTROPHES))).split()
        return bool(words) and all(w in self.titles or w in self.role_words for w in words)

    def in_office(self, name: str, when: str | None) -> bool:
        """Whether the listed holder of an office held it at ``when`` (a date value): only a
        term of office in the gazetteer covering the whole date says so."""
        entry = self.lookup(name)
        if entry is None or entry.term is None or when is None:
            return False
        span = parse_when(when)
        first, _, last = entry.term.partition("/")
        start, end = parse_when(first), parse_when(last) if last not in ("", "..") else None
        if span is None or start is None:
            return False
        return start.start <= span.start and (end is None or span.end <= end.end)

    def capital(self, state: str) -> str | None:
        """The capital of a listed state ("Iran's capital" -> Tehran), or None."""
        return self._capitals.get(state)

    def holder(self, state: str, role: str) -> Entry | None:
        """The listed holder of an office ("head of state" of "North Korea"), if unique."""
        return self._holders.get((state, role))

    def affiliation(self, name: str) -> frozenset[str]:
        """A name with what it stands for: a person's state, a place's country ("Pyongyang" ->
        North Korea), for the merge to see "Putin" and "Russia" as one party and a city as
        inside its country."""
        found = {name}
        entry = self.lookup(name)
        if entry is not None:
            found.add(entry.name)
            # a former office holder no longer stands for the state
            former = entry.kind == "person" and (entry.role or "").startswith("former")
            if entry.country and entry.kind in ("person", "place") and not former:
                state = self.lookup(entry.country)
                found.add(state.name if state is not None else entry.country)
        return frozenset(found)

    def kind(self, text: str) -> str | None:
        entry = self.lookup(text)
        return entry.kind if entry is not None else None

    def is_media(self, text: str) -> bool:
        entry = self.lookup(text)
        return entry is not None and entry.kind == "media"

    def entries(self) -> Iterable[Entry]:
        return sorted(set(self._aliases.values()), key=lambda e: (e.kind, e.name))

    def other_names(self) -> dict[str, tuple[str, ...]]:
        """Each canonical name with the other names (as lookup keys) that find it, sorted."""
        names: dict[str, set[str]] = {}
        for key, entry in self._aliases.items():
            own = name_key(entry.name)
            if key not in (own, _ascii_fold(own)):
                names.setdefault(entry.name, set()).add(key)
        return {name: tuple(sorted(keys)) for name, keys in sorted(names.items())}


@cache
def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer merged with the user's (loaded once per process)."""
    data = load_data("gazetteer.yaml")
    if not isinstance(data, Mapping):
        raise DataFileError(data_dir() / "gazetteer.yaml", "top level", "expected a mapping")
    return Gazetteer(data)
