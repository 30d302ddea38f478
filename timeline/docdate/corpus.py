"""Document dates from the corpus: what the other documents tell about a document's date.

Two steps of ``build`` use them, both only for documents that state no date of their own:

- :func:`corpus_hint`, the collection's date, is a hint for the date inference from the text
  (``DocumentMeta.dct_hint``, see :func:`timeline.docdate.infer.infer_dct`);
- :func:`dates_from_other_documents` dates a document whose own date is only a guess by the
  events it reports as happening now ("this visit", "the current talks") when documents with
  a day date report the same event on a day near the collection's date; the document is then
  extracted again with that date (source ``corpus``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

from ..model import DocResult
from ..registry import family

# How a document date was found: stated by the corpus or the document, or only guessed.
STATED_DCT_SOURCES = ("manifest", "front-matter", "option", "text")
GUESSED_DCT_SOURCES = ("inferred", "none")
# An event dated by other documents must lie this close to the collection's date to date a
# document (an old event with the same actors and place says nothing about today).
WINDOW_DAYS = 366


def corpus_hint(results: Iterable[DocResult]) -> str | None:
    """The date of the collection: the latest date the documents state themselves (manifest,
    front matter, dateline, ``--published``), or ``None`` when no document states one.

    A document that states no date is extracted with it as ``DocumentMeta.dct_hint``, which
    lets the date inference choose, among the dates the document's text allows, the one
    nearest the other documents'. Documents that state their date are not affected."""
    stated = [r.meta.dct for r in results if r.meta.dct and r.meta.dct_source in STATED_DCT_SOURCES]
    return max(stated, default=None)


def _day(value: str | None) -> date | None:
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _no_affiliation(name: str) -> frozenset[str]:
    return frozenset((name,))


def dates_from_other_documents(
    results: Iterable[DocResult],
    *,
    affiliation: Callable[[str], frozenset[str]] = _no_affiliation,
) -> dict[str, str]:
    """Document path → ISO day, for documents whose date was guessed at coarser than a day
    and that report, as happening at their own date, an event other documents put on a day.

    A mention "happens at the document's date" when its date came from the document date
    (``date_source == "dct"``) and is that date. It matches a mention of another document
    whose own date is a day (stated, or inferred to the day) when both occurred, their types
    are of one family, they share an actor and their places do not differ (one place inside
    the other, by ``affiliation``, agrees: a city and its country); the matched day
    must lie within ``WINDOW_DAYS`` of the collection's date. The day most mentions agree on
    wins (ties: the later day)."""
    results = list(results)
    hint = _day(corpus_hint(results))
    if hint is None:
        return {}
    anchors: dict[str, list[tuple[str, frozenset[str], str | None, date, str]]] = {}
    for result in results:
        if _day(result.meta.dct) is None:
            continue
        for m in result.mentions:
            day = _day(m.date)
            if day is None or m.status != "occurred" or not m.actors:
                continue
            if abs((day - hint).days) > WINDOW_DAYS:
                continue
            fam = family(m.type)
            anchors.setdefault(fam, []).append(
                (fam, frozenset(m.actors), m.location, day, result.meta.path)
            )
    found: dict[str, str] = {}
    for result in results:
        meta = result.meta
        if meta.dct_source not in GUESSED_DCT_SOURCES or meta.dct is None:
            continue
        if _day(meta.dct) is not None:
            continue
        votes: Counter[date] = Counter()
        for m in result.mentions:
            if m.date_source != "dct" or m.date != meta.dct or m.status != "occurred":
                continue
            actors = frozenset(m.actors)
            for _fam, their_actors, place, day, path in anchors.get(family(m.type), ()):
                if path == meta.path or not actors & their_actors:
                    continue
                if m.location and place and not _same_place(m.location, place, affiliation):
                    continue
                votes[day] += 1
        if votes:
            day, _count = max(votes.items(), key=lambda item: (item[1], item[0]))
            found[meta.path] = day.isoformat()
    return found


def _same_place(one: str, other: str, affiliation: Callable[[str], frozenset[str]]) -> bool:
    return one == other or one in affiliation(other) or other in affiliation(one)
