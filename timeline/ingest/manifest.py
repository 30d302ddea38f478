"""Per-document metadata a folder gives: the ``sources.yaml`` manifest and YAML front
matter (read safely: see :mod:`timeline.userfiles`), and ``--published``."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..dates import parse_when
from ..errors import InputError
from ..userfiles import line_of, load_user_yaml, problem_line, problem_text
from . import formats
from .records import Note, Skipped, display_name, size_text

MANIFEST = "sources.yaml"


IGNORED_NAMES = {MANIFEST, "sources.yml"}


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


META_KEYS = formats.META_KEYS


ISO_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


# A manifest is metadata: one larger than this is refused before it is parsed.
MAX_MANIFEST_BYTES = 5_000_000


def parse_published(value: object, *, where: object = "--published") -> str:
    """Validate a user-given publication date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)."""
    when = parse_when(value)
    if when is None or when.precision not in ("day", "month", "year"):
        raise InputError(where, f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2024-06-20")
    return when.value


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


def is_single_value(value: object) -> bool:
    """A value that can be a title, URL, outlet or date: not a list, mapping or boolean."""
    return isinstance(value, str | int | float | date) and not isinstance(value, bool)


def value_kind(value: object) -> str:
    """What a value is, as a message names it (a list, a mapping, a bool)."""
    return "mapping" if isinstance(value, dict) else type(value).__name__


def where_line(line: int | None) -> str:
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
                f"too large for a manifest (more than {size_text(MAX_MANIFEST_BYTES)}); "
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
            where = where_line(line_of(entries, name))
            notes.append(f"entry {name!r} must be a mapping (title, published, …); ignored{where}")
            continue
        manifest[str(name)] = _manifest_entry(name, meta, notes)
    return manifest


def _manifest_entry(name: object, meta: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """One manifest entry without the values that cannot be used (a note for each)."""
    kept = dict(meta)
    for key in META_KEYS:
        value = kept.get(key)
        if value is None:
            continue
        where = where_line(line_of(meta, key))
        if not is_single_value(value):
            notes.append(
                f"entry {name!r}: {key} must be a single value, not a {value_kind(value)}; "
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


def folder_manifest(
    folder: Path, base: Path
) -> tuple[dict[str, dict[str, Any]], list[Skipped | Note]]:
    """The manifest of a folder (empty if it has none or it cannot be used) and what was
    wrong with it: a manifest that cannot be used is skipped, not the folder's documents."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}, []
    name = display_name(path.relative_to(base).as_posix())
    texts: list[str] = []
    try:
        manifest = read_manifest(path, texts)
    except InputError as error:
        reason = f"{error.problem}{where_line(error.line)}; its folder is read without it"
        return {}, [Skipped(name, reason)]
    return manifest, [Note(name, text) for text in texts]
