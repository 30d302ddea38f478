"""Extraction quality with floors: the sample corpus against its gold chronology and the events
dev set against its gold, so that a change which loses events fails CI (slow: real model).

The floors are the figures measured when each test was written, less a small margin; raise
them when the figures improve. Measured: sample corpus F1 1.000 (core 14/14, date exact
0.9375); dev set micro F1 0.498 (40 articles).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import timeline.nlp
from timeline import build
from timeline.evaluate import score
from timeline.render.serial import load_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "seeds"
GOLD = ROOT / "data" / "seeds.gold.yaml"
# CI checks the repository out beside shared/, as the engineers' worktrees are
DEV = ROOT.parent / "shared" / "eval" / "dev"

SAMPLE_F1_FLOOR = 0.95
SAMPLE_DATE_EXACT_FLOOR = 0.90
DEV_F1_FLOOR = 0.597  # measured 0.627 (issue 12 rules) minus 0.03

pytestmark = pytest.mark.slow


@pytest.fixture
def shared_model(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in this test reuse the session's pipeline instead of loading the model again."""

    def load_pipeline(name: str | None = None) -> Any:
        assert name is None, "the floors are for the default model"
        return nlp

    monkeypatch.setattr(timeline.nlp, "load_pipeline", load_pipeline)


@pytest.mark.usefixtures("shared_model")
def test_sample_corpus_scores_above_its_floor_against_its_gold() -> None:
    result = build(SAMPLE, jobs=1, use_cache=False)
    scores = score(load_file(GOLD), result.timeline.to_dict())
    core = scores["tiers"]["core"]
    assert core["matched"] == core["gold"] == 14, scores["missed"]
    assert scores["f1"] >= SAMPLE_F1_FLOOR, (scores["missed"], scores["spurious"])
    assert scores["date_exact"] >= SAMPLE_DATE_EXACT_FLOOR, scores["matches"]


def _eval_dev() -> ModuleType:
    """``scripts/eval_dev.py``, the scorer of ``make eval-dev`` (scripts are no package)."""
    spec = importlib.util.spec_from_file_location("eval_dev", ROOT / "scripts" / "eval_dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_dev", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.usefixtures("shared_model")
def test_dev_set_scores_above_its_floor() -> None:
    if not (DEV / "articles").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the dev set is missing: CI expects it at {DEV}")
        pytest.skip(f"no dev set at {DEV}")
    figures = _eval_dev().run(
        DEV,
        raw=False,
        only=None,
        model=None,
        predictions=None,
        echo=lambda line: None,
        errors=False,
    )
    total = figures["total"]
    assert total["articles"] == 40
    assert total["f1"] >= DEV_F1_FLOOR, total
