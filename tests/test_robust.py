"""Robustness of a whole build: a folder of bad inputs, the report, --strict, nothing lost.

The bad folder is made by the tests themselves; the articles in it are written for the tests.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.boilerplate import blank_boilerplate
from timeline.cli import cli
from timeline.decoding import decode_bytes
from timeline.errors import TimelineError
from timeline.extract import extract
from timeline.ingest import SUFFIXES, ReadOptions, read_file, split_spans
from timeline.merge import merge_results
from timeline.pipeline import build
from timeline.render import write_atomic

GOOD = {
    "nairobi.txt": (
        "NAIROBI, March 3, 2022 — Kenyan President William Ruto met Japanese Prime Minister "
        "Fumio Kishida in Nairobi on Thursday for talks on port investment and trade.\n\n"
        "The two leaders signed an agreement on infrastructure financing, officials said. "
        "Kishida will visit Tanzania next week.\n"
    ),
    "lima talks ñ.md": (
        "---\ntitle: Chile and Peru hold talks\npublished: 2023-05-10\n---\n"
        "Chile's foreign minister visited Lima on Monday and met her Peruvian counterpart "
        "for talks on border trade. The two ministers agreed to meet again in Santiago in "
        "September.\n"
    ),
}
HTML_PAGE = """<html><head><meta charset="utf-8"><title>Leaders meet in Hanoi</title>
<meta property="article:published_time" content="2022-11-20"></head><body>
<nav><a href="/">Home</a> | <a href="/asia">Asia</a></nav>
<article><h1>Leaders meet in Hanoi</h1>
<p>The prime minister of Australia met Vietnam's president in Hanoi on Sunday for talks on
security and education, the two governments said.</p>
<p>The leaders signed a memorandum on maritime cooperation and announced a state visit to
Canberra next year.</p></article>
<div class="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>
<footer>Back to top</footer></body></html>
"""
RECORDS = [
    {
        "text": (
            "The foreign minister of Ghana met his Nigerian counterpart in Accra on Friday for "
            "talks on regional security. The two ministers signed a trade agreement."
        ),
        "published": "2021-08-13T10:00:00Z",
        "title": "Ghana and Nigeria sign a trade agreement",
    },
    {"text": "Egypt's president visited Rome on Tuesday.", "published": "sometime"},
]
WINDOWS = (
    "ZÜRICH, June 7, 2022 — Switzerland’s president met the Austrian chancellor in Zürich "
    "on Tuesday for “constructive” talks on energy, officials said. The café was closed.\n"
)
FILLER = "The weather in the capital was mild and the markets were calm that week. "
FRENCH = (
    "Le président du Sénégal a rencontré mardi le roi du Maroc à Rabat pour des entretiens sur "
    "le commerce et la sécurité régionale. Les deux dirigeants ont signé un accord de "
    "coopération et se retrouveront à Dakar au mois de novembre prochain.\n"
)


def make_good_folder(root: Path) -> Path:
    """Documents that are read: plain, odd encodings, HTML, records, a very long line."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "hanoi.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "wire.jsonl").write_text(
        "\n".join(json.dumps(record) for record in RECORDS) + "\n", encoding="utf-8"
    )
    (root / "zurich cp1252.txt").write_bytes(WINDOWS.encode("cp1252"))
    (root / "zurich utf16.txt").write_bytes(WINDOWS.replace("ZÜRICH", "BERN").encode("utf-16"))
    (root / "long line.txt").write_text(FILLER * 400, encoding="utf-8")
    return root


def add_bad_inputs(root: Path) -> dict[str, str]:
    """Every kind of bad input; returns {path: part of the reason it must be skipped for}."""
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text("\n \n", encoding="utf-8")
    (root / "scan.txt").write_bytes(b"%PDF-1.5\n%\xb5\xb5\xb5\xb5\n1 0 obj << >> endobj\n")
    (root / "noise.txt").write_bytes(bytes(range(256)) * 8)
    with (root / "huge.txt").open("wb") as handle:
        handle.truncate(6_000_000)
    (root / "french.txt").write_text(FRENCH, encoding="utf-8")
    (root / "bad front.md").write_text("---\ntitle: [oops\n---\nBody.\n", encoding="utf-8")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "broken.json").write_text('{"text": "unfinished', encoding="utf-8")
    (root / "self.txt").symlink_to(root / "self.txt")
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    (root / "loop").symlink_to(root, target_is_directory=True)
    os.mkfifo(root / "pipe.txt")
    return {
        "empty.txt": "empty file",
        "blank.md": "empty document",
        "scan.txt": "PDF document",
        "noise.txt": "NUL bytes",
        "huge.txt": "--max-bytes",
        "french.txt": "in French",
        "bad front.md": "front matter",
        "photo.png": "unsupported file type",
        "broken.json": "not valid JSON",
        "self.txt": "symbolic link loop",
        "gone.txt": "broken symbolic link",
        "pipe.txt": "not a regular file",
    }


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """mtime and content of every regular file below ``root`` (links not followed)."""
    state = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                state[str(path)] = (0, b"")
                continue
            state[str(path)] = (path.stat().st_mtime_ns, path.read_bytes())
    return state


# --- the report and --strict (no model needed) -------------------------------------------------


def _refuse_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading the model fails with a message the test can look for."""

    def refuse(name: str | None = None) -> None:
        raise TimelineError("the model was asked for")

    monkeypatch.setattr("timeline.nlp.load_pipeline", refuse)


def test_strict_fails_before_loading_the_model_and_prints_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_good_folder(tmp_path / "in")
    expected = add_bad_inputs(folder)
    out = tmp_path / "out.yaml"
    out.write_text("previous chronology\n", encoding="utf-8")
    _refuse_the_model(monkeypatch)
    result = CliRunner().invoke(cli, ["build", str(folder), "--strict", "-o", str(out)])
    assert result.exit_code == 1
    assert "the model was asked for" not in result.output
    for path, reason in expected.items():
        line = next(line for line in result.output.splitlines() if f" {path}: " in line)
        assert reason in line
    assert "degraded  wire.jsonl#2: published 'sometime' is not a date" in result.output
    assert "--strict: 12 skipped, 1 degraded" in result.output
    assert out.read_text(encoding="utf-8") == "previous chronology\n"


def test_strict_passes_a_clean_folder_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD["nairobi.txt"], encoding="utf-8")
    _refuse_the_model(monkeypatch)
    result = CliRunner().invoke(cli, ["build", str(folder), "--strict", "--no-cache"])
    assert "the model was asked for" in result.output  # got past the input checks


def test_max_bytes_lang_and_encoding_options_reach_ingest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD["nairobi.txt"], encoding="utf-8")
    (folder / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "big.txt").write_text(GOOD["nairobi.txt"] * 3, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(folder), "--strict", "--max-bytes", "600"])
    assert "big.txt: too large" in result.output and "fr.txt: in French" in result.output
    (folder / "big.txt").unlink()
    result = runner.invoke(cli, ["build", str(folder), "--encoding", "klingon"])
    assert result.exit_code == 2 and "unknown encoding" in result.output
    result = runner.invoke(cli, ["build", str(folder), "--lang", "english"])
    assert result.exit_code == 2 and "ISO 639-1" in result.output
    result = runner.invoke(
        cli, ["build", str(folder), "--strict", "--lang", "en,fr", "--model", "nope"]
    )
    assert "in French" not in result.output and "not installed" in result.output


# --- nothing lost ------------------------------------------------------------------------------


def test_write_atomic_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, "new\n" * 1000)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]  # no temp file left
    monkeypatch.undo()
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


def test_failed_build_leaves_previous_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("previous\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "absent"), "-o", str(out)])
    assert result.exit_code == 1 and "no such file" in result.output
    assert out.read_text(encoding="utf-8") == "previous\n"


# --- property tests: never raise, offsets stay inside ------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_raise_in_ingest(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        documents, skipped, _notes = read_file(path, path.name)
    assert documents or skipped
    for document in documents:
        assert isinstance(document.text, str) and document.text.strip()


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_text_never_raises_in_ingest(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        documents, skipped, _notes = read_file(
            path, path.name, options=ReadOptions(languages=None, max_chars=500)
        )
    assert documents or skipped
    assert all(len(document.text) <= 500 for document in documents)


@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "latin-1", "utf-16", "cp1252"]))
def test_decoding_never_raises(data: bytes, declared: str | None) -> None:
    assert isinstance(decode_bytes(data, declared=declared).text, str)


@given(st.text(alphabet=st.sampled_from("ab \n\r.Leave a Reply\tBack to top©2024"), max_size=400))
def test_blanking_boilerplate_keeps_every_offset(text: str) -> None:
    cleaned, _count = blank_boilerplate(text)
    assert len(cleaned) == len(text)
    assert [i for i, c in enumerate(cleaned) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]


@given(st.text(max_size=600), st.integers(min_value=1, max_value=80))
def test_split_spans_cover_the_text_in_order(text: str, limit: int) -> None:
    spans = split_spans(text, limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(end - start <= limit for start, end in spans)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))


SENTENCES = st.sampled_from(
    [
        "The president of Chile visited Buenos Aires on Monday.",
        "Kenya's foreign minister met her Japanese counterpart in Tokyo on 4 May 2021.",
        "The two leaders signed an agreement on trade.",
        "Leave a Reply",
        "Talks will continue next week in Geneva.",
        "",
    ]
)


@pytest.mark.slow
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parts=st.lists(st.one_of(SENTENCES, st.text(max_size=80)), max_size=12),
    separator=st.sampled_from([" ", "\n", "\n\n", "\r\n"]),
)
def test_event_evidence_stays_inside_its_document(nlp, parts: list[str], separator: str) -> None:
    text = separator.join(parts)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        documents, _skipped, _notes = read_file(
            path, "doc.txt", options=ReadOptions(languages=None, max_chars=300)
        )
    texts = {document.path: document.text for document in documents}
    results = list(extract(nlp, documents))
    for result in results:
        kept = texts[result.meta.path]
        for mention in result.mentions:
            assert 0 <= mention.sent_start <= mention.trigger_start
            assert mention.trigger_end <= mention.sent_end <= len(kept)
            assert kept[mention.trigger_start : mention.trigger_end] == mention.trigger
    if results:
        for event in merge_results(results).events:
            for source in event.sources:
                kept = texts[source.document]
                assert 0 <= source.start <= source.end <= len(kept)
                assert kept[source.start : source.end] == source.sentence


# --- the whole build, with the real model ------------------------------------------------------


@pytest.mark.slow
def test_mixed_folder_builds_with_a_report_and_the_same_events_as_the_good_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = build(make_good_folder(tmp_path / "good"))
    mixed_folder = make_good_folder(tmp_path / "mixed")
    expected = add_bad_inputs(mixed_folder)
    (mixed_folder / "locked.txt").write_text(GOOD["nairobi.txt"], encoding="utf-8")
    expected["locked.txt"] = "Permission denied"
    real_open = Path.open

    def refuse(self: Path, *args, **kwargs):  # root ignores chmod 000: simulate it
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    before = snapshot(mixed_folder)
    monkeypatch.setattr(Path, "open", refuse)
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(
        cli, ["build", str(mixed_folder), "--format", "yaml", "-o", str(out)]
    )
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert snapshot(mixed_folder) == before  # the input folder is never written to
    for path, reason in expected.items():
        line = next(line for line in result.output.splitlines() if f" {path}: " in line)
        assert line.startswith("skipped") and reason in line
    assert "wire.jsonl#2: published 'sometime' is not a date" in result.output
    assert "documents read, 13 skipped, 1 degraded" in result.output.splitlines()[-1]

    import yaml

    mixed = yaml.safe_load(out.read_text(encoding="utf-8"))
    good = alone.timeline.to_dict()
    assert mixed["events"] == json.loads(json.dumps(good["events"]))
    assert mixed["documents"] == good["documents"]
    assert {d["path"] for d in mixed["documents"]} == {
        "hanoi.html",
        "lima talks ñ.md",
        "long line.txt",
        "nairobi.txt",
        "wire.jsonl#1",
        "wire.jsonl#2",
        "zurich cp1252.txt",
        "zurich utf16.txt",
    }
    assert alone.timeline.events, "the good documents should give events"


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killed_build_leaves_the_previous_output_intact(tmp_path: Path, how: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(60):  # distinct texts, far more than can be read before the kill
        (folder / f"doc{number:03d}.txt").write_text(
            f"{GOOD['nairobi.txt']}\nReport number {number}.\n" + FILLER * 250,
            encoding="utf-8",
        )
    out = tmp_path / "out.yaml"
    out.write_text("previous chronology\n", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "timeline",
            "build",
            str(folder),
            "--format",
            "yaml",
            "-o",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(4)
    assert process.poll() is None, "the build finished before it could be interrupted"
    process.send_signal(how)
    _out, err = process.communicate(timeout=60)
    assert process.returncode in (-signal.SIGKILL, 130)
    if how == signal.SIGINT:
        assert process.returncode == 130 and b"interrupted" in err
    assert out.read_text(encoding="utf-8") == "previous chronology\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.yaml"]


# --- a bug on one document does not cost the rest of the folder --------------------------------


@pytest.mark.parametrize("bad", [3, 20])
def test_extraction_failure_on_one_document_skips_only_that_document(bad: int) -> None:
    import spacy
    from spacy.language import Language

    from timeline.model import Document, DocumentMeta
    from timeline.nlp import register_extensions
    from timeline.pipeline import extract_all

    if "timeline_test_boom" not in Language.factories:

        @Language.component("timeline_test_boom")
        def boom(doc):
            if "BOOM" in doc.text:
                raise ValueError("component exploded")
            return doc

    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("timeline_test_boom")
    documents = [
        Document(DocumentMeta(path=f"{n:02d}.txt"), "BOOM" if n == bad else f"Text {n}.")
        for n in range(24)
    ]
    seen: list[tuple[int, int]] = []
    results, failed = extract_all(nlp, documents, progress=lambda d, t: seen.append((d, t)))
    assert [r.meta.path for r in results] == [
        d.path for d in documents if d.path != f"{bad:02d}.txt"
    ]
    (skipped,) = failed
    assert skipped.path == f"{bad:02d}.txt"
    assert "ValueError: component exploded" in skipped.reason and "bug" in skipped.reason
    assert seen[-1] == (24, 24)
