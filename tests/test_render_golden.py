"""Golden files: every format rendered from the saved snapshot of the sample corpus.

The snapshot (``tests/golden/seeds.timeline.yaml``) is an input fixture, so these tests do not
move when extraction improves. After a deliberate change to a renderer, regenerate with
``make golden`` and review the diff of ``tests/golden/``.
"""

from __future__ import annotations

import pytest
from golden_cases import CASES, SNAPSHOT, render_case

from timeline.model import Timeline
from timeline.render.serial import read_timeline, to_json, to_yaml
from timeline.resources import safe_load


@pytest.fixture(scope="module")
def snapshot():
    return read_timeline(SNAPSHOT)


@pytest.mark.parametrize("name", CASES)
def test_renderer_output_matches_golden_file(snapshot, name):
    expected = (SNAPSHOT.parent / name).read_bytes().decode("utf-8")
    assert render_case(snapshot, name) == expected, "run 'make golden' if the change is intended"


@pytest.mark.parametrize("serialise", [to_yaml, to_json], ids=["yaml", "json"])
def test_serialised_chronology_parses_back_to_the_same_timeline(snapshot, serialise):
    text = serialise(snapshot)
    parsed = Timeline.from_dict(safe_load(text))
    assert parsed == snapshot
    assert serialise(parsed) == text


def test_snapshot_file_is_what_serialising_its_timeline_writes(snapshot):
    assert snapshot.events, "the snapshot holds events"
    assert to_yaml(snapshot) == SNAPSHOT.read_text(encoding="utf-8")
