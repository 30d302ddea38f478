"""Document metadata: the manifest, front matter and the order in which a DCT is taken."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.errors import InputError
from timeline.ingest import read_corpus


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_manifest_gives_title_outlet_and_date(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Ministers met in Nairobi on Tuesday.\n")
    write(
        tmp_path / "sources.yaml",
        "documents:\n  a.txt:\n    title: Nairobi talks\n"
        "    outlet: Daily Wire Service\n    published: 2022-03-04\n",
    )
    (doc,) = read_corpus(tmp_path).documents
    assert doc.meta.title == "Nairobi talks"
    assert doc.meta.outlet == "Daily Wire Service"
    assert (doc.meta.dct, doc.meta.dct_source) == ("2022-03-04", "manifest")


def test_front_matter_is_read_and_offsets_index_the_whole_text(tmp_path: Path) -> None:
    text = "---\ntitle: Summit in Lima\npublished: 2021-11-05\nurl: https://example.org/a\n---\n"
    write(tmp_path / "b.md", text + "Leaders gathered in Lima.\n")
    (doc,) = read_corpus(tmp_path).documents
    assert (doc.meta.dct, doc.meta.dct_source) == ("2021-11-05", "front-matter")
    assert doc.meta.url == "https://example.org/a"
    assert doc.text.startswith("---")


def test_manifest_beats_front_matter_and_dateline(tmp_path: Path) -> None:
    write(tmp_path / "c.md", "---\npublished: 2020-01-01\n---\nPublished: 2019-04-25\nText.\n")
    write(tmp_path / "sources.yaml", "documents:\n  c.md:\n    published: 2018-02-02\n")
    (doc,) = read_corpus(tmp_path).documents
    assert doc.meta.dct == "2018-02-02"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Published: 2019-04-25\n", "2019-04-25"),
        ("Publication date: March 3, 2021, 10:15\n", "2021-03-03"),
        ("11/02/2020 | Press release | Ministry of Foreign Affairs\n", "2020-11-02"),
        ("NAIROBI, Kenya, May 7, 2018 (AFP) - Talks resumed.\n", "2018-05-07"),
    ],
)
def test_dateline_in_text_dates_the_document(tmp_path: Path, head: str, expected: str) -> None:
    write(tmp_path / "d.txt", "Headline\n\n" + head + "The envoy arrived.\n")
    (doc,) = read_corpus(tmp_path).documents
    assert (doc.meta.dct, doc.meta.dct_source) == (expected, "text")


def test_published_option_only_fills_documents_without_a_date(tmp_path: Path) -> None:
    write(tmp_path / "dated.txt", "Published: 2019-04-25\nText.\n")
    write(tmp_path / "undated.txt", "No date here.\n")
    docs = {d.path: d.meta for d in read_corpus(tmp_path, published="2020-02-02").documents}
    assert docs["dated.txt"].dct == "2019-04-25"
    assert (docs["undated.txt"].dct, docs["undated.txt"].dct_source) == ("2020-02-02", "option")


def test_malformed_manifest_is_skipped_with_file_and_line_and_its_folder_still_read(
    tmp_path: Path,
) -> None:
    write(tmp_path / "a.txt", "Text.\n")
    write(tmp_path / "sources.yaml", "documents:\n  a.txt:\n    title: [unclosed\n")
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["a.txt"]
    (skipped,) = corpus.skipped
    assert skipped.path == "sources.yaml"
    assert "not valid YAML" in skipped.reason and "(line 4)" in skipped.reason


def test_bad_published_date_in_manifest_is_noted_with_its_line_and_ignored(
    tmp_path: Path,
) -> None:
    write(tmp_path / "a.txt", "Text.\n")
    write(tmp_path / "sources.yaml", "documents:\n  a.txt:\n    published: next week\n")
    corpus = read_corpus(tmp_path)
    (doc,) = corpus.documents
    assert doc.meta.dct_source != "manifest"
    (note,) = corpus.notes
    assert note.path == "sources.yaml"
    assert note.text == "entry 'a.txt': published 'next week' is not a date; ignored (line 3)"


def test_malformed_front_matter_skips_only_that_file(tmp_path: Path) -> None:
    write(tmp_path / "bad.md", "---\ntitle: [oops\n---\nBody.\n")
    write(tmp_path / "good.md", "Body.\n")
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["good.md"]
    (skipped,) = corpus.skipped
    assert skipped.path == "bad.md" and "front matter" in skipped.reason


def test_unknown_types_are_skipped_with_a_note_and_empty_folder_is_an_error(
    tmp_path: Path,
) -> None:
    write(tmp_path / "photo.png", "x")
    with pytest.raises(InputError, match="no documents"):
        read_corpus(tmp_path)
    write(tmp_path / "a.txt", "Text.\n")
    corpus = read_corpus(tmp_path)
    assert [s.path for s in corpus.skipped] == ["photo.png"]


def test_sample_corpus_documents_all_get_manifest_dates(sample_dir: Path) -> None:
    corpus = read_corpus(sample_dir)
    assert len(corpus.documents) == 5
    assert {d.meta.dct_source for d in corpus.documents} == {"manifest"}
