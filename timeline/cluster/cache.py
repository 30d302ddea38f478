"""The incremental cache of a cluster build: the workers look up and store each document's
result and the model's annotation themselves, under a cache folder they all reach — a local
path (a ``LocalCluster``, or a shared file system) or any fsspec URL (``s3://bucket/cache``).

Entries are those of a local build (:mod:`timeline.cache`, :mod:`timeline.annotate`): the same
keys (the client computes the keys' context once: model, knowledge files, code), the same
framing and checks; a result cached by a local build is found by a cluster build of the same
folder, and the other way round. On an object store an entry is one object, written whole.

Without a cache, a worker keeps the annotations of the documents that state no date in its
own local folder, for the re-dating later in the build (see :mod:`.build`, which
sends a document back to the worker that read it).
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import get_worker
from fsspec.core import url_to_fs

from ..annotate import AnnotationStore, frame_doc, unframe_doc
from ..cache import ResultCache, decode_entry, encode_entry, open_cache
from ..errors import TimelineError
from ..model import DocResult, Document
from ..nlp import attach_document, model_fingerprint
from ..resources import data_fingerprint
from .sources import local_path

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab


@dataclass(frozen=True, slots=True)
class CacheSpec:
    """Where the cache is and the context of its keys: what a task needs to open it."""

    location: str  # a local folder or an fsspec URL
    context: tuple[tuple[str, str], ...]  # ResultCache.context, as pairs

    @property
    def model(self) -> str:
        return dict(self.context)["model"]

    def results(self) -> ResultCache:
        """The result cache, opened in this process."""
        context = dict(self.context)
        path = local_path(self.location)
        kind = ResultCache if path is not None else UrlResultCache
        return kind(
            self.location, model=context["model"], data=context["data"], code=context["code"]
        )

    def annotations(self) -> AnnotationStore:
        """The annotation store under the cache folder (every document's annotation)."""
        path = local_path(self.location)
        if path is not None:
            return AnnotationStore(path, model=self.model)
        return UrlAnnotationStore(Path("."), model=self.model, url=self.location)


def cache_spec(location: str | Path | None, *, model: str | None) -> CacheSpec:
    """The cache of a cluster build at ``location`` (the user's cache folder by default).

    Raises:
        ModelNotFound: the model is not installed here (its fingerprint is read here).
        TimelineError: a local cache folder is a file.
    """
    path = local_path(str(location)) if location is not None else None
    if location is None or path is not None:
        results = open_cache(path, model=model)  # checks the folder, reads the fingerprints
        return CacheSpec(str(results.directory), tuple(sorted(results.context.items())))
    context = ResultCache(Path("."), model=model_fingerprint(model), data=data_fingerprint())
    return CacheSpec(str(location).rstrip("/"), tuple(sorted(context.context.items())))


@cache
def _filesystem(url: str) -> tuple[Any, str]:
    """(fsspec file system, root path) of a cache URL, once per process."""
    try:
        fs, root = url_to_fs(url)
    except (ImportError, ValueError) as error:
        raise TimelineError(
            f"cannot open the cache at {url}: {error} (for s3:// install s3fs, for gs:// gcsfs)"
        ) from error
    return fs, root.rstrip("/")


def _read(url: str, relative: str) -> bytes | None:
    fs, root = _filesystem(url)
    try:
        data: bytes = fs.cat_file(f"{root}/{relative}")
    except (FileNotFoundError, OSError):
        return None
    return data


def _write(url: str, relative: str, data: bytes) -> bool:
    """Write one entry as one object (whole or not at all on an object store)."""
    fs, root = _filesystem(url)
    try:
        fs.pipe_file(f"{root}/{relative}", data)
    except OSError:
        return False
    return True


def _remove(url: str, relative: str) -> None:
    fs, root = _filesystem(url)
    with contextlib.suppress(OSError):
        fs.rm_file(f"{root}/{relative}")


class UrlResultCache(ResultCache):
    """:class:`~timeline.cache.ResultCache` at an fsspec URL: results only (a cluster
    build reads every file on the workers, so it keeps no file entries)."""

    def __init__(self, url: str, *, model: str, data: str, code: str | None = None) -> None:
        super().__init__(Path("."), model=model, data=data, code=code)
        self.url = url.rstrip("/")

    @staticmethod
    def _relative(key: str) -> str:
        return f"results/{key[:2]}/{key}.json"

    def has(self, key: str) -> bool:
        fs, root = _filesystem(self.url)
        return bool(fs.exists(f"{root}/{self._relative(key)}"))

    def get(self, key: str) -> DocResult | None:
        data = _read(self.url, self._relative(key))
        result = decode_entry(data, key) if data is not None else None
        if result is None:
            self.stats.misses += 1
            if data is not None:
                self.stats.corrupt += 1
                _remove(self.url, self._relative(key))
            return None
        self.stats.hits += 1
        return result

    def put(self, key: str, result: DocResult) -> None:
        if _write(self.url, self._relative(key), encode_entry(key, result)):
            self.stats.written += 1


@dataclass(frozen=True, slots=True)
class UrlAnnotationStore(AnnotationStore):
    """:class:`~timeline.annotate.AnnotationStore` at an fsspec URL."""

    url: str = ""

    def _relative(self, text: str) -> str:
        key = self.key(text)
        return f"annotations/{key[:2]}/{key}.spacy"

    def load(self, document: Document, vocab: Vocab) -> Doc | None:
        if not self.wanted(document):
            return None
        relative = self._relative(document.text)
        data = _read(self.url, relative)
        if data is None:
            return None
        doc = unframe_doc(data, vocab)
        if doc is None or doc.text != document.text:
            _remove(self.url, relative)
            return None
        return attach_document(doc, document)

    def save(self, document: Document, doc: Doc) -> None:
        if self.wanted(document):
            _write(self.url, self._relative(document.text), frame_doc(doc))


def scratch_store(model: str | None) -> AnnotationStore:
    """Without a cache: the annotations of the documents that state no date, kept by this
    worker in its own local folder (which Dask removes when the worker closes) for the
    re-dating later in the build; outside a worker, in a temporary folder of this process."""
    try:
        folder = Path(get_worker().local_directory) / "timeline-annotations"
    except ValueError:  # not in a worker (a task run directly)
        folder = _scratch_folder()
    return AnnotationStore(folder, model=model or "default", keep_all=False)


@cache
def _scratch_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="timeline-annotations-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
