"""TimeML reading and TempEval-3 scoring (fixtures written here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.errors import InputError
from timeline.model import TimeExpr
from timeline.tempeval import GoldTimex, read_timeml, score

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
