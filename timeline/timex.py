"""Temporal expressions: find dates in a Doc and normalise them to TIMEX3 values.

The ``timeline_timex`` component runs after the model's ``ner``. It finds temporal expressions
with a grammar of regular expressions (HeidelTime-style rules built once from the vocabulary in
``data/timex.yaml``) run only over the stretches of text around trigger words, and uses the
model's annotation to veto false friends: a number the model calls ``CARDINAL``/``QUANTITY``
("2000 troops"), "May" tagged as a modal, a month or weekday inside a ``PERSON``/``ORG`` name.
The grammar, not the model's ``DATE`` entities, decides extents: the model merges lists ("June
18 and 19"), misses numeric dates ("06/20/2024") and splits ranges inconsistently. Each
expression is then normalised in text order against an anchor: the document creation time
(``doc._.timeline_dct``) for deictic expressions, with the governing verb's tense (from the
parse) choosing past or future, and the last mentioned date of the needed precision for
narrative ones ("two days later", "that October"). Whether a document is news or a history is
decided from how its explicit years relate to its date and how often it speaks from the
writer's day.

Results: ``doc._.timeline_timexes`` (sorted :class:`TimeExpr`) and the span group
``doc.spans["timeline_dates"]`` (label = TIMEX3 type). When the document has no date, one is
inferred from the content and stored in ``doc._.timeline_dct`` with source ``inferred``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .dct import find_dateline
from .errors import InputError
from .model import TimeExpr
from .resources import load_data

__all__ = [
    "SPAN_KEY",
    "DocumentDates",
    "TimexTagger",
    "document_dates",
    "make_timex",
    "tag_doc",
    "timeml_expressions",
]

SPAN_KEY = "timeline_dates"
MIN_YEAR, MAX_YEAR = 1000, 2199
# Model labels that make an overlapping number a quantity rather than a date.
_QUANTITY_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
# Model labels that make an overlapping bare month/weekday a name ("April Ryan", "Sun Bank").
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
)


# --------------------------------------------------------------------------- vocabulary


def _alternation(words: object) -> str:
    """A regular expression matching any of the words, longest first, built as a trie so that
    a failing position costs a few character tests instead of one per word."""
    trie: dict[str, Any] = {}
    for word in {str(w) for w in words}:  # type: ignore[attr-defined]
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        if "" in node:
            return "(?:" + "|".join(branches) + ")?"
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return build(trie)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, bool, int]]
    seasons: dict[str, str]
    quarters: dict[str, str]
    halves: dict[str, str]
    parts_of_day: dict[str, str]
    holidays: dict[str, tuple[int, int]]
    references: dict[str, str]
    modifiers: tuple[str, ...]
    not_year_after: frozenset[str]
    future_heads: frozenset[str]
    future_words: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The tagger's vocabulary from ``data/timex.yaml`` (loaded once)."""
    data: dict[str, Any] = load_data("timex.yaml")

    def names(section: str) -> dict[str, int]:
        return {str(n).lower(): int(k) for k, ns in data[section].items() for n in ns}

    units: dict[str, tuple[str, bool, int]] = {}
    for name, spec in data["units"].items():
        units[str(name)] = (
            str(spec["code"]),
            bool(spec.get("time", False)),
            int(spec.get("factor", 1)),
        )
    for plural, singular in data.get("unit_plurals", {}).items():
        units[str(plural)] = units[str(singular)]
    return _Lexicon(
        months=names("months"),
        weekdays=names("weekdays"),
        numbers={str(k).lower(): int(v) for k, v in data["numbers"].items()},
        vague=frozenset(str(v).lower() for v in data["vague_numbers"]),
        ordinals={str(k).lower(): int(v) for k, v in data["ordinals"].items()},
        units=units,
        seasons={str(k): str(v) for k, v in data["seasons"].items()},
        quarters={str(k): str(v) for k, v in data["quarters"].items()},
        halves={str(k): str(v) for k, v in data["halves"].items()},
        parts_of_day={str(k): str(v) for k, v in data["parts_of_day"].items()},
        holidays={str(k).lower(): (int(v[0]), int(v[1])) for k, v in data["holidays"].items()},
        references={str(k).lower(): str(v) for k, v in data["references"].items()},
        modifiers=tuple(str(m) for m in data["modifiers"]),
        not_year_after=frozenset(str(w).lower() for w in data["not_year_after"]),
        future_heads=frozenset(str(w).lower() for w in data["future_heads"]),
        future_words=tuple(str(w).lower() for w in data["future_words"]),
    )


# --------------------------------------------------------------------------- grammar


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    priority: int


@lru_cache(maxsize=1)
def _grammar() -> tuple[_Rule, ...]:
    """The compiled patterns, most specific first (compiled once per process)."""
    lex = lexicon()
    full_months = [str(names[0]).lower() for names in load_data("timex.yaml")["months"].values()]
    short_months = [n for n in lex.months if n not in full_months]
    mon_full = (
        "(?:"
        + _alternation(n.capitalize() for n in full_months)
        + "|"
        + _alternation(n.upper() for n in full_months)
        + ")"
    )
    mon_any = (
        "(?:"
        + _alternation(n.capitalize() for n in full_months)
        + "|(?:"
        + _alternation(n.capitalize() for n in short_months)
        + r")\.?)"
    )
    full_days = [n for n in lex.weekdays if len(n) > 4 or n == "friday"]
    wd = "(?:" + _alternation(n.capitalize() for n in full_days) + ")"
    day = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?:1\d{3}|20\d{2})"
    era = r"(?:B\.C\.(?:E\.)?|BCE?|A\.D\.|AD|C\.E\.|CE)"
    dash = r"\s*(?:-|–|—|to|through|until|till)\s*"
    tight_dash = r"\s*(?:-|–|—)\s*"
    num_words = _alternation(lex.numbers)
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    num = rf"(?i:\d+(?:\.\d+)?|(?:{tens})[- ](?:{ones})|{num_words})"
    vague = "(?i:" + _alternation(lex.vague) + ")"
    units = _alternation(lex.units)
    unit = rf"(?:{units})s?"
    mods = _alternation(lex.modifiers)
    mod = rf"(?:(?:[Tt]he\s+)?(?:very\s+)?(?i:{mods})(?:\s*-\s*|\s+))?"
    season = (
        "(?:"
        + _alternation(lex.seasons)
        + "|"
        + _alternation(n.capitalize() for n in lex.seasons)
        + ")"
    )
    pod = _alternation(lex.parts_of_day)
    holiday = _alternation(lex.holidays)
    refs = _alternation(lex.references)
    ordinal = _alternation(lex.ordinals)
    rel = (
        r"(?i:(?:(?:earlier|later)\s+)?(?:the\s+(?:next|following|previous|preceding|same|coming|"
        r"past|current|last|first|final)|this|last|next|past|coming|that|previous|current))"
    )
    b = r"(?<![\w/.-])"  # left boundary that refuses parts of numbers and identifiers
    e = r"(?![\w/-]|\.\d)"
    patterns: list[tuple[str, str]] = [
        (
            "range_md_md",
            rf"{b}(?:{wd},?\s+)?{mon_any}\s+{day}{dash}{mon_any}\s+{day}(?:,?\s+{year})?{e}",
        ),
        ("range_dm_dm", rf"{b}{day}\s+{mon_any}{dash}{day}\s+{mon_any}(?:,?\s+{year})?{e}"),
        ("range_md_d", rf"{b}{mon_any}\s+{day}{tight_dash}{day}(?:,?\s+{year})?{e}"),
        ("range_d_dm", rf"{b}{day}{tight_dash}{day}\s+{mon_any}(?:,?\s+{year})?{e}"),
        ("range_my_my", rf"{b}{mon_full}(?:\s+{year})?{tight_dash}{mon_full}\s+{year}{e}"),
        (
            "list_md_d",
            rf"{b}{mon_any}\s+{day}(?:\s*,\s*{day})*,?\s+(?:and|or|&)\s+{day}(?:,?\s+{year})?{e}",
        ),
        (
            "list_d_dm",
            rf"{b}{day}(?:\s*,\s*{day})*,?\s+(?:and|or|&)\s+{day}\s+{mon_any}(?:,?\s+{year})?{e}",
        ),
        (
            "pod_of",
            rf"{b}(?:[Tt]he\s+)?(?:{pod})\s+of\s+(?:{wd},?\s+)?(?:{mon_any}\s+{day}(?:,?\s+{year})?|{day}\s+{mon_any}(?:,?\s+{year})?){e}",
        ),
        ("mdy", rf"{b}{mod}(?:{wd},?\s+)?{mon_any}\s+{day},?\s+{year}{e}"),
        ("dmy", rf"{b}{mod}(?:{wd},?\s+)?(?:[Tt]he\s+)?{day}(?:\s+of)?\s+{mon_any},?\s+{year}{e}"),
        ("iso", rf"{b}{year}-[01]\d-[0-3]\d(?:T[0-2]\d:[0-5]\d(?::[0-5]\d)?)?{e}"),
        ("numeric", rf"{b}[0-3]?\d(?P<sep>[/.])[0-3]?\d(?P=sep){year}{e}"),
        ("my", rf"{b}{mod}{mon_full},?\s+(?:of\s+)?(?:{year}|\d{{1,4}}\s*{era}){e}"),
        ("year_range", rf"{b}{mod}(?:{year}){tight_dash}(?:{year}|\d{{2}}){e}(?!\s*(?:%|percent))"),
        (
            "decade",
            rf"{b}{mod}(?:[Tt]he\s+)?(?:(?:[Ee]arly|[Ll]ate|[Mm]id)(?:\s*-\s*|\s+))?(?:(?:1\d|20)\d0s|'\d0s){e}",
        ),
        (
            "century",
            rf"{b}{mod}(?:[Tt]he\s+)?(?:(?:[Ee]arly|[Ll]ate|[Mm]id)(?:\s*-\s*|\s+))?(?:{ordinal}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+century(?:\s+{era})?{e}",
        ),
        (
            "season_year",
            rf"{b}{mod}(?:[Tt]he\s+)?(?:(?:[Ee]arly|[Ll]ate|[Mm]id)(?:\s*-\s*|\s+))?(?:{season})(?:\s+of)?,?\s+(?:{year}|\d{{1,4}}\s*{era}){e}",
        ),
        (
            "quarter",
            rf"{b}(?:[Tt]he\s+)?(?:{_alternation(lex.quarters)})[\s-]+quarter(?:\s+of)?(?:\s+{year})?{e}|{b}Q[1-4]\s+{year}{e}",
        ),
        (
            "half",
            rf"{b}(?:[Tt]he\s+)?(?:{_alternation(lex.halves)})\s+half\s+of\s+(?:{year}|the\s+year|this\s+year|last\s+year|next\s+year){e}",
        ),
        ("era_year", rf"{b}{mod}(?:\d{{1,4}}\s*{era}|A\.?D\.?\s*\d{{1,4}}){e}"),
        ("holiday", rf"{b}(?i:{holiday})(?:\s+{year})?(?:\s+(?:{pod}))?{e}"),
        ("md", rf"{b}{mod}(?:{wd},?\s+)?{mon_any}\s+{day}(?!\s*,?\s*\d){e}"),
        ("dm", rf"{b}{mod}(?:{wd},?\s+)?(?:[Tt]he\s+)?{day}(?:\s+of)?\s+{mon_any}(?!,?\s*\d){e}"),
        ("year", rf"{b}{mod}(?:(?:[Tt]he\s+)?year\s+)?{year}{e}(?!\s*(?:%|percent))"),
        ("ago", rf"{b}(?:(?:{num}|{vague})[\s-]+)?{unit}\s+ago{e}"),
        (
            "later",
            rf"{b}(?:{num}|{vague})[\s-]+{unit}\s+(?:later|earlier|afterwards?|before(?=\s*[,.;]))(?![\w-]){e}",
        ),
        (
            "rel_unit",
            rf"{b}(?:{mod})?{rel}\s+(?:(?:{units})s?|centuries|{season}|{mon_full}|{wd}|{pod})"
            rf"(?:\s+(?:{pod}))?{e}",
        ),
        (
            "end_of_the",
            rf"{b}(?:(?:[Tt]he\s+)?(?:end|beginning|start|middle|rest|remainder|course|latter\s+part)"
            rf"\s+of|(?i:later|earlier)\s+in)\s+the\s+(?:day|week|month|year|decade){e}",
        ),
        (
            "deictic",
            rf"{b}(?:the\s+day\s+(?:before|after)\s+)?(?i:today|yesterday|tomorrow|tonight)(?:\s+(?:{pod}))?{e}|{b}this\s+(?:{pod}){e}|{b}last\s+night{e}",
        ),
        ("range_wd_wd", rf"{b}{wd}{dash}{wd}(?!,?\s+{mon_any}){e}"),
        ("weekend", rf"{b}[Tt]he\s+weekend{e}"),
        ("season_rel", rf"{b}(?:[Tt]he\s+)?(?:{season})\s+of\s+{rel}\s+year{e}"),
        ("weekday", rf"{b}{wd}(?:\s+(?:{pod}))?(?!,?\s+{mon_any}){e}"),
        (
            "season",
            rf"{b}{mod}(?:[Tt]he\s+)?(?:(?:[Ee]arly|[Ll]ate|[Mm]id)(?:\s*-\s*|\s+))?(?:{season}){e}",
        ),
        ("month", rf"{b}{mod}{mon_full}(?!\s*\d){e}"),
        (
            "time",
            rf"{b}(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:[ap]\.m\.|[ap]m\b|[AP]M\b|[AP]\.M\.)|{b}(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*hrs)?{e}|{b}(?:noon|midnight|midday){e}",
        ),
        (
            "set",
            rf"{b}(?i:daily|weekly|monthly|annually|yearly|biweekly|hourly|every\s+(?:other\s+)?(?:{units}|{wd}|{pod})|each\s+(?:{units}|{wd})|(?:once|twice|\w+\s+times)\s+a\s+(?:{units})|per\s+(?:{units})){e}",
        ),
        (
            "after_event",
            rf"{b}(?:{num}|{vague})[\s-]+{unit}(?=\s+(?:after|before)\s+(?!that\b|this\b))",
        ),
        (
            "duration",
            rf"{b}(?:the\s+(?:past|last|next|first|final|previous|following|coming)\s+)?(?:(?:{num}|{vague})(?:\s+and\s+a\s+half)?[\s-]+(?:{unit})(?:[\s-]+long)?|(?<=for\s)(?:{unit})|(?<=within\s)(?:{unit})|(?<=over\s)(?:{unit})){e}",
        ),
        ("refs", rf"{b}(?i:{refs}){e}"),
        ("ref_adjective", rf"{b}(?i:former|future|current|recent){e}"),
    ]
    flags = 0
    return tuple(
        _Rule(name, re.compile(pattern, flags), priority)
        for priority, (name, pattern) in enumerate(patterns)
    )


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    rule: str
    priority: int

    @property
    def length(self) -> int:
        return self.end - self.start


_WORD = re.compile(r"\w+")
_WINDOW = 60  # characters around a trigger word that a temporal expression can reach

# The kinds of trigger word each rule needs at least one of (a window without any is skipped).
_RULE_NEEDS: dict[str, frozenset[str]] = {
    name: frozenset(kinds.split())
    for name, kinds in {
        "range_md_md": "month",
        "range_dm_dm": "month",
        "range_md_d": "month",
        "range_d_dm": "month",
        "range_my_my": "month",
        "list_md_d": "month",
        "list_d_dm": "month",
        "pod_of": "pod",
        "mdy": "month",
        "dmy": "month",
        "iso": "digit",
        "numeric": "digit",
        "my": "month",
        "year_range": "digit",
        "decade": "digit",
        "century": "century",
        "season_year": "season",
        "quarter": "unit digit",
        "half": "digit unit",
        "era_year": "digit",
        "holiday": "holiday",
        "md": "month",
        "dm": "month",
        "year": "digit",
        "ago": "ago",
        "later": "unit",
        "rel_unit": "unit season month weekday pod",
        "end_of_the": "unit",
        "deictic": "deictic pod",
        "weekday": "weekday",
        "range_wd_wd": "weekday",
        "weekend": "unit",
        "season_rel": "season",
        "season": "season",
        "month": "month",
        "time": "digit clock",
        "set": "set unit weekday pod",
        "duration": "unit",
        "refs": "ref",
        "ref_adjective": "ref",
        "after_event": "unit",
    }.items()
}


@lru_cache(maxsize=1)
def _trigger_words() -> dict[str, frozenset[str]]:
    """Trigger word → the kinds it belongs to (digits are checked apart)."""
    lex = lexicon()
    kinds: dict[str, set[str]] = {}

    def add(kind: str, words: object) -> None:
        for word in words:  # type: ignore[attr-defined]
            for piece in re.findall(r"\w+", str(word).lower()):
                kinds.setdefault(piece, set()).add(kind)

    add("month", lex.months)
    add("weekday", lex.weekdays)
    add("season", lex.seasons)
    add("season", [f"{w}s" for w in lex.seasons])
    add("pod", lex.parts_of_day)
    add("unit", lex.units)
    add("unit", [f"{w}s" for w in lex.units])
    add("holiday", lex.holidays)
    add("ref", lex.references)
    add("ref", ["former", "future", "current", "recent"])
    add("ago", ["ago"])
    add("century", ["century", "centuries"])
    add("deictic", ["today", "yesterday", "tomorrow", "tonight"])
    add("clock", ["noon", "midnight", "midday"])
    add("set", ["daily", "weekly", "monthly", "annually", "yearly", "biweekly", "hourly"])
    return {word: frozenset(k) for word, k in kinds.items()}


def _windows(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Stretches of the text around trigger words, with the kinds of triggers inside: the only
    places the grammar can match."""
    triggers = _trigger_words()
    windows: list[tuple[int, int, set[str]]] = []
    for word in _WORD.finditer(text):
        token = word.group()
        if token[0].isdigit() or token[-1].isdigit():
            kinds: frozenset[str] | set[str] = {"digit"}
        else:
            found = triggers.get(token.lower())
            if found is None:
                continue
            kinds = found
        start, end = max(0, word.start() - _WINDOW), min(len(text), word.end() + _WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1][2].update(kinds)
            windows[-1] = (windows[-1][0], end, windows[-1][2])
        else:
            windows.append((start, end, set(kinds)))
    # Cut at whitespace so that no word is split at a window's edge.
    out = []
    for start, end, kinds in windows:
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        out.append((start, end, frozenset(kinds)))
    return out


def find_candidates(text: str) -> list[_Match]:
    """Non-overlapping grammar matches, longest first, then the rule listed first."""
    windows = _windows(text)
    found = [
        _Match(m.start(), m.end(), rule.name, rule.priority)
        for rule in _grammar()
        for start, end, kinds in windows
        if kinds & _RULE_NEEDS[rule.name]
        for m in rule.regex.finditer(text, start, end)
        if m.end() > m.start()
    ]
    found.sort(key=lambda m: (-m.length, m.priority, m.start))
    taken: list[_Match] = []
    # The spans taken never overlap, so kept sorted by start they are sorted by end too: a
    # candidate can only overlap the first span ending after its start (log n, not n, a check).
    starts: list[int] = []
    ends: list[int] = []
    for match in found:
        index = bisect_right(ends, match.start)
        if index < len(starts) and starts[index] < match.end:
            continue
        taken.append(match)
        starts.insert(index, match.start)
        ends.insert(index, match.end)
    taken.sort(key=lambda m: m.start)
    return taken


# --------------------------------------------------------------------------- values


def year_value(year: int) -> str:
    """TIMEX3 year: ``1939``; years before the common era as ``BC0480`` (stored negative)."""
    return f"BC{-year:04d}" if year <= 0 else f"{year:04d}"


def _day_value(year: int, month: int, day: int) -> str | None:
    if year < 1:
        return f"{year_value(year)}-{month:02d}-{day:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week_value(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


@dataclass(frozen=True, slots=True)
class _Parts:
    month: re.Pattern[str]
    weekday: re.Pattern[str]
    day: re.Pattern[str]
    year: re.Pattern[str]
    number: re.Pattern[str]
    unit: re.Pattern[str]
    season: re.Pattern[str]
    pod: re.Pattern[str]
    era: re.Pattern[str]


@lru_cache(maxsize=1)
def _parts() -> _Parts:
    lex = lexicon()
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    return _Parts(
        month=re.compile(r"\b(" + _alternation(lex.months) + r")\b\.?", re.I),
        weekday=re.compile(r"\b(" + _alternation(lex.weekdays) + r")\b", re.I),
        day=re.compile(r"(?<![\d:])([0-3]?\d)(?:st|nd|rd|th)?(?!\d)"),
        year=re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)"),
        number=re.compile(
            rf"\b({_alternation(lex.vague)}|\d+(?:\.\d+)?|(?:{tens})[- ](?:{ones})|"
            rf"{_alternation(lex.numbers)})\b",
            re.I,
        ),
        unit=re.compile(r"\b(" + _alternation(lex.units) + r")s?\b", re.I),
        season=re.compile(r"\b(" + _alternation(lex.seasons) + r")s?\b", re.I),
        pod=re.compile(r"\b(" + _alternation(lex.parts_of_day) + r")\b", re.I),
        era=re.compile(r"(?<!\w)(B\.C\.(?:E\.)?|BCE?|A\.D\.|AD|C\.E\.|CE)(?!\w)"),
    )


@lru_cache(maxsize=1)
def _coordinated() -> re.Pattern[str]:
    """A second date after "and", "to", "-"... that states its year: "and September 1914"."""
    month = _parts().month.pattern
    return re.compile(
        r"\s*(?:,\s*)?(?:(?:and|or|to|through|until|till)\s+|[-–—]\s*)(?:early\s+|mid-?\s*|late\s+)?"
        rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?P<month>{month})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
        r",?\s+(?P<year>\d{4})(?!\d)",
        re.I,
    )


def _number(text: str) -> int | None:
    """Integer of a numeral ("12", "twenty-five", "a"), or None when vague ("several")."""
    lex = lexicon()
    text = " ".join(text.lower().replace("-", " ").split())
    if text in lex.vague:
        return None
    if re.fullmatch(r"\d+", text):
        return int(text)
    if text in lex.numbers:
        return lex.numbers[text]
    words = text.split()
    if len(words) == 2 and words[0] in lex.numbers and words[1] in lex.numbers:
        return lex.numbers[words[0]] + lex.numbers[words[1]]
    return None


def _unit(text: str) -> str | None:
    match = _parts().unit.search(text)
    return match[1].lower() if match else None


def _duration_value(count: int | None, unit: str, half: bool = False) -> str:
    code, is_time, factor = lexicon().units[unit]
    if unit in ("weekend",):
        code = "W"
    amount = "X" if count is None else str(count * factor)
    if half and count is not None:
        if code == "Y":
            amount, code = str(count * 12 + 6), "M"
        elif code == "D":
            amount, code, is_time = str(count * 24 + 12), "H", True
    if code == "Q":
        amount = "X" if count is None else str(count * 3)
        code = "M"
    return ("PT" if is_time else "P") + amount + code


# --------------------------------------------------------------------------- tense


def _sentence_of(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return None
    return span[0].sent


def tense_at(doc: Doc, start: int, end: int) -> str | None:
    """``past``, ``future`` or ``present`` for the clause governing the span, None if unknown.

    Walks from the expression to its governing verb in the parse and reads its tag and
    auxiliaries ("will", "was", "has …"); an infinitive under a verb of planning ("plans to",
    "is to", "expected to") is future. Without a parse, the words around decide.
    """
    lex = lexicon()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    if doc.has_annotation("DEP"):
        token = span.root
        for _ in range(6):
            if token.pos_ in ("VERB", "AUX") or token.head is token:
                break
            token = token.head
        for _ in range(4):
            auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
            lowers = {a.lower_ for a in auxes}
            if lowers & {"will", "'ll", "shall", "wo"}:
                return "future"
            if "to" in lowers and token.tag_ == "VB":
                head = token.head
                if head.lemma_.lower() in lex.future_heads or head.lemma_ == "be":
                    return "future"
                if head is not token and head.pos_ in ("VERB", "AUX", "ADJ"):
                    token = head
                    continue
            if token.tag_ == "VBG" and any(a.lower_ == "going" for a in auxes):
                return "future"
            if (
                token.lemma_.lower() in lex.future_heads
                and token.tag_ in ("VBN", "JJ")
                and any(a.lemma_ == "be" for a in auxes)
            ):
                return "future"
            if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
                return "past"
            if token.tag_ == "VBN" and lowers & {"has", "have", "'ve", "had"}:
                return "past"
            if token.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
                return "present"
            if auxes or token.head is token:
                break
            if token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
                return "past"  # "the deal, first proposed in March, ..."
            head = token.head
            for _ in range(3):
                if head.pos_ in ("VERB", "AUX") or head.head is head:
                    break
                head = head.head
            if head is token or head.pos_ not in ("VERB", "AUX"):
                break
            token = head
    sent = _sentence_of(doc, start, end)
    window = (sent.text if sent is not None else doc.text[max(0, start - 120) : end + 60]).lower()
    if any(re.search(rf"(?<![\w']){re.escape(w)}\b", window) for w in lex.future_words):
        return "future"
    if sent is not None and any(t.tag_ == "VBD" for t in sent):
        return "past"
    return None


# --------------------------------------------------------------------------- resolution


@dataclass(slots=True)
class _Anchor:
    """The last mentioned dates of each precision (narrative reference times)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    pos: int = -1

    def set(self, year: int, month: int | None = None, day: int | None = None, *, pos: int) -> None:
        if month is None:
            if year != self.year:
                self.month = self.day = None
            self.year = year
        elif day is None:
            if (year, month) != (self.year, self.month):
                self.day = None
            self.year, self.month = year, month
        else:
            self.year, self.month, self.day = year, month, day
        self.pos = pos

    def as_date(self) -> date | None:
        if self.year is None or self.month is None or self.day is None or self.year < 1:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


def _parse_partial(value: str | None) -> tuple[int, int | None, int | None] | None:
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    return int(m[1]), (int(m[2]) if m[2] else None), (int(m[3]) if m[3] else None)


Result = tuple[int, int, str, str | None, str]  # start, end, type, value, anchor


_SEASON_MONTHS = {"SP": 4, "SU": 7, "FA": 10, "AU": 10, "Q1": 2, "Q2": 5, "Q3": 8, "Q4": 11}


@dataclass(slots=True)
class _Resolver:
    doc: Doc
    dct: tuple[int, int | None, int | None] | None
    narrative: bool
    anchor: _Anchor = field(default_factory=_Anchor)
    # The last year the text itself stated, and where: news text takes a bare "in March" from
    # it only when it is close by ("In 2019 ... in March"); otherwise from the DCT.
    stated_year: int | None = None
    stated_pos: int = -1

    # -- helpers
    def tense(self, start: int, end: int) -> str | None:
        return tense_at(self.doc, start, end)

    def dct_date(self) -> date | None:
        if self.dct is None or self.dct[1] is None or self.dct[2] is None:
            return None
        try:
            return date(self.dct[0], self.dct[1], self.dct[2])
        except ValueError:
            return None

    def year_for(self, month: int, day: int | None, start: int, end: int) -> tuple[int | None, str]:
        """Year of an expression that names a month (and day) but no year."""
        shared = self.shared_year(month, end)
        if shared is not None:
            return shared, "none"
        if self.narrative or self.dct is None:
            if self.anchor.year is None:
                return None, "none"
            year = self.anchor.year
            # A story moves forward: "January" soon after "November 1941" is January 1942.
            # Only across a clear turn of the year: a history that goes back a few months
            # ("In May ..." after "by December") stays in the year it was telling.
            if self.anchor.month is not None and self.anchor.month - month >= 8:
                year += 1
            return year, "narrative"
        tense = self.tense(start, end)
        if self.stated_year is not None and start - self.stated_pos < 300 and tense != "future":
            return self.stated_year, "narrative"
        dct_year, dct_month, dct_day = self.dct
        if dct_month is None:
            return dct_year, "dct"
        here = (month, day or 0)
        now = (dct_month, dct_day or 0)
        if tense == "future" and here < now and (month != dct_month or day is not None):
            return dct_year + 1, "dct"
        if tense == "past" and here > now and month != dct_month:
            return dct_year - 1, "dct"
        return dct_year, "dct"

    def shared_year(self, month: int, end: int) -> int | None:
        """The year of a coordinated date right after ("in August and September 1914", "from
        November to March 1918"), which both share; the earlier month of a pair that wraps
        around the new year belongs to the year before."""
        m = _coordinated().match(self.doc.text, end)
        if m is None:
            return None
        year = int(m["year"])
        following = _month_of(m["month"])
        if following is None or not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return year - 1 if following < month else year

    def base_day(self, start: int, *, deictic: bool) -> tuple[date | None, str]:
        """The day a relative expression counts from: DCT for deictic, else the narrative."""
        if not deictic or self.narrative:
            day = self.anchor.as_date()
            if day is not None:
                return day, "narrative"
        day = self.dct_date()
        if day is not None:
            return day, "dct"
        day = self.anchor.as_date()
        return (day, "narrative") if day is not None else (None, "none")

    def base_ym(self, start: int, *, deictic: bool) -> tuple[int | None, int | None, str]:
        if (not deictic or self.dct is None or self.narrative) and self.anchor.year is not None:
            return self.anchor.year, self.anchor.month, "narrative"
        if self.dct is not None:
            return self.dct[0], self.dct[1], "dct"
        return None, None, "none"

    def remember(self, value: str | None, pos: int) -> None:
        if not value:
            return
        first = value.split("/")[0]
        season = re.match(r"^(BC)?(\d{4})-(SP|SU|FA|AU|WI|Q[1-4]|H[12])$", first)
        if season:
            # "the summer of 1943": the story is in that year, about the season's middle month
            # (winter straddles two years and gives the year only).
            year = -int(season[2]) if season[1] else int(season[2])
            self.anchor.set(year, _SEASON_MONTHS.get(season[3]), pos=pos)
            return
        m = re.match(r"^(BC)?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:$|T)", first)
        if not m:
            return
        year = -int(m[2]) if m[1] else int(m[2])
        self.anchor.set(year, int(m[3]) if m[3] else None, int(m[4]) if m[4] else None, pos=pos)


# --------------------------------------------------------------------------- handlers

_Handler = Callable[[_Resolver, str, int, int], list[Result]]


def _month_of(text: str) -> int | None:
    m = _parts().month.search(text)
    return lexicon().months.get(m[1].lower()) if m else None


def _months_in(text: str) -> list[tuple[int, int, int]]:
    """(month, start, end) of every month name in the text."""
    lex = lexicon()
    return [(lex.months[m[1].lower()], m.start(), m.end()) for m in _parts().month.finditer(text)]


def _year_of(text: str) -> int | None:
    """The (last) year named in the text; years before the common era come back negative."""
    era = _parts().era.search(text)
    if era is not None:
        number = re.search(r"(\d{1,4})\s*$", text[: era.start()])
        if number and int(number[1]) > 0:
            value = int(number[1])
            return -value if era[1].startswith("B") else value
    years = _parts().year.findall(text)
    if not years:
        return None
    year = int(years[-1])
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _days_in(text: str) -> list[tuple[int, int, int]]:
    """(day, start, end) of day numbers that are not years."""
    out = []
    for m in _parts().day.finditer(text):
        if len(m[1]) <= 2 and 1 <= int(m[1]) <= 31:
            out.append((int(m[1]), m.start(), m.end()))
    return out


def _one(start: int, end: int, kind: str, value: str | None, anchor: str = "none") -> list[Result]:
    return [(start, end, kind, value, anchor)]


def _h_full(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    month = _month_of(text)
    year = _year_of(text)
    days = [d for d in _days_in(text) if str(d[0]) != str(year)]
    if month is None or year is None or not days:
        return []
    value = _day_value(year, month, days[0][0])
    if value is None:
        return []
    return _one(start, end, "DATE", value)


def _h_iso(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?", text)
    if not m:
        return []
    value = _day_value(int(m[1]), int(m[2]), int(m[3]))
    if value is None:
        return []
    if m[4]:
        return _one(start, end, "TIME", f"{value}T{m[4]}")
    return _one(start, end, "DATE", value)


def _h_numeric(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    a, b, y = (int(x) for x in re.split(r"[/.]", text))
    slash = "/" in text
    # Slashes are read month first (US usage) unless that is impossible; dots day first.
    month, day = (a, b) if slash else (b, a)
    if month > 12 and day <= 12:
        month, day = day, month
    if not MIN_YEAR <= y <= MAX_YEAR:
        return []
    value = _day_value(y, month, day) if 1 <= month <= 12 else None
    return _one(start, end, "DATE", value) if value else []


def _h_my(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    month, year = _month_of(text), _year_of(text)
    if month is None or year is None:
        return []
    return _one(start, end, "DATE", f"{year_value(year)}-{month:02d}")


def _h_year(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    year = _year_of(text)
    if year is None:
        return []
    return _one(start, end, "DATE", f"{year:04d}")


def _h_era_year(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    m = re.search(r"\d{1,4}", text)
    era = _parts().era.search(text)
    if not m or not era:
        return []
    number = int(m[0])
    if number == 0:
        return []
    bc = era[1].upper().replace(".", "").startswith("B")
    return _one(start, end, "DATE", year_value(-number if bc else number))


def _h_year_range(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    numbers = re.findall(r"\d{2,4}", text)
    first = int(numbers[0])
    last_text = numbers[1]
    last = int(last_text) if len(last_text) == 4 else (first // 100) * 100 + int(last_text)
    if not first < last <= first + 100 or last > MAX_YEAR:
        return []
    return _one(start, end, "DATE", f"{first:04d}/{last:04d}")


def _h_range_days(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    months = _months_in(text)
    year = _year_of(text)
    days = [d for d in _days_in(text) if year is None or str(d[0]) != str(year)][:2]
    if not months or len(days) < 2:
        return []
    first_month = months[0][0]
    last_month = months[-1][0]
    if year is None:
        year_found, anchor = r.year_for(first_month, days[0][0], start, end)
        if year_found is None:
            # Nothing gives the year: a year-less range, for the merge to anchor
            # (checked in a leap year, so that "February 28-29" stays valid).
            a = _day_value(2000, first_month, days[0][0])
            b = _day_value(2000 if last_month >= first_month else 2001, last_month, days[1][0])
            if a is None or b is None or b <= a:
                return _one(start, end, "DATE", None)
            return _one(start, end, "DATE", f"XXXX{a[4:]}/XXXX{b[4:]}")
        year = year_found
    else:
        anchor = "none"
    a = _day_value(year, first_month, days[0][0])
    last_year = year + 1 if last_month < first_month else year
    b = _day_value(last_year, last_month, days[1][0])
    if a is None or b is None or b <= a:
        return []
    return _one(start, end, "DATE", f"{a}/{b}", anchor)


def _h_list_days(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "June 18 and 19" or "18 and 19 June": one expression per day."""
    month = _month_of(text)
    year = _year_of(text)
    days = [d for d in _days_in(text) if year is None or str(d[0]) != str(year)]
    if month is None or len(days) < 2:
        return []
    anchor = "none"
    if year is None:
        found, anchor = r.year_for(month, days[0][0], start, end)
        year = found
    out: list[Result] = []
    month_span = _parts().month.search(text)
    assert month_span is not None
    year_match = list(_parts().year.finditer(text))
    for index, (day, d_start, d_end) in enumerate(days):
        s, e = d_start, d_end
        if month_span.start() < d_start and index == 0:
            s = month_span.start()  # "June 18"
        if month_span.start() > d_start and index == len(days) - 1:
            e = month_span.end()  # "19 June"
        if year_match and index == len(days) - 1:
            e = year_match[-1].end()
        value = _day_value(year, month, day) if year is not None else f"XXXX-{month:02d}-{day:02d}"
        if value is None:
            continue
        out.append((start + s, start + e, "DATE", value, anchor))
    return out


def _h_md(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    month = _month_of(text)
    days = _days_in(text)
    if month is None or not days:
        return []
    day = days[0][0]
    weekday_match = _parts().weekday.search(text)
    year, anchor = r.year_for(month, day, start, end)
    if weekday_match is not None and r.dct is not None:
        # A weekday fixes the year among the neighbours of the one guessed.
        weekday = lexicon().weekdays[weekday_match[1].lower()]
        guess = year if year is not None else r.dct[0]
        for candidate in (guess, guess - 1, guess + 1):
            try:
                if date(candidate, month, day).isoweekday() == weekday:
                    year = candidate
                    break
            except ValueError:
                break
    if year is None:
        if not 1 <= day <= 31:
            return []
        return _one(start, end, "DATE", f"XXXX-{month:02d}-{day:02d}")
    value = _day_value(year, month, day)
    return _one(start, end, "DATE", value, anchor) if value else []


def _h_month(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    month = _month_of(text)
    if month is None:
        return []
    lower = text.lower()
    if "that " in lower or "the same " in lower:
        year: int | None = r.anchor.year
        anchor = "narrative"
    elif re.search(r"\b(last|previous|preceding|next|following|coming|this)\b", lower):
        base_year, base_month, anchor = r.base_ym(start, deictic="the " not in lower)
        if base_year is None:
            return _one(start, end, "DATE", f"XXXX-{month:02d}")
        year = base_year
        backward = re.search(r"\b(last|previous|preceding)\b", lower)
        forward = re.search(r"\b(next|following|coming)\b", lower)
        if backward and (base_month is None or month >= base_month):
            year -= 1
        elif forward and (base_month is None or month <= base_month):
            year += 1
    else:
        year, anchor = r.year_for(month, None, start, end)
    if year is None:
        return _one(start, end, "DATE", f"XXXX-{month:02d}")
    return _one(start, end, "DATE", f"{year_value(year)}-{month:02d}", anchor)


def _h_decade(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    m = re.search(r"(\d{2,4})0s", text.replace("'", ""))
    if not m:
        return []
    digits = m[1]
    if len(digits) == 1:
        digits = ("19" if int(digits) >= 2 else "20") + digits  # "'90s"
    if len(digits) == 3 and digits.endswith("0") and "'" not in text:
        return _one(start, end, "DATE", f"{digits[:2]}XX")  # "the 1800s": a century
    return _one(start, end, "DATE", f"{digits[-3:] if len(digits) == 3 else digits}X")


def _h_century(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    lower = text.lower()
    m = re.search(r"(\d{1,2})(?:st|nd|rd|th)", lower)
    number = int(m[1]) if m else None
    if number is None:
        for word, value in sorted(lex.ordinals.items(), key=lambda kv: -len(kv[0])):
            if re.search(rf"\b{re.escape(word)}\b", lower):
                number = value
                break
    if not number:
        return []
    era = _parts().era.search(text)
    if era and era[1].upper().startswith("B"):
        return _one(start, end, "DATE", f"BC{number - 1:02d}")
    return _one(start, end, "DATE", f"{number - 1:02d}XX")


def _season_code(text: str) -> str | None:
    m = _parts().season.search(text)
    return lexicon().seasons[m[1].lower()] if m else None


def _h_season_year(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    code, year = _season_code(text), _year_of(text)
    if code is None or year is None:
        return []
    return _one(start, end, "DATE", f"{year_value(year)}-{code}")


def _h_season(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    code = _season_code(text)
    if code is None:
        return []
    lower = text.lower()
    deictic = "the " not in lower and "that " not in lower
    year, month, anchor = r.base_ym(start, deictic=deictic and r.dct is not None)
    if year is None:
        return _one(start, end, "DATE", f"XXXX-{code}")
    if re.search(r"\b(last|previous|preceding)\b", lower):
        year -= 1
    elif re.search(r"\b(next|following|coming)\b", lower):
        year += 1
    elif anchor == "dct" and not re.search(r"\bthis\b", lower):
        tense = r.tense(start, end)
        first = {"SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}[code]
        if tense == "past" and month is not None and first > month:
            year -= 1
        elif tense == "future" and month is not None and first + 2 < month:
            year += 1
    return _one(start, end, "DATE", f"{year_value(year)}-{code}", anchor)


def _h_quarter(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    lower = text.lower()
    m = re.search(r"q([1-4])", lower)
    code = f"Q{m[1]}" if m else None
    if code is None:
        for word, value in lex.quarters.items():
            if re.search(rf"\b{word}\b", lower):
                code = value
                break
    year = _year_of(text)
    anchor = "none"
    if year is None:
        base, month, anchor = r.base_ym(start, deictic=True)
        year = base
        if year is not None and code and anchor == "dct" and month is not None:
            first_month = 3 * int(code[1]) - 2
            tense = r.tense(start, end)
            if tense == "past" and first_month > month:
                year -= 1
            elif tense == "future" and first_month + 2 < month:
                year += 1
    if code is None:
        return []
    value = f"{year_value(year)}-{code}" if year is not None else f"XXXX-{code}"
    return _one(start, end, "DATE", value, anchor)


def _h_half(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lower = text.lower()
    code = "H1" if "first" in lower else "H2"
    year = _year_of(text)
    anchor = "none"
    if year is None:
        base, _month, anchor = r.base_ym(start, deictic=True)
        if base is None:
            return _one(start, end, "DATE", None)
        year = base + (-1 if "last year" in lower else 1 if "next year" in lower else 0)
    return _one(start, end, "DATE", f"{year_value(year)}-{code}", anchor)


def _h_holiday(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    lower = " ".join(text.lower().split())
    for name in sorted(lex.holidays, key=len, reverse=True):
        if lower.startswith(name):
            month, day = lex.holidays[name]
            break
    else:
        return []
    year = _year_of(text)
    anchor = "none"
    if year is None:
        year, anchor = r.year_for(month, day, start, end)
    value = _day_value(year, month, day) if year is not None else f"XXXX-{month:02d}-{day:02d}"
    pod = _parts().pod.search(lower[len(name) :])
    if pod and value:
        return _one(start, end, "TIME", f"{value}T{lex.parts_of_day[pod[1].lower()]}", anchor)
    return _one(start, end, "DATE", value, anchor)


def _h_pod_of(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    pod = _parts().pod.search(text)
    rest = text[text.lower().index(" of ") + 4 :] if " of " in text.lower() else ""
    offset = len(text) - len(rest)
    inner = _h_full(r, rest, start + offset, end) or _h_md(r, rest, start + offset, end)
    if not inner or pod is None or inner[0][3] is None:
        return inner
    code = lexicon().parts_of_day[pod[1].lower()]
    return _one(start, end, "TIME", f"{inner[0][3]}T{code}", inner[0][4])


def _h_deictic(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lower = " ".join(text.lower().split())
    day, anchor = r.base_day(start, deictic=True)
    shift = 0
    if "yesterday" in lower or lower == "last night":
        shift = -1
    elif "tomorrow" in lower:
        shift = 1
    if "day before" in lower:
        shift -= 1
    elif "day after" in lower:
        shift += 1
    pod = _parts().pod.search(lower)
    code = lexicon().parts_of_day[pod[1].lower()] if pod else ("NI" if "tonight" in lower else None)
    if day is None:
        value = "PRESENT_REF" if shift == 0 and code is None else None
        return _one(start, end, "DATE", value)
    value = (day + timedelta(days=shift)).isoformat()
    if code:
        return _one(start, end, "TIME", f"{value}T{code}", anchor)
    return _one(start, end, "DATE", value, anchor)


def _h_weekday(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    m = _parts().weekday.search(text)
    if m is None:
        return []
    weekday = lex.weekdays[m[1].lower()]
    lower = text.lower()
    narrative = r.narrative or r.dct_date() is None
    base, anchor = r.base_day(start, deictic=not narrative)
    if base is None:
        return _one(start, end, "DATE", f"XXXX-WXX-{weekday}")
    delta = weekday - base.isoweekday()  # -6..6
    back = delta if delta <= 0 else delta - 7
    ahead = delta if delta >= 0 else delta + 7
    if re.search(r"\b(last|previous|preceding)\b", lower):
        shift = back if back < 0 else -7
    elif re.search(r"\b(next|following|coming)\b", lower):
        shift = ahead if ahead > 0 else 7
    else:
        tense = None if narrative else r.tense(start, end)
        if tense == "past":
            shift = back
        elif tense == "future":
            shift = ahead
        else:
            shift = back if -back <= ahead else ahead
    value = (base + timedelta(days=shift)).isoformat()
    pod = _parts().pod.search(lower)
    if pod:
        return _one(start, end, "TIME", f"{value}T{lex.parts_of_day[pod[1].lower()]}", anchor)
    return _one(start, end, "DATE", value, anchor)


def _h_weekday_range(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "from Sunday to Wednesday": the first day resolved as a weekday, the last after it."""
    days = list(_parts().weekday.finditer(text))
    if len(days) < 2:
        return []
    first = _h_weekday(r, text[: days[0].end()], start, start + days[0].end())
    if not first or first[0][3] is None or first[0][3].startswith("XXXX"):
        return _one(start, end, "DATE", None)
    begin = date.fromisoformat(first[0][3][:10])
    last_weekday = lexicon().weekdays[days[-1][1].lower()]
    finish = begin + timedelta(days=(last_weekday - begin.isoweekday()) % 7)
    if finish == begin:
        return []
    return _one(start, end, "DATE", f"{begin.isoformat()}/{finish.isoformat()}", first[0][4])


def _h_season_rel(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "the spring of next year": the season in the year the rest names."""
    code = _season_code(text)
    of = text.lower().index(" of ")
    inner = _h_rel_unit(r, text[of + 4 :], start + of + 4, end)
    if code is None or not inner or not inner[0][3] or not inner[0][3][:1].isdigit():
        return _one(start, end, "DATE", None)
    return _one(start, end, "DATE", f"{inner[0][3][:4]}-{code}", inner[0][4])


def _h_weekend(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "the weekend": the one before the DCT in past tense, after it in future tense."""
    base, anchor = r.base_day(start, deictic=True)
    if base is None:
        return _one(start, end, "DATE", None)
    tense = None if anchor == "narrative" else r.tense(start, end)
    saturday = base + timedelta(days=6 - base.isoweekday())
    if tense == "past" and saturday > base:
        saturday -= timedelta(days=7)
    return _one(start, end, "DATE", f"{_week_value(saturday)}-WE", anchor)


def _shift(
    r: _Resolver, start: int, count: int, unit: str, *, deictic: bool
) -> tuple[str | None, str]:
    """Value of a date ``count`` units from the anchor (negative = before)."""
    code = lexicon().units[unit][0]
    if code in ("D", "W", "WE"):
        day, anchor = r.base_day(start, deictic=deictic)
        if anchor == "dct" and r.narrative and r.anchor.year is not None:
            day = None  # the story's last date is coarser than a day: keep what is known
        if day is None:
            if r.anchor.year is not None and (r.narrative or not deictic):
                known = year_value(r.anchor.year)
                return (f"{known}-XX-XX" if code == "D" else f"{known}-WXX"), "narrative"
            return None, "none"
        try:
            moved = day + timedelta(days=count * (7 if code != "D" else 1))
        except OverflowError:
            return None, "none"
        return (moved.isoformat() if code == "D" else _week_value(moved)), anchor
    year, month, anchor = r.base_ym(start, deictic=deictic)
    if year is None:
        return None, "none"
    if code == "M" and month is not None and not lexicon().units[unit][1]:
        y, m = _add_months(year, month, count)
        return f"{year_value(y)}-{m:02d}", anchor
    if code == "Q" and month is not None:
        y, m = _add_months(year, month, 3 * count)
        return f"{year_value(y)}-Q{(m - 1) // 3 + 1}", anchor
    if code in ("M", "Q") and month is None:
        months = count * (3 if code == "Q" else 1)
        if months % 12:
            return (year_value(year) if months == 0 else None), anchor
        return year_value(year + months // 12), anchor
    if code == "Y":
        return year_value(year + count), anchor
    if code == "DE":
        shifted = year + 10 * count
        if shifted <= 0:
            return f"BC{-shifted // 10:03d}", anchor
        return f"{shifted // 10:03d}X", anchor
    if code == "CE":
        shifted = year + 100 * count
        if shifted <= 0:
            return f"BC{-shifted // 100:02d}", anchor
        return f"{shifted // 100:02d}XX", anchor
    return None, "none"


def _h_ago(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    unit = _unit(text)
    if unit is None:
        return []
    m = _parts().number.match(text)
    count = _number(m[1]) if m else 1
    if lexicon().units[unit][1]:
        return _one(start, end, "TIME", "PAST_REF")
    if count is None:
        return _one(start, end, "DATE", "PAST_REF")
    value, anchor = _shift(r, start, -count, unit, deictic=True)
    return _one(start, end, "DATE", value, anchor)


def _h_later(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    unit = _unit(text)
    m = _parts().number.match(text)
    if unit is None or m is None:
        return []
    count = _number(m[1])
    sign = -1 if re.search(r"\b(earlier|before)\b", text.lower()) else 1
    if count is None or lexicon().units[unit][1]:
        return _one(start, end, "DATE", None)
    value, anchor = _shift(r, start, sign * count, unit, deictic=False)
    return _one(start, end, "DATE", value, anchor)


def _h_rel_unit(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    lower = " ".join(text.lower().split())
    if _parts().weekday.search(lower) and not _parts().unit.search(lower.split()[-1]):
        return _h_weekday(r, text, start, end)
    if _month_of(text) is not None and re.search(r"[A-Z]", text):
        month_match = _parts().month.search(text)
        if month_match and month_match[0][0].isupper():
            return _h_month(r, text, start, end)
    if _season_code(lower) and not _unit(lower):
        return _h_season(r, text, start, end)
    unit = _unit(lower)
    pod = _parts().pod.search(lower)
    if unit is None and pod is not None:
        unit = "day"  # "that morning", "the next evening"
    if unit is None:
        return []
    last_word = lower.split()[-1]
    if last_word.endswith("s") and last_word != unit and not pod:
        # "the coming years", "the following days": an unknown number of units
        return _one(start, end, "DURATION", _duration_value(None, unit))
    if re.search(r"\bthe (past|last|first|final)\b", lower):
        return _one(start, end, "DURATION", _duration_value(1, unit))
    if lex.units[unit][1]:
        return _one(start, end, "DURATION", _duration_value(1, unit))
    narrative = bool(re.search(r"\b(the|that|previous|following|preceding)\b", lower))
    if re.search(r"\b(last|previous|preceding|past)\b", lower):
        count = -1
    elif re.search(r"\b(next|following|coming)\b", lower):
        count = 1
    else:
        count = 0  # this, that, the same, current
    if re.search(r"\b(current|this)\b", lower):
        narrative = False
    value, anchor = _shift(r, start, count, unit, deictic=not narrative)
    if value and unit == "weekend":
        value += "-WE"
    if pod and value and lex.units[unit][0] == "D":
        return _one(start, end, "TIME", f"{value}T{lex.parts_of_day[pod[1].lower()]}", anchor)
    return _one(start, end, "DATE", value, anchor)


def _h_end_of_the(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    unit = _unit(text.split()[-1])
    if unit is None:
        return []
    value, anchor = _shift(r, start, 0, unit, deictic=False)
    return _one(start, end, "DATE", value, anchor)


def _h_time(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lower = text.lower().replace(".", "").replace(" ", "")
    if lower in ("noon", "midday"):
        hour, minute = 12, 0
    elif lower == "midnight":
        hour, minute = 24, 0
    else:
        m = re.match(r"(\d{1,2})(?::(\d{2}))?", lower)
        if not m:
            return []
        hour, minute = int(m[1]), int(m[2] or 0)
        if "pm" in lower and hour < 12:
            hour += 12
        elif "am" in lower and hour == 12:
            hour = 0
        if hour > 24:
            return []
    day, anchor = r.base_day(start, deictic=False)
    prefix = day.isoformat() if day is not None else "XXXX-XX-XX"
    return _one(start, end, "TIME", f"{prefix}T{hour:02d}:{minute:02d}", anchor)


def _h_set(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    lower = " ".join(text.lower().split())
    simple = {
        "daily": "P1D",
        "weekly": "P1W",
        "monthly": "P1M",
        "annually": "P1Y",
        "yearly": "P1Y",
        "biweekly": "P2W",
        "hourly": "PT1H",
    }
    if lower in simple:
        return _one(start, end, "SET", simple[lower])
    weekday = _parts().weekday.search(lower)
    if weekday and not _unit(lower):
        return _one(start, end, "SET", f"XXXX-WXX-{lex.weekdays[weekday[1].lower()]}")
    pod = _parts().pod.search(lower)
    if pod and not _unit(lower):
        return _one(start, end, "SET", f"XXXX-XX-XXT{lex.parts_of_day[pod[1].lower()]}")
    unit = _unit(lower)
    if unit is None:
        return []
    count = 2 if "other" in lower else 1
    return _one(start, end, "SET", _duration_value(count, unit))


def _h_duration(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    lower = " ".join(text.lower().split())
    unit = _unit(lower.split("the ")[-1] if lower.startswith("the ") else lower)
    if unit is None:
        return []
    m = _parts().number.search(lower)
    count: int | None = None
    if m is not None:
        if "." in m[1]:
            return _one(start, end, "DURATION", None)
        count = _number(m[1])
    elif not lower.startswith(("the ",)) and re.fullmatch(r"[a-z]+", lower):
        count = None  # bare plural after "for"/"within"/"over": "for weeks"
    if count is not None and count > 10000:
        return []
    return _one(start, end, "DURATION", _duration_value(count, unit, "and a half" in lower))


_ADJECTIVE_REFS = {
    "former": "PAST_REF",
    "recent": "PAST_REF",
    "current": "PRESENT_REF",
    "future": "FUTURE_REF",
}


def _h_ref_adjective(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "former", "future": temporal references by the TIMEX2 conventions that narrative corpora
    follow; in news (TimeML) they are ordinary adjectives and not tagged."""
    if not r.narrative:
        return []
    return _one(start, end, "DATE", _ADJECTIVE_REFS[text.lower()])


def _h_after_event(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "two days after the invasion": a duration in news (TimeML); in a narrative the date that
    far from the last one told, which is usually the event named."""
    if not r.narrative or r.anchor.year is None:
        return _h_duration(r, text, start, end)
    unit = _unit(text)
    m = _parts().number.match(text)
    count = _number(m[1]) if m else None
    if unit is None or count is None or lexicon().units[unit][1]:
        return _h_duration(r, text, start, end)
    sign = -1 if r.doc.text[end : end + 8].lower().strip().startswith("before") else 1
    value, anchor = _shift(r, start, sign * count, unit, deictic=False)
    return _one(start, end, "DATE", value, anchor)


def _h_refs(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    value = lexicon().references.get(" ".join(text.lower().split()))
    if value is None:
        return []
    return _one(start, end, "DATE", value)


_HANDLERS: dict[str, _Handler] = {
    "range_md_md": _h_range_days,
    "range_dm_dm": _h_range_days,
    "range_md_d": _h_range_days,
    "range_d_dm": _h_range_days,
    "list_md_d": _h_list_days,
    "list_d_dm": _h_list_days,
    "pod_of": _h_pod_of,
    "mdy": _h_full,
    "dmy": _h_full,
    "iso": _h_iso,
    "numeric": _h_numeric,
    "my": _h_my,
    "year_range": _h_year_range,
    "decade": _h_decade,
    "century": _h_century,
    "season_year": _h_season_year,
    "quarter": _h_quarter,
    "half": _h_half,
    "era_year": _h_era_year,
    "holiday": _h_holiday,
    "md": _h_md,
    "dm": _h_md,
    "year": _h_year,
    "ago": _h_ago,
    "later": _h_later,
    "rel_unit": _h_rel_unit,
    "end_of_the": _h_end_of_the,
    "deictic": _h_deictic,
    "weekday": _h_weekday,
    "range_wd_wd": _h_weekday_range,
    "weekend": _h_weekend,
    "season_rel": _h_season_rel,
    "season": _h_season,
    "month": _h_month,
    "time": _h_time,
    "set": _h_set,
    "duration": _h_duration,
    "refs": _h_refs,
    "ref_adjective": _h_ref_adjective,
    "after_event": _h_after_event,
}


def _h_range_months(r: _Resolver, text: str, start: int, end: int) -> list[Result]:
    months = _months_in(text)
    years = [int(y) for y in _parts().year.findall(text)]
    if len(months) < 2 or not years:
        return []
    last_year = years[-1]
    first_year = (
        years[0]
        if len(years) > 1
        else (last_year if months[0][0] <= months[-1][0] else last_year - 1)
    )
    a, b = f"{first_year:04d}-{months[0][0]:02d}", f"{last_year:04d}-{months[-1][0]:02d}"
    if b <= a:
        return []
    return _one(start, end, "DATE", f"{a}/{b}")


_HANDLERS["range_my_my"] = _h_range_months


# --------------------------------------------------------------------------- the component


def _vetoed(doc: Doc, match: _Match, text: str) -> bool:
    """True for numbers and names that only look like dates, by the model and the context."""
    lex = lexicon()
    after = text[match.end : match.end + 24].lower().lstrip(" ")
    next_word = re.match(r"[%\w]+", after)
    piece = text[match.start : match.end].lower()
    if match.rule in ("season", "rel_unit") and re.search(r"\bfall$", piece):
        before_word = text[max(0, match.start - 3) : match.start]
        if re.match(r"(?:of|to|from)\b", after) or before_word.endswith(("'s ", "’s ")):
            return True  # "the fall of the city", "the city's fall": the noun, not the season
    if match.rule == "duration" and re.search(r"\b(?:a|an|one)\s+second$", piece):
        return True  # "a second" is mostly the ordinal ("a second attack")
    if match.rule == "duration" and re.search(r"quarters?$", piece) and not piece[:1].isdigit():
        return True  # "three quarters of", "a quarter": fractions more often than periods
    if match.rule in ("year", "year_range", "decade", "numeric", "iso"):
        before = text[max(0, match.start - 2) : match.start]
        if "$" in before or "€" in before or "£" in before or "#" in before:
            return True
        if next_word is not None and next_word[0] in lex.not_year_after:
            return True
        if match.rule == "year" and _entity_labels(doc, match.start, match.end) & _QUANTITY_LABELS:
            return True
    if match.rule in ("month", "weekday", "season", "md", "duration", "refs"):
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if span is None:
            return False
        if match.rule == "month" and doc.has_annotation("TAG"):
            word = span[-1]
            previous: Token | None = doc[word.i - 1] if word.i > 0 else None
            after_prep = previous is not None and (
                previous.tag_ in ("IN", "TO", "JJ", "DT", "CC", ",")
                or previous.lower_ in ("mid", "-")
            )
            if (word.tag_ == "MD" or word.tag_.startswith("VB")) and not after_prep:
                return True
        if match.rule in ("month", "weekday") and (
            _entity_labels(doc, match.start, match.end) & _NAME_LABELS
        ):
            return True
        if match.rule == "refs" and span.text.lower() == "now" and doc.has_annotation("TAG"):
            # "now" as a discourse marker at the start of a clause is not a time.
            return span[0].i + 1 < len(doc) and doc[span[0].i + 1].text == ","
    return False


def _entity_labels(doc: Doc, start: int, end: int) -> set[str]:
    """Labels of the model's entities over the characters (read from the tokens: cheaper than
    building ``doc.ents``)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    return {token.ent_type_ for token in span if token.ent_type_}


_DEICTIC_RULES = ("deictic", "weekday", "ago")


def _is_narrative(
    dct: tuple[int, int | None, int | None] | None, years: list[int], deictic: int
) -> bool:
    """A history rather than news: fewer than two in five of its explicit years lie near the
    document date (a history that reaches up to the writer's time still names mostly earlier
    years) and it rarely speaks from the writer's day ("yesterday", "on Friday", "two years
    ago")."""
    if dct is None:
        return True
    if not years or deictic >= max(1.0, 0.15 * len(years)):
        return False
    near = sum(1 for year in years if abs(year - dct[0]) <= 1)
    return near < 0.4 * len(years)


_EXPLICIT = ("mdy", "dmy", "iso", "numeric")


def infer_dct(text: str, matches: list[_Match], *, hint: str | None = None) -> str | None:
    """A document date from the content: a year-less dateline or weekday date whose year the
    text fixes, else the latest explicit full date, else the latest month or year.

    ``hint`` is the date of the collection the document came with (the latest stated date of
    the other documents of the corpus); it only chooses between the years a weekday allows.
    """
    days: list[str] = []
    coarse: list[str] = []
    years: list[int] = []
    weekday_dates: list[tuple[int, int, int]] = []
    lex = lexicon()
    for match in matches:
        piece = text[match.start : match.end]
        if match.rule in _EXPLICIT:
            results = _HANDLERS[match.rule](_EMPTY_RESOLVER, piece, match.start, match.end)
            days.extend(res[3] for res in results if res[3])
        elif match.rule == "my":
            results = _h_my(_EMPTY_RESOLVER, piece, match.start, match.end)
            coarse.extend(res[3] for res in results if res[3])
        elif match.rule == "md":
            weekday = _parts().weekday.search(piece)
            month, found = _month_of(piece), _days_in(piece)
            if weekday and month and found:
                weekday_dates.append((lex.weekdays[weekday[1].lower()], month, found[0][0]))
        if match.rule in ("year", "my", "mdy", "dmy"):
            year = _year_of(piece)
            if year is not None:
                years.append(year)
    dateline = find_dateline(text)
    latest_year = max(years) if years else None
    if dateline is not None and dateline.value is None and latest_year is not None:
        for candidate_year in (latest_year, latest_year + 1, latest_year - 1):
            value = _day_value(candidate_year, dateline.month, dateline.day)
            if value:
                return value
    # A weekday fixes the year of a year-less date: the first such year from the latest one the
    # text names (a document reports what it mentions as past, so it is not older than that).
    hint_year = int(hint[:4]) if hint and hint[:4].isdigit() else None
    for weekday_number, month_number, day_number in weekday_dates:
        if latest_year is None:
            break
        last = latest_year + 12
        if hint_year is not None and hint_year >= latest_year:
            last = hint_year + 2
        fitting = []
        for candidate in range(latest_year, last):
            try:
                fixed = date(candidate, month_number, day_number)
            except ValueError:
                continue
            if fixed.isoweekday() == weekday_number:
                fitting.append(fixed)
        if not fitting:
            continue
        if hint_year is None:
            days.append(fitting[0].isoformat())
        else:
            # The year nearest the collection's date, never more than a year after it.
            days.append(min(fitting, key=lambda d: (abs(d.year - hint_year), d)).isoformat())
    if days:
        return max(days)
    latest = max(coarse) if coarse else f"{latest_year:04d}" if latest_year is not None else None
    return _hinted_month(latest, hint)


# How far before the collection's date a document's latest date may lie for the document to be
# dated to the collection's month (see _hinted_month).
_HINT_MONTHS = 6


def _hinted_month(found: str | None, hint: str | None) -> str | None:
    """A coarse date found in a document (its latest month or year), refined by the
    collection's date: a document is no older than the latest date it names, and the
    documents of one collection are written close together, so when that date lies shortly
    before the collection's date (at most ``_HINT_MONTHS`` months), the document is dated to
    the collection's month — a month, never an invented day."""
    if found is None or hint is None or len(hint) < 7:
        return found
    try:
        hint_year, hint_month = int(hint[:4]), int(hint[5:7])
        found_year = int(found[:4])
        found_month = int(found[5:7]) if len(found) >= 7 else 12
    except ValueError:
        return found
    gap = (hint_year - found_year) * 12 + hint_month - found_month
    if 0 <= gap <= _HINT_MONTHS:
        return f"{hint_year:04d}-{hint_month:02d}"
    return found


# Explicit dates need no context: their handlers never read the resolver.
_EMPTY_RESOLVER = cast(_Resolver, None)


def tag_doc(doc: Doc) -> list[TimeExpr]:
    """All temporal expressions of a Doc, normalised; infers the DCT if the Doc has none."""
    text = doc.text
    matches = [m for m in find_candidates(text) if not _vetoed(doc, m, text)]
    dct_value = doc._.timeline_dct
    if not _parse_partial(dct_value):
        inferred = infer_dct(text, matches, hint=doc._.timeline_dct_hint)
        if inferred is not None:
            doc._.timeline_dct = dct_value = inferred
            doc._.timeline_dct_source = "inferred"
    dct = _parse_partial(dct_value)
    years = [
        y
        for m in matches
        if m.rule in ("year", "my", "mdy", "dmy") and (y := _year_of(text[m.start : m.end]))
    ]
    deictic = sum(1 for m in matches if m.rule in _DEICTIC_RULES)
    resolver = _Resolver(doc, dct, _is_narrative(dct, years, deictic))
    out: list[TimeExpr] = []
    for match in matches:
        piece = text[match.start : match.end]
        try:
            results = _HANDLERS[match.rule](resolver, piece, match.start, match.end)
        except (ValueError, OverflowError, KeyError, IndexError):
            results = []
        for start, end, kind, value, anchor in results:
            out.append(TimeExpr(start, end, text[start:end], kind, value, anchor))
            # In a history, a look back ("two years ago", "a year earlier", "the previous
            # year") leaves the story where it was; the next "In March" is still its March.
            # So does a plan or a forecast ("a campaign planned for 1976"): the story has not
            # got there yet.
            aside = resolver.narrative and (
                bool(_LOOK_BACK.search(piece)) or resolver.tense(start, end) == "future"
            )
            if kind in ("DATE", "TIME") and not aside and not _aside(text, start, end):
                resolver.remember(value, start)
                stated = re.match(r"(\d{4})(?:-|/|$)", value or "")
                # "In 2019 ... in March" and "Last year, ... in April": the year the text is
                # talking about, stated or named relative to the document date.
                deictic_year = anchor == "dct" and re.fullmatch(r"\d{4}", value or "")
                if stated and (anchor == "none" or deictic_year):
                    resolver.stated_year, resolver.stated_pos = int(stated[1]), start
    out.sort(key=lambda t: (t.start, t.end))
    return _attach_times(text, out)


_LOOK_BACK = re.compile(r"\b(?:ago|earlier|before|previous|preceding|prior)\b", re.I)


def _aside(text: str, start: int, end: int) -> bool:
    """Whether the expression stands inside parentheses ("the treaty (1921)", "Smith (born
    12 May 1950)"): such a date is a side note, not the time the story has reached."""
    opening = text.rfind("(", max(0, start - 80), start)
    if opening < 0 or ")" in text[opening:start] or "\n" in text[opening:start]:
        return False
    closing = text.find(")", end, end + 80)
    return closing >= 0 and "(" not in text[end:closing] and "\n" not in text[end:closing]


_TIME_DATE_GAP = re.compile(r"^(?:,?\s*(?:on|of)?\s*|\s+)$")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _attach_times(text: str, timexes: list[TimeExpr]) -> list[TimeExpr]:
    """A clock time followed by its day ("at 9 p.m. on Friday") takes that day."""
    out = list(timexes)
    for index, (first, second) in enumerate(pairwise(timexes)):
        if first.type != "TIME" or not first.value or "T" not in first.value:
            continue
        if second.type != "DATE" or not second.value or not _DAY_VALUE.match(second.value):
            continue
        if not _TIME_DATE_GAP.match(text[first.end : second.start]):
            continue
        clock = first.value.split("T", 1)[1]
        if not re.match(r"^\d{2}:\d{2}$", clock):
            continue
        out[index] = TimeExpr(
            first.start, first.end, first.text, "TIME", f"{second.value}T{clock}", second.anchor
        )
    return out


_CONNECTOR = re.compile(r"\s*(?:-|–|—|\bto\b|\bthrough\b|\buntil\b|\btill\b)\s*")
_DECADE_VALUE = re.compile(r"^(\d{3})X$")
_CENTURY_VALUE = re.compile(r"^(\d{2})XX$")


def timeml_expressions(timexes: list[TimeExpr]) -> list[TimeExpr]:
    """The expressions as TimeML annotates them: a range is two TIMEX3s, one per end
    ("June 18-19" → "June 18" = 2024-06-18 and "19" = 2024-06-19); decades and centuries
    take their TimeML values (``199``, ``19``)."""
    out: list[TimeExpr] = []
    for timex in timexes:
        value = timex.value
        if value and "/" in value and (connector := _CONNECTOR.search(timex.text)):
            first, last = value.split("/", 1)
            left = timex.text[: connector.start()]
            right = timex.text[connector.end() :]
            if left and right:
                end_left = timex.start + len(left)
                start_right = timex.start + connector.end()
                out.append(TimeExpr(timex.start, end_left, left, timex.type, first, timex.anchor))
                out.append(TimeExpr(start_right, timex.end, right, timex.type, last, timex.anchor))
                continue
        short = value and (_DECADE_VALUE.match(value) or _CENTURY_VALUE.match(value))
        if short:
            value = short[1]
        out.append(TimeExpr(timex.start, timex.end, timex.text, timex.type, value, timex.anchor))
    return out


class TimexTagger:
    """The ``timeline_timex`` component: see the module docstring."""

    def __init__(self) -> None:
        lexicon()
        _grammar()
        _parts()

    def __call__(self, doc: Doc) -> Doc:
        timexes = tag_doc(doc)
        doc._.timeline_timexes = timexes
        spans = []
        for timex in timexes:
            span = doc.char_span(timex.start, timex.end, label=timex.type, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory(
    "timeline_timex",
    requires=["doc.ents"],
    assigns=["doc._.timeline_timexes", "doc._.timeline_dct"],
)
def make_timex(nlp: Language, name: str) -> TimexTagger:
    from .nlp import register_extensions

    register_extensions()
    return TimexTagger()


@dataclass(frozen=True, slots=True)
class DocumentDates:
    """The temporal expressions of one document (what ``timeline dates`` shows)."""

    path: str
    text: str
    dct: str | None
    dct_source: str
    timexes: tuple[TimeExpr, ...]

    def to_list(self) -> list[dict[str, Any]]:
        return [timex.to_dict() for timex in self.timexes]


def document_dates(
    path: str | Path,
    *,
    published: str | None = None,
    model: str | None = None,
    nlp: Language | None = None,
) -> DocumentDates:
    """Read one file and return its temporal expressions as TimeML annotates them.

    ``published`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) is the document date and wins over
    a date stated in the text; without it the dateline, then inference from the content decide.

    Raises:
        InputError: the file cannot be read or ``published`` is not a date.
    """
    from dataclasses import replace

    from .extract import annotate
    from .ingest import ReadOptions, parse_published, read_file
    from .nlp import load_pipeline

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    documents, skipped, _notes = read_file(path, path.name, options=ReadOptions(languages=None))
    if not documents:
        reason = skipped[0].reason if skipped else "holds no text"
        raise InputError(path, reason)
    document = documents[0]
    if published is not None:
        meta = replace(document.meta, dct=parse_published(published), dct_source="option")
        document = replace(document, meta=meta)
    if nlp is None:
        nlp = load_pipeline(model)
    ((_document, doc),) = annotate(nlp, [document], skip=frozenset({"timeline_events"}))
    return DocumentDates(
        path=str(path),
        text=document.text,
        dct=doc._.timeline_dct,
        dct_source=doc._.timeline_dct_source,
        timexes=tuple(timeml_expressions(doc._.timeline_timexes or [])),
    )
