"""Renderers: read a merged :class:`~timeline.model.Timeline`, never the extraction.

``render(timeline, fmt)`` returns the text of a file format; the terminal view is a rich
renderable built by :func:`timeline.render.terminal.timeline_view`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import TimelineError
from ..model import Timeline
from .markdown import to_markdown
from .serial import to_json, to_yaml

FILE_FORMATS = {"yaml": to_yaml, "json": to_json, "markdown": to_markdown}
FORMATS = ("terminal", *FILE_FORMATS)


def render(timeline: Timeline, fmt: str) -> str:
    """The chronology as the text of ``fmt`` (yaml, json, markdown)."""
    try:
        renderer = FILE_FORMATS[fmt]
    except KeyError:
        raise TimelineError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(timeline)


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
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
