"""Screenshots of a chronology page at desktop (1280x800) and phone (390x844) sizes.

Used by ``make screenshots`` (on the sample corpus's page) so a person can look at the page
without opening a browser: the plain view, the view with the first events' evidence open, and
the dark scheme, each at both sizes, as PNG files in the output folder.

    python scripts/screenshots.py out/seeds.html --out out
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_pages import DESKTOP, PHONE, chromium, open_page  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="the HTML page to photograph")
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for the PNG files")
    parser.add_argument("--hash", default="", help="filters to open the page with (type=visit)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        for viewport in (DESKTOP, PHONE):
            size = f"{viewport['width']}x{viewport['height']}"
            page, log = open_page(browser, args.page, viewport=viewport, hash=args.hash)
            shots = [f"screenshot-{size}.png"]
            page.screenshot(path=str(args.out / f"screenshot-{size}.png"))
            heads = page.locator(".event .head")
            for index in range(min(2, heads.count())):
                heads.nth(index).click()
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(args.out / f"screenshot-{size}-evidence.png"))
            shots.append(f"screenshot-{size}-evidence.png")
            page.keyboard.press("t")  # auto -> light
            page.keyboard.press("t")  # light -> dark
            page.screenshot(path=str(args.out / f"screenshot-{size}-dark.png"))
            shots.append(f"screenshot-{size}-dark.png")
            page.context.close()
            if log.errors or log.requests:
                raise SystemExit(f"page errors {log.errors} or requests {log.requests}")
            for name in shots:
                print(f"wrote {args.out / name}")


if __name__ == "__main__":
    main()
