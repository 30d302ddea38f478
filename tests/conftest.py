"""Shared fixtures: the real pipeline (loaded once per session) and the sample corpus paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "seeds"
GOLD = ROOT / "data" / "seeds.gold.yaml"


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds in tests cache under a temporary folder, never the user's real cache."""
    os.environ["TIMELINE_CACHE_DIR"] = str(tmp_path_factory.mktemp("timeline-cache"))


@pytest.fixture(scope="session")
def nlp():
    """The full pipeline on the real model (tests using it are marked slow)."""
    from timeline.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def gold_path() -> Path:
    return GOLD
