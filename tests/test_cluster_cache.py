"""The incremental cache and the annotation store on a cluster: a rerun takes unchanged
documents from the cache, a cluster build and a local one share its entries, the cache may
live at a URL, and a document the corpus re-dates is not annotated by the model again.

The workers here are threads of this process (a ``LocalCluster`` without processes), so that
they see the model's calls counted by a test and fsspec's memory file system.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason='the cluster build needs pip install "timeline[dask]"')
pytest.importorskip("fsspec", reason='the cluster build needs pip install "timeline[dask]"')

import fsspec
from test_cluster import ARTICLES, output, write_corpus

from timeline import build
from timeline import extract as extract_module
from timeline.errors import TimelineError

pytestmark = pytest.mark.slow

# The documents a build gives a result (c-copy.txt repeats b-visit.txt: read once).
DOCUMENTS = sorted(n for n in ARTICLES if n.endswith(".txt") and n != "c-copy.txt")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def annotated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the documents the model annotates, once per annotation."""
    seen: list[str] = []
    real = extract_module.annotate

    def counting(nlp, documents, **options):  # type: ignore[no-untyped-def]
        for document, doc in real(nlp, documents, **options):
            seen.append(document.path)
            yield document, doc

    monkeypatch.setattr(extract_module, "annotate", counting)
    return seen


def test_a_redated_document_is_annotated_once_without_a_cache(
    corpus: Path, threads: str, annotated: list[str]
) -> None:
    expected = output(build(corpus, jobs=1, use_cache=False))
    annotated.clear()
    result = build(corpus, scheduler=threads, use_cache=False)
    assert output(result) == expected
    # d-undated.txt states no date: extracted, then again with the collection's date.
    assert result.results[DOCUMENTS.index("d-undated.txt")].meta.dct_source != "stated"
    # (c-copy.txt too: the workers read files apart, the client applies the read-once rule)
    assert Counter(annotated) == Counter([*DOCUMENTS, "c-copy.txt"])
    assert result.cache is None


def test_a_rerun_on_the_cluster_takes_unchanged_documents_from_the_cache(
    corpus: Path, tmp_path: Path, threads: str, annotated: list[str]
) -> None:
    cache = tmp_path / "cache"
    first = build(corpus, scheduler=threads, cache_dir=cache)
    assert first.cache is not None
    assert (first.cache.hits, first.cache.misses) == (0, len(DOCUMENTS))
    assert first.cache.written >= len(DOCUMENTS)
    annotated.clear()
    again = build(corpus, scheduler=threads, cache_dir=cache)
    assert again.cache is not None
    assert (again.cache.hits, again.cache.misses) == (len(DOCUMENTS), 0)
    assert annotated == []
    assert output(again) == output(first)
    (corpus / "a-summit.txt").write_text(
        ARTICLES["a-summit.txt"].replace("trade agreement", "border treaty"), encoding="utf-8"
    )
    changed = build(corpus, scheduler=threads, cache_dir=cache)
    assert changed.cache is not None
    assert (changed.cache.hits, changed.cache.misses) == (len(DOCUMENTS) - 1, 1)
    assert annotated == ["a-summit.txt"]
    assert output(changed) == output(build(corpus, jobs=1, use_cache=False))


def test_a_local_build_and_a_cluster_build_share_the_cache(
    corpus: Path, tmp_path: Path, threads: str, annotated: list[str]
) -> None:
    cache = tmp_path / "cache"
    local = build(corpus, jobs=1, cache_dir=cache)
    annotated.clear()
    cluster = build(corpus, scheduler=threads, cache_dir=cache)
    assert cluster.cache is not None
    assert (cluster.cache.hits, cluster.cache.misses) == (len(DOCUMENTS), 0)
    assert annotated == []
    assert output(cluster) == output(local)


def test_the_cache_at_a_url_serves_a_rerun(
    corpus: Path, threads: str, annotated: list[str]
) -> None:
    fs = fsspec.filesystem("memory")
    try:
        first = build(corpus, scheduler=threads, cache_dir="memory://cache-test")
        assert fs.find("/cache-test/results")  # entries were written there
        assert fs.find("/cache-test/annotations")
        annotated.clear()
        again = build(corpus, scheduler=threads, cache_dir="memory://cache-test/")
    finally:
        if fs.exists("/cache-test"):
            fs.rm("/cache-test", recursive=True)
    assert again.cache is not None
    assert (again.cache.hits, again.cache.misses) == (len(DOCUMENTS), 0)
    assert annotated == []
    assert output(again) == output(first)


def test_a_damaged_entry_at_a_url_is_recomputed(
    corpus: Path, threads: str, annotated: list[str]
) -> None:
    fs = fsspec.filesystem("memory")
    try:
        first = build(corpus, scheduler=threads, cache_dir="memory://damaged-test")
        damaged = fs.find("/damaged-test/results")  # with the re-dated variants
        for path in damaged:
            fs.pipe_file(path, fs.cat_file(path)[:-5] + b"12345")
        annotated.clear()
        again = build(corpus, scheduler=threads, cache_dir="memory://damaged-test")
    finally:
        if fs.exists("/damaged-test"):
            fs.rm("/damaged-test", recursive=True)
    assert again.cache is not None
    assert again.cache.corrupt == len(damaged) > len(DOCUMENTS)
    assert annotated == []  # the annotations were intact: only the rules ran again
    assert output(again) == output(first)


def test_a_cache_url_without_a_scheduler_is_refused(corpus: Path) -> None:
    with pytest.raises(TimelineError, match="--scheduler"):
        build(corpus, jobs=1, cache_dir="s3://bucket/cache")
