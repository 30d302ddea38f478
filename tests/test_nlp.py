"""Model loading: defaults, a missing model is a one-line error, components are registered."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from timeline.cli import cli
from timeline.errors import ModelNotFound
from timeline.nlp import load_model, resolve_model_name


def test_missing_model_is_a_one_line_error_with_the_install_command() -> None:
    with pytest.raises(ModelNotFound) as error:
        load_model("xx_no_such_model_here")
    message = str(error.value)
    assert "\n" not in message
    assert "pip install" in message


def test_missing_model_on_the_command_line_is_a_usage_error_without_traceback(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("The ministers met in Oslo on 3 May 2021.\n")
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--model", "xx_no_such_model"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "pip install" in result.output


def test_explicit_model_name_wins() -> None:
    assert resolve_model_name("my_model") == "my_model"


@pytest.mark.slow
def test_pipeline_has_the_tool_components_after_the_model(nlp) -> None:
    names = nlp.pipe_names
    assert names[-2:] == ["timeline_timex", "timeline_events"]
    assert "ner" in names and "parser" in names


@pytest.mark.slow
def test_a_full_stop_glued_to_the_next_sentence_ends_the_sentence(nlp) -> None:
    text = "The Vatican announced it on Dec. 1.Francis will travel to Kinshasa on Jan. 31, 2023."
    doc = nlp(text)
    starts = [s.text for s in doc.sents]
    assert starts[-1].startswith("Francis will travel")
    assert doc.text == text  # (offsets are unchanged)
    # Abbreviations, decimals and web names keep their full stops.
    words = [t.text for t in nlp.make_doc("The U.S.Army grew 3.5 percent at No.1 on Amazon.com.")]
    assert {"U.S.Army", "3.5", "No.1", "Amazon.com"} <= set(words)
