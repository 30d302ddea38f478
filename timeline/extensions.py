"""The ``Doc._`` attributes the tool's components read and write, registered once.

A module of its own (it imports spaCy's ``Doc`` and nothing of the tool) so that every component
can make sure of them without importing the model loader.
"""

from __future__ import annotations

from typing import Any

_DOC_EXTENSIONS: dict[str, Any] = {
    "timeline_path": None,
    "timeline_dct": None,  # ISO date the document is anchored to
    "timeline_dct_source": "none",
    "timeline_dct_hint": None,  # date of the collection, for documents that state none
    "timeline_timexes": None,  # list[TimeExpr], set by timeline_timex
    "timeline_mentions": None,  # list[Mention], set by timeline_events
}


def register_extensions() -> None:
    """Register the ``Doc._`` attributes once (idempotent)."""
    from spacy.tokens import Doc

    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
