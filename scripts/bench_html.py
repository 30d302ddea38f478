"""Load-and-render time of the HTML page of a synthetic 10,000-event chronology in Chromium.

Run by ``make bench-html`` and at the end of ``make bench``. The page is written with the
real renderer, opened from ``file://`` in the system Chromium (headless), and timed from
navigation until its script has rendered the first events; then the whole chronology is
filtered by a year range, and the text search runs over every event's evidence. Each
measure is the median of a few loads. Prints a table and writes JSON.

    python scripts/bench_html.py --events 10000 --json out/bench-html.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_pages import chromium, chromium_path, load_time, open_page, synthetic_timeline  # noqa: E402

from timeline.render.html import to_html  # noqa: E402


def filter_time(browser: Any, page_path: Path) -> dict[str, float]:
    """Seconds to apply a year range, then a text search, to the whole chronology."""
    page, _log = open_page(browser, page_path)
    timings = {}
    for name, field, value in (
        ("year_filter_s", "f-from", "2001"),
        ("text_search_s", "f-q", "kovar visit"),
    ):
        before = page.locator("#count").text_content()
        started = time.perf_counter()
        # a committed change (as on Enter or leaving the field): no typing pause
        page.evaluate(
            "([id, value]) => { const input = document.getElementById(id); input.value = value;"
            " input.dispatchEvent(new Event('change', {bubbles: true})); }",
            [field, value],
        )
        page.wait_for_function(
            "before => document.getElementById('count').textContent !== before", arg=before
        )
        timings[name] = round(time.perf_counter() - started, 3)
    page.context.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if chromium_path() is None:
        print("bench-html: no Chromium installed (apt-get install chromium); skipped")
        return
    timeline = synthetic_timeline(args.events)
    started = time.perf_counter()
    page_text = to_html(timeline, aliases={})
    render_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "synthetic.html"
        page_path.write_text(page_text, encoding="utf-8")
        with chromium() as browser:
            load_time(browser, page_path)  # warm-up: the first launch reads the browser's files
            loads = [load_time(browser, page_path) for _ in range(args.rounds)]
            filters = filter_time(browser, page_path)
    report = {
        "events": args.events,
        "page_bytes": len(page_text.encode("utf-8")),
        "python_render_s": round(render_s, 3),
        "load_and_render_s": statistics.median(run["seconds"] for run in loads),
        "load_and_render_runs_s": [run["seconds"] for run in loads],
        "dom_content_loaded_ms": statistics.median(r["dom_content_loaded_ms"] for r in loads),
        "rendered_events_at_load": loads[0]["rendered_events"],
        **filters,
    }
    print(f"HTML page of {args.events:,} synthetic events ({report['page_bytes'] / 1e6:.1f} MB)")
    print(f"  written by to_html in          {report['python_render_s']:.2f} s")
    print(
        f"  load and first render (median) {report['load_and_render_s']:.2f} s"
        f"  (runs {', '.join(f'{s:.2f}' for s in report['load_and_render_runs_s'])})"
    )
    print(f"  of which in the page (to DOMContentLoaded) {report['dom_content_loaded_ms']:.0f} ms")
    print(f"  events in the DOM after load   {report['rendered_events_at_load']}")
    print(f"  filter by a year range         {report['year_filter_s']:.2f} s")
    print(f"  text search over evidence      {report['text_search_s']:.2f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
