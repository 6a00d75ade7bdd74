"""Every contact's places in the agenda's lists, weighed from their brief, and kept so that one
contact can be taken out and weighed again.

An agenda shows a few rows per list, yet which rows depends on every contact: each is placed
with the same keys the agenda sorts by (`place`), and each list keeps its contacts by path, so
that `shortlist` finds every list's first rows and `totals` counts it. The index weighs every
contact once per agenda; the watcher keeps one `Scales` between saves (`KeptScales`) and, after
a save, takes out and weighs again only the contacts whose brief or newest mention changed.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import field
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple, Protocol

from .brief import Brief
from .config import Settings
from .dates import add_days
from .lean import lean_dataclass
from .moments import CLOSE, LOOP_AFTER_DAYS, LOOP_HORIZON_DAYS, day_in, window
from .schedule import Status, plan

Rank = tuple[int, str, str]
Placed = tuple[tuple[Any, ...], ...]
"""One contact's places, as `Scales.place` finds them: each its list's number and its key."""
OVERDUE, DUE, REMINDERS, PROMISES, NEVER, UNSORTED, PICK, LOOP, DATED = range(9)
_BY_KEY = itemgetter(1)


class Totals(NamedTuple):
    """How many each list holds in the whole vault, for an agenda built from a shortlist of
    the contacts it can show (`shortlist.py`): its "and N more" lines and counts."""

    overdue: Mapping[str | None, int]
    due: int
    reminders: int
    promises: int
    never_touched: int
    unsorted: int
    loops: int


class Weighed(Protocol):
    """What an agenda needs of every contact weighed: `Scales`, or a kept `standing.Standing`."""

    weighed: int

    def shortlist(self) -> set[str]: ...

    def totals(self) -> Totals: ...


@lean_dataclass
class Scales:
    """Every contact weighed with the keys `build_agenda` sorts each list by: each list by
    path (keys are unique, as they end with the path), so a contact can be taken out again."""

    settings: Settings
    today: date
    start: date
    overdue: dict[str | None, dict[str, Any]] = field(default_factory=dict)
    due: dict[str, Any] = field(default_factory=dict)
    reminders: dict[str, Any] = field(default_factory=dict)
    promises: dict[str, Any] = field(default_factory=dict)
    never: dict[str, Any] = field(default_factory=dict)
    unsorted: dict[str, Any] = field(default_factory=dict)
    picks: dict[str, Any] = field(default_factory=dict)
    loops: dict[str, Any] = field(default_factory=dict)
    dated: set[str] = field(default_factory=set)
    weighed: int = 0
    reminder_count: int = 0
    promise_count: int = 0
    counted: dict[str, tuple[int, int]] = field(default_factory=dict)
    """The reminders and promises each contact with any adds to the counts."""

    def __post_init__(self) -> None:
        self.end = add_days(self.start, 6)
        self.order = {name: i for i, name in enumerate(self.settings.segments)}
        self.unknown = len(self.order)
        self.overdue = {name: {} for name in [*self.settings.segments, None]}
        self.window = window(self.start, self.end, self.today)
        self._lists = [self.due, self.reminders, self.promises, self.never, self.unsorted]
        self._lists += [self.picks, self.loops]  # by kind, less one (`OVERDUE` is by group)

    def weigh(self, brief: Brief, mentioned: Iterable[date] | None) -> None:
        self.add(brief.path, self.place(brief, mentioned))

    def add(self, path: str, placed: Placed) -> None:
        """Put a contact's places (`place`) in their lists."""
        self.weighed += 1
        reminders = promises = 0
        for entry in placed:
            kind = entry[0]
            if kind == OVERDUE:
                self.overdue[entry[1]][path] = entry[2]
            elif kind == DATED:
                self.dated.add(path)
            else:
                self._lists[kind - 1][path] = entry[1]
                if kind == REMINDERS:
                    reminders = entry[2]
                elif kind == PROMISES:
                    promises = entry[2]
        if reminders or promises:
            self.reminder_count += reminders
            self.promise_count += promises
            self.counted[path] = (reminders, promises)

    def remove(self, path: str) -> None:
        """Take a contact out of every list (nothing, for one not in any); `weighed` is the
        caller's to set. Nothing per contact is kept to know where they were: at 100,000
        contacts that would be 20 MB, and a removal only asks a dozen dicts."""
        for placed in self.overdue.values():
            placed.pop(path, None)
        for placed in self._lists:
            placed.pop(path, None)
        self.dated.discard(path)
        reminders, promises = self.counted.pop(path, (0, 0))
        self.reminder_count -= reminders
        self.promise_count -= promises

    def place(self, brief: Brief, mentioned: Iterable[date] | None) -> Placed:
        """Where this contact stands in each list. Keys nest the rank (`(key, rank)` sorts as
        the agenda's flat `(key, *rank)`), and end with the path, so no two are equal."""
        today, end, path = self.today, self.end, brief.path
        last = brief.last_touch(mentioned)
        logged = brief.latest_log_date
        cadence = brief.cadence_in(self.settings)
        found = plan(cadence, last, brief.next_touch, today)
        rank = (self.order.get(brief.segment or "", self.unknown), brief.name.casefold(), path)
        status = found.status
        placed: list[tuple[Any, ...]] = []
        pick: tuple[Any, ...] = ()
        if status is Status.OVERDUE:
            group = brief.segment if brief.segment in self.overdue else None
            placed.append((OVERDUE, group, (-found.days_overdue(today), rank)))
            pick = (2, -found.days_past_due(today), rank)
        else:
            if found.due_on is not None and found.due_on <= end:
                placed.append((DUE, (found.due_on, rank)))
            if status is Status.DUE:
                pick = (3 if last is not None else 4, -found.days_past_due(today), rank)
        if brief.reminders:
            reminders = [
                day
                for day, kept in brief.reminders
                if not kept and (last is None or last < day) and day <= end
            ]
            if reminders:
                placed.append((REMINDERS, (min(reminders), rank), len(reminders)))
                pick = (1, -found.days_past_due(today), rank)
        if brief.promises:
            first = min(_promise_order(due, today) for due in brief.promises)
            placed.append((PROMISES, (first, rank), len(brief.promises)))
            if any(due is not None and due <= end for due in brief.promises):
                pick = (0, -found.days_past_due(today), rank)
        if last is None and brief.next_touch is None and cadence is not None:
            placed.append((NEVER, rank))
        if brief.segment is None:
            placed.append((UNSORTED, rank))
        if brief.birthday is not None or brief.milestones:
            pick = self._dates(brief, pick, rank, placed)
        if pick:
            placed.append((PICK, pick))
        if (
            brief.asked_last
            and last is not None
            and last == logged
            and LOOP_AFTER_DAYS <= (today - last).days <= LOOP_HORIZON_DAYS
        ):
            placed.append((LOOP, (last, brief.name.casefold(), path)))
        return tuple(placed)

    def _dates(
        self, brief: Brief, pick: tuple[Any, ...], rank: Rank, placed: list[tuple[Any, ...]]
    ) -> tuple[Any, ...]:
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
        if any(
            first <= day <= last
            for on in brief.dates_of_year()
            for day in _days(on, first.year, last.year)
        ):
            placed.append((DATED,))
        return pick

    def lists(self) -> list[dict[str, Any]]:
        """Every list: the overdue groups (segments, then None), then the others by kind."""
        return [*self.overdue.values(), *self._lists]

    def shortlist(self) -> set[str]:
        """Every contact some list could show: each list's first rows by its own key (for
        reminders and promises, a contact's first item stands for the rest)."""
        found: set[str] = set(self.dated)
        for placed, limit in zip(self.lists(), shown_rows(self.settings), strict=True):
            found.update(path for path, _ in heapq.nsmallest(limit, placed.items(), _BY_KEY))
        return found

    def totals(self) -> Totals:
        return Totals(
            overdue={name: len(placed) for name, placed in self.overdue.items()},
            due=len(self.due),
            reminders=self.reminder_count,
            promises=self.promise_count,
            never_touched=len(self.never),
            unsorted=len(self.unsorted),
            loops=len(self.loops),
        )


class KeptScales:
    """One `Scales` kept between agendas (the watcher's), with the newest day daily notes
    mention each contact: only the contacts whose note changed (told by the caller) or whose
    newest mention moved are taken out and weighed again. Another day, week or settings weigh
    everyone again."""

    def __init__(self) -> None:
        self._scales: Scales | None = None
        self._newest: dict[str, date] = {}

    def weighed(
        self,
        fresh: Scales,
        briefs: Mapping[str, Brief],
        mentions: Mapping[str, Collection[date]],
        changed: Collection[str],
    ) -> Scales:
        """The scales for these briefs and mentions: `fresh` with everyone weighed, or the
        kept ones with the contacts of the `changed` notes (saved, gone, new) and those whose
        newest mention moved weighed again."""
        newest = {path: max(days) for path, days in mentions.items() if days}
        scales = self._scales
        if (
            scales is None
            or (scales.today, scales.start) != (fresh.today, fresh.start)
            or not scales.settings.same_as(fresh.settings)
        ):
            scales = fresh
            for path, brief in briefs.items():
                scales.weigh(brief, mentions.get(path))
        else:
            kept = self._newest
            moved = {p for p in newest.keys() | kept.keys() if newest.get(p) != kept.get(p)}
            self._scales = None  # until brought up to date: a failure halfway weighs all next
            for path in moved.union(changed):
                scales.remove(path)
                now = briefs.get(path)
                if now is not None:
                    scales.add(path, scales.place(now, mentions.get(path)))
            scales.weighed = len(briefs)
        self._scales, self._newest = scales, newest
        return scales


def shown_rows(settings: Settings) -> list[int]:
    """Rows each of `Scales.lists` shows: `max_rows`, and `touchpoints` for the picks."""
    kinds = [settings.max_rows] * (PICK - 1) + [settings.touchpoints, settings.max_rows]
    return [settings.max_rows] * (len(settings.segments) + 1) + kinds


def _promise_order(due: date | None, today: date) -> tuple[int, date]:
    if due is None:
        return (2, date.max)
    return (0 if due < today else 1, due)


def _days(on: Callable[[int], date], first: int, last: int) -> list[date]:
    """The days `on` gives from year `first` to `last` (none past the calendar's end)."""
    return [day for year in range(first, last + 1) if (day := day_in(on, year)) is not None]
