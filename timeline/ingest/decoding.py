"""Bytes → text for ingest: byte-order marks, declared and detected encodings, binary sniffing.

Order of trust: a byte-order mark, the encoding the user declared (``--encoding``) or the file
declares (HTML ``<meta charset>``), strict UTF-8, then detection by charset-normalizer. Bytes that
cannot be decoded are replaced by U+FFFD and counted; nothing here raises on any input. Files
that are not text at all (a PDF saved as ``.txt``) are recognised by their signature, NUL bytes or
a low share of printable characters, with signatures listed in ``data/ingest.yaml``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..errors import DataFileError
from ..resources import load_data

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# HTML's encoding prescan looks at the first 1024 bytes for a declaration.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)
# When detection ties, the legacy encoding of Western web pages and Office files wins
# (WHATWG's fallback for undeclared Western content).
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")
_SAMPLE = 65536


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes and how: ``how`` is bom, declared, utf-8, detected or fallback."""

    text: str
    encoding: str
    how: str
    replaced: int = 0  # undecodable bytes replaced by U+FFFD


def canonical_encoding(name: str) -> str | None:
    """Python's name for an encoding label (``latin-1`` → ``iso8859-1``), or None if unknown."""
    try:
        return codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        return None


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when ``data`` opens with a byte-order mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def declared_html_charset(data: bytes) -> str | None:
    """The encoding an HTML file declares in a ``<meta>`` tag within its first 1024 bytes."""
    match = _META_CHARSET.search(data[:1024])
    if not match:
        return None
    return canonical_encoding(match.group(1).decode("ascii", "replace"))


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    text = data.decode(encoding, errors="replace")
    # U+FFFD already present in valid input is not a replacement; count only what was added.
    original = 0
    if "\ufffd" in text:
        try:
            original = data.decode(encoding).count("\ufffd")
        except UnicodeDecodeError:
            original = 0
    return text, max(0, text.count("\ufffd") - original)


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data[: _SAMPLE * 4])
    best = matches.best()
    if best is None:
        return None
    # charset-normalizer orders ties by its own language guess, which on short Western texts
    # often names a Baltic or Central European code page; among equally clean decodings
    # prefer the common Western one.
    tied = [m for m in matches if m.chaos <= best.chaos + 1e-9]
    for preferred in _PREFERRED_LEGACY:
        for match in tied:
            if preferred in match.could_be_from_charset:
                return preferred
    return str(best.encoding)


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a file's bytes; never raises. ``declared`` is an encoding name the user gave."""
    bom = bom_encoding(data)
    if bom is not None:
        encoding, length = bom
        text, replaced = _decode_counting(data[length:], encoding)
        return Decoded(text, encoding, "bom", replaced)
    if declared:
        encoding = canonical_encoding(declared) or "utf-8"
        text, replaced = _decode_counting(data, encoding)
        return Decoded(text, encoding, "declared", replaced)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    detected = _detect(data)
    if detected is not None:
        text, replaced = _decode_counting(data, detected)
        return Decoded(text, canonical_encoding(detected) or detected, "detected", replaced)
    text, replaced = _decode_counting(data, "utf-8")
    return Decoded(text, "utf-8", "fallback", replaced)


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> tuple[str, int]:
    """(text with lone surrogates — from JSON escapes like ``\\ud800`` — as U+FFFD, count).

    They cannot be written as UTF-8, so one in a document would break every output format.
    """
    count = len(_SURROGATE.findall(text))
    return (_SURROGATE.sub("\ufffd", text), count) if count else (text, 0)


# --- binary files ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _signatures() -> tuple[tuple[bytes, str], ...]:
    data = load_data("ingest.yaml")
    signatures = []
    for name, magic in (data.get("binary_signatures") or {}).items():
        if not isinstance(magic, str):
            raise DataFileError("ingest.yaml", str(name), "signature must be a string")
        try:
            raw = magic.encode("latin-1").decode("unicode_escape").encode("latin-1")
        except (UnicodeError, ValueError) as error:
            raise DataFileError("ingest.yaml", str(name), f"bad signature: {error}") from error
        signatures.append((raw, str(name)))
    return tuple(signatures)


def printable_share(text: str) -> float:
    """Share of characters that are letters, marks, numbers, punctuation, symbols or spaces."""
    if not text:
        return 1.0
    sample = text[:_SAMPLE]
    good = sum(
        1
        for char in sample
        if char in "\n\r\t\f" or (unicodedata.category(char)[0] != "C" and char != "\ufffd")
    )
    return good / len(sample)


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` is not a text file (``"PDF document"``, ``"NUL bytes"``), or None if it is.

    Text in UTF-16/32 holds NUL bytes by design, so NULs count only when there is no BOM.
    """
    for magic, name in _signatures():
        if data.startswith(magic):
            return name
    if bom_encoding(data) is None and b"\x00" in data[:_SAMPLE]:
        return "contains NUL bytes"
    return None


def looks_binary(text: str, *, min_share: float) -> bool:
    """Decoded text whose share of printable characters is below ``min_share``."""
    return printable_share(text) < min_share
