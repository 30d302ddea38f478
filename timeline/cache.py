"""Incremental cache: one extraction result per document, reused while nothing it depends on
has changed.

A result depends on the document (its bytes and the metadata the extraction sees: path, date
and where the date came from, title, …), the model, the knowledge files and the code. The key
is a SHA-256 over all of them, so a change to any one is a different key and the old entry is
simply never asked for again:

- ``document``: ``DocumentMeta`` in full, including the SHA-256 of the file's bytes, the
  SHA-256 of the decoded text (which also depends on ``--encoding``, the boilerplate rules and
  how long documents are split) and the notes made while reading it;
- ``model``: :func:`timeline.nlp.model_fingerprint` (name, version, digest of ``meta.json``),
  read without loading the model;
- ``data``: :func:`timeline.resources.data_fingerprint` over the shipped and the user's
  (``TIMELINE_DATA``) rule and gazetteer files;
- ``code``: a digest of every ``.py`` file of the package.

An entry is a file ``results/<k0k1>/<key>.json``: a first line naming the format, a second
line with the SHA-256 and length of the body, then the body (JSON: the key and
``DocResult.to_dict()``). Entries are written to a temporary file and renamed into place, so a
reader sees a whole entry or none; an entry whose checksum, length or key does not match (a
crash on a file system without atomic rename, a disk error, a hand edit) is reported as
corrupt, deleted and recomputed, never trusted. So is an entry that is whole but not what the
code writes (a value of the wrong type: :func:`well_typed`), and a ``files/`` entry whose
recorded SHA-256 is not that of the file on disk now, or that lists another file's documents
(see ``timeline.pipeline``). The build reports how many entries it discarded, once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
import types
import typing
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .cachestore import FolderStore, StoredEntry, UrlStore, store_for
from .errors import TimelineError
from .model import DocResult, Document

FORMAT = "timeline-cache/1"
_PACKAGE = Path(__file__).resolve().parent


def default_cache_dir() -> Path:
    """``$TIMELINE_CACHE_DIR``, else the user's cache folder (``~/.cache/timeline`` on Linux)."""
    configured = os.environ.get("TIMELINE_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("timeline"))


@cache
def code_fingerprint() -> str:
    """Digest of the package's Python sources: a new version of the code is a new key."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    written: int = 0


class ResultCache:
    """Per-document :class:`DocResult` entries under ``directory``.

    Args:
        directory: the cache folder (created on first write).
        model: the model fingerprint (:func:`timeline.nlp.model_fingerprint`).
        data: the knowledge-file fingerprint (:func:`timeline.resources.data_fingerprint`).
        code: the code fingerprint; :func:`code_fingerprint` by default.
    """

    def __init__(
        self, directory: str | Path, *, model: str, data: str, code: str | None = None
    ) -> None:
        self.directory = Path(directory)
        self.root = self.directory / "results"
        self.context = {
            "format": FORMAT,
            "model": model,
            "data": data,
            "code": code or code_fingerprint(),
        }
        self.stats = CacheStats()

    def key(self, document: Document) -> str:
        """The entry key of a document: its content and metadata in this context."""
        meta = document.meta
        text = hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()
        payload = {
            **self.context,
            "document": {**meta.to_dict(), "sha256": meta.sha256},
            "text": text,
            "notes": list(document.notes),
        }
        if meta.dct_hint is not None:
            payload["dct_hint"] = meta.dct_hint
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def hinted_key(self, key: str, hint: str) -> str:
        """The key of a document of key ``key`` extracted again with the corpus's date as a
        hint (``DocumentMeta.dct_hint``): the same for a text-less cached document as for the
        document read again."""
        blob = json.dumps({"document": key, "dct_hint": hint}, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        """Whether a result entry exists (not whether it is intact: :meth:`get` checks)."""
        return self.path(key).is_file()

    # --- files: what reading a file gave, so an unchanged file is not read again -------------

    def file_key(self, relative: str, info: os.stat_result, context: Any) -> str:
        """Key of a file as it is now on disk (name, size, times, inode) read in ``context``
        (the read options and its manifest entry): any write to the file changes it."""
        payload = {
            **self.context,
            "file": relative,
            "stat": [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino],
            "read": context,
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get_file(self, key: str) -> dict[str, Any] | None:
        """A file entry (see :meth:`put_file`), or ``None`` if absent or damaged."""
        path = self.directory / "files" / key[:2] / f"{key}.json"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        entry = decode_file_entry(data, key)
        if entry is None:
            self.discard_file(key)
            return None
        _mark_used(path)
        return entry

    def discard_file(self, key: str) -> None:
        """Remove a file entry found invalid (counted in ``stats.corrupt``)."""
        self.stats.corrupt += 1
        with contextlib.suppress(OSError):
            (self.directory / "files" / key[:2] / f"{key}.json").unlink()

    def put_file(self, key: str, entry: dict[str, Any]) -> None:
        path = self.directory / "files" / key[:2] / f"{key}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_entry(path, encode_file_entry(key, entry))
        except OSError:
            return

    def get(self, key: str) -> DocResult | None:
        """The cached result, or ``None`` if absent or not intact (a bad entry is removed)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except OSError:
            self.stats.misses += 1
            return None
        result = decode_entry(data, key)
        if result is None:
            self.stats.corrupt += 1
            self.stats.misses += 1
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        self.stats.hits += 1
        _mark_used(path)
        return result

    def put(self, key: str, result: DocResult) -> None:
        """Store a result atomically; a cache that cannot be written is skipped silently."""
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_entry(path, encode_entry(key, result))
        except OSError:
            return
        self.stats.written += 1


_FILE_ENTRY_LISTS = {"documents": dict, "skipped": dict, "notes": dict, "seen": list}


def _is_file_entry(entry: object) -> bool:
    """Whether a file entry has the shape :class:`timeline.incremental.FileReader` writes."""
    if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
        return False
    for name, kind in _FILE_ENTRY_LISTS.items():
        items = entry.get(name)
        if not isinstance(items, list) or not all(isinstance(item, kind) for item in items):
            return False
    return all(
        isinstance(d.get("meta"), dict)
        and isinstance(d.get("key"), str)
        and isinstance(d.get("notes"), list)
        and all(isinstance(note, str) for note in d["notes"])
        for d in entry["documents"]
    ) and all(len(pair) == 2 and all(isinstance(v, str) for v in pair) for pair in entry["seen"])


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def well_typed(value: object, hint: Any) -> bool:
    """Whether ``value`` is of type ``hint``: a record (a dataclass of :mod:`timeline.model`)
    whose every field holds a value of its declared type, recursively; ``str``, ``int``,
    ``float``, ``None``, unions and tuples."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return any(well_typed(value, option) for option in typing.get_args(hint))
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(well_typed(item, args[0]) for item in value)
        return len(value) == len(args) and all(map(well_typed, value, args))
    if hint is None or hint is type(None):
        return value is None
    if hint is Any:
        return True
    if isinstance(value, bool) and hint is not bool:
        return False
    if hint is float:
        return isinstance(value, int | float)
    if isinstance(hint, type) and is_dataclass(hint):
        hints = _hints(hint)
        return isinstance(value, hint) and all(
            well_typed(getattr(value, f.name), hints[f.name]) for f in fields(hint)
        )
    return isinstance(hint, type) and isinstance(value, hint)


def _mark_used(path: Path) -> None:
    """Set an entry's modification time to now: :func:`prune_cache` removes the entries
    longest unused first."""
    with contextlib.suppress(OSError):
        os.utime(path)


@dataclass(frozen=True, slots=True)
class CacheUsage:
    """What a cache holds (``entries`` result and file entries and annotations, ``size`` in
    bytes), and for :func:`prune_cache` what it removed and how many entries it could not
    remove (``failed``, e.g. in a read-only cache; they are still counted in ``entries``)."""

    entries: int
    size: int
    removed: int = 0
    freed: int = 0
    failed: int = 0


# A temporary file older than this is what a killed build left behind, not one being written.
_STALE_TEMPORARY_SECONDS = 3600


def prune_cache(
    location: str | Path | None = None,
    *,
    unused_days: float | None = None,
    max_size: int | None = None,
    now: float | None = None,
) -> CacheUsage:
    """Remove the entries of a cache not used for ``unused_days`` days, then the longest
    unused ones until the rest holds at most ``max_size`` bytes; with neither, only count.
    Entries of any model, rule or code version are removed alike (an entry is marked used
    when a build reads it); so are the temporary files of killed builds. Nothing but our
    entries is counted or removed (:mod:`timeline.cachestore`).

    Args:
        location: the cache folder, or an fsspec URL (``s3://bucket/cache``; needs the
            ``dask`` extra); by default the user's cache folder.

    Returns what is left and what was removed.
    """
    store = store_for(location if location is not None else default_cache_dir())
    now = time.time() if now is None else now
    entries, kept, removed, freed = _prune_unused(store, now, unused_days)
    size = sum(entry.size for entry in entries)
    if max_size is not None and size > max_size:
        entries.sort(key=lambda e: (e.used, e.relative))  # longest unused first, then by path
        while entries and size > max_size:
            entry = entries.pop(0)
            if store.remove(entry.relative):
                removed, freed, size = removed + 1, freed + entry.size, size - entry.size
            else:
                kept.append(entry)
                size -= entry.size
    left = entries + kept
    return CacheUsage(
        entries=len(left),
        size=sum(entry.size for entry in left),
        removed=removed,
        freed=freed,
        failed=len(kept),
    )


def _prune_unused(
    store: FolderStore | UrlStore, now: float, unused_days: float | None
) -> tuple[list[StoredEntry], list[StoredEntry], int, int]:
    """Remove the temporary files of killed builds and the entries unused for
    ``unused_days``: (entries left, entries that could not be removed, removed, bytes freed)."""
    entries: list[StoredEntry] = []
    kept: list[StoredEntry] = []
    removed = freed = 0
    for entry in store.entries():
        stale = entry.temporary and now - entry.used > _STALE_TEMPORARY_SECONDS
        old = unused_days is not None and now - entry.used > unused_days * 86400
        if stale or old:
            if store.remove(entry.relative):
                removed, freed = removed + 1, freed + entry.size
            elif not stale:
                kept.append(entry)
        elif not entry.temporary:
            entries.append(entry)
    return entries, kept, removed, freed


def _frame(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()
    return f"{FORMAT}\n{digest} {len(body)}\n".encode() + body


def check_entry(data: bytes, key: str) -> dict[str, Any] | None:
    """The payload of an entry that is whole and is the one asked for, else ``None``."""
    parts = data.split(b"\n", 2)
    if len(parts) != 3 or parts[0].decode("ascii", "replace") != FORMAT:
        return None
    header = parts[1].decode("ascii", "replace").split(" ")
    body = parts[2]
    if len(header) != 2 or header[1] != str(len(body)):
        return None
    if hashlib.sha256(body).hexdigest() != header[0]:
        return None
    try:
        payload: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict) or payload.get("key") != key:
        return None
    return payload


def encode_entry(key: str, result: DocResult, *, written: int | None = None) -> bytes:
    """A result entry; ``written`` (seconds since the epoch) where the store cannot mark an
    entry used by its modification time alone (see :mod:`timeline.cluster.cache`)."""
    payload: dict[str, Any] = {"key": key, "result": result.to_dict()}
    if written is not None:
        payload["written"] = written
    return _frame(payload)


def decode_entry(data: bytes, key: str) -> DocResult | None:
    """The entry's result if the entry is whole and is the one asked for, else ``None``."""
    payload = check_entry(data, key)
    return result_of(payload) if payload is not None else None


def result_of(payload: dict[str, Any]) -> DocResult | None:
    """The result of a checked entry's payload, if it is what the code writes."""
    try:
        result = DocResult.from_dict(payload["result"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return result if well_typed(result, DocResult) else None


def encode_file_entry(key: str, entry: dict[str, Any], *, written: int | None = None) -> bytes:
    """A file entry (what reading a file gave: see :class:`timeline.incremental.FileReader`)."""
    payload: dict[str, Any] = {"key": key, "entry": entry}
    if written is not None:
        payload["written"] = written
    return _frame(payload)


def decode_file_entry(data: bytes, key: str) -> dict[str, Any] | None:
    """A file entry if it is whole, the one asked for and of the shape the code writes."""
    payload = check_entry(data, key)
    entry = payload.get("entry") if payload is not None else None
    return entry if _is_file_entry(entry) else None


def write_entry(path: Path, data: bytes, *, suffix: str = ".json") -> None:
    """Write a cache entry via a temporary file (``.tmp-*``, which pruning recognises) and
    rename: a reader sees a whole entry or none."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def open_cache(directory: str | Path | None, *, model: str | None = None) -> ResultCache:
    """The cache for this model and the knowledge files in use, under ``directory``.

    Raises:
        ModelNotFound: the model is not installed (found without loading it).
    """
    from .nlp import model_fingerprint
    from .resources import data_fingerprint

    folder = Path(directory) if directory is not None else default_cache_dir()
    if folder.exists() and not folder.is_dir():
        raise TimelineError(f"{folder}: the cache folder is a file; choose another --cache-dir")
    return ResultCache(folder, model=model_fingerprint(model), data=data_fingerprint())
