"""Hostile input and output paths (issue 17): the folder is the boundary, outputs are written
where asked without replacing devices or links, cache entries are checked on read, and an
importer that cannot be loaded costs one file, not the build. No model is needed."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden_cases import SNAPSHOT

from timeline.cli import cli
from timeline.ingest import LINK_FOLLOWED, LINK_OUTSIDE, ReadOptions, read_corpus

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
