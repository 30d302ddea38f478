"""Ingest: a folder (or file) of documents → decoded :class:`Document` records with their dates.

Each document gets a document creation time (DCT) and a record of where it came from, in order
of trust: a ``sources.yaml`` manifest in its folder, YAML front matter, a dateline or
publication line in the text (patterns in ``data/datelines.yaml``), the ``--published`` option.
Documents with none are dated later from their content (``timex``) or from other documents
(``merge``). Problems with single files are collected in the :class:`Corpus` and never stop the
rest of the folder from being read.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .dates import parse_when
from .dct import find_dateline
from .errors import InputError, TimelineError
from .model import Document, DocumentMeta

MANIFEST = "sources.yaml"
SUFFIXES = (".txt", ".md", ".markdown", ".text")
_IGNORED_NAMES = {MANIFEST, "sources.yml"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_META_KEYS = ("title", "url", "outlet", "published")


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


@dataclass
class Corpus:
    """The documents of a folder and what could not be read, in path order."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


# --- document dates --------------------------------------------------------------------------


def parse_published(value: object, *, where: object = "--published") -> str:
    """Validate a user-given publication date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)."""
    when = parse_when(value)
    if when is None or when.precision not in ("day", "month", "year"):
        raise InputError(where, f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2024-06-20")
    return when.value


# --- reading files ----------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as UTF-8 (BOM allowed), falling back to Windows-1252; report replacements."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ("not UTF-8; decoded as Windows-1252",)
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        count = text.count("\ufffd")
        return text, (f"{count} undecodable bytes replaced",)


def split_front_matter(text: str, path: object) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, body offset). The body keeps the original characters after it.

    Offsets of everything downstream are into the full decoded text, so callers keep ``text``
    and use the returned offset only to know where the body starts.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 0
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        raise InputError(
            path, f"front matter is not valid YAML: {_yaml_problem(error)}", line=line
        ) from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter must be a mapping of keys to values", line=2)
    return data, text[match.end() :], match.end()


def _yaml_problem(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None)
    return str(problem) if problem else str(error).splitlines()[0]


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Per-file metadata from a ``sources.yaml``: ``{relative name: {title, published, …}}``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(path, f"not valid YAML: {_yaml_problem(error)}", line=line) from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot be read: {error}") from error
    if data is None:
        return {}
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise InputError(
            path,
            "expected a top-level 'documents:' mapping of file names to "
            "metadata (see data/seeds/sources.yaml)",
        )
    manifest: dict[str, dict[str, Any]] = {}
    for name, meta in entries.items():
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            raise InputError(
                path,
                f"entry {name!r} must be a mapping (title, published, …)",
                line=_line_of(path, str(name)),
            )
        if "published" in meta and meta["published"] is not None:
            meta = {**meta, "published": parse_published(meta["published"], where=path)}
        manifest[str(name)] = meta
    return manifest


def _line_of(path: Path, key: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if line.strip().startswith(f"{key}:"):
                return number
    except OSError:
        return None
    return None


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return None


def iter_files(root: Path) -> Iterator[Path]:
    """Every file below ``root`` in sorted order, following no symlinked folder twice."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            stat = folder.stat()
        except OSError:
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen:
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    subfolders.append(Path(entry.path))
                elif entry.is_file():
                    yield Path(entry.path)
            except OSError:
                continue
        stack.extend(reversed(subfolders))


def make_document(
    path: Path,
    relative: str,
    data: bytes,
    *,
    manifest_meta: dict[str, Any] | None = None,
    published: str | None = None,
) -> Document:
    """Decode one file and find its metadata and document date."""
    text, notes = decode(data)
    front, _body, _offset = split_front_matter(text, relative)
    meta = dict(manifest_meta or {})
    dct, dct_source = None, "none"
    if meta.get("published"):
        dct, dct_source = str(meta["published"]), "manifest"
    if front:
        for key in _META_KEYS:
            if front.get(key) is not None and meta.get(key) is None:
                meta[key] = front[key]
        if dct is None and front.get("published") is not None:
            dct, dct_source = parse_published(front["published"], where=relative), "front-matter"
    if dct is None:
        dateline = find_dateline(text)
        if dateline is not None and dateline.value is not None:
            dct, dct_source = dateline.value, "text"
    if dct is None and published is not None:
        dct, dct_source = published, "option"
    title = meta.get("title")
    meta_record = DocumentMeta(
        path=relative,
        title=str(title) if title is not None else _first_line(_body),
        url=None if meta.get("url") is None else str(meta["url"]),
        outlet=None if meta.get("outlet") is None else str(meta["outlet"]),
        dct=dct,
        dct_source=dct_source,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return Document(meta_record, text, notes)


def read_corpus(source: str | Path, *, published: str | None = None) -> Corpus:
    """Read every document below ``source`` (a folder or a single file).

    Raises:
        InputError: the folder does not exist, holds no documents, or its manifest is malformed.
    """
    root = Path(source)
    corpus = Corpus(root=root.parent if root.is_file() else root)
    for item in iter_corpus(source, published=published):
        if isinstance(item, Skipped):
            corpus.skipped.append(item)
        else:
            corpus.documents.append(item)
    return corpus


def iter_corpus(
    source: str | Path, *, published: str | None = None
) -> Iterator[Document | Skipped]:
    """:func:`read_corpus` as a stream: one document (or skipped file) at a time, in path order.

    Only the file names are listed up front; each file is read when its turn comes, so a
    consumer that drops documents once processed holds one text at a time.

    Raises:
        InputError: the folder does not exist, holds no documents, or its manifest is malformed.
    """
    root = Path(source)
    if not root.exists():
        raise InputError(root, "no such file or folder")
    if root.is_file():
        files, base = [root], root.parent
    else:
        files, base = list(iter_files(root)), root
    found = skipped = 0
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    for path in files:
        if path.name in _IGNORED_NAMES:
            continue
        relative = path.relative_to(base).as_posix()
        if path.suffix.lower() not in SUFFIXES:
            skipped += 1
            yield Skipped(relative, f"unsupported file type {path.suffix!r}")
            continue
        folder = path.parent
        if folder not in manifests:
            manifest_path = folder / MANIFEST
            manifests[folder] = read_manifest(manifest_path) if manifest_path.is_file() else {}
        try:
            data = path.read_bytes()
        except OSError as error:
            skipped += 1
            yield Skipped(relative, f"cannot be read: {error.strerror}")
            continue
        try:
            document = make_document(
                path,
                relative,
                data,
                manifest_meta=manifests[folder].get(path.name),
                published=published,
            )
        except TimelineError as error:
            skipped += 1
            yield Skipped(relative, str(error).removeprefix(f"{relative}").lstrip(": "))
            continue
        if not document.text.strip():
            skipped += 1
            yield Skipped(relative, "empty document")
            continue
        found += 1
        yield document
    if not found:
        reason = "" if not skipped else f" ({skipped} files skipped)"
        raise InputError(root, f"no documents found (.txt or .md){reason}")
