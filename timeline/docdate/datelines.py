"""Document creation time (DCT) stated in a document's text: datelines and publication lines.

Patterns live in ``data/datelines.yaml``. ``ingest`` asks :func:`find_dateline` for documents
whose manifest and front matter give no date; the temporal tagger infers one from the content
when the text states none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..errors import DataFileError
from ..resources import load_data

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


@dataclass(frozen=True, slots=True)
class _DatelinePattern:
    name: str
    regex: re.Pattern[str]
    where: str


@lru_cache(maxsize=1)
def _dateline_rules() -> tuple[int, int, tuple[_DatelinePattern, ...]]:
    data = load_data("datelines.yaml")
    patterns = []
    for entry in data.get("patterns", ()):
        name = str(entry.get("name", "?"))
        try:
            regex = re.compile(entry["regex"])
        except (KeyError, re.error) as error:
            raise DataFileError("datelines.yaml", name, f"bad regex: {error}") from error
        where = str(entry.get("where", "head"))
        if where not in ("head", "tail", "anywhere"):
            raise DataFileError("datelines.yaml", name, "where must be head, tail or anywhere")
        patterns.append(_DatelinePattern(name, regex, where))
    return int(data.get("head_chars", 600)), int(data.get("tail_chars", 600)), tuple(patterns)


def month_number(text: str) -> int | None:
    """Month number of an English month name/abbreviation or a 1-2 digit number."""
    text = text.strip().rstrip(".").lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(text)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A publication date stated in a document's text."""

    value: str | None  # ISO day, or None when the year is missing
    month: int
    day: int
    start: int
    end: int
    pattern: str


def find_dateline(text: str) -> Dateline | None:
    """The document's own date as stated by a dateline or publication line, if any."""
    head_chars, tail_chars, patterns = _dateline_rules()
    tail_offset = max(0, len(text) - tail_chars)
    regions = {"head": (0, text[:head_chars]), "tail": (tail_offset, text[tail_offset:])}
    regions["anywhere"] = (0, text)
    for pattern in patterns:
        offset, region = regions[pattern.where]
        for match in pattern.regex.finditer(region):
            groups = match.groupdict()
            # Patterns with alternative orders name their second groups month2/day2.
            month = month_number(groups.get("month") or groups.get("month2") or "")
            try:
                day = int(groups.get("day") or groups.get("day2") or 0)
            except ValueError:
                continue
            if month is None or not 1 <= day <= 31:
                continue
            year_text = groups.get("year")
            value = None
            if year_text:
                try:
                    value = date(int(year_text), month, day).isoformat()
                except ValueError:
                    continue
            return Dateline(
                value, month, day, offset + match.start(), offset + match.end(), pattern.name
            )
    return None
