"""YAML and JSON in the ``timeline/1`` schema (see README), and reading them back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..dates import parse_when
from ..errors import InputError
from ..model import SCHEMA, Timeline
from ..userfiles import line_of, load_user_yaml, problem_line, problem_text
from .safe import escape_json_controls


def to_yaml(timeline: Timeline) -> str:
    return yaml.safe_dump(
        timeline.to_dict(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def to_json(timeline: Timeline) -> str:
    return escape_json_controls(json.dumps(timeline.to_dict(), ensure_ascii=False, indent=2)) + "\n"


def load_file(path: str | Path) -> Any:
    """Parse a YAML or JSON file the user gave (a chronology or a gold file).

    Dates stay strings, and aliases and repeated keys are refused (``userfiles``): a mapping
    read here knows the line of each key (``userfiles.line_of``) for messages.
    """
    path = Path(path)
    try:
        return load_user_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text: {error.reason}") from error
    except yaml.YAMLError as error:
        raise InputError(
            path, f"not valid YAML or JSON: {problem_text(error)}", line=problem_line(error)
        ) from error


def check_dates(path: str | Path, events: Any) -> None:
    """Raise an :class:`InputError` naming the line of the first event date that is not one.

    ``events`` is the ``events:`` list of a file read by :func:`load_file`.
    """
    for index, event in enumerate(events if isinstance(events, list) else ()):
        if not isinstance(event, dict) or event.get("date") is None:
            continue
        value = event["date"]
        if parse_when(value) is None:
            name = event.get("id", index + 1)
            raise InputError(
                path,
                f"event {name!r}: {str(value)!r} is not a date; use YYYY, YYYY-MM, YYYY-MM-DD "
                "or START/END",
                line=line_of(event, "date"),
            )


def read_timeline(path: str | Path) -> Timeline:
    """Load a saved chronology (YAML or JSON, schema ``timeline/1``)."""
    data = load_file(path)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(path, f"not a saved chronology (expected 'schema: {SCHEMA}')")
    check_dates(path, data.get("events"))
    return Timeline.from_dict(data)
