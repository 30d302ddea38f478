"""Meta-test: every command has --help with an example and is documented in the README."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import ROOT

from timeline.cli import cli

COMMANDS = sorted(cli.commands)
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_there_are_commands():
    assert {"build", "show", "eval"} <= set(COMMANDS)


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_has_an_example_that_runs_the_command(name):
    args = [name, "--help"] if name else ["--help"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert "Example:" in result.output
    after = result.output.split("Example:", 1)[1]
    assert re.search(rf"^\s+timeline {name or ''}", after, flags=re.M)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented_in_readme(name):
    assert f"`timeline {name}" in README


@pytest.mark.parametrize(
    "option",
    [
        "--format",
        "--details",
        "--since",
        "--until",
        "--actor",
        "--type",
        "--status",
        "--min-sources",
        "--min-confidence",
        "--quiet",
        "make golden",
    ],
)
def test_output_options_are_documented_in_readme(option):
    assert option in README
