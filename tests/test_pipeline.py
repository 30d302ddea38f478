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


# --- documents without a date: the collection's date as hint ----------------------------------

DATED = {
    "santiago.md": (
        "---\npublished: 2022-10-20\n---\n"
        "Chile and Argentina signed a border agreement in Santiago on October 19, 2022.\n"
    ),
    "canberra.md": (
        "---\npublished: 2023-05-24\n---\n"
        "Indian Prime Minister Narendra Modi began a state visit to Australia on May 23, 2023, "
        "and met Australian Prime Minister Anthony Albanese in Sydney.\n"
    ),
}
UNDATED = {
    # a weekday date: Tuesday 18 October fits 1988, 1994, … 2022; the text alone names 1984
    "buenos_aires.txt": (
        "On Tuesday, October 18, the Argentine foreign minister met his Chilean counterpart "
        "in Buenos Aires. The two countries settled the Beagle conflict by a treaty in 1984.\n"
    ),
    # no year and no date of its own: its visit takes the year of the same visit elsewhere
    "delhi.txt": (
        "Narendra Modi will pay a state visit to Australia on May 23-25, his office announced.\n"
    ),
}


def _corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def dated_only(tmp_path_factory: pytest.TempPathFactory):
    return build(_corpus(tmp_path_factory.mktemp("hint") / "dated", DATED), use_cache=False)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory):
    folder = _corpus(tmp_path_factory.mktemp("hint") / "mixed", {**DATED, **UNDATED})
    return build(folder, use_cache=False)


def test_weekday_date_takes_the_year_nearest_the_collection(mixed) -> None:
    meta = {r.meta.path: r.meta for r in mixed.results}["buenos_aires.txt"]
    assert (meta.dct, meta.dct_source) == ("2022-10-18", "inferred")
    assert meta.dct_hint is None  # the hint is an input of the extraction, not a result
    meetings = [e for e in mixed.timeline.events if e.type in ("meeting", "talks")]
    assert any(e.date == "2022-10-18" for e in meetings)


def test_document_without_any_date_is_anchored_by_another_document(mixed) -> None:
    meta = {r.meta.path: r.meta for r in mixed.results}["delhi.txt"]
    assert (meta.dct, meta.dct_source) == (None, "none")
    (visit,) = [
        e for e in mixed.timeline.events if any(s.document == "delhi.txt" for s in e.sources)
    ]
    assert visit.date is not None and visit.date.startswith("2023-05-23")
    assert visit.date_inferred_from == "canberra.md"
    assert {s.document for s in visit.sources} == {"delhi.txt", "canberra.md"}


def test_documents_with_a_stated_date_are_unaffected(dated_only, mixed) -> None:
    alone = {r.meta.path: r.to_dict() for r in dated_only.results}
    among = {r.meta.path: r.to_dict() for r in mixed.results if r.meta.path in alone}
    assert among == alone


def test_a_guessed_date_is_replaced_by_the_day_other_documents_give_its_event(
    tmp_path: Path,
) -> None:
    folder = _corpus(
        tmp_path / "news",
        {
            "nairobi.md": (
                "---\npublished: 2023-10-11\n---\nFrench President Emmanuel Macron arrived in "
                "Nairobi on October 9, 2023, for a state visit to Kenya.\n"
            ),
            # its only date, March 2021, would otherwise be its date
            "mombasa.txt": (
                "French President Emmanuel Macron is visiting Kenya this week.\n\n"
                "Macron's current visit to Kenya is his first. France and Kenya signed a "
                "defence agreement in March 2021.\n"
            ),
        },
    )
    result = build(folder, use_cache=False)
    meta = {r.meta.path: r.meta for r in result.results}["mombasa.txt"]
    assert (meta.dct, meta.dct_source) == ("2023-10-09", "corpus")
    (visit,) = [e for e in result.timeline.events if e.type == "visit"]
    assert visit.date == "2023-10-09"
    assert {s.document for s in visit.sources} == {"nairobi.md", "mombasa.txt"}
