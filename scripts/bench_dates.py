"""Score the temporal tagger, the naive baseline and HeidelTime on WikiWars and TBAQ side by side.

Usage: python scripts/bench_dates.py [--wikiwars DIR] [--tbaq DIR] [--json out/bench-dates.json]
                                     [--peers .venv-peers] [--no-peer] [--errors SET] [--limit N]

Each set is a folder of TimeML files (searched recursively): ``--wikiwars`` (narrative
histories; HeidelTime in its narratives mode) and ``--tbaq`` (TimeBank and AQUAINT news;
HeidelTime in news mode with the DCT). Prints, per set, strict and relaxed P/R/F1, value
accuracy, value F1 and type F1 (TempEval-3 Task A, see ``timeline.tempeval``) for ours, the
spaCy + dateparser baseline and HeidelTime, run from ``--peers`` (see ``heideltime_peer.py``;
without java or that environment, ours alone). ``--errors tbaq`` (or ``wikiwars``) prints our
value errors grouped by class, with examples, and our misses and spurious expressions by type.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from heideltime_peer import HeidelTime, Job, find_heideltime

from timeline.nlp import load_pipeline, register_extensions
from timeline.tempeval import (
    TimeMLDoc,
    anchor_tagged,
    baseline_timexes,
    read_timeml,
    score,
    value_error_class,
)
from timeline.timex import timeml_expressions

# Set name → HeidelTime document type.
MODES = {"wikiwars-train": "narratives", "tbaq": "news"}
CACHE = Path("out/heideltime-cache")


def read_set(folder: Path, limit: int | None) -> list[TimeMLDoc]:
    files = sorted(folder.rglob("*.tml"))[:limit]
    if not files:
        raise SystemExit(f"no .tml files under {folder}")
    return [read_timeml(path) for path in files]


def day(dct: str | None) -> str | None:
    """The DCT's day: TBAQ gives some with a time of day (``1999-10-24T20:00``)."""
    return dct[:10] if dct else None


def run_ours(nlp: Any, docs: Sequence[TimeMLDoc]) -> tuple[list[Any], list[Any], float]:
    """Our expressions and the baseline's for every document, and the pipeline's seconds."""
    prepared = []
    for gold in docs:
        doc = nlp.make_doc(gold.text)
        doc._.timeline_dct = day(gold.dct)
        doc._.timeline_dct_source = "manifest"
        prepared.append(doc)
    started = time.perf_counter()
    with nlp.select_pipes(disable=["timeline_events"]):
        processed = list(nlp.pipe(prepared))
    seconds = time.perf_counter() - started
    ours = [timeml_expressions(d._.timeline_timexes) for d in processed]
    base = [baseline_timexes(d, day(g.dct)) for g, d in zip(docs, processed, strict=True)]
    return ours, base, seconds


def run_peer(
    peer: HeidelTime, docs: Sequence[TimeMLDoc], mode: str, processes: int
) -> tuple[list[Any], dict[str, int]]:
    """HeidelTime's expressions for every document, re-anchored on its text."""
    jobs = [Job(g.text, day(g.dct) if mode == "news" else None, mode) for g in docs]
    outputs, problems = peer.tag(jobs, CACHE, processes=processes)
    for line in problems[:10]:
        print(f"HeidelTime: {line}", file=sys.stderr)
    predicted = []
    failed = unanchored = 0
    for gold, tagged in zip(docs, outputs, strict=True):
        if tagged is None:
            failed += 1
            predicted.append([])
            continue
        expressions, missing = anchor_tagged(tagged, gold.text)
        unanchored += missing
        predicted.append(expressions)
    return predicted, {"failed_documents": failed, "unanchored": unanchored}


def _row(name: str, s: dict[str, Any]) -> str:
    st, rl = s["strict"], s["relaxed"]
    return (
        f"  {name:<26}{st['precision']:>7.3f}{st['recall']:>7.3f}{st['f1']:>7.3f}"
        f"{rl['precision']:>8.3f}{rl['recall']:>7.3f}{rl['f1']:>7.3f}"
        f"{s['value_accuracy']:>9.3f}{s['value_f1']:>8.3f}{s['type_f1']:>8.3f}"
    )


def print_error_classes(errors: list[dict[str, Any]], examples: int) -> None:
    """Our value errors grouped by class (largest first), then misses and spurious by type."""
    values = [e for e in errors if e["kind"] == "value"]
    classes: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for error in values:
        kind = value_error_class(error["gold_type"], error["gold"], error["type"], error["value"])
        classes[kind].append(error)
    print(f"\nour value errors by class ({len(values)}):")
    for kind, items in sorted(classes.items(), key=lambda item: (-len(item[1]), item[0])):
        print(f"  {len(items):>4}  {kind}")
        for e in items[:examples]:
            text = " ".join(e["gold_text"].split())
            print(
                f"          {text!r}: gold {e['gold_type']} {e['gold']}, ours {e['type']} "
                f"{e['value']}  ({e['document']})"
            )
    for kind, key in (("missed", "gold_type"), ("spurious", "type")):
        items = [e for e in errors if e["kind"] == kind]
        by_type = collections.Counter(e[key] for e in items)
        print(f"\nour {kind} expressions ({len(items)}): {dict(sorted(by_type.items()))}")
        for e in items[:examples]:
            value = e.get("gold") if kind == "missed" else e.get("value")
            print(f"          {' '.join(e['text'].split())!r} {e[key]} {value}  ({e['document']})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wikiwars", type=Path, help="folder of WikiWars .tml files")
    parser.add_argument("--tbaq", type=Path, help="folder of TBAQ-cleaned .tml files")
    parser.add_argument("--json", type=Path, default=Path("out/bench-dates.json"))
    parser.add_argument("--peers", type=Path, default=Path(".venv-peers"))
    parser.add_argument("--no-peer", action="store_true", help="do not run HeidelTime")
    parser.add_argument("--jvms", type=int, default=2, help="HeidelTime processes (default 2)")
    parser.add_argument("--errors", choices=["wikiwars", "tbaq"], help="our value errors by class")
    parser.add_argument("--examples", type=int, default=4, help="examples per error class")
    parser.add_argument("--limit", type=int, help="only the first N documents of each set")
    args = parser.parse_args()
    folders = {"wikiwars-train": args.wikiwars, "tbaq": args.tbaq}
    sets = {name: folder for name, folder in folders.items() if folder is not None}
    if not sets:
        parser.error("give --wikiwars DIR and/or --tbaq DIR")
    peer, peer_note = (None, "HeidelTime not run (--no-peer)")
    if not args.no_peer:
        peer, peer_note = find_heideltime(args.peers)
    register_extensions()
    nlp = load_pipeline()
    payload: dict[str, Any] = {"heideltime": peer_note, "sets": {}}
    lines = []
    for name, folder in sets.items():
        docs = read_set(folder, args.limit)
        names = [str(Path(d.name)) for d in docs]
        ours, base, seconds = run_ours(nlp, docs)
        golds = [d.timexes for d in docs]
        results = {
            "timeline (ours)": score(zip(golds, ours, strict=True), names=names),
            "spaCy+dateparser": score(zip(golds, base, strict=True), names=names),
        }
        entry: dict[str, Any] = {"documents": len(docs), "gold": results["timeline (ours)"]["gold"]}
        if peer is not None:
            started = time.perf_counter()
            theirs, problems = run_peer(peer, docs, MODES[name], args.jvms)
            label = f"HeidelTime ({MODES[name]})"
            results[label] = score(zip(golds, theirs, strict=True), names=names)
            entry["heideltime_run"] = {**problems, "seconds": round(time.perf_counter() - started)}
        entry.update({"ours_seconds": round(seconds, 1), "taggers": results})
        payload["sets"][name] = entry
        lines.append(f"{name}: {len(docs)} documents, {entry['gold']} gold expressions")
        lines.extend(_row(label, s) for label, s in results.items())
    header = (
        f"  {'tagger':<26}{'strict P/R/F1':>21}{'relaxed P/R/F1':>22}"
        f"{'val acc':>9}{'val F1':>8}{'type F1':>8}"
    )
    print(peer_note)
    print(header)
    for line in lines:
        print(line)
    for name, entry in payload["sets"].items():
        run = entry.get("heideltime_run")
        if run:
            print(
                f"{name}: HeidelTime {run['seconds']}s, {run['failed_documents']} documents "
                f"failed, {run['unanchored']} expressions not found in the text"
            )
    if args.errors:
        name = "tbaq" if args.errors == "tbaq" else "wikiwars-train"
        if name not in payload["sets"]:
            parser.error(f"--errors {args.errors} needs that set")
        print_error_classes(
            payload["sets"][name]["taggers"]["timeline (ours)"]["errors"], args.examples
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
