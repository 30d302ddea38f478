"""Locating and loading the knowledge files in ``data/``.

The files ship inside the wheel as ``timeline/_data`` and live at the top of a source checkout
as ``data/``. ``TIMELINE_DATA`` may name a folder of the user's own files: a file there with the
same name as a shipped one extends it (lists are appended, mappings updated).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError

_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder of shipped knowledge files and the sample corpus."""
    for candidate in (_PACKAGE / "_data", _PACKAGE.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise DataFileError(_PACKAGE, "data", "the shipped data folder is missing; reinstall timeline")


def _user_dirs() -> list[Path]:
    extra = os.environ.get("TIMELINE_DATA", "")
    return [Path(p) for p in extra.split(os.pathsep) if p]


# libyaml's parser when PyYAML was built with it (its wheels are): the same documents and
# errors as the pure-Python SafeLoader, about ten times faster on the data files.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: Any) -> Any:
    """``yaml.safe_load`` with the fastest safe loader available."""
    return yaml.load(stream, Loader=SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return safe_load(handle)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise DataFileError(path, "yaml", f"not valid YAML at{line}: {error}") from error


def _extend(base: Any, extra: Any, path: Path) -> Any:
    if extra is None:
        return base
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _extend(base[key], value, path) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    if type(base) is not type(extra) and base is not None:
        raise DataFileError(path, "top level", f"expected {type(base).__name__}")
    return extra


@cache
def load_data(name: str) -> Any:
    """Load ``data/NAME`` merged with the user's files of the same name (loaded once)."""
    path = data_dir() / name
    if not path.is_file():
        raise DataFileError(path, name, "file not found")
    data = _read_yaml(path)
    for folder in _user_dirs():
        extra = folder / name
        if extra.is_file():
            data = _extend(data, _read_yaml(extra), extra)
    return data


def data_fingerprint() -> str:
    """Hash over every knowledge file in use (shipped and user), for cache keys."""
    import hashlib

    digest = hashlib.sha256()
    folders = [data_dir(), *_user_dirs()]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")) + sorted(folder.glob("*.jsonl")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
