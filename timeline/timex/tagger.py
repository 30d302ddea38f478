"""The ``timeline_timex`` component: candidates, vetoes, resolution in text order."""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..extensions import register_extensions
from ..model import TimeExpr
from .grammar import Match, find_candidates, grammar
from .lexicon import NAME_LABELS, QUANTITY_LABELS, SPAN_KEY, lexicon, parts, year_of
from .resolve import Resolver, parse_partial
from .rules import handlers


def _vetoed(doc: Doc, match: Match, text: str) -> bool:
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
        if match.rule == "year" and _entity_labels(doc, match.start, match.end) & QUANTITY_LABELS:
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
            _entity_labels(doc, match.start, match.end) & NAME_LABELS
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


def is_narrative(
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


def candidates(doc: Doc) -> list[Match]:
    """The grammar's matches in a Doc that the model's annotation does not veto."""
    text = doc.text
    return [m for m in find_candidates(text) if not _vetoed(doc, m, text)]


def tag_doc(doc: Doc) -> list[TimeExpr]:
    """All temporal expressions of a Doc, normalised against its date (``doc._.timeline_dct``,
    decided before: see :mod:`timeline.docdate`)."""
    text = doc.text
    matches = candidates(doc)
    dct = parse_partial(doc._.timeline_dct)
    years = [
        y
        for m in matches
        if m.rule in ("year", "my", "mdy", "dmy") and (y := year_of(text[m.start : m.end]))
    ]
    deictic = sum(1 for m in matches if m.rule in _DEICTIC_RULES)
    resolver = Resolver(doc, dct, is_narrative(dct, years, deictic))
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
        grammar()
        parts()

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
    register_extensions()
    return TimexTagger()
