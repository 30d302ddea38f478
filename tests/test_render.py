"""The renderer registry, date labels, plain-text rendering and atomic writing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from timeline_fixture import sample_timeline

from timeline.errors import TimelineError
from timeline.render import TEXT_FORMATS, format_for, render, render_text, write_atomic
from timeline.render.labels import date_label, summary, year_span


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("2019", "2019"),
        ("2000-07", "Jul 2000"),
        ("2023-09-13", "Sep 13, 2023"),
        ("2024-06-18/2024-06-19", "Jun 18–19, 2024"),
        ("2023-01-30/2023-02-02", "Jan 30 – Feb 2, 2023"),
        ("2022-12-30/2023-01-02", "Dec 30, 2022 – Jan 2, 2023"),
        ("2021-03/2021-05", "Mar 2021 – May 2021"),
        ("2020-SU", "Summer 2020"),
        ("2024-Q3", "Q3 2024"),
        ("2024-W25", "week 25, 2024"),
        ("199X", "1990s"),
        (None, "undated"),
        ("PRESENT_REF", "PRESENT_REF"),
    ],
)
def test_date_label_shows_exactly_the_precision_the_date_has(value, label):
    assert date_label(value) == label


def test_summary_counts_events_documents_and_years():
    timeline = sample_timeline()
    assert summary(timeline) == "9 events · 3 documents · 2019–2025"
    assert summary(timeline, total_events=12) == "9 of 12 events · 3 documents · 2019–2025"
    assert year_span(()) is None


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_format_is_byte_identical_for_identical_input(fmt):
    assert render(sample_timeline(), fmt) == render(sample_timeline(), fmt)


def test_unknown_format_names_the_choices():
    with pytest.raises(TimelineError, match="choose one of terminal, yaml"):
        render(sample_timeline(), "pdf")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("out/chronology.md", "markdown"),
        ("x.YAML", "yaml"),
        ("x.yml", "yaml"),
        ("x.json", "json"),
        ("x.timelinejs.json", "timelinejs"),
        ("x.csv", "csv"),
        ("x.ics", "ics"),
        ("x.txt", "terminal"),
        ("x.pdf", None),
    ],
)
def test_output_extension_chooses_the_format(name, fmt):
    assert format_for(name) == fmt


def test_plain_text_has_no_trailing_spaces_or_escape_codes():
    text = render_text(sample_timeline(), width=70, details=True)
    assert "\x1b[" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert max(len(line) for line in text.splitlines()) <= 70


def test_write_atomic_creates_parent_folders_and_readable_file(tmp_path: Path):
    target = tmp_path / "new" / "deeper" / "out.txt"
    write_atomic(target, "one\r\ntwo\n")
    assert target.read_bytes() == b"one\r\ntwo\n"
    mode = stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path: Path):
    target = tmp_path / "out.txt"
    target.write_text("old")

    class Boom(str):
        pass

    with pytest.raises(TypeError):
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
