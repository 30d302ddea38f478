"""Ingest: a folder (or file) of documents → decoded :class:`Document` records with their dates.

Files are read by format (``formats``: text and Markdown, HTML pages, JSON records), decoded
(``decoding``: BOM, declared or detected encoding), checked (empty, binary, too large, not in a
wanted language — ``langid``) and cleaned of web chrome in place (``boilerplate``), so offsets
into a document's text stay valid. Very long documents are split into parts the model can hold.

Each document gets a document creation time (DCT) and a record of where it came from, in order
of trust: a ``sources.yaml`` manifest in its folder, the file's own metadata (YAML front matter,
HTML meta tags, JSON record fields), a dateline or publication line in the text (patterns in
``data/datelines.yaml``), the ``--published`` option. Documents with none are dated later from
their content (``timex``) or from other documents (``merge``). Problems with single files are
collected in the :class:`Corpus` (skipped files, degraded documents, notes) and never stop the
rest of the folder from being read; nothing here writes to the input folder.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import formats
from .boilerplate import blank_boilerplate
from .dates import parse_when
from .decoding import binary_kind, decode_bytes, looks_binary, scrub_surrogates
from .docdate.datelines import find_dateline
from .errors import InputError
from .formats import Extracted, FormatError
from .langid import detect_language, language_name
from .model import Document, DocumentMeta
from .resources import load_data
from .userfiles import line_of, load_user_yaml, problem_line, problem_text

MANIFEST = "sources.yaml"
SUFFIXES = formats.SUFFIXES
_IGNORED_NAMES = {MANIFEST, "sources.yml"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_META_KEYS = formats.META_KEYS
_ISO_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")

DEFAULT_MAX_BYTES = 5_000_000
# The model annotates a document in pieces (timeline.extract), but the tool's components read it
# whole, and a Doc keeps about 1 kB a token: a longer document is read in parts of at most this
# size (spaCy's own default limit on a text's length).
DEFAULT_MAX_CHARS = 1_000_000
DEFAULT_LANGUAGES = ("en",)
# A manifest is metadata: one larger than this is refused before it is parsed.
MAX_MANIFEST_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or record that was not read, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Note:
    """Something worth knowing about how a file was read that lost nothing (a guessed encoding)."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a corpus: the ``timeline build`` options that concern input.

    ``languages`` are ISO 639-1 codes of the documents to keep; ``None`` keeps every language.
    """

    published: str | None = None
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    languages: tuple[str, ...] | None = DEFAULT_LANGUAGES


@dataclass
class Corpus:
    """The documents of a folder and what could not be read, in path order.

    Documents read with a loss carry it in ``Document.notes`` (see :attr:`degraded`).
    """

    root: Path
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def degraded(self) -> list[tuple[str, str]]:
        """(document, note) for documents that were read with a loss."""
        return [(d.path, note) for d in self.documents for note in d.notes]


# --- document dates --------------------------------------------------------------------------


def parse_published(value: object, *, where: object = "--published") -> str:
    """Validate a user-given publication date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)."""
    when = parse_when(value)
    if when is None or when.precision not in ("day", "month", "year"):
        raise InputError(where, f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2024-06-20")
    return when.value


# --- reading files ----------------------------------------------------------------------------


def split_front_matter(text: str, path: object) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, body offset). The body keeps the original characters after it.

    Offsets of everything downstream are into the full decoded text, so callers keep ``text``
    and use the returned offset only to know where the body starts.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 0
    try:
        # The front matter starts on the file's second line, after "---".
        data = load_user_yaml(match.group(1), first_line=2)
    except yaml.YAMLError as error:
        raise InputError(
            path,
            f"front matter is not valid YAML: {problem_text(error)}",
            line=problem_line(error, first_line=2),
        ) from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter must be a mapping of keys to values", line=2)
    return data, text[match.end() :], match.end()


def _single_value(value: object) -> bool:
    """A value that can be a title, URL, outlet or date: not a list, mapping or boolean."""
    return isinstance(value, str | int | float | date) and not isinstance(value, bool)


def _kind(value: object) -> str:
    """What a value is, as a message names it (a list, a mapping, a bool)."""
    return "mapping" if isinstance(value, dict) else type(value).__name__


def _where(line: int | None) -> str:
    return f" (line {line})" if line is not None else ""


def read_manifest(path: Path, notes: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Per-file metadata from a ``sources.yaml``: ``{relative name: {title, published, …}}``.

    An entry that is not a mapping, a value that is not a single value and a ``published``
    that is not a date are left out, each with a note in ``notes`` naming its line.

    Raises:
        InputError: the manifest cannot be read, is too large, is not valid YAML (or holds
            aliases or a key twice), or has no ``documents:`` mapping.
    """
    notes = [] if notes is None else notes
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
        if len(raw) > MAX_MANIFEST_BYTES:
            raise InputError(
                path,
                f"too large for a manifest (more than {_size(MAX_MANIFEST_BYTES)}); "
                "give each folder its own sources.yaml",
            )
        data = load_user_yaml(raw.decode("utf-8-sig"))
    except yaml.YAMLError as error:
        raise InputError(
            path, f"not valid YAML: {problem_text(error)}", line=problem_line(error)
        ) from error
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
            where = _where(line_of(entries, name))
            notes.append(f"entry {name!r} must be a mapping (title, published, …); ignored{where}")
            continue
        manifest[str(name)] = _manifest_entry(name, meta, notes)
    return manifest


def _manifest_entry(name: object, meta: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """One manifest entry without the values that cannot be used (a note for each)."""
    kept = dict(meta)
    for key in _META_KEYS:
        value = kept.get(key)
        if value is None:
            continue
        where = _where(line_of(meta, key))
        if not _single_value(value):
            notes.append(
                f"entry {name!r}: {key} must be a single value, not a {_kind(value)}; "
                f"ignored{where}"
            )
            del kept[key]
        elif key == "published":
            try:
                kept[key] = parse_published(value)
            except InputError:
                notes.append(f"entry {name!r}: published {value!r} is not a date; ignored{where}")
                del kept[key]
    return kept


def _folder_manifest(
    folder: Path, base: Path
) -> tuple[dict[str, dict[str, Any]], list[Skipped | Note]]:
    """The manifest of a folder (empty if it has none or it cannot be used) and what was
    wrong with it: a manifest that cannot be used is skipped, not the folder's documents."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}, []
    name = _display_name(path.relative_to(base).as_posix())
    texts: list[str] = []
    try:
        manifest = read_manifest(path, texts)
    except InputError as error:
        reason = f"{error.problem}{_where(error.line)}; its folder is read without it"
        return {}, [Skipped(name, reason)]
    return manifest, [Note(name, text) for text in texts]


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return None


# --- walking folders ---------------------------------------------------------------------------


def iter_entries(root: Path) -> Iterator[tuple[Path, str | None]]:
    """(path, problem) for every file below ``root`` in sorted order; problem None if readable.

    Hidden entries are left out. A symlinked folder already walked (a loop) is walked once;
    broken or looping symlinks, special files and folders that cannot be listed come with the
    reason they cannot be read.
    """
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
        except OSError as error:
            yield folder, f"cannot be read: {_os_reason(error)}"
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            yield folder, f"folder cannot be listed: {_os_reason(error)}"
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir():
                    subfolders.append(path)
                elif entry.is_file():
                    yield path, None
                elif entry.is_symlink():
                    yield path, _link_problem(path)
                else:
                    yield path, "not a regular file (a device, socket or pipe)"
            except OSError as error:
                loop = error.errno == errno.ELOOP
                yield path, "symbolic link loop" if loop else f"cannot be read: {_os_reason(error)}"
        stack.extend(reversed(subfolders))


def _link_problem(path: Path) -> str:
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"broken symbolic link ({_os_reason(error)})"
    return "symbolic link to something that is not a file"


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error)


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


# --- reading one file --------------------------------------------------------------------------


def read_file(
    path: Path,
    relative: str,
    *,
    manifest_meta: dict[str, Any] | None = None,
    options: ReadOptions | None = None,
    seen: dict[str, str] | None = None,
) -> tuple[list[Document], list[Skipped], list[Note]]:
    """The documents one file holds, the files or records skipped, and notes. Never raises
    on bad content; only a broken ``data/`` file (a :class:`DataFileError`) propagates.

    ``seen`` maps digests of texts already read to their paths: a document whose text was
    read before (the same article saved twice, or linked) is noted and not read again.
    """
    options = options or ReadOptions()
    kind = formats.format_of(path.suffix)
    if kind is None:
        return [], [Skipped(relative, f"unsupported file type {path.suffix!r}")], []
    try:
        info = path.stat()
    except OSError as error:
        return [], [Skipped(relative, f"cannot be read: {_os_reason(error)}")], []
    if not stat.S_ISREG(info.st_mode):
        return [], [Skipped(relative, "not a regular file")], []
    if info.st_size == 0:
        return [], [Skipped(relative, "empty file")], []
    if kind != "jsonl" and info.st_size > options.max_bytes:
        return [], [Skipped(relative, _too_large(info.st_size, options.max_bytes))], []
    try:
        extracted, whole = _extract(path, kind, options)
    except OSError as error:
        return [], [Skipped(relative, f"cannot be read: {_os_reason(error)}")], []
    except FormatError as error:
        return [], [Skipped(relative, str(error))], []
    if not extracted:
        return [], [Skipped(relative, "holds no documents (no records)")], []
    documents: list[Document] = []
    skipped: list[Skipped] = []
    notes: list[Note] = []
    for item in extracted:
        name = f"{relative}#{item.key}" if item.key else relative
        notes.extend(Note(name, text) for text in item.info)
        if item.error is not None:
            skipped.append(Skipped(name, item.error))
            continue
        try:
            parts, problem, part_notes = _documents(
                item,
                name,
                sha256=hashlib.sha256(whole).hexdigest() if whole is not None else None,
                manifest_meta=manifest_meta,
                options=options,
                seen=seen,
            )
        except InputError as error:
            where = f" (line {error.line})" if error.line is not None else ""
            skipped.append(Skipped(name, f"{error.problem}{where}"))
            continue
        if problem is not None:
            skipped.append(Skipped(name, problem))
            continue
        documents.extend(parts)
        notes.extend(Note(name, text) for text in part_notes)
    return documents, skipped, notes


def _too_large(size: int, limit: int) -> str:
    return (
        f"too large: {_size(size)}, more than --max-bytes ({_size(limit)}); "
        f"raise --max-bytes to read it"
    )


def _read_bounded(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes: a file that grew past it while being read is refused."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FormatError(_too_large(len(data), limit))
    return data


def _extract(path: Path, kind: str, options: ReadOptions) -> tuple[list[Extracted], bytes | None]:
    """(documents of the file, its bytes when it holds one document) by format."""
    if kind == "jsonl":
        with path.open("rb") as handle:
            items = list(
                formats.iter_jsonl(handle, max_bytes=options.max_bytes, encoding=options.encoding)
            )
        return items, None
    data = _read_bounded(path, options.max_bytes)
    if not data:
        raise FormatError("empty file")
    declared = (options.encoding or "").lower().replace("_", "-")
    if not declared.startswith(("utf-16", "utf-32")):
        binary = binary_kind(data)
        if binary is not None:
            raise FormatError(f"not a text file ({binary}) though named {path.suffix!r}")
    if kind == "html":
        return [formats.read_html(data, encoding=options.encoding)], data
    if kind == "json":
        return formats.read_json(data, encoding=options.encoding), None
    decoded = decode_bytes(data, declared=options.encoding)
    extracted = Extracted(
        text=decoded.text,
        notes=formats.decoding_notes(decoded),
        info=formats.decoding_info(decoded),
    )
    return [extracted], data


def _documents(
    item: Extracted,
    name: str,
    *,
    sha256: str | None,
    manifest_meta: dict[str, Any] | None,
    options: ReadOptions,
    seen: dict[str, str] | None = None,
) -> tuple[list[Document], str | None, list[str]]:
    """(documents, reason to skip, notes) for one extracted text."""
    text, scrubbed = scrub_surrogates(item.text)
    notes = list(item.notes)
    if scrubbed:
        notes.append(f"{scrubbed} invalid characters (lone surrogates) replaced")
    if not text.strip():
        return [], "empty document", []
    if looks_binary(text, min_share=_min_printable_share()):
        return [], "not a text file (too few printable characters)", []
    front, _body, offset = split_front_matter(text, name)
    if options.languages is not None:
        guess = detect_language(text[offset:])
        if guess is not None and guess.code not in options.languages:
            wanted = ",".join(options.languages)
            return (
                [],
                f"in {language_name(guess.code)} ({guess.code}), not {wanted}; "
                f"add --lang {guess.code} (or --lang any) to read it",
                [],
            )
    body, _blanked = blank_boilerplate(text[offset:])
    text = text[:offset] + body
    if seen is not None:
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        if digest in seen:
            return [], None, [f"same text as {seen[digest]}; read once"]
        seen[digest] = name
    own = {**item.meta, **{k: v for k, v in front.items() if k in _META_KEYS}}
    for key, value in list(own.items()):
        # Only plain values: a list or mapping (possibly a YAML alias bomb) is not a title.
        if not _single_value(value):
            where = _where(line_of(front, key))
            notes.append(f"{key}: expected a single value, got a {_kind(value)}; ignored{where}")
            del own[key]
        elif isinstance(value, str):
            own[key] = scrub_surrogates(value)[0]
    meta, dct, dct_source = _metadata(own, text, name, manifest_meta, options, notes)
    title = meta.get("title")
    record = DocumentMeta(
        path=name,
        title=str(title).strip()[:300] if title is not None else _first_line(body),
        url=None if meta.get("url") is None else str(meta["url"]),
        outlet=None if meta.get("outlet") is None else str(meta["outlet"]),
        dct=dct,
        dct_source=dct_source,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )
    spans = split_spans(text, options.max_chars)
    if len(spans) == 1:
        return [Document(record, text, tuple(notes))], None, []
    documents = []
    for number, (start, end) in enumerate(spans, 1):
        part_text = text[start:end]
        part_name = name if number == 1 else f"{name}#part{number}"
        part_meta = DocumentMeta(
            path=part_name,
            title=record.title,
            url=record.url,
            outlet=record.outlet,
            dct=record.dct,
            dct_source=record.dct_source,
            sha256=hashlib.sha256(part_text.encode("utf-8", "surrogatepass")).hexdigest(),
        )
        documents.append(Document(part_meta, part_text, tuple(notes)))
    info = (
        f"{len(text):,} characters, read in {len(spans)} parts of at most "
        f"{options.max_chars:,} ({name}#part2 …)"
    )
    return documents, None, [info]


def _metadata(
    own: dict[str, Any],
    text: str,
    name: str,
    manifest_meta: dict[str, Any] | None,
    options: ReadOptions,
    notes: list[str],
) -> tuple[dict[str, Any], str | None, str]:
    """(title/url/outlet, DCT, DCT source): manifest, the file's own metadata, text, option."""
    meta = dict(manifest_meta or {})
    dct, dct_source = None, "none"
    if meta.get("published"):
        dct, dct_source = str(meta["published"]), "manifest"
    for key in _META_KEYS:
        if own.get(key) is not None and meta.get(key) is None:
            meta[key] = own[key]
    if dct is None and own.get("published") is not None:
        value = own["published"]
        stamp = _ISO_TIMESTAMP.match(str(value).strip())
        when = parse_when(stamp.group(1) if stamp else value)
        if when is not None and when.precision in ("day", "month", "year"):
            dct, dct_source = when.value, "front-matter"
        else:
            notes.append(f"published {str(value)[:40]!r} is not a date; ignored")
    if dct is None:
        dateline = find_dateline(text)
        if dateline is not None and dateline.value is not None:
            dct, dct_source = dateline.value, "text"
    if dct is None and options.published is not None:
        dct, dct_source = options.published, "option"
    return meta, dct, dct_source


def split_spans(text: str, max_chars: int, *, whole_space: bool = False) -> list[tuple[int, int]]:
    """(start, end) of consecutive parts of at most ``max_chars`` covering ``text``.

    Cuts fall at the last paragraph break, else line break, else sentence end, else space
    before the limit, so a part rarely ends inside a sentence. With ``whole_space``, a cut moves
    on over the rest of the white space it falls in (a part may then exceed ``max_chars`` by
    that white space), so no part starts with white space.
    """
    if len(text) <= max_chars:
        return [(0, len(text))]
    spans = []
    start = 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            found = text.rfind(separator, start + max_chars // 2, limit)
            if found != -1:
                cut = found + len(separator)
                break
        if cut <= start:
            cut = limit
        while whole_space and cut < len(text) and text[cut].isspace():
            cut += 1
        spans.append((start, cut))
        start = cut
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _min_printable_share() -> float:
    return float((load_data("ingest.yaml") or {}).get("min_printable_share", 0.85))


# --- reading a folder --------------------------------------------------------------------------


def read_corpus(
    source: str | Path,
    *,
    published: str | None = None,
    options: ReadOptions | None = None,
) -> Corpus:
    """Read every document below ``source`` (a folder or a single file).

    Args:
        source: a folder (read recursively) or one file.
        published: document date for documents that state none (kept for callers that do not
            build :class:`ReadOptions`; overrides ``options.published``).
        options: encoding, size limits and wanted languages.

    Raises:
        InputError: the folder does not exist, holds no documents, or its manifest is malformed.
    """
    root = Path(source)
    corpus = Corpus(root=root.parent if root.is_file() else root)
    for item in iter_corpus(source, published=published, options=options):
        if isinstance(item, Document):
            corpus.documents.append(item)
        elif isinstance(item, Skipped):
            corpus.skipped.append(item)
        else:
            corpus.notes.append(item)
    return corpus


def iter_corpus(
    source: str | Path,
    *,
    published: str | None = None,
    options: ReadOptions | None = None,
    read: Callable[..., tuple[list[Document], list[Skipped], list[Note]]] | None = None,
) -> Iterator[Document | Skipped | Note]:
    """:func:`read_corpus` as a stream, in the same order: documents, skipped files and notes.

    Only the file names are listed up front; each file is read when its turn comes, so a
    consumer that drops documents once processed holds one text at a time.

    ``read`` replaces :func:`read_file` (same arguments), e.g. to serve unchanged files from
    a cache.

    Raises:
        InputError: the folder does not exist, holds no documents, or its manifest is malformed
            (raised when reached: after the documents before it have been yielded).
    """
    options = options or ReadOptions()
    if published is not None:
        options = ReadOptions(
            published=published,
            encoding=options.encoding,
            max_bytes=options.max_bytes,
            max_chars=options.max_chars,
            languages=options.languages,
        )
    root = Path(source)
    if not root.exists():
        reason = "broken symbolic link" if root.is_symlink() else "no such file or folder"
        raise InputError(root, reason)
    if root.is_file():
        if formats.format_of(root.suffix) is None:
            raise InputError(
                root,
                "is a file, not a folder, and not a kind of document timeline reads "
                f"({', '.join(SUFFIXES)}); give the folder that holds the articles",
            )
        entries: Iterable[tuple[Path, str | None]] = [(root, None)]
        base = root.parent
    elif root.is_dir():
        entries, base = iter_entries(root), root
    else:
        raise InputError(root, "is neither a file nor a folder")
    # Only what the "nothing read" message needs is kept: no documents.
    report = Corpus(root=base)
    found = False
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    seen: dict[str, str] = {}
    for path, problem in entries:
        if path.name in _IGNORED_NAMES:
            continue
        relative = _display_name(path.relative_to(base).as_posix() if path != base else path.name)
        if problem is not None:
            report.skipped.append(Skipped(relative, problem))
            yield report.skipped[-1]
            continue
        folder = path.parent
        if folder not in manifests:
            manifests[folder], problems = _folder_manifest(folder, base)
            report.skipped.extend(item for item in problems if isinstance(item, Skipped))
            yield from problems
        documents, skipped, notes = (read or read_file)(
            path,
            relative,
            manifest_meta=manifests[folder].get(path.name),
            options=options,
            seen=seen,
        )
        found = found or bool(documents)
        report.skipped.extend(skipped)
        yield from documents
        yield from skipped
        yield from notes
    if not found:
        raise InputError(root, _nothing_read(report))


def _display_name(relative: str) -> str:
    """A file name as valid Unicode: bytes that are not UTF-8 (kept by the OS as surrogates)
    become U+FFFD, so every output format can be written."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return relative


def _nothing_read(corpus: Corpus) -> str:
    kinds = ", ".join(SUFFIXES)
    if not corpus.skipped:
        return f"no documents found ({kinds})"
    shown = "; ".join(f"{s.path}: {s.reason}" for s in corpus.skipped[:5])
    more = f"; and {len(corpus.skipped) - 5} more" if len(corpus.skipped) > 5 else ""
    return f"no documents found ({len(corpus.skipped)} files skipped: {shown}{more})"
