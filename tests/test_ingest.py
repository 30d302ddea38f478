"""Ingest: formats, encodings and odd or hostile files, each read or skipped with a reason."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.errors import InputError
from timeline.formats import record_document
from timeline.ingest import DEFAULT_MAX_CHARS, ReadOptions, read_corpus, split_spans

ARTICLE = (
    "OTTAWA, May 4, 2021 — Canada's foreign minister met her Mexican counterpart in Ottawa on "
    "Tuesday for talks on migration and trade, the two governments said in a joint statement. "
    "The ministers agreed to hold a bilateral summit in Mexico City in the autumn and signed a "
    "memorandum on student exchanges.\n"
)
FRENCH = (
    "Le ministre des Affaires étrangères du Sénégal a rencontré mardi son homologue marocain à "
    "Rabat pour des entretiens sur le commerce et la sécurité régionale. Les deux ministres ont "
    "signé un accord de coopération et se retrouveront à Dakar au mois de novembre prochain.\n"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def reasons(corpus) -> dict[str, str]:
    return {s.path: s.reason for s in corpus.skipped}


# --- formats ------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministers agree on a summit | The Daily Ledger</title>
<meta property="og:title" content="Canada and Mexico agree on a summit">
<meta property="article:published_time" content="2021-05-04T09:30:00Z">
<link rel="canonical" href="https://ledger.example/world/summit">
<script>window.tracker = function () { return "Leave a Reply"; };</script>
<style>.nav { color: red }</style>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Canada and Mexico agree on a summit</h1>
<p>Canada's foreign minister met her Mexican counterpart in Ottawa on Tuesday for talks on
migration and trade, the two governments said in a joint statement.</p>
<p>The ministers agreed to hold a bilateral summit in Mexico City in the autumn and signed a
memorandum on student exchanges between their universities.</p>
<p>Support our journalism. Donate today and keep independent reporting alive.</p>
</article>
<div id="comments"><h3>Leave a Reply</h3><form><textarea name="c"></textarea>
<input type="submit" value="Post Comment"></form></div>
<footer><a href="#top">Back to top</a> © 2021 The Daily Ledger. All rights reserved.</footer>
</body></html>
"""


def test_html_page_is_reduced_to_its_main_text_title_and_date(tmp_path: Path) -> None:
    write(tmp_path / "page.html", PAGE)
    (doc,) = read_corpus(tmp_path).documents
    assert "met her Mexican counterpart in Ottawa" in doc.text
    assert "signed a" in doc.text
    for chrome in ("window.tracker", "color: red", "Leave a Reply", "Back to top", "Sport"):
        assert chrome not in doc.text
    assert "Donate today" not in doc.text
    assert doc.meta.title == "Canada and Mexico agree on a summit"
    assert (doc.meta.dct, doc.meta.dct_source) == ("2021-05-04", "front-matter")
    assert doc.meta.url == "https://ledger.example/world/summit"


def test_html_without_main_text_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "empty.htm", "<html><head><script>var x = 1;</script></head><body></body>")
    write(tmp_path / "a.txt", ARTICLE)
    assert "no main text" in reasons(read_corpus(tmp_path))["empty.htm"]


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "Ottawa on", "Montréal on"
    )
    write(tmp_path / "page.html", page.encode("cp1252"))
    (doc,) = read_corpus(tmp_path).documents
    assert "Montréal" in doc.text and not doc.notes


def test_jsonl_records_are_documents_keyed_by_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": ARTICLE, "title": "Talks in Ottawa", "published": "2021-05-04"}),
        "",
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps(
            {
                "content": ARTICLE.replace("Ottawa", "Halifax"),
                "date_publish": "2021-06-01T08:00:00+00:00",
                "url": "https://example.org/a",
                "source_domain": "example.org",
            }
        ),
        json.dumps(["a list"]),
    ]
    write(tmp_path / "export.jsonl", "\n".join(lines) + "\n")
    corpus = read_corpus(tmp_path)
    docs = {d.path: d for d in corpus.documents}
    assert sorted(docs) == ["export.jsonl#1", "export.jsonl#5"]
    assert docs["export.jsonl#1"].meta.title == "Talks in Ottawa"
    assert docs["export.jsonl#1"].meta.dct == "2021-05-04"
    halifax = docs["export.jsonl#5"].meta
    assert (halifax.dct, halifax.dct_source) == ("2021-06-01", "front-matter")
    assert (halifax.url, halifax.outlet) == ("https://example.org/a", "example.org")
    skipped = reasons(corpus)
    assert "not valid JSON" in skipped["export.jsonl#3"]
    assert "no text field" in skipped["export.jsonl#4"]
    assert "not an object" in skipped["export.jsonl#6"]


def test_json_file_holds_one_record_or_a_list(tmp_path: Path) -> None:
    write(tmp_path / "one.json", json.dumps({"text": ARTICLE, "outlet": "Wire"}))
    write(tmp_path / "many.json", json.dumps([{"text": ARTICLE[:150]}, {"text": 3}]))
    write(tmp_path / "broken.json", '{"text": ')
    corpus = read_corpus(tmp_path)
    assert sorted(d.path for d in corpus.documents) == ["many.json#1", "one.json"]
    skipped = reasons(corpus)
    assert "not a string" in skipped["many.json#2"]
    assert "not valid JSON" in skipped["broken.json"]


def test_bad_date_in_a_record_degrades_the_document_but_keeps_it(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", json.dumps({"text": ARTICLE, "published": "soonish"}) + "\n")
    corpus = read_corpus(tmp_path)
    (doc,) = corpus.documents
    assert doc.meta.dct == "2021-05-04"  # from the dateline instead
    assert corpus.degraded == [("a.jsonl#1", "published 'soonish' is not a date; ignored")]


def test_jsonl_record_above_max_bytes_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    big = json.dumps({"text": ARTICLE * 50})
    write(tmp_path / "a.jsonl", "\n".join([big, json.dumps({"text": ARTICLE})]) + "\n")
    corpus = read_corpus(tmp_path, options=ReadOptions(max_bytes=2000))
    assert [d.path for d in corpus.documents] == ["a.jsonl#2"]
    assert "--max-bytes" in reasons(corpus)["a.jsonl#1"]


# --- boilerplate -------------------------------------------------------------------------------


def test_boilerplate_lines_are_blanked_in_place_in_plain_text(tmp_path: Path) -> None:
    text = (
        "Skip to content\n"
        + ARTICLE
        + "\nShare this article\nRelated Articles\nLeave a Reply\n"
        + "Your email address will not be published. Required fields are marked *\n"
        + "Back to top\n"
        + "Donate copyright agreements were discussed at length in Geneva in 2020.\n"
    )
    write(tmp_path / "a.txt", text)
    (doc,) = read_corpus(tmp_path).documents
    assert len(doc.text) == len(text)
    start = text.index("Canada's")
    assert doc.text[start : start + 20] == text[start : start + 20]
    for chrome in ("Skip to content", "Share this", "Leave a Reply", "Back to top", "email"):
        assert chrome not in doc.text
    assert "Donate copyright agreements" in doc.text  # prose that only starts like an appeal


# --- encodings ---------------------------------------------------------------------------------

ACCENTED = (
    "The minister’s visit to Zürich and Montréal was “historic”, officials said — the café "
    "meeting on Tuesday ended with a joint declaration on trade between Switzerland and Canada.\n"
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", ACCENTED.encode("utf-8")),
        ("utf8bom.txt", b"\xef\xbb\xbf" + ACCENTED.encode("utf-8")),
        ("utf16.txt", ACCENTED.encode("utf-16")),
        ("utf16be.txt", b"\xfe\xff" + ACCENTED.encode("utf-16-be")),
        ("cp1252.txt", ACCENTED.encode("cp1252")),
    ],
)
def test_encodings_are_detected(tmp_path: Path, name: str, data: bytes) -> None:
    write(tmp_path / name, data)
    corpus = read_corpus(tmp_path)
    (doc,) = corpus.documents
    assert doc.text == ACCENTED and not doc.notes


def test_latin1_text_is_detected_and_noted(tmp_path: Path) -> None:
    text = "Talks at the café in Genève ended. " + ARTICLE.replace("—", "-")
    write(tmp_path / "latin1.txt", text.encode("latin-1"))
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].text == text
    assert any("encoding not declared" in note.text for note in corpus.notes)


def test_declared_encoding_wins_and_replaced_bytes_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE.encode("utf-8") + b"\xff\xfe broken tail\n")
    corpus = read_corpus(tmp_path, options=ReadOptions(encoding="utf-8"))
    (doc,) = corpus.documents
    assert doc.text.count("\ufffd") == 2
    ((path, note),) = corpus.degraded
    assert path == "a.txt" and note.startswith("2 undecodable bytes replaced")
    corpus = read_corpus(tmp_path, options=ReadOptions(encoding="latin-1"))
    assert "ÿþ broken tail" in corpus.documents[0].text


# --- hostile and odd input ---------------------------------------------------------------------


def test_empty_and_blank_files_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.md", " \n\t\n")
    write(tmp_path / "a.txt", ARTICLE)
    skipped = reasons(read_corpus(tmp_path))
    assert skipped == {"empty.txt": "empty file", "blank.md": "empty document"}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"some text\x00\x00\x01\x02 with NULs" * 20, "NUL bytes"),
        (bytes(range(1, 32)) * 40, "printable"),
    ],
)
def test_binary_files_with_a_text_extension_are_skipped(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    write(tmp_path / "scan.txt", data)
    write(tmp_path / "a.txt", ARTICLE)
    assert reason in reasons(read_corpus(tmp_path))["scan.txt"]


def test_file_above_max_bytes_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # 50 MB, sparse: the size is what is checked
        handle.truncate(50_000_000)
    write(tmp_path / "a.txt", ARTICLE)
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args, **kwargs):
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    reason = reasons(read_corpus(tmp_path))["huge.txt"]
    assert reason == (
        "too large: 50.0 MB, more than --max-bytes (5.0 MB); raise --max-bytes to read it"
    )
    assert "huge.txt" not in opened


def test_long_document_is_read_in_parts_with_offsets_into_each_part(tmp_path: Path) -> None:
    text = (ARTICLE + "\n") * 40  # ~12,000 characters
    write(tmp_path / "long.txt", text)
    corpus = read_corpus(tmp_path, options=ReadOptions(max_chars=5000))
    paths = [d.path for d in corpus.documents]
    assert paths == ["long.txt", "long.txt#part2", "long.txt#part3"]
    assert "".join(d.text for d in corpus.documents) == text
    assert all(len(d.text) <= 5000 for d in corpus.documents)
    assert all(d.meta.dct == "2021-05-04" for d in corpus.documents)
    assert "3 parts" in corpus.notes[0].text and not corpus.degraded


def test_a_very_long_line_is_read(tmp_path: Path) -> None:
    line = ARTICLE.strip() + " " + "The talks went on. " * 60_000
    write(tmp_path / "line.txt", line)
    corpus = read_corpus(tmp_path)
    assert sum(len(d.text) for d in corpus.documents) == len(line)
    assert len(corpus.documents) == 2
    assert all(len(d.text) <= DEFAULT_MAX_CHARS for d in corpus.documents)


@pytest.mark.parametrize(
    ("start", "cuts"),
    [("a" * 25, [(0, 10), (10, 20), (20, 25)]), ("aaaa bbbb cccc", [(0, 10), (10, 14)])],
)
def test_split_spans_cut_at_spaces_or_hard(start: str, cuts: list[tuple[int, int]]) -> None:
    assert split_spans(start, 10) == cuts


def test_symlink_loops_and_broken_links_do_not_hang_and_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "news" / "a.txt", ARTICLE)
    (tmp_path / "news" / "again").symlink_to(tmp_path / "news", target_is_directory=True)
    (tmp_path / "news" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["news/a.txt"]
    skipped = reasons(corpus)
    assert skipped["self.txt"] == "symbolic link loop"
    assert skipped["gone.txt"].startswith("broken symbolic link")


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing: simulate the refusal.
    locked = write(tmp_path / "locked.txt", ARTICLE)
    write(tmp_path / "a.txt", ARTICLE)
    locked.chmod(0)
    real_open = Path.open

    def refuse(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    corpus = read_corpus(tmp_path)
    assert reasons(corpus) == {"locked.txt": "cannot be read: Permission denied"}
    assert [d.path for d in corpus.documents] == ["a.txt"]


def test_file_vanishing_between_listing_and_reading_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", ARTICLE)
    real_open = Path.open

    def vanish(self: Path, *args, **kwargs):
        if self.name == "b.txt":
            self.unlink()
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", vanish)
    assert "No such file" in reasons(read_corpus(tmp_path))["b.txt"]


def test_pipes_are_skipped_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path / "a.txt", ARTICLE)
    assert "not a regular file" in reasons(read_corpus(tmp_path))["pipe.txt"]


def test_non_english_documents_are_skipped_unless_asked_for(tmp_path: Path) -> None:
    write(tmp_path / "fr.txt", FRENCH)
    write(tmp_path / "en.txt", ARTICLE)
    reason = reasons(read_corpus(tmp_path))["fr.txt"]
    assert reason == "in French (fr), not en; add --lang fr (or --lang any) to read it"
    both = read_corpus(tmp_path, options=ReadOptions(languages=("en", "fr")))
    assert [d.path for d in both.documents] == ["en.txt", "fr.txt"]
    anything = read_corpus(tmp_path, options=ReadOptions(languages=None))
    assert len(anything.documents) == 2


def test_short_texts_are_never_skipped_for_their_language(tmp_path: Path) -> None:
    write(tmp_path / "short.txt", "Merci beaucoup.\n")
    assert [d.path for d in read_corpus(tmp_path).documents] == ["short.txt"]


def test_names_with_spaces_and_non_ascii_characters(tmp_path: Path) -> None:
    write(tmp_path / "São Paulo talks" / "größte Reise é.txt", ARTICLE)
    (doc,) = read_corpus(tmp_path).documents
    assert doc.path == "São Paulo talks/größte Reise é.txt"


def test_a_folder_with_a_file_extension_is_walked(tmp_path: Path) -> None:
    write(tmp_path / "archive.txt" / "a.txt", ARTICLE)
    assert [d.path for d in read_corpus(tmp_path).documents] == ["archive.txt/a.txt"]


def test_source_that_is_an_unsupported_file_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    with pytest.raises(InputError, match="is a file, not a folder"):
        read_corpus(tmp_path / "notes.pdf")
    with pytest.raises(InputError, match="no such file"):
        read_corpus(tmp_path / "absent")


def test_single_supported_file_is_read(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", json.dumps({"text": ARTICLE}) + "\n")
    assert [d.path for d in read_corpus(tmp_path / "a.jsonl").documents] == ["a.jsonl#1"]


def test_folder_of_only_bad_files_names_them_in_the_error(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "fr.txt", FRENCH)
    with pytest.raises(InputError) as error:
        read_corpus(tmp_path)
    message = str(error.value)
    assert "2 files skipped" in message and "empty.txt: empty file" in message
    assert "fr.txt: in French" in message


def test_libraries_work_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("ingest tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    write(tmp_path / "page.html", PAGE)
    write(tmp_path / "fr.txt", FRENCH)
    write(tmp_path / "cp.txt", ACCENTED.encode("cp1252"))
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["cp.txt", "page.html"]
    assert "in French" in reasons(corpus)["fr.txt"]


def test_file_names_that_are_not_utf8_are_shown_with_a_replacement_character(
    tmp_path: Path,
) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9 talks.txt"
    with open(name, "wb") as handle:
        handle.write(ARTICLE.encode("utf-8"))
    (doc,) = read_corpus(tmp_path).documents
    assert doc.path == "caf\ufffd talks.txt"
    doc.path.encode("utf-8")


def test_lone_surrogates_in_json_records_are_replaced_and_reported(tmp_path: Path) -> None:
    text = json.dumps(ARTICLE.strip())[:-1] + ' \\ud800 end"'
    record = '{"text": ' + text + ', "title": "bad \\udfff title"}\n'
    write(tmp_path / "a.jsonl", record)
    corpus = read_corpus(tmp_path)
    (doc,) = corpus.documents
    doc.text.encode("utf-8")
    assert doc.meta.title == "bad \ufffd title"
    assert corpus.degraded == [("a.jsonl#1", "1 invalid characters (lone surrogates) replaced")]


def test_front_matter_with_an_alias_bomb_is_refused_at_its_line_not_expanded(
    tmp_path: Path,
) -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    bomb += "title: *h\npublished: 2021-05-04\n---\n" + ARTICLE
    write(tmp_path / "a.md", bomb)
    write(tmp_path / "b.md", ARTICLE)
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["b.md"]
    (skipped,) = corpus.skipped
    assert skipped.path == "a.md"
    assert "aliases" in skipped.reason and skipped.reason.endswith("(line 2)")


def test_front_matter_values_that_are_not_plain_are_ignored_with_their_line(
    tmp_path: Path,
) -> None:
    write(tmp_path / "a.md", "---\npublished: 2021-05-04\ntitle: [a, b]\n---\n" + ARTICLE)
    corpus = read_corpus(tmp_path)
    (doc,) = corpus.documents
    assert doc.meta.dct == "2021-05-04" and doc.meta.title not in ("a", "['a', 'b']")
    assert corpus.degraded == [
        ("a.md", "title: expected a single value, got a list; ignored (line 3)")
    ]


def test_the_same_text_in_two_files_is_read_once(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "copy of a.txt", ARTICLE)
    write(tmp_path / "b.jsonl", json.dumps({"text": ARTICLE}) + "\n")
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["a.txt"]
    assert [(n.path, n.text) for n in corpus.notes] == [
        ("b.jsonl#1", "same text as a.txt; read once"),
        ("copy of a.txt", "same text as a.txt; read once"),
    ]


def test_markdown_links_and_old_mac_line_ends_are_cleaned_too(tmp_path: Path) -> None:
    text = ARTICLE.strip() + "\r[Back to top](#top)\r* [Share on Twitter](https://x.example/s)\r"
    write(tmp_path / "a.md", text)
    (doc,) = read_corpus(tmp_path).documents
    assert len(doc.text) == len(text) and "Back" not in doc.text and "Share" not in doc.text


@pytest.mark.parametrize(
    "markup",
    [
        "<div><p>{}</p><script>track()</script></div>",
        "<p>{}</p><p>Back to top</p>",
    ],
)
def test_html_in_record_text_is_reduced_to_text(tmp_path: Path, markup: str) -> None:
    record = {"text": markup.format(ARTICLE.strip()), "title": "t"}
    write(tmp_path / "a.jsonl", json.dumps(record) + "\n")
    corpus = read_corpus(tmp_path)
    (doc,) = corpus.documents
    assert "met her Mexican counterpart" in doc.text
    assert "<" not in doc.text and "track()" not in doc.text and "Back to top" not in doc.text
    assert corpus.notes[0].text == "record text is HTML; reduced to its text"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div", ">", "<script>", "text ", "&amp;", "\n"])))
def test_markup_like_record_text_never_raises(pieces: list[str]) -> None:
    assert isinstance(record_document({"text": "".join(pieces)}, "1").text, str)
