"""Golden files: every format rendered from the saved snapshot of the sample corpus.

The snapshot (``tests/golden/seeds.timeline.yaml``) is an input fixture, so these tests do not
move when extraction improves. After a deliberate change to a renderer, regenerate with
``make golden`` and review the diff of ``tests/golden/``.
"""

from __future__ import annotations

import pytest
from golden_cases import CASES, SNAPSHOT, render_case

from timeline.render.serial import read_timeline


@pytest.fixture(scope="module")
def snapshot():
    return read_timeline(SNAPSHOT)


@pytest.mark.parametrize("name", CASES)
def test_renderer_output_matches_golden_file(snapshot, name):
    expected = (SNAPSHOT.parent / name).read_bytes().decode("utf-8")
    assert render_case(snapshot, name) == expected, "run 'make golden' if the change is intended"


def test_yaml_round_trips_the_snapshot(snapshot):
    assert (SNAPSHOT.parent / "seeds.yaml").read_bytes() == SNAPSHOT.read_bytes()
