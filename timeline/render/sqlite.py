"""SQLite: the chronology as a database to query with SQL, sqlite-utils or Datasette.

Tables (the README documents the schema): ``documents``, ``events``, ``event_actors`` (one row
per actor of an event and role it plays), ``sources`` (one row per evidence mention, with the
character offsets of its sentence, trigger and date in the document) and ``disputes``, linked
by foreign keys, with indexes on the event date, type and actor and an FTS5 index
(``sources_fts``, sqlite-utils' naming, so Datasette offers a search box) over the evidence
sentences. Events keep the order of the chronology (``events.position``); every value comes
from the same fields the YAML output holds, so the two can be checked against each other.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import TimelineError
from ..model import STATUSES, Event, Timeline
from .labels import date_label, document_name, event_when, source_documents

SCHEMA_SQL = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    title TEXT,
    outlet TEXT,
    url TEXT,
    dct TEXT,
    dct_source TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    date TEXT,
    date_label TEXT NOT NULL,
    start TEXT,
    "end" TEXT,
    precision TEXT,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    location TEXT,
    confidence REAL NOT NULL,
    documents INTEGER NOT NULL,
    cameo TEXT,
    date_inferred_from TEXT
);
CREATE TABLE event_actors (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    actor TEXT NOT NULL,
    role TEXT,
    position INTEGER NOT NULL
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    trigger TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    date_text TEXT,
    date TEXT
);
CREATE TABLE disputes (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    date TEXT NOT NULL,
    document_id INTEGER REFERENCES documents(id)
);
CREATE INDEX events_start ON events(start, "end");
CREATE INDEX events_type ON events(type);
CREATE INDEX events_location ON events(location);
CREATE INDEX event_actors_actor ON event_actors(actor);
CREATE INDEX event_actors_event ON event_actors(event_id);
CREATE INDEX sources_event ON sources(event_id);
CREATE INDEX sources_document ON sources(document_id);
CREATE INDEX disputes_event ON disputes(event_id);
CREATE VIRTUAL TABLE sources_fts USING fts5(
    sentence, trigger, content=[sources], content_rowid=[id]
);
"""

# What Datasette shows beside each table and column (``--datasette-metadata``).
DESCRIPTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "documents": (
        "Source documents of the chronology.",
        {
            "path": "Path relative to the corpus folder",
            "dct": "Publication date (ISO, at the precision known)",
            "dct_source": "Where the publication date came from",
            "name": "Title, outlet and date as the chronology cites the document",
        },
    ),
    "events": (
        "Merged events, in chronological order (position).",
        {
            "date": "ISO date at its precision: YYYY, YYYY-MM, YYYY-MM-DD or START/END",
            "date_label": "The date as a person writes it",
            "start": "First day the date can mean (ISO)",
            "end": "Last day the date can mean (ISO)",
            "status": ", ".join(STATUSES),
            "documents": "Number of distinct documents citing the event",
            "confidence": "0 to 1",
        },
    ),
    "event_actors": (
        "Who took part in each event: one row per actor and role.",
        {"role": "visitor, host, inviter, invitee, participant, ... (empty: none stated)"},
    ),
    "sources": (
        "Evidence: one row per sentence mentioning an event; offsets index the document text.",
        {
            "start": "Offset of the sentence in the document's decoded text",
            "end": "End offset of the sentence",
            "trigger_start": "Offset of the trigger word in the document",
            "date_text": "The words that gave the date",
            "date": "The date this source gives, before reconciliation",
        },
    ),
    "disputes": ("Dates some sources give that disagree with the event's date.", {}),
}


def metadata_path(database: str | Path) -> Path:
    """Where the Datasette metadata of a database goes: ``x.db`` → ``x.metadata.json``."""
    path = Path(database)
    return path.with_name(f"{path.stem}.metadata.json")


def datasette_metadata_json(database: Path) -> str:
    """Datasette metadata (titles, descriptions, labels, facets, search) for a database file."""
    tables: dict[str, Any] = {}
    for table, (description, columns) in DESCRIPTIONS.items():
        tables[table] = {"description": description, "columns": dict(sorted(columns.items()))}
    tables["documents"]["label_column"] = "name"
    tables["events"]["label_column"] = "title"
    tables["events"]["sort"] = "position"
    tables["events"]["facets"] = ["type", "status", "location"]
    tables["event_actors"]["facets"] = ["actor", "role"]
    tables["sources"]["fts_table"] = "sources_fts"
    tables["sources"]["fts_pk"] = "id"
    metadata = {
        "title": "Chronology",
        "description": "Diplomatic events extracted and merged by timeline, with their evidence.",
        "databases": {database.stem: {"tables": tables}},
    }
    return json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"


def _actor_rows(event: Event) -> Iterator[tuple[str, str | None]]:
    """(actor, role) pairs: each actor once per role it plays, once with no role otherwise."""
    roles: dict[str, list[str]] = {}
    for role, actor in event.roles:
        roles.setdefault(actor, []).append(role)
    for actor in dict.fromkeys([*event.actors, *roles]):
        if actor in roles:
            for role in sorted(roles[actor]):
                yield actor, role
        else:
            yield actor, None


def _event_row(position: int, event: Event) -> tuple[Any, ...]:
    when = event_when(event)
    return (
        event.id,
        position,
        event.date,
        date_label(event.date),
        when.start.isoformat() if when else None,
        when.end.isoformat() if when else None,
        when.precision if when else None,
        event.type,
        event.status,
        event.title,
        event.location,
        round(event.confidence, 2),
        len(source_documents(event)),
        event.cameo,
        event.date_inferred_from,
    )


def _fill(db: sqlite3.Connection, timeline: Timeline) -> None:
    document_ids: dict[str, int] = {}
    for meta in timeline.documents:
        document_ids[meta.path] = len(document_ids) + 1
        db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_ids[meta.path],
                meta.path,
                meta.title,
                meta.outlet,
                meta.url,
                meta.dct,
                meta.dct_source,
                document_name(meta, meta.path),
            ),
        )
    for position, event in enumerate(timeline.events, 1):
        row = _event_row(position, event)
        db.execute(f"INSERT INTO events VALUES ({', '.join('?' * len(row))})", row)
        db.executemany(
            "INSERT INTO event_actors (event_id, actor, role, position) VALUES (?, ?, ?, ?)",
            [(event.id, actor, role, i) for i, (actor, role) in enumerate(_actor_rows(event))],
        )
        for source in event.sources:
            if source.document not in document_ids:  # a chronology cut by hand: keep the link
                document_ids[source.document] = len(document_ids) + 1
                db.execute(
                    "INSERT INTO documents (id, path, dct_source, name) VALUES (?, ?, 'none', ?)",
                    (document_ids[source.document], source.document, source.document),
                )
            db.execute(
                'INSERT INTO sources (event_id, document_id, sentence, start, "end", trigger,'
                " trigger_start, trigger_end, date_text, date)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    event.id,
                    document_ids[source.document],
                    source.sentence,
                    source.start,
                    source.end,
                    source.trigger,
                    source.trigger_start,
                    source.trigger_end,
                    source.date_text,
                    source.date,
                ),
            )
        for dispute in event.disputed:
            documents: list[int | None] = [document_ids.get(d) for d in dispute.documents]
            for document_id in documents or [None]:
                db.execute(
                    "INSERT INTO disputes (event_id, date, document_id) VALUES (?, ?, ?)",
                    (event.id, dispute.date, document_id),
                )
    db.execute("INSERT INTO sources_fts(sources_fts) VALUES ('rebuild')")


def write_database(timeline: Timeline, path: str | Path) -> None:
    """Write the chronology as a new SQLite database at ``path`` (an empty or missing file).

    Callers wanting an atomic replacement write to a temporary path and rename it
    (:func:`timeline.render.atomic_path`).
    """
    try:
        db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as error:
        raise TimelineError(f"{path}: cannot create the database: {error}") from error
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("BEGIN")
        for statement in SCHEMA_SQL.split(";\n"):
            if statement.strip():
                db.execute(statement)
        _fill(db, timeline)
        db.execute("COMMIT")
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise TimelineError(f"{path}: broken links in the chronology: {problems[:3]}")
    except sqlite3.Error as error:
        raise TimelineError(f"{path}: cannot write the database: {error}") from error
    finally:
        db.close()
