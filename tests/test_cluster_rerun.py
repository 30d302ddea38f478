"""A cluster rerun with the same cache skips the files unchanged since the last build: it
neither reads nor extracts them (nor loads the model when nothing changed), re-extracts a
changed or new file, drops a deleted one, and gives the chronology a fresh build gives — on a
local folder, a ``file://`` URL, fsspec's memory file system, and a file system that gives
only sizes (where the content hash tells an unchanged file).

The workers are threads of this process (a ``LocalCluster`` without processes), so that they
see the calls a test counts and fsspec's memory file system.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed", reason='the cluster build needs pip install "timeline[dask]"')
pytest.importorskip("fsspec", reason='the cluster build needs pip install "timeline[dask]"')

import fsspec
from fsspec.implementations.memory import MemoryFileSystem
from test_cluster import ARTICLES, output

from timeline import build
from timeline import extract as extract_module
from timeline.cluster import build as build_module
from timeline.cluster import rerun
from timeline.cluster.sources import file_version

pytestmark = pytest.mark.slow

NEW = (
    "Published: 2021-10-05\n\n"
    "Ruritania's prime minister met the Freedonian ambassador in Vienna on 4 October 2021 "
    "to discuss the new railway line.\n"
)
_NUMBERS = itertools.count()


class SizeOnlyFileSystem(MemoryFileSystem):
    """fsspec's memory file system, listing files with their size only (no time, no
    digest): what some HTTP servers and FTP listings give."""

    protocol = ("sizeonly",)

    @classmethod
    def _strip_protocol(cls, path: str) -> str:
        return str(super()._strip_protocol(path.removeprefix("sizeonly://")))

    def ls(self, path: str, detail: bool = True, **kwargs: Any) -> Any:
        found = super().ls(path, detail=detail, **kwargs)
        return [_size_only(info) for info in found] if detail else found

    def info(self, path: str, **kwargs: Any) -> Any:
        return _size_only(super().info(path, **kwargs))


def _size_only(info: dict[str, Any]) -> dict[str, Any]:
    return {key: info[key] for key in ("name", "size", "type") if key in info}


fsspec.register_implementation("sizeonly", SizeOnlyFileSystem, clobber=True)


class Source:
    """A corpus to build, written and changed where a test keeps it: a folder (given by
    path or ``file://`` URL) or a folder of an fsspec file system held in memory."""

    def __init__(self, kind: str, tmp_path: Path) -> None:
        self.kind = kind
        self.folder = tmp_path / "corpus"
        self.memory = f"/rerun-{next(_NUMBERS)}"
        for name, text in ARTICLES.items():
            self.write(name, text)

    @property
    def url(self) -> str:
        if self.kind == "folder":
            return str(self.folder)
        if self.kind == "file-url":
            return self.folder.as_uri() + "/"
        return f"{self.kind}://{self.memory.lstrip('/')}/"

    def write(self, name: str, text: str) -> None:
        if self.kind in ("folder", "file-url"):
            (self.folder / name).parent.mkdir(parents=True, exist_ok=True)
            (self.folder / name).write_text(text, encoding="utf-8")
        else:
            MemoryFileSystem().pipe_file(f"{self.memory}/{name}", text.encode("utf-8"))

    def remove(self, name: str) -> None:
        if self.kind in ("folder", "file-url"):
            (self.folder / name).unlink()
        else:
            MemoryFileSystem().rm_file(f"{self.memory}/{name}")

    def close(self) -> None:
        memory = MemoryFileSystem()
        if memory.exists(self.memory):
            memory.rm(self.memory, recursive=True)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """What the builds do, by kind: files whose bytes a worker fetched ("opened") and decoded
    ("decoded"), documents the model annotated, and whether the workers loaded the model as
    they started ("preload")."""
    seen: dict[str, list[Any]] = {"opened": [], "decoded": [], "annotated": [], "preload": []}
    readable, read_file = rerun.readable, rerun.read_file
    annotate, connect = extract_module.annotate, build_module.connect

    def opening(file):  # type: ignore[no-untyped-def]
        seen["opened"].append(file.relative)
        return readable(file)

    def decoding(path, relative, **options):  # type: ignore[no-untyped-def]
        seen["decoded"].append(relative)
        return read_file(path, relative, **options)

    def annotating(nlp, documents, **options):  # type: ignore[no-untyped-def]
        for document, doc in annotate(nlp, documents, **options):
            seen["annotated"].append(document.path)
            yield document, doc

    def connecting(scheduler, **options):  # type: ignore[no-untyped-def]
        seen["preload"].append(options.get("preload", True))
        return connect(scheduler, **options)

    monkeypatch.setattr(rerun, "readable", opening)
    monkeypatch.setattr(rerun, "read_file", decoding)
    monkeypatch.setattr(extract_module, "annotate", annotating)
    monkeypatch.setattr(build_module, "connect", connecting)
    return seen


def _clear(calls: dict[str, list[Any]]) -> None:
    for found in calls.values():
        found.clear()


@pytest.mark.parametrize("kind", ["folder", "file-url", "memory"])
def test_a_rerun_skips_unchanged_files_and_builds_like_a_fresh_build(
    kind: str, tmp_path: Path, threads: str, calls: dict[str, list[Any]]
) -> None:
    source = Source(kind, tmp_path)
    cache = tmp_path / "cache"
    try:
        first = build(source.url, scheduler=threads, cache_dir=cache)
        assert output(first) == output(build(source.url, scheduler=threads, use_cache=False))
        assert calls["preload"][0] is True
        _clear(calls)
        again = build(source.url, scheduler=threads, cache_dir=cache)
        assert output(again) == output(first)
        assert calls == {"opened": [], "decoded": [], "annotated": [], "preload": [False]}
        assert again.cache is not None and again.cache.misses == 0
        assert again.cache.hits == len(first.results)

        source.write("a-summit.txt", ARTICLES["a-summit.txt"].replace("trade", "gas"))
        source.write("f-new.txt", NEW)
        source.remove("b-visit.txt")  # c-copy.txt held the same text: now read for itself
        changed, done, fresh = _rebuilt(source, threads, cache, calls)
    finally:
        source.close()
    assert output(changed) == output(fresh) != output(first)
    assert done["decoded"] == done["opened"] == ["a-summit.txt", "f-new.txt"]
    assert done["annotated"] == ["a-summit.txt", "f-new.txt"]
    assert done["preload"] == [True]
    assert [r.meta.path for r in changed.results] == [r.meta.path for r in fresh.results]
    assert "c-copy.txt" in [r.meta.path for r in changed.results]
    # d-undated.txt too, by the rules alone: f-new.txt moved the collection's date it takes.
    assert changed.cache is not None and changed.cache.misses == 3


def _rebuilt(
    source: Source, threads: str, cache: Path, calls: dict[str, list[Any]]
) -> tuple[Any, dict[str, list[Any]], Any]:
    """A rebuild with the cache after a change, what it read (sorted), and a fresh build."""
    _clear(calls)
    changed = build(source.url, scheduler=threads, cache_dir=cache)
    done = {name: sorted(found) for name, found in calls.items()}
    return changed, done, build(source.url, scheduler=threads, use_cache=False)


def test_a_folder_rerun_matches_a_local_build(
    tmp_path: Path, threads: str, calls: dict[str, list[Any]]
) -> None:
    source = Source("folder", tmp_path)
    cache = tmp_path / "cache"
    build(source.url, scheduler=threads, cache_dir=cache)
    _clear(calls)
    again = build(source.url, scheduler=threads, cache_dir=cache)
    assert calls["decoded"] == []
    assert output(again) == output(build(source.folder, jobs=1, use_cache=False))


def test_without_versions_the_content_hash_tells_an_unchanged_file(
    tmp_path: Path, threads: str, calls: dict[str, list[Any]]
) -> None:
    source = Source("sizeonly", tmp_path)
    cache = tmp_path / "cache"
    try:
        first = build(source.url, scheduler=threads, cache_dir=cache)
        _clear(calls)
        again = build(source.url, scheduler=threads, cache_dir=cache)
        # Fetched to hash them (the listing tells nothing else), but not decoded again.
        assert sorted(calls["opened"]) == sorted(ARTICLES.keys() - {"sub/sources.yaml"})
        assert calls["decoded"] == calls["annotated"] == []
        assert output(again) == output(first)
        source.write("d-undated.txt", ARTICLES["d-undated.txt"].replace("week", "month"))
        changed, done, fresh = _rebuilt(source, threads, cache, calls)
    finally:
        source.close()
    assert done["decoded"] == done["annotated"] == ["d-undated.txt"]
    assert output(changed) == output(fresh)


def test_damaged_file_entries_are_discarded_and_the_files_read_again(
    tmp_path: Path, threads: str, calls: dict[str, list[Any]]
) -> None:
    source = Source("folder", tmp_path)
    cache = tmp_path / "cache"
    first = build(source.url, scheduler=threads, cache_dir=cache)
    entries = sorted((cache / "files").glob("*/*.json"))
    # every file but the manifest, and c-copy.txt's reading knowing b-visit.txt's text
    assert len(entries) == len(ARTICLES)
    for path in entries:
        path.write_bytes(path.read_bytes()[:-3] + b"]}}")
    _clear(calls)
    again = build(source.url, scheduler=threads, cache_dir=cache)
    read = sorted([*ARTICLES.keys() - {"sub/sources.yaml"}, "c-copy.txt"])
    assert sorted(calls["decoded"]) == read
    assert calls["annotated"] == []  # the results were intact
    assert again.cache is not None and again.cache.corrupt == len(entries)
    assert output(again) == output(first)


def test_a_cache_at_a_url_keeps_the_file_entries(
    tmp_path: Path, threads: str, calls: dict[str, list[Any]]
) -> None:
    source = Source("folder", tmp_path)
    cache = f"memory://rerun-cache-{next(_NUMBERS)}"
    memory = MemoryFileSystem()
    try:
        first = build(source.url, scheduler=threads, cache_dir=cache)
        assert memory.find(cache.removeprefix("memory://") + "/files")
        _clear(calls)
        again = build(source.url, scheduler=threads, cache_dir=cache)
    finally:
        memory.rm(cache.removeprefix("memory://"), recursive=True)
    assert calls["opened"] == calls["annotated"] == []
    assert output(again) == output(first)


@pytest.mark.parametrize(
    ("info", "version"),
    [
        ({"size": 5, "ETag": '"9a0364b9"', "LastModified": "x"}, '5 ETag="9a0364b9"'),
        ({"size": 5, "md5Hash": "kAFQmDzST7", "updated": "2024"}, "5 md5Hash=kAFQmDzST7"),
        ({"size": 5, "mtime": 1700000000.5}, "5 mtime=1700000000.5"),
        ({"size": 5, "created": 1.25}, "5 created=1.25"),
        ({"size": 5, "ETag": ""}, None),
        ({"size": 5}, None),
    ],
)
def test_a_file_version_is_what_the_listing_gives(info: dict[str, Any], version: str) -> None:
    assert file_version(info) == version
