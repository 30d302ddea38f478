"""The ``timeline_timex`` component: candidates, vetoes, resolution in text order."""

from __future__ import annotations

import re
from dataclasses import asdict
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..extensions import register_extensions
from ..model import TimeExpr
from .grammar import Match, find_candidates, grammar
from .lexicon import NAME_LABELS, QUANTITY_LABELS, SPAN_KEY, lexicon, parts, year_of
from .resolve import Resolver, parse_partial
from .rules import handlers
from .settings import DEFAULT, TimexSettings


def _vetoed(doc: Doc, match: Match, text: str) -> bool:
    """True for numbers and names that only look like dates, by the model and the context."""
    return (
        _noun_fall(match, text)
        or _verb_fall(doc, match, text)
        or _duration_false_friend(match, text)
        or _number_not_year(doc, match, text)
        or _name_or_word(doc, match, text)
    )


def _noun_fall(match: Match, text: str) -> bool:
    """ "the fall of the city", "the city's fall": the noun, not the season."""
    piece = text[match.start : match.end].lower()
    if match.rule not in ("season", "rel_unit") or not re.search(r"\bfall$", piece):
        return False
    after = text[match.end : match.end + 24].lower().lstrip(" ")
    before_word = text[max(0, match.start - 3) : match.start]
    return bool(re.match(r"(?:of|to|from)\b", after)) or before_word.endswith(("'s ", "’s "))


def _verb_fall(doc: Doc, match: Match, text: str) -> bool:
    """ "prices will fall", "began to fall apart": the verb, not the season."""
    if match.rule not in ("season", "rel_unit") or not doc.has_annotation("TAG"):
        return False
    if not re.search(r"\bfall$", text[match.start : match.end].lower()):
        return False
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    return span is not None and span[-1].tag_.startswith("VB")


def _duration_false_friend(match: Match, text: str) -> bool:
    """ "a second attack" (the ordinal), "three quarters of" (a fraction)."""
    if match.rule != "duration":
        return False
    piece = text[match.start : match.end].lower()
    if re.search(r"\b(?:a|an|one)\s+second$", piece):
        return True
    return bool(re.search(r"quarters?$", piece)) and not piece[:1].isdigit()


def _number_not_year(doc: Doc, match: Match, text: str) -> bool:
    """A number that is an amount ("$1990", "2000 troops", the model's CARDINAL)."""
    if match.rule not in ("year", "year_range", "decade", "numeric", "iso"):
        return False
    before = text[max(0, match.start - 2) : match.start]
    if "$" in before or "€" in before or "£" in before or "#" in before:
        return True
    after = text[match.end : match.end + 24].lower().lstrip(" ")
    next_word = re.match(r"[%\w]+", after)
    if next_word is not None and next_word[0] in lexicon().not_year_after:
        return True
    return match.rule == "year" and bool(
        _entity_labels(doc, match.start, match.end) & QUANTITY_LABELS
    )


def _name_or_word(doc: Doc, match: Match, text: str) -> bool:
    """ "May" the modal, a month or weekday inside a name, "now," the discourse marker."""
    if match.rule not in ("month", "weekday", "season", "md", "duration", "refs"):
        return False
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    if span is None:
        return False
    if match.rule == "month" and doc.has_annotation("TAG") and _month_is_verb(doc, span[-1]):
        return True
    if match.rule in ("month", "weekday") and (
        _entity_labels(doc, match.start, match.end) & NAME_LABELS
    ):
        return True
    if match.rule == "refs" and span.text.lower() == "now" and doc.has_annotation("TAG"):
        # "now" as a discourse marker at the start of a clause is not a time ("Now, he says");
        # "for now," and "develop it now," are.
        word = span[0]
        comma = word.i + 1 < len(doc) and doc[word.i + 1].text == ","
        return comma and _opens_clause(doc, word)
    return False


def _opens_clause(doc: Doc, word: Token) -> bool:
    """Whether the word starts its sentence or follows punctuation or a conjunction."""
    if word.i == 0 or word.is_sent_start:
        return True
    previous = doc[word.i - 1]
    return previous.is_punct or previous.is_space or previous.tag_ == "CC"


def _month_is_verb(doc: Doc, word: Token) -> bool:
    """ "may" or "march" tagged as a modal or verb, and not after a preposition."""
    previous: Token | None = doc[word.i - 1] if word.i > 0 else None
    after_prep = previous is not None and (
        previous.tag_ in ("IN", "TO", "JJ", "DT", "CC", ",") or previous.lower_ in ("mid", "-")
    )
    return (word.tag_ == "MD" or word.tag_.startswith("VB")) and not after_prep


def _entity_labels(doc: Doc, start: int, end: int) -> set[str]:
    """Labels of the model's entities over the characters (read from the tokens: cheaper than
    building ``doc.ents``)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    return {token.ent_type_ for token in span if token.ent_type_}


# The rules that state a year ("264 BC" too: a history of antiquity names only such years).
_YEAR_RULES = ("year", "my", "mdy", "dmy", "era_year")
_DEICTIC_RULES = ("deictic", "weekday", "ago", "month_rel_year")
_RELATIVE_RULES = ("rel_unit", "fiscal_period_of_year", "half")
_LEADING_SHIFT = re.compile(r"^(?:(?:earlier|later)\s+)?(\w+)", re.I)


def _speaks_from_dct(rule: str, piece: str) -> bool:
    """Whether an expression counts from the writer's day: "yesterday", "on Friday", "two
    years ago", "last year", "earlier this month" (not "the next year", counted from the
    story's time)."""
    if rule in _DEICTIC_RULES:
        return True
    if rule not in _RELATIVE_RULES:
        return False
    first = _LEADING_SHIFT.match(piece)
    return first is not None and first[1].lower() in lexicon().dct_relative


def is_narrative(
    dct: tuple[int, int | None, int | None] | None,
    years: list[int],
    deictic: int,
    settings: TimexSettings = DEFAULT,
) -> bool:
    """A history rather than news: fewer than two in five of its explicit years lie near the
    document date or after it (a history that reaches up to the writer's time still names
    mostly earlier years; a year after it is a plan or a deadline) and it rarely speaks from the
    writer's day ("yesterday", "on Friday", "two years ago", "last year")."""
    if dct is None:
        return True
    if not years or deictic >= max(1.0, settings.narrative_deictic_share * len(years)):
        return False
    # A year after the document's is a plan or a deadline: written from the writer's day.
    near = sum(1 for year in years if year >= dct[0] - 1)
    return near < settings.narrative_near_share * len(years)


def candidates(doc: Doc) -> list[Match]:
    """The grammar's matches in a Doc that the model's annotation does not veto."""
    text = doc.text
    return [m for m in find_candidates(text) if not _vetoed(doc, m, text)]


def tag_doc(doc: Doc, settings: TimexSettings = DEFAULT) -> list[TimeExpr]:
    """All temporal expressions of a Doc, normalised against its date (``doc._.timeline_dct``,
    decided before: see :mod:`timeline.docdate`)."""
    text = doc.text
    matches = candidates(doc)
    dct = parse_partial(doc._.timeline_dct)
    years = [y for m in matches if m.rule in _YEAR_RULES and (y := year_of(text[m.start : m.end]))]
    deictic = sum(1 for m in matches if _speaks_from_dct(m.rule, text[m.start : m.end]))
    narrative = is_narrative(dct, years, deictic, settings)
    resolver = Resolver(doc, dct, narrative, settings)
    out: list[TimeExpr] = []
    for match in matches:
        piece = text[match.start : match.end]
        try:
            results = handlers()[match.rule](resolver, piece, match.start, match.end)
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
                resolver.remember(value, start, look_back=bool(_LOOK_BACK.search(piece)))
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


# Between a clock time and its day: "at 9 p.m. on Friday", "5 p.m. EST, Nov. 6".
_TIME_DATE_GAP = re.compile(
    r"^(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time)\b)?(?:,?\s*(?:on|of)?\s*|\s+)$"
)
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

    def __init__(self, settings: TimexSettings = DEFAULT) -> None:
        self.settings = settings
        lexicon()
        grammar()
        parts()

    def __call__(self, doc: Doc) -> Doc:
        timexes = tag_doc(doc, self.settings)
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
    default_config=asdict(DEFAULT),
    requires=["doc.ents"],
    assigns=["doc._.timeline_timexes", "doc.spans"],
)
def make_timex(
    nlp: Language,
    name: str,
    *,
    narrative_near_share: float,
    narrative_deictic_share: float,
    new_year_turn_months: int,
    half_year_months: int,
    frame_chars: int,
    soon_after_days: int,
) -> TimexTagger:
    """The ``timeline_timex`` component; its settings are :class:`TimexSettings`'s fields."""
    register_extensions()
    settings = TimexSettings(
        narrative_near_share=narrative_near_share,
        narrative_deictic_share=narrative_deictic_share,
        new_year_turn_months=new_year_turn_months,
        half_year_months=half_year_months,
        frame_chars=frame_chars,
        soon_after_days=soon_after_days,
    )
    return TimexTagger(settings)
