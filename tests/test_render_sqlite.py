"""The SQLite database, opened with the real engine: schema, counts, links, FTS, README queries.

Counts are checked against the YAML written from the same chronology, so the two formats
cannot drift apart; a slow test does it on a real build of the sample corpus.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, SAMPLE
from timeline_fixture import sample_timeline

from timeline.cli import cli
from timeline.errors import TimelineError
from timeline.render import sqlite as sqlite_render
from timeline.render import write_output
from timeline.render.sqlite import metadata_path, write_database

SNAPSHOT = ROOT / "tests" / "golden" / "seeds.timeline.yaml"


def _readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The SQLite database", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, re.S)
    assert blocks, "the README's SQLite section has no example queries"
    return [q.strip() for block in blocks for q in block.split(";") if q.strip()]


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _counts_from_yaml(data: dict) -> dict[str, int]:
    events = data["events"]
    actors = 0
    for event in events:
        names = list(dict.fromkeys(event["actors"]))
        roles = event.get("roles") or {}
        for name in dict.fromkeys([*names, *roles.values()]):
            actors += max(1, sum(1 for actor in roles.values() if actor == name))
    return {
        "documents": len(data["documents"]),
        "events": len(events),
        "sources": sum(len(e["sources"]) for e in events),
        "event_actors": actors,
        "disputes": sum(len(d["documents"]) or 1 for e in events for d in e.get("disputed", [])),
    }


def _check_against_yaml(db_path: Path, yaml_path: Path) -> None:
    data = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    db = _connect(db_path)
    for table, expected in _counts_from_yaml(data).items():
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected, table
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute(
        "SELECT id, date, type, status, title, documents FROM events ORDER BY position"
    )
    for row, event in zip(rows, data["events"], strict=True):
        documents = len({s["document"] for s in event["sources"]})
        assert row == (
            event["id"],
            event["date"],
            event["type"],
            event["status"],
            event["title"],
            documents,
        )
    offsets = db.execute(
        'SELECT s.start, s."end", s.trigger_start, s.sentence FROM sources s'
        " JOIN events e ON e.id = s.event_id ORDER BY e.position, s.id"
    ).fetchall()
    expected_offsets = [
        (s["start"], s["end"], s["trigger_start"], s["sentence"])
        for e in data["events"]
        for s in e["sources"]
    ]
    assert offsets == expected_offsets


def test_database_of_a_saved_chronology_matches_its_yaml(tmp_path):
    runner = CliRunner()
    db_path, yaml_path = tmp_path / "seeds.db", tmp_path / "seeds.yaml"
    for target in (db_path, yaml_path):
        result = runner.invoke(cli, ["show", str(SNAPSHOT), "-o", str(target)])
        assert result.exit_code == 0, result.output
    _check_against_yaml(db_path, yaml_path)


@pytest.mark.slow
def test_database_of_a_build_of_the_sample_corpus_matches_the_yaml_of_the_same_build(tmp_path):
    runner = CliRunner()
    db_path, yaml_path = tmp_path / "build.db", tmp_path / "build.yaml"
    for target in (yaml_path, db_path):
        result = runner.invoke(cli, ["build", str(SAMPLE), "--quiet", "-o", str(target)])
        assert result.exit_code == 0, result.output
    _check_against_yaml(db_path, yaml_path)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "seeds.db"
    result = CliRunner().invoke(cli, ["show", str(SNAPSHOT), "--format", "sqlite", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("query", _readme_queries())
def test_readme_example_queries_run_and_find_rows(seeds_db, query):
    rows = _connect(seeds_db).execute(query).fetchall()
    assert rows, query


def test_readme_visits_query_answers_who_went_and_how_many_outlets(seeds_db):
    query = _readme_queries()[0]
    rows = _connect(seeds_db).execute(query).fetchall()
    by_title = {title: (visitors, outlets) for _label, title, visitors, outlets in rows}
    assert by_title["Vladimir Putin visits Pyongyang"] == ("Vladimir Putin", 2)
    assert not any("2000" in label for label, *_ in rows)  # before 2019: left out


def test_fts_finds_evidence_by_word_and_returns_its_rowid(seeds_db):
    db = _connect(seeds_db)
    found = db.execute(
        "SELECT s.sentence FROM sources_fts JOIN sources s ON s.id = sources_fts.rowid"
        " WHERE sources_fts MATCH 'cosmodrome'"
    ).fetchall()
    assert found and all("cosmodrome" in sentence.lower() for (sentence,) in found)
    assert (
        db.execute("SELECT count(*) FROM sources_fts").fetchone()[0]
        == db.execute("SELECT count(*) FROM sources").fetchone()[0]
    )
    # declared the way sqlite-utils and Datasette look for a table's full-text index
    declared = db.execute("SELECT sql FROM sqlite_master WHERE name = 'sources_fts'").fetchone()[0]
    assert "content=[sources]" in declared


def test_schema_has_foreign_keys_and_indexes_on_date_type_and_actor(seeds_db):
    db = _connect(seeds_db)
    links = {
        (table, row[2], row[3])
        for table in ("sources", "event_actors", "disputes")
        for row in db.execute(f"PRAGMA foreign_key_list({table})")
    }
    assert ("sources", "events", "event_id") in links
    assert ("sources", "documents", "document_id") in links
    assert ("event_actors", "events", "event_id") in links
    indexed = {
        (table, row[2])
        for table in ("events", "event_actors")
        for index in db.execute(f"PRAGMA index_list({table})")
        for row in db.execute(f"PRAGMA index_info({index[1]})")
    }
    assert {("events", "start"), ("events", "type"), ("event_actors", "actor")} <= indexed


def test_fixture_keeps_roles_disputes_and_undated_events(tmp_path):
    path = tmp_path / "x.db"
    write_database(sample_timeline(), path)
    db = _connect(path)
    undated = db.execute("SELECT start, date_label FROM events WHERE id = 'e0undated9'").fetchone()
    assert undated == (None, "undated")
    assert db.execute("SELECT date, document_id FROM disputes").fetchall() == [("2023-01-05", 3)]
    season = db.execute("SELECT start, \"end\", precision FROM events WHERE id = 'e0season02'")
    assert season.fetchone() == ("2020-06-01", "2020-08-31", "season")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_datasette_metadata_is_written_beside_the_database_when_asked(tmp_path):
    path = tmp_path / "chronology.db"
    result = CliRunner().invoke(
        cli, ["show", str(SNAPSHOT), "-o", str(path), "--datasette-metadata"]
    )
    assert result.exit_code == 0, result.output
    metadata = json.loads(metadata_path(path).read_text(encoding="utf-8"))
    tables = metadata["databases"]["chronology"]["tables"]
    db = _connect(path)
    for table, info in tables.items():
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        assert set(info["columns"]) <= columns, table
    assert tables["sources"]["fts_table"] == "sources_fts"
    assert not (tmp_path / "metadata.json").exists()


def test_sqlite_needs_an_output_file_and_metadata_needs_sqlite(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["show", str(SNAPSHOT), "--format", "sqlite"])
    assert result.exit_code == 2 and "-o" in result.output
    result = runner.invoke(
        cli, ["show", str(SNAPSHOT), "-o", str(tmp_path / "x.yaml"), "--datasette-metadata"]
    )
    assert result.exit_code == 2 and "sqlite" in result.output


def test_a_failed_rebuild_leaves_the_previous_database_intact(tmp_path, monkeypatch):
    path = tmp_path / "c.db"
    write_output(sample_timeline(), "sqlite", path)
    before = path.read_bytes()

    def broken(db, timeline):
        db.execute(
            "INSERT INTO documents (id, path, dct_source, name) VALUES (1, 'x', 'none', 'x')"
        )
        raise TimelineError("disk on fire")

    monkeypatch.setattr(sqlite_render, "_fill", broken)
    with pytest.raises(TimelineError, match="disk on fire"):
        write_output(sample_timeline(), "sqlite", path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db"]


def test_rebuilding_gives_the_same_content(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    write_output(sample_timeline(), "sqlite", first)
    write_output(sample_timeline(), "sqlite", second)
    dump = ["\n".join(sqlite3.connect(p).iterdump()) for p in (first, second)]
    assert dump[0] == dump[1]
