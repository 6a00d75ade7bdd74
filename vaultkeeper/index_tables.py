"""The index's tables: what each holds, and how a stored note's row is spread over them.

`store.py` opens the file and runs the transactions; this module only says what goes where.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from .names import fold
from .parts import part_of

META_TABLE = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
NOTES_TABLE = """CREATE TABLE IF NOT EXISTS notes (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    record BLOB NOT NULL,
    name TEXT,
    segment TEXT,
    segment_text TEXT,
    aliases TEXT NOT NULL,
    day TEXT,
    links TEXT NOT NULL,
    problems TEXT,
    part INTEGER NOT NULL
)"""
_NAMES_TABLE = """CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,
    kind INTEGER NOT NULL,
    path TEXT NOT NULL
)"""
"""Every name a contact answers to, so one contact is found without loading the directory:
kind NAME is a name folded as typed names compare (`names.fold`), kind PATH the folded path
without `.md`, kind LINK a name as daily-note links compare (casefolded). Its index by key holds
the kind and path too: every query on it asks only those, and reads no row of the table (half
the pages a new process reads to find everyone's mentions)."""
_LINKS_TABLE = """CREATE TABLE IF NOT EXISTS links (
    key TEXT NOT NULL,
    day TEXT NOT NULL,
    path TEXT NOT NULL
)"""
"""Every link of every daily note, so the days that mention one contact are a query."""
_BRIEFS_TABLE = """CREATE TABLE IF NOT EXISTS briefs (
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    segment TEXT,
    cadence TEXT,
    touched TEXT,
    logged TEXT,
    planned TEXT,
    asked INTEGER NOT NULL,
    more TEXT,
    segment_text TEXT,
    aliases TEXT NOT NULL,
    tags TEXT NOT NULL,
    channel TEXT,
    company TEXT,
    role TEXT,
    json_head TEXT,
    json_tail TEXT,
    private INTEGER NOT NULL,
    topics TEXT NOT NULL,
    name_key TEXT NOT NULL
)"""
"""Every contact's brief (`brief.py`), apart from the records so that reading them all is a
scan of a small table: the agenda weighs every contact from these, and `list` shows them;
`topics` holds what a match could find them under (`matching.topic_keys`, each as its kind's
digit and key), so "Worth sharing" finds a resource's candidates without unpacking anyone;
`name_key` is the name casefolded, so names two contacts share are one indexed query;
`json_head` and `json_tail`, `list --json`'s text for the note (`listing.card_json`)."""
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS names_key ON names (key, kind, path)",
    "CREATE INDEX IF NOT EXISTS names_path ON names (path)",
    "CREATE INDEX IF NOT EXISTS links_key ON links (key)",
    "CREATE INDEX IF NOT EXISTS links_path ON links (path)",
    "CREATE INDEX IF NOT EXISTS briefs_path ON briefs (path)",
    "CREATE INDEX IF NOT EXISTS briefs_name_key ON briefs (name_key)",
    "CREATE INDEX IF NOT EXISTS briefs_private ON briefs (path) WHERE private = 1",
    "CREATE INDEX IF NOT EXISTS notes_problems ON notes (path) WHERE problems IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS notes_part ON notes (part)",
    "CREATE INDEX IF NOT EXISTS changes_generation ON changes (generation)",
)
NAME, PATH, LINK = 0, 1, 2
SEP = "\x1f"
"""Joins aliases and links inside one column."""
_SEAL_TABLE = """CREATE TABLE IF NOT EXISTS seal (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    generation INTEGER NOT NULL,
    walk BLOB
)"""
"""What the index was last left current for (`store.py`): a digest of the whole walk, and the
generation (every write moves it on)."""
_SEAL_PARTS_TABLE = """CREATE TABLE IF NOT EXISTS seal_parts (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    generation INTEGER NOT NULL,
    parts BLOB
)"""
"""A digest of each part of that walk (`parts.py`), so that after an edit only the changed
parts are read; they count only when left with the seal, at its generation."""


_CHANGES_TABLE = f"""CREATE TABLE IF NOT EXISTS changes (
    generation INTEGER NOT NULL,
    {_BRIEFS_TABLE.split("(", 1)[1].rsplit(")", 1)[0].replace(" NOT NULL", "").strip()}
)"""
"""Each write's notes, with the brief each had before it (NULLs when none), logged at the
generation the write moved to: what the kept standings (`standing.py`) weigh again. A path of
"" stands for more notes than were worth logging."""
_STANDING_TABLE = """CREATE TABLE IF NOT EXISTS standing (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    generation INTEGER NOT NULL,
    body BLOB NOT NULL
)"""
"""The agenda's lists as last weighed (`standing.py`), and the generation they were weighed
at; the `changes` since then say who to weigh again."""
CHANGES_KEPT = 64
"""Generations the `changes` log keeps: a standing older than that weighs everyone again."""
CHANGES_LOGGED = 2000
"""Notes one write logs at most; more are logged as "" (weigh everyone)."""
TABLES = ("notes", "names", "links", "briefs", "seal", "seal_parts", "changes", "standing")
"""Every table but `meta`: what a new index drops and makes again."""


def create_tables(db: sqlite3.Connection, indexes: bool = True) -> None:
    tables = [META_TABLE, NOTES_TABLE, _NAMES_TABLE, _LINKS_TABLE, _BRIEFS_TABLE]
    tables += [_SEAL_TABLE, _SEAL_PARTS_TABLE, _CHANGES_TABLE, _STANDING_TABLE]
    for table in tables:
        db.execute(table)
    for index in _INDEXES if indexes else ():
        db.execute(index)


def start_new(db: sqlite3.Connection, want: dict[str, str]) -> int:
    """A new index's tables (the indexes come after its rows: one sort each, instead of keeping
    them in order row by row) and stamp; its first generation, drawn at random so that a
    process that read an older file's rows at some generation never finds that number here."""
    create_tables(db, indexes=False)
    db.execute("DELETE FROM meta")
    db.executemany("INSERT INTO meta VALUES (?, ?)", want.items())
    return int.from_bytes(os.urandom(7), "big")


def set_seal(
    db: sqlite3.Connection, generation: int, walk: bytes | None, parts: bytes | None
) -> None:
    """The parts go in a table of their own: an older vaultkeeper writes the seal's three
    columns, and must not fail on a fourth (nor leave parts it did not make: their
    generation would not be the seal's)."""
    db.execute("INSERT OR REPLACE INTO seal VALUES (1, ?, ?)", (generation, walk))
    db.execute("INSERT OR REPLACE INTO seal_parts VALUES (1, ?, ?)", (generation, parts))


def insert_notes(db: sqlite3.Connection, rows: Iterable[tuple[Any, ...]], keys: Keys) -> None:
    """Each row's share of the notes table; `keys` gathers the rest as they stream past."""
    db.executemany(
        f"INSERT OR REPLACE INTO notes VALUES ({', '.join('?' * 14)})", keys.noting(rows)
    )


def insert_keys(db: sqlite3.Connection, keys: Keys) -> None:
    """The names, links and briefs `insert_notes` gathered."""
    db.executemany("INSERT INTO names VALUES (?, ?, ?)", keys.names)
    db.executemany("INSERT INTO links VALUES (?, ?, ?)", keys.links)
    db.executemany(f"INSERT INTO briefs VALUES ({', '.join('?' * 20)})", keys.briefs)


def log_changes(db: sqlite3.Connection, generation: int, paths: list[tuple[str]]) -> None:
    """Log these notes with their briefs as they were (`changes`), before they are replaced."""
    db.execute("DELETE FROM changes WHERE generation <= ?", (generation - CHANGES_KEPT,))
    if len(paths) > CHANGES_LOGGED:
        db.execute("INSERT INTO changes (generation, path) VALUES (?, '')", (generation,))
        return
    logged = [(generation, path) for (path,) in paths]
    db.executemany("INSERT INTO changes SELECT ?, * FROM briefs WHERE path = ?", logged)
    db.executemany(
        "INSERT INTO changes (generation, path) SELECT ?1, ?2 "
        "WHERE NOT EXISTS (SELECT 1 FROM briefs WHERE path = ?2)",
        logged,
    )


class Keys:
    """The names and links rows of the notes being stored, gathered as they stream past."""

    def __init__(self) -> None:
        self.paths: list[tuple[str]] = []
        self.names: list[tuple[str, int, str]] = []
        self.links: list[tuple[str, str, str]] = []
        self.briefs: list[tuple[Any, ...]] = []

    def noting(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        """The notes table's share of each row (with the path's part); the rest goes to the
        other tables."""
        for row in rows:
            path, name, aliases, day, links = row[0], row[6], row[9], row[10], row[11]
            self.paths.append((path,))
            private, brief, topics = row[-3:]
            if brief is not None:
                key = (name or "").casefold()
                self.briefs.append((path, name, row[7], *brief, private, topics, key))
            if name is not None:
                stem = path.rsplit("/", 1)[-1].removesuffix(".md")
                names = (stem, name, *(aliases.split(SEP) if aliases else ()))
                self.names += [(key, NAME, path) for key in dict.fromkeys(map(fold, names))]
                self.names.append((fold(path).removesuffix(".md"), PATH, path))
                folded = dict.fromkeys(n.casefold() for n in names)
                self.names += [(key, LINK, path) for key in folded]
            if day and links:
                self.links += [(key, day, path) for key in links.split(SEP)]
            yield (*row[:-3], part_of(path))
