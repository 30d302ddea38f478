"""The walk over a folder: its entries in a stable order, with the folder as the boundary
(symbolic links followed only inside it unless asked)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

LINK_OUTSIDE = "symbolic link to outside the folder: not followed (--follow-links reads it)"


LINK_FOLLOWED = "read through a symbolic link to outside the folder (--follow-links)"


def iter_entries(root: Path, *, follow_links: bool = False) -> Iterator[tuple[Path, str | None]]:
    """(path, problem) for every file below ``root`` in sorted order; problem None if readable.

    Hidden entries are left out. A symlinked folder already walked (a loop) is walked once;
    broken or looping symlinks, special files and folders that cannot be listed come with the
    reason they cannot be read. The folder is the boundary: a symbolic link whose target lies
    outside it is a problem unless ``follow_links``.
    """
    inside = os.path.realpath(root)
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
        except OSError as error:
            yield folder, f"cannot be read: {os_reason(error)}"
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            yield folder, f"folder cannot be listed: {os_reason(error)}"
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if not follow_links and entry.is_symlink() and _leaves(path, inside):
                    yield path, LINK_OUTSIDE
                elif entry.is_dir():
                    subfolders.append(path)
                elif entry.is_file():
                    yield path, None
                elif entry.is_symlink():
                    yield path, _link_problem(path)
                else:
                    yield path, "not a regular file (a device, socket or pipe)"
            except OSError as error:
                loop = error.errno == errno.ELOOP
                yield path, "symbolic link loop" if loop else f"cannot be read: {os_reason(error)}"
        stack.extend(reversed(subfolders))


def is_inside(path: str | Path, folder: str | Path) -> bool:
    """Whether ``path`` is, once every symbolic link is resolved, ``folder`` or below it (a
    path that does not exist yet is placed where it would be created)."""
    return not _leaves(Path(path), os.path.realpath(folder))


def _leaves(path: Path, inside: str) -> bool:
    """Whether ``path`` resolves (through any symbolic links) to outside the folder ``inside``
    (a real path). A broken link resolves to where it points."""
    real = os.path.realpath(path)
    return real != inside and not real.startswith(inside.rstrip(os.sep) + os.sep)


def _link_problem(path: Path) -> str:
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"broken symbolic link ({os_reason(error)})"
    return "symbolic link to something that is not a file"


def os_reason(error: OSError) -> str:
    return error.strerror or str(error)
