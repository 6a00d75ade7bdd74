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

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Protocol

from . import rhythm, store
from .agenda import Agenda, build_agenda
from .config import Settings
from .contact import Contact, Problem
from .dates import add_days
from .resources import Resource
from .scales import Scales, Weighed
from .vault import Vault
from .walk import FileStat


class Source(Protocol):
    """Where the shortlist reads the vault from: the index (`index_source.IndexSource`), or
    the watcher's memory (`live_briefs.LiveBriefs`). Both answer as a full load would."""

    def weigh(self, scales: Scales, mentions: Mapping[str, Collection[date]]) -> Weighed:
        """Every contact weighed from their brief and the days daily notes mention them:
        into `scales`, or into scales kept from before where they still hold."""
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
        stamp = store.stamp(settings)
        kept: list[tuple[int, bytes]] = []
        # One snapshot for every query: the lists kept for a generation must hold its rows.
        with paused_gc(), store.current(root, stamp, snapshot=True) as db:
            source = IndexSource(db, keep=lambda *standing: kept.append(standing))
            built = agenda_from(source, root, settings, today, resources)
        for generation, body in kept:
            store.keep_standing(root, stamp, generation, body)
        return built
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
    scales = source.weigh(Scales(settings, today, start), mentions)
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
