"""Scoring a predicted chronology against a gold one (rules of ``shared/eval/README.md``).

A predicted event can match a gold event when their type families agree, their day intervals
overlap, the predicted interval is no longer than the gold one or a year, and an actor or the
location matches by normalised name. Pairs are assigned one-to-one, greedily, best first; a
second prediction for a matched gold event is a duplicate. Returns plain dicts so the CLI, the
tests and ``make eval`` read the same figures.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .dates import When, parse_when
from .errors import InputError
from .render.serial import check_dates, load_file

# Rule 2 of the published scoring rules (shared/eval/README.md), deliberately not read from
# data/events.yaml: a user's own ontology must not change how a chronology is scored.
CONTACT = ("visit", "meeting", "summit", "talks")
COUNTED_TIERS = ("core", "hard")
TIERS = ("core", "hard", "optional")
# The longest predicted interval accepted for a shorter gold one: a (leap) year.
YEAR_DAYS = 366

TITLES = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "ministers",
        "comrade",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "king",
        "queen",
        "prince",
        "princess",
        "emperor",
        "general",
        "secretary",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "madam",
        "lord",
        "chancellor",
        "premier",
        "senator",
        "governor",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "foreign",
        "defense",
        "defence",
        "deputy",
        "former",
        "supreme",
        "marshal",
        "envoy",
    ]
)
_SEPARATORS = re.compile(r"[-/_‐‑‒–—]")
_PUNCT = re.compile(r"[^\w\s]")


def type_family(kind: str) -> str:
    return "contact" if kind in CONTACT else kind


def normalise_name(name: str) -> str:
    """Lower case; hyphens, slashes and underscores to spaces; titles and punctuation dropped."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    text = text.replace("’", "'")
    text = _SEPARATORS.sub(" ", text)
    text = re.sub(r"'s\b", "", text)
    text = _PUNCT.sub("", text)
    words = [w for w in text.split() if w not in TITLES]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _date_string(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True, slots=True)
class _Item:
    index: int
    id: str
    date: str | None
    when: When | None
    families: frozenset[str]
    type: str
    actors: tuple[str, ...]
    location: str | None
    tier: str
    date_basis: str | None
    evidence: tuple[str, ...]


class _Names:
    """Gold names with their aliases, normalised, and the matching rule for predicted names."""

    def __init__(self, aliases: Mapping[str, Sequence[str]]) -> None:
        self.forms: dict[str, set[str]] = {}
        for canonical, others in aliases.items():
            if isinstance(others, str):  # one alias written without a list
                others = [others]
            forms = {normalise_name(canonical), *(normalise_name(o) for o in others or ())}
            for form in list(forms):
                self.forms.setdefault(form, set()).update(forms)

    def gold_forms(self, name: str) -> set[str]:
        key = normalise_name(name)
        return self.forms.get(key, set()) | {key}

    def match(self, predicted: str, gold: str) -> bool:
        pred = normalise_name(predicted)
        if not pred:
            return False
        pred_words = pred.split()
        for form in self.gold_forms(gold):
            if not form:
                continue
            if pred == form:
                return True
            words = form.split()
            # A predicted name that is part of a gold name and includes its last word.
            n = len(pred_words)
            if (
                n < len(words)
                and words[-1] in pred_words
                and any(words[i : i + n] == pred_words for i in range(len(words) - n + 1))
            ):
                return True
        return False


def _read(path: str | Path) -> dict[str, Any]:
    data = load_file(path)
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise InputError(path, "expected a top-level 'events:' list")
    check_dates(path, data["events"])
    return data


def _items(events: Iterable[Any], *, gold: bool, path: object) -> list[_Item]:
    items = []
    for index, event in enumerate(events):
        if not isinstance(event, dict):
            raise InputError(path, f"event {index + 1} is not a mapping")
        kind = str(event.get("type", "other"))
        families = {type_family(kind)}
        if gold:
            families.update(type_family(str(t)) for t in event.get("alt_types") or ())
        date_text = _date_string(event.get("date"))
        actors = event.get("actors") or []
        if isinstance(actors, str):
            actors = [actors]
        tier = str(event.get("tier", "core")) if gold else "predicted"
        if gold and tier not in TIERS:
            raise InputError(path, f"event {event.get('id', index + 1)!r}: unknown tier {tier!r}")
        items.append(
            _Item(
                index=index,
                id=str(event.get("id", index + 1)),
                date=date_text,
                when=parse_when(date_text) if date_text else None,
                families=frozenset(families),
                type=kind,
                actors=tuple(str(a) for a in actors),
                location=None if event.get("location") is None else str(event["location"]),
                tier=tier,
                date_basis=str(event["date_basis"]) if gold and event.get("date_basis") else None,
                evidence=_evidence(event, gold=gold),
            )
        )
    return items


def _evidence(event: Mapping[str, Any], *, gold: bool) -> tuple[str, ...]:
    """The sentences that state an event: a gold item's ``evidence`` (one or a list), a
    predicted event's source sentences."""
    if gold:
        evidence = event.get("evidence") or ()
        return (evidence,) if isinstance(evidence, str) else tuple(str(e) for e in evidence)
    sources = event.get("sources") or ()
    return tuple(
        str(source["sentence"])
        for source in sources
        if isinstance(source, Mapping) and source.get("sentence")
    )


@dataclass(frozen=True, slots=True)
class _Pair:
    pred: int
    gold: int
    components: int  # actor matched (0/1) + location matched (0/1)
    exact: bool
    shared: int
    tier_rank: int


def _compare(pred: _Item, gold: _Item, names: _Names) -> _Pair | None:
    if type_family(pred.type) not in gold.families:
        return None
    if pred.when is None or gold.when is None or not pred.when.overlaps(gold.when):
        return None
    if pred.when.days > max(gold.when.days, YEAR_DAYS):
        return None
    shared = sum(1 for g in gold.actors if any(names.match(p, g) for p in pred.actors))
    location = bool(pred.location and gold.location and names.match(pred.location, gold.location))
    if not shared and not location:
        return None
    return _Pair(
        pred.index,
        gold.index,
        int(shared > 0) + int(location),
        pred.date == gold.date,
        shared,
        0 if gold.tier in COUNTED_TIERS else 1,
    )


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def score(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> dict[str, Any]:
    """Score a predicted chronology (any mapping with ``events``) against a gold one."""
    names = _Names(gold.get("aliases") or {})
    gold_items = _items(gold["events"], gold=True, path="gold")
    pred_items = _items(predicted["events"], gold=False, path="predicted")
    candidates: dict[int, list[_Pair]] = {p.index: [] for p in pred_items}
    pairs = []
    for pred in pred_items:
        for item in gold_items:
            pair = _compare(pred, item, names)
            if pair is not None:
                pairs.append(pair)
                candidates[pred.index].append(pair)
    pairs.sort(key=lambda p: (-p.components, not p.exact, -p.shared, p.tier_rank, p.pred, p.gold))
    matched: dict[int, _Pair] = {}  # gold index -> pair
    pred_matched: dict[int, _Pair] = {}
    for pair in pairs:
        if pair.gold in matched or pair.pred in pred_matched:
            continue
        matched[pair.gold] = pair
        pred_matched[pair.pred] = pair

    true_positive = [p for p in pred_matched.values() if gold_items[p.gold].tier in COUNTED_TIERS]
    duplicates = [
        p.index for p in pred_items if p.index not in pred_matched and candidates[p.index]
    ]
    spurious = [
        p.index for p in pred_items if p.index not in pred_matched and not candidates[p.index]
    ]
    false_positive = len(duplicates) + len(spurious)
    counted_gold = [g for g in gold_items if g.tier in COUNTED_TIERS]
    tp = len(true_positive)
    precision = _ratio(tp, tp + false_positive)
    recall = _ratio(tp, len(counted_gold))
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0

    per_tier = {}
    for tier in TIERS:
        total = [g for g in gold_items if g.tier == tier]
        found = [g for g in total if g.index in matched]
        per_tier[tier] = {
            "gold": len(total),
            "matched": len(found),
            "recall": _ratio(len(found), len(total)),
        }
    bases: dict[str, dict[str, Any]] = {}
    for item in counted_gold:
        basis = bases.setdefault(
            item.date_basis or "unspecified", {"gold": 0, "matched": 0, "date_exact_count": 0}
        )
        basis["gold"] += 1
        if item.index in matched:
            basis["matched"] += 1
            basis["date_exact_count"] += int(matched[item.index].exact)
    for basis in bases.values():
        basis["recall"] = _ratio(basis["matched"], basis["gold"])
        basis["date_exact"] = _ratio(basis["date_exact_count"], basis["matched"])
    exact = sum(1 for p in true_positive if p.exact)
    location_right = sum(
        1
        for p in true_positive
        if (gold_items[p.gold].location is None and pred_items[p.pred].location is None)
        or (
            gold_items[p.gold].location is not None
            and pred_items[p.pred].location is not None
            and names.match(str(pred_items[p.pred].location), str(gold_items[p.gold].location))
        )
    )

    def describe(item: _Item) -> dict[str, Any]:
        return {
            "id": item.id,
            "date": item.date,
            "type": item.type,
            "actors": list(item.actors),
            "location": item.location,
            "tier": item.tier,
            "date_basis": item.date_basis,
            "evidence": list(item.evidence),
        }

    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_positives": tp,
        "false_positives": false_positive,
        "duplicates": len(duplicates),
        "date_exact": _ratio(exact, tp),
        "date_exact_count": exact,
        "location_accuracy": _ratio(location_right, tp),
        "predicted": len(pred_items),
        "gold": len(counted_gold),
        "tiers": per_tier,
        "date_bases": dict(sorted(bases.items())),
        "missed": [describe(g) for g in counted_gold if g.index not in matched],
        "spurious": [describe(pred_items[i]) for i in spurious],
        "duplicate_predictions": [
            {**describe(pred_items[i]), "duplicate_of": gold_items[candidates[i][0].gold].id}
            for i in duplicates
        ],
        "matches": [
            {
                "gold": gold_items[p.gold].id,
                "predicted": pred_items[p.pred].id,
                "tier": gold_items[p.gold].tier,
                "date_basis": gold_items[p.gold].date_basis,
                "date_exact": p.exact,
                "gold_date": gold_items[p.gold].date,
                "predicted_date": pred_items[p.pred].date,
            }
            for p in sorted(matched.values(), key=lambda p: p.gold)
        ],
    }


def evaluate(gold_path: str | Path, predicted_path: str | Path) -> dict[str, Any]:
    """Score a predicted chronology file (YAML or JSON) against a gold file."""
    return score(_read(gold_path), _read(predicted_path))
