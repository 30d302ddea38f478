"""Score the temporal tagger and the naive spaCy + dateparser baseline on TimeML files.

Usage: python scripts/bench_dates.py DIR [--json out/bench-dates.json] [--errors N]

Prints a table of strict/relaxed P/R/F1, value accuracy, value F1 and type F1 for both
taggers over every ``*.tml`` in DIR (TempEval-3 Task A rules, see ``timeline.tempeval``).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

from timeline.nlp import load_pipeline, register_extensions
from timeline.tempeval import baseline_timexes, read_timeml, score
from timeline.timex import timeml_expressions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path, default=Path("out/bench-dates.json"))
    parser.add_argument("--errors", type=int, default=0, help="print N errors of ours")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.tml"))
    if not files:
        print(f"no .tml files in {args.folder}", file=sys.stderr)
        return 1
    register_extensions()
    nlp = load_pipeline()
    golds = [read_timeml(path) for path in files]
    docs = []
    for gold in golds:
        doc = nlp.make_doc(gold.text)
        doc._.timeline_dct = gold.dct
        doc._.timeline_dct_source = "manifest"
        docs.append(doc)
    started = time.perf_counter()
    with nlp.select_pipes(disable=["timeline_events"]):
        processed = list(nlp.pipe(docs))
    seconds = time.perf_counter() - started
    ours = score(
        (g.timexes, timeml_expressions(d._.timeline_timexes))
        for g, d in zip(golds, processed, strict=True)
    )
    base = score(
        (g.timexes, baseline_timexes(d, g.dct)) for g, d in zip(golds, processed, strict=True)
    )
    header = (
        f"{'tagger':<22}{'strict P/R/F1':>22}{'relaxed P/R/F1':>22}"
        f"{'val acc':>9}{'val F1':>8}{'type F1':>8}"
    )
    print(f"{len(files)} documents, {ours['gold']} gold expressions ({seconds:.1f}s pipeline)")
    print(header)
    for name, s in (("timeline (ours)", ours), ("spaCy+dateparser", base)):
        st, rl = s["strict"], s["relaxed"]
        print(
            f"{name:<22}{st['precision']:>8.3f}{st['recall']:>7.3f}{st['f1']:>7.3f}"
            f"{rl['precision']:>8.3f}{rl['recall']:>7.3f}{rl['f1']:>7.3f}"
            f"{s['value_accuracy']:>9.3f}{s['value_f1']:>8.3f}{s['type_f1']:>8.3f}"
        )
    kinds = collections.Counter(e["kind"] for e in ours["errors"])
    print("our errors:", dict(sorted(kinds.items())))
    for error in ours["errors"][: args.errors]:
        print("  ", json.dumps(error, ensure_ascii=False))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {"documents": len(files), "ours": ours, "baseline": base}
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
