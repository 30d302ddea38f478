"""The model's annotation of documents: the half of the extraction that does not depend on a
document's date, and is cached apart from the rules.

The model's own components annotate text in pieces of a bounded size, however long the document
(a long document is cut at paragraph breaks, its pieces annotated in batches and joined again
with ``Doc.from_docs``), so the memory the model needs is bounded by the batch, not by the
longest document. The tool's rules (:data:`RULE_COMPONENTS`) then read each whole document, in
:mod:`timeline.extract`.

An :class:`AnnotationStore` keeps each document's annotation as a ``DocBin`` (tokens, tags,
lemmas, morphology, parse, sentence starts, entities; no vectors), keyed by the text, the model
and this module's code, not by the document's date or the rules: a document re-dated by the
corpus, or re-read after a change to ``data/`` or to the rules, is extracted again without the
model. Entries are framed with a checksum and written atomically; a damaged one is deleted and
recomputed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import write_entry
from .ingest import split_spans
from .model import Document
from .nlp import attach_document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

BATCH_SIZE = 64  # pieces of text per batch of the model's components …
# … and at most this much text: the model's working memory grows with the tokens of a batch
# (about 16 kB a token for en_core_web_sm: its token-to-vector layers keep every intermediate
# array of a batch until they return), so a batch is kept small. Below about 10,000 characters
# a batch runs slower; above, it only costs memory.
BATCH_CHARS = 20_000
PIECE_CHARS = 10_000  # a longer document is annotated by the model in pieces of this size
# The tool's rules, in order: they read whole documents (the year last mentioned, the sentence
# before) and depend on the document's date; everything before them is the model's.
RULE_COMPONENTS = ("timeline_docdate", "timeline_timex", "timeline_events")
# What an annotation keeps of a Doc (spaCy attribute names, as DocBin takes them).
ANNOTATION_ATTRS = (
    "ORTH",
    "SPACY",
    "NORM",
    "TAG",
    "POS",
    "MORPH",
    "LEMMA",
    "HEAD",
    "DEP",
    "SENT_START",
    "ENT_IOB",
    "ENT_TYPE",
)
FORMAT = b"timeline-annotation/1"
_HERE = Path(__file__).resolve().parent


def model_components(nlp: Language) -> list[tuple[str, Any]]:
    """The pipeline's components before the first rule component: the model's stage."""
    split = next(
        (i for i, (name, _) in enumerate(nlp.pipeline) if name in RULE_COMPONENTS),
        len(nlp.pipeline),
    )
    return list(nlp.pipeline[:split])


def annotate(
    nlp: Language,
    documents: Iterable[Document],
    *,
    batch_size: int = BATCH_SIZE,
) -> Iterator[tuple[Document, Doc]]:
    """The model's annotation of documents: (document, Doc) pairs, in order.

    ``documents`` is consumed lazily. The model's components see pieces of at most about
    ``PIECE_CHARS`` (cut where :func:`piece_spans` says) in batches of at most ``batch_size``
    pieces and ``BATCH_CHARS`` of text, as ``nlp.pipe`` would run them; a document's pieces
    are joined into one Doc with the document's path and date in ``Doc._``. The tool's rules
    (:data:`RULE_COMPONENTS`) do not run here: see :func:`timeline.extract.apply_rules`.
    """
    pieces_stage = model_components(nlp)
    waiting: deque[_Pieces] = deque()  # documents whose pieces are not all annotated yet
    batch: list[tuple[_Pieces, str]] = []
    size = 0

    def run_batch() -> Iterator[tuple[Document, Doc]]:
        docs = [nlp.make_doc(text) for _, text in batch]
        for _name, component in pieces_stage:
            run = getattr(component, "pipe", None)
            docs = list(run(docs, batch_size=len(docs)) if run else map(component, docs))
        for (owner, _), doc in zip(batch, docs, strict=True):
            doc.tensor = doc.tensor[:0]  # token vectors: only the model's components read them
            owner.docs.append(doc)
        batch.clear()
        while waiting and len(waiting[0].docs) == waiting[0].count:
            owner = waiting.popleft()
            doc = owner.docs[0] if owner.count == 1 else _join(owner.docs)
            owner.docs.clear()
            yield owner.document, attach_document(doc, owner.document)

    for document in documents:
        spans = piece_spans(document.text, PIECE_CHARS)
        owner = _Pieces(document, len(spans))
        waiting.append(owner)
        for start, end in spans:
            if batch and (len(batch) >= batch_size or size + end - start > BATCH_CHARS):
                yield from run_batch()
                size = 0
            batch.append((owner, document.text[start:end]))
            size += end - start
    if batch:
        yield from run_batch()


@dataclasses.dataclass(slots=True)
class _Pieces:
    """A document whose pieces are being annotated."""

    document: Document
    count: int
    docs: list[Doc] = dataclasses.field(default_factory=list)


def piece_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of the pieces a text is annotated in: cut at a paragraph break, else a line
    break, a sentence end or a space, and after the whole run of white space there, so every
    piece but the first starts where a token of the whole text starts."""
    return split_spans(text, limit, whole_space=True)


def _join(docs: list[Doc]) -> Doc:
    """One Doc of consecutive pieces, with their text exactly (no space added between)."""
    from spacy.tokens import Doc

    # (spaCy's type stub lacks ``exclude``, which Doc.from_docs has had since v3.3)
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]


@cache
def _code_digest() -> str:
    """Digest of the code that shapes an annotation (model loading and this module)."""
    digest = hashlib.sha256()
    for name in ("nlp.py", "annotate.py"):
        digest.update((_HERE / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclasses.dataclass(frozen=True, slots=True)
class AnnotationStore:
    """Annotations by text under ``directory``: ``annotations/<k0k1>/<key>.spacy``.

    Args:
        directory: the folder (created on first write).
        model: the model fingerprint (:func:`timeline.nlp.model_fingerprint`).
        keep_all: store every document's annotation; otherwise only those of documents that
            state no date (the ones the corpus may re-date within a build).
    """

    directory: Path
    model: str
    keep_all: bool = True

    def key(self, text: str) -> str:
        import spacy

        blob = "\0".join(
            (FORMAT.decode(), self.model, spacy.__version__, str(PIECE_CHARS), _code_digest())
        )
        digest = hashlib.sha256(blob.encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.directory / "annotations" / key[:2] / f"{key}.spacy"

    def wanted(self, document: Document) -> bool:
        return self.keep_all or document.meta.dct is None

    def load(self, document: Document, vocab: Vocab) -> Doc | None:
        """The stored annotation of the document's text, or ``None`` (a damaged entry is
        deleted)."""
        if not self.wanted(document):
            return None
        path = self.path(self.key(document.text))
        try:
            data = path.read_bytes()
        except OSError:
            return None
        doc = unframe_doc(data, vocab)
        if doc is None or doc.text != document.text:
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used: pruning removes the longest unused first
        return attach_document(doc, document)

    def save(self, document: Document, doc: Doc) -> None:
        """Store a document's annotation; a store that cannot be written is skipped."""
        if not self.wanted(document):
            return
        path = self.path(self.key(document.text))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_entry(path, frame_doc(doc), suffix=".spacy")
        except OSError:
            return


def frame_doc(doc: Doc) -> bytes:
    from spacy.tokens import DocBin

    body = DocBin(attrs=list(ANNOTATION_ATTRS), docs=[doc], store_user_data=False).to_bytes()
    digest = hashlib.sha256(body).hexdigest().encode()
    return FORMAT + b"\n" + digest + b" " + str(len(body)).encode() + b"\n" + body


def unframe_doc(data: bytes, vocab: Vocab) -> Doc | None:
    from spacy.tokens import DocBin

    parts = data.split(b"\n", 2)
    if len(parts) != 3 or parts[0] != FORMAT:
        return None
    header, body = parts[1].split(b" "), parts[2]
    if len(header) != 2 or header[1] != str(len(body)).encode():
        return None
    if hashlib.sha256(body).hexdigest().encode() != header[0]:
        return None
    try:
        docs = list(DocBin(store_user_data=False).from_bytes(body).get_docs(vocab))
    except Exception:  # any undecodable entry is recomputed, never trusted
        return None
    return docs[0] if len(docs) == 1 else None
