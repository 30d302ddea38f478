"""The build report: which files were skipped, which documents degraded, and why.

``build_report`` turns what :func:`timeline.build` returns into rich text lines that the CLI
prints on standard error; the library itself never prints. File names and reasons may quote a
document, so their control characters are made visible (``safe``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from rich.text import Text

from .safe import display

MAX_NOTES = 20
MAX_UNSUPPORTED = 5  # more files of unsupported types than this are summed up in one line
_UNSUPPORTED = "unsupported file type"


def build_report(
    *,
    documents: int | None,
    skipped: Sequence[Any],
    degraded: Sequence[tuple[str, str]],
    notes: Sequence[Any] = (),
) -> list[Text]:
    """Lines of the report: skipped files, degraded documents, notes, then a summary.

    ``skipped`` and ``notes`` hold records with ``path`` and ``reason``/``text``;
    ``documents`` is how many were read (None when the build stopped before extraction).
    """
    unsupported = [item for item in skipped if item.reason.startswith(_UNSUPPORTED)]
    if len(unsupported) > MAX_UNSUPPORTED:
        shown = [item for item in skipped if not item.reason.startswith(_UNSUPPORTED)]
        lines = [_line("skipped", "yellow", item.path, item.reason) for item in shown]
        lines.append(_unsupported_line(unsupported))
    else:
        lines = [_line("skipped", "yellow", item.path, item.reason) for item in skipped]
    lines += [_line("degraded", "yellow", path, note) for path, note in degraded]
    lines += [_line("note", "dim", item.path, item.text) for item in notes[:MAX_NOTES]]
    if len(notes) > MAX_NOTES:
        lines.append(Text(f"note      … and {len(notes) - MAX_NOTES} more notes", style="dim"))
    degraded_documents = len({path for path, _ in degraded})
    parts = []
    if documents is not None:
        parts.append(f"{documents} document{'s' if documents != 1 else ''} read")
    parts.append(f"{len(skipped)} skipped")
    parts.append(f"{degraded_documents} degraded")
    style = "yellow" if skipped or degraded else "green"
    lines.append(Text(", ".join(parts), style=style))
    return lines


def _unsupported_line(items: Sequence[Any]) -> Text:
    counts = Counter(PurePosixPath(item.path).suffix or "(none)" for item in items)
    kinds = ", ".join(f"{suffix} ×{count}" for suffix, count in counts.most_common())
    line = Text()
    line.append(f"{'skipped':<9} ", style="yellow")
    line.append(f"{len(items)} files of unsupported types", style="bold")
    line.append(display(f": {kinds} (e.g. {items[0].path})"))
    return line


def _line(label: str, style: str, path: str, reason: str) -> Text:
    line = Text()
    line.append(f"{label:<9} ", style=style)
    line.append(display(path), style="bold")
    line.append(f": {display(reason)}")
    return line
