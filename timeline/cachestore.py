"""Where the incremental cache's entries are kept: a local folder, or an fsspec URL that a
cluster's workers reach (``s3://bucket/cache``, ``gs://…``, ``memory://…`` in tests). Both
stores list and remove entries behind the same methods, so the cache's policies (pruning:
:func:`timeline.cache.prune_cache`) are written once for both; the store at a URL also reads
and writes them for a cluster build (:mod:`timeline.cluster.cache`).

Only our entries are ever listed: ``<kind>/<k0k1>/<key><suffix>`` for the kinds of
:data:`KINDS`, ``key`` being 64 hexadecimal digits whose first two name the shard, and in a
folder the ``.tmp-*`` files a write leaves until it renames them. Anything else under the
cache's location (a user's files, another tool's) is never listed, so never counted or removed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from .errors import TimelineError

# (folder, suffix) of each kind of entry: results and file entries (timeline.cache), the
# model's annotations (timeline.annotate).
KINDS = (("results", ".json"), ("files", ".json"), ("annotations", ".spacy"))
_ENTRY = re.compile(
    "|".join(
        rf"{folder}/(?P<s{i}>[0-9a-f]{{2}})/(?P=s{i})[0-9a-f]{{62}}{re.escape(suffix)}"
        for i, (folder, suffix) in enumerate(KINDS)
    )
)
_TEMPORARY = re.compile(
    "|".join(rf"{folder}/[0-9a-f]{{2}}/\.tmp-[^/]*{re.escape(suffix)}" for folder, suffix in KINDS)
)


def is_entry(relative: str) -> bool:
    """Whether a path (relative to the cache's location) names one of our entries."""
    return _ENTRY.fullmatch(relative) is not None


def is_temporary(relative: str) -> bool:
    """Whether a path names a temporary file of one of our writes (in a folder)."""
    return _TEMPORARY.fullmatch(relative) is not None


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """One entry of a store: its path relative to the cache's location, its size in bytes,
    when it was last used (its modification time: a build marks what it reads) and whether it
    is a write's temporary file."""

    relative: str
    size: int
    used: float
    temporary: bool = False


def is_url(location: str | Path) -> bool:
    """Whether a cache location is a URL other than a local ``file://`` one."""
    text = str(location)
    if isinstance(location, Path) or "://" not in text:
        return False
    return text.split("://", 1)[0] not in ("file", "local")


def store_for(location: str | Path) -> FolderStore | UrlStore:
    """The store of a cache folder, ``file://`` URL or other fsspec URL."""
    text = str(location)
    if is_url(text):
        return UrlStore(text)
    if "://" in text:
        return FolderStore(Path(text.split("://", 1)[1]))
    return FolderStore(Path(location))


class FolderStore:
    """The entries of a cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def location(self) -> str:
        return str(self.folder)

    def entries(self) -> Iterator[StoredEntry]:
        """Our entries and temporary files, by kind and path."""
        for folder, suffix in KINDS:
            for path in sorted((self.folder / folder).glob(f"*/*{suffix}")):
                relative = path.relative_to(self.folder).as_posix()
                temporary = is_temporary(relative)
                if not temporary and not is_entry(relative):
                    continue
                try:
                    info = path.stat()
                except OSError:
                    continue
                yield StoredEntry(relative, info.st_size, info.st_mtime, temporary)

    def remove(self, relative: str) -> bool:
        """Remove an entry; whether it is gone."""
        try:
            (self.folder / relative).unlink()
        except FileNotFoundError:
            return True
        except OSError:
            return False
        return True


@cache
def filesystem(url: str) -> tuple[Any, str]:
    """(fsspec file system, root path without a trailing slash) of a URL, once per process."""
    try:
        # An optional extra (pip install "timeline[dask]"), and a slow import that only a
        # cache at a URL needs: imported here, not with the module.
        from fsspec.core import url_to_fs
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise TimelineError(
            f'{url}: a cache at a URL needs fsspec: pip install "timeline[dask]"'
        ) from error
    try:
        fs, root = url_to_fs(url)
    except (ImportError, ValueError) as error:
        raise TimelineError(
            f"cannot open the cache at {url}: {error} (for s3:// install s3fs, for gs:// gcsfs)"
        ) from error
    return fs, str(root).rstrip("/")


class UrlStore:
    """The entries of a cache at an fsspec URL. On an object store an entry is one object,
    written whole or not at all (so there are no temporary files)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.fs, self.root = filesystem(self.url)

    @property
    def location(self) -> str:
        return self.url

    def _path(self, relative: str) -> str:
        return f"{self.root}/{relative}"

    def entries(self) -> Iterator[StoredEntry]:
        """Our entries, by kind and path (one listing per kind)."""
        for folder, _suffix in KINDS:
            try:
                found = self.fs.find(self._path(folder), detail=True)
            except (FileNotFoundError, OSError):
                continue
            for path, info in sorted(found.items()):
                relative = str(path).lstrip("/")[len(self.root.lstrip("/")) :].lstrip("/")
                if info.get("type", "file") != "file" or not is_entry(relative):
                    continue
                yield StoredEntry(relative, int(info.get("size") or 0), modified(info))

    def remove(self, relative: str) -> bool:
        try:
            self.fs.rm_file(self._path(relative))
        except FileNotFoundError:
            return True
        except OSError:
            return False
        return True

    def exists(self, relative: str) -> bool:
        return bool(self.fs.exists(self._path(relative)))

    def read(self, relative: str) -> bytes | None:
        try:
            data: bytes = self.fs.cat_file(self._path(relative))
        except OSError:  # FileNotFoundError among them
            return None
        return data

    def read_many(self, relatives: Iterable[str]) -> dict[str, bytes]:
        """The entries that exist among ``relatives``, read in one call (concurrently on the
        file systems that can: S3, GCS, HTTP)."""
        paths = {self._path(relative): relative for relative in relatives}
        if not paths:
            return {}
        try:
            found = self.fs.cat(list(paths), on_error="omit")
        except OSError:
            return {}
        return {paths[_unprefixed(path, paths)]: data for path, data in found.items()}

    def write(self, relative: str, data: bytes) -> bool:
        """Write one entry as one object; whether it was written."""
        try:
            self.fs.pipe_file(self._path(relative), data)
        except OSError:
            return False
        return True

    def write_many(self, entries: dict[str, bytes]) -> None:
        """Write entries in one call (concurrently where the file system can); a cache that
        cannot be written is skipped."""
        if entries:
            with contextlib.suppress(OSError):
                self.fs.pipe({self._path(relative): data for relative, data in entries.items()})


def _unprefixed(path: str, asked: dict[str, str]) -> str:
    """The path as asked for (some file systems answer with or without a leading slash)."""
    if path in asked:
        return path
    return next(p for p in asked if p.lstrip("/") == path.lstrip("/"))


# The fields of an fsspec listing that give a file's modification time, by file system:
# local (mtime), S3 (LastModified), GCS (updated), Azure (last_modified), memory (created).
_TIME_FIELDS = ("mtime", "LastModified", "last_modified", "updated", "modified", "created")


def modified(info: dict[str, Any]) -> float:
    """A listed file's modification time (seconds since the epoch); 0 when the file system
    gives none (the entry then counts as the longest unused)."""
    for name in _TIME_FIELDS:
        value = info.get(name)
        if isinstance(value, datetime):
            return value.timestamp()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return 0.0
