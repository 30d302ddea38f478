"""The incremental build's reading half: a file unchanged since the last build is not read,
decoded and checked again; its documents are replayed from the cache's file entries (without
their text) with the keys of their cached results."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .cache import ResultCache, well_typed
from .ingest import Note, ReadOptions, Skipped, read_file
from .model import Document, DocumentMeta


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or ``None`` if it cannot be read (the reader then says
    why)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _entry_of(entry: dict[str, Any], relative: str, digest: str) -> bool:
    """Whether a file entry was made from this file as it is now: its content hash, and
    documents of this file only, with metadata of the right types."""
    if not digest or entry["sha256"] != digest:
        return False
    for listed in entry["documents"]:
        try:
            meta = DocumentMeta(**listed["meta"])
        except TypeError:
            return False
        if not well_typed(meta, DocumentMeta):
            return False
        if meta.path != relative and not meta.path.startswith(f"{relative}#"):
            return False
    return True


class FileReader:
    """:func:`~timeline.ingest.read_file` that remembers what each file gave, so an unchanged
    file is not read, decoded and checked again: its documents come back without their text,
    and with the keys of their cached results (see :attr:`known`), when every one of those
    results is cached.

    A file counts as unchanged while its name, size, times and inode and the read options and
    its manifest entry are; the text digests it added to the read-once register are replayed,
    and a file whose text an earlier file now has is read again.
    """

    def __init__(
        self,
        cache: ResultCache,
        options: ReadOptions,
        *,
        before_read: Callable[[], None] | None = None,
    ) -> None:
        self.cache = cache
        self.options = options
        self.before_read = before_read  # called before a file is read (not replayed)
        self.known: dict[str, str] = {}  # document path → result key, for text-less documents
        self.sources: dict[str, tuple[Path, str, dict[str, Any] | None]] = {}

    def __call__(
        self,
        path: Path,
        relative: str,
        *,
        manifest_meta: dict[str, Any] | None = None,
        options: ReadOptions | None = None,
        seen: dict[str, str] | None = None,
    ) -> tuple[list[Document], list[Skipped], list[Note]]:
        options = options or self.options
        try:
            info = path.stat()
        except OSError:
            return read_file(
                path, relative, manifest_meta=manifest_meta, options=options, seen=seen
            )
        context = {"options": dataclasses.asdict(options), "manifest": manifest_meta}
        file_key = self.cache.file_key(relative, info, context)
        digest = file_digest(path) or ""
        entry = self.cache.get_file(file_key)
        if entry is not None:
            if not _entry_of(entry, relative, digest):
                self.cache.discard_file(file_key)
            elif (replayed := self._replay(entry, path, relative, manifest_meta, seen)) is not None:
                return replayed
        if self.before_read is not None:
            self.before_read()
        before = len(seen) if seen is not None else 0
        documents, skipped, notes = read_file(
            path, relative, manifest_meta=manifest_meta, options=options, seen=seen
        )
        added = list(itertools.islice(seen.items(), before, None)) if seen is not None else []
        self.cache.put_file(
            file_key,
            {
                "documents": [
                    {
                        "meta": dataclasses.asdict(d.meta),
                        "notes": list(d.notes),
                        "key": self.cache.key(d),
                    }
                    for d in documents
                ],
                "skipped": [dataclasses.asdict(item) for item in skipped],
                "notes": [dataclasses.asdict(note) for note in notes],
                "seen": [list(pair) for pair in added],
                "sha256": digest,
            },
        )
        return documents, skipped, notes

    def _replay(
        self,
        entry: dict[str, Any],
        path: Path,
        relative: str,
        manifest_meta: dict[str, Any] | None,
        seen: dict[str, str] | None,
    ) -> tuple[list[Document], list[Skipped], list[Note]] | None:
        try:
            digests = [(str(digest), str(name)) for digest, name in entry["seen"]]
            if seen is not None and any(digest in seen for digest, _ in digests):
                return None
            listed = [
                (DocumentMeta(**d["meta"]), tuple(d["notes"]), str(d["key"]))
                for d in entry["documents"]
            ]
            # (An undated document's result is stored under its key with the collection's date
            # as hint, unknown here: if that one is gone, build reads the file again.)
            if not all(meta.dct is None or self.cache.has(key) for meta, _notes, key in listed):
                return None
            skipped = [Skipped(**item) for item in entry["skipped"]]
            notes = [Note(**note) for note in entry["notes"]]
        except (KeyError, TypeError, ValueError):
            return None
        if seen is not None:
            seen.update(digests)
        documents = []
        for meta, doc_notes, key in listed:
            documents.append(Document(meta, "", doc_notes))
            self.known[meta.path] = key
            self.sources[meta.path] = (path, relative, manifest_meta)
        return documents, skipped, notes

    def reread(self, document: Document) -> Document:
        """The document with its text, read again from its file."""
        path, relative, manifest_meta = self.sources[document.path]
        documents, _skipped, _notes = read_file(
            path, relative, manifest_meta=manifest_meta, options=self.options
        )
        return next((d for d in documents if d.path == document.path), document)
