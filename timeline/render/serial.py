"""YAML and JSON in the ``timeline/1`` schema (see README), and reading them back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..model import SCHEMA, Timeline
from ..resources import safe_load
from .safe import escape_json_controls


def to_yaml(timeline: Timeline) -> str:
    return yaml.safe_dump(
        timeline.to_dict(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def to_json(timeline: Timeline) -> str:
    return escape_json_controls(json.dumps(timeline.to_dict(), ensure_ascii=False, indent=2)) + "\n"


def load_file(path: str | Path) -> Any:
    """Parse a YAML or JSON file the user gave (a chronology or a gold file)."""
    path = Path(path)
    try:
        return safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror}") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(
            path, "not valid YAML or JSON", line=mark.line + 1 if mark is not None else None
        ) from error


def read_timeline(path: str | Path) -> Timeline:
    """Load a saved chronology (YAML or JSON, schema ``timeline/1``)."""
    data = load_file(path)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(path, f"not a saved chronology (expected 'schema: {SCHEMA}')")
    return Timeline.from_dict(data)
