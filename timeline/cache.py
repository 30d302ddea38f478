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
corrupt, deleted and recomputed, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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
        payload = _check(data, key)
        if payload is None:
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        entry = payload.get("entry")
        if not isinstance(entry, dict):
            return None
        _mark_used(path)
        return entry

    def put_file(self, key: str, entry: dict[str, Any]) -> None:
        path = self.directory / "files" / key[:2] / f"{key}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, _frame({"key": key, "entry": entry}))
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
        result = _decode(data, key)
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
            _write_atomic(path, _encode(key, result))
        except OSError:
            return
        self.stats.written += 1


def _mark_used(path: Path) -> None:
    """Set an entry's modification time to now: :func:`prune_cache` removes the entries
    longest unused first."""
    with contextlib.suppress(OSError):
        os.utime(path)


@dataclass(frozen=True, slots=True)
class CacheUsage:
    """What a cache folder holds (``entries`` result and file entries, ``size`` in bytes),
    and for :func:`prune_cache` what it removed."""

    entries: int
    size: int
    removed: int = 0
    freed: int = 0


# A temporary file older than this is what a killed build left behind, not one being written.
_STALE_TEMPORARY_SECONDS = 3600


def prune_cache(
    directory: str | Path | None = None,
    *,
    unused_days: float | None = None,
    max_size: int | None = None,
    now: float | None = None,
) -> CacheUsage:
    """Remove the entries of a cache folder not used for ``unused_days`` days, then the
    longest unused ones until the rest holds at most ``max_size`` bytes; with neither, only
    count. Entries of any model, rule or code version are removed alike (an entry is marked
    used when a build reads it); so are the temporary files of killed builds.

    Returns what is left and what was removed.
    """
    folder = Path(directory) if directory is not None else default_cache_dir()
    now = time.time() if now is None else now
    entries: list[tuple[float, int, Path]] = []
    removed = freed = 0
    for part in ("results", "files"):
        for path in sorted((folder / part).glob("*/*.json")):
            try:
                info = path.stat()
            except OSError:
                continue
            stale = path.name.startswith(".tmp-") and now - info.st_mtime > _STALE_TEMPORARY_SECONDS
            old = unused_days is not None and now - info.st_mtime > unused_days * 86400
            if stale or old:
                if _remove(path):
                    removed, freed = removed + 1, freed + info.st_size
            elif not path.name.startswith(".tmp-"):
                entries.append((info.st_mtime, info.st_size, path))
    size = sum(entry[1] for entry in entries)
    if max_size is not None and size > max_size:
        entries.sort()  # longest unused first (then by path, for a stable order)
        while entries and size > max_size:
            _mtime, length, path = entries.pop(0)
            if _remove(path):
                removed, freed, size = removed + 1, freed + length, size - length
    return CacheUsage(entries=len(entries), size=size, removed=removed, freed=freed)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _frame(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()
    return f"{FORMAT}\n{digest} {len(body)}\n".encode() + body


def _check(data: bytes, key: str) -> dict[str, Any] | None:
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


def _encode(key: str, result: DocResult) -> bytes:
    return _frame({"key": key, "result": result.to_dict()})


def _decode(data: bytes, key: str) -> DocResult | None:
    """The entry's result if the entry is whole and is the one asked for, else ``None``."""
    payload = _check(data, key)
    if payload is None:
        return None
    try:
        return DocResult.from_dict(payload["result"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
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
