"""The HTML page in a real browser: Debian's Chromium, headless, driven by Playwright.

Every request the page makes is intercepted (see ``browser_pages.open_page``): the tests
assert that none is made besides the page's own file, and that the console stays free of
errors. Pages are the sample corpus's chronology, a hand-built one carrying hostile text,
and a synthetic chronology of 10,000 events.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from browser_pages import PHONE, chromium, chromium_path, open_page, synthetic_timeline
from conftest import ROOT
from timeline_fixture import sample_timeline

from timeline.render.html import to_html
from timeline.render.serial import read_timeline

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        chromium_path() is None,
        reason="no Chromium on this machine: apt-get install chromium (.ci/run does)",
    ),
]

SNAPSHOT = ROOT / "tests" / "golden" / "seeds.timeline.yaml"
INJECTED = (
    'Talks ended. <script>window.pwned = "script"</script>'
    '<img src="x.png" onerror="window.pwned = \'img\'"> </script><b>bold</b>'
)


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright", reason="playwright is not installed (pip install -e .[dev])")
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    timeline = sample_timeline()
    first = timeline.events[0]
    hostile = replace(
        first,
        title='<img src="y.png" onerror="window.pwned = \'title\'">',
        actors=("<i>Chile</i>", "Japan"),
        sources=(replace(first.sources[0], sentence=INJECTED),),
    )
    documents = (
        replace(timeline.documents[0], title="<script>window.pwned = 'doc'</script>"),
        *timeline.documents[1:],
    )
    chronologies = {
        "seeds": read_timeline(SNAPSHOT),
        "hostile": replace(timeline, documents=documents, events=(hostile, *timeline.events[1:])),
        "synthetic": synthetic_timeline(10_000),
    }
    paths = {}
    for name, chronology in chronologies.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(to_html(chronology, aliases=None), encoding="utf-8")
    return paths


def _visible_count(page) -> int:
    return page.locator(".event").count()


def _assert_clean(log) -> None:
    assert log.requests == []
    assert log.errors == []


def test_sample_page_loads_with_no_request_and_no_error(browser, pages):
    page, log = open_page(browser, pages["seeds"])
    events = len(read_timeline(SNAPSHOT).events)
    assert _visible_count(page) == events
    assert page.locator("#count").text_content() == f"{events} events"
    years = page.locator("h2.year").all_text_contents()
    assert years == sorted(set(years)) and "2024" in years
    assert page.locator("#overview").is_visible()
    _assert_clean(log)
    page.context.close()


def test_filtering_by_actor_alias_and_by_year_changes_what_is_shown(browser, pages):
    page, log = open_page(browser, pages["seeds"])
    everything = _visible_count(page)
    page.fill("#f-actor", "shoigu")
    page.wait_for_function("n => document.querySelectorAll('.event').length < n", arg=everything)
    actors = page.locator(".event .actors").all_text_contents()
    assert actors and all("Sergei Shoigu" in a for a in actors)
    assert "actor=shoigu" in page.evaluate("location.hash")

    page.fill("#f-actor", "")
    page.fill("#f-from", "2024")
    page.fill("#f-to", "2024")
    page.wait_for_function("() => location.hash.includes('to=2024')")
    assert page.locator("h2.year").all_text_contents() == ["2024"]
    shown = _visible_count(page)
    assert 0 < shown < everything
    assert page.locator("#count").text_content().startswith(f"{shown} of {everything}")
    _assert_clean(log)
    page.context.close()


def test_the_url_hash_restores_a_filtered_view_and_an_open_event(browser, pages):
    event = next(
        e for e in read_timeline(SNAPSHOT).events if e.type == "visit" and "North Korea" in e.actors
    )
    page, log = open_page(browser, pages["seeds"], hash=f"actor=dprk&type=visit&event={event.id}")
    assert page.locator("#f-actor").input_value() == "dprk"
    assert page.locator("#f-types input[value=visit]").is_checked()
    types = set(page.locator(".event .type").all_text_contents())
    assert types == {"visit"}
    # "dprk" is an alias of North Korea in the gazetteer: its events are kept
    assert all("North Korea" in a for a in page.locator(".event .actors").all_text_contents())
    opened = page.locator(f"#event-{event.id} .evidence")
    assert opened.is_visible()
    _assert_clean(log)
    page.context.close()


def test_expanding_an_event_quotes_its_evidence_with_trigger_and_date_marked(browser, pages):
    timeline = read_timeline(SNAPSHOT)
    event = next(e for e in timeline.events if e.sources[0].date_text)
    page, log = open_page(browser, pages["seeds"])
    item = page.locator(f"#event-{event.id}")
    assert item.locator(".evidence").count() == 0  # built on demand
    item.locator(".head").click()
    evidence = item.locator(".evidence")
    assert evidence.is_visible()
    assert item.locator(".head").get_attribute("aria-expanded") == "true"
    source = event.sources[0]
    assert source.trigger in item.locator("mark.t").all_text_contents()
    assert item.locator("mark.d").count() >= 1
    assert " ".join(source.sentence.split())[:40] in " ".join(evidence.inner_text().split())
    item.locator(".head").click()
    assert not evidence.is_visible()
    _assert_clean(log)
    page.context.close()


def test_keyboard_moves_between_events_and_opens_one(browser, pages):
    page, log = open_page(browser, pages["seeds"])
    page.keyboard.press("j")
    page.keyboard.press("j")
    focused = page.evaluate("document.activeElement.closest('.event').id")
    assert focused == page.locator(".event").nth(1).get_attribute("id")
    page.keyboard.press("Enter")
    assert page.locator(f"#{focused} .evidence").is_visible()
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.closest('.event').id") != focused
    group = "document.activeElement.closest('.events').previousElementSibling.textContent"
    before = page.evaluate(group)
    page.keyboard.press("n")  # the next month or year
    after = page.evaluate(group)
    assert after != before
    page.keyboard.press("p")
    assert page.evaluate(group) == before
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-q"
    _assert_clean(log)
    page.context.close()


def test_injected_markup_in_documents_stays_text(browser, pages):
    page, log = open_page(browser, pages["hostile"])
    page.locator(".event .head").first.click()
    assert page.evaluate("window.pwned") is None
    assert page.locator(".event script, .event img, .event b, .event i").count() == 0
    text = page.locator(".event").first.inner_text()
    assert '<script>window.pwned = "script"</script>' in text
    assert '<img src="y.png"' in text and "<i>Chile</i>" in text
    assert "<script>window.pwned = 'doc'</script>" in text
    _assert_clean(log)  # an <img> that became markup would have requested x.png
    page.context.close()


def test_phone_width_has_no_horizontal_scroll(browser, pages):
    page, log = open_page(browser, pages["seeds"], viewport=PHONE)
    page.locator(".event .head").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("#filters").get_attribute("open") is None  # folded away on a phone
    _assert_clean(log)
    page.context.close()


def test_ten_thousand_events_render_lazily_and_filter(browser, pages):
    page, log = open_page(browser, pages["synthetic"])
    assert page.locator("#count").text_content() == "10000 events"
    first = _visible_count(page)
    assert 0 < first < 1000  # only the first chunks are in the page
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("n => document.querySelectorAll('.event').length > n", arg=first)
    page.fill("#f-from", "2001")
    page.fill("#f-to", "2001")
    page.wait_for_function("() => location.hash.includes('to=2001')")
    assert page.locator("h2.year").all_text_contents() == ["2001"]
    assert page.locator("#count").text_content().endswith("of 10000 events shown")
    page.keyboard.press("Escape")  # from the field
    page.keyboard.press("Escape")  # clears the filters
    page.wait_for_function("() => document.getElementById('count').textContent === '10000 events'")
    _assert_clean(log)
    page.context.close()


def test_overview_strip_jumps_to_the_events_of_a_period(browser, pages):
    page, log = open_page(browser, pages["synthetic"])
    box = page.locator("#overview").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    focused = page.evaluate("document.activeElement.closest('.event') !== null")
    assert focused
    year = page.evaluate(
        "parseInt(document.activeElement.closest('.event').querySelector('.when').textContent"
        ".match(/\\d{4}/)[0])"
    )
    assert year == 2024
    _assert_clean(log)
    page.context.close()


def test_dark_scheme_and_print_stylesheet(browser, pages):
    page, log = open_page(browser, pages["seeds"])
    background = "getComputedStyle(document.documentElement).backgroundColor"
    light = page.evaluate(background)
    page.keyboard.press("t")  # automatic -> light
    page.keyboard.press("t")  # light -> dark
    assert page.evaluate("document.documentElement.dataset.scheme") == "dark"
    assert page.evaluate(background) != light
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert not page.locator("#overview").is_visible()
    assert page.locator(".event").first.is_visible()
    _assert_clean(log)
    page.context.close()


def test_printing_puts_every_event_of_a_long_chronology_in_the_page(browser, pages):
    page, log = open_page(browser, pages["synthetic"], hash="from=2010&to=2014")
    shown = int(page.locator("#count").text_content().split()[0])
    assert page.locator(".event").count() < shown
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".event").count() == shown
    _assert_clean(log)
    page.context.close()
