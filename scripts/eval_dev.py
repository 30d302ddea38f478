"""Score every article of the events dev set alone, in one process (``make eval-dev``).

Usage: python scripts/eval_dev.py [DEV] [--json out/eval-dev.json] [--errors] [--raw]
                                  [--only PATTERN] [--predictions DIR] [--model NAME]

DEV (default ``../shared/eval/dev``) holds ``articles/NN_slug.txt`` (line 1 title, line 2
``Source: URL``, line 3 ``Published: YYYY-MM-DD`` or ``unknown``, a blank line, the body) and
``gold/NN_slug.yaml``. Each article's body is put alone in a folder with a ``sources.yaml``
giving its title, URL and published date (when known), built with ``timeline.build`` (the
model is loaded once for all articles) and scored with ``timeline.evaluate.score``, the scorer
of ``timeline eval``. ``--raw`` builds the file as it is, header lines and all, without a
manifest. Prints per-article precision, recall, F1 and date_exact, the micro total (true
positives, false positives and counted gold summed over articles), recall per tier and per the
gold's ``date_basis``; ``--errors`` also prints every false positive with its evidence and every
miss with the gold evidence. Writes the figures to ``--json`` and each prediction to
``--predictions`` (``timeline eval GOLD PRED`` on one of them gives the same figures).
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import timeline.nlp
from timeline.evaluate import COUNTED_TIERS, TIERS, score
from timeline.model import Timeline
from timeline.pipeline import build
from timeline.render.serial import load_file, to_yaml

HEADER_LINES = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\x1b\[[0-?]*[ -/]*[@-~]")


@dataclass(frozen=True, slots=True)
class Article:
    name: str  # file stem, e.g. 01_macron-beijing-2023
    title: str
    url: str | None
    published: str | None
    body: str
    raw: str


def read_article(path: Path) -> Article:
    """An article file split into its header (title, source, published) and body."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    header = lines[:HEADER_LINES]
    if len(header) < HEADER_LINES or not header[2].startswith("Published:"):
        raise SystemExit(f"{path}: expected title, 'Source:' and 'Published:' lines")
    url = header[1].removeprefix("Source:").strip() or None
    published = header[2].removeprefix("Published:").strip()
    _, _, body = raw.partition("\n\n")
    return Article(
        name=path.stem,
        title=header[0].strip(),
        url=url,
        published=None if published in ("", "unknown") else published,
        body=body,
        raw=raw,
    )


def stage(articles: Article | list[Article], folder: Path, *, raw: bool) -> Path:
    """Write the articles into ``folder`` as one corpus (with a manifest of their titles,
    URLs and dates unless ``raw``); returns the folder."""
    folder.mkdir(parents=True)
    manifest: dict[str, dict[str, str]] = {}
    for article in articles if isinstance(articles, list) else [articles]:
        name = f"{article.name}.txt"
        (folder / name).write_text(article.raw if raw else article.body, encoding="utf-8")
        entry: dict[str, str] = {"title": article.title}
        if article.url:
            entry["url"] = article.url
        if article.published:
            entry["published"] = article.published
        manifest[name] = entry
    if not raw:
        (folder / "sources.yaml").write_text(
            yaml.safe_dump({"documents": manifest}, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
    return folder


def union_gold(golds: list[Mapping[str, Any]]) -> dict[str, Any]:
    """One gold chronology of several articles' golds: every event, the aliases of all."""
    aliases: dict[str, list[str]] = {}
    for gold in golds:
        for name, names in (gold.get("aliases") or {}).items():
            aliases[name] = sorted({*aliases.get(name, []), *names})
    return {"aliases": aliases, "events": [e for gold in golds for e in gold["events"]]}


def share_model(loads: list[str | None]) -> None:
    """Make every build of this process reuse one loaded pipeline per model name.

    ``build`` loads the pipeline through ``timeline.nlp.load_pipeline`` when it extracts in
    this process; memoising it keeps the model loaded across the 40 builds. ``loads`` records
    each real load, so a change that bypasses the memo shows as a slow run, not a wrong one.
    """
    original = timeline.nlp.load_pipeline

    @functools.cache
    def load_pipeline(name: str | None = None) -> Any:
        loads.append(name)
        return original(name)

    timeline.nlp.load_pipeline = load_pipeline


def build_article(article: Article, workdir: Path, *, raw: bool, model: str | None) -> Timeline:
    """The chronology ``timeline build`` gives for the article alone."""
    folder = stage(article, workdir / article.name, raw=raw)
    return build(folder, model=model, jobs=1, use_cache=False).timeline


def clean(text: object) -> str:
    """Document text made safe for a terminal: no control characters, one line."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def micro(scores: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Totals over articles: true/false positives and counted gold summed, then the ratios;
    recall per tier and per date basis likewise."""
    scores = list(scores)
    tp = sum(s["true_positives"] for s in scores)
    fp = sum(s["false_positives"] for s in scores)
    gold = sum(s["gold"] for s in scores)
    exact = sum(s["date_exact_count"] for s in scores)
    located = sum(round(s["location_accuracy"] * s["true_positives"]) for s in scores)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, gold)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    tiers = {}
    for tier in TIERS:
        total = sum(s["tiers"][tier]["gold"] for s in scores)
        found = sum(s["tiers"][tier]["matched"] for s in scores)
        tiers[tier] = {"gold": total, "matched": found, "recall": _ratio(found, total)}
    bases: dict[str, dict[str, Any]] = {}
    for s in scores:
        for basis, counts in s["date_bases"].items():
            into = bases.setdefault(basis, {"gold": 0, "matched": 0, "date_exact_count": 0})
            for key in into:
                into[key] += counts[key]
    for counts in bases.values():
        counts["recall"] = _ratio(counts["matched"], counts["gold"])
        counts["date_exact"] = _ratio(counts["date_exact_count"], counts["matched"])
    return {
        "articles": len(scores),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": gold - tp,
        "duplicates": sum(s["duplicates"] for s in scores),
        "gold": gold,
        "predicted": sum(s["predicted"] for s in scores),
        "date_exact": _ratio(exact, tp),
        "location_accuracy": _ratio(located, tp),
        "macro_f1": round(sum(s["f1"] for s in scores) / len(scores), 4) if scores else 0.0,
        "tiers": tiers,
        "date_bases": dict(sorted(bases.items())),
    }


def _event_line(item: Mapping[str, Any]) -> str:
    actors = ", ".join(clean(a) for a in item["actors"])
    return (
        f"{item['date']!s:<23} {item['type']:<10} {actors} @ {clean(item['location'])}"
        f"  [{item['tier']}{', ' + item['date_basis'] if item.get('date_basis') else ''}]"
    )


def error_lines(name: str, result: Mapping[str, Any], predicted: Mapping[str, Any]) -> list[str]:
    """False positives with their evidence (and the date text read), misses with the gold's."""
    by_id = {str(e.get("id")): e for e in predicted.get("events", [])}
    lines = [f"== {name}"]
    false_positives = [
        *(("spurious", item) for item in result["spurious"]),
        *(("duplicate", item) for item in result["duplicate_predictions"]),
    ]
    for label, item in false_positives:
        note = f" (of gold {item['duplicate_of']})" if label == "duplicate" else ""
        lines.append(f"  FP {label}{note}: {_event_line(item)}")
        for source in by_id.get(item["id"], {}).get("sources", []):
            date_text = source.get("date_text")
            said = f" [date {clean(date_text)!r} -> {source.get('date')}]" if date_text else ""
            lines.append(f"      > {clean(source.get('sentence', ''))}{said}")
    for item in result["missed"]:
        lines.append(f"  MISS: {_event_line(item)}")
        lines.extend(f"      > {clean(sentence)}" for sentence in item["evidence"])
    return lines


def _row(label: str, s: Mapping[str, Any]) -> str:
    gold = s["gold"]
    fn = s.get("false_negatives", gold - s["true_positives"])
    return (
        f"{label:<46}{s['precision']:>6.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
        f"{s['date_exact']:>8.3f}{s['true_positives']:>5}{s['false_positives']:>5}{fn:>5}"
        f"{s['duplicates']:>5}"
    )


def report(rows: list[tuple[str, dict[str, Any]]], total: dict[str, Any]) -> list[str]:
    """The table: one row per article, the micro total, recall per tier and per date basis."""
    head = f"{'article':<46}{'P':>6}{'R':>7}{'F1':>7}{'date_ex':>8}{'tp':>5}{'fp':>5}{'fn':>5}"
    lines = [head + f"{'dup':>5}"]
    lines.extend(_row(name, s) for name, s in rows)
    lines.append(_row(f"micro total ({total['articles']} articles)", total))
    lines.append(
        f"micro P {total['precision']:.3f}  R {total['recall']:.3f}  F1 {total['f1']:.3f}  "
        f"date_exact {total['date_exact']:.3f}  location {total['location_accuracy']:.3f}  "
        f"macro F1 {total['macro_f1']:.3f}  predicted {total['predicted']}  "
        f"duplicates {total['duplicates']}"
    )
    tiers = total["tiers"]
    lines.append(
        "recall per tier: "
        + "  ".join(
            f"{tier} {tiers[tier]['recall']:.3f} ({tiers[tier]['matched']}/{tiers[tier]['gold']})"
            for tier in COUNTED_TIERS
        )
        + f"  optional matched {tiers['optional']['matched']}/{tiers['optional']['gold']}"
    )
    lines.append(f"{'recall per date_basis':<32}{'gold':>6}{'found':>7}{'recall':>8}{'date_ex':>9}")
    for basis, counts in total["date_bases"].items():
        lines.append(
            f"  {basis:<30}{counts['gold']:>6}{counts['matched']:>7}"
            f"{counts['recall']:>8.3f}{counts['date_exact']:>9.3f}"
        )
    return lines


def run(
    dev: Path,
    *,
    raw: bool,
    only: str | None,
    model: str | None,
    predictions: Path | None,
    echo: Callable[[str], None],
    errors: bool,
) -> dict[str, Any]:
    """Build and score every article; returns the figures that go to the JSON file."""
    paths = sorted((dev / "articles").glob("*.txt"))
    if only:
        paths = [p for p in paths if fnmatch.fnmatch(p.stem, only) or p.stem.startswith(only)]
    if not paths:
        raise SystemExit(
            f"no articles in {dev / 'articles'}" + (f" matching {only!r}" if only else "")
        )
    rows: list[tuple[str, dict[str, Any]]] = []
    error_report: list[str] = []
    articles, golds = [], []
    with tempfile.TemporaryDirectory(prefix="eval-dev-") as tmp:
        for path in paths:
            article = read_article(path)
            gold = load_file(dev / "gold" / f"{article.name}.yaml")
            articles.append(article)
            golds.append(gold)
            chronology = build_article(article, Path(tmp), raw=raw, model=model)
            if predictions is not None:
                predictions.mkdir(parents=True, exist_ok=True)
                (predictions / f"{article.name}.yaml").write_text(
                    to_yaml(chronology), encoding="utf-8"
                )
            predicted = chronology.to_dict()
            result = score(gold, predicted)
            rows.append((article.name, result))
            if errors:
                error_report.extend(error_lines(article.name, result, predicted))
        # ... and all of them as one folder: the merge across documents at work
        folder = stage(articles, Path(tmp) / "together", raw=raw)
        merged = build(folder, model=model, jobs=1, use_cache=False).timeline.to_dict()
        together = score(union_gold(golds), merged)
    total = micro(s for _, s in rows)
    for line in report(rows, total):
        echo(line)
    echo(
        f"all {len(articles)} as one folder: P {together['precision']:.3f}  "
        f"R {together['recall']:.3f}  F1 {together['f1']:.3f}  "
        f"date_exact {together['date_exact']:.3f}  predicted {together['predicted']}  "
        f"duplicates {together['duplicates']}  (gold: every article's events, so one event "
        "two articles tell counts twice)"
    )
    if errors:
        echo("")
        for line in error_report:
            echo(line)
    return {
        "mode": "raw" if raw else "manifest",
        "total": total,
        "together": {key: value for key, value in together.items() if key != "matches"},
        "articles": {
            name: {key: value for key, value in s.items() if key != "matches"} for name, s in rows
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path, nargs="?", default=Path("../shared/eval/dev"))
    parser.add_argument("--json", type=Path, default=Path("out/eval-dev.json"))
    parser.add_argument("--errors", action="store_true", help="print false positives and misses")
    parser.add_argument("--raw", action="store_true", help="the files as they are, no manifest")
    parser.add_argument("--only", help="articles whose name starts with or matches this glob")
    parser.add_argument("--model", help="spaCy model name or path")
    parser.add_argument("--predictions", type=Path, help="write each article's chronology here")
    args = parser.parse_args()
    loads: list[str | None] = []
    share_model(loads)
    started = time.perf_counter()
    payload = run(
        args.dev,
        raw=args.raw,
        only=args.only,
        model=args.model,
        predictions=args.predictions,
        echo=print,
        errors=args.errors,
    )
    seconds = time.perf_counter() - started
    print(f"{len(payload['articles'])} articles in {seconds:.1f}s, model loaded {len(loads)}x")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
