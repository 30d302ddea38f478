"""A rerun's shortcut: a file unchanged since a cluster build with the same cache is not read
again, and its documents not extracted again.

A worker that reads a file stores what reading it gave as a file entry of the cache (the
format of :mod:`timeline.cache`: the documents without their texts, each with the key of its
result; what was skipped or noted; the digests of its texts, for the read-once rule), keyed by
the file's name, what identifies its version in the listing (:func:`.sources.file_version`:
size and stat or mtime, an object store's ETag or md5), the read options and its manifest
entry. A rerun's client looks up every listed file's entry at once, then the results they
name: a file whose entry and results are all there is not sent to a worker at all, so nothing
of it is downloaded, and when every file is, the workers do not load the model. A file system
that gives only a file's size: the worker reads its bytes, and the entry keyed by their
SHA-256 spares it decoding the file and extracting its documents.

The entries are keyed apart from a local build's (:mod:`timeline.incremental`), which
record a file as read after the files before it; here each file is read alone, and the
client applies the read-once rule across files afterwards (:mod:`.build`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..cache import ResultCache, well_typed
from ..incremental import file_digest
from ..ingest import Note, ReadOptions, Skipped, read_file
from ..model import DocResult, Document, DocumentMeta
from .cache import FolderResultCache
from .sources import SourceFile, readable


def file_key(
    results: ResultCache,
    file: SourceFile,
    options: ReadOptions,
    *,
    digest: str | None = None,
    seen: dict[str, str] | None = None,
) -> str | None:
    """The key of a file's entry: by its version in the listing, or by ``digest`` (the
    SHA-256 of its bytes); ``None`` if it has neither. ``seen``: the texts of earlier files
    it holds (digest → name), for its reading under the read-once rule."""
    version = f"sha256={digest}" if digest is not None else file.version
    if version is None:
        return None
    payload: dict[str, Any] = {
        **results.context,
        "cluster-file": file.relative,
        "version": version,
        "read": {"options": dataclasses.asdict(options), "manifest": file.manifest_meta},
    }
    if seen:
        payload["seen"] = sorted(seen.items())
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Replayed:
    """What reading a file gave, from its entry: documents without their texts and the keys
    of their results, what was skipped or noted, and the digests of its texts."""

    documents: tuple[Document, ...]
    keys: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    notes: tuple[Note, ...]
    digests: tuple[tuple[str, str], ...]


def replayed(entry: dict[str, Any], relative: str) -> Replayed | None:
    """The entry's reading of the file ``relative``, or ``None`` if it holds anything else
    (another file's documents, metadata of the wrong types)."""
    documents: list[Document] = []
    keys: list[str] = []
    try:
        for listed in entry["documents"]:
            meta = DocumentMeta(**listed["meta"])
            if not well_typed(meta, DocumentMeta):
                return None
            if meta.path != relative and not meta.path.startswith(f"{relative}#"):
                return None
            documents.append(Document(meta, "", tuple(str(n) for n in listed["notes"])))
            keys.append(str(listed["key"]))
        skipped = tuple(Skipped(**item) for item in entry["skipped"])
        notes = tuple(Note(**note) for note in entry["notes"])
        digests = tuple((str(digest), str(name)) for digest, name in entry["seen"])
    except (KeyError, TypeError, ValueError):
        return None
    return Replayed(tuple(documents), tuple(keys), skipped, notes, digests)


def file_entry(
    results: ResultCache,
    documents: Sequence[Document],
    skipped: Sequence[Skipped],
    notes: Sequence[Note],
    digests: dict[str, str],
    sha256: str,
) -> dict[str, Any]:
    """The entry of a file read alone (``digests``: those of the texts it holds)."""
    return {
        "documents": [
            {"meta": dataclasses.asdict(d.meta), "notes": list(d.notes), "key": results.key(d)}
            for d in documents
        ],
        "skipped": [dataclasses.asdict(item) for item in skipped],
        "notes": [dataclasses.asdict(note) for note in notes],
        "seen": [list(pair) for pair in digests.items()],
        "sha256": sha256,
    }


def unchanged_files(
    files: Sequence[tuple[int, SourceFile]], options: ReadOptions, results: FolderResultCache
) -> dict[int, tuple[Replayed, tuple[DocResult, ...]]]:
    """The client's lookup: the files (by listing position) whose entry for their listed
    version is cached with the results of all their documents, and those results."""
    keys = {
        position: key
        for position, file in files
        if (key := file_key(results, file, options)) is not None
    }
    entries = results.get_files(keys.values())
    found: dict[int, Replayed] = {}
    for position, file in files:
        entry = entries.get(keys.get(position, ""))
        replay = replayed(entry, file.relative) if entry is not None else None
        if replay is not None:
            found[position] = replay
        elif entry is not None:
            results.discard_file(keys[position])
    cached = results.get_many(sorted({key for replay in found.values() for key in replay.keys}))
    return {
        position: (replay, tuple(cached[key] for key in replay.keys))
        for position, replay in found.items()
        if all(key in cached for key in replay.keys)
    }


@dataclass(frozen=True, slots=True)
class FileRead:
    """A worker's reading of a file: documents (text-less where ``results`` holds their
    cached results, the file being replayed from the entry of its bytes' digest), what was
    skipped and noted, and the digests of the texts it added to the read-once register."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]
    notes: tuple[Note, ...]
    digests: dict[str, str]
    results: dict[str, DocResult] = dataclasses.field(default_factory=dict)
    sha256: str | None = None  # of the file's bytes, when read with a cache


def read_remembered(
    file: SourceFile,
    options: ReadOptions,
    *,
    seen: dict[str, str] | None = None,
    results: FolderResultCache | None = None,
) -> FileRead:
    """:func:`timeline.ingest.read_file` on a listed file, wherever it is (``seen``: the
    texts read before, digest → name). With ``results``, what it gave is stored as the
    file's entry; a file without a version, read alone, is first looked up by its bytes'
    digest (the client then knows the digest, to look up its reading under the read-once
    rule: :func:`file_key` with ``seen``)."""
    known = dict(seen or {})
    try:
        with readable(file) as path:
            digest = file_digest(path) if results is not None else None
            if results is not None and digest is not None and file.version is None and not seen:
                hit = _by_content(file, options, results, digest)
                if hit is not None:
                    return hit
            documents, skipped, notes = read_file(
                path, file.relative, manifest_meta=file.manifest_meta, options=options, seen=known
            )
    except OSError as error:
        return FileRead((), (Skipped(file.relative, f"cannot be read: {error}"),), (), {})
    added = {k: v for k, v in known.items() if seen is None or k not in seen}
    if results is not None and digest is not None:
        by_content = digest if file.version is None else None
        key = file_key(results, file, options, digest=by_content, seen=seen)
        if key is not None:
            entry = file_entry(results, documents, skipped, notes, added, digest)
            results.put_file(key, entry)
    return FileRead(tuple(documents), tuple(skipped), tuple(notes), added, sha256=digest)


def _by_content(
    file: SourceFile, options: ReadOptions, results: FolderResultCache, digest: str
) -> FileRead | None:
    key = file_key(results, file, options, digest=digest)
    entry = results.get_file(key) if key is not None else None
    if key is None or entry is None:
        return None
    replay = replayed(entry, file.relative)
    if replay is None or entry["sha256"] != digest:
        results.discard_file(key)
        return None
    cached = results.get_many(replay.keys)
    if not all(key in cached for key in replay.keys):
        return None
    found = {d.path: cached[key] for d, key in zip(replay.documents, replay.keys, strict=True)}
    digests = dict(replay.digests)
    return FileRead(replay.documents, replay.skipped, replay.notes, digests, found, digest)
