"""The command line end to end: build on the sample corpus, show, formats, filters, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from golden_cases import SNAPSHOT

from timeline.cli import cli
from timeline.render import TEXT_FORMATS


def _run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_dir) -> Path:
    out = tmp_path_factory.mktemp("build") / "nested" / "seeds.yaml"
    result = _run("build", sample_dir, "--quiet", "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_build_prints_a_plain_timeline_when_not_a_terminal(sample_dir):
    result = _run("build", sample_dir, "--quiet")
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    assert "│" in result.output
    assert " events · 5 documents · " in result.output.splitlines()[-1]
    assert result.stderr == ""


@pytest.mark.slow
def test_build_writes_the_format_the_extension_names_and_creates_folders(built):
    text = built.read_text(encoding="utf-8")
    assert text.startswith("schema: timeline/1\n")


@pytest.mark.slow
def test_build_output_is_byte_identical_between_runs(built, sample_dir, tmp_path):
    again = tmp_path / "again.yaml"
    assert _run("build", sample_dir, "-q", "--format", "yaml", "-o", again).exit_code == 0
    assert again.read_bytes() == built.read_bytes()


@pytest.mark.slow
def test_build_applies_filters(sample_dir):
    result = _run(
        "build", sample_dir, "-q", "--format", "csv", "--since", "2023", "--type", "visit"
    )
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[1:]
    assert rows and all(",visit," in row for row in rows)
    assert all(row.split(",")[3] >= "2023" or row.split(",")[4] >= "2023" for row in rows)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_show_converts_a_saved_chronology_to_every_format(fmt):
    result = _run("show", SNAPSHOT, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.output == _run("show", SNAPSHOT, "--format", fmt).output


def test_show_writes_ics_by_extension(tmp_path):
    target = tmp_path / "a" / "b" / "seeds.ics"
    result = _run("show", SNAPSHOT, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_explicit_format_wins_over_extension(tmp_path):
    target = tmp_path / "seeds.txt"
    assert _run("show", SNAPSHOT, "--format", "json", "-o", target).exit_code == 0
    assert target.read_text().startswith("{")


def test_show_filters_and_says_how_many_were_kept():
    result = _run("show", SNAPSHOT, "--since", "2024", "--details")
    assert result.exit_code == 0, result.output
    assert " of " in result.output.splitlines()[-1]
    assert "“" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--since", "2024-13"],
            "--since: '2024-13' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (["--type", "visits"], "--type: 'visits' is not known; did you mean 'visit'?"),
        (["--until", "2020", "--since", "2021"], "--until 2020 is before --since 2021"),
    ],
)
def test_usage_mistakes_exit_2_with_one_line(args, message, sample_dir):
    for command in (["show", str(SNAPSHOT)], ["build", str(sample_dir)]):
        result = _run(*command, *args)
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0]


def test_missing_file_is_a_failure_not_a_traceback(tmp_path):
    result = _run("show", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert "nope.yaml: cannot be read" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_show_rejects_a_file_that_is_not_a_chronology(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("a: 1\n")
    result = _run("show", other)
    assert result.exit_code == 1
    assert "not a saved chronology" in result.stderr


def test_bad_published_date_is_a_usage_error(sample_dir):
    result = _run("build", sample_dir, "--published", "2024-99")
    assert result.exit_code == 2
    assert "--published: '2024-99' is not a date" in result.stderr


def test_json_chronology_converts_back_to_the_same_yaml():
    result = _run("show", SNAPSHOT.parent / "seeds.json", "--format", "yaml")
    assert result.exit_code == 0, result.output
    assert result.output == SNAPSHOT.read_text(encoding="utf-8")


def test_progress_bar_shows_documents_rate_and_only_for_bigger_builds():
    from io import StringIO

    from rich.console import Console

    from timeline.cli import _Progress

    def shown(total: int) -> str:
        console = Console(file=StringIO(), force_terminal=True, width=100, color_system=None)
        progress = _Progress(console)
        for done in range(1, total + 1):
            progress(done, total)
        progress.stop()
        return console.file.getvalue()

    assert shown(3) == ""
    text = shown(12)
    assert "extracting" in text and "/12 documents" in text


def test_no_color_gives_plain_text_even_on_a_terminal(monkeypatch):
    from timeline.cli import _stdout

    monkeypatch.setenv("NO_COLOR", "1")
    assert _stdout().color_system is None
    monkeypatch.setenv("NO_COLOR", "")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert _stdout().color_system is not None
