"""Per-document extraction: streaming batches, worker tasks, and the same results for any jobs."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import annotate as annotate_module
from timeline import nlp as nlp_module
from timeline import workers as workers_module
from timeline.annotate import annotate, piece_spans
from timeline.cli import cli
from timeline.errors import ModelNotFound
from timeline.extract import _batches, extract
from timeline.ingest import read_corpus
from timeline.model import DocResult, Document, DocumentMeta
from timeline.pipeline import build
from timeline.render import render
from timeline.workers import (
    Workers,
    _tasks,
    default_jobs,
    extract_documents,
    extract_parallel,
)


def document(name: str, size: int) -> Document:
    return Document(DocumentMeta(path=name), "x" * size)


def test_default_jobs_is_at_least_one() -> None:
    assert default_jobs() >= 1


def test_batches_respect_count_and_text_budget() -> None:
    docs = [document(f"{i}.txt", size) for i, size in enumerate([10, 10, 10, 50, 5, 100, 1])]
    batches = list(_batches(docs, batch_size=2, batch_chars=30))
    assert [[d.path for d in batch] for batch in batches] == [
        ["0.txt", "1.txt"],
        ["2.txt"],
        ["3.txt"],
        ["4.txt"],
        ["5.txt"],
        ["6.txt"],
    ]


def test_tasks_hand_out_longest_documents_first_and_each_once() -> None:
    sizes = [5, 40, 7, 100, 3, 60, 2, 8]
    docs = [document(f"{i}.txt", size) for i, size in enumerate(sizes)]
    tasks = list(_tasks(iter(docs), task_chars=50, lookahead_chars=10_000, batch_size=64))
    assert tasks[0][0].path == "3.txt"  # the longest first
    assert tasks[1][0].path == "5.txt"
    assert sorted(d.path for task in tasks for d in task) == sorted(d.path for d in docs)
    for task in tasks:
        assert len(task) == 1 or sum(len(d.text) for d in task) <= 50


def test_tasks_shrink_towards_the_end_so_no_core_idles() -> None:
    docs = [document(f"{i:02d}.txt", 10) for i in range(20)]
    tasks = list(_tasks(iter(docs), task_chars=100, lookahead_chars=10_000, batch_size=64, jobs=2))
    sizes = [sum(len(d.text) for d in task) for task in tasks]
    assert sizes[0] == 50  # a quarter of the work: half of it for each of 2 jobs
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-2:] == [10, 10]
    assert sorted(d.path for task in tasks for d in task) == [d.path for d in docs]


def test_tasks_read_ahead_is_bounded() -> None:
    read: list[str] = []

    def stream():
        for i in range(10):
            read.append(f"{i}.txt")
            yield document(f"{i}.txt", 10)

    tasks = _tasks(stream(), task_chars=10, lookahead_chars=30, batch_size=64)
    first = next(tasks)
    assert len(first) == 1
    assert len(read) == 3


def test_no_documents_loads_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(name: str | None = None):
        raise AssertionError("model loaded")

    monkeypatch.setattr(nlp_module, "load_pipeline", fail)
    assert list(extract_documents(iter(()), jobs=1)) == []
    assert list(extract_documents(iter(()), jobs=2)) == []


def test_missing_model_fails_before_starting_workers() -> None:
    docs = [document("a.txt", 10), document("b.txt", 10)]
    with pytest.raises(ModelNotFound):
        list(extract_parallel(docs, model="no_such_model_xyz", jobs=2))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_the_pipeline_fails_on_is_skipped_in_any_process(
    jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    import spacy
    from spacy.language import Language

    from timeline.ingest import Skipped
    from timeline.nlp import register_extensions

    if jobs > 1 and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers see the patched pipeline only when forked")
    monkeypatch.setattr(workers_module, "START_METHOD", "fork")
    if "timeline_test_explodes" not in Language.factories:

        @Language.component("timeline_test_explodes")
        def explodes(doc):
            if "EXPLODE" in doc.text:
                raise RuntimeError("component failed")
            return doc

    def blank(name: str | None = None) -> Language:
        register_extensions()
        nlp = spacy.blank("en")
        nlp.add_pipe("timeline_test_explodes")
        return nlp

    monkeypatch.setattr(nlp_module, "load_pipeline", blank)
    monkeypatch.setattr(nlp_module, "model_meta_path", lambda name=None: Path("meta.json"))
    docs = [
        Document(DocumentMeta(path=f"{n}.txt"), "EXPLODE" if n == 4 else f"Text {n}.")
        for n in range(9)
    ]
    out = list(extract_documents(docs, jobs=jobs))
    failed = [item for item in out if isinstance(item, Skipped)]
    assert [item.path for item in failed] == ["4.txt"]
    assert "RuntimeError: component failed" in failed[0].reason
    assert sorted(r.meta.path for r in out if isinstance(r, DocResult)) == sorted(
        f"{n}.txt" for n in range(9) if n != 4
    )


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab. \n\t"), max_size=400),
    st.integers(min_value=1, max_value=60),
)
def test_pieces_cover_the_text_and_start_on_a_token(text: str, limit: int) -> None:
    spans = piece_spans(text, limit)
    assert "".join(text[start:end] for start, end in spans) == text
    assert all(start < end for start, end in spans) or text == ""
    for start, _end in spans[1:]:
        assert not text[start].isspace()
    for start, end in spans:
        assert len(text[start:end].rstrip()) <= limit


def test_pieces_are_cut_at_paragraph_breaks_first() -> None:
    text = "First line\nof a paragraph.\n\n\nSecond paragraph. It goes on and on."
    spans = piece_spans(text, 40)
    assert [text[s:e] for s, e in spans][:2] == [
        "First line\nof a paragraph.\n\n\n",
        "Second paragraph. It goes on and on.",
    ]


class _Recorder:
    """A pipeline component that records the text of each batch it is given."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, doc):
        return next(self.pipe([doc]))

    def pipe(self, docs, *, batch_size: int = 128):
        docs = list(docs)
        self.batches.append([doc.text for doc in docs])
        for doc in docs:
            for token in doc:
                token.is_sent_start = token.i == 0 or doc[token.i - 1].text == "."
            yield doc


def test_long_documents_are_annotated_in_bounded_batches_and_joined(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import spacy
    from spacy.language import Language

    if "timeline_test_recorder" not in Language.factories:
        Language.factory("timeline_test_recorder", func=lambda nlp, name: _Recorder())
    monkeypatch.setattr(annotate_module, "PIECE_CHARS", 50)
    monkeypatch.setattr(annotate_module, "BATCH_CHARS", 120)
    nlp = spacy.blank("en")
    recorder = nlp.add_pipe("timeline_test_recorder")
    paragraph = "Ministers met in Lima on a Tuesday.\n\n"
    docs = [
        Document(DocumentMeta(path="long.txt", dct="2021-05-04"), paragraph * 12),
        Document(DocumentMeta(path="short.txt"), "Two words."),
        Document(DocumentMeta(path="empty.txt"), ""),
    ]
    out = list(annotate(nlp, docs, batch_size=64))
    assert [document.path for document, _ in out] == ["long.txt", "short.txt", "empty.txt"]
    for document, doc in out:
        assert doc.text == document.text
        assert doc._.timeline_path == document.path
    long_doc = out[0][1]
    assert long_doc._.timeline_dct == "2021-05-04"
    assert len(list(long_doc.sents)) >= 12  # each piece's sentences kept
    assert len(recorder.batches) > 2
    assert all(sum(len(text) for text in batch) <= 120 for batch in recorder.batches)
    assert max(len(text) for batch in recorder.batches for text in batch) <= 50


# --- with the real model ---------------------------------------------------------------------

ARTICLES = {
    "a/seoul.txt": (
        "SEOUL, April 3 (Wire) - The Japanese foreign minister arrived in Seoul on "
        "3 April 2019 for talks with her South Korean counterpart.\n"
    ),
    "b/cairo.txt": (
        "Egypt's president received the Jordanian king in Cairo on 21 May 2020. The two "
        "leaders agreed to meet again in Amman in September 2020.\n"
    ),
    "c.txt": (
        "The Chilean president will travel to Buenos Aires on 8 October 2018 and sign a trade "
        "agreement with Argentina.\n" * 5
    ),
    "d.md": "---\npublished: 2017-01-09\n---\nNo events at all in this note.\n",
    "e.txt": "Ministers of Peru and Bolivia met in La Paz on 15 January 2016.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for name, text in ARTICLES.items():
        path = tmp_path / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "articles"


@pytest.mark.slow
def test_extract_streams_results_in_document_order(nlp, corpus: Path) -> None:
    documents = read_corpus(corpus).documents
    results = list(extract(nlp, iter(documents), batch_size=2))
    assert [r.meta.path for r in results] == [d.path for d in documents]
    assert all(isinstance(r, DocResult) for r in results)
    assert any(r.mentions for r in results)


@pytest.mark.slow
def test_a_document_read_in_pieces_gives_what_it_gives_whole(
    nlp, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = [text.strip() for text in ARTICLES.values() if "---" not in text]
    text = "\n\n".join(paragraphs * 3) + "\n"
    document = Document(
        DocumentMeta(path="long.txt", dct="2021-01-01", dct_source="manifest"), text
    )
    (whole,) = extract(nlp, [document])
    monkeypatch.setattr(annotate_module, "PIECE_CHARS", 300)
    (pieces,) = extract(nlp, [document])
    assert len(whole.mentions) >= 10
    assert pieces == whole


@pytest.mark.slow
def test_results_survive_the_cache_format_exactly(nlp, corpus: Path) -> None:
    for result in extract(nlp, read_corpus(corpus).documents):
        assert DocResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result


@pytest.mark.slow
def test_workers_give_the_same_results_as_one_process(nlp, corpus: Path) -> None:
    documents = read_corpus(corpus).documents
    alone = list(extract(nlp, documents))
    pooled = list(extract_parallel(documents, jobs=2, task_chars=100))

    def by_path(results: list[DocResult]) -> list[DocResult]:
        return sorted(results, key=lambda r: r.meta.path)

    assert by_path(pooled) == by_path(alone)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [2, 3])
def test_chronology_is_identical_for_any_number_of_jobs(
    corpus: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers_module, "TASK_CHARS", 100)  # many small tasks, any order
    one = build(corpus, jobs=1, use_cache=False)
    many = build(corpus, jobs=jobs, use_cache=False)
    assert render(many.timeline, "yaml") == render(one.timeline, "yaml")
    assert many.results == one.results


@pytest.mark.slow
def test_cli_jobs_option(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["build", str(corpus), "--format", "yaml", "--no-cache", "-q"]
    one = runner.invoke(cli, [*args, "--jobs", "1"])
    two = runner.invoke(cli, [*args, "-j", "2"])
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.output == two.output
    bad = runner.invoke(cli, [*args, "--jobs", "0"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_workers_started_for_nothing_are_stopped_without_waiting_for_the_model(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    import os
    import time

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    if method == "fork" and threading.active_count() > 1:
        # (threads an earlier test left, such as a Dask cluster's event loop, may hold a lock
        # the forked child then waits on or dies of: the default start method is forkserver)
        pytest.skip("forking a process that runs other threads is unsafe")
    monkeypatch.setattr(workers_module, "START_METHOD", method)
    workers = Workers(jobs=2)
    workers.start()
    pids = [process.pid for process in (getattr(workers._pool, "_processes", None) or {}).values()]
    began = time.monotonic()
    workers.close()
    assert time.monotonic() - began < 1.5  # loading the model takes longer than that

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in pids)  # (a fork server forks none before a task)


def test_workers_are_not_started_for_a_missing_model() -> None:
    workers = Workers(model="no_such_model_xyz", jobs=2)
    with pytest.raises(ModelNotFound):
        workers.start()
    assert workers._pool is None


@pytest.mark.slow
def test_workers_start_only_when_a_file_must_be_read(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    start = Workers.start

    def recording(self: Workers) -> None:
        started.append("start")
        start(self)

    monkeypatch.setattr(Workers, "start", recording)
    cold = build(corpus, jobs=2, cache_dir=tmp_path / "cache")
    assert started  # before extracting: while the folder was read
    started.clear()
    warm = build(corpus, jobs=2, cache_dir=tmp_path / "cache")
    assert started == []  # everything came from the cache: no worker, no model
    assert warm.results == cold.results
