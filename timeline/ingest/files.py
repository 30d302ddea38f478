"""Reading files into documents: by format, decoded, checked and cleaned, with the metadata their
folder and their own headers give; a folder streamed file by file (:func:`iter_corpus`)."""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..dates import parse_when
from ..docdate.datelines import find_dateline
from ..errors import InputError
from ..model import Document, DocumentMeta
from ..resources import load_data
from ..userfiles import line_of
from . import formats
from .boilerplate import blank_boilerplate
from .decoding import binary_kind, decode_bytes, looks_binary, scrub_surrogates
from .formats import Extracted, FormatError
from .langid import detect_language, language_name
from .manifest import (
    IGNORED_NAMES,
    ISO_TIMESTAMP,
    META_KEYS,
    folder_manifest,
    is_single_value,
    split_front_matter,
    value_kind,
    where_line,
)
from .records import SUFFIXES, Corpus, Note, ReadOptions, Skipped, display_name, size_text
from .walk import LINK_FOLLOWED, is_inside, iter_entries, os_reason

# an ISO date as a folder or file name, or part of one ("2011-04-21/2.txt", "2011-04-21_syria")
_PATH_DATE = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return None


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
    problem = _file_problem(path, kind, options)
    if problem is not None:
        return [], [Skipped(relative, problem)], []
    try:
        extracted, whole = _extract(path, kind, options)
    except OSError as error:
        return [], [Skipped(relative, f"cannot be read: {os_reason(error)}")], []
    except FormatError as error:
        return [], [Skipped(relative, str(error))], []
    if not extracted:
        return [], [Skipped(relative, "holds no documents (no records)")], []
    sha256 = hashlib.sha256(whole).hexdigest() if whole is not None else None
    documents: list[Document] = []
    skipped: list[Skipped] = []
    notes: list[Note] = []
    for item in extracted:
        name = f"{relative}#{item.key}" if item.key else relative
        notes.extend(Note(name, text) for text in item.info)
        if item.error is not None:
            skipped.append(Skipped(name, item.error))
            continue
        parts, problem, part_notes = _item_documents(
            item, name, sha256=sha256, manifest_meta=manifest_meta, options=options, seen=seen
        )
        if problem is not None:
            skipped.append(Skipped(name, problem))
            continue
        documents.extend(parts)
        notes.extend(Note(name, text) for text in part_notes)
    return documents, skipped, notes


def _file_problem(path: Path, kind: str, options: ReadOptions) -> str | None:
    """Why a file is not read at all (not a regular file, empty, too large), or ``None``."""
    try:
        info = path.stat()
    except OSError as error:
        return f"cannot be read: {os_reason(error)}"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size == 0:
        return "empty file"
    if kind != "jsonl" and info.st_size > options.max_bytes:
        return _too_large(info.st_size, options.max_bytes)
    return None


def _item_documents(
    item: Extracted,
    name: str,
    *,
    sha256: str | None,
    manifest_meta: dict[str, Any] | None,
    options: ReadOptions,
    seen: dict[str, str] | None,
) -> tuple[list[Document], str | None, list[str]]:
    """:func:`_documents`, with a problem of the file's own metadata as the reason."""
    try:
        return _documents(
            item, name, sha256=sha256, manifest_meta=manifest_meta, options=options, seen=seen
        )
    except InputError as error:
        where = f" (line {error.line})" if error.line is not None else ""
        return [], f"{error.problem}{where}", []


def _too_large(size: int, limit: int) -> str:
    return (
        f"too large: {size_text(size)}, more than --max-bytes ({size_text(limit)}); "
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
    unwanted = _unwanted_language(text[offset:], options)
    if unwanted is not None:
        return [], unwanted, []
    body, _blanked = blank_boilerplate(text[offset:])
    text = text[:offset] + body
    if seen is not None:
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        if digest in seen:
            return [], None, [f"same text as {seen[digest]}; read once"]
        seen[digest] = name
    own = _own_metadata(item, front, notes)
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
    return _parts(record, text, name, notes, options)


def _unwanted_language(text: str, options: ReadOptions) -> str | None:
    """Why a text is not read for its language (``--lang``), or ``None``."""
    if options.languages is None:
        return None
    guess = detect_language(text)
    if guess is None or guess.code in options.languages:
        return None
    wanted = ",".join(options.languages)
    return (
        f"in {language_name(guess.code)} ({guess.code}), not {wanted}; "
        f"add --lang {guess.code} (or --lang any) to read it"
    )


def _own_metadata(item: Extracted, front: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The metadata a document gives itself (its record's fields, then its front matter):
    single values only, a list or mapping (possibly a YAML alias bomb) is noted and ignored."""
    own = {**item.meta, **{k: v for k, v in front.items() if k in META_KEYS}}
    for key, value in list(own.items()):
        if not is_single_value(value):
            where = where_line(line_of(front, key))
            kind = value_kind(value)
            notes.append(f"{key}: expected a single value, got a {kind}; ignored{where}")
            del own[key]
        elif isinstance(value, str):
            own[key] = scrub_surrogates(value)[0]
    return own


def _parts(
    record: DocumentMeta, text: str, name: str, notes: list[str], options: ReadOptions
) -> tuple[list[Document], str | None, list[str]]:
    """The document, or its parts of at most ``options.max_chars`` when it is longer."""
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
    for key in META_KEYS:
        if own.get(key) is not None and meta.get(key) is None:
            meta[key] = own[key]
    if dct is None and own.get("published") is not None:
        value = own["published"]
        stamp = ISO_TIMESTAMP.match(str(value).strip())
        when = parse_when(stamp.group(1) if stamp else value)
        if when is not None and when.precision in ("day", "month", "year"):
            dct, dct_source = when.value, "front-matter"
        else:
            notes.append(f"published {str(value)[:40]!r} is not a date; ignored")
    if dct is None:
        dateline = find_dateline(text)
        if dateline is not None and dateline.value is not None:
            dct, dct_source = dateline.value, "text"
    if dct is None:
        dct, dct_source = _path_date(name) or (None, dct_source)
    if dct is None and options.published is not None:
        dct, dct_source = options.published, "option"
    return meta, dct, dct_source


def _path_date(name: str) -> tuple[str, str] | None:
    """The date a document's folder or file name gives (the last ISO date in it), a hint for
    a document whose text and metadata state none."""
    for found in reversed(_PATH_DATE.findall(name)):
        when = parse_when(found)
        if when is not None:
            return when.value, "path"
    return None


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
        options = replace(options, published=published)
    root = Path(source)
    entries, base = _source_entries(root, options)
    # Only what the "nothing read" message needs is kept: no documents.
    report = Corpus(root=base)
    found = False
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    seen: dict[str, str] = {}
    for path, problem in entries:
        if path.name in IGNORED_NAMES:
            continue
        relative = display_name(path.relative_to(base).as_posix() if path != base else path.name)
        if problem is not None:
            report.skipped.append(Skipped(relative, problem))
            yield report.skipped[-1]
            continue
        folder = path.parent
        if folder not in manifests:
            manifests[folder], problems = folder_manifest(folder, base)
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
        if options.follow_links and base == root and not is_inside(path, root):
            yield Note(relative, LINK_FOLLOWED)
    if not found:
        raise InputError(root, nothing_read(report))


def _source_entries(
    root: Path, options: ReadOptions
) -> tuple[Iterable[tuple[Path, str | None]], Path]:
    """(the files to read with any problem of each, the folder their names are relative to)
    for a folder or a single document."""
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
        return [(root, None)], root.parent
    if root.is_dir():
        return iter_entries(root, follow_links=options.follow_links), root
    raise InputError(root, "is neither a file nor a folder")


def nothing_read(corpus: Corpus) -> str:
    kinds = ", ".join(SUFFIXES)
    if not corpus.skipped:
        return f"no documents found ({kinds})"
    shown = "; ".join(f"{s.path}: {s.reason}" for s in corpus.skipped[:5])
    more = f"; and {len(corpus.skipped) - 5} more" if len(corpus.skipped) > 5 else ""
    return f"no documents found ({len(corpus.skipped)} files skipped: {shown}{more})"
