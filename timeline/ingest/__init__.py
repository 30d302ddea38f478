"""Ingest: a folder (or file) of documents → decoded :class:`~timeline.model.Document` records.

Files are found by the walk (:mod:`.walk`: the folder is the boundary), read by format
(:mod:`.formats`: text and Markdown, HTML pages, JSON records), decoded (:mod:`.decoding`: BOM,
declared or detected encoding), checked (empty, binary, too large, not in a wanted language —
:mod:`.langid`) and cleaned of web chrome in place (:mod:`.boilerplate`), so offsets into a
document's text stay valid (:mod:`.files`).

Each document gets the date it states and a record of where it came from, in order of trust: a
``sources.yaml`` manifest in its folder, the file's own metadata (YAML front matter, HTML meta
tags, JSON record fields: :mod:`.manifest`), a dateline or publication line in the text
(:mod:`timeline.docdate.datelines`), the ``--published`` option. Documents with none are dated
later (:mod:`timeline.docdate`). Problems with single files are collected (:mod:`.records`:
skipped files, notes) and never stop the rest of the folder from being read; nothing here writes
to the input folder.
"""

from __future__ import annotations

from .files import iter_corpus, read_corpus, read_file, split_spans
from .manifest import MANIFEST, MAX_MANIFEST_BYTES, parse_published, read_manifest
from .records import (
    DEFAULT_LANGUAGES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    SUFFIXES,
    Corpus,
    Note,
    ReadOptions,
    Skipped,
)
from .walk import LINK_FOLLOWED, LINK_OUTSIDE, is_inside, iter_entries

__all__ = [
    "DEFAULT_LANGUAGES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "LINK_FOLLOWED",
    "LINK_OUTSIDE",
    "MANIFEST",
    "MAX_MANIFEST_BYTES",
    "SUFFIXES",
    "Corpus",
    "Note",
    "ReadOptions",
    "Skipped",
    "is_inside",
    "iter_corpus",
    "iter_entries",
    "parse_published",
    "read_corpus",
    "read_file",
    "read_manifest",
    "split_spans",
]
