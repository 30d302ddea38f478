"""The grammar: HeidelTime-style patterns compiled once from the vocabulary, the trigger
words that open a window of text for them, and :func:`find_candidates`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_data
from .lexicon import alternation, lexicon


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    priority: int


@lru_cache(maxsize=1)
def grammar() -> tuple[Rule, ...]:
    """The compiled patterns, most specific first (compiled once per process)."""
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
    holiday = alternation(lex.holidays)
    refs = alternation(lex.references)
    ordinal = alternation(lex.ordinals)
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
            rf"{b}(?:[Tt]he\s+)?(?:{alternation(lex.quarters)})[\s-]+quarter(?:\s+of)?(?:\s+{year})?{e}|{b}Q[1-4]\s+{year}{e}",
        ),
        (
            "half",
            rf"{b}(?:[Tt]he\s+)?(?:{alternation(lex.halves)})\s+half\s+of\s+(?:{year}|the\s+year|this\s+year|last\s+year|next\s+year){e}",
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
        Rule(name, re.compile(pattern, flags), priority)
        for priority, (name, pattern) in enumerate(patterns)
    )


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


def find_candidates(text: str) -> list[Match]:
    """Non-overlapping grammar matches, longest first, then the rule listed first."""
    windows = _windows(text)
    found = [
        Match(m.start(), m.end(), rule.name, rule.priority)
        for rule in grammar()
        for start, end, kinds in windows
        if kinds & _RULE_NEEDS[rule.name]
        for m in rule.regex.finditer(text, start, end)
        if m.end() > m.start()
    ]
    found.sort(key=lambda m: (-m.length, m.priority, m.start))
    taken: list[Match] = []
    occupied: list[tuple[int, int]] = []
    for match in found:
        if any(match.start < end and start < match.end for start, end in occupied):
            continue
        taken.append(match)
        occupied.append((match.start, match.end))
    taken.sort(key=lambda m: m.start)
    return taken


# --------------------------------------------------------------------------- values
