"""A small hand-built chronology for renderer and filter tests.

Invented events between two invented-for-the-test pairings (Chile–Japan, Kenya–Norway) that
cover every case a renderer must handle: each date precision (year, month, day, ranges within a
month, across months and across years, a season), an undated event, planned and proposed
statuses, a disputed date, missing location and actors, and text with characters that mean
something in rich markup, Markdown, HTML, CSV and iCalendar.
"""

from __future__ import annotations

from timeline.model import Dispute, DocumentMeta, Event, Source, Timeline


def _source(doc: str, sentence: str, date: str | None = None) -> Source:
    return Source(
        document=doc,
        sentence=sentence,
        start=0,
        end=len(sentence),
        trigger="visit",
        trigger_start=0,
        trigger_end=5,
        date_text=date,
        date=date,
    )


DOCS = (
    DocumentMeta(
        path="a/santiago-wire.txt",
        title="Chile and Japan [deepen] *ties*",
        outlet="Andes Wire",
        url="https://example.org/news?id=1&lang=en",
        dct="2024-06-20",
        dct_source="manifest",
    ),
    DocumentMeta(path="b/nairobi.md", title=None, outlet=None, dct="2023-02-03", dct_source="text"),
    DocumentMeta(path="c/undated.txt"),
)

EVENTS = (
    Event(
        id="e0year0001",
        date="2019",
        type="agreement",
        status="occurred",
        title="Chile and Japan sign a fisheries accord",
        actors=("Chile", "Japan"),
        location=None,
        confidence=0.6,
        sources=(
            _source(
                "a/santiago-wire.txt",
                "The 2019 fisheries accord; still in force, officials say.",
                "2019",
            ),
        ),
    ),
    Event(
        id="e0season02",
        date="2020-SU",
        type="talks",
        status="occurred",
        title="Kenya and Norway: talks",
        actors=("Kenya", "Norway"),
        location="Oslo",
        confidence=0.5,
        sources=(
            _source("b/nairobi.md", "Talks in Oslo in the summer of 2020 went well.", "2020-SU"),
        ),
    ),
    Event(
        id="e0month003",
        date="2021-03",
        type="call",
        status="occurred",
        title="Gabriel Boric and Fumio Kishida: call",
        actors=("Gabriel Boric", "Fumio Kishida"),
        location=None,
        confidence=0.7,
        sources=(
            _source("a/santiago-wire.txt", "In March 2021 the leaders spoke by phone.", "2021-03"),
            _source("b/nairobi.md", "A call [b]in March 2021[/b] was confirmed.", "2021-03"),
        ),
    ),
    Event(
        id="e0span0004",
        date="2022-12-30/2023-01-02",
        type="summit",
        status="occurred",
        title="Kenya–Norway summit in Mombasa",
        actors=("William Ruto", "Jonas Gahr Støre"),
        location="Mombasa",
        confidence=0.8,
        sources=(
            _source(
                "b/nairobi.md",
                "The summit ran from December 30 to January 2 — “a first”, said Støre.",
                "2022-12-30/2023-01-02",
            ),
        ),
        disputed=(Dispute("2023-01-05", ("c/undated.txt",)),),
    ),
    Event(
        id="e0day00005",
        date="2023-01-30/2023-02-02",
        type="visit",
        status="occurred",
        title="William Ruto visits Oslo",
        actors=("William Ruto", "Norway"),
        location="Oslo",
        confidence=0.9,
        sources=(
            _source(
                "b/nairobi.md",
                "Ruto visited Oslo from Jan. 30 to Feb. 2, 2023.",
                "2023-01-30/2023-02-02",
            ),
        ),
        roles=(("visitor", "William Ruto"),),
    ),
    Event(
        id="e0day00006",
        date="2024-06-18/2024-06-19",
        type="visit",
        status="occurred",
        title="Gabriel Boric visits Japan",
        actors=("Gabriel Boric", "Japan"),
        location="Tokyo",
        confidence=1.0,
        sources=(
            _source(
                "a/santiago-wire.txt",
                "Boric was in Tokyo on June 18-19; he met *business* leaders | investors "
                "& <officials>, with a line\nbreak and a back\\slash.",
                "2024-06-18/2024-06-19",
            ),
            _source(
                "b/nairobi.md",
                "Boric's trip to Japan (June 18–19) ended well.",
                "2024-06-18/2024-06-19",
            ),
        ),
    ),
    Event(
        id="e0plan0007",
        date="2024-11-05",
        type="summit",
        status="planned",
        title="Chile–Japan summit in Santiago",
        actors=("Chile", "Japan"),
        location="Santiago",
        confidence=0.6,
        sources=(
            _source(
                "a/santiago-wire.txt",
                "A summit is planned in Santiago on November 5, 2024.",
                "2024-11-05",
            ),
        ),
    ),
    Event(
        id="e0prop0008",
        date="2025",
        type="invitation",
        status="proposed",
        title="Japan invites Kenya",
        actors=(),
        location=None,
        confidence=0.4,
        sources=(_source("c/undated.txt", "An invitation for 2025 was floated.", "2025"),),
    ),
    Event(
        id="e0undated9",
        date=None,
        type="statement",
        status="occurred",
        title="Unknown parties: statement",
        actors=(),
        location=None,
        confidence=0.3,
        sources=(_source("c/undated.txt", "A statement was issued.", None),),
    ),
)


def sample_timeline() -> Timeline:
    return Timeline(documents=DOCS, events=EVENTS)
