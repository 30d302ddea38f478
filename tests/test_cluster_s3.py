"""Sources, the incremental cache, a rerun and the cache's pruning in S3, through a local
S3-compatible server (moto's, in a thread of this process), on a ``LocalCluster`` of worker
threads.

moto[server] and s3fs are a test extra of their own (``pip install -e ".[test-s3]"``), not
part of ``dev``: they take minutes to install. Without them these tests are skipped, saying so.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

pytest.importorskip("distributed", reason='the cluster build needs pip install "timeline[dask]"')
pytest.importorskip("moto.server", reason="S3 tests need moto[server]: make test-s3")
pytest.importorskip("s3fs", reason="S3 tests need s3fs: make test-s3")

import fsspec
import moto.server as moto_server
import s3fs
from click.testing import CliRunner
from test_cluster import ARTICLES, output, write_corpus

from timeline import build
from timeline.cli import cli
from timeline.cluster import rerun

pytestmark = pytest.mark.slow

BUCKET = "timeline-test"
DOCUMENTS = sorted(n for n in ARTICLES if n.endswith(".txt") and n != "c-copy.txt")


@pytest.fixture(scope="module")
def s3() -> Iterator[s3fs.S3FileSystem]:
    """A moto S3 server on a free port of 127.0.0.1, and fsspec set to use it for s3://."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    options = {"endpoint_url": f"http://127.0.0.1:{port}", "key": "testing", "secret": "testing"}
    saved = fsspec.config.conf.get("s3")
    fsspec.config.conf["s3"] = options
    region = pytest.MonkeyPatch()
    region.setenv("AWS_DEFAULT_REGION", "us-east-1")  # (a bucket there needs no constraint)
    try:
        fs = s3fs.S3FileSystem(**options)
        fs.mkdir(BUCKET)
        yield fs
    finally:
        if saved is None:
            fsspec.config.conf.pop("s3", None)
        else:
            fsspec.config.conf["s3"] = saved
        region.undo()
        server.stop()


def test_a_build_from_s3_with_its_cache_in_s3(
    s3: s3fs.S3FileSystem, threads: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    corpus = write_corpus(tmp_path_factory.mktemp("s3-corpus"))
    expected = output(build(corpus, jobs=1, use_cache=False))
    for name, text in ARTICLES.items():
        s3.pipe(f"{BUCKET}/articles/{name}", text.encode("utf-8"))
    source, cache = f"s3://{BUCKET}/articles/", f"s3://{BUCKET}/cache"
    first = build(source, scheduler=threads, cache_dir=cache)
    assert output(first) == expected
    assert first.cache is not None
    assert (first.cache.hits, first.cache.misses) == (0, len(DOCUMENTS))
    s3.invalidate_cache()
    assert len(s3.find(f"{BUCKET}/cache/results")) >= len(DOCUMENTS)
    assert s3.find(f"{BUCKET}/cache/annotations")
    again = build(source, scheduler=threads, cache_dir=cache)
    assert again.cache is not None
    assert (again.cache.hits, again.cache.misses) == (len(DOCUMENTS), 0)
    assert output(again) == expected


def test_a_rerun_from_s3_fetches_only_changed_files_and_the_cache_prunes_in_s3(
    s3: s3fs.S3FileSystem, threads: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in ARTICLES.items():
        s3.pipe(f"{BUCKET}/rerun/{name}", text.encode("utf-8"))
    s3.pipe(f"{BUCKET}/rerun-cache/README.txt", b"not the cache's")
    source, cache = f"s3://{BUCKET}/rerun/", f"s3://{BUCKET}/rerun-cache"
    first = build(source, scheduler=threads, cache_dir=cache)
    opened: list[str] = []
    readable = rerun.readable

    def opening(file):  # type: ignore[no-untyped-def]
        opened.append(file.relative)
        return readable(file)

    monkeypatch.setattr(rerun, "readable", opening)
    s3.invalidate_cache()
    again = build(source, scheduler=threads, cache_dir=cache)
    assert opened == [] and output(again) == output(first)
    s3.pipe(
        f"{BUCKET}/rerun/a-summit.txt", ARTICLES["a-summit.txt"].replace("trade", "gas").encode()
    )
    s3.invalidate_cache()
    changed = build(source, scheduler=threads, cache_dir=cache)
    assert opened == ["a-summit.txt"]
    assert output(changed) == output(build(source, scheduler=threads, use_cache=False))

    runner = CliRunner()
    shown = runner.invoke(cli, ["cache", "--cache-dir", cache])
    assert shown.exit_code == 0 and f"{cache}: " in shown.output
    assert " 0 entries" not in shown.output
    emptied = runner.invoke(cli, ["cache", "--cache-dir", cache, "--max-size", "0"])
    assert emptied.exit_code == 0, emptied.output
    assert ": 0 entries" in emptied.output
    s3.invalidate_cache()
    assert s3.find(f"{BUCKET}/rerun-cache") == [f"{BUCKET}/rerun-cache/README.txt"]
