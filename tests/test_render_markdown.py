"""Markdown: year headings, one bullet per event, footnotes that quote and name the source."""

from __future__ import annotations

import html as htmlmod
import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from timeline_fixture import sample_timeline

from timeline.render.markdown import escape_markdown, to_markdown


def _html(text: str) -> str:
    return (
        MarkdownIt("commonmark")
        .enable("table")
        .enable("strikethrough")
        .use(footnote_plugin)
        .render(text)
    )


def test_headings_per_year_and_one_bullet_per_event():
    text = to_markdown(sample_timeline())
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == ["2019", "2020", "2021", "2022", "2023", "2024", "2025", "Undated"]
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(sample_timeline().events)
    assert bullets[5].startswith("- **Jun 18–19, 2024** · visit · Gabriel Boric visits Japan")
    assert "**planned**" in bullets[6]


def test_every_footnote_reference_resolves_and_each_sentence_is_quoted_once():
    text = to_markdown(sample_timeline())
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    defs = re.findall(r"^\[\^(\d+)\]:", text, flags=re.M)
    assert refs == set(defs)
    assert len(defs) == len(set(defs)) == sum(len(e.sources) for e in sample_timeline().events)
    html = _html(text)
    assert html.count('class="footnote-ref"') == len(defs)
    assert html.count('class="footnote-item"') == len(defs)


def test_footnote_names_title_outlet_date_and_url():
    text = to_markdown(sample_timeline())
    note = next(line for line in text.splitlines() if "leaders spoke by phone" in line)
    assert note.endswith(
        "— *Chile and Japan \\[deepen\\] \\*ties\\**, Andes Wire, 2024-06-20, "
        "<https://example.org/news?id=1&lang=en> (`a/santiago-wire.txt`)"
    )
    bare = next(line for line in text.splitlines() if "A statement was issued" in line)
    assert bare.endswith("— `c/undated.txt`")


def test_special_characters_in_quotes_stay_literal_when_rendered():
    html = _html(to_markdown(sample_timeline()))
    assert "he met *business* leaders | investors &amp; &lt;officials&gt;" in html
    assert "back\\slash" in html
    assert "<em>business</em>" not in html and "<officials>" not in html
    assert "[b]in March 2021[/b]" in html


def test_escape_markdown_collapses_whitespace():
    assert escape_markdown("a\n  b_c") == "a b\\_c"


def test_a_sentence_cited_by_two_events_gets_one_footnote():
    from dataclasses import replace

    timeline = sample_timeline()
    shared = timeline.events[5].sources[0]
    events = list(timeline.events)
    events[6] = replace(events[6], sources=(shared, *events[6].sources))
    text = to_markdown(replace(timeline, events=tuple(events)))
    note = next(line for line in text.splitlines() if "Boric was in Tokyo" in line)
    number = note.split("]", 1)[0] + "]"
    assert sum(line.count(number) for line in text.splitlines() if line.startswith("- ")) == 2


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=80))
def test_escaped_text_renders_as_itself(text):
    html = (
        MarkdownIt("commonmark")
        .enable("table")
        .enable("strikethrough")
        .render("x " + escape_markdown(text))
    )
    shown = htmlmod.unescape(re.sub(r"<[^>]+>", "", html)).strip()
    assert shown == ("x " + " ".join(text.split())).strip()
