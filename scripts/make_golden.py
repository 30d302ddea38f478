"""Regenerate the renderers' golden files from the saved chronology snapshot.

Run by ``make golden`` after it rebuilds ``tests/golden/seeds.timeline.yaml`` from the sample
corpus. The snapshot is the input of the golden tests (so they do not move when extraction
improves); every file written here is the expected output of one format. Review the diff of
``tests/golden/`` before committing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from golden_cases import CASES, SNAPSHOT, render_case  # noqa: E402

from timeline.render.serial import read_timeline  # noqa: E402


def main() -> None:
    timeline = read_timeline(SNAPSHOT)
    for name in CASES:
        path = SNAPSHOT.parent / name
        path.write_bytes(render_case(timeline, name).encode("utf-8"))
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
