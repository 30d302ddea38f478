"""The grammar: HeidelTime-style patterns compiled once from the vocabulary, the trigger
words that open a window of text for them, and :func:`find_candidates`."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from ..resources import data_dir, load_data
from .lexicon import alternation, lexicon


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    priority: int
    needs: frozenset[str]  # kinds of trigger word a stretch of text must hold for the rule
    normaliser: str  # name of its normaliser in timeline.timex.rules.NORMALISERS


@lru_cache(maxsize=1)
def fragments() -> dict[str, str]:
    """The named pieces of regular expression that the rules of ``data/timex.yaml`` are written
    with (``{mon_any}``, ``{day}``, ``{year}`` ...), built once from the vocabulary."""
    lex = lexicon()
    full_months = [str(names[0]).lower() for names in load_data("timex.yaml")["months"].values()]
    short_months = [n for n in lex.months if n not in full_months]
    mon_full = (
        "(?:"
        + alternation(n.capitalize() for n in full_months)
        + "|"
        + alternation(n.upper() for n in full_months)
        + ")"
    )
    mon_any = (
        "(?:"
        + alternation(n.capitalize() for n in full_months)
        + "|(?:"
        + alternation(n.capitalize() for n in short_months)
        + r")\.?)"
    )
    # Any month name in any case, for the tight numeric forms ("31.jan.2023", "5-Mar-2021")
    # where digits and separators around it leave no false friend.
    mon_word = "(?i:" + alternation(lex.months) + ")"
    full_days = [n for n in lex.weekdays if len(n) > 4 or n == "friday"]
    wd = "(?:" + alternation(n.capitalize() for n in full_days) + ")"
    day = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?:1\d{3}|20\d{2})"
    era = r"(?:B\.C\.(?:E\.)?|BCE?|A\.D\.|AD|C\.E\.|CE)"
    dash = r"\s*(?:-|–|—|to|through|until|till)\s*"
    tight_dash = r"\s*(?:-|–|—)\s*"
    num_words = alternation(lex.numbers)
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    teens = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    spoken_year = rf"(?i:nineteen)[\s-]+(?i:(?:{tens})(?:[\s-]+(?:{ones}))?|{teens}|hundred)"
    num = rf"(?i:\d+(?:\.\d+)?|(?:{tens})[- ](?:{ones})|{num_words})"
    vague = "(?i:" + alternation(lex.vague) + ")"
    units = alternation(lex.units)
    unit = rf"(?:{units})s?"
    mods = alternation(lex.modifiers)
    mod = rf"(?:(?:[Tt]he\s+)?(?:very\s+)?(?i:{mods})(?:\s*-\s*|\s+))?"
    season = (
        "(?:"
        + alternation(lex.seasons)
        + "|"
        + alternation(n.capitalize() for n in lex.seasons)
        + ")"
    )
    pod = alternation(lex.parts_of_day)
    holiday = alternation([*lex.holidays, *lex.movable_holidays])
    refs = alternation(lex.references)
    ref_adj = alternation(lex.reference_adjectives)
    ordinal = alternation(lex.ordinals)
    rel = (
        r"(?i:(?:(?:earlier|later)\s+)?(?:the\s+(?:next|following|previous|preceding|same|coming|"
        r"past|current|last|first|final|very)|this|last|next|past|coming|that(?:\s+(?:same|very))?|"
        r"previous|current))"
    )
    b = r"(?<![\w/.-])"  # left boundary that refuses parts of numbers and identifiers
    e = r"(?![\w/-]|\.\d)"
    quarters = alternation(lex.quarters)
    halves = alternation(lex.halves)
    names = (
        "mon_full mon_any mon_word wd day year era dash tight_dash num vague units unit mod season "
        "pod holiday refs ref_adj ordinal rel b e quarters halves tens ones teens spoken_year"
    )
    values = locals()
    return {name: values[name] for name in names.split()}


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
TRIGGER_KINDS = frozenset(
    [
        "month",
        "weekday",
        "season",
        "pod",
        "unit",
        "digit",
        "holiday",
        "ref",
        "ago",
        "century",
        "deictic",
        "clock",
        "set",
        "year_word",
    ]
)


def _data_path() -> Path:
    return data_dir() / "timex.yaml"


def _compile(entry: Any, priority: int, pieces: dict[str, str]) -> Rule:
    if not isinstance(entry, dict) or not {"name", "needs", "normaliser", "pattern"} <= set(entry):
        raise DataFileError(
            _data_path(), f"rules[{priority}]", "needs name, needs, normaliser, pattern"
        )
    name = str(entry["name"])

    def fill(match: re.Match[str]) -> str:
        if match[1] not in pieces:
            raise DataFileError(_data_path(), name, f"no fragment {{{match[1]}}}")
        return pieces[match[1]]

    needs = frozenset(str(entry["needs"]).split())
    if not needs or needs - TRIGGER_KINDS:
        unknown = " ".join(sorted(needs - TRIGGER_KINDS)) or "none"
        raise DataFileError(_data_path(), name, f"needs: unknown trigger kinds ({unknown})")
    try:
        regex = re.compile(_PLACEHOLDER.sub(fill, str(entry["pattern"])))
    except re.error as error:
        raise DataFileError(_data_path(), name, f"bad pattern: {error}") from error
    return Rule(name, regex, priority, needs, str(entry["normaliser"]))


@lru_cache(maxsize=1)
def grammar() -> tuple[Rule, ...]:
    """The rules of ``data/timex.yaml`` compiled, in the file's order (compiled once)."""
    pieces = fragments()
    entries = load_data("timex.yaml").get("rules") or []
    rules = tuple(_compile(entry, priority, pieces) for priority, entry in enumerate(entries))
    names = [rule.name for rule in rules]
    if len(set(names)) != len(names):
        raise DataFileError(_data_path(), "rules", "two rules share a name")
    return rules


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    rule: str
    priority: int

    @property
    def length(self) -> int:
        return self.end - self.start


_WORD = re.compile(r"\w+")
_WINDOW = 60  # characters around a trigger word that a temporal expression can reach


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
    add("holiday", [*lex.holidays, *lex.movable_holidays])
    add("ref", lex.references)
    add("ref", lex.reference_adjectives)
    add("ago", ["ago"])
    add("century", ["century", "centuries"])
    add("deictic", ["today", "yesterday", "tomorrow", "tonight"])
    add("clock", ["noon", "midnight", "midday"])
    add("year_word", ["nineteen", "thousand"])
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


def find_candidates(text: str) -> list[Match]:
    """Non-overlapping grammar matches, longest first, then the rule listed first."""
    windows = _windows(text)
    found = [
        Match(m.start(), m.end(), rule.name, rule.priority)
        for rule in grammar()
        for start, end, kinds in windows
        if kinds & rule.needs
        for m in rule.regex.finditer(text, start, end)
        if m.end() > m.start()
    ]
    found.sort(key=lambda m: (-m.length, m.priority, m.start))
    taken: list[Match] = []
    # The spans taken never overlap, so kept sorted by start they are sorted by end too: a
    # candidate can only overlap the first span ending after its start (a bisection, not a scan
    # of every span taken: linear time in long documents).
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
