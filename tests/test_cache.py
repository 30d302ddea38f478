"""The incremental cache: keys, intact and damaged entries, and rebuilds that reuse results."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline import nlp as nlp_module
from timeline.cache import (
    FORMAT,
    ResultCache,
    code_fingerprint,
    default_cache_dir,
    open_cache,
    prune_cache,
)
from timeline.cli import cli
from timeline.model import DocResult, Document, DocumentMeta, Mention
from timeline.nlp import model_fingerprint, model_id
from timeline.pipeline import build
from timeline.render import render
from timeline.resources import data_fingerprint, load_data

META = DocumentMeta(
    path="a/report.txt",
    title="Talks in Accra",
    dct="2022-05-04",
    dct_source="manifest",
    sha256="ab" * 32,
)
RESULT = DocResult(
    meta=META,
    mentions=(
        Mention(
            doc="a/report.txt",
            sent_start=0,
            sent_end=40,
            trigger_start=20,
            trigger_end=25,
            trigger="talks",
            type="talks",
            status="occurred",
            actors=("Ghana", "Togo"),
            location="Accra",
            date="2022-05-04",
            date_text="4 May 2022",
            roles=(("host", "Ghana"),),
        ),
    ),
    notes=("not UTF-8; decoded as Windows-1252",),
)
DOCUMENT = Document(META, "On 4 May 2022, Ghana and Togo held talks in Accra.", RESULT.notes)


def make_cache(directory: Path, **context: str) -> ResultCache:
    values = {"model": "en_test-1.0:abc", "data": "d1", "code": "c1", **context}
    return ResultCache(directory, **values)


# --- keys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"sha256": "cd" * 32},
        {"path": "b/report.txt"},
        {"dct": "2022-05-05"},
        {"dct_source": "text"},
        {"title": "Another title"},
        {"dct_hint": "2021-11-30"},
    ],
)
def test_key_changes_with_the_document_and_its_metadata(tmp_path: Path, change: dict) -> None:
    cache = make_cache(tmp_path)
    changed = dataclasses.replace(DOCUMENT, meta=dataclasses.replace(META, **change))
    assert cache.key(DOCUMENT) != cache.key(changed)


@pytest.mark.parametrize(
    "change", [{"text": "On 5 May 2022, Ghana and Togo held talks in Accra."}, {"notes": ()}]
)
def test_key_changes_with_the_decoded_text_and_notes(tmp_path: Path, change: dict) -> None:
    # The same bytes read with another --encoding or other boilerplate rules.
    cache = make_cache(tmp_path)
    assert cache.key(DOCUMENT) != cache.key(dataclasses.replace(DOCUMENT, **change))


@pytest.mark.parametrize("context", [{"model": "en_test-1.1:abc"}, {"data": "d2"}, {"code": "c2"}])
def test_key_changes_with_model_rules_and_code(tmp_path: Path, context: dict) -> None:
    assert make_cache(tmp_path).key(DOCUMENT) != make_cache(tmp_path, **context).key(DOCUMENT)


def test_hinted_key_depends_on_the_document_key_and_the_hint(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    key = cache.key(DOCUMENT)
    hinted = cache.hinted_key(key, "2022-05-05")
    assert hinted not in (key, cache.hinted_key(key, "2022-05-06"))
    assert hinted == make_cache(tmp_path / "other").hinted_key(key, "2022-05-05")


def test_key_is_stable_for_the_same_inputs(tmp_path: Path) -> None:
    assert make_cache(tmp_path).key(DOCUMENT) == make_cache(tmp_path / "other").key(DOCUMENT)


def test_code_fingerprint_is_a_stable_digest() -> None:
    assert code_fingerprint() == code_fingerprint()
    assert len(code_fingerprint()) == 16
    int(code_fingerprint(), 16)


def test_data_fingerprint_follows_user_rule_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = data_fingerprint()
    monkeypatch.setenv("TIMELINE_DATA", str(tmp_path))
    assert data_fingerprint() == before  # an empty user folder changes nothing
    (tmp_path / "events.yaml").write_text("types: {}\n", encoding="utf-8")
    changed = data_fingerprint()
    assert changed != before
    (tmp_path / "events.yaml").write_text("types: {visit: {verbs: [tour]}}\n", encoding="utf-8")
    assert data_fingerprint() not in (before, changed)


def test_model_fingerprint_is_read_without_loading_the_model(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text(
        json.dumps({"lang": "en", "name": "test_pipe", "version": "0.1.0"}), encoding="utf-8"
    )
    assert model_id(str(tmp_path)) == "en_test_pipe-0.1.0"
    first = model_fingerprint(str(tmp_path))
    (tmp_path / "meta.json").write_text(
        json.dumps({"lang": "en", "name": "test_pipe", "version": "0.1.0", "x": 1}),
        encoding="utf-8",
    )
    assert model_fingerprint(str(tmp_path)) != first
    assert first.startswith("en_test_pipe-0.1.0:")


def test_default_cache_dir_honours_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv("TIMELINE_CACHE_DIR")
    assert default_cache_dir().name == "timeline"


# --- entries ----------------------------------------------------------------------------------


def test_entry_round_trips_exactly(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    key = cache.key(DOCUMENT)
    assert cache.get(key) is None
    cache.put(key, RESULT)
    assert cache.get(key) == RESULT
    assert (cache.stats.hits, cache.stats.misses, cache.stats.written) == (1, 1, 1)


def test_entry_is_written_atomically_with_a_header(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    key = cache.key(DOCUMENT)
    cache.put(key, RESULT)
    path = cache.path(key)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left over
    first, second, _body = path.read_bytes().split(b"\n", 2)
    assert first.decode() == FORMAT
    digest, length = second.decode().split(" ")
    assert len(digest) == 64 and int(length) > 0


def _damage_flip(data: bytes) -> bytes:
    index = len(data) - 20
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data.split(b"\n", 2)[0] + b"\n", id="header-only"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(_damage_flip, id="flipped-bit"),
        pytest.param(lambda data: data + b" ", id="trailing-byte"),
        pytest.param(lambda data: data.replace(FORMAT.encode(), b"other/9"), id="format"),
    ],
)
def test_damaged_entry_is_detected_removed_and_not_trusted(tmp_path: Path, damage) -> None:
    cache = make_cache(tmp_path)
    key = cache.key(DOCUMENT)
    cache.put(key, RESULT)
    path = cache.path(key)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(key) is None
    assert cache.stats.corrupt == 1
    assert not path.exists()


def test_entry_under_another_key_is_not_trusted(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    other_document = dataclasses.replace(DOCUMENT, meta=dataclasses.replace(META, path="b.txt"))
    key, other = cache.key(DOCUMENT), cache.key(other_document)
    cache.put(key, RESULT)
    cache.path(other).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(cache.path(key), cache.path(other))
    assert cache.get(other) is None


# --- pruning ----------------------------------------------------------------------------------


def _entries(count: int, directory: Path) -> tuple[ResultCache, list[Path]]:
    """``count`` entries, the first one used longest ago (a day apart)."""
    import os

    cache = make_cache(directory)
    paths = []
    for number in range(count):
        document = dataclasses.replace(DOCUMENT, text=f"{DOCUMENT.text} ({number})")
        key = cache.key(document)
        cache.put(key, RESULT)
        path = cache.path(key)
        os.utime(path, (1_000_000 + number * 86400, 1_000_000 + number * 86400))
        paths.append(path)
    return cache, paths


def test_reading_an_entry_marks_it_used(tmp_path: Path) -> None:
    cache, paths = _entries(3, tmp_path)
    first = dataclasses.replace(DOCUMENT, text=f"{DOCUMENT.text} (0)")
    assert cache.get(cache.key(first)) == RESULT
    prune_cache(tmp_path, max_size=paths[0].stat().st_size + 1)
    assert [p.exists() for p in paths] == [True, False, False]


def test_prune_only_counts_without_limits_and_clears_stale_temporaries(tmp_path: Path) -> None:
    import os
    import time

    _cache, paths = _entries(2, tmp_path)
    stale = paths[0].parent / ".tmp-abandoned.json"
    stale.write_bytes(b"half an entry")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    usage = prune_cache(tmp_path)
    assert (usage.entries, usage.removed) == (2, 1)
    assert all(p.exists() for p in paths) and not stale.exists()


def test_cache_command_reports_and_prunes(tmp_path: Path) -> None:
    _entries(3, tmp_path)
    runner = CliRunner()
    shown = runner.invoke(cli, ["cache", "--cache-dir", str(tmp_path)])
    assert shown.exit_code == 0 and "3 entries" in shown.output
    pruned = runner.invoke(cli, ["cache", "--cache-dir", str(tmp_path), "--max-size", "0"])
    assert pruned.exit_code == 0, pruned.output
    assert "removed 3 entries" in pruned.output and "0 entries" in pruned.output
    bad = runner.invoke(cli, ["cache", "--cache-dir", str(tmp_path), "--max-size", "lots"])
    assert bad.exit_code == 2 and "megabytes" in bad.output


def test_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = make_cache(blocker / "cache")
    cache.put(cache.key(DOCUMENT), RESULT)  # no exception
    assert cache.stats.written == 0


def test_cache_folder_that_is_a_file_is_a_user_error(tmp_path: Path) -> None:
    from timeline.errors import TimelineError

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(TimelineError, match="cache folder is a file"):
        open_cache(blocker)


# --- rebuilds ---------------------------------------------------------------------------------

ARTICLES = {
    "lisbon.txt": (
        "Brazil's president visited Lisbon on 12 March 2023 for talks with the Portuguese "
        "prime minister. The two leaders signed an agreement on energy on 13 March 2023.\n"
    ),
    "nairobi.txt": (
        "Kenya and Ethiopia held talks in Nairobi on 2 February 2022. The foreign ministers "
        "met again in Addis Ababa on 9 February 2022.\n"
    ),
    "ottawa.md": (
        "---\npublished: 2021-06-30\n---\nThe Canadian prime minister will visit Mexico City "
        "on 14 July 2021, his office said.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _yaml(folder: Path, cache_dir: Path | None, **options) -> tuple[str, object]:
    result = build(folder, jobs=1, cache_dir=cache_dir, use_cache=cache_dir is not None, **options)
    return render(result.timeline, "yaml"), result


def _no_model(name: str | None = None):
    raise AssertionError("the model was loaded although every document was cached")


@pytest.mark.slow
def test_warm_rebuild_is_identical_and_does_not_load_the_model(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    cold, cold_result = _yaml(corpus, cache_dir)
    uncached, _ = _yaml(corpus, None)
    # An entry per document, and one more per document re-dated by the collection's date
    # (lisbon.txt and nairobi.txt state no date of their own).
    assert cold_result.cache.misses == 3 and cold_result.cache.written == 5
    monkeypatch.setattr(nlp_module, "load_pipeline", _no_model)
    warm, warm_result = _yaml(corpus, cache_dir)
    assert warm == cold == uncached
    assert (warm_result.cache.hits, warm_result.cache.misses) == (3, 0)
    assert warm_result.results == cold_result.results


@pytest.mark.slow
def test_edited_file_is_recomputed_alone(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _, before = _yaml(corpus, cache_dir)
    (corpus / "nairobi.txt").write_text(
        ARTICLES["nairobi.txt"].replace("again", "again, briefly,"), encoding="utf-8"
    )
    text, result = _yaml(corpus, cache_dir)
    assert (result.cache.hits, result.cache.misses) == (2, 1)
    old, new = before.results[1], result.results[1]
    assert new.meta.path == "nairobi.txt"
    assert new.meta.sha256 != old.meta.sha256 and new.mentions != old.mentions
    text_uncached, uncached = _yaml(corpus, None)
    assert text == text_uncached
    assert result.results == uncached.results


@pytest.mark.slow
def test_changed_metadata_is_recomputed(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _yaml(corpus, cache_dir)
    _, result = _yaml(corpus, cache_dir, published="2023-03-14")
    # Only the two documents without a date of their own take the --published date.
    assert (result.cache.hits, result.cache.misses) == (1, 2)


@pytest.mark.slow
def test_changed_rule_file_invalidates_the_results(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    _yaml(corpus, cache_dir)
    user = tmp_path / "rules"
    user.mkdir()
    (user / "events.yaml").write_text("types:\n  visit:\n    verbs: [tour]\n", encoding="utf-8")
    monkeypatch.setenv("TIMELINE_DATA", str(user))
    load_data.cache_clear()
    try:
        _, result = _yaml(corpus, cache_dir)
        assert (result.cache.hits, result.cache.misses) == (0, 3)
        _, again = _yaml(corpus, cache_dir)
        assert (again.cache.hits, again.cache.misses) == (3, 0)
    finally:
        monkeypatch.delenv("TIMELINE_DATA")
        load_data.cache_clear()
    _, restored = _yaml(corpus, cache_dir)
    assert (restored.cache.hits, restored.cache.misses) == (3, 0)


@pytest.mark.slow
def test_changed_model_invalidates_the_results(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _yaml(corpus, cache_dir)
    # The same weights under another version number: a different model for the cache.
    source = nlp_module.model_meta_path().parent
    installed = next(p for p in source.iterdir() if (p / "config.cfg").is_file())
    copy = tmp_path / "model"
    shutil.copytree(installed, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["version"] = meta["version"] + "-retrained"
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    text, result = _yaml(corpus, cache_dir, model=str(copy))
    assert (result.cache.hits, result.cache.misses) == (0, 3)
    assert text == _yaml(corpus, None)[0]


@pytest.mark.slow
def test_corrupted_entry_in_a_rebuild_is_recomputed(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cold, _ = _yaml(corpus, cache_dir)
    entries = sorted((cache_dir / "results").rglob("*.json"))
    assert len(entries) == 5  # 3 documents, 2 of them re-dated by the collection's date
    entries[0].write_bytes(entries[0].read_bytes()[:-10])
    entries[1].write_bytes(entries[1].read_bytes().replace(b'"mentions":', b'"mentions":1'))
    text, result = _yaml(corpus, cache_dir)
    assert text == cold
    assert (result.cache.corrupt, result.cache.written) == (2, 2)
    assert result.cache.hits + result.cache.misses == 3 and result.cache.misses >= 1


@pytest.mark.slow
def test_cli_cache_options(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    cache_dir = tmp_path / "cache"
    args = ["build", str(corpus), "--format", "yaml", "--jobs", "1", "-q"]
    none = runner.invoke(cli, [*args, "--no-cache", "--cache-dir", str(cache_dir)])
    assert none.exit_code == 0, none.output
    assert not cache_dir.exists()
    cold = runner.invoke(cli, [*args, "--cache-dir", str(cache_dir)])
    warm = runner.invoke(cli, [*args, "--cache-dir", str(cache_dir)])
    assert cold.exit_code == warm.exit_code == 0
    assert len(list((cache_dir / "results").rglob("*.json"))) == 5  # 2 re-dated
    assert none.output == cold.output == warm.output


def test_library_import_does_not_import_spacy() -> None:
    code = "import sys, timeline.cli, timeline.pipeline; print('spacy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


@pytest.mark.slow
def test_progress_counts_cached_and_extracted_documents(corpus: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    cache_dir = tmp_path / "cache"
    build(corpus, jobs=1, cache_dir=cache_dir, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (3, 3)
    assert all(total == 3 for _, total in calls)
    calls.clear()
    build(corpus, jobs=1, cache_dir=cache_dir, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.slow
def test_unchanged_files_are_not_read_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import incremental

    cache_dir = tmp_path / "cache"
    cold, _ = _yaml(corpus, cache_dir)
    read: list[str] = []
    original = incremental.read_file

    def counting(path, relative, **options):
        read.append(relative)
        return original(path, relative, **options)

    monkeypatch.setattr(incremental, "read_file", counting)
    warm, _ = _yaml(corpus, cache_dir)
    assert warm == cold and read == []
    (corpus / "ottawa.md").write_text(
        ARTICLES["ottawa.md"].replace("14 July", "15 July"), encoding="utf-8"
    )
    _, result = _yaml(corpus, cache_dir)
    assert read == ["ottawa.md"]
    assert (result.cache.hits, result.cache.misses) == (2, 1)


@pytest.mark.slow
def test_a_copy_added_before_a_cached_file_is_read_once(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _yaml(corpus, cache_dir)
    (corpus / "a-copy.txt").write_text(ARTICLES["lisbon.txt"], encoding="utf-8")
    text, result = _yaml(corpus, cache_dir)
    uncached_text, uncached = _yaml(corpus, None)
    assert text == uncached_text
    assert [n.text for n in result.notes] == [n.text for n in uncached.notes]
    assert any("same text as a-copy.txt" in n.text for n in result.notes)
