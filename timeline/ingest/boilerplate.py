"""Blank lines of web chrome ("Leave a Reply", "Back to top", donation appeals) in a text.

Patterns live in ``data/boilerplate.yaml``. A matched line is overwritten with spaces of the
same length, never cut out, so every character offset into the document (evidence of events,
time expressions) still points at the same character of the decoded file.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import DataFileError
from ..resources import load_data

_LINE = re.compile(r"[^\n\r]+")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{0,200})\]\([^)\n]{0,500}\)")


@lru_cache(maxsize=1)
def _rules() -> tuple[int, re.Pattern[str]]:
    data = load_data("boilerplate.yaml") or {}
    parts = []
    for entry in data.get("patterns") or ():
        name = str(entry.get("name", "?")) if isinstance(entry, dict) else "?"
        try:
            regex = entry["regex"]
            re.compile(regex)
        except (KeyError, TypeError, re.error) as error:
            raise DataFileError("boilerplate.yaml", name, f"bad regex: {error}") from error
        parts.append(f"(?:{regex})")
    combined = "|".join(parts) or r"(?!x)x"
    return int(data.get("max_line_chars", 300)), re.compile(combined, re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """Whether a whole line (leading/trailing space and markdown marks aside) is web chrome."""
    max_chars, pattern = _rules()
    if len(line) > 4 * max_chars:
        return False
    stripped = _MARKDOWN_LINK.sub(r"\1", line).strip().strip("#*_>|-–—•·[]").strip()
    if not stripped or len(stripped) > max_chars:
        return False
    return pattern.fullmatch(stripped) is not None


def blank_boilerplate(text: str) -> tuple[str, int]:
    """(text with boilerplate lines blanked in place, number of lines blanked)."""
    count = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal count
        line = match.group(0)
        if not is_boilerplate(line):
            return line
        count += 1
        return " " * len(line)

    cleaned = _LINE.sub(blank, text)
    return cleaned, count
