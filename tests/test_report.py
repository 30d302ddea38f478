"""The build report: one line per skipped file, degraded document and note, then a summary."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from timeline.ingest import Note, Skipped
from timeline.render.report import MAX_NOTES, build_report


def rendered(**kwargs) -> list[str]:
    console = Console(width=80, file=StringIO(), color_system=None)
    for line in build_report(**kwargs):
        console.print(line, soft_wrap=True)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return output.splitlines()


def test_report_lists_every_problem_then_a_summary() -> None:
    lines = rendered(
        documents=3,
        skipped=[Skipped("scan [1].txt", "not a text file (PDF document) though named '.txt'")],
        degraded=[("a.jsonl#2", "published 'soon' is not a date; ignored")],
        notes=[Note("w.txt", "encoding not declared; read as cp1252 (detected)")],
    )
    assert lines == [
        "skipped   scan [1].txt: not a text file (PDF document) though named '.txt'",
        "degraded  a.jsonl#2: published 'soon' is not a date; ignored",
        "note      w.txt: encoding not declared; read as cp1252 (detected)",
        "3 documents read, 1 skipped, 1 degraded",
    ]


def test_report_of_a_clean_build_is_one_line_and_notes_are_capped() -> None:
    assert rendered(documents=1, skipped=[], degraded=[]) == [
        "1 document read, 0 skipped, 0 degraded"
    ]
    notes = [Note(f"{n}.txt", "split") for n in range(MAX_NOTES + 5)]
    lines = rendered(documents=None, skipped=[], degraded=[], notes=notes)
    assert lines[-2:] == ["note      … and 5 more notes", "0 skipped, 0 degraded"]


def test_many_files_of_unsupported_types_are_summed_up() -> None:
    skipped = [Skipped(f"page_files/{n}.js", "unsupported file type '.js'") for n in range(7)]
    skipped += [Skipped("page_files/logo.png", "unsupported file type '.png'")]
    skipped += [Skipped("empty.txt", "empty file")]
    lines = rendered(documents=2, skipped=skipped, degraded=[])
    assert lines == [
        "skipped   empty.txt: empty file",
        "skipped   8 files of unsupported types: .js ×7, .png ×1 (e.g. page_files/0.js)",
        "2 documents read, 9 skipped, 0 degraded",
    ]
