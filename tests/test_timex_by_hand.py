"""The rules of ``timeline_timex`` that read the model's annotation (tense, tags, entities), on
Docs built by hand (no model): each with a case where it must fire and one where it must not.
The document date is Wednesday 12 March 2025; sentences are written for the tests."""

from __future__ import annotations

import pytest
from docs_by_hand import timexes

OKOYE = ("Amara Okoye", "PERSON")
LISBON = ("Lisbon", "GPE")

# -- tense decides the direction of a deictic expression --------------------------------------

PAST_ON = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    visited VBD ROOT      0 visit
    Lisbon  NNP dobj     -1
    {prep}  IN  prep     -2
    {when}  NNP pobj     -1
    .       .   punct    -4
"""
FUTURE_ON = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +2
    will    MD  aux      +1
    visit   VB  ROOT      0 visit
    Lisbon  NNP dobj     -1
    {prep}  IN  prep     -2
    {when}  NNP pobj     -1
    .       .   punct    -4
"""
HEADLINE = """
    Talks   NNS ROOT      0 talk
    {prep}  IN  prep     -1
    {when}  NNP pobj     -1
"""


def _values(table: str, ents=(), *, dct: str | None = "2025-03-12") -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in timexes(table, ents, dct=dct)]


@pytest.mark.parametrize(
    ("table", "ents", "value"),
    [
        (PAST_ON, [OKOYE, LISBON], "2025-03-07"),  # the Friday before the document date
        (FUTURE_ON, [OKOYE, LISBON], "2025-03-14"),  # the Friday after it
        (HEADLINE, [], "2025-03-14"),  # no tense: the nearer Friday
    ],
    ids=["past", "future", "no-tense"],
)
def test_timex_weekday_goes_the_way_its_verb_tense_points(table: str, ents, value: str) -> None:
    assert _values(table.format(prep="on", when="Friday"), ents) == [("Friday", value)]


def test_timex_weekday_tense_is_the_governing_verbs_not_the_sentences() -> None:
    # "will visit ... on Monday" is ahead even though the weekday is nearer behind
    filled = FUTURE_ON.format(prep="on", when="Monday")
    assert _values(filled, [OKOYE, LISBON]) == [("Monday", "2025-03-17")]
    filled = PAST_ON.format(prep="on", when="Monday")
    assert _values(filled, [OKOYE, LISBON]) == [("Monday", "2025-03-10")]


# -- the year of a bare month comes from the document date and the tense --------------------


@pytest.mark.parametrize(
    ("table", "month", "value"),
    [
        (PAST_ON, "October", "2024-10"),  # past, after March: last year's
        (FUTURE_ON, "October", "2025-10"),  # future, after March: this year's
        (PAST_ON, "February", "2025-02"),  # past, before March: this year's
        (FUTURE_ON, "February", "2026-02"),  # future, before March: next year's
    ],
)
def test_timex_bare_month_takes_its_year_from_the_dct_and_the_tense(
    table: str, month: str, value: str
) -> None:
    filled = table.format(prep="in", when=month)
    assert _values(filled, [OKOYE, LISBON]) == [(month, value)]


def test_timex_bare_month_without_a_document_date_has_no_year() -> None:
    filled = PAST_ON.format(prep="in", when="October")
    assert _values(filled, [OKOYE, LISBON], dct=None) == [("October", "XXXX-10")]


@pytest.mark.parametrize(
    ("table", "prep", "value"),
    [
        (PAST_ON, "by", "2025-05"),  # a deadline: the nearest May, whatever the tense
        (PAST_ON, "in", "2024-05"),  # past, after March: last year's
        (HEADLINE, "since", "2024-05"),  # "since" looks back
        (HEADLINE, "in", "2025-05"),  # no tense: the nearest May
    ],
    ids=["by-deadline", "in-past", "since-past", "in-no-tense"],
)
def test_timex_the_word_before_a_bare_month_can_set_its_direction(
    table: str, prep: str, value: str
) -> None:
    ents = [OKOYE, LISBON] if table is PAST_ON else []
    assert _values(table.format(prep=prep, when="May"), ents) == [("May", value)]


# -- reported speech and a stated year after the document date (news) ------------------------

AMARA = ("Okoye", "PERSON")
WOULD_ON = """
    Okoye   NNP nsubj    +2
    would   MD  aux      +1
    travel  VB  ROOT      0 travel
    {prep}  IN  prep     -1
    {when}  NNP pobj     -1
    .       .   punct    -3
"""


def test_timex_would_points_a_weekday_ahead_in_news_only() -> None:
    from docs_by_hand import build_doc

    from timeline.timex import tense_at

    filled = WOULD_ON.format(prep="on", when="Monday")
    # Monday is two days behind the document date and five ahead: "would" says ahead.
    assert _values(filled, [AMARA]) == [("Monday", "2025-03-17")]
    doc = build_doc(filled, [AMARA])
    start = doc.text.index("Monday")
    assert tense_at(doc, start, start + 6, reported=True) == "future"
    # Outside reported speech (a history's "would"), no tense is read from it.
    assert tense_at(doc, start, start + 6) != "future"


NEXT_YEAR_THEN_PAST = """
    Talks    NNS nsubj    +1 talk
    resume   VBP ROOT      0
    next     JJ  amod     +1
    year     NN  npadvmod -2
    ,        ,   punct    -3
    although IN  mark     +2
    Okoye    NNP nsubj    +1
    visited  VBD advcl    -6 visit
    Lisbon   NNP dobj     -1
    in       IN  prep     -2
    July     NNP pobj     -1
    .        .   punct    -10
"""
IN_YEAR_THEN_PAST = """
    In       IN  prep     +4
    {year}   CD  pobj     -1
    ,        ,   punct    +2
    Okoye    NNP nsubj    +1
    visited  VBD ROOT      0 visit
    Lisbon   NNP dobj     -1
    in       IN  prep     -2
    July     NNP pobj     -1
    .        .   punct    -4
"""


def test_timex_a_past_month_is_not_framed_by_a_year_after_the_dct() -> None:
    # "next year" (2026) cannot hold a past visit: the last July before the document date.
    found = dict(_values(NEXT_YEAR_THEN_PAST, [AMARA, LISBON]))
    assert found["next year"] == "2026"
    assert found["July"] == "2024-07"
    # A stated year not after the document date frames its sentence as before.
    found = dict(_values(IN_YEAR_THEN_PAST.format(year="2025"), [AMARA, LISBON]))
    assert found["July"] == "2025-07"


DUE_TO_EXPIRE = """
    It      PRP nsubj    +{to_root}
    {aux}
    {verb}  {tag} ROOT     0 be
    due     JJ  acomp    -1
    to      TO  aux      +1
    expire  VB  xcomp    -2
    Friday  NNP compound +1
    evening NN  npadvmod -2
    .       .   punct    -6
"""


@pytest.mark.parametrize(
    ("aux", "verb", "tag", "value"),
    [
        ("had VBD aux +1", "been", "VBN", "2025-03-07"),  # a plan already past: last Friday
        ("", "is", "VBZ", "2025-03-14"),  # a plan ahead: next Friday
    ],
    ids=["had-been-due", "is-due"],
)
def test_timex_a_plan_in_the_past_perfect_is_past(aux: str, verb: str, tag: str, value: str):
    table = DUE_TO_EXPIRE.format(aux=aux, verb=verb, tag=tag, to_root=2 if aux else 1)
    assert dict(_values(table)) == {"Friday evening": value}


INTENTION_TO_VISIT = """
    The       DT  det      +1
    intention NN  nsubj    +1
    {be}      {tag} ROOT    0 be
    to        TO  aux      +1
    visit     VB  xcomp    -2
    Lisbon    NNP dobj     -1
    on        IN  prep     -2
    Friday    NNP pobj     -1
    .         .   punct    -6
"""


def test_timex_a_plan_stated_in_the_past_is_past():
    # "The intention was to visit Lisbon on Friday": the plan's Friday is behind the writer.
    found = _values(INTENTION_TO_VISIT.format(be="was", tag="VBD"), [LISBON])
    assert found == [("Friday", "2025-03-07")]
    # "is to visit": ahead.
    found = _values(INTENTION_TO_VISIT.format(be="is", tag="VBZ"), [LISBON])
    assert found == [("Friday", "2025-03-14")]


ANNOUNCED_THEN_WILL = """
    {first} {tag} {dep} {head} {lemma}
    Friday   NNP npadvmod -1
    ,        ,   punct    +3
    holders  NNS nsubj    +2 holder
    will     MD  aux      +1
    receive  VB  ROOT      0
    cash     NN  dobj     -1
    .        .   punct    -2
"""


def test_timex_a_participle_clause_keeps_its_own_past():
    # "Announced Friday, holders will receive cash": announced last Friday.
    table = ANNOUNCED_THEN_WILL.format(
        first="Announced", tag="VBN", dep="advcl", head="+5", lemma="announce"
    )
    assert dict(_values(table)) == {"Friday": "2025-03-07"}
    # No participle: the weekday goes with "will receive", next Friday.
    table = ANNOUNCED_THEN_WILL.format(first="Soon", tag="RB", dep="advmod", head="+5", lemma="")
    assert dict(_values(table)) == {"Friday": "2025-03-14"}


NOW_OPENING = """
    Now    RB  advmod +3
    ,      ,   punct  +2
    talks  NNS nsubj  +1 talk
    resume VBP ROOT    0
    .      .   punct  -1
"""
FOR_NOW = """
    For    IN  prep   +4
    now    RB  pcomp  -1
    ,      ,   punct  +2
    talks  NNS nsubj  +1 talk
    pause  VBP ROOT    0
    .      .   punct  -1
"""


def test_timex_now_opening_a_clause_is_a_discourse_marker_but_for_now_is_a_time():
    assert _values(NOW_OPENING) == []
    assert _values(FOR_NOW) == [("now", "PRESENT_REF")]


# -- narrative anchoring ---------------------------------------------------------------------

DATED = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    visited VBD ROOT      0 visit
    Lisbon  NNP dobj     -1
    on      IN  prep     -2
    4       CD  nummod   +1
    June    NNP pobj     -2
    1998    CD  nummod   -1
    .       .   punct    -6
"""
LATER = """
    Two     CD  nummod   +1
    days    NNS npadvmod +1 day
    {word}  RB  advmod   +3
    ,       ,   punct    +2
    she     PRP nsubj    +1
    left    VBD ROOT      0 leave
    .       .   punct    -1
"""


def test_timex_later_counts_from_the_last_date_of_the_story() -> None:
    found = _values(DATED + LATER.format(word="later"), [OKOYE, LISBON])
    assert found == [("4 June 1998", "1998-06-04"), ("Two days later", "1998-06-06")]


def test_timex_ago_counts_from_the_document_date_not_the_story() -> None:
    found = _values(DATED + LATER.format(word="ago"), [OKOYE, LISBON])
    assert found == [("4 June 1998", "1998-06-04"), ("Two days ago", "2025-03-10")]


# -- vetoes from the model's annotation ------------------------------------------------------

MAY_MODAL = """
    Envoys  NNS nsubj +2 envoy
    {may}   MD  aux   +1 may
    visit   VB  ROOT   0 visit
    Lisbon  NNP dobj  -1
    .       .   punct -2
"""
IN_MAY = """
    Envoys  NNS nsubj +1 envoy
    visited VBD ROOT   0 visit
    Lisbon  NNP dobj  -1
    in      IN  prep  -2
    May     NNP pobj  -1
    .       .   punct -4
"""


@pytest.mark.parametrize("may", ["May", "may"])
def test_timex_may_tagged_as_a_modal_is_no_month(may: str) -> None:
    assert timexes(MAY_MODAL.format(may=may), [LISBON]) == []


def test_timex_may_as_a_noun_after_a_preposition_is_the_month() -> None:
    assert _values(IN_MAY, [LISBON]) == [("May", "2024-05")]


SENT = """
    The       DT  det    +1
    ministry  NN  nsubj  +1
    sent      VBD ROOT    0 send
    2000      CD  nummod +1
    observers NNS dobj   -2 observer
    .         .   punct  -3
"""


@pytest.mark.parametrize(
    ("label", "values"), [("CARDINAL", []), ("QUANTITY", []), ("DATE", ["2000"])]
)
def test_timex_number_the_model_calls_a_quantity_is_no_year(label: str, values: list[str]) -> None:
    assert [t.value for t in timexes(SENT, [("2000", label)])] == values


# -- durations and dates ---------------------------------------------------------------------

STAYED = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    stayed  VBD ROOT      0 stay
    {prep}  IN  prep     -1
    three   CD  nummod   +1
    days    NNS pobj     -2 day
    .       .   punct    -4
"""
LEFT_AGO = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    left    VBD ROOT      0 leave
    three   CD  nummod   +1
    days    NNS npadvmod +1 day
    ago     RB  advmod   -3
    .       .   punct    -4
"""


@pytest.mark.parametrize("prep", ["for", "during"])
def test_timex_a_length_of_time_is_a_duration_not_a_date(prep: str) -> None:
    (found,) = timexes(STAYED.format(prep=prep), [OKOYE])
    assert (found.text, found.type, found.value) == ("three days", "DURATION", "P3D")


def test_timex_a_length_of_time_ago_is_a_date() -> None:
    (found,) = timexes(LEFT_AGO, [OKOYE])
    assert (found.text, found.type, found.value) == ("three days ago", "DATE", "2025-03-09")
