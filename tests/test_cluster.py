"""The build on a Dask cluster gives the chronology ``--jobs 1`` gives: on a LocalCluster of
worker processes, on a scheduler and workers started as separate processes, when a worker is
killed mid-build, and from fsspec ``file://`` and ``memory://`` sources.

Few, short documents (written for these tests): the machine running the suite is shared.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason='the cluster build needs pip install "timeline[dask]"')
pytest.importorskip("fsspec", reason='the cluster build needs pip install "timeline[dask]"')

import fsspec
from click.testing import CliRunner
from distributed import Client, LocalCluster

from timeline import build
from timeline.cli import cli
from timeline.cluster import engine
from timeline.errors import TimelineError
from timeline.render import render

pytestmark = pytest.mark.slow

STARTUP_SECONDS = 120

ARTICLES = {
    "a-summit.txt": (
        "Published: 2021-09-14\n\n"
        "The President of Ruritania, Anna Varga, met Chancellor Otto Brenner of Freedonia in "
        "Vienna on September 13, 2021. The two leaders signed a trade agreement.\n"
    ),
    "b-visit.txt": (
        "Published: 2021-09-20\n\n"
        "Freedonia's foreign minister visited Ruritania on 18 September 2021 and held talks "
        "with President Anna Varga about the border.\n"
    ),
    "c-copy.txt": (
        "Published: 2021-09-20\n\n"
        "Freedonia's foreign minister visited Ruritania on 18 September 2021 and held talks "
        "with President Anna Varga about the border.\n"
    ),
    "d-undated.txt": (
        "President Anna Varga will visit Freedonia next week, her office said on Monday.\n"
    ),
    "sub/e-manifest.txt": (
        "Ruritania and Freedonia agreed to open embassies in 2022, the ministers announced.\n"
    ),
    "sub/sources.yaml": (
        "documents:\n  e-manifest.txt:\n    title: Embassies\n    published: 2021-10-02\n"
    ),
}


def write_corpus(folder: Path) -> Path:
    for name, text in ARTICLES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def output(result) -> str:
    return render(result.timeline, "yaml")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("cluster-corpus"))


@pytest.fixture(scope="module")
def expected(corpus: Path) -> str:
    """The chronology of ``--jobs 1``."""
    return output(build(corpus, jobs=1, use_cache=False))


@pytest.fixture(autouse=True)
def _one_file_per_task(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file a task of its own, so the work is spread over the workers."""
    monkeypatch.setattr(engine, "TASK_CHARS", 1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _dask(*args: str) -> subprocess.Popen[bytes]:
    command = [str(Path(sys.executable).with_name("dask")), *args]
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


class Scheduler:
    """A ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, on free ports."""

    def __init__(self) -> None:
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        port = self.address.rsplit(":", 1)[1]
        self.scheduler = _dask("scheduler", "--host", "127.0.0.1", "--port", port,
                               "--no-dashboard")  # fmt: skip
        self.workers: list[subprocess.Popen[bytes]] = []

    def add_worker(self) -> subprocess.Popen[bytes]:
        worker = _dask("worker", self.address, "--nthreads", "1", "--nworkers", "1",
                       "--host", "127.0.0.1", "--no-dashboard", "--no-nanny")  # fmt: skip
        self.workers.append(worker)
        return worker

    def wait_for(self, count: int) -> None:
        with Client(self.address, timeout=STARTUP_SECONDS) as client:
            client.wait_for_workers(count, timeout=STARTUP_SECONDS)

    def close(self) -> None:
        for process in [*self.workers, self.scheduler]:
            _stop(process)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[Scheduler]:
    started = Scheduler()
    try:
        started.add_worker()
        started.add_worker()
        started.wait_for(2)
        yield started
    finally:
        started.close()


def test_local_cluster_of_two_processes_builds_like_jobs_1(corpus: Path, expected: str) -> None:
    result = build(corpus, scheduler="local", cluster_workers=2, use_cache=False)
    assert output(result) == expected
    assert [n.text for n in result.notes if n.path == "c-copy.txt"] == [
        "same text as b-visit.txt; read once"
    ]


def test_separate_scheduler_and_workers_build_like_jobs_1(
    corpus: Path, expected: str, scheduler: Scheduler
) -> None:
    assert output(build(corpus, scheduler=scheduler.address, use_cache=False)) == expected


def test_file_url_source_builds_like_the_folder(
    corpus: Path, expected: str, scheduler: Scheduler
) -> None:
    assert output(build(corpus.as_uri(), scheduler=scheduler.address, use_cache=False)) == expected


def test_a_worker_killed_mid_build_loses_nothing(
    corpus: Path, expected: str, scheduler: Scheduler
) -> None:
    doomed = scheduler.add_worker()
    scheduler.wait_for(3)
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        if not killed:  # after the first result: its worker may hold other tasks
            killed.append(doomed.pid)
            _stop(doomed)

    result = build(corpus, scheduler=scheduler.address, progress=progress, use_cache=False)
    assert killed, "the build reported progress"
    assert doomed.poll() is not None
    assert output(result) == expected
    assert sorted(r.meta.path for r in result.results) == sorted(
        name for name in ARTICLES if name.endswith(".txt") and name != "c-copy.txt"
    )


def test_memory_url_source_builds_like_the_folder(corpus: Path, expected: str) -> None:
    fs = fsspec.filesystem("memory")
    for name, text in ARTICLES.items():
        fs.pipe(f"/cluster-test/{name}", text.encode("utf-8"))
    try:
        # Thread workers share this process's memory file system.
        with LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster:
            result = build(
                "memory://cluster-test/", scheduler=cluster.scheduler_address, use_cache=False
            )
    finally:
        fs.rm("/cluster-test", recursive=True)
    assert output(result) == expected


def test_unreachable_scheduler_is_a_timeline_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "CONNECT_SECONDS", 2)
    with pytest.raises(TimelineError, match="dask scheduler"):
        build(".", scheduler=f"tcp://127.0.0.1:{_free_port()}")


def test_missing_remote_folder_is_an_input_error() -> None:
    with pytest.raises(TimelineError, match="no such file or folder"):
        build("memory://no-such-folder/", scheduler="local")


def test_cli_scheduler_option_writes_the_same_file(
    corpus: Path, expected: str, scheduler: Scheduler, tmp_path: Path
) -> None:
    out = tmp_path / "out.yaml"
    options = ["--scheduler", scheduler.address, "--no-cache", "--quiet", "-o", str(out)]
    outcome = CliRunner().invoke(cli, ["build", str(corpus), *options])
    assert outcome.exit_code == 0, outcome.output
    assert out.read_text(encoding="utf-8") == expected


def test_remote_listing_follows_the_local_order_and_manifests(corpus: Path) -> None:
    from timeline.cluster.sources import SourceFile, list_sources
    from timeline.ingest import ReadOptions

    fs = fsspec.filesystem("memory")
    for name, text in {**ARTICLES, ".hidden.txt": "x", "sub/.cache/y.txt": "y"}.items():
        fs.pipe(f"/listing-test/{name}", text.encode("utf-8"))
    try:
        remote = list_sources("memory://listing-test/", options=ReadOptions())
        globbed = list_sources("memory://listing-test/*.txt", options=ReadOptions())
    finally:
        fs.rm("/listing-test", recursive=True)
    local = list_sources(corpus, options=ReadOptions())
    assert [(f.relative, f.manifest_meta) for f in remote if isinstance(f, SourceFile)] == [
        (f.relative, f.manifest_meta) for f in local if isinstance(f, SourceFile)
    ]
    assert [f.relative for f in globbed if isinstance(f, SourceFile)] == [
        "a-summit.txt",
        "b-visit.txt",
        "c-copy.txt",
        "d-undated.txt",
    ]


def test_cluster_workers_needs_a_local_scheduler(corpus: Path) -> None:
    outcome = CliRunner().invoke(
        cli, ["build", str(corpus), "--scheduler", "tcp://127.0.0.1:1", "--cluster-workers", "2"]
    )
    assert outcome.exit_code == 2
    assert "only with --scheduler local" in outcome.output
