"""What ingest hands on: read options, skipped files, notes and the corpus read up front."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Document
from . import formats

SUFFIXES = formats.SUFFIXES


DEFAULT_MAX_BYTES = 5_000_000


# The model annotates a document in pieces (timeline.extract), but the tool's components read it
# whole, and a Doc keeps about 1 kB a token: a longer document is read in parts of at most this
# size (spaCy's own default limit on a text's length).
DEFAULT_MAX_CHARS = 1_000_000


DEFAULT_LANGUAGES = ("en",)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or record that was not read, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Note:
    """Something worth knowing about how a file was read that lost nothing (a guessed encoding)."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a corpus: the ``timeline build`` options that concern input.

    ``languages`` are ISO 639-1 codes of the documents to keep; ``None`` keeps every language.
    ``follow_links`` reads symbolic links whose target lies outside the folder (each reported);
    by default the folder is the boundary and such links are skipped.
    """

    published: str | None = None
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    languages: tuple[str, ...] | None = DEFAULT_LANGUAGES
    follow_links: bool = False


@dataclass
class Corpus:
    """The documents of a folder and what could not be read, in path order.

    Documents read with a loss carry it in ``Document.notes`` (see :attr:`degraded`).
    """

    root: Path
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def degraded(self) -> list[tuple[str, str]]:
        """(document, note) for documents that were read with a loss."""
        return [(d.path, note) for d in self.documents for note in d.notes]


def size_text(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def display_name(relative: str) -> str:
    """A file name as valid Unicode: bytes that are not UTF-8 (kept by the OS as surrogates)
    become U+FFFD, so every output format can be written."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return relative
