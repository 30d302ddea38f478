"""The ``timeline_events`` component's settings and the word lists it reads from data."""

from __future__ import annotations

from dataclasses import asdict

import pytest
import spacy
from thinc.api import ConfigValidationError

from timeline.errors import DataFileError
from timeline.events import EventExtractor, Ontology, Settings, load_ontology
from timeline.model import Document, DocumentMeta
from timeline.nlp import load_pipeline, make_doc, register_extensions


def _component(config: dict[str, object] | None = None) -> EventExtractor:
    register_extensions()
    nlp = spacy.blank("en")
    component = nlp.add_pipe("timeline_events", config=config or {})
    assert isinstance(component, EventExtractor)
    return component


def test_component_defaults_are_the_settings_defaults() -> None:
    assert _component().rules.settings == Settings()


@pytest.mark.parametrize(("key", "value"), [("narrative_span", 0), ("title_lookback", 12)])
def test_a_setting_given_in_the_config_reaches_the_rules(key: str, value: int) -> None:
    settings = _component({key: value}).rules.settings
    assert getattr(settings, key) == value
    others = {k: v for k, v in asdict(settings).items() if k != key}
    assert others == {k: v for k, v in asdict(Settings()).items() if k != key}


def test_a_setting_of_the_wrong_type_is_rejected() -> None:
    with pytest.raises(ConfigValidationError):
        _component({"narrative_span": "five"})


def test_word_lists_are_read_from_the_data_file() -> None:
    ontology = load_ontology()
    assert "say" in ontology.report_verbs
    assert ontology.offices["chancellor"] == "head of government"
    assert ontology.office_modifiers["foreign"] == "foreign minister"
    assert "visit" in ontology.place_types


def test_offices_must_map_words_to_words() -> None:
    with pytest.raises(DataFileError, match="offices"):
        Ontology.from_data({"types": {}, "offices": {"king": ["head of state"]}})
    with pytest.raises(DataFileError, match="title_nouns"):
        Ontology.from_data({"types": {}, "title_nouns": ["king", True]})


@pytest.mark.slow
def test_narrative_span_zero_ends_the_narrative_at_the_next_sentence() -> None:
    text = (
        "Olaf Scholz met Fumio Kishida in Tokyo on April 28, 2022. "
        "Afterwards, Kishida invited Scholz to visit Hiroshima."
    )
    document = Document(DocumentMeta(path="t.txt", dct="2025-03-12", dct_source="option"), text)
    nlp = load_pipeline()
    default = nlp(make_doc(nlp, document))._.timeline_mentions
    nlp.replace_pipe("timeline_events", "timeline_events", config={"narrative_span": 0})
    short = nlp(make_doc(nlp, document))._.timeline_mentions
    invitation = [m for m in default if m.type == "invitation"]
    assert [m.date_source for m in invitation] == ["narrative"]
    assert [m.date_source for m in short if m.type == "invitation"] == ["bound"]
