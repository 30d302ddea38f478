"""The whole chain on a small hand-written corpus: traceable, deterministic, general."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import build
from timeline.ingest import read_corpus
from timeline.render import render

pytestmark = pytest.mark.slow

ARTICLES = {
    "paris.txt": (
        "Published: 2023-04-07\n\n"
        "French President Emmanuel Macron visited Beijing on April 5, 2023, and held talks "
        "with Chinese President Xi Jinping.\n\n"
        "The two leaders signed an agreement on aviation in Beijing on April 6, 2023.\n"
    ),
    "beijing.md": (
        "---\ntitle: Macron in China\npublished: 2023-04-08\n---\n"
        "Emmanuel Macron's visit to Beijing in April 2023 was his first since 2019.\n"
    ),
    "notes.txt": "A page with no events at all, only weather: it rained.\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def result(corpus: Path):
    return build(corpus)


def test_events_are_found_and_dated(result) -> None:
    visits = [e for e in result.timeline.events if e.type == "visit"]
    assert visits, "the visit to Beijing is found"
    assert any(e.date and e.date.startswith("2023-04") for e in visits)


def test_every_source_points_at_its_sentence_in_the_document(corpus: Path, result) -> None:
    texts = {d.path: d.text for d in read_corpus(corpus).documents}
    assert result.timeline.events
    for event in result.timeline.events:
        for source in event.sources:
            text = texts[source.document]
            assert 0 <= source.start <= source.trigger_start < source.trigger_end <= source.end
            assert source.end <= len(text)
            assert text[source.start : source.end] == source.sentence
            assert text[source.trigger_start : source.trigger_end] == source.trigger


def test_same_corpus_gives_byte_identical_output(corpus: Path, result) -> None:
    again = build(corpus)
    for fmt in ("yaml", "json", "markdown"):
        assert render(result.timeline, fmt) == render(again.timeline, fmt)


def test_sample_corpus_builds_with_every_document_listed(sample_dir: Path) -> None:
    result = build(sample_dir)
    assert [d.path for d in result.timeline.documents] == sorted(
        p.name for p in sample_dir.glob("*.txt")
    )
    assert len(result.timeline.events) >= 5
