"""Benchmark of the cluster build: Dask's overhead on one machine, and the partitioned merge.

Run with ``make bench-dask`` (or ``.venv/bin/python scripts/bench_dask.py``). It measures:

- the benchmark corpus of ``scripts/bench.py`` (the sample corpus and the WikiWars texts) built
  with ``--scheduler local --cluster-workers 2`` against ``--jobs 2`` (both without cache, in
  alternation over ``--rounds`` rounds; the overhead is the median of the rounds' ratios), and
  the per-core extraction rate this gives, with the outputs checked byte-identical;
- the merge of 100k, 300k and 1M synthetic mentions (``bench.synthetic_mentions``): the
  single-process merge, the partitioned merge run as plain functions in one process, and the
  partitioned merge as Dask tasks on a ``LocalCluster`` of 2 worker processes — wall time of
  the merge alone and peak memory of the process tree (each run in a process of its own; the
  chronologies are checked identical);
- at each size, the boundary step of the largest family alone (the one task whose reach is a
  whole family), in memory and spilled to disk: its time, and how far its process's memory
  rose above what it held when the step began (the task's own working memory).

Prints a table and writes JSON to ``out/bench-dask.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from bench import _tree_rss_kb, make_corpus, run_build, synthetic_mentions  # noqa: E402

TARGETS = {"overhead": 0.15}
MERGE_MODES = ("single", "partitioned", "partitioned-dask")
BOUNDARY_MODES = ("in-memory", "spilled")


def count_words(corpus: Path) -> tuple[int, int]:
    """(documents, words) of the corpus: tokens neither space nor punctuation, as the build
    counts them (the tokenizer of the model's language, without the model)."""
    import spacy

    from timeline.ingest import read_corpus

    documents = read_corpus(corpus).documents
    tokenizer = spacy.blank("en").tokenizer
    words = sum(1 for d in documents for t in tokenizer(d.text) if not (t.is_space or t.is_punct))
    return len(documents), words


def measure_overhead(shared: Path, folder: Path, rounds: int) -> dict[str, Any]:
    corpus = make_corpus(folder, shared)
    documents, words = count_words(corpus)
    common = [str(corpus), "--format", "yaml", "--no-cache"]
    ratios, local_runs, jobs_runs, digests = [], [], [], set()
    for number in range(rounds):
        # Alternate the order, so a drift of the shared machine's speed weighs on both.
        order = ("jobs", "local") if number % 2 == 0 else ("local", "jobs")
        timed: dict[str, dict[str, Any]] = {}
        for kind in order:
            out = folder / f"{kind}-{number}.yaml"
            extra = (
                ["-j", "2"]
                if kind == "jobs"
                else ["--scheduler", "local", "--cluster-workers", "2"]
            )
            timed[kind] = run_build([*common, *extra, "-o", str(out)])
            digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
        local_runs.append(timed["local"])
        jobs_runs.append(timed["jobs"])
        ratios.append(timed["local"]["seconds"] / timed["jobs"]["seconds"])
        print(
            f"round {number + 1}: --jobs 2 {timed['jobs']['seconds']:.1f} s, --scheduler local "
            f"(2 workers) {timed['local']['seconds']:.1f} s",
            flush=True,
        )
    jobs_seconds = statistics.median(r["seconds"] for r in jobs_runs)
    local_seconds = statistics.median(r["seconds"] for r in local_runs)
    return {
        "documents": documents,
        "words": words,
        "jobs2_seconds": [r["seconds"] for r in jobs_runs],
        "local2_seconds": [r["seconds"] for r in local_runs],
        "overhead": statistics.median(ratios) - 1,
        "identical_output": len(digests) == 1,
        # Two cores did the work in both: the rate one core sustains, start-up included.
        "words_per_core_second": words / local_seconds / 2,
        "words_per_core_second_jobs": words / jobs_seconds / 2,
    }


def merge_once(size: int, mode: str) -> dict[str, Any]:
    """One merge in this process (run as a child by :func:`measure_merge`)."""
    from timeline.merge import merge_mentions
    from timeline.merge.partition import merge_partitioned, timeline_of

    mentions = synthetic_mentions(size)
    start = time.perf_counter()
    cpu = time.process_time()
    workers_cpu = 0.0
    if mode == "single":
        timeline = merge_mentions(mentions)
    elif mode == "partitioned":
        timeline = timeline_of(merge_partitioned(mentions), [])
    else:
        from distributed import Client, LocalCluster

        from timeline.cluster.tasks import DaskTasks

        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            Client(cluster) as client,
        ):
            client.wait_for_workers(2)
            before = client.run(time.process_time)
            start = time.perf_counter()
            cpu = time.process_time()
            events = merge_partitioned(mentions, tasks=DaskTasks(client))
            timeline = timeline_of(events, [])
            after = client.run(time.process_time)
            workers_cpu = sum(after[w] - before[w] for w in after)
    seconds = time.perf_counter() - start
    # CPU time of this process and (Dask) its workers: what a shared machine's load disturbs
    # least (wall time there depends on what else runs).
    cpu_seconds = time.process_time() - cpu + workers_cpu
    digest = hashlib.sha256(json.dumps(timeline.to_dict(), sort_keys=True).encode()).hexdigest()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "events": len(timeline.events),
        "digest": digest,
    }


def boundary_once(size: int, mode: str) -> dict[str, Any]:
    """The boundary step of the largest family, in this process (run as a child): its time,
    and how far the process's memory rose above what it held when the step began (the
    family's partitions, as a worker holds them) — the task's own working memory. ``mode``:
    ``in-memory``, or ``spilled`` (its clusters and index on disk)."""
    import ctypes
    import threading

    import psutil

    from timeline.merge.partition import InProcess, Spilling, merge_partitioned, reconcile_family

    measured: dict[str, Any] = {}

    class Measured(InProcess):
        def submit(self, place: int | None, fn: Any, *args: Any) -> Any:
            if fn is not reconcile_family:
                return fn(*args)
            gc.collect()
            ctypes.CDLL("libc.so.6").malloc_trim(0)  # (what was freed goes back first)
            process = psutil.Process()
            before = process.memory_info().rss
            peak = [before]
            done = threading.Event()

            def poll() -> None:
                while not done.wait(0.02):
                    peak[0] = max(peak[0], process.memory_info().rss)

            watcher = threading.Thread(target=poll, daemon=True)
            watcher.start()
            start = time.perf_counter()
            try:
                return fn(*args)
            finally:
                measured["seconds"] = time.perf_counter() - start
                done.set()
                watcher.join()
                measured["task_mb"] = (peak[0] - before) / 2**20
                measured["family_mentions"] = sum(len(part.value.mentions) for part in args[1])
                raise _Measured  # (the largest family comes first: the rest is not needed)

    over = 0 if mode == "spilled" else 10**12
    with contextlib.suppress(_Measured):
        merge_partitioned(synthetic_mentions(size), tasks=Measured(), spill=Spilling(over=over))
    return measured


class _Measured(Exception):
    """The boundary step was measured."""


def measure_merge(size: int, mode: str) -> dict[str, Any]:
    """:func:`merge_once` in a child process, with the peak memory of its process tree."""
    command = [sys.executable, __file__, "--merge-once", str(size), mode]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss_kb(child.pid))
        time.sleep(0.5)
    stdout = child.stdout.read().decode() if child.stdout else ""
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    measured = json.loads(stdout.strip().splitlines()[-1])
    measured["peak_rss_mb"] = peak / 1024
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench-dask.json")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--skip-builds", action="store_true", help="only the merge")
    parser.add_argument("--merge-once", nargs=2, metavar=("SIZE", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.merge_once:
        size, mode = int(args.merge_once[0]), args.merge_once[1]
        once = boundary_once if mode in BOUNDARY_MODES else merge_once
        print(json.dumps(once(size, mode)))
        return
    report: dict[str, Any] = {"cores": os.cpu_count(), "load_average": os.getloadavg()[0]}
    if not args.skip_builds:
        with tempfile.TemporaryDirectory(prefix="timeline-bench-dask-") as scratch:
            report["build"] = measure_overhead(args.shared, Path(scratch), args.rounds)
        write(args.out, report)
    merges: list[dict[str, Any]] = []
    report["merge"] = merges
    for size in (int(s) for s in args.sizes.split(",") if s):
        point: dict[str, Any] = {"mentions": size}
        for mode in MERGE_MODES:
            point[mode] = measure_merge(size, mode)
            print(
                f"merge {size:>9,} {mode:<17} {point[mode]['seconds']:8.1f} s "
                f"{point[mode]['cpu_seconds']:8.1f} CPU s {point[mode]['peak_rss_mb']:8.0f} MB",
                flush=True,
            )
        point["identical"] = len({point[m]["digest"] for m in MERGE_MODES}) == 1
        for mode in BOUNDARY_MODES:
            point[f"boundary-{mode}"] = found = measure_merge(size, mode)
            print(
                f"boundary step of the largest family ({found['family_mentions']:,} dated "
                f"mentions), {mode}: {found['seconds']:.1f} s, its own memory "
                f"{found['task_mb']:,.0f} MB",
                flush=True,
            )
        merges.append(point)
        write(args.out, report)  # after each size: the largest take long on a busy machine
    write(args.out, report)
    print_table(report)


def write(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def print_table(report: dict[str, Any]) -> None:
    build = report.get("build")
    if build:
        ok = build["overhead"] <= TARGETS["overhead"]
        print(f"\ncorpus: {build['documents']} documents, {build['words']:,} words")
        print(
            f"--jobs 2:                         {statistics.median(build['jobs2_seconds']):.1f} s"
        )
        print(
            f"--scheduler local, 2 workers:     {statistics.median(build['local2_seconds']):.1f} s"
        )
        print(
            f"overhead:                         {build['overhead']:+.1%} "
            f"(target <= {TARGETS['overhead']:.0%}: {'met' if ok else 'NOT met'})"
        )
        print(f"output identical:                 {build['identical_output']}")
        print(f"words per core-second (cluster):  {build['words_per_core_second']:,.0f}")
    print(f"\n{'mentions':>10} {'mode':<18} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}  identical")
    for point in report["merge"]:
        for mode in MERGE_MODES:
            m = point[mode]
            print(
                f"{point['mentions']:>10,} {mode:<18} {m['seconds']:>8.1f} "
                f"{m['cpu_seconds']:>8.1f} {m['peak_rss_mb']:>8.0f}  {point['identical']}"
            )
    print(f"\n{'mentions':>10} boundary step of the largest family: seconds, its own MB")
    for point in report["merge"]:
        cells = [point.get(f"boundary-{mode}") for mode in BOUNDARY_MODES]
        if all(cells):
            print(
                f"{point['mentions']:>10,} "
                + "  ".join(
                    f"{mode} {c['seconds']:.1f} s {c['task_mb']:,.0f} MB"
                    for mode, c in zip(BOUNDARY_MODES, cells, strict=True)
                    if c
                )
            )


if __name__ == "__main__":
    main()
