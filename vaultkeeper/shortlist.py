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
is shortlisted too (from what each contact is filed under), so "Worth sharing" and the
drafts rank the same people.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from . import rhythm, store
from .agenda import Agenda, Totals, build_agenda
from .brief import Brief
from .config import Settings
from .contact import Contact, Problem
from .dates import add_days
from .moments import LOOP_AFTER_DAYS, LOOP_HORIZON_DAYS, day_in, window
from .picks import CLOSE
from .resources import Resource
from .schedule import Status, plan
from .vault import Vault
from .walk import FileStat

Rank = tuple[int, str, str]


class Source(Protocol):
    """Where the shortlist reads the vault from: the index (`index_source.IndexSource`), or
    the watcher's memory (`live_briefs.LiveBriefs`). Both answer as a full load would."""

    def briefs(self) -> Iterable[Brief]:
        """Every contact's brief."""
        ...

    def mentions(self) -> Mapping[str, Collection[date]]:
        """Path → the days daily notes mention that contact (`vault.mention_days`)."""
        ...

    def contacts(self, paths: list[str]) -> list[Contact]:
        """These contacts as their notes give them (without mentions), in path order."""
        ...

    def problems(self) -> list[Problem]:
        """Every problem `assemble` would find, sorted as it sorts them."""
        ...

    def private(self) -> int:
        """How many contact notes hold details their person may not want kept."""
        ...

    def shared_stems(self, contacts: list[Contact]) -> frozenset[str]:
        """Which of these contacts' file names another contact also answers to."""
        ...

    def matched(self, resources: Sequence[Resource]) -> set[str]:
        """Every contact an open resource could match (`matching.TopicIndex.candidates`)."""
        ...


def shortlisted_agenda(
    root: Path,
    settings: Settings,
    today: date,
    files: list[FileStat],
    resources: Sequence[Resource],
    on_note: Callable[[str], None] | None = None,
) -> Agenda | None:
    """The agenda `build_agenda` would give for the whole vault, from the index, or None when
    only a full load can answer (see the module's docstring)."""
    import sqlite3

    from .index import paused_gc, refresh
    from .index_source import IndexSource

    if not wanted(today, settings):
        return None
    if not refresh(root, settings, on_note=on_note, files=files):
        return None
    try:
        # Ten thousand briefs and their keys, and no cycles among them: collections passing
        # over them would cost more than the weighing (`index.paused_gc`).
        with paused_gc(), store.current(root, store.stamp(settings)) as db:
            return agenda_from(IndexSource(db), root, settings, today, resources)
    except (store.CacheError, sqlite3.Error, ValueError, TypeError, KeyError, IndexError):
        return None  # an index this code cannot read: the full load rebuilds what it must


def wanted(today: date, settings: Settings) -> bool:
    """Whether a shortlist can stand in for the whole vault this week: not when every row is
    shown (`max_rows = 0`), nor in a review week (the reviews read every contact)."""
    review = rhythm.quarter_review_due(today, settings) or rhythm.month_review_due(today, settings)
    return bool(settings.max_rows) and not review


def agenda_from(
    source: Source,
    root: Path,
    settings: Settings,
    today: date,
    resources: Sequence[Resource],
) -> Agenda | None:
    """Weigh every contact, unpack the shortlist, build the agenda with the whole vault's
    counts; None for a vault without contacts (its welcome reads every note)."""
    start = add_days(today, -((today.weekday() - settings.week_start) % 7))
    mentions = source.mentions()
    scales = _Scales(settings, today, start)
    for brief in source.briefs():
        scales.weigh(brief, mentions.get(brief.path))
    if not scales.weighed:
        return None
    chosen = scales.shortlist() | source.matched(resources)
    contacts = [
        replace(contact, mentions=tuple(sorted(mentions.get(contact.path, ()))))
        for contact in source.contacts(sorted(chosen))
    ]
    vault = Vault(
        root=root,
        settings=settings,
        contacts=contacts,
        problems=source.problems(),
        private=source.private(),
        shared_stems=source.shared_stems(contacts),
    )
    return build_agenda(vault, today, resources=resources, totals=scales.totals())


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
    weighed: int = 0
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
        self.weighed += 1
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
    """The days `on` gives from year `first` to `last` (none past the calendar's end)."""
    return [day for year in range(first, last + 1) if (day := day_in(on, year)) is not None]
