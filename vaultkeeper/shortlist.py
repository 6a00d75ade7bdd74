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

Most saves change nothing the agenda is made from: most often they are to the note of someone
it does not show. So what it is made from (the chosen contacts' records, the counts, the
problems) is digested first, and when the last agenda was made from the same, its text is the
answer: nothing is unpacked, built or rendered, and the agenda's own modules are never
imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from . import rhythm, store
from .config import Settings
from .contact import Contact, Problem
from .dates import add_days
from .resources import Resource
from .scales import Scales, Totals, Weighed
from .vault import Vault
from .walk import FileStat

if TYPE_CHECKING:  # an agenda whose inputs did not change is never built: not imported
    from .agenda import Agenda


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

    def records(self, paths: list[str]) -> Mapping[str, bytes] | None:
        """These contacts' records as kept (the bytes `contacts` unpacks), or None for a
        source that keeps none."""
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

    def shared_stems(self, paths: list[str]) -> frozenset[str]:
        """Which of these contacts' file names another contact also answers to."""
        ...

    def matched(self, resources: Sequence[Resource]) -> set[str]:
        """Every contact an open resource could match (`matching.TopicIndex.candidates`)."""
        ...


class Inputs(NamedTuple):
    """All that `build_agenda` is given from the shortlist, but the contacts themselves: the
    paths chosen, and the whole vault's problems and counts."""

    chosen: list[str]
    mentions: Mapping[str, Collection[date]]
    problems: list[Problem]
    private: int
    shared: frozenset[str]
    totals: Totals


class Shortlisted(NamedTuple):
    """An agenda from the shortlist: built, or (`text`) as rendered before from the very same
    inputs, found by their digest (`key`) among the renders kept with the last agenda."""

    agenda: Agenda | None
    text: str | None
    key: str


def shortlisted_agenda(
    root: Path,
    settings: Settings,
    today: date,
    files: list[FileStat],
    resources: Sequence[Resource],
    on_note: Callable[[str], None] | None = None,
    known: Mapping[str, str] | None = None,
) -> Shortlisted | None:
    """The agenda `build_agenda` would give for the whole vault, from the index, or None when
    only a full load can answer (see the module's docstring). When `known` (the renders kept
    with the last agenda) holds the digest of its inputs, it is not built: after a save that
    changed nothing it is made from, the agenda is its text as before."""
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
            found = _shortlisted(source, root, settings, today, resources, known or {})
        for generation, body in kept:
            store.keep_standing(root, stamp, generation, body)
        return found
    except (store.CacheError, sqlite3.Error, ValueError, TypeError, KeyError, IndexError):
        return None  # an index this code cannot read: the full load rebuilds what it must


def _shortlisted(
    source: Source,
    root: Path,
    settings: Settings,
    today: date,
    resources: Sequence[Resource],
    known: Mapping[str, str],
) -> Shortlisted | None:
    """Weigh, digest what the agenda would be made from, then build it unless `known`."""
    inputs = weighed(source, settings, today, resources)
    if inputs is None:
        return None
    records = source.records(inputs.chosen)
    key = "" if records is None else inputs_key(records, inputs, root, settings, today, resources)
    if key and (text := known.get(key)) is not None:
        return Shortlisted(None, text, key)
    return Shortlisted(built(source, inputs, root, settings, today, resources), None, key)


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
    inputs = weighed(source, settings, today, resources)
    return None if inputs is None else built(source, inputs, root, settings, today, resources)


def weighed(
    source: Source, settings: Settings, today: date, resources: Sequence[Resource]
) -> Inputs | None:
    """Every contact weighed, and the paths some list could show chosen; None for a vault
    without contacts."""
    start = add_days(today, -((today.weekday() - settings.week_start) % 7))
    mentions = source.mentions()
    scales = source.weigh(Scales(settings, today, start), mentions)
    if not scales.weighed:
        return None
    chosen = sorted(scales.shortlist() | source.matched(resources))
    problems, private = source.problems(), source.private()
    return Inputs(chosen, mentions, problems, private, source.shared_stems(chosen), scales.totals())


def built(
    source: Source,
    inputs: Inputs,
    root: Path,
    settings: Settings,
    today: date,
    resources: Sequence[Resource],
) -> Agenda:
    """The agenda of the chosen contacts, unpacked, with the whole vault's counts."""
    from .agenda import build_agenda

    contacts = [_mentioned(contact, inputs.mentions) for contact in source.contacts(inputs.chosen)]
    vault = Vault(
        root=root,
        settings=settings,
        contacts=contacts,
        problems=inputs.problems,
        private=inputs.private,
        shared_stems=inputs.shared,
    )
    return build_agenda(vault, today, resources=resources, totals=inputs.totals)


def _mentioned(contact: Contact, mentions: Mapping[str, Collection[date]]) -> Contact:
    """The contact with the days daily notes mention them; itself when there are none (most
    are not mentioned, and a copy of all its fields costs more than the rest of its row)."""
    days = tuple(sorted(mentions.get(contact.path, ())))
    return contact if days == contact.mentions else replace(contact, mentions=days)


def inputs_key(
    records: Mapping[str, bytes],
    inputs: Inputs,
    root: Path,
    settings: Settings,
    today: date,
    resources: Sequence[Resource],
) -> str:
    """A digest of everything the agenda is made from: what `built` gives `build_agenda`
    (each chosen contact as the record it is unpacked from), and the agenda template's bytes.
    The rest of the settings are those the renders were kept under (`agenda_file`). "" when
    they cannot be pickled."""
    import pickle

    from .outputs import template_bytes
    from .own_code import blake2b

    chosen = [
        (path, records[path], tuple(sorted(inputs.mentions.get(path, ()))))
        for path in inputs.chosen
    ]
    template = template_bytes(os.fspath(root), settings.agenda_template)
    totals = inputs.totals  # in an order of its own: the same counts give the same bytes
    overdue = sorted(totals.overdue.items(), key=lambda item: (item[0] is not None, item[0]))
    counts = (overdue, totals.due, totals.reminders, totals.promises, totals.never_touched)
    shared = sorted(inputs.shared)
    made_of = (
        (os.fspath(root), today, template, chosen, inputs.problems, inputs.private, shared),
        (*counts, totals.unsorted, totals.loops, tuple(resources)),
    )
    try:
        data = pickle.dumps(made_of, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return ""
    return "agenda " + blake2b(data, digest_size=32).hexdigest()
