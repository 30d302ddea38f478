"""A long document costs time in proportion to its length (issue 17, row 9).

The cost is measured as this process's CPU time (not wall time, which other processes on a
shared machine stretch) at two sizes four times apart: linear work takes about 4x as long,
quadratic work about 16x; the tests allow up to 8x.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import events as _events  # noqa: F401  (registers the factory)
from timeline.model import TimeExpr
from timeline.nlp import register_extensions
from timeline.timex import find_candidates

SMALL = 2_000
GROWTH = 4
LIMIT = 8.0  # linear: ~4x; quadratic: ~16x

_MONTHS = ("March", "June", "October")


def dated_sentences(count: int) -> str:
    return " ".join(
        f"The delegates met on {n % 28 + 1} {_MONTHS[n % 3]} {1960 + n % 50}." for n in range(count)
    )


def cpu_seconds(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def growth(run: Callable[[int], object]) -> float:
    """CPU time of ``run(SMALL * GROWTH)`` over that of ``run(SMALL)`` (best of two each)."""
    run(SMALL // 10)  # warm-up: data files, compiled patterns
    small = min(cpu_seconds(lambda: run(SMALL)) for _ in range(2))
    large = min(cpu_seconds(lambda: run(SMALL * GROWTH)) for _ in range(2))
    return large / max(small, 1e-3)


def test_candidate_selection_grows_linearly_with_the_text() -> None:
    texts = {n: dated_sentences(n) for n in (SMALL // 10, SMALL, SMALL * GROWTH)}
    assert len(find_candidates(texts[SMALL])) >= SMALL
    assert growth(lambda n: find_candidates(texts[n])) <= LIMIT


def test_event_sentences_look_up_only_their_own_dates() -> None:
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    extractor = nlp.add_pipe("timeline_events")
    docs = {}
    for n in (SMALL // 10, SMALL, SMALL * GROWTH):
        text = dated_sentences(n)
        doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
        doc._.timeline_timexes = [
            TimeExpr(m.start, m.end, text[m.start : m.end], "DATE", None)
            for m in find_candidates(text)
        ]
        docs[n] = doc
    assert growth(lambda n: list(extractor.mentions(docs[n]))) <= LIMIT


_PIECES = st.sampled_from(
    ["3 May 2021", "May 2021", "2021", "May", "3 May", "on Monday", "last week", " ", ", ", "-"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_candidates_are_disjoint_and_in_text_order(text: str) -> None:
    taken = find_candidates(text)
    assert [m.start for m in taken] == sorted(m.start for m in taken)
    for before, after in pairwise(taken):
        assert before.end <= after.start
    assert all(m.end > m.start for m in taken)


@pytest.mark.parametrize("count", [1, 7])
def test_every_dated_sentence_keeps_its_date(count: int) -> None:
    text = dated_sentences(count)
    found = find_candidates(text)
    assert [text[m.start : m.end] for m in found] == [
        f"{n % 28 + 1} {_MONTHS[n % 3]} {1960 + n % 50}" for n in range(count)
    ]
