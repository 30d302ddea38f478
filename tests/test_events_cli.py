"""``timeline inspect``: sentences with their event mentions, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import cli


@pytest.mark.slow
def test_inspect_prints_mentions_with_their_arguments(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_text(
        "Background.\n\nIn May 2022, Chancellor Olaf Scholz met Fumio Kishida in Tokyo.\n",
        encoding="utf-8",
    )
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, ["inspect", str(article), "--published", "2022-05-30"]
    )
    assert result.exit_code == 0, result.output
    assert "'met' meeting [occurred]" in result.output
    assert "Olaf Scholz, Fumio Kishida" in result.output
    assert "place: Tokyo" in result.output
    assert "2022-05" in result.output


@pytest.mark.slow
def test_inspect_events_only_hides_other_sentences(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_text("Nothing here.\n\nIn 2019, Modi visited Paris.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(article), "--events-only"])
    assert result.exit_code == 0, result.output
    assert "Nothing here" not in result.output
    assert "visited" in result.output


def test_inspect_rejects_a_bad_date(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_text("Text.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(article), "--published", "soon"])
    assert result.exit_code != 0
    assert "soon" in result.output
