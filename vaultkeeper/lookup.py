"""One contact by name, through the index's `names` and `links` tables.

`show`, `touch` and every write command need one note. Loading a directory of the whole vault
to resolve one name costs more than the command's own work at 10,000 contacts; here the index
is brought up to date (a walk, and reading only what changed) and the name is a query. The
answer is the one a directory would give: the same `Names` rules run on every contact whose
names could match, and whatever the index cannot settle (a note saved this very second, an
index that cannot be written, a name nothing matches, whose message lists near misses and
broken notes) is left to the directory.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import store
from .config import Settings
from .contact import Contact, Problem, stem_of
from .errors import ContactNotFoundError
from .index_tables import LINK, NAME, PATH, SEP
from .names import Entry, Names, fold
from .outputs import stats_digest
from .store import CacheError

if TYPE_CHECKING:  # the index and the directory are loaded only when the index cannot answer
    from .index import Note
    from .scan import Stat
    from .vault import Directory

_MAX_CODEPOINT = "\U0010ffff"


class Located(NamedTuple):
    """The contact a name means, and the days daily notes mention it."""

    entry: Entry
    mentions: tuple[date, ...]


def locate(
    root: Path, settings: Settings, name: str, *, on_note: Note | None = None
) -> Located | None:
    """The contact `name` means, found through the index; None when only a directory can
    answer (the caller then loads one). Raises `AmbiguousNameError` like a directory would."""
    from .index import refresh

    if not refresh(root, settings, on_note=on_note):
        return None
    try:
        with store.current(root, store.stamp(settings)) as db:
            entry = _resolve(db, name)
            if entry is None:
                return None
            return Located(entry, _mentions(db, entry))
    except (CacheError, sqlite3.Error, ValueError):
        return None


def find(root: Path, settings: Settings, name: str, *, on_note: Note | None = None) -> Located:
    """`locate`, or a directory of the vault when the index cannot settle it."""
    from .index import load_directory

    located = locate(root, settings, name, on_note=on_note)
    if located is not None:
        return located
    directory = load_directory(root, settings)  # the index was brought up to date just now
    try:
        entry = directory.resolve(name)
    except ContactNotFoundError:
        problem = broken_note(directory, name)
        if problem is None:
            raise
        raise ContactNotFoundError(
            f"{problem.path} cannot be read: {problem.message}; fix it, then try again"
        ) from None
    return Located(entry, directory.mentions(entry))


def broken_note(directory: Directory, name: str) -> Problem | None:
    """The one note that cannot be read whose file name `name` means, if there is one: when a
    name matches no contact, the note the user meant may be broken, and saying why helps."""
    wanted = name.strip().casefold()
    broken = sorted(
        {
            problem.path: problem
            for problem in directory.problems
            if stem_of(problem.path).casefold().startswith(wanted) and problem.field is None
        }.values(),
        key=lambda p: p.path,
    )
    exact = [p for p in broken if stem_of(p.path).casefold() == wanted]
    chosen = exact or broken
    return chosen[0] if len(chosen) == 1 else None


def load_contact(
    root: Path, settings: Settings, name: str, *, on_note: Note | None = None
) -> Contact:
    """The one contact `name` means, as a full load would give it (with the days daily notes
    mention it), for the price of a walk and one note: `show` needs no more."""
    from .vault import read_record

    entry, mentions = find(root, settings, name, on_note=on_note)
    record = read_record(root, entry.path, settings)
    if record.contact is None:  # changed since the walk: say why it cannot be shown
        why = record.problems[0].message if record.problems else "it is no longer a contact"
        raise ContactNotFoundError(f"{entry.path} cannot be read: {why}")
    return replace(record.contact, mentions=mentions)


def sealed_contact(
    root: Path, settings: Settings, name: str, files: Sequence[Stat]
) -> Contact | None:
    """`load_contact` reading no note and writing nothing, when the index is sealed for exactly
    this walk (a command found it current and nothing has changed since): the name is a query
    and the contact is the index's own record of its note. None whenever the full way is
    needed; raises `AmbiguousNameError` like a directory would."""
    try:
        with store.sealed_for(root, store.stamp(settings), stats_digest(files)) as db:
            entry = _resolve(db, name)
            if entry is None:
                return None
            row = db.execute("SELECT record FROM notes WHERE path = ?", (entry.path,)).fetchone()
            mentions = _mentions(db, entry)
        from .safe_pickle import unpack_record  # `list` needs no record

        record = unpack_record(entry.path, row[0]) if row and row[0] is not None else None
        if record is None or not isinstance(record.contact, Contact):  # never trusted
            return None
        return replace(record.contact, mentions=mentions)
    except (CacheError, sqlite3.Error, ValueError, TypeError):
        return None


def _resolve(db: sqlite3.Connection, name: str) -> Entry | None:
    """Every contact with a name or path starting as typed, resolved by the directory's rules;
    they are all the contacts those rules could pick."""
    wanted = fold(name.strip()).removesuffix(".md")
    if not wanted:
        return None
    rows = db.execute(
        "SELECT path, name, segment, segment_text, aliases FROM notes WHERE path IN "
        "(SELECT path FROM names WHERE kind IN (?, ?) AND key >= ? AND key < ?)",
        (NAME, PATH, wanted, wanted + _MAX_CODEPOINT),
    )
    entries = [
        Entry(path, text, segment, segment_text, tuple(aliases.split(SEP)) if aliases else ())
        for path, text, segment, segment_text, aliases in rows
        if text is not None
    ]
    try:
        return Names(sorted(entries)).resolve(name)
    except ContactNotFoundError:
        return None  # the directory words it, with near misses and broken notes


_UNIQUE_LINKS = (
    "FROM links l CROSS JOIN names n ON n.kind = ?1 AND n.key = l.key WHERE NOT EXISTS "
    "(SELECT 1 FROM names m WHERE m.kind = ?1 AND m.key = l.key AND m.path != n.path)"
)
"""Daily-note links by a name no other contact has, joined to the contact with that name: each
link looked up by its key (CROSS JOIN keeps `links` the outer loop), a third quicker than
counting every name's contacts first."""


def all_mention_days(db: sqlite3.Connection) -> dict[str, set[date]]:
    """Path → the days of daily notes linking that contact by a name no other contact has
    (`vault.mention_days` for the whole vault, as one query)."""
    found: dict[str, set[date]] = defaultdict(set)
    for path, day in db.execute(f"SELECT n.path, l.day {_UNIQUE_LINKS}", (LINK,)):
        found[path].add(date.fromisoformat(day))
    return found


def latest_mention_days(db: sqlite3.Connection) -> dict[str, str]:
    """Path → the newest of those days, as the ISO text the index keeps (`list --json`)."""
    query = f"SELECT n.path, max(l.day) {_UNIQUE_LINKS} GROUP BY n.path"
    return dict(db.execute(query, (LINK,)).fetchall())


def _mentions(db: sqlite3.Connection, entry: Entry) -> tuple[date, ...]:
    """The days of daily notes that link this contact by a name no other contact has."""
    days: set[str] = set()
    for key in dict.fromkeys(n.casefold() for n in entry.names()):
        owners = db.execute(
            "SELECT COUNT(DISTINCT path) FROM names WHERE kind = ? AND key = ?", (LINK, key)
        ).fetchone()[0]
        if owners == 1:
            days.update(day for (day,) in db.execute("SELECT day FROM links WHERE key = ?", (key,)))
    return tuple(sorted(date.fromisoformat(day) for day in days))
