"""Turn TimeML news files (.tml) into a plain wire-service archive that `timeline build` reads.

Each ``<TEXT>`` element loses its tags and becomes ``DOCID.txt``; the publication date (the
TIMEX3 with ``functionInDocument="CREATION_TIME"``), the ``<TITLE>`` when there is one and the
agency named by the DOCID prefix go to one ``sources.yaml`` manifest beside them. A tool for
measuring the extraction on real wire text, not part of the product.

Example:
    python scripts/make_wire_archive.py /work/shared/eval/tbaq/TimeBank \
        /work/shared/eval/tbaq/AQUAINT --out /tmp/wire
"""

from __future__ import annotations

import argparse
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

# DOCID prefixes of TimeBank and AQUAINT and the agency or paper each names.
OUTLETS = {
    "ABC": "ABC News",
    "APW": "Associated Press",
    "AP": "Associated Press",
    "CNN": "CNN",
    "NYT": "The New York Times",
    "PRI": "Public Radio International",
    "VOA": "Voice of America",
    "WSJ": "The Wall Street Journal",
    "XIE": "Xinhua",
    "EA": "ABC News",
    "ED": "ABC News",
    "SJMN": "San Jose Mercury News",
    "NBC": "NBC News",
}


def outlet_of(docid: str) -> str | None:
    """The agency a DOCID's letters name, or None."""
    letters = re.match(r"[A-Za-z]+", docid)
    return OUTLETS.get(letters.group(0).upper()) if letters else None


def plain_text(element: ET.Element) -> str:
    """An element's text with every tag removed and runs of blank lines kept as paragraphs."""
    text = "".join(element.itertext())
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def read_tml(path: Path) -> tuple[str, dict[str, str]]:
    """The plain text of one TimeML file and its manifest entry."""
    root = ET.parse(path).getroot()
    docid = (root.findtext("DOCID") or path.stem).strip()
    entry: dict[str, str] = {}
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            entry["published"] = (timex.get("value") or "")[:10]
            break
    title = root.findtext("TITLE")
    if title and title.strip():
        entry["title"] = " ".join(title.split())
    outlet = outlet_of(docid)
    if outlet:
        entry["outlet"] = outlet
    body = root.find("TEXT")
    return (plain_text(body) if body is not None else ""), entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of .tml files")
    parser.add_argument("--out", type=Path, required=True, help="the archive folder to write")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict[str, str]] = {}
    for folder in args.folders:
        for path in sorted(folder.glob("*.tml")):
            text, entry = read_tml(path)
            name = f"{path.stem}.txt"
            (args.out / name).write_text(text, encoding="utf-8")
            manifest[name] = entry
    with (args.out / "sources.yaml").open("w", encoding="utf-8") as handle:
        yaml.safe_dump({"documents": dict(sorted(manifest.items()))}, handle, sort_keys=False)


if __name__ == "__main__":
    main()
