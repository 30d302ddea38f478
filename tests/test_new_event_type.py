"""A new event type added by editing data alone: a ``TIMELINE_DATA`` folder whose
``events.yaml`` adds a ``condolence`` type (its nouns, family, colour, symbol and title) is
found by the extractor, titled, filtered and drawn like a shipped type (slow: real model).

Each command runs in its own process, so the data loaded once per process (``load_data``,
the registry, the ontology, ``--type``'s choices) never leaks into other tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow

SYMBOL = "†"
USER_EVENTS = {
    "types": {
        "condolence": {
            "family": "condolence",
            "rank": 8,
            "colour": "white",
            "symbol": SYMBOL,
            "title": "offer condolences",
            "cameo": "018",
            "plover": {"category": "CONSULT", "mode": "condolence"},
            "verbs": [],
            "nouns": ["condolences", "condolence", "sympathy"],
        }
    }
}
ARTICLES = {
    "letter.txt": (
        "Published: 2025-03-06\n\n"
        "On 4 March 2025, Emmanuel Macron extended his condolences to Gabriel Boric "
        "after the floods in the south of Chile.\n"
    ),
    "trip.txt": ("Published: 2025-03-12\n\nGabriel Boric visited Paris on 10 March 2025.\n"),
}


def _timeline(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIMELINE_DATA": str(data), "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def user_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("user-data")
    (folder / "events.yaml").write_text(yaml.safe_dump(USER_EVENTS), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("condolences")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def saved(user_data: Path, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "chronology.yaml"
    result = _timeline(user_data, "build", str(corpus), "--quiet", "--no-cache", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_new_type_from_data_is_extracted_and_titled(saved: Path) -> None:
    events = yaml.safe_load(saved.read_text(encoding="utf-8"))["events"]
    condolences = [e for e in events if e["type"] == "condolence"]
    assert len(condolences) == 1, events
    event = condolences[0]
    assert "offer condolences" in event["title"]
    assert "Emmanuel Macron" in event["actors"]
    assert event["date"] == "2025-03-04"
    assert any(e["type"] == "visit" for e in events)  # the shipped types still work


def test_type_filter_and_terminal_view_know_the_new_type(user_data: Path, saved: Path) -> None:
    result = _timeline(user_data, "show", str(saved), "--type", "condolence")
    assert result.returncode == 0, result.stderr
    assert SYMBOL in result.stdout
    assert "offer condolences" in result.stdout
    assert "visit" not in result.stdout.lower()


def test_without_the_user_data_the_type_is_unknown(saved: Path, tmp_path: Path) -> None:
    result = _timeline(tmp_path, "show", str(saved), "--type", "condolence")
    assert result.returncode == 2
    assert "'condolence' is not known" in result.stderr
