"""Benchmark: throughput against bare spaCy, incremental rebuilds, jobs, memory, merge scaling.

Run with ``make bench`` (or ``.venv/bin/python scripts/bench.py``). In one run it measures, on
a corpus of distinct real documents — the sample corpus plus the WikiWars texts stripped of
their TimeML markup (written to a temporary folder, never committed):

- bare ``nlp.pipe`` words/s: the same model and components the tool enables, without ours
  (``n_process=1``, batch 64), in this process, model already loaded;
- in-process extraction words/s: ``timeline.extract.extract`` with the same loaded pipeline
  (the cost of our components and of reducing Docs to records);
- cold ``timeline build`` words/s: the CLI end to end (start-up, model load, ingest, extraction,
  cache writes, merge, render) with one job and an empty cache;
- warm rebuild (nothing changed, same cache) time and cold/warm ratio;
- ``--jobs 2`` against ``--jobs 1`` (both with an empty cache);
- peak memory: the largest resident set of the process tree of each build, sampled from /proc;
- merge time of 10k/30k/100k synthetic mention records;
- one long document of 10k/20k/40k dated sentences, extracted in process: the time per
  sentence must stay flat (40k at most 2.3x 20k), i.e. no stage grows quadratically with the
  length of a document. ``--only long-doc`` runs this part alone.

Bare spaCy and the cold builds are measured in alternation over several rounds (``--rounds``,
default 3; each round runs --jobs 1, 2, 2, 1) and each ratio is the median of the rounds'
ratios: on a shared machine the speed of a core drifts by a third within minutes, so only runs
made close together compare. (With a fork server, the workers' CPU time is not the build's.)

Prints a table and writes JSON to ``out/bench.json``.
"""

from __future__ import annotations

import argparse
import calendar
import html
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.model import Mention  # noqa: E402
from timeline.registry import type_names  # noqa: E402

TARGETS = {
    "cold_vs_bare": 0.85,
    "warm_speedup": 20.0,
    "jobs2_speedup": 1.6,
    "peak_rss_mb": 600.0,
    "merge_100k_s": 10.0,
    "long_doc_40k_vs_20k": 2.3,
}

# --- corpus ----------------------------------------------------------------------------------

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<DCT>.*?value=\"([0-9-]+)\"", re.S)
_TAG = re.compile(r"<[^>]+>")


def strip_timeml(markup: str) -> tuple[str, str | None]:
    """(plain text, document date) of a TimeML file."""
    match = _TEXT.search(markup)
    body = match.group(1) if match else markup
    text = html.unescape(_TAG.sub("", body)).strip() + "\n"
    dct = _DCT.search(markup)
    return text, dct.group(1) if dct else None


def make_corpus(folder: Path, shared: Path) -> Path:
    """The benchmark corpus: the sample corpus and the stripped WikiWars texts."""
    corpus = folder / "corpus"
    shutil.copytree(ROOT / "data" / "seeds", corpus / "seeds")
    wikiwars = corpus / "wikiwars"
    wikiwars.mkdir(parents=True)
    entries = []
    for path in sorted((shared / "eval" / "wikiwars-train").glob("*.tml")):
        text, dct = strip_timeml(path.read_text(encoding="utf-8"))
        name = f"{path.stem}.txt"
        (wikiwars / name).write_text(text, encoding="utf-8")
        entries.append(
            f"  {name}:\n    title: {path.stem}\n" + (f"    published: {dct}\n" if dct else "")
        )
    if not entries:
        raise SystemExit(f"no WikiWars files under {shared / 'eval' / 'wikiwars-train'}")
    (wikiwars / "sources.yaml").write_text("documents:\n" + "".join(entries), encoding="utf-8")
    return corpus


# --- measurements ----------------------------------------------------------------------------


def _tree_rss_kb(pid: int) -> int:
    """Memory of a process and all its descendants (kB), from /proc: the proportional set size
    (pages shared between a parent and its forked workers counted once), else resident size."""
    total = 0
    stack = [pid]
    seen = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            total += _memory_kb(current)
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(child) for child in children)
        except (OSError, ValueError):
            continue
    return total


def _memory_kb(pid: int) -> int:
    for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


def run_build(args: list[str], *, sample_memory: bool = False) -> dict[str, Any]:
    """Run ``timeline build`` as a child process: wall and CPU time, and with
    ``sample_memory`` the peak memory of its process tree.

    Sampling reads every process's page tables twenty times a second, which takes a good
    part of a core: timed runs do not sample (it would slow a build on every core more than
    one on a single core), and memory is measured in runs of their own.
    """
    command = [str(ROOT / ".venv" / "bin" / "timeline"), "build", *args, "--quiet"]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while True:
        # wait4 reports the child's CPU time including its reaped child processes (not the
        # workers forked by a fork server, which the server reaps).
        pid, status, usage = os.wait4(child.pid, os.WNOHANG if sample_memory else 0)
        if pid:
            break
        if Path("/proc").is_dir():
            peak = max(peak, _tree_rss_kb(child.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    measured = {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime}
    if sample_memory:
        measured["peak_rss_mb"] = peak / 1024
    return measured


def load_corpus(corpus: Path) -> tuple[Any, list[Any]]:
    """The pipeline (model loaded, warmed up) and the benchmark documents, in this process."""
    from timeline.ingest import read_corpus
    from timeline.nlp import load_pipeline

    documents = read_corpus(corpus).documents
    nlp = load_pipeline()
    nlp("Warm-up sentence on 3 May 2021.")
    return nlp, documents


def bare(nlp: Any, documents: list[Any]) -> dict[str, Any]:
    """Bare ``nlp.pipe`` over the texts: the model's components the tool enables, not ours."""
    from timeline.nlp import model_id

    texts = [d.text for d in documents]
    ours = [name for name in nlp.pipe_names if name.startswith("timeline_")]
    with nlp.select_pipes(disable=ours):
        components = list(nlp.pipe_names)
        start, cpu = time.perf_counter(), time.process_time()
        words = 0
        for doc in nlp.pipe(texts, batch_size=64, n_process=1):
            words += sum(1 for t in doc if not (t.is_space or t.is_punct))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "model": model_id(nlp),
        "components": components,
        "documents": len(documents),
        "characters": sum(len(t) for t in texts),
        "words": words,
        "bare_seconds": seconds,
        "bare_cpu_seconds": cpu,
        "bare_wps": words / seconds,
    }


def in_process(nlp: Any, documents: list[Any], words: int) -> dict[str, Any]:
    """Our extraction with the same loaded pipeline: the cost of our components."""
    from timeline.extract import extract

    start, cpu = time.perf_counter(), time.process_time()
    extracted = list(extract(nlp, documents, batch_size=64))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "mentions": sum(len(r.mentions) for r in extracted),
        "extract_seconds": seconds,
        "extract_cpu_seconds": cpu,
        "extract_wps": words / seconds,
    }


# --- merge -----------------------------------------------------------------------------------


def synthetic_mentions(count: int, *, seed: int = 7) -> list[Mention]:
    """Mention records shaped like a large news archive's.

    Events (a third as many as mentions) over 25 years, with actors drawn from a pool of 3,000
    (a few very frequent), places from 400; each mention repeats one event's facts, often at a
    coarser date precision, with only a bound ("have signed": by the document's date) or a
    year-less date, or with an argument missing, in one of ``count / 8`` documents.
    """
    rng = random.Random(seed)
    actors = [f"Actor {i:04d}" for i in range(3000)]
    places = [f"Place {i:03d}" for i in range(400)]
    kinds = [k for k in type_names() if k != "other"]
    # (cumulative once: ``choices`` would add the 3,000 weights up again for every event)
    cum_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(actors))))
    events = []
    for _ in range(max(1, count // 3)):
        year = rng.randint(2000, 2024)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        cast = tuple(
            dict.fromkeys(rng.choices(actors, cum_weights=cum_weights, k=rng.randint(1, 3)))
        )
        events.append((rng.choice(kinds), year, month, day, cast, rng.choice(places)))
    documents = max(1, count // 8)
    mentions = []
    for index in range(count):
        kind, year, month, day, cast, place = rng.choice(events)
        precision = rng.random()
        date: str | None
        bound = None
        if precision < 0.73:
            date = f"{year:04d}-{month:02d}-{day:02d}"
        elif precision < 0.92:
            date = f"{year:04d}-{month:02d}"
        elif precision < 0.975:
            date = f"{year:04d}"
        elif precision < 0.995:  # "had accepted the invitation": by the document's date
            date, bound = None, f"<={min(year + 1, 2024):04d}-{month:02d}-{day:02d}"
        else:  # a day without its year (a document with no date of its own)
            date = f"XXXX-{month:02d}-{day:02d}"
        doc = f"doc{rng.randrange(documents):06d}.txt"
        start = index * 10 % 50_000
        mentions.append(
            Mention(
                doc=doc,
                sent_start=start,
                sent_end=start + 120,
                trigger_start=start + 10,
                trigger_end=start + 15,
                trigger=kind,
                type=kind,
                status="occurred",
                actors=cast if rng.random() < 0.85 else cast[:1],
                location=place if rng.random() < 0.6 else None,
                date=date,
                date_text=date,
                date_source="bound" if bound else "sentence",
                date_bound=bound,
                sentence=f"Synthetic sentence {index} about a {kind}.",
            )
        )
    return mentions


def merge_curve(sizes: list[int]) -> list[dict[str, Any]]:
    from timeline.merge import merge_mentions

    points = []
    for size in sizes:
        mentions = synthetic_mentions(size)
        start, cpu = time.perf_counter(), time.process_time()
        timeline = merge_mentions(mentions)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        points.append(
            {
                "mentions": size,
                "seconds": seconds,
                "cpu_seconds": cpu,
                "events": len(timeline.events),
            }
        )
    return points


# --- one long document ----------------------------------------------------------------------

_LONG_MONTHS = tuple(calendar.month_name[1:])
_LONG_TEMPLATES = (
    "On {day} {month} {year}, the foreign minister of Arcadia met his counterpart in Lindor.",
    "Talks between the two delegations resumed on {month} {day}, {year}, officials said.",
    "The governments of Norrland and Velmar signed a trade agreement on {day} {month} {year}.",
    "By {month} {year} the envoy had visited the capital twice, a spokeswoman said.",
    "A summit was held in Castrel on {day} {month} {year} after weeks of preparation.",
)


def long_document_text(sentences: int, *, seed: int = 11) -> str:
    """``sentences`` dated sentences, ten to a paragraph (made-up states and places)."""
    rng = random.Random(seed)
    lines = []
    for index in range(sentences):
        template = _LONG_TEMPLATES[index % len(_LONG_TEMPLATES)]
        lines.append(
            template.format(
                day=rng.randint(1, 28),
                month=rng.choice(_LONG_MONTHS),
                year=rng.randint(1950, 2020),
            )
        )
        lines.append("\n\n" if index % 10 == 9 else " ")
    return "".join(lines)


def long_document_curve(sizes: list[int]) -> list[dict[str, Any]]:
    """Extraction time of one document of each number of dated sentences, model loaded."""
    from timeline.extract import extract
    from timeline.model import Document, DocumentMeta
    from timeline.nlp import load_pipeline

    nlp = load_pipeline()
    # warm-up: the rules' data files are loaded on first use
    warm = Document(DocumentMeta(path="warm-up.txt"), long_document_text(100))
    next(extract(nlp, [warm]))
    points = []
    for size in sizes:
        text = long_document_text(size)
        document = Document(DocumentMeta(path=f"long-{size}.txt", dct="2021-06-01"), text)
        start, cpu = time.perf_counter(), time.process_time()
        result = next(extract(nlp, [document]))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        points.append(
            {
                "sentences": size,
                "characters": len(text),
                "seconds": seconds,
                "cpu_seconds": cpu,
                "ms_per_sentence": 1000 * seconds / size,
                "dated_mentions": sum(1 for m in result.mentions if m.date),
                "mentions": len(result.mentions),
            }
        )
    return points


def _long_ratio(points: list[dict[str, Any]], measure: str = "seconds") -> float | None:
    """Time of the largest document over the time of the one half its size, if measured."""
    by_size = {p["sentences"]: p[measure] for p in points}
    largest = max(by_size, default=0)
    half = by_size.get(largest // 2)
    return by_size[largest] / half if half else None


def _mean(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Two runs of one build as one: mean times, the larger peak."""
    return {
        "seconds": statistics.fmean(r["seconds"] for r in runs),
        "cpu_seconds": statistics.fmean(r["cpu_seconds"] for r in runs),
        "runs_seconds": [r["seconds"] for r in runs],
    }


def measure_builds(folder: Path, shared: Path, outputs: Path, rounds: int) -> dict[str, Any]:
    """Bare spaCy and cold builds with 1 and 2 jobs, measured in alternation over ``rounds``
    rounds (each: bare spaCy, then cold builds with --jobs 1, 2, 2, 1), so that each ratio
    compares runs made a minute or two apart at most, whatever else the
    machine is doing (on a shared machine, its speed drifts by a third over a quarter of an
    hour); the ratios reported are the medians of the rounds' ratios. The warm rebuild, the
    start-up and the in-process extraction are measured once."""
    corpus = make_corpus(folder, shared)
    nlp, documents = load_corpus(corpus)
    common = [str(corpus), "--format", "yaml"]
    per_round: list[dict[str, Any]] = []
    words = 0
    for number in range(max(1, rounds)):
        measured = bare(nlp, documents)
        words = measured["words"]
        # --jobs 1, --jobs 2, --jobs 2, --jobs 1: a steady drift in the machine's speed
        # weighs on both alike.
        runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
        for turn, jobs in enumerate((1, 2, 2, 1)):
            name = "cold.yaml" if jobs == 1 else "jobs2.yaml"
            cache = folder / f"cache{jobs}-{number}-{turn}"
            runs[jobs].append(
                run_build(
                    [*common, "-o", str(outputs / name), "-j", str(jobs), "--cache-dir", str(cache)]
                )
            )
            if jobs == 1 and turn == 0:
                cache1 = cache
        cold, jobs2 = _mean(runs[1]), _mean(runs[2])
        entry = {
            "bare_wps": measured["bare_wps"],
            "bare_cpu_seconds": measured["bare_cpu_seconds"],
            "cold_jobs1": {**cold, "wps": words / cold["seconds"]},
            "cold_jobs2": {**jobs2, "wps": words / jobs2["seconds"]},
            "cold_vs_bare": words / cold["seconds"] / measured["bare_wps"],
            "cold_vs_bare_cpu": measured["bare_cpu_seconds"] / cold["cpu_seconds"],
            "jobs2_speedup": cold["seconds"] / jobs2["seconds"],
        }
        if number == 0:
            corpus_report = measured
            corpus_report.update(in_process(nlp, documents, words))
            warm = run_build(
                [*common, "-o", str(outputs / "warm.yaml"), "-j", "1", "--cache-dir", str(cache1)]
            )
            entry["warm_speedup"] = cold["seconds"] / warm["seconds"]
        identical = (outputs / "cold.yaml").read_bytes() == (outputs / "jobs2.yaml").read_bytes()
        entry["identical_outputs"] = identical
        per_round.append(entry)
        print(
            f"round {number + 1}: bare {measured['bare_wps']:,.0f} words/s, cold --jobs 1 "
            f"{cold['seconds']:.1f} s, --jobs 2 {jobs2['seconds']:.1f} s "
            f"({entry['jobs2_speedup']:.2f}x)",
            flush=True,
        )
    # Peak memory, in runs of its own (see run_build).
    memory = {}
    for jobs in (1, 2):
        output, cache = outputs / f"memory{jobs}.yaml", folder / f"cache-memory{jobs}"
        args = [*common, "-o", str(output), "-j", str(jobs), "--cache-dir", str(cache)]
        memory[jobs] = run_build(args, sample_memory=True)["peak_rss_mb"]
    warm_memory = run_build(
        [*common, "-o", str(outputs / "warm.yaml"), "-j", "1", "--cache-dir", str(cache1)],
        sample_memory=True,
    )["peak_rss_mb"]
    # Start-up: import, model load and one sentence, to tell it apart from throughput.
    tiny = folder / "tiny"
    tiny.mkdir()
    (tiny / "one.txt").write_text("Ministers met in Lima on 4 May 2021.\n", "utf-8")
    startup = run_build([str(tiny), "--format", "yaml", "--jobs", "1", "--no-cache"])
    first = per_round[0]
    cold_seconds = statistics.median(r["cold_jobs1"]["seconds"] for r in per_round)
    jobs2_seconds = statistics.median(r["cold_jobs2"]["seconds"] for r in per_round)
    builds = {
        "cold_jobs1": {**first["cold_jobs1"], "seconds": cold_seconds, "wps": words / cold_seconds},
        "warm_jobs1": warm,
        "cold_jobs2": {
            **first["cold_jobs2"],
            "seconds": jobs2_seconds,
            "wps": words / jobs2_seconds,
        },
        "startup": startup,
        "identical_outputs": all(r["identical_outputs"] for r in per_round)
        and (outputs / "cold.yaml").read_bytes() == (outputs / "warm.yaml").read_bytes(),
    }
    builds["cold_jobs1"]["peak_rss_mb"] = memory[1]
    builds["cold_jobs2"]["peak_rss_mb"] = memory[2]
    builds["warm_jobs1"]["peak_rss_mb"] = warm_memory
    ratios = {
        "extract_vs_bare": corpus_report["extract_wps"] / corpus_report["bare_wps"],
        "extract_vs_bare_cpu": corpus_report["bare_cpu_seconds"]
        / corpus_report["extract_cpu_seconds"],
        "cold_vs_bare": statistics.median(r["cold_vs_bare"] for r in per_round),
        # The same ratio in CPU time, steadier than wall time on a shared machine.
        "cold_vs_bare_cpu": statistics.median(r["cold_vs_bare_cpu"] for r in per_round),
        "cold_vs_bare_after_startup": words
        / (cold_seconds - startup["seconds"])
        / statistics.median(r["bare_wps"] for r in per_round),
        "warm_speedup": first["warm_speedup"],
        "jobs2_speedup": statistics.median(r["jobs2_speedup"] for r in per_round),
        "jobs2_speedup_range": [
            min(r["jobs2_speedup"] for r in per_round),
            max(r["jobs2_speedup"] for r in per_round),
        ],
        "cold_vs_bare_range": [
            min(r["cold_vs_bare"] for r in per_round),
            max(r["cold_vs_bare"] for r in per_round),
        ],
        "peak_rss_mb": max(
            builds["cold_jobs1"]["peak_rss_mb"],
            warm_memory,
            builds["cold_jobs2"]["peak_rss_mb"],
        ),
    }
    corpus_report["bare_wps"] = statistics.median(r["bare_wps"] for r in per_round)
    return {"corpus": corpus_report, "builds": builds, "ratios": ratios, "rounds": per_round}


# --- report ----------------------------------------------------------------------------------


def _status(ok: bool) -> str:
    return "ok" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--out", type=Path, help="JSON report (out/bench.json; out/bench-long-doc.json with --only)"
    )
    parser.add_argument("--merge-sizes", default="10000,30000,100000")
    parser.add_argument("--skip-builds", action="store_true", help="Only the merge curve.")
    parser.add_argument("--long-sizes", default="10000,20000,40000")
    parser.add_argument(
        "--only",
        choices=["long-doc"],
        help="Run one part alone: long-doc (one document of --long-sizes dated sentences).",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="Rounds of (bare spaCy, cold --jobs 1, cold --jobs 2); ratios are their medians.",
    )
    options = parser.parse_args()

    if options.out is None:
        name = "bench.json" if options.only is None else f"bench-{options.only}.json"
        options.out = ROOT / "out" / name
    report: dict[str, Any] = {"cpus": os.cpu_count(), "targets": TARGETS}
    outputs = options.out.parent / "bench"
    outputs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as temporary:
        folder = Path(temporary)
        if not options.skip_builds and options.only is None:
            report.update(measure_builds(folder, options.shared, outputs, options.rounds))
        if options.only is None:
            sizes = [int(size) for size in options.merge_sizes.split(",") if size]
            report["merge"] = merge_curve(sizes)
        long_sizes = [int(size) for size in options.long_sizes.split(",") if size]
        report["long_document"] = long_document_curve(long_sizes)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nwritten {options.out}")


def print_table(report: dict[str, Any]) -> None:
    rows: list[tuple[str, str, str]] = []
    if "corpus" in report:
        corpus, builds, ratios = report["corpus"], report["builds"], report["ratios"]
        low1, high1 = ratios["cold_vs_bare_range"]
        low2, high2 = ratios["jobs2_speedup_range"]
        rows += [
            ("rounds", f"{len(report['rounds'])} (medians below)", ""),
            ("corpus", f"{corpus['documents']} docs, {corpus['words']:,} words", ""),
            ("model", f"{corpus['model']} [{', '.join(corpus['components'])}]", ""),
            ("bare nlp.pipe", f"{corpus['bare_wps']:,.0f} words/s", ""),
            ("extract (in process)", f"{corpus['extract_wps']:,.0f} words/s", ""),
            (
                "  ratio to bare",
                f"{ratios['extract_vs_bare']:.2f} (CPU time {ratios['extract_vs_bare_cpu']:.2f})",
                "",
            ),
            (
                "cold build --jobs 1",
                f"{builds['cold_jobs1']['wps']:,.0f} words/s "
                f"({builds['cold_jobs1']['seconds']:.1f} s)",
                "",
            ),
            (
                "  ratio to bare",
                f"{ratios['cold_vs_bare']:.2f} (rounds {low1:.2f}-{high1:.2f}; "
                f"CPU time {ratios['cold_vs_bare_cpu']:.2f})",
                f">= {TARGETS['cold_vs_bare']} {_status(ratios['cold_vs_bare'] >= 0.85)}",
            ),
            (
                "  start-up (import, model load)",
                f"{builds['startup']['seconds']:.1f} s; ratio to bare without it "
                f"{ratios['cold_vs_bare_after_startup']:.2f}",
                "",
            ),
            ("warm rebuild", f"{builds['warm_jobs1']['seconds']:.2f} s", ""),
            (
                "  cold / warm",
                f"{ratios['warm_speedup']:.1f}x",
                f">= 20x {_status(ratios['warm_speedup'] >= TARGETS['warm_speedup'])}",
            ),
            (
                "cold build --jobs 2",
                f"{builds['cold_jobs2']['wps']:,.0f} words/s "
                f"({builds['cold_jobs2']['seconds']:.1f} s)",
                "",
            ),
            (
                "  jobs 2 / jobs 1",
                f"{ratios['jobs2_speedup']:.2f}x (rounds {low2:.2f}-{high2:.2f})",
                f">= 1.6x {_status(ratios['jobs2_speedup'] >= TARGETS['jobs2_speedup'])}",
            ),
            (
                "peak memory (tree, PSS)",
                f"jobs1 {builds['cold_jobs1']['peak_rss_mb']:.0f} MB, "
                f"warm {builds['warm_jobs1']['peak_rss_mb']:.0f} MB, "
                f"jobs2 {builds['cold_jobs2']['peak_rss_mb']:.0f} MB",
                f"<= 600 MB {_status(ratios['peak_rss_mb'] <= TARGETS['peak_rss_mb'])}",
            ),
            ("identical YAML", "cold = warm = jobs 2" if builds["identical_outputs"] else "NO", ""),
        ]
    for point in report.get("merge", []):
        ok = point["seconds"] < TARGETS["merge_100k_s"] if point["mentions"] >= 100_000 else True
        rows.append(
            (
                f"merge {point['mentions'] // 1000}k mentions",
                f"{point['seconds']:.2f} s, CPU {point['cpu_seconds']:.2f} s "
                f"({point['events']:,} events)",
                f"< 10 s {_status(ok)}" if point["mentions"] >= 100_000 else "",
            )
        )
    for point in report["long_document"]:
        rows.append(
            (
                f"long document {point['sentences'] // 1000}k sentences",
                f"{point['seconds']:.1f} s, {point['ms_per_sentence']:.2f} ms/sentence "
                f"(CPU {1000 * point['cpu_seconds'] / point['sentences']:.2f}; "
                f"{point['dated_mentions']:,} dated, {point['mentions']:,} mentions)",
                "",
            )
        )
    ratio = _long_ratio(report["long_document"])
    if ratio is not None:
        limit = TARGETS["long_doc_40k_vs_20k"]
        cpu = _long_ratio(report["long_document"], "cpu_seconds") or 0.0
        rows.append(
            (
                "  largest / half its size",
                f"{ratio:.2f}x (CPU time {cpu:.2f}x)",
                f"<= {limit}x {_status(ratio <= limit)}",
            )
        )
    width = max(len(row[0]) for row in rows)
    value_width = max(len(row[1]) for row in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<{value_width}}  {target}".rstrip())


if __name__ == "__main__":
    main()
