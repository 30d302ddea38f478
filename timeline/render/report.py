"""The build report: which files were skipped, which documents degraded, and why.

``build_report`` turns what :func:`timeline.build` returns into rich text lines that the CLI
prints on standard error; the library itself never prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

MAX_NOTES = 20


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


def _line(label: str, style: str, path: str, reason: str) -> Text:
    line = Text()
    line.append(f"{label:<9} ", style=style)
    line.append(path, style="bold")
    line.append(f": {reason}")
    return line
