"""The golden files of the renderers: each name and how its text is made from the snapshot.

Shared by ``tests/test_render_golden.py`` (which compares) and ``scripts/make_golden.py``
(which regenerates, via ``make golden``).
"""

from __future__ import annotations

from pathlib import Path

from timeline.model import Timeline
from timeline.render import render, render_text

SNAPSHOT = Path(__file__).resolve().parent / "golden" / "seeds.timeline.yaml"

CASES = (
    "seeds.yaml",
    "seeds.json",
    "seeds.md",
    "seeds.csv",
    "seeds.timelinejs.json",
    "seeds.ics",
    "seeds.txt",
    "seeds.details.txt",
)
_FORMATS = {
    "seeds.yaml": "yaml",
    "seeds.json": "json",
    "seeds.md": "markdown",
    "seeds.csv": "csv",
    "seeds.timelinejs.json": "timelinejs",
    "seeds.ics": "ics",
}


def render_case(timeline: Timeline, name: str) -> str:
    if name == "seeds.txt":
        return render_text(timeline, width=80)
    if name == "seeds.details.txt":
        return render_text(timeline, width=100, details=True)
    return render(timeline, _FORMATS[name])
