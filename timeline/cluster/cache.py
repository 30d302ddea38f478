"""The incremental cache of a cluster build: the workers look up and store each document's
result and the model's annotation themselves, under a cache folder they all reach — a local
path (a ``LocalCluster``, or a shared file system) or any fsspec URL (``s3://bucket/cache``).

Entries are those of a local build (:mod:`timeline.cache`, :mod:`timeline.annotate`): the same
keys (the client computes the keys' context once: model, knowledge files, code), the same
framing and checks; a result cached by a local build is found by a cluster build of the same
folder, and the other way round. On an object store an entry is one object, written whole;
as its modification time cannot be set, an entry read a day or more after it was written is
written again, so that pruning (:func:`timeline.cache.prune_cache`) sees it used. The file
entries that let a rerun skip unchanged files are :mod:`.rerun`'s.

Without a cache, a worker keeps the annotations of the documents that state no date in its
own local folder, for the re-dating later in the build (see :mod:`.build`, which
sends a document back to the worker that read it).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import get_worker

from ..annotate import AnnotationStore, frame_doc, unframe_doc
from ..cache import (
    ResultCache,
    check_entry,
    decode_file_entry,
    encode_entry,
    encode_file_entry,
    open_cache,
    result_of,
)
from ..cachestore import UrlStore
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

    def results(self) -> FolderResultCache:
        """The result cache, opened in this process."""
        context = dict(self.context)
        path = local_path(self.location)
        kind = FolderResultCache if path is not None else UrlResultCache
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


# An entry at a URL read this long after it was written is written again: an object store
# cannot set a modification time, which pruning reads as the entry's last use (a folder's
# entries are marked used by setting it, at every read).
REFRESH_SECONDS = 86400


def _stale(payload: dict[str, Any], now: float) -> bool:
    written = payload.get("written")
    return not isinstance(written, int) or now - written > REFRESH_SECONDS


class FolderResultCache(ResultCache):
    """:class:`~timeline.cache.ResultCache` in a folder, with the lookups of many entries at
    once that a cluster build's client makes."""

    def get_many(self, keys: Iterable[str]) -> dict[str, DocResult]:
        """The intact results among ``keys``."""
        return {key: result for key in keys if (result := self.get(key)) is not None}

    def get_files(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The intact file entries among ``keys``."""
        return {key: entry for key in keys if (entry := self.get_file(key)) is not None}


class UrlResultCache(FolderResultCache):
    """:class:`~timeline.cache.ResultCache` at an fsspec URL: results and file entries, each
    one object, written whole."""

    def __init__(self, url: str, *, model: str, data: str, code: str | None = None) -> None:
        super().__init__(Path("."), model=model, data=data, code=code)
        self.url = url.rstrip("/")
        self.store = UrlStore(self.url)

    @staticmethod
    def _relative(key: str, kind: str = "results") -> str:
        return f"{kind}/{key[:2]}/{key}.json"

    def has(self, key: str) -> bool:
        return self.store.exists(self._relative(key))

    def get(self, key: str) -> DocResult | None:
        data = self.store.read(self._relative(key))
        return self._results({key: data} if data is not None else {}, [key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, DocResult]:
        keys = list(keys)
        found = self.store.read_many(self._relative(key) for key in keys)
        return self._results({key: found.get(self._relative(key)) for key in keys}, keys)

    def _results(self, found: dict[str, bytes | None], keys: list[str]) -> dict[str, DocResult]:
        results: dict[str, DocResult] = {}
        refresh: dict[str, bytes] = {}
        now = time.time()
        for key in keys:
            data = found.get(key)
            payload = check_entry(data, key) if data is not None else None
            result = result_of(payload) if payload is not None else None
            if result is None:
                self.stats.misses += 1
                if data is not None:
                    self.stats.corrupt += 1
                    self.store.remove(self._relative(key))
                continue
            self.stats.hits += 1
            results[key] = result
            if payload is not None and _stale(payload, now):
                refresh[self._relative(key)] = encode_entry(key, result, written=int(now))
        self.store.write_many(refresh)
        return results

    def put(self, key: str, result: DocResult) -> None:
        data = encode_entry(key, result, written=int(time.time()))
        if self.store.write(self._relative(key), data):
            self.stats.written += 1

    def get_file(self, key: str) -> dict[str, Any] | None:
        return self.get_files([key]).get(key)

    def get_files(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        keys = list(keys)
        found = self.store.read_many(self._relative(key, "files") for key in keys)
        entries: dict[str, dict[str, Any]] = {}
        refresh: dict[str, bytes] = {}
        now = time.time()
        for key in keys:
            data = found.get(self._relative(key, "files"))
            if data is None:
                continue
            payload = check_entry(data, key)
            entry = decode_file_entry(data, key)
            if payload is None or entry is None:
                self.discard_file(key)
                continue
            entries[key] = entry
            if _stale(payload, now):
                refresh[self._relative(key, "files")] = encode_file_entry(
                    key, entry, written=int(now)
                )
        self.store.write_many(refresh)
        return entries

    def discard_file(self, key: str) -> None:
        self.stats.corrupt += 1
        self.store.remove(self._relative(key, "files"))

    def put_file(self, key: str, entry: dict[str, Any]) -> None:
        data = encode_file_entry(key, entry, written=int(time.time()))
        self.store.write(self._relative(key, "files"), data)


@dataclass(frozen=True, slots=True)
class UrlAnnotationStore(AnnotationStore):
    """:class:`~timeline.annotate.AnnotationStore` at an fsspec URL. An annotation read is
    written again (its last use, for pruning): it is read only when the rules run again."""

    url: str = ""

    def _relative(self, text: str) -> str:
        key = self.key(text)
        return f"annotations/{key[:2]}/{key}.spacy"

    def load(self, document: Document, vocab: Vocab) -> Doc | None:
        if not self.wanted(document):
            return None
        store = UrlStore(self.url)
        relative = self._relative(document.text)
        data = store.read(relative)
        if data is None:
            return None
        doc = unframe_doc(data, vocab)
        if doc is None or doc.text != document.text:
            store.remove(relative)
            return None
        store.write(relative, data)
        return attach_document(doc, document)

    def save(self, document: Document, doc: Doc) -> None:
        if self.wanted(document):
            UrlStore(self.url).write(self._relative(document.text), frame_doc(doc))


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
