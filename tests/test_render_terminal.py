"""The terminal view: layout at every width, precision, status, details, plain text."""

from __future__ import annotations

from io import StringIO

import pytest
from rich.console import Console
from timeline_fixture import sample_timeline

from timeline.model import Timeline
from timeline.registry import event_type
from timeline.render.terminal import RAIL, timeline_view


def _render(timeline: Timeline, width: int, **options) -> str:
    console = Console(width=width, file=StringIO(), color_system=None)
    console.print(timeline_view(timeline, **options))
    return console.file.getvalue()


@pytest.mark.parametrize("width", [60, 72, 80, 100, 120, 160, 200])
@pytest.mark.parametrize("details", [False, True])
def test_view_fits_the_width_and_keeps_the_rail_on_wrapped_lines(width, details):
    text = _render(sample_timeline(), width, details=details)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    rail_column = {line.index(RAIL) for line in lines if RAIL in line}
    assert len(rail_column) == 1  # one straight vertical line, wrapped text included
    column = rail_column.pop()
    entry_lines = [line for line in lines if len(line) > column and line[column] == RAIL]
    assert len(entry_lines) > 20
    assert "Gabriel Boric visits Japan" in " ".join(text.split())


def test_view_groups_by_year_then_month_and_shows_precision():
    text = _render(sample_timeline(), 100)
    years = [line.split()[0] for line in text.splitlines() if line.endswith("─")]
    assert years == ["2019", "2020", "2021", "2022", "2023", "2024", "2025", "undated"]
    for label in ("Jun 18–19, 2024", "Mar 2021", "2019", "Summer 2020", "Jan 30 – Feb 2, 2023"):
        assert f"{label} {RAIL}" in text
    assert f"June {RAIL}" in text and f"March {RAIL}" in text


def test_view_marks_type_status_sources_and_disputes():
    text = _render(sample_timeline(), 120)
    assert f"{event_type('summit').symbol} summit  Chile–Japan summit in Santiago" in text
    assert "[planned]" in text and "[proposed]" in text
    assert "William Ruto, Jonas Gahr Støre · in Mombasa · 1 source" in text
    assert "2 sources" in text
    assert "date disputed: also Jan 5, 2023" in text
    assert text.rstrip().endswith("9 events · 3 documents · 2019–2025")


def test_details_quote_evidence_and_name_documents_without_reading_markup():
    text = _render(sample_timeline(), 200, details=True)
    assert "▸ b/nairobi.md, 2023-02-03" in text
    assert "  “A call [b]in March 2021[/b] was confirmed.”" in text
    assert "▸ Chile and Japan [deepen] *ties*, Andes Wire, 2024-06-20" in text
    # each document is named once per event, its sentences beneath it
    boric = text.split("Gabriel Boric visits Japan")[1].split("Nov 5, 2024")[0]
    assert boric.count("▸") == 2
    plain = _render(sample_timeline(), 200)
    assert "A call" not in plain


def test_planned_events_are_styled_differently_when_coloured():
    console = Console(width=100, file=StringIO(), color_system="truecolor", force_terminal=True)
    console.print(timeline_view(sample_timeline()))
    coloured = console.file.getvalue()
    planned = next(line for line in coloured.splitlines() if "Nov 5, 2024" in line)
    occurred = next(line for line in coloured.splitlines() if "Jun 18–19, 2024" in line)
    assert "\x1b[3" in planned  # italic date
    assert planned.split("Nov 5, 2024")[0] != occurred.split("Jun 18–19, 2024")[0]


def test_empty_chronology_says_so():
    text = _render(Timeline(documents=(), events=()), 80, total_events=3)
    assert "No events match." in text
    assert "0 of 3 events · 0 documents" in text


def test_no_color_environment_gives_plain_text(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    console = Console(width=80, file=StringIO(), force_terminal=True)
    console.print(timeline_view(sample_timeline()))
    text = console.file.getvalue()
    assert "\x1b[3" not in text.replace("\x1b[3m", "")  # no foreground colours


@pytest.mark.parametrize("width", [60, 80, 160, 200])
def test_sample_corpus_snapshot_fits_every_width(width):
    from golden_cases import SNAPSHOT

    from timeline.render.serial import read_timeline

    text = _render(read_timeline(SNAPSHOT), width, details=True)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert len({line.index(RAIL) for line in lines if RAIL in line}) == 1
    assert all(line == line.rstrip() for line in lines)
