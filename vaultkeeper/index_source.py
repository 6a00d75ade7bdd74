"""The index as the shortlist's source (`shortlist.Source`): briefs, mentions, problems and
names from its tables, and only the shortlisted contacts unpacked from their records."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence, Set
from datetime import date
from typing import NamedTuple

from . import standing
from .brief import BRIEF_COLUMNS, Brief, brief_of
from .contact import Contact, NoteRecord, Problem, problems_of, sorted_problems, stem_of
from .index_tables import NAME, SEP
from .lookup import all_mention_days
from .matching import lookups, wanted_topics
from .names import fold
from .resources import Resource
from .safe_pickle import SafeUnpickler
from .scales import Scales, Weighed
from .store import CacheError
from .vault import same_name_problems

_CHUNK = 500
"""Paths per `IN (...)` query (SQLite allows 999 parameters in older builds)."""


class Named(NamedTuple):
    """A contact's path and display name: all that the problem of a shared name needs."""

    path: str
    name: str


class IndexSource:
    """One open, current index; `keep` stores the lists weighed (`standing.py`) for the next
    agenda, given the generation they hold for."""

    def __init__(
        self, db: sqlite3.Connection, keep: Callable[[int, bytes], None] | None = None
    ) -> None:
        self.db = db
        self._keep = keep
        self._records: tuple[list[str], dict[str, bytes]] | None = None

    def briefs(self) -> Iterator[Brief]:
        for row in self.db.execute(f"SELECT {BRIEF_COLUMNS} FROM briefs").fetchall():
            yield brief_of(*row)

    def weigh(self, scales: Scales, mentions: Mapping[str, Collection[date]]) -> Weighed:
        found, new = standing.weigh(self.db, scales, mentions, self.briefs())
        if new and self._keep is not None:
            self._keep(found.generation, standing.packed(found))
        return found

    def mentions(self) -> Mapping[str, Set[date]]:
        return all_mention_days(self.db)

    def records(self, paths: list[str]) -> dict[str, bytes]:
        if self._records is None or self._records[0] != paths:
            found: dict[str, bytes] = {}
            for i in range(0, len(paths), _CHUNK):
                chunk = paths[i : i + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                query = f"SELECT path, record FROM notes WHERE path IN ({marks})"
                found.update(self.db.execute(query, chunk))
            if len(found) != len(paths) or not all(type(b) is bytes for b in found.values()):
                raise CacheError("a contact's brief has no record")  # tables out of step
            self._records = (paths, found)
        return self._records[1]

    def contacts(self, paths: list[str]) -> list[Contact]:
        contacts = []
        for path, blob in sorted(self.records(paths).items()):
            record = SafeUnpickler.loads(blob)
            if not isinstance(record, NoteRecord) or record.contact is None or record.path != path:
                raise CacheError(f"the entry for {path} is not a contact's record")
            contacts.append(record.contact)
        return contacts

    def problems(self) -> list[Problem]:
        found = []
        query = "SELECT problems FROM notes INDEXED BY notes_problems WHERE problems IS NOT NULL"
        for (text,) in self.db.execute(query):
            found += problems_of(text)
        query = (
            "SELECT path, name FROM briefs WHERE name_key IN "
            "(SELECT name_key FROM briefs GROUP BY name_key HAVING COUNT(*) > 1)"
        )
        shared = sorted(Named(*row) for row in self.db.execute(query))
        found += same_name_problems(shared)
        return sorted_problems(found)

    def private(self) -> int:
        (count,) = self.db.execute("SELECT COUNT(*) FROM briefs WHERE private = 1").fetchone()
        return int(count)

    def shared_stems(self, paths: list[str]) -> frozenset[str]:
        stems = {path: fold(stem_of(path)) for path in paths}
        keys = sorted(set(stems.values()))
        owners: dict[str, int] = {}
        for i in range(0, len(keys), _CHUNK):  # a query per few hundred, not one per path
            chunk = keys[i : i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            query = (
                "SELECT key, COUNT(DISTINCT path) FROM names "
                f"WHERE kind = ? AND key IN ({marks}) GROUP BY key"
            )
            owners.update(self.db.execute(query, (NAME, *chunk)))
        return frozenset(path for path, key in stems.items() if owners.get(key, 0) > 1)

    def matched(self, resources: Sequence[Resource]) -> set[str]:
        wanted = {f"{kind}{key}" for kind, key in resource_lookups(resources)}
        if not wanted:
            return set()
        rows = self.db.execute("SELECT path, topics FROM briefs WHERE topics != ''")
        return {path for path, filed in rows if not wanted.isdisjoint(filed.split(SEP))}


def resource_lookups(resources: Sequence[Resource]) -> set[tuple[int, str]]:
    """Where the open resources' candidates are filed, as "Worth sharing" (the title without
    its aside) and a draft's best resource (the whole title) look for them."""
    found: set[tuple[int, str]] = set()
    for resource in resources:
        if not resource.done:
            for whole in (False, True):
                found.update(lookups(wanted_topics(resource.topics(whole_title=whole)), ()))
    return found
