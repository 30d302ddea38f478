"""Sources by URL: the files of a local folder or of any fsspec URL, listed by name on the
client and read on the workers with the same ingest code as a local build.

A local folder (or ``file://`` URL) is listed by :func:`timeline.ingest.iter_corpus` itself,
so the order, the manifests, the skipped entries and the display names are the ones a local
build sees. Any other URL (``s3://bucket/prefix/``, ``gs://…``, ``memory://…``, or a glob) is
walked the same way through fsspec: hidden entries left out, each folder's files in name order
before its subfolders, ``sources.yaml`` read as the folder's manifest. Only names and sizes
reach the client; a worker copies a remote file to a temporary folder under its own name and
reads it with :func:`timeline.ingest.read_file`.
"""

from __future__ import annotations

import posixpath
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fsspec
from fsspec.core import url_to_fs
from fsspec.utils import infer_storage_options

from ..errors import InputError
from ..ingest import MANIFEST, Note, ReadOptions, Skipped, iter_corpus, read_file
from ..ingest.manifest import IGNORED_NAMES, folder_manifest
from ..model import Document, DocumentMeta

_GLOB = set("*?[")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file to read: where it is (a local path or a URL), its name in the output (relative
    to the source), its size, its manifest entry and what identifies this version of it in
    the listing (:func:`file_version`; ``None`` when the file system gives only its size)."""

    url: str
    relative: str
    size: int
    manifest_meta: dict[str, Any] | None = None
    version: str | None = None


Listed = SourceFile | Skipped | Note  # a file to read, or what the listing found wrong


def local_path(source: str | Path) -> Path | None:
    """The local path a source names (a path or a ``file://`` URL), or None for a remote URL
    or a glob."""
    if isinstance(source, Path):
        source = str(source)
    if any(char in _GLOB for char in source):
        return None  # a glob: listed through fsspec's local file system
    if "://" not in source:
        return Path(source)
    if infer_storage_options(source)["protocol"] in ("file", "local"):
        return Path(infer_storage_options(source)["path"])
    return None


def list_sources(source: str | Path, *, options: ReadOptions) -> list[Listed]:
    """The files below ``source`` in the order a local build reads them, with the entries
    that cannot be read and the manifests' problems (as :class:`Skipped` and :class:`Note`,
    in their place).

    Raises:
        InputError: the source does not exist, or a manifest is malformed.
    """
    path = local_path(source)
    if path is not None:
        return _list_local(path, options)
    return list(_list_remote(str(source)))


def _list_local(root: Path, options: ReadOptions) -> list[Listed]:
    listed: list[Listed] = []

    def record(
        path: Path,
        relative: str,
        *,
        manifest_meta: dict[str, Any] | None = None,
        options: ReadOptions | None = None,
        seen: dict[str, str] | None = None,
    ) -> tuple[list[Document], list[Skipped], list[Note]]:
        try:
            info = path.stat()
        except OSError:  # the worker reading it says why
            listed.append(SourceFile(str(path), relative, 0, manifest_meta))
        else:
            # What the local build's file entries are keyed by (timeline.incremental).
            stamp = f"stat {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}"
            listed.append(SourceFile(str(path), relative, info.st_size, manifest_meta, stamp))
        # A stand-in, so that iter_corpus counts the folder as holding documents: whether it
        # does is only known once the workers have read the files.
        return [_LISTED], [], []

    for item in iter_corpus(root, options=options, read=record):
        if isinstance(item, Skipped | Note):
            listed.append(item)
    return listed


_LISTED = Document(DocumentMeta(path=""), "")


def _list_remote(url: str) -> Iterator[Listed]:
    fs, root = url_to_fs(url)

    def address(path: str) -> str:
        return fs.unstrip_protocol(path) if hasattr(fs, "unstrip_protocol") else path

    if any(char in _GLOB for char in root):
        yield from _list_glob(fs, root, address)
        return
    if fs.isfile(root):
        info = fs.info(root)
        size = int(info.get("size") or 0)
        yield SourceFile(address(root), posixpath.basename(root), size, None, file_version(info))
        return
    if not fs.isdir(root):
        raise InputError(url, "no such file or folder")
    stack = [root]
    while stack:
        folder = stack.pop()
        entries = sorted(fs.ls(folder, detail=True), key=lambda e: posixpath.basename(e["name"]))
        manifest, problems = _remote_manifest(fs, root, folder, entries)
        yield from problems
        subfolders = []
        for entry in entries:
            name = posixpath.basename(entry["name"].rstrip("/"))
            if name.startswith(".") or name in IGNORED_NAMES:
                continue
            if entry["type"] == "directory":
                subfolders.append(entry["name"].rstrip("/"))
                continue
            relative = posixpath.relpath(entry["name"], root)
            size = int(entry.get("size") or 0)
            yield SourceFile(
                address(entry["name"]), relative, size, manifest.get(name), file_version(entry)
            )
        stack.extend(reversed(subfolders))


def _list_glob(fs: Any, root: str, address: Any) -> Iterator[Listed]:
    """The files a glob matches, named relative to the folder before its first wildcard."""
    base = root[: min(root.index(c) for c in _GLOB if c in root)].rsplit("/", 1)[0]
    for path, info in sorted(fs.glob(root, detail=True).items()):
        relative = posixpath.relpath(path, base)
        if info.get("type") == "file" and not _hidden(relative):
            size = int(info.get("size") or 0)
            yield SourceFile(address(path), relative, size, None, file_version(info))


# The fields of an fsspec listing that tell one version of a file from another, the most
# specific first: a digest or version of the content (S3's ETag, GCS's md5Hash and generation,
# Azure's etag), else a modification time (local mtime, memory's created, …).
_VERSION_FIELDS = (
    "ETag",
    "etag",
    "md5Hash",
    "md5",
    "content_md5",
    "crc32c",
    "generation",
    "VersionId",
    "version_id",
    "mtime",
    "LastModified",
    "last_modified",
    "updated",
    "modified",
    "created",
)


def file_version(info: dict[str, Any]) -> str | None:
    """What identifies this version of a listed file: its size and the first field of
    :data:`_VERSION_FIELDS` the file system gives, or ``None`` if it gives none (a rerun then
    compares the file's content hash)."""
    for name in _VERSION_FIELDS:
        value = info.get(name)
        if value is not None and value != "":
            return f"{info.get('size')} {name}={value}"
    return None


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in relative.split("/"))


def _remote_manifest(
    fs: Any, root: str, folder: str, entries: list[dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], list[Skipped | Note]]:
    """A remote folder's manifest and its problems, read by the local reader from a copy at
    the same place below a temporary folder (so that its problems name it the same way)."""
    if not any(posixpath.basename(e["name"]) == MANIFEST for e in entries):
        return {}, []
    with tempfile.TemporaryDirectory(prefix="timeline-") as scratch:
        base = Path(scratch)
        copy = base / posixpath.relpath(folder, root) / MANIFEST
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(fs.cat_file(posixpath.join(folder, MANIFEST)))
        return folder_manifest(copy.parent, base)


@contextmanager
def readable(file: SourceFile) -> Iterator[Path]:
    """A local path holding the file's bytes: the file itself, or a temporary copy."""
    path = local_path(file.url)
    if path is not None:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="timeline-") as scratch:
        copy = Path(scratch) / posixpath.basename(file.relative)
        with fsspec.open(file.url, "rb") as stream:
            copy.write_bytes(stream.read())
        yield copy


def read_source(
    file: SourceFile, *, options: ReadOptions, seen: dict[str, str] | None = None
) -> tuple[list[Document], list[Skipped], list[Note]]:
    """:func:`timeline.ingest.read_file` on a listed file, wherever it is."""
    try:
        with readable(file) as path:
            return read_file(
                path, file.relative, manifest_meta=file.manifest_meta, options=options, seen=seen
            )
    except OSError as error:
        return [], [Skipped(file.relative, f"cannot be read: {error}")], []
