"""The temporal tagger's vocabulary (``data/timex.yaml``) and the regular expressions
built from it: month, weekday, number and unit words, and the small parsers over them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..resources import load_data

SPAN_KEY = "timeline_dates"
MIN_YEAR, MAX_YEAR = 1000, 2199
# Model labels that make an overlapping number a quantity rather than a date.
QUANTITY_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
# Model labels that make an overlapping bare month/weekday a name ("April Ryan", "Sun Bank").
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
)


# --------------------------------------------------------------------------- vocabulary


def alternation(words: object) -> str:
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
class Lexicon:
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
    movable_holidays: dict[str, tuple[int, int, int]]  # name → (month, weekday, nth)
    references: dict[str, str]
    reference_adjectives: dict[str, tuple[str, bool]]  # word → (value, tagged in news)
    modifiers: tuple[str, ...]
    not_year_after: frozenset[str]
    future_heads: frozenset[str]
    future_words: tuple[str, ...]
    dct_relative: frozenset[str]
    date_prepositions: dict[str, str]  # word → past | nearest
    not_duration_after: frozenset[str]
    amount_scales: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
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
    return Lexicon(
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
        movable_holidays={
            str(k).lower(): (int(v[0]), int(v[1]), int(v[2]))
            for k, v in data.get("movable_holidays", {}).items()
        },
        references={str(k).lower(): str(v) for k, v in data["references"].items()},
        reference_adjectives={
            str(k).lower(): (str(v["value"]), bool(v.get("news", False)))
            for k, v in data["reference_adjectives"].items()
        },
        modifiers=tuple(str(m) for m in data["modifiers"]),
        not_year_after=frozenset(str(w).lower() for w in data["not_year_after"]),
        future_heads=frozenset(str(w).lower() for w in data["future_heads"]),
        future_words=tuple(str(w).lower() for w in data["future_words"]),
        dct_relative=frozenset(str(w).lower() for w in data["dct_relative"]),
        date_prepositions={str(k).lower(): str(v) for k, v in data["date_prepositions"].items()},
        not_duration_after=frozenset(str(w).lower() for w in data["not_duration_after"]),
        amount_scales=frozenset(str(w).lower() for w in data["amount_scales"]),
    )


@dataclass(frozen=True, slots=True)
class Parts:
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
def parts() -> Parts:
    lex = lexicon()
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    return Parts(
        month=re.compile(r"\b(" + alternation(lex.months) + r")\b\.?", re.I),
        weekday=re.compile(r"\b(" + alternation(lex.weekdays) + r")\b", re.I),
        day=re.compile(r"(?<![\d:])([0-3]?\d)(?:st|nd|rd|th)?(?!\d)"),
        year=re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)"),
        number=re.compile(
            rf"\b({alternation(lex.vague)}|\d+(?:\.\d+)?|(?:{tens})[- ](?:{ones})|"
            rf"{alternation(lex.numbers)})\b",
            re.I,
        ),
        unit=re.compile(r"\b(" + alternation(lex.units) + r")s?\b", re.I),
        season=re.compile(r"\b(" + alternation(lex.seasons) + r")s?\b", re.I),
        pod=re.compile(r"\b(" + alternation(lex.parts_of_day) + r")\b", re.I),
        era=re.compile(r"(?<!\w)(B\.C\.(?:E\.)?|BCE?|A\.D\.|AD|C\.E\.|CE)(?!\w)"),
    )


@lru_cache(maxsize=1)
def coordinated() -> re.Pattern[str]:
    """A second date after "and", "to", "-"... that states its year: "and September 1914"."""
    month = parts().month.pattern
    return re.compile(
        r"\s*(?:,\s*)?(?:(?:and|or|to|through|until|till)\s+|[-–—]\s*)(?:early\s+|mid-?\s*|late\s+)?"
        rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?P<month>{month})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
        r",?\s+(?P<year>\d{4})(?!\d)",
        re.I,
    )


def number_value(text: str) -> int | None:
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


def unit_of(text: str) -> str | None:
    match = parts().unit.search(text)
    return match[1].lower() if match else None


def duration_value(count: int | None, unit: str, half: bool = False) -> str:
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
def month_of(text: str) -> int | None:
    m = parts().month.search(text)
    return lexicon().months.get(m[1].lower()) if m else None


def months_in(text: str) -> list[tuple[int, int, int]]:
    """(month, start, end) of every month name in the text."""
    lex = lexicon()
    return [(lex.months[m[1].lower()], m.start(), m.end()) for m in parts().month.finditer(text)]


def year_of(text: str) -> int | None:
    """The (last) year named in the text; years before the common era come back negative."""
    era = parts().era.search(text)
    if era is not None:
        number = re.search(r"(\d{1,4})\s*$", text[: era.start()])
        if number and int(number[1]) > 0:
            value = int(number[1])
            return -value if era[1].startswith("B") else value
    years = parts().year.findall(text)
    if not years:
        return None
    year = int(years[-1])
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def days_in(text: str) -> list[tuple[int, int, int]]:
    """(day, start, end) of day numbers that are not years."""
    out = []
    for m in parts().day.finditer(text):
        if len(m[1]) <= 2 and 1 <= int(m[1]) <= 31:
            out.append((int(m[1]), m.start(), m.end()))
    return out
