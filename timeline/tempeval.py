"""TimeML documents and TempEval-3 (Task A) scoring of temporal expressions.

``read_timeml`` turns a ``.tml`` file into its plain text, document date and gold TIMEX3
annotations (character offsets into that text); ``score`` compares predicted expressions with
gold ones by the TempEval-3 rules (strict = identical span, relaxed = overlapping span, each gold
expression matched at most once; value and type accuracy over relaxed matches, value/type F1 =
relaxed F1 × accuracy). ``baseline_timexes`` is the naive reference: the model's DATE/TIME
entities normalised by dateparser as it comes. ``anchor_tagged`` reads another tagger's TimeML
output (HeidelTime's) back onto the text it was given, and ``value_error_class`` names the
kind of a wrong value, to group errors.
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

__all__ = [
    "GoldTimex",
    "TimeMLDoc",
    "anchor_tagged",
    "baseline_timexes",
    "read_timeml",
    "score",
    "value_error_class",
]

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
    *,
    names: Iterable[str] | None = None,
) -> dict[str, Any]:
    """TempEval-3 Task A figures over documents given as (gold, predicted) pairs.

    ``names`` (one per pair) label each error with its ``document``."""
    n_gold = n_pred = strict = relaxed = value_ok = type_ok = 0
    errors: list[dict[str, Any]] = []
    labels = iter(names) if names is not None else None
    for gold, predicted in pairs:
        document = {"document": next(labels)} if labels is not None else {}
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
                errors.append(
                    {
                        **document,
                        "kind": "spurious",
                        "text": p.text,
                        "type": p.type,
                        "value": p.value,
                    }
                )
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
                        **document,
                        "kind": "value",
                        "text": p.text,
                        "gold_text": g.text,
                        "gold_type": g.type,
                        "gold": g.value,
                        "type": p.type,
                        "value": p.value,
                    }
                )
            type_ok += g.type == p.type
        errors.extend(
            {**document, "kind": "missed", "text": g.text, "gold_type": g.type, "gold": g.value}
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


_REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
# Marks of a value's granularity beyond year-month-day, checked in this order.
_GRANULARITY = (
    ("week", re.compile(r"W\d|WE$")),
    ("quarter or half", re.compile(r"-(Q|H)\d")),
    ("season", re.compile(r"-(SP|SU|FA|WI)$")),
    ("part of day", re.compile(r"T(MO|AF|EV|NI|DT)$")),
    ("time of day", re.compile(r"T\d")),
    ("decade or century", re.compile(r"^\d{2,3}$")),
)


def _shape(value: str) -> str:
    return re.sub(r"\d", "9", value)


def value_error_class(gold_type: str, gold: str | None, kind: str, value: str | None) -> str:
    """A short name for how a predicted TIMEX3 value differs from the gold one, to group errors
    ("DURATION read as DATE", "too coarse", "same granularity, other value", …)."""
    gold = gold or ""
    if not value:
        return "no value"
    if gold in _REFS:
        return f"reference in gold: {gold}"
    if value in _REFS:
        return f"reference in ours only: {value}"
    if gold_type != kind:
        return f"{gold_type} read as {kind}"
    if gold_type in ("DURATION", "SET"):
        return f"{gold_type.lower()} value"
    if "X" in gold or "X" in value:
        return "unanchored (X) in gold" if "X" in gold else "left unanchored (X)"
    if value.startswith(gold):
        return "too precise"
    if gold.startswith(value):
        return "too coarse"
    for name, pattern in _GRANULARITY:
        if bool(pattern.search(gold)) != bool(pattern.search(value)):
            return f"{name} in {'gold' if pattern.search(gold) else 'ours'} only"
    if _shape(gold) == _shape(value):
        return "same granularity, other value"
    return "other granularity"


_TIMEX_TAG = re.compile(r"<(/?)TIMEX3\b([^>]*?)(/?)>")
_ANCHOR_WINDOW = 400


def anchor_tagged(tagged: str, text: str) -> tuple[list[TimeExpr], int]:
    """The TIMEX3s of ``tagged`` (a tagger's TimeML copy of ``text``) with offsets into ``text``.

    Taggers may drop leading blank lines, escape characters or change white space, so each
    expression is looked up in ``text``: the occurrence after the previous one nearest to where
    the tagged copy puts it (white space runs match any white space). Returns the expressions
    and how many of them could not be found.
    """
    body = re.search(r"<TimeML>(.*)</TimeML>", tagged, re.S)
    content = body[1] if body else tagged
    found: list[tuple[int, str, dict[str, str]]] = []  # (offset in the plain copy, text, attrs)
    plain_length = 0
    position = 0
    opened: tuple[int, dict[str, str]] | None = None
    for tag in _TIMEX_TAG.finditer(content):
        plain_length += len(re.sub(r"<[^>]*>", "", content[position : tag.start()]))
        if opened is not None and tag[1]:
            start, attrs = opened
            inner = re.sub(r"<[^>]*>", "", content[start : tag.start()])
            found.append((plain_length - len(inner), inner, attrs))
            opened = None
        elif not tag[1] and not tag[3]:
            opened = (tag.end(), dict(_ATTR.findall(tag[2])))
        position = tag.end()
    expressions: list[TimeExpr] = []
    missing = 0
    cursor = shift = 0
    for offset, inner, attrs in found:
        match = _nearest(text, inner, cursor, offset + shift)
        if match is None:
            missing += 1
            continue
        start, end = match
        shift, cursor = start - offset, end
        value = attrs.get("value") or None
        expressions.append(TimeExpr(start, end, text[start:end], attrs.get("type", "DATE"), value))
    return expressions, missing


def _nearest(text: str, inner: str, cursor: int, expected: int) -> tuple[int, int] | None:
    words = html.unescape(inner).split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    best: tuple[int, int] | None = None
    for match in pattern.finditer(text, cursor):
        if best is None or abs(match.start() - expected) < abs(best[0] - expected):
            best = (match.start(), match.end())
        if match.start() > expected + _ANCHOR_WINDOW:
            break
    return best
