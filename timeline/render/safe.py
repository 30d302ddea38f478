"""Text from documents made safe to show: no control character ever reaches a terminal.

Every string that came from a document or its metadata (sentences, titles, outlets, URLs, file
names, and messages quoting them) passes through :func:`display` before it is printed or
written to a text format. C0 and C1 control characters and DEL are replaced one for one by a
visible stand-in (``ESC`` → ``␛``, the other C0 characters by their Unicode control pictures,
C1 characters by ``�``), so an escape sequence (CSI ``ESC [``, OSC ``ESC ]`` including OSC 8
links, DCS ``ESC P``, the 8-bit ``0x9b`` CSI, a lone ESC) is shown as inert text rather than
obeyed, and character offsets into the text stay valid for highlighting. The bidirectional
overrides and isolates, which reorder what a reader sees, are replaced by ``�`` as well.

:func:`safe_text` builds the ``rich.text.Text`` the terminal views are made of: a ``Text`` is
never parsed for markup, so a ``[bold]`` in an article prints literally.
"""

from __future__ import annotations

import re

from rich.text import Text

ESCAPE_SYMBOL = "␛"
_REPLACEMENT = "\ufffd"
_BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _table(*, lines: bool) -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
    table[0x1B] = ESCAPE_SYMBOL
    table[0x7F] = "␡"
    table.update({code: _REPLACEMENT for code in range(0x80, 0xA0)})
    table.update({code: _REPLACEMENT for code in _BIDI_CONTROLS})
    # Layout white space stays white space (one character for one, so offsets hold): kept in
    # multi-line text, a plain space in one-line fields, where a newline could forge a line.
    for code in (0x09, 0x0A, 0x0D):
        table[code] = " "
    if lines:
        table[0x09] = "\t"
        table[0x0A] = "\n"
    return table


_ONE_LINE = _table(lines=False)
_LINES = _table(lines=True)
# JSON keeps control characters below 0x20 escaped itself; these it would write raw.
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def display(text: object, *, lines: bool = False) -> str:
    """``text`` with every control character made visible (same length, so offsets hold).

    Args:
        lines: keep newlines and tabs (a document's text); otherwise they become spaces, so a
            one-line field (a title, a file name) cannot start a new line of output.
    """
    return str(text).translate(_LINES if lines else _ONE_LINE)


def safe_text(text: object, style: str = "", *, lines: bool = False) -> Text:
    """A rich ``Text`` of document-derived ``text``: controls made visible, never markup."""
    return Text(display(text, lines=lines), style=style)


def escape_json_controls(text: str) -> str:
    """JSON text with DEL, the C1 controls and the bidi overrides written as ``\\u`` escapes.

    The data is unchanged (a JSON reader gets the same string back); only the bytes written
    hold no raw control character. Outside strings JSON is ASCII, so any match is in one.
    """
    return _JSON_RAW_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
