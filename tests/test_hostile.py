"""Hostile input (issue 17): nothing a document says reaches a terminal, a spreadsheet or a page
as code; YAML from users is read safely; mistakes in options are usage errors.

Every document and chronology here is written for the test, full of escape sequences, markup,
formulas and HTML.
"""

from __future__ import annotations

import csv
import io
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from rich.console import Console

from timeline.cli import cli
from timeline.errors import InputError
from timeline.ingest import MAX_MANIFEST_BYTES, Note, Skipped, read_corpus, read_manifest
from timeline.model import DocumentMeta, Event, Source, Timeline
from timeline.pipeline import _useful_jobs
from timeline.render import FILE_FORMATS, render
from timeline.render.report import build_report
from timeline.render.safe import ESCAPE_SYMBOL, display
from timeline.render.serial import to_yaml
from timeline.render.tabular import FORMULA_STARTS
from timeline.render.terminal import timeline_view

# Clears the screen, retitles the window, a fake OSC 8 link, a DCS string, an 8-bit CSI, a lone
# ESC, a BEL, a backspace and rich markup: each must come out inert.
PAYLOAD = (
    "\x1b[2J\x1b]0;owned\x07\x1b]8;;https://evil.example/\x1b\\here\x1b]8;;\x1b\\"
    "\x1bP+q544e\x1b\\\x9b1;31m\x1b\x08 [bold]loud[/bold]"
)
# A file name cannot hold "/".
NAME_PAYLOAD = PAYLOAD.replace("/", "")
# The same in a YAML double-quoted scalar (raw control characters are not valid YAML).
YAML_PAYLOAD = r'"\e[2J\e]0;owned\a\e]8;;https://evil.example/\e\\here\e]8;;\e\\\x9b1;31m\e"'
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BAD_URLS = ("javascript:alert(1)", "x<img src=x onerror=alert(1)//", "data:text/html,<b>x</b>")


def assert_inert(text: str) -> None:
    """No ESC, 8-bit CSI or other control character (but tab and newline) in ``text``."""
    found = CONTROLS.findall(text)
    assert not found, f"control characters reached the output: {found[:5]!r}"


def hostile_timeline() -> Timeline:
    sentence = f'Leaders met in Oslo{PAYLOAD} and =HYPERLINK("http://evil") talked.'
    documents = tuple(
        DocumentMeta(
            path=f"{PAYLOAD}{index}.txt" if index else "=cmd|' /C calc'!A0.txt",
            title=f"-{PAYLOAD} <script>alert(1)</script> [b]x[/b]",
            outlet=f"@SUM(1+1){PAYLOAD}",
            url=url,
            dct="2024-05-06",
            dct_source="manifest",
        )
        for index, url in enumerate((*BAD_URLS, "https://example.org/a b?q=<x>&r=1"))
    )
    sources = tuple(
        Source(
            document=meta.path,
            sentence=sentence,
            start=0,
            end=len(sentence),
            trigger="met",
            trigger_start=8,
            trigger_end=11,
            date_text=None,
        )
        for meta in documents
    )
    event = Event(
        id="e1",
        date="2024-05-06",
        type="meeting",
        status="occurred",
        title=f"+{PAYLOAD} meets <img src=x onerror=alert(1)>",
        actors=(f"=1+2{PAYLOAD}", "\tTab State"),
        location=f"@Oslo{PAYLOAD}",
        confidence=0.5,
        sources=sources,
    )
    return Timeline(documents=documents, events=(event,))


def _run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


# --- 1. one sanitiser for display ------------------------------------------------------------


@given(st.text())
def test_display_leaves_no_control_character_and_keeps_every_offset(text: str) -> None:
    for lines in (False, True):
        shown = display(text, lines=lines)
        assert len(shown) == len(text)
        assert_inert(shown.replace("\t", "").replace("\n", ""))
        if not lines:
            assert "\n" not in shown and "\t" not in shown


def test_display_makes_escape_visible_and_leaves_ordinary_text_alone() -> None:
    assert display("\x1b[2J") == f"{ESCAPE_SYMBOL}[2J"
    assert display("Café — “quoted” [bold]") == "Café — “quoted” [bold]"


def test_terminal_view_with_details_prints_no_escape_and_markup_literally() -> None:
    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(timeline_view(hostile_timeline(), details=True))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert_inert(text)
    assert "[bold]loud[/bold]" in text and f"{ESCAPE_SYMBOL}[2J" in text


def test_report_lines_print_no_escape() -> None:
    lines = build_report(
        documents=1,
        skipped=[Skipped(f"a{PAYLOAD}.txt", f"empty file {PAYLOAD}")],
        degraded=[(f"b{PAYLOAD}.txt", PAYLOAD)],
        notes=[Note(f"c{PAYLOAD}.txt", PAYLOAD)],
    )
    console = Console(width=100, file=io.StringIO(), force_terminal=True)
    for line in lines:
        console.print(line, soft_wrap=True)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    # A real terminal gets the report's own colours (SGR) and nothing else.
    assert_inert(re.sub(r"\x1b\[[0-9;]*m", "", text))


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(to_yaml(hostile_timeline()), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["terminal", *FILE_FORMATS])
def test_show_prints_no_escape_in_any_format(saved: Path, fmt: str) -> None:
    result = _run("show", saved, "--details", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout + result.stderr)


def test_errors_naming_a_hostile_file_print_no_escape(tmp_path: Path) -> None:
    missing = tmp_path / f"gone{NAME_PAYLOAD}.yaml"
    for args in (("show", missing), ("eval", missing, missing), ("build", missing)):
        result = _run(*args)
        assert result.exit_code == 1
        assert "gone" in result.stderr and "Traceback" not in result.output
        assert_inert(result.stdout + result.stderr)


def test_eval_prints_no_escape_from_a_hostile_gold_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        f"events:\n- id: {YAML_PAYLOAD}\n  date: 2024-05-06\n  type: meeting\n"
        f"  actors: [{YAML_PAYLOAD}]\n  location: {YAML_PAYLOAD}\n",
        encoding="utf-8",
    )
    for extra in ((), ("--json",)):
        result = _run("eval", gold, tmp_path / "hostile.yaml", *extra)
        assert result.exit_code == 1  # no predicted file: a clean error
        result = _run("eval", gold, gold, *extra)
        assert result.exit_code == 0, result.output
        assert_inert(result.stdout + result.stderr)


# --- the whole build, with the model ----------------------------------------------------------

ARTICLE = (
    "NAIROBI, March 3, 2022 — Kenyan President William Ruto met Japanese Prime Minister Fumio "
    "Kishida in Nairobi on Thursday{p} for talks on port investment and trade.\n\n"
    "The two leaders signed an agreement on infrastructure financing{p}, officials said.\n"
)
SECOND = (
    "LIMA, May 10, 2023 — Chile's foreign minister visited Lima on Monday{p} and met her "
    "Peruvian counterpart for talks on border trade.\n"
)


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / f"wire{NAME_PAYLOAD}.txt").write_text(ARTICLE.format(p=PAYLOAD), encoding="utf-8")
    (root / "front.md").write_text(
        f"---\ntitle: {YAML_PAYLOAD}\noutlet: {YAML_PAYLOAD}\nurl: {BAD_URLS[1]}\n---\n"
        + SECOND.format(p=PAYLOAD),
        encoding="utf-8",
    )
    (root / "listed.txt").write_text(
        ARTICLE.replace("NAIROBI, March 3, 2022 — ", "").format(p=""), encoding="utf-8"
    )
    (root / "sources.yaml").write_text(
        f"documents:\n  listed.txt:\n    title: {YAML_PAYLOAD}\n    outlet: {YAML_PAYLOAD}\n"
        f"    url: {BAD_URLS[0]}\n    published: 2022-03-04\n",
        encoding="utf-8",
    )
    (root / f"empty{NAME_PAYLOAD}.txt").write_text("", encoding="utf-8")  # a skip in the report
    return root


@pytest.mark.slow
def test_build_details_prints_no_escape_and_the_report_neither(hostile_folder: Path) -> None:
    result = _run("build", hostile_folder, "--details", "-j", "1")
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout + result.stderr)
    assert f"{ESCAPE_SYMBOL}[2J" in result.stdout  # the evidence is there, made visible
    assert "[bold]loud[/bold]" in result.stdout
    assert "skipped" in result.stderr and f"empty{ESCAPE_SYMBOL}[2J" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["terminal", *FILE_FORMATS])
def test_build_prints_no_escape_in_any_format(hostile_folder: Path, fmt: str) -> None:
    result = _run("build", hostile_folder, "--format", fmt, "-j", "1")
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout + result.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("command", [("inspect",), ("dates",), ("dates", "--format", "json")])
def test_inspect_and_dates_print_no_escape(hostile_folder: Path, command: tuple[str]) -> None:
    result = _run(command[0], hostile_folder / f"wire{NAME_PAYLOAD}.txt", *command[1:])
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout + result.stderr)
    assert "Thursday" in result.stdout


@pytest.mark.slow
def test_build_details_through_a_terminal_sends_only_its_own_styles(hostile_folder: Path) -> None:
    """Under a real pty rich styles its output: every ESC must open one of rich's own SGR or
    cursor sequences, never one from a document."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "timeline", "build", str(hostile_folder), "--details", "-j", "1"],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=300) == 0
    text = b"".join(chunks).decode("utf-8", "replace")
    assert "Kishida" in text and "\x1b[" in text  # styled: it did think it was a terminal
    own = re.compile(r"\x1b\[(?:[0-9;]*m|\?25[lh]|2K|[0-9]*[ABGK])")
    assert_inert(own.sub("", text).replace("\r", ""))


# --- 2. CSV: no formulas -----------------------------------------------------------------------


def test_csv_cells_never_start_a_formula() -> None:
    text = render(hostile_timeline(), "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2
    for cell in rows[1]:
        assert not cell.startswith(FORMULA_STARTS), cell
        for item in cell.split("; "):
            assert not item.lstrip().startswith(FORMULA_STARTS), item
    assert rows[1][rows[0].index("actors")].startswith("'=1+2")
    assert_inert(text.replace("\r\n", ""))


# --- 3. Markdown: links only to http(s), no HTML --------------------------------------------


def test_markdown_renders_no_tag_attribute_or_script_from_a_document() -> None:
    text = render(hostile_timeline(), "markdown")
    page = MarkdownIt("commonmark").enable("table").use(footnote_plugin).render(text)
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", page))
    allowed = {"h1", "h2", "p", "ul", "ol", "li", "strong", "em", "code", "a", "sup", "hr"}
    assert tags <= allowed | {"section"}  # the footnotes' section
    assert not any("onerror" in tag or "script" in tag for tag in re.findall(r"<[^>]*>", page))
    hrefs = re.findall(r'href="([^"]*)"', page)
    external = [h for h in hrefs if not h.startswith("#")]
    assert external == ["https://example.org/a%20b?q=%3Cx%3E&amp;r=1"]
    assert "javascript:alert(1)" in page  # shown, as text
    assert_inert(page)


# --- 5. YAML read safely ----------------------------------------------------------------------

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{level}: &{level} [" + ", ".join([f"*{chr(ord(level) - 1)}"] * 9) + "]\n"
    for level in "bcdefghi"
)


def _corpus_with_manifest(root: Path, manifest: str | bytes) -> tuple[list[str], list[object]]:
    (root / "a.txt").write_text(ARTICLE.format(p=""), encoding="utf-8")
    path = root / "sources.yaml"
    if isinstance(manifest, bytes):
        path.write_bytes(manifest)
    else:
        path.write_text(manifest, encoding="utf-8")
    corpus = read_corpus(root)
    return [d.path for d in corpus.documents], [*corpus.skipped, *corpus.notes]


def test_manifest_alias_bomb_fails_fast_with_file_and_line(tmp_path: Path) -> None:
    manifest = BOMB + "documents:\n  a.txt:\n    title: *i\n"  # 9**9 strings if expanded
    (tmp_path / "sources.yaml").write_text(manifest, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError, match="aliases") as error:
        read_manifest(tmp_path / "sources.yaml")
    assert time.perf_counter() - started < 1
    assert error.value.line == 1
    documents, problems = _corpus_with_manifest(tmp_path, manifest)
    assert documents == ["a.txt"]  # the rest of the folder is read
    (problem,) = problems
    assert isinstance(problem, Skipped) and problem.path == "sources.yaml"
    assert "aliases" in problem.reason and "(line 1)" in problem.reason


def test_manifest_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    manifest = (
        "documents:\n  a.txt:\n    published: 2022-03-04\n    title: T\n    published: 2021-01-01\n"
    )
    _documents, (problem,) = _corpus_with_manifest(tmp_path, manifest)
    assert isinstance(problem, Skipped)
    assert "duplicate key 'published' (lines 3 and 5)" in problem.reason


def test_front_matter_duplicate_key_names_both_lines_of_the_file(tmp_path: Path) -> None:
    text = "---\ntitle: One\npublished: 2022-03-04\ntitle: Two\n---\n" + ARTICLE.format(p="")
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SECOND.format(p=""), encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["b.txt"]
    (skipped,) = corpus.skipped
    assert skipped.reason.endswith("duplicate key 'title' (lines 2 and 4) (line 4)")


@pytest.mark.parametrize("value", ["!!int abc", "!!bool maybe", "!!float x"])
def test_a_tag_the_value_cannot_hold_is_a_yaml_error_at_its_line(
    tmp_path: Path, value: str
) -> None:
    _documents, (problem,) = _corpus_with_manifest(
        tmp_path, f"documents:\n  a.txt:\n    title: {value}\n"
    )
    assert isinstance(problem, Skipped) and problem.reason.startswith("not valid YAML")
    assert "(line 3)" in problem.reason


def test_manifest_value_that_is_not_a_scalar_is_refused_with_its_line(tmp_path: Path) -> None:
    manifest = "documents:\n  a.txt:\n    title: [one, two]\n    outlet: Wire\n    url: {a: 1}\n"
    _corpus_with_manifest(tmp_path, manifest)
    corpus = read_corpus(tmp_path)
    (doc,) = corpus.documents
    assert doc.meta.outlet == "Wire" and "one" not in (doc.meta.title or "")
    assert doc.meta.url is None
    assert [note.path for note in corpus.notes] == ["sources.yaml", "sources.yaml"]
    assert [note.text for note in corpus.notes] == [
        "entry 'a.txt': title must be a single value, not a list; ignored (line 3)",
        "entry 'a.txt': url must be a single value, not a mapping; ignored (line 5)",
    ]


def test_manifest_over_the_size_cap_is_refused_unparsed(tmp_path: Path) -> None:
    padding = b"# " + b"x" * 1000 + b"\n"
    big = padding * (MAX_MANIFEST_BYTES // len(padding) + 1) + b"documents: {}\n"
    documents, (problem,) = _corpus_with_manifest(tmp_path, big)
    assert documents == ["a.txt"]
    assert isinstance(problem, Skipped) and "too large for a manifest" in problem.reason


def test_build_report_names_the_bad_manifest(tmp_path: Path) -> None:
    """Through the CLI: --strict stops on the bad manifest before loading any model."""
    _corpus_with_manifest(tmp_path, "documents:\n  a.txt: {title: A}\n  a.txt: {title: B}\n")
    result = _run("build", tmp_path, "--strict")
    assert result.exit_code == 1
    assert "sources.yaml: not valid YAML: duplicate key 'a.txt' (lines 2 and 3)" in result.stderr


# --- 10. the command line ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["eval", "show"])
def test_a_bad_unquoted_date_is_reported_at_its_line(tmp_path: Path, command: str) -> None:
    path = tmp_path / "chronology.yaml"
    path.write_text(
        "schema: timeline/1\ndocuments: []\nevents:\n- id: a\n  date: 2024-06-18\n  type: visit\n"
        "- id: b\n  date: 2024-13-45\n  type: visit\n",
        encoding="utf-8",
    )
    args = ("eval", path, path) if command == "eval" else ("show", path)
    result = _run(*args)
    assert result.exit_code in (1, 2)
    assert f"{path}:8: event 'b': '2024-13-45' is not a date" in result.stderr
    assert result.exc_info is None or result.exc_info[0] is SystemExit


def test_unknown_language_is_a_usage_error_naming_the_fix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    result = _run("build", tmp_path, "--lang", "en,xx")
    assert result.exit_code == 2
    assert "xx: not a language" in result.stderr and "'any'" in result.stderr


def test_jobs_are_capped_at_the_documents_and_noted_above_the_cores(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "photo.png"):
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    assert _useful_jobs(tmp_path, 10_000) == 2
    assert _useful_jobs(tmp_path, 1) == 1
    (tmp_path / "records.jsonl").write_text('{"text": "Text."}\n', encoding="utf-8")
    assert _useful_jobs(tmp_path, 8) == 8  # a file of records may hold any number
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _run("build", empty, "--jobs", "10000")
    assert "--jobs 10000 is more than the" in result.stderr


@pytest.mark.parametrize("command", ["build", "inspect", "dates"])
def test_unknown_model_is_a_usage_error_saying_how_to_install(tmp_path: Path, command: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Text.\n", encoding="utf-8")
    result = _run(command, path, "--model", "no_such_model_xyz")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "no_such_model_xyz" in line and "pip install" in line
