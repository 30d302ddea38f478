"""TimeML documents and TempEval-3 (Task A) scoring of temporal expressions.

``read_timeml`` turns a ``.tml`` file into its plain text, document date and gold TIMEX3
annotations (character offsets into that text); ``score`` compares predicted expressions with
gold ones by the TempEval-3 rules (strict = identical span, relaxed = overlapping span, each gold
expression matched at most once; value and type accuracy over relaxed matches, value/type F1 =
relaxed F1 × accuracy). ``baseline_timexes`` is the naive reference: the model's DATE/TIME
entities normalised by dateparser as it comes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from .errors import InputError
from .model import TimeExpr

__all__ = ["GoldTimex", "TimeMLDoc", "baseline_timexes", "read_timeml", "score"]

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    name: str
    text: str
    dct: str | None
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: str | Path) -> TimeMLDoc:
    """Plain text of the ``<TEXT>`` element, the ``<DCT>`` value and the gold TIMEX3s."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read TimeML file: {error}") from error
    dct_match = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
    body_match = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if body_match is None:
        raise InputError(path, "no <TEXT> element")
    body = body_match[1]
    pieces: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[GoldTimex] = []
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag[2] != "TIMEX3":
            continue
        if not tag[1]:
            open_timex = (length, dict(_ATTR.findall(tag[3])))
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(pieces)[start:length]
            value = attrs.get("value")
            gold.append(GoldTimex(start, length, text, attrs.get("type", "DATE"), value or None))
            open_timex = None
    pieces.append(html.unescape(body[position:]))
    return TimeMLDoc(path.stem, "".join(pieces), dct_match[1] if dct_match else None, tuple(gold))


def _prf(tp_pred: int, tp_gold: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _same_value(gold: str | None, predicted: str | None) -> bool:
    gold = None if gold in (None, "", "null") else gold
    return gold == predicted


def score(
    pairs: Iterable[tuple[Sequence[GoldTimex], Sequence[TimeExpr]]],
) -> dict[str, Any]:
    """TempEval-3 Task A figures over documents given as (gold, predicted) pairs."""
    n_gold = n_pred = strict = relaxed = value_ok = type_ok = 0
    errors: list[dict[str, Any]] = []
    for gold, predicted in pairs:
        n_gold += len(gold)
        n_pred += len(predicted)
        used: set[int] = set()
        for p in predicted:
            best = None
            for index, g in enumerate(gold):
                if index in used or not (g.start < p.end and p.start < g.end):
                    continue
                if best is None or (g.start, g.end) == (p.start, p.end):
                    best = index
            if best is None:
                errors.append({"kind": "spurious", "text": p.text, "value": p.value})
                continue
            used.add(best)
            g = gold[best]
            relaxed += 1
            strict += (g.start, g.end) == (p.start, p.end)
            if _same_value(g.value, p.value):
                value_ok += 1
            else:
                errors.append(
                    {
                        "kind": "value",
                        "text": p.text,
                        "gold_text": g.text,
                        "gold": g.value,
                        "value": p.value,
                    }
                )
            type_ok += g.type == p.type
        errors.extend(
            {"kind": "missed", "text": g.text, "gold": g.value}
            for index, g in enumerate(gold)
            if index not in used
        )
    strict_scores = _prf(strict, strict, n_pred, n_gold)
    relaxed_scores = _prf(relaxed, relaxed, n_pred, n_gold)
    value_accuracy = value_ok / relaxed if relaxed else 0.0
    type_accuracy = type_ok / relaxed if relaxed else 0.0
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "strict": strict_scores,
        "relaxed": relaxed_scores,
        "value_accuracy": value_accuracy,
        "value_f1": relaxed_scores["f1"] * value_accuracy,
        "type_accuracy": type_accuracy,
        "type_f1": relaxed_scores["f1"] * type_accuracy,
        "errors": errors,
    }


@lru_cache(maxsize=8192)
def _dateparser_value(text: str, base: str | None) -> str | None:
    import dateparser

    settings: dict[str, Any] = {}
    if base and re.match(r"^\d{4}-\d{2}-\d{2}$", base[:10]):
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base[:10])
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # the naive baseline takes dateparser as it comes, failures included
        return None
    return parsed.date().isoformat() if parsed else None


def baseline_timexes(doc: Doc, dct: str | None) -> list[TimeExpr]:
    """The naive reference: model DATE/TIME entities, values from dateparser's defaults."""
    return [
        TimeExpr(
            ent.start_char, ent.end_char, ent.text, ent.label_, _dateparser_value(ent.text, dct)
        )
        for ent in doc.ents
        if ent.label_ in ("DATE", "TIME")
    ]
