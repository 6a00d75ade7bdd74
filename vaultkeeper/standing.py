"""The agenda's lists kept in the index between commands, so that the agenda after an edit
weighs again only the contacts that changed, not all ten thousand.

A `Standing` is what an agenda needs of its lists (`scales.Scales`): each list's first rows,
a few more than it shows, and how many it holds, with the index's generation they were weighed
at. The index logs each write's notes with their briefs as they were (`changes`), so the
standing is brought up to date by taking out the changed contacts as they stood and weighing
them as they are; so are contacts whose newest daily-note mention moved. When a list runs short
of kept rows, or the day, the week or the settings differ, or the log does not reach back that
far, everyone is weighed again, as before, and the standing kept for the next agenda.
"""

from __future__ import annotations

import bisect
import heapq
import pickle
import sqlite3
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from operator import itemgetter
from typing import Any

from .brief import BRIEF_COLUMNS, Brief, brief_of
from .config import Settings
from .index_tables import CHANGES_KEPT
from .lean import lean_dataclass
from .safe_pickle import SafeUnpickler
from .scales import DATED, OVERDUE, PROMISES, REMINDERS, Placed, Scales, Totals, shown_rows
from .store import CacheError

KEEP = 24
"""Rows kept past what each list shows: a removal from the first rows takes the next one up."""
_CHUNK = 500
_KEY = itemgetter(1)


@lean_dataclass
class Standing:
    """Each list's first rows as `(key, path)` in order, and its length: the overdue groups
    (segments, then None), then `Scales`' other lists by kind."""

    settings: Settings
    today: date
    start: date
    generation: int
    tops: list[list[tuple[Any, str]]]
    counts: list[int]
    reminders: int
    promises: int
    dated: set[str]
    newest: dict[str, date]
    """The newest day a daily note mentions each contact, as weighed."""
    weighed: int

    @classmethod
    def of(cls, scales: Scales, generation: int, newest: dict[str, date]) -> Standing:
        limits = shown_rows(scales.settings)
        tops = [
            sorted((key, path) for path, key in heapq.nsmallest(limit + KEEP, kept.items(), _KEY))
            for kept, limit in zip(scales.lists(), limits, strict=True)
        ]
        counts = [len(kept) for kept in scales.lists()]
        return cls(
            scales.settings,
            scales.today,
            scales.start,
            generation,
            tops,
            counts,
            scales.reminder_count,
            scales.promise_count,
            set(scales.dated),
            newest,
            scales.weighed,
        )

    def holds_for(self, scales: Scales) -> bool:
        """Weighed for the same day, week and settings as `scales` would be."""
        return (self.today, self.start) == (scales.today, scales.start) and (
            self.settings.same_as(scales.settings)
        )

    def apply(self, path: str, placed: Placed, sign: int) -> bool:
        """Take a contact's places out of the lists (`sign` -1) or put them in (+1); False
        when a place to take out is not where a whole list says it is (weigh everyone)."""
        groups = len(self.settings.segments) + 1
        names = [*self.settings.segments, None]
        for entry in placed:
            kind = entry[0]
            if kind == DATED:
                if sign > 0:
                    self.dated.add(path)
                else:
                    self.dated.discard(path)
                continue
            if kind == OVERDUE:
                slot, key = names.index(entry[1]), entry[2]
            else:
                slot, key = groups + kind - 1, entry[1]
                if kind == REMINDERS:
                    self.reminders += sign * entry[2]
                elif kind == PROMISES:
                    self.promises += sign * entry[2]
            top, item = self.tops[slot], (key, path)
            whole = len(top) == self.counts[slot]
            self.counts[slot] += sign
            if sign < 0:
                at = bisect.bisect_left(top, item)
                if at < len(top) and top[at] == item:
                    del top[at]
                elif whole:
                    return False
            elif whole or (top and item < top[-1]):
                bisect.insort(top, item)
                if not whole or len(top) > shown_rows(self.settings)[slot] + KEEP:
                    top.pop()  # past the kept rows now: like the rest, only counted
        return True

    def complete(self) -> bool:
        """Whether every list still has the rows it shows (or all it holds)."""
        limits = shown_rows(self.settings)
        return all(
            len(top) >= min(limit, count)
            for top, count, limit in zip(self.tops, self.counts, limits, strict=True)
        )

    def shortlist(self) -> set[str]:
        """Every contact some list could show (`Scales.shortlist`)."""
        found = set(self.dated)
        for top, limit in zip(self.tops, shown_rows(self.settings), strict=True):
            found.update(path for _, path in top[:limit])
        return found

    def totals(self) -> Totals:
        groups = len(self.settings.segments) + 1
        counts = dict(zip([*self.settings.segments, None], self.counts, strict=False))
        due, _, _, never, unsorted, _, loops = self.counts[groups:]
        return Totals(counts, due, self.reminders, self.promises, never, unsorted, loops)


def weigh(
    db: sqlite3.Connection,
    scales: Scales,
    mentions: Mapping[str, Collection[date]],
    everyone: Iterable[Brief],
) -> tuple[Standing, bool]:
    """The lists for the index as it is now: the kept standing brought up to date, or else
    `everyone` weighed into `scales`; and whether it is new (to be kept). `db` must be in a
    read transaction that `mentions` and `everyone` were (or will be) read in too: a write
    in between would leave kept lists at a generation whose mentions they do not hold."""
    assert db.in_transaction
    newest = {path: max(days) for path, days in mentions.items() if days}
    sealed = db.execute("SELECT generation FROM seal").fetchone()
    generation = -1 if sealed is None else int(sealed[0])
    kept = _kept(db, scales, generation) if sealed is not None else None
    if kept is not None and kept.generation == generation:  # the same rows, mentions too
        return kept, False
    if kept is not None and _brought_up(db, kept, scales, mentions, newest):
        kept.generation, kept.newest = generation, newest
        return kept, True
    for brief in everyone:
        scales.weigh(brief, mentions.get(brief.path))
    return Standing.of(scales, generation, newest), sealed is not None


def packed(standing: Standing) -> bytes:
    return pickle.dumps(standing, protocol=pickle.HIGHEST_PROTOCOL)


def _kept(db: sqlite3.Connection, scales: Scales, generation: int) -> Standing | None:
    row = db.execute("SELECT generation, body FROM standing").fetchone()
    if row is None or not generation - CHANGES_KEPT < row[0] <= generation:
        return None
    try:
        kept = SafeUnpickler.loads(row[1])
    except CacheError:
        return None
    if not isinstance(kept, Standing) or kept.generation != row[0] or not kept.holds_for(scales):
        return None
    return kept


def _brought_up(
    db: sqlite3.Connection,
    kept: Standing,
    scales: Scales,
    mentions: Mapping[str, Collection[date]],
    newest: dict[str, date],
) -> bool:
    """Weigh again the contacts changed since the standing was kept; False when that is not
    possible (the log says "too many") or no cheaper than weighing everyone."""
    was: dict[str, Brief | None] = {}
    query = f"SELECT {BRIEF_COLUMNS} FROM changes WHERE generation > ? ORDER BY generation"
    for row in db.execute(query, (kept.generation,)):
        if row[0] == "":
            return False
        if row[0] not in was:  # the oldest entry has the brief as it stood when kept
            was[row[0]] = brief_of(*row) if row[1] is not None else None
    moved = {p for p in newest.keys() | kept.newest.keys() if newest.get(p) != kept.newest.get(p)}
    changed = sorted(moved.union(was))
    if len(changed) > max(64, kept.weighed // 4):
        return False
    now = _briefs(db, changed)
    for path in changed:
        before = was[path] if path in was else now.get(path)
        if before is not None:
            mentioned = [kept.newest[path]] if path in kept.newest else None
            if not kept.apply(path, scales.place(before, mentioned), -1):
                return False
        after = now.get(path)
        if after is not None:
            kept.apply(path, scales.place(after, mentions.get(path)), 1)
    (kept.weighed,) = db.execute("SELECT COUNT(*) FROM briefs").fetchone()
    return kept.complete()


def _briefs(db: sqlite3.Connection, paths: list[str]) -> dict[str, Brief]:
    found: dict[str, Brief] = {}
    for i in range(0, len(paths), _CHUNK):
        chunk = paths[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT {BRIEF_COLUMNS} FROM briefs WHERE path IN ({marks})"
        found.update((row[0], brief_of(*row)) for row in db.execute(query, chunk))
    return found
