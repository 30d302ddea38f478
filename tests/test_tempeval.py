"""TimeML reading and TempEval-3 scoring (fixtures written here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.errors import InputError
from timeline.model import TimeExpr
from timeline.tempeval import GoldTimex, anchor_tagged, read_timeml, score, value_error_class

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>fixture</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2011-05-02">2011-05-02</TIMEX3></DCT>
<TEXT>
The envoys met on <TIMEX3 tid="t1" type="DATE" value="2011-04-30">April 30</TIMEX3> &amp; again
<TIMEX3 tid="t2" type="DATE" value="2011-05-01">the next day</TIMEX3> for
<TIMEX3 tid="t3" type="DURATION" value="PT3H">three hours</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_tempeval_reads_text_dct_and_gold_offsets(tmp_path: Path):
    path = tmp_path / "doc.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_timeml(path)
    assert doc.dct == "2011-05-02"
    assert "&amp;" not in doc.text and " & again" in doc.text
    assert [(g.text, g.value) for g in doc.timexes] == [
        ("April 30", "2011-04-30"),
        ("the next day", "2011-05-01"),
        ("three hours", "PT3H"),
    ]
    for gold in doc.timexes:
        assert doc.text[gold.start : gold.end] == gold.text


def test_tempeval_rejects_files_without_text(tmp_path: Path):
    path = tmp_path / "bad.tml"
    path.write_text("<TimeML></TimeML>", encoding="utf-8")
    with pytest.raises(InputError):
        read_timeml(path)


def test_tempeval_scores_strict_relaxed_value_and_type():
    gold = [
        GoldTimex(0, 8, "April 30", "DATE", "2011-04-30"),
        GoldTimex(20, 32, "the next day", "DATE", "2011-05-01"),
        GoldTimex(40, 51, "three hours", "DURATION", "PT3H"),
    ]
    predicted = [
        TimeExpr(0, 8, "April 30", "DATE", "2011-04-30"),  # strict, right value
        TimeExpr(24, 32, "next day", "DATE", "2011-05-02"),  # relaxed, wrong value
        TimeExpr(60, 64, "2011", "DATE", "2011"),  # spurious
    ]
    result = score([(gold, predicted)])
    assert result["strict"]["precision"] == pytest.approx(1 / 3)
    assert result["relaxed"]["recall"] == pytest.approx(2 / 3)
    assert result["relaxed"]["f1"] == pytest.approx(2 / 3)
    assert result["value_accuracy"] == pytest.approx(0.5)
    assert result["value_f1"] == pytest.approx(1 / 3)
    assert result["type_accuracy"] == pytest.approx(1.0)
    kinds = sorted(e["kind"] for e in result["errors"])
    assert kinds == ["missed", "spurious", "value"]


def test_tempeval_matches_each_gold_expression_once():
    gold = [GoldTimex(0, 10, "this month", "DATE", "2011-05")]
    predicted = [
        TimeExpr(0, 4, "this", "DATE", "2011-05"),
        TimeExpr(5, 10, "month", "DATE", "2011-05"),
    ]
    result = score([(gold, predicted)])
    assert result["relaxed"]["precision"] == pytest.approx(0.5)
    assert result["relaxed"]["recall"] == pytest.approx(1.0)


def test_tempeval_errors_name_their_document_and_types():
    gold = [GoldTimex(0, 9, "two weeks", "DURATION", "P2W")]
    predicted = [TimeExpr(0, 9, "two weeks", "DATE", "2011-05")]
    errors = score([(gold, predicted), ([], [])], names=["a.tml", "b.tml"])["errors"]
    assert errors == [
        {
            "document": "a.tml",
            "kind": "value",
            "text": "two weeks",
            "gold_text": "two weeks",
            "gold_type": "DURATION",
            "gold": "P2W",
            "type": "DATE",
            "value": "2011-05",
        }
    ]


@pytest.mark.parametrize(
    ("gold_type", "gold", "kind", "value", "expected"),
    [
        ("DURATION", "P1W", "DATE", "2011-W18", "DURATION read as DATE"),
        ("DATE", "PAST_REF", "DATE", "2011-05", "reference in gold: PAST_REF"),
        ("DATE", "199X", "DATE", "PRESENT_REF", "reference in ours only: PRESENT_REF"),
        ("DATE", "2011-05-02", "DATE", "2011-05", "too coarse"),
        ("DATE", "2011-05", "DATE", "2011-05-02", "too precise"),
        ("DATE", "2011-05-06", "DATE", "2011-04-29", "same granularity, other value"),
        ("DATE", "2011-W18", "DATE", "2011-05-02", "week in gold only"),
        ("TIME", "2011-05-02TEV", "TIME", "2011-05-01T19:00", "part of day in gold only"),
        ("DATE", "2011-Q2", "DATE", "2011-05", "quarter or half in gold only"),
        ("DURATION", "P3Y", "DURATION", "P3M", "duration value"),
        ("DATE", "2011-05", "DATE", None, "no value"),
        ("DATE", "XXXX-05", "DATE", "2011-05", "unanchored (X) in gold"),
    ],
)
def test_value_error_class_names_how_a_value_differs(gold_type, gold, kind, value, expected):
    assert value_error_class(gold_type, gold, kind, value) == expected


TEXT = "\n\nTalks began on Friday & ended on Friday\n evening, in May 2011."


def test_anchor_tagged_reanchors_shifted_spans_on_the_text():
    # The tagger dropped the two leading newlines and joined the line break inside a timex.
    tagged = (
        '<?xml version="1.0"?>\n<TimeML>\nTalks began on Friday & ended on '
        '<TIMEX3 tid="t1" type="TIME" value="2011-05-06TEV">Friday evening</TIMEX3>, in '
        '<TIMEX3 tid="t2" type="DATE" value="2011-05">May 2011</TIMEX3>.\n</TimeML>\n'
    )
    expressions, missing = anchor_tagged(tagged, TEXT)
    assert missing == 0
    # The second "Friday" (the one tagged), not the first one in the text.
    assert [(e.start, e.text, e.type, e.value) for e in expressions] == [
        (TEXT.index("Friday\n"), "Friday\n evening", "TIME", "2011-05-06TEV"),
        (TEXT.index("May 2011"), "May 2011", "DATE", "2011-05"),
    ]


def test_anchor_tagged_counts_expressions_not_in_the_text():
    tagged = '<TimeML><TIMEX3 type="DATE" value="2012">2012</TIMEX3></TimeML>'
    assert anchor_tagged(tagged, TEXT) == ([], 1)
