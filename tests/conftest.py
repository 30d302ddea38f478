"""Shared fixtures: the real pipeline (loaded once per session) and the sample corpus paths;
the ``slow`` mark put on every test that needs the real model.

A test is slow when it uses a fixture that loads the model or builds real text (``nlp``,
``built``), when its code calls ``load_pipeline``, or when it is marked by hand (a module's
``pytestmark``, a decorator). ``make test-fast`` runs the others (``pytest -m "not slow"``);
a test that is not marked and still loads the real model fails, naming the mark to add.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "seeds"
GOLD = ROOT / "data" / "seeds.gold.yaml"

# fixtures that load the real model or build real text with it
SLOW_FIXTURES = frozenset({"nlp", "built"})
_LOADS_THE_MODEL = re.compile(r"\bload_pipeline\(")


def _loads_the_model(item: pytest.Item) -> bool:
    if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    function = getattr(item, "function", None)
    try:
        source = inspect.getsource(function) if function is not None else ""
    except (OSError, TypeError):
        return False
    return bool(_LOADS_THE_MODEL.search(source))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that needs the real model (see the module docstring)."""
    for item in items:
        if item.get_closest_marker("slow") is None and _loads_the_model(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _only_slow_tests_load_the_model(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """A test not marked ``slow`` that loads an installed default model fails (in this
    process: worker processes are not watched), so the fast suite stays fast."""
    if request.node.get_closest_marker("slow") is not None:
        yield
        return
    from timeline import nlp as nlp_module  # does not import spaCy

    real_load = nlp_module.load_model

    def refuse_the_real_model(name: str | None = None) -> object:
        if nlp_module.resolve_model_name(name) in nlp_module.DEFAULT_MODELS:
            pytest.fail(
                f"{request.node.nodeid} loads the real model: mark it @pytest.mark.slow",
                pytrace=False,
            )
        return real_load(name)

    monkeypatch.setattr(nlp_module, "load_model", refuse_the_real_model)
    yield


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


@pytest.fixture(scope="module")
def threads() -> Iterator[str]:
    """The address of a Dask ``LocalCluster`` of two workers that are threads of this process
    (the cluster tests that patch the extraction or count calls need them here)."""
    distributed = pytest.importorskip("distributed", reason='needs pip install "timeline[dask]"')
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address
