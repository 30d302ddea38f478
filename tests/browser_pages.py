"""Helpers for the HTML page in a real browser: the system Chromium driven by Playwright.

Shared by the browser tests, ``scripts/bench_html.py`` and ``scripts/screenshots.py``. Nothing
here downloads a browser: Playwright is pointed at Debian's ``chromium`` (or the executable in
``$TIMELINE_CHROMIUM``). Every request the page makes is intercepted and recorded; only the
page file itself is let through, so a test can assert that the page asks for nothing else.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.model import Dispute, DocumentMeta, Event, Source, Timeline

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def chromium_path() -> str | None:
    """The system Chromium, or None when none is installed."""
    configured = os.environ.get("TIMELINE_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no Chromium found: apt-get install chromium, or set TIMELINE_CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did: requests beyond its own file, console errors, uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_page(
    browser: Any, path: Path, *, viewport: dict[str, int] | None = None, hash: str = ""
) -> tuple[Any, PageLog]:
    """Load ``path`` from ``file://`` and wait until the page's script has rendered it."""
    context = browser.new_context(viewport=viewport or DESKTOP)
    page = context.new_page()
    log = PageLog()
    url = path.resolve().as_uri()

    def route(request_route: Any) -> None:
        request_url = request_route.request.url
        if request_url.split("#")[0] == url:
            request_route.continue_()
        else:
            log.requests.append(request_url)
            request_route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    page.goto(url + (f"#{hash}" if hash else ""))
    page.wait_for_selector("html[data-ready='true']")
    return page, log


def load_time(browser: Any, path: Path) -> dict[str, float]:
    """Seconds from navigation to a rendered page, and the script's own part of it."""
    started = time.perf_counter()
    page, log = open_page(browser, path)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
    total = time.perf_counter() - started
    timing = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd}; }"
    )
    shown = page.locator(".event").count()
    page.context.close()
    if log.errors or log.requests:
        raise RuntimeError(f"page errors {log.errors} or requests {log.requests}")
    return {
        "seconds": round(total, 3),
        "dom_content_loaded_ms": round(timing["dom"], 1),
        "load_ms": round(timing["load"], 1),
        "rendered_events": shown,
    }


_STATES = ("Arvenia", "Belmora", "Corvia", "Dastan", "Elbaria", "Fennmark", "Galdor", "Hestia")
_PEOPLE = ("Ana Kovar", "Ben Osei", "Chen Lu", "Dara Quill", "Emil Strand", "Femi Adeyemi")
_CITIES = ("Port Lira", "Velden", "Ostrava Nova", "Kesh", "Mirabel", None)
_TYPES = ("visit", "meeting", "summit", "talks", "agreement", "invitation", "call", "statement")


def synthetic_timeline(count: int, *, seed: int = 16) -> Timeline:
    """A chronology of ``count`` invented events over 35 years, for load and filter tests."""
    rng = random.Random(seed)
    documents = tuple(
        DocumentMeta(
            path=f"wire/{n:05d}.txt",
            title=f"Dispatch {n}",
            outlet=f"Outlet {n % 40}",
            url=f"https://example.org/{n}" if n % 3 else None,
            dct=f"{1990 + n % 35}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            dct_source="manifest",
        )
        for n in range(max(1, count // 4))
    )
    events: list[Event] = []
    for n in range(count):
        year = 1990 + (n * 35) // count
        month = 1 + rng.randrange(12)
        day = 1 + rng.randrange(28)
        precision = rng.random()
        if precision < 0.7:
            date = f"{year}-{month:02d}-{day:02d}"
        elif precision < 0.9:
            date = f"{year}-{month:02d}"
        else:
            date = str(year)
        kind = rng.choice(_TYPES)
        actors = (*tuple(rng.sample(_STATES, 2)), rng.choice(_PEOPLE))
        place = rng.choice(_CITIES)
        sources = []
        for k in range(1 + rng.randrange(3)):
            sentence = (
                f"Officials said {actors[2]} would {kind} with counterparts from {actors[1]} "
                f"on {date}, the {k + 1}th report of item {n} noted."
            )
            at = sentence.index(kind)
            sources.append(
                Source(
                    document=documents[rng.randrange(len(documents))].path,
                    sentence=sentence,
                    start=100,
                    end=100 + len(sentence),
                    trigger=kind,
                    trigger_start=100 + at,
                    trigger_end=100 + at + len(kind),
                    date_text=date,
                    date=date,
                )
            )
        events.append(
            Event(
                id=f"syn{n:07d}",
                date=date,
                type=kind,
                status="planned" if rng.random() < 0.1 else "occurred",
                title=f"{actors[0]} and {actors[1]}: {kind} no. {n}",
                actors=actors,
                location=place,
                confidence=round(rng.random(), 2),
                sources=tuple(sources),
                disputed=(Dispute(f"{year}-01", (documents[0].path,)),) if n % 97 == 0 else (),
            )
        )
    events.sort(key=lambda e: (e.date or "", e.id))
    return Timeline(documents=documents, events=tuple(events))
