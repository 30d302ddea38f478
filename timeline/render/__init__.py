"""Renderers: read a merged :class:`~timeline.model.Timeline`, never the extraction.

``render(timeline, fmt)`` returns the text of a file format (YAML, JSON, Markdown, CSV,
TimelineJS JSON, iCalendar); the terminal view is a rich renderable built by
:func:`timeline.render.terminal.timeline_view`, and :func:`render_text` gives it as plain text.
Every renderer is deterministic: the same chronology always gives the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from ..errors import TimelineError
from ..model import Timeline
from .ics import to_ics
from .markdown import to_markdown
from .serial import to_json, to_yaml
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
}
FORMATS = ("terminal", *FILE_FORMATS)
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


def write_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` via a temporary file and rename: never a half-written file.

    The parent folder is created if missing. An existing file is replaced only once the new
    content is complete on disk.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise TimelineError(f"{target}: cannot write output: {error.strerror}") from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
