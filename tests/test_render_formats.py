"""CSV, TimelineJS and iCalendar, each checked with a parser of its real consumers' format."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from timeline_fixture import sample_timeline

from timeline.render.ics import escape_text, fold, to_ics
from timeline.render.tabular import COLUMNS, to_csv
from timeline.render.timelinejs import to_timelinejs


def test_csv_has_one_row_per_event_and_round_trips():
    text = to_csv(sample_timeline())
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(sample_timeline().events)
    visit = rows[5]
    assert visit["date"] == "2024-06-18/2024-06-19"
    assert (visit["start"], visit["end"], visit["precision"]) == (
        "2024-06-18",
        "2024-06-19",
        "range",
    )
    assert visit["actors"] == "Gabriel Boric; Japan"
    assert visit["sources"] == "2"
    assert "line break and a back\\slash" in visit["evidence"]
    assert rows[3]["disputed"] == "2023-01-05"
    assert rows[8]["date"] == "" and rows[8]["date_label"] == "undated"
    assert text.endswith("\r\n") and "\r\n" in text


def test_timelinejs_dates_have_only_the_parts_the_date_has():
    data = json.loads(to_timelinejs(sample_timeline()))
    assert data["title"]["text"]["headline"] == "Chronology"
    events = data["events"]
    assert len(events) == len(sample_timeline().events) - 1  # the undated one cannot be placed
    by_id = {e["unique_id"]: e for e in events}
    assert by_id["event-e0year0001"]["start_date"] == {"year": "2019"}
    assert by_id["event-e0month003"]["start_date"] == {"year": "2021", "month": "3"}
    visit = by_id["event-e0day00006"]
    assert visit["start_date"] == {"year": "2024", "month": "6", "day": "18"}
    assert visit["end_date"] == {"year": "2024", "month": "6", "day": "19"}
    assert visit["display_date"] == "Jun 18–19, 2024"
    assert visit["group"] == "visit"
    assert visit["text"]["headline"] == "Gabriel Boric visits Japan"
    assert "&amp; &lt;officials&gt;" in visit["text"]["text"]
    assert (
        "<cite>Chile and Japan [deepen] *ties*, Andes Wire, 2024-06-20</cite>"
        in (visit["text"]["text"])
    )
    season = by_id["event-e0season02"]
    assert season["start_date"] == {"year": "2020", "month": "6"}
    assert season["end_date"] == {"year": "2020", "month": "8"}
    for event in events:
        for key in ("start_date", "end_date"):
            for part in event.get(key, {}).values():
                assert part.isdigit()


def _calendar():
    return icalendar.Calendar.from_ical(to_ics(sample_timeline()))


def test_ics_parses_and_gives_all_day_events_at_their_precision():
    events = {str(e["UID"]): e for e in _calendar().walk("VEVENT")}
    assert len(events) == len(sample_timeline().events) - 1

    def span(uid: str) -> tuple[date, date]:
        event = events[f"{uid}@timeline"]
        return event["DTSTART"].dt, event["DTEND"].dt

    assert span("e0day00006") == (date(2024, 6, 18), date(2024, 6, 20))  # DTEND exclusive
    assert span("e0month003") == (date(2021, 3, 1), date(2021, 4, 1))  # a month spans the month
    assert span("e0year0001") == (date(2019, 1, 1), date(2020, 1, 1))
    assert span("e0plan0007") == (date(2024, 11, 5), date(2024, 11, 6))
    assert str(events["e0plan0007@timeline"]["STATUS"]) == "TENTATIVE"
    visit = events["e0day00006@timeline"]
    assert str(visit["LOCATION"]) == "Tokyo"
    assert "he met *business* leaders | investors & <officials>" in str(visit["DESCRIPTION"])
    assert "June 18-19; he met" in str(visit["DESCRIPTION"])


def test_ics_lines_are_crlf_folded_and_stamped_from_the_data():
    text = to_ics(sample_timeline())
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "DTSTAMP:20240620T000000Z" in text  # the latest document date, not the clock
    assert text == to_ics(sample_timeline())


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("a,b;c\\d", "a\\,b\\;c\\\\d"), ("one\ntwo", "one\\ntwo"), ("x\r\ny", "x\\ny")],
)
def test_ics_escapes_text_values(raw, escaped):
    assert escape_text(raw) == escaped


def test_ics_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "é" * 100 + "€" * 30
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(p.encode("utf-8")) <= (75 if i == 0 else 74) for i, p in enumerate(parts))


def test_timelinejs_slides_pass_the_checks_timelinejs_makes_on_load():
    data = json.loads(to_timelinejs(sample_timeline()))
    ids = [e["unique_id"] for e in data["events"]]
    assert len(set(ids)) == len(ids) and "chronology" not in ids  # the title's slug
    for event in data["events"]:
        assert event["start_date"]["year"]
        assert event.get("end_date") != event["start_date"]
        assert isinstance(event["group"], str) and "<" not in event["display_date"]


def test_timelinejs_refuses_a_chronology_without_dated_events():
    from dataclasses import replace

    from timeline.errors import TimelineError

    undated = replace(sample_timeline(), events=sample_timeline().events[-1:])
    with pytest.raises(TimelineError, match="TimelineJS needs at least one dated event"):
        to_timelinejs(undated)


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=200
)


@given(_TEXT)
def test_ics_text_survives_escaping_and_folding(title):
    from dataclasses import replace

    timeline = sample_timeline()
    event = replace(timeline.events[0], title=title)
    text = to_ics(replace(timeline, events=(event,)))
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    parsed = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    assert str(parsed["SUMMARY"]) == title
