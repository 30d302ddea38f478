"""Renderers: read a merged :class:`~timeline.model.Timeline`, never the extraction.

``render(timeline, fmt)`` returns the text of a file format (YAML, JSON, Markdown, CSV,
TimelineJS JSON, iCalendar, a self-contained HTML page); the terminal view is a rich renderable
built by :func:`timeline.render.terminal.timeline_view`, and :func:`render_text` gives it as
plain text. The SQLite database is not text: :func:`write_output` writes any format to a file,
always atomically. Every renderer is deterministic: the same chronology always gives the same
bytes.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from ..errors import TimelineError
from ..model import Timeline
from .html import to_html
from .ics import to_ics
from .markdown import to_markdown
from .serial import to_json, to_yaml
from .sqlite import datasette_metadata_json, metadata_path, write_database
from .tabular import to_csv
from .terminal import timeline_view
from .timelinejs import to_timelinejs

FILE_FORMATS: dict[str, Callable[[Timeline], str]] = {
    "yaml": to_yaml,
    "json": to_json,
    "markdown": to_markdown,
    "csv": to_csv,
    "timelinejs": to_timelinejs,
    "ics": to_ics,
    "html": to_html,
}
# Formats that are files rather than text: written to a path, never to standard output.
BINARY_FORMATS = ("sqlite",)
TEXT_FORMATS = ("terminal", *FILE_FORMATS)
FORMATS = (*TEXT_FORMATS, *BINARY_FORMATS)
# Format chosen by the output file's extension when --format is not given.
EXTENSIONS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".ics": "ics",
    ".txt": "terminal",
    ".html": "html",
    ".htm": "html",
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
}


def format_for(path: str | Path) -> str | None:
    """The format an output file's name asks for (``chronology.md`` → markdown), if any."""
    name = Path(path).name.lower()
    if name.endswith(".timelinejs.json"):
        return "timelinejs"
    return EXTENSIONS.get(Path(name).suffix)


def render_text(timeline: Timeline, *, width: int = 100, **options: Any) -> str:
    """The terminal view as plain text (no colour, no trailing spaces) at ``width`` columns."""
    console = Console(
        width=width,
        file=io.StringIO(),
        color_system=None,
        force_terminal=False,
        legacy_windows=False,
    )
    console.print(timeline_view(timeline, **options))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def render(timeline: Timeline, fmt: str) -> str:
    """The chronology as the text of ``fmt``: one of FORMATS (terminal is plain text)."""
    if fmt == "terminal":
        return render_text(timeline)
    if fmt in BINARY_FORMATS:
        raise TimelineError(f"the {fmt} format is a file, not text: write it with -o FILE")
    try:
        renderer = FILE_FORMATS[fmt]
    except KeyError:
        raise TimelineError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(timeline)


def _file_mode(target: Path) -> int:
    """The mode the file would have had if opened normally (mkstemp makes it private)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; renamed over ``path`` once the block succeeds.

    The parent folder is created if missing. An existing file is replaced only once the new
    content is complete on disk; on any failure the temporary file is removed and ``path`` is
    left as it was.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise TimelineError(f"{target}: cannot write output: {error.strerror}") from error
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` via a temporary file and rename: never a half-written file."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)


def write_output(
    timeline: Timeline, fmt: str, path: str | Path, *, datasette_metadata: bool = False
) -> list[Path]:
    """Write the chronology in ``fmt`` to ``path`` atomically; returns the files written.

    Args:
        datasette_metadata: with ``sqlite``, also write Datasette's labels and descriptions
            to ``<name>.metadata.json`` beside the database.
    """
    if fmt not in BINARY_FORMATS:
        return [write_atomic(path, render(timeline, fmt))]
    with atomic_path(path) as tmp:
        write_database(timeline, tmp)
    written = [Path(path)]
    if datasette_metadata:
        written.append(write_atomic(metadata_path(path), datasette_metadata_json(Path(path))))
    return written
