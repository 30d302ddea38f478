"""The HTML page as text: self-contained, data embedded inertly, marks placed on the evidence.

What the page does in a browser is tested in ``test_browser.py``; here, what can be checked
without one: no external reference, the Content-Security-Policy's hashes match the inline
style and script, the embedded JSON survives any document text and parses back to it, and
the offsets of trigger and date words.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace

import pytest
from timeline_fixture import sample_timeline

from timeline.model import Source
from timeline.registry import event_types
from timeline.render import format_for
from timeline.render.html import (
    evidence_marks,
    page_colours,
    page_data,
    script_json,
    to_html,
    type_styles,
)

HOSTILE = (
    "</script><script>window.pwned = 1</script><!-- <img src=x onerror=alert(1)> "
    "& &amp; \u2028line\u2029para <\\/script>"
)


def _hostile_timeline():
    timeline = sample_timeline()
    first = timeline.events[0]
    source = replace(first.sources[0], sentence=HOSTILE)
    event = replace(first, title="<b>bold</b> & co", sources=(source,))
    return replace(timeline, events=(event, *timeline.events[1:]))


def _embedded(page: str) -> str:
    match = re.search(
        r'<script type="application/json" id="timeline-data">(.*?)</script>', page, re.S
    )
    assert match is not None
    return match.group(1)


def test_page_embeds_document_text_so_that_it_cannot_close_the_script_element():
    page = to_html(_hostile_timeline())
    data = _embedded(page)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in data
    assert page.count("</script>") == 2  # the data element's and the code's, nothing else
    parsed = json.loads(data)
    assert parsed["events"][0]["evidence"][0][1] == HOSTILE
    assert parsed["events"][0]["title"] == "<b>bold</b> & co"


def test_script_json_round_trips_any_text():
    value = {"a": ["</SCRIPT >", "<!--", "]]>", "\u2028\u2029", "&lt;", "é ø 漢"]}
    assert json.loads(script_json(value)) == value


def test_page_requests_nothing_and_its_policy_allows_only_its_own_code():
    page = to_html(sample_timeline())
    assert not re.search(r"\b(src|href)\s*=\s*(?![\"']?data:)", page.split("<script>")[0])
    assert "@import" not in page and "url(" not in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    assert "default-src 'none'" in policy.group(1)

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    style = re.search(r"<style>(.*?)</style>", page, re.S)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert style is not None and script is not None
    assert f"style-src 'sha256-{digest(style.group(1))}'" in policy.group(1)
    assert f"script-src 'sha256-{digest(script.group(1))}'" in policy.group(1)


def test_page_is_byte_identical_for_identical_input():
    assert to_html(sample_timeline()) == to_html(sample_timeline())


def test_only_web_links_are_kept_for_documents():
    timeline = sample_timeline()
    bad = replace(timeline.documents[0], url="javascript:alert(1)")
    data = page_data(replace(timeline, documents=(bad, *timeline.documents[1:])))
    assert data["documents"][0]["url"] is None
    assert page_data(timeline)["documents"][0]["url"] == "https://example.org/news?id=1&lang=en"


def test_type_styles_take_symbols_and_colours_from_the_type_registry():
    styles = type_styles()
    assert list(styles) == list(event_types())
    for name, style in styles.items():
        assert style.symbol == event_types()[name].symbol
        assert re.fullmatch(r"#[0-9a-f]{6}", style.light) and re.fullmatch(
            r"#[0-9a-f]{6}", style.dark
        )
    assert len({s.light for s in styles.values()}) >= 8  # types are told apart by colour


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cyan", ("#007c89", "#4dd0e1")),
        ("bright_red", ("#ff0000", "#ff0000")),  # any colour rich knows
        ("#123abc", ("#123abc", "#123abc")),
        ("no-such-colour", ("#616161", "#bdbdbd")),  # grey
    ],
)
def test_page_colours_of_registry_colour_names(name, expected):
    assert page_colours(name) == expected


def _source(sentence: str, trigger: str, at: int, date_text: str | None) -> Source:
    return Source(
        document="d.txt",
        sentence=sentence,
        start=500,
        end=500 + len(sentence),
        trigger=trigger,
        trigger_start=500 + at,
        trigger_end=500 + at + len(trigger),
        date_text=date_text,
    )


@pytest.mark.parametrize(
    ("sentence", "trigger", "at", "date_text", "expected"),
    [
        (
            "On 3 May the envoy will visit Lima.",
            "visit",
            24,
            "3 May",
            [("3 May", "d"), ("visit", "t")],
        ),
        # offsets that do not fall inside the sentence: the trigger's first occurrence
        ("The visit ended on Friday.", "visit", 400, "Friday", [("visit", "t"), ("Friday", "d")]),
        # a compound date text: each part found is marked, in sentence order
        (
            "Last year we marked 40 years of relations.",
            "relations",
            32,
            "40 years (Last year)",
            [("Last year", "d"), ("40 years", "d"), ("relations", "t")],
        ),
        # a date text that overlaps the trigger is not marked twice
        ("They met in June.", "met", 5, "met in June", [("met", "t")]),
        ("Talks were held.", "talks", 0, None, [("Talks", "t")]),
        # offsets inside the sentence that spell another word: the trigger is searched for
        ("We will visit Rome.", "visit", 3, None, [("visit", "t")]),
    ],
)
def test_evidence_marks_place_trigger_and_date_words(sentence, trigger, at, date_text, expected):
    marks = evidence_marks(_source(sentence, trigger, at, date_text))
    assert [(sentence[a:b], kind) for a, b, kind in marks] == expected


def test_page_data_groups_events_by_year_and_month_with_labels():
    events = {e["id"]: e for e in page_data(sample_timeline())["events"]}
    assert events["e0year0001"]["group"] == ["2019", None]
    assert events["e0month003"]["group"] == ["2021", "March"]
    assert events["e0span0004"]["disputed"] == ["Jan 5, 2023"]
    assert events["e0undated9"]["group"] == ["undated", None]
    assert events["e0undated9"]["start"] is None


def test_page_data_lists_gazetteer_aliases_of_the_actors():
    timeline = sample_timeline()
    event = replace(timeline.events[0], actors=("North Korea", "Chile"))
    aliases = page_data(replace(timeline, events=(event,)))["aliases"]
    assert "dprk" in aliases["North Korea"]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a/chronology.html", "html"), ("x.HTM", "html"), ("c.db", "sqlite"), ("c.sqlite", "sqlite")],
)
def test_output_extension_chooses_html_and_sqlite(name, fmt):
    assert format_for(name) == fmt
