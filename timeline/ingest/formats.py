"""File formats: the bytes of one file → the texts and metadata of the documents it holds.

``.txt``/``.md`` hold one document (optionally with YAML front matter, handled by ``ingest``);
``.html``/``.htm`` one news page, reduced to its main text, title and date by trafilatura;
``.json`` a record or a list of records and ``.jsonl`` one record a line, each record a
document (``text`` and optional ``published``, ``title``, ``url``, ``outlet``; the accepted
field names are in ``data/ingest.yaml``). Everything here turns bad input into a
:class:`FormatError` naming the problem; ``ingest`` records it and moves on.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any

from ..resources import load_data
from .decoding import Decoded, declared_html_charset, decode_bytes

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES
META_KEYS = ("title", "url", "outlet", "published")
# Record texts that carry markup (a scraper's raw "content") are reduced to their text.
_MARKUP = re.compile(
    r"<(?:p|div|br|span|a|h[1-6]|article|section|ul|li|em|strong|script)\b[^>]*>", re.I
)


class FormatError(Exception):
    """A file or record that cannot be read as its format; the message says why."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's text as read from a file, before ingest adds dates and checks.

    ``key`` tells records of one file apart (``"3"`` → path ``file.jsonl#3``); ``meta`` holds
    what the file itself says (title, url, outlet, published); ``notes`` what was lost or
    repaired while reading; ``error`` is set instead of a text for a record that is unusable.
    """

    key: str = ""
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    error: str | None = None
    info: tuple[str, ...] = ()


def format_of(suffix: str) -> str | None:
    """``text``, ``html``, ``json`` or ``jsonl`` for a file suffix, None if unsupported."""
    suffix = suffix.lower()
    for name, suffixes in (
        ("text", TEXT_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("json", JSON_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
    ):
        if suffix in suffixes:
            return name
    return None


def decoding_info(decoded: Decoded) -> tuple[str, ...]:
    """A note when the encoding was guessed rather than known."""
    if decoded.how not in ("detected", "fallback"):
        return ()
    return (f"encoding not declared; read as {decoded.encoding} ({decoded.how})",)


def decoding_notes(decoded: Decoded) -> tuple[str, ...]:
    """What a decoding lost: bytes replaced by U+FFFD (a guessed encoding is not a loss)."""
    if not decoded.replaced:
        return ()
    plural = "s" if decoded.replaced != 1 else ""
    return (
        f"{decoded.replaced} undecodable byte{plural} replaced (decoded as "
        f"{decoded.encoding}; give the right encoding with --encoding)",
    )


# --- HTML ---------------------------------------------------------------------------------------


def read_html(data: bytes, *, encoding: str | None = None) -> Extracted:
    """Main text, title, date and canonical URL of a news page (trafilatura)."""
    decoded = decode_bytes(data, declared=declared_html_charset(data) or encoding)
    notes = decoding_notes(decoded)
    text, meta = html_main_text(decoded.text)
    if not text.strip():
        raise FormatError("no main text found in the HTML page")
    return Extracted(text=text, meta=meta, notes=notes, info=decoding_info(decoded))


def _optional_import(name: str) -> Any:
    """A module only some files need (HTML): one that fails to import (missing, or a broken
    dependency such as lxml's html cleaner) is a :class:`FormatError`, so the file that needs
    it is skipped with the reason and the rest of the folder is read."""
    try:
        return importlib.import_module(name)
    except Exception as error:  # an import can fail with anything its module raises
        raise FormatError(
            f"cannot read HTML: {name} failed to import ({type(error).__name__}: {error}); "
            "reinstall timeline with its dependencies (pip install .)"
        ) from error


def html_main_text(html: str) -> tuple[str, dict[str, Any]]:
    """(main text, metadata) of an HTML page; scripts, navigation and comments left out."""
    trafilatura = _optional_import("trafilatura")

    # trafilatura logs every page it finds no text in; those pages are reported by ingest.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            favor_precision=True,
            # Dates from the page's markup and metadata only, not guessed from its body text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, AttributeError, LookupError) as error:
        raise FormatError(f"HTML could not be parsed: {error}") from error
    if result is None:
        return "", {}
    values = result if isinstance(result, dict) else result.as_dict()
    meta = {
        "title": values.get("title"),
        "url": values.get("url"),
        "outlet": values.get("sitename"),
        "published": values.get("date"),
    }
    return str(values.get("text") or ""), {k: v for k, v in meta.items() if v}


def html_fragment_text(html: str) -> str:
    """All the text of an HTML fragment (too short for main-text extraction), scripts aside."""
    lxml_html = _optional_import("lxml.html")
    ParserError = _optional_import("lxml.etree").ParserError

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return ""
    for element in root.iter("script", "style", "noscript"):
        element.drop_tree()
    blocks = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"}
    for element in root.iter(*blocks):
        element.tail = "\n" + (element.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


# --- JSON records ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _record_fields() -> dict[str, tuple[str, ...]]:
    fields = (load_data("ingest.yaml") or {}).get("record_fields") or {}
    names = {key: tuple(str(name) for name in fields.get(key) or ()) for key in META_KEYS}
    names["text"] = tuple(str(name) for name in fields.get("text") or ("text",))
    return names


def record_document(record: object, key: str) -> Extracted:
    """A JSON record → a document, or an :class:`Extracted` with ``error`` set."""
    if not isinstance(record, dict):
        return Extracted(key=key, error=f"record is a {type(record).__name__}, not an object")
    fields = _record_fields()
    text = next((record[name] for name in fields["text"] if record.get(name) is not None), None)
    if text is None:
        wanted = ", ".join(repr(name) for name in fields["text"])
        return Extracted(key=key, error=f"record has no text field ({wanted})")
    if not isinstance(text, str):
        return Extracted(key=key, error=f"record text is a {type(text).__name__}, not a string")
    info: tuple[str, ...] = ()
    if _MARKUP.search(text[:5000]):
        try:
            main = html_main_text(text)[0]
        except FormatError:
            main = ""
        text = main or html_fragment_text(text)
        info = ("record text is HTML; reduced to its text",)
    meta: dict[str, Any] = {}
    for meta_key in META_KEYS:
        value = next((record[n] for n in fields[meta_key] if record.get(n) is not None), None)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            meta[meta_key] = value
    return Extracted(key=key, text=text, meta=meta, info=info)


def read_json(data: bytes, *, encoding: str | None = None) -> list[Extracted]:
    """The records of a ``.json`` file: one object, or a list of objects."""
    decoded = decode_bytes(data, declared=encoding)
    try:
        value = json.loads(decoded.text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise FormatError(f"not valid JSON: {error}") from error
    records = value if isinstance(value, list) else [value]
    notes = decoding_notes(decoded)
    info = decoding_info(decoded)
    if isinstance(value, dict):
        return [_with_notes(record_document(value, ""), notes, info)]
    return [
        _with_notes(record_document(record, str(number)), notes, info)
        for number, record in enumerate(records, 1)
    ]


def iter_jsonl(
    handle: IO[bytes], *, max_bytes: int, encoding: str | None = None
) -> Iterator[Extracted]:
    """The records of a ``.jsonl`` file, one a line, read in bounded memory.

    Records are keyed by line number; a line longer than ``max_bytes`` is skipped, not read.
    """
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(1 << 20)
            yield Extracted(
                key=str(number),
                error=f"record longer than --max-bytes ({max_bytes:,} bytes); raise it to read",
            )
            continue
        if not line.strip():
            continue
        decoded = decode_bytes(line, declared=encoding)
        try:
            value = json.loads(decoded.text)
        except (json.JSONDecodeError, RecursionError) as error:
            yield Extracted(key=str(number), error=f"not valid JSON: {error}")
            continue
        notes = decoding_notes(decoded)
        yield _with_notes(record_document(value, str(number)), notes, decoding_info(decoded))


def _with_notes(extracted: Extracted, notes: tuple[str, ...], info: tuple[str, ...]) -> Extracted:
    if extracted.error:
        return extracted
    return dataclasses.replace(extracted, notes=extracted.notes + notes, info=extracted.info + info)
