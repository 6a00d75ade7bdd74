"""The agenda from the index: every contact weighed from their brief, only those it can show
unpacked.

An agenda shows a few rows per list (`[agenda] max_rows`), yet which rows depends on every
contact. Here each contact is weighed from the index's plain columns (their brief, the days
daily notes mention them), with the same keys the agenda sorts by; the first rows of each list
are found, every list is counted, and only the contacts some list could show are unpacked into
a small vault that `build_agenda` renders as it would the whole one. After one note changed,
the agenda costs a walk, one note read and a few queries, not unpacking every record.

Whatever this cannot stand in for goes to the full load (None is returned): an index that is
not current or cannot be written, unlimited lists, a review week (the reviews read the whole
vault), a vault without contacts. For a resources inbox, every contact a resource could match
is shortlisted too (found through the index's `topics` table), so "Worth sharing" and the
drafts rank the same people.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from . import rhythm, store
from .agenda import Agenda, Totals, build_agenda
from .brief import BRIEF_COLUMNS, Brief, brief_of
from .config import Settings
from .contact import Contact, Problem
from .dates import add_days
from .lookup import all_mention_days
from .matching import lookups, wanted_topics
from .moments import LOOP_AFTER_DAYS, LOOP_HORIZON_DAYS, window
from .names import fold
from .picks import CLOSE
from .resources import Resource
from .safe_pickle import SafeUnpickler
from .schedule import Status, plan
from .store import NAME, SEP, CacheError
from .vault import NoteRecord, Vault, same_name_problems, sorted_problems
from .walk import FileStat

Rank = tuple[int, str, str]
_CHUNK = 500
"""Paths per `IN (...)` query (SQLite allows 999 parameters in older builds)."""


def shortlisted_agenda(
    root: Path,
    settings: Settings,
    today: date,
    files: list[FileStat],
    resources: Sequence[Resource],
    on_note: Callable[[str], None] | None = None,
) -> Agenda | None:
    """The agenda `build_agenda` would give for the whole vault, or None when only a full
    load can answer (see the module's docstring)."""
    from .index import refresh

    start = add_days(today, -((today.weekday() - settings.week_start) % 7))
    if not settings.max_rows or _review_week(today, settings):
        return None
    if not refresh(root, settings, on_note=on_note, files=files):
        return None
    try:
        with store.current(root, store.stamp(settings)) as db:
            return _agenda(db, root, settings, today, start, resources)
    except (CacheError, sqlite3.Error, ValueError, TypeError, KeyError):
        return None  # an index this code cannot read: the full load rebuilds what it must


def _review_week(today: date, settings: Settings) -> bool:
    return rhythm.quarter_review_due(today, settings) or rhythm.month_review_due(today, settings)


def _agenda(
    db: sqlite3.Connection,
    root: Path,
    settings: Settings,
    today: date,
    start: date,
    resources: Sequence[Resource],
) -> Agenda | None:
    rows = db.execute(f"SELECT {BRIEF_COLUMNS} FROM briefs").fetchall()
    if not rows:
        return None  # the welcome for a vault without contacts reads every note
    mentions = all_mention_days(db)
    scales = _Scales(settings, today, start)
    for row in rows:
        scales.weigh(brief_of(*row), mentions.get(row[0]))
    wanted = scales.shortlist() | _matched(db, resources)
    contacts = [
        replace(contact, mentions=tuple(sorted(mentions.get(contact.path, ()))))
        for contact in _contacts(db, sorted(wanted))
    ]
    problems = _problems(db, [_Named(row[0], row[1]) for row in rows])
    (private,) = db.execute("SELECT COUNT(*) FROM briefs WHERE private = 1").fetchone()
    vault = Vault(
        root=root,
        settings=settings,
        contacts=contacts,
        problems=problems,
        private=int(private),
        shared_stems=_shared_stems(db, contacts),
    )
    return build_agenda(vault, today, resources=resources, totals=scales.totals())


def _matched(db: sqlite3.Connection, resources: Sequence[Resource]) -> set[str]:
    """Every contact an open resource could match, as "Worth sharing" and a draft's best
    resource look for them (`matching.TopicIndex.candidates`)."""
    wanted: set[str] = set()
    for resource in resources:
        if not resource.done:
            for whole in (False, True):
                topics = wanted_topics(resource.topics(whole_title=whole))
                wanted.update(f"{kind}{key}" for kind, key in lookups(topics, ()))
    if not wanted:
        return set()
    rows = db.execute("SELECT path, topics FROM briefs WHERE topics != ''")
    return {path for path, filed in rows if not wanted.isdisjoint(filed.split(SEP))}


@dataclass
class _Scales:
    """Every contact weighed with the keys `build_agenda` sorts each list by, keeping what is
    needed to find each list's first rows and to count it."""

    settings: Settings
    today: date
    start: date
    overdue: dict[str | None, list[tuple[Any, str]]] = field(default_factory=dict)
    due: list[tuple[Any, str]] = field(default_factory=list)
    reminders: list[tuple[Any, str]] = field(default_factory=list)
    promises: list[tuple[Any, str]] = field(default_factory=list)
    never: list[tuple[Any, str]] = field(default_factory=list)
    unsorted: list[tuple[Any, str]] = field(default_factory=list)
    picks: list[tuple[Any, str]] = field(default_factory=list)
    loops: list[tuple[Any, str]] = field(default_factory=list)
    dated: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self.end = add_days(self.start, 6)
        self.order = {name: i for i, name in enumerate(self.settings.segments)}
        self.unknown = len(self.order)
        self.overdue = {name: [] for name in [*self.settings.segments, None]}
        self.window = window(self.start, self.end, self.today)

    def weigh(self, brief: Brief, mentioned: Iterable[date] | None) -> None:
        """Where this contact stands in each list. Keys nest the rank (`(key, rank)` sorts as
        the agenda's flat `(key, *rank)`), as this runs for every contact."""
        today, end, path = self.today, self.end, brief.path
        last = brief.last_touch(mentioned)
        logged = brief.latest_log_date
        cadence = brief.cadence_in(self.settings)
        found = plan(cadence, last, brief.next_touch, today)
        rank = (self.order.get(brief.segment or "", self.unknown), brief.name.casefold(), path)
        status = found.status
        pick: tuple[Any, ...] = ()
        if status is Status.OVERDUE:
            group = brief.segment if brief.segment in self.overdue else None
            self.overdue[group].append(((-found.days_overdue(today), rank), path))
            pick = (2, -found.days_past_due(today), rank)
        else:
            if found.due_on is not None and found.due_on <= end:
                self.due.append(((found.due_on, rank), path))
            if status is Status.DUE:
                pick = (3 if last is not None else 4, -found.days_past_due(today), rank)
        reminders: tuple[date, ...] = ()
        if brief.reminders:
            reminders = tuple(
                day
                for day, kept in brief.reminders
                if not kept and (last is None or last < day) and day <= end
            )
            if reminders:
                self.reminders.append(((min(reminders), rank), path))
                self.counts["reminders"] += len(reminders)
                pick = (1, -found.days_past_due(today), rank)
        if brief.promises:
            first = min(_promise_order(due, today) for due in brief.promises)
            self.promises.append(((first, rank), path))
            self.counts["promises"] += len(brief.promises)
            if any(due is not None and due <= end for due in brief.promises):
                pick = (0, -found.days_past_due(today), rank)
        if last is None and brief.next_touch is None and cadence is not None:
            self.never.append((rank, path))
        if brief.segment is None:
            self.unsorted.append((rank, path))
        if brief.birthday is not None or brief.milestones:
            self._dates(brief, pick, rank)
        elif pick:
            self.picks.append((pick, path))
        if (
            brief.asked_last
            and last is not None
            and last == logged
            and LOOP_AFTER_DAYS <= (today - last).days <= LOOP_HORIZON_DAYS
        ):
            self.loops.append(((last, brief.name.casefold(), path), path))

    def _dates(self, brief: Brief, pick: tuple[Any, ...], rank: Rank) -> None:
        """A contact with dates of the year: in "Dates this week" when one falls in its days,
        and a touchpoint for an ally's or peer's birthday (after promises and reminders)."""
        first, last = self.window
        birthday = brief.birthday
        if (
            birthday is not None
            and brief.segment in CLOSE
            and (not pick or pick[0] in (2, 3, 4))
            and any(first <= day <= last for day in _days(birthday.on, first.year, last.year))
        ):
            pick = (1.5, 0, rank)
        if pick:
            self.picks.append((pick, brief.path))
        if any(
            first <= day <= last
            for on in brief.dates_of_year()
            for day in _days(on, first.year, last.year)
        ):
            self.dated.add(brief.path)

    def shortlist(self) -> set[str]:
        """Every contact some list could show: each list's first rows by its own key."""
        limit = self.settings.max_rows
        found: set[str] = set(self.dated)
        lists = [*self.overdue.values(), self.due, self.never, self.unsorted, self.loops]
        lists += [self.reminders, self.promises]  # a contact's first item stands for the rest
        for weighed in lists:
            found.update(path for _, path in heapq.nsmallest(limit, weighed))
        found.update(path for _, path in heapq.nsmallest(self.settings.touchpoints, self.picks))
        return found

    def totals(self) -> Totals:
        return Totals(
            overdue={name: len(placed) for name, placed in self.overdue.items()},
            due=len(self.due),
            reminders=self.counts["reminders"],
            promises=self.counts["promises"],
            never_touched=len(self.never),
            unsorted=len(self.unsorted),
            loops=len(self.loops),
        )


def _promise_order(due: date | None, today: date) -> tuple[int, date]:
    if due is None:
        return (2, date.max)
    return (0 if due < today else 1, due)


def _days(on: Callable[[int], date], first: int, last: int) -> list[date]:
    found = []
    for year in range(first, last + 1):
        try:
            found.append(on(year))
        except (ValueError, OverflowError):
            continue
    return found


def _contacts(db: sqlite3.Connection, paths: list[str]) -> list[Contact]:
    """The shortlisted contacts, unpacked from their records (in path order)."""
    contacts = []
    for i in range(0, len(paths), _CHUNK):
        chunk = paths[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(f"SELECT path, record FROM notes WHERE path IN ({marks})", chunk)
        for path, blob in sorted(rows):
            record = SafeUnpickler.loads(blob)
            if not isinstance(record, NoteRecord) or record.contact is None or record.path != path:
                raise CacheError(f"the entry for {path} is not a contact's record")
            contacts.append(record.contact)
    return contacts


def _problems(db: sqlite3.Connection, named: list[_Named]) -> list[Problem]:
    """Every note's problems and the names two contacts share, as `assemble` finds them."""
    found = []
    query = "SELECT problems FROM notes INDEXED BY notes_problems WHERE problems IS NOT NULL"
    for (text,) in db.execute(query):
        found += [Problem(str(p), str(m), f) for p, m, f in json.loads(text)]
    counts = Counter(item.name.casefold() for item in named)
    shared = sorted(item for item in named if counts[item.name.casefold()] > 1)
    found += same_name_problems(shared)
    return sorted_problems(found)


class _Named(NamedTuple):
    path: str
    name: str


def _shared_stems(db: sqlite3.Connection, contacts: list[Contact]) -> frozenset[str]:
    """The contacts whose file name another contact also answers to (their links need the
    path), from the index's names, as `Names.shares_stem` decides it for the whole vault."""
    shared = set()
    for contact in contacts:
        (owners,) = db.execute(
            "SELECT COUNT(DISTINCT path) FROM names WHERE kind = ? AND key = ?",
            (NAME, fold(contact.stem)),
        ).fetchone()
        if owners > 1:
            shared.add(contact.path)
    return frozenset(shared)
