"""Hostile input and output paths (issue 17): the folder is the boundary, outputs are written
where asked without replacing devices or links, cache entries are checked on read, and an
importer that cannot be loaded costs one file, not the build. No model is needed."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden_cases import SNAPSHOT

from timeline.cache import ResultCache, prune_cache
from timeline.cli import cli
from timeline.ingest import LINK_FOLLOWED, LINK_OUTSIDE, ReadOptions, read_corpus
from timeline.model import DocResult, DocumentMeta, TimeExpr
from timeline.pipeline import _FileReader

ARTICLE = "Ministers of Arcadia and Lindor met in the capital on 4 March 2021 to discuss trade.\n"
SECRET = "root:x:0:0:a first line that must never become a title\n"


def _run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _reasons(corpus) -> dict[str, str]:
    return {s.path: s.reason for s in corpus.skipped}


# --- row 6: the folder is the boundary -------------------------------------------------------


@pytest.fixture
def linked_folder(tmp_path: Path) -> Path:
    """A folder with links to a file and a folder outside it, and a link inside it."""
    outside = tmp_path / "elsewhere"
    (outside / "more").mkdir(parents=True)
    (outside / "passwd.txt").write_text(SECRET, encoding="utf-8")
    (outside / "more" / "b.txt").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside / "passwd.txt")
    (folder / "dir").symlink_to(outside / "more", target_is_directory=True)
    (folder / "same.txt").symlink_to(folder / "a.txt")  # inside: read (then noted as a copy)
    return folder


def test_links_to_outside_the_folder_are_skipped_with_a_reason(linked_folder: Path) -> None:
    corpus = read_corpus(linked_folder)
    assert [d.path for d in corpus.documents] == ["a.txt"]
    assert all(SECRET.strip() not in d.text for d in corpus.documents)
    reasons = _reasons(corpus)
    assert reasons["passwd.txt"] == LINK_OUTSIDE
    assert reasons["dir"] == LINK_OUTSIDE
    assert "same.txt" not in reasons or reasons["same.txt"] != LINK_OUTSIDE


def test_follow_links_reads_them_and_reports_each(linked_folder: Path) -> None:
    corpus = read_corpus(linked_folder, options=ReadOptions(follow_links=True))
    paths = {d.path for d in corpus.documents}
    assert {"a.txt", "passwd.txt"} <= paths
    followed = {n.path for n in corpus.notes if n.text == LINK_FOLLOWED}
    assert "passwd.txt" in followed
    assert "a.txt" not in followed and "same.txt" not in followed


def test_build_offers_follow_links() -> None:
    assert "--follow-links" in _run("build", "--help").output


# --- row 7: outputs --------------------------------------------------------------------------


def test_output_inside_the_input_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    for output in (folder / "out.yaml", folder / "sub" / "chronology.md"):
        result = _run("build", folder, "--no-cache", "-o", output)
        assert result.exit_code == 2, result.output
        assert "inside the input folder" in result.output
        assert not output.exists()
    # through a link to the folder, too
    (tmp_path / "alias").symlink_to(folder, target_is_directory=True)
    result = _run("build", folder, "--no-cache", "-o", tmp_path / "alias" / "x.yaml")
    assert result.exit_code == 2 and "inside the input folder" in result.output


def test_output_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("show", SNAPSHOT, "--format", "yaml", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("schema: timeline/1\n")
    assert not (tmp_path / "-").exists()


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with path.open("rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("through_link", [False, True])
def test_output_to_a_fifo_is_written_through_not_replaced(
    tmp_path: Path, through_link: bool
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:  # like /dev/stdout, a link to whatever the output is
        target = tmp_path / "stdout"
        target.symlink_to(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    result = _run("show", SNAPSHOT, "--format", "yaml", "-o", target)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert received and received[0].startswith(b"schema: timeline/1\n")
    assert fifo.is_fifo()
    assert target.is_symlink() == through_link


def test_output_to_a_symlink_replaces_its_target_not_the_link(tmp_path: Path) -> None:
    real = tmp_path / "store" / "chronology.yaml"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.yaml"
    link.symlink_to(real)
    result = _run("show", SNAPSHOT, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8").startswith("schema: timeline/1\n")
    assert sorted(p.name for p in real.parent.iterdir()) == ["chronology.yaml"]  # no temp left


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_is_one_line_and_keeps_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    output = tmp_path / "out.yaml"
    output.write_text("old\n", encoding="utf-8")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, full)
    result = _run("show", SNAPSHOT, "-o", output)
    assert result.exit_code == 1
    assert not isinstance(result.exception, OSError)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert str(output) in lines[0] and os.strerror(errno.ENOSPC) in lines[0]
    assert output.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_output_to_dev_full_fails_in_one_line_and_keeps_the_device() -> None:
    result = _run("show", SNAPSHOT, "-o", "/dev/full")
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "/dev/full" in result.output and os.strerror(errno.ENOSPC) in result.output
    assert Path("/dev/full").is_char_device()


# --- row 8: cache entries validated on read --------------------------------------------------

RESULT = DocResult(
    meta=DocumentMeta(path="a.txt", dct="2021-03-04", dct_source="text", sha256="ab" * 32),
    timexes=(TimeExpr(51, 63, "4 March 2021", "DATE", "2021-03-04", "dct"),),
    words=14,
)


def _cache(directory: Path) -> ResultCache:
    return ResultCache(directory, model="en_test-1.0:abc", data="d1", code="c1")


def _reframe(path: Path, edit: Callable[[dict], None]) -> None:
    """Rewrite an entry's body with ``edit`` and a valid checksum (a deliberate forgery)."""
    head, _sums, body = path.read_bytes().split(b"\n", 2)
    payload = json.loads(body)
    edit(payload)
    body = json.dumps(payload).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()
    path.write_bytes(head + f"\n{digest} {len(body)}\n".encode() + body)


@pytest.mark.parametrize(
    "forge",
    [
        lambda p: p["result"]["timexes"][0].update(start="51"),
        lambda p: p["result"]["timexes"][0].update(value=["2021"]),
        lambda p: p["result"]["meta"].update(title={"a": 1}),
        lambda p: p["result"].update(notes=[1, 2]),
    ],
)
def test_result_entry_of_wrong_types_is_discarded(tmp_path: Path, forge) -> None:
    cache = _cache(tmp_path)
    cache.put("k" * 64, RESULT)
    assert cache.get("k" * 64) == RESULT
    _reframe(cache.path("k" * 64), forge)
    assert cache.get("k" * 64) is None
    assert cache.stats.corrupt == 1
    assert not cache.path("k" * 64).exists()


@pytest.fixture
def two_files(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    # undated: a replayed entry is trusted without a cached result to check against
    (folder / "a.txt").write_text("Arcadia and Lindor held talks in the capital.\n", "utf-8")
    (folder / "b.txt").write_text("The envoy of Velmar visited Castrel for talks.\n", "utf-8")
    return folder


def _file_key(cache: ResultCache, folder: Path, name: str) -> str:
    context = {"options": dataclasses.asdict(ReadOptions()), "manifest": None}
    return cache.file_key(name, (folder / name).stat(), context)


def test_file_entry_listing_another_files_documents_is_discarded(
    tmp_path: Path, two_files: Path
) -> None:
    cache = _cache(tmp_path / "cache")
    reader = _FileReader(cache, ReadOptions())
    for name in ("a.txt", "b.txt"):
        reader(two_files / name, name)
    key_a, key_b = (_file_key(cache, two_files, n) for n in ("a.txt", "b.txt"))
    entry_a = cache.get_file(key_a)
    assert entry_a is not None
    path_b = cache.directory / "files" / key_b[:2] / f"{key_b}.json"
    _reframe(path_b, lambda p: p.update(entry=entry_a))  # b's entry now lists a's document
    documents, _skipped, _notes = _FileReader(cache, ReadOptions())(two_files / "b.txt", "b.txt")
    assert [d.path for d in documents] == ["b.txt"]
    assert "Velmar" in documents[0].text  # read again, not replayed
    assert cache.stats.corrupt == 1


def test_file_entry_with_another_content_hash_is_discarded(tmp_path: Path, two_files: Path) -> None:
    cache = _cache(tmp_path / "cache")
    _FileReader(cache, ReadOptions())(two_files / "a.txt", "a.txt")
    key = _file_key(cache, two_files, "a.txt")
    path = cache.directory / "files" / key[:2] / f"{key}.json"
    _reframe(path, lambda p: p["entry"].update(sha256="00" * 32))
    documents, _skipped, _notes = _FileReader(cache, ReadOptions())(two_files / "a.txt", "a.txt")
    assert documents[0].text  # read again
    assert cache.stats.corrupt == 1
    replayed, _skipped, _notes = _FileReader(cache, ReadOptions())(two_files / "a.txt", "a.txt")
    assert [d.path for d in replayed] == ["a.txt"] and not replayed[0].text  # rewritten, valid


def test_file_entry_of_wrong_shape_is_discarded(tmp_path: Path, two_files: Path) -> None:
    cache = _cache(tmp_path / "cache")
    _FileReader(cache, ReadOptions())(two_files / "a.txt", "a.txt")
    key = _file_key(cache, two_files, "a.txt")
    path = cache.directory / "files" / key[:2] / f"{key}.json"
    _reframe(path, lambda p: p["entry"].update(documents=[{"meta": "a.txt"}]))
    assert cache.get_file(key) is None
    assert cache.stats.corrupt == 1 and not path.exists()


def test_prune_reports_entries_it_cannot_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path)
    for index in range(4):
        cache.put(f"{index}" * 64, RESULT)

    def read_only(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "unlink", read_only)
    usage = prune_cache(tmp_path, max_size=0)
    assert (usage.entries, usage.removed, usage.failed) == (4, 0, 4)
    result = _run("cache", "--cache-dir", tmp_path, "--max-size", "0")
    assert result.exit_code == 1
    assert "4 entries" in result.output and "could not be removed" in result.output


# --- row 12: an importer that fails costs its files only -------------------------------------

PAGE = (
    "<html><head><title>Talks</title></head><body><article><p>"
    + "Ministers of Arcadia and Lindor met in the capital on 4 March 2021. " * 5
    + "</p></article></body></html>"
)


class _BrokenImport:
    """A meta path finder under which importing ``name`` fails as a broken install does."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        if fullname == self.name or fullname.startswith(f"{self.name}."):
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")


@pytest.mark.parametrize("how", ["missing", "broken"])
def test_an_html_importer_that_fails_skips_the_page_not_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "note.txt").write_text(ARTICLE, encoding="utf-8")
    for name in [m for m in sys.modules if m == "trafilatura" or m.startswith("trafilatura.")]:
        monkeypatch.delitem(sys.modules, name)
    if how == "missing":
        monkeypatch.setitem(sys.modules, "trafilatura", None)  # importing it raises ImportError
    else:
        monkeypatch.setattr(sys, "meta_path", [_BrokenImport("trafilatura"), *sys.meta_path])
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["note.txt"]
    reason = _reasons(corpus)["page.html"]
    assert "trafilatura failed to import" in reason
