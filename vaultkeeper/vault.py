"""Read each note into a record, and assemble the records into a `Vault` (every contact, for
the decisions) or a `Directory` (names and segments only, for the write commands)."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from . import note, signals
from .config import Settings
from .contact import Contact, NoteRecord, Problem, sorted_problems
from .lean import lean_dataclass
from .lint.private import holds_private
from .names import Entry, Named, Names
from .parse import contact_from_note
from .walk import iter_notes, readable_name, shown_path


def read_record(root: Path, path: str, settings: Settings) -> NoteRecord:
    """Read one file; every failure becomes a problem on the record, never an exception."""
    if not readable_name(path):
        shown = shown_path(path)
        why = "the file name is not UTF-8 text; rename the file (for example in a file manager)"
        return NoteRecord(shown, problems=(Problem(shown, why),))
    try:
        # Unbuffered: one read of the whole file, without pathlib's and io's layers (this runs
        # once per note on a cold index).
        with open(os.path.join(root, path), "rb", buffering=0) as handle:
            data = handle.readall()
    except OSError as exc:
        return NoteRecord(path, problems=(Problem(path, f"cannot read the file ({exc.strerror})"),))
    return record_from_bytes(path, data, settings)


def record_from_bytes(path: str, data: bytes, settings: Settings) -> NoteRecord:
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    day = signals.stem_day(stem) if settings.daily_notes else None
    in_folder = signals.in_contact_folder(path, settings)
    if not data.strip():
        if in_folder:  # a person's note not written yet: not sorted, like an import
            contact, problems = contact_from_note(path, {}, "", settings)
            return NoteRecord(path, contact, day, problems=tuple(problems))
        if day is None and (
            _in_folder(path, settings.contacts_folder) or signals.looks_like_person(path, {})
        ):  # where contacts live: most likely one that lost its text
            return NoteRecord(path, problems=(Problem(path, "the file is empty"),))
        return NoteRecord(path, day=day)  # an empty ordinary note is nobody's business
    try:
        text = note.decode(data)
        if day is None and not in_folder and not signals.may_matter(path, text, settings):
            return NoteRecord(path, person_like=signals.looks_like_person(path, {}))
        parsed = note.parse(text)
    except note.NoteError as exc:
        return NoteRecord(path, day=day, problems=(Problem(path, str(exc)),))
    meta = parsed.meta or {}
    if not signals.is_contact(path, meta, settings):
        if day is None and settings.date_properties:
            day = signals.property_day(meta, settings)
        person = signals.looks_like_person(path, meta)
        return NoteRecord(path, day=day, links=_links(day, parsed.body, meta), person_like=person)
    contact, problems = contact_from_note(path, meta, parsed.body, settings)
    links = _links(day, parsed.body, meta)
    private = holds_private(contact, text, settings)
    return NoteRecord(path, contact, day, links, tuple(problems), private=private)


def _in_folder(path: str, folder: str) -> bool:
    return bool(folder) and path.casefold().startswith(folder.casefold().rstrip("/") + "/")


def _links(day: date | None, body: str, meta: Mapping[str, Any]) -> tuple[str, ...]:
    """A dated note's links that count as touches, once each, in order."""
    if day is None:
        return ()
    found = [*signals.body_links(body), *signals.property_links(meta)]
    return tuple(dict.fromkeys(found))


@lean_dataclass
class Vault:
    """A loaded vault: its contacts (sorted by path) and every problem found on the way."""

    root: Path
    settings: Settings
    contacts: list[Contact]
    problems: list[Problem]
    notes_read: int = 0
    daily_notes: int = 0
    private: int = 0
    """How many contact notes hold details their person may not want kept (`lint` P, S)."""
    person_like: dict[str, int] = field(default_factory=dict)
    """How many notes each signal marks as a person that is not a contact yet."""
    _names_index: Names[Contact] | None = field(default=None, init=False, repr=False, compare=False)
    topics: object = field(default=None, init=False, repr=False, compare=False)
    """The contacts by topic (`matching.TopicIndex`), built when a match first asks."""
    shared_stems: frozenset[str] | None = field(default=None, repr=False, compare=False)
    """For a vault holding only some contacts (the agenda's shortlist): the paths of those
    whose file name another contact of the whole vault also answers to."""

    @property
    def _names(self) -> Names[Contact]:
        """Built when first asked: `list` never resolves a name or writes a link."""
        if self._names_index is None:
            self._names_index = Names(self.contacts)
        return self._names_index

    def link_target(self, contact: Contact) -> str:
        """What goes inside `[[...]]`: the file name, or its path when the name is not unique."""
        if self.shared_stems is not None:
            shared = contact.path in self.shared_stems
        else:
            shared = self._names.shares_stem(contact)
        if shared:
            return contact.path.removesuffix(".md")
        return contact.stem

    def resolve(self, name: str) -> Contact:
        """A contact by file name, `name` or alias, case-insensitively; a unique prefix will do."""
        return self._names.resolve(name)

    def unread(self) -> list[Problem]:
        """The problems of the notes that could not be read at all (they hold no contact): a
        contact's own problems (a wrong type, a name two share) leave it in every list."""
        contacts = {contact.path for contact in self.contacts}
        return [problem for problem in self.problems if problem.path not in contacts]


class Listing(NamedTuple):
    """What one file contributes to a directory: its entry, or its day and links as a daily
    note, and its problems."""

    path: str
    entry: Entry | None = None
    day: date | None = None
    links: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


def listing_of(record: NoteRecord) -> Listing:
    contact = record.contact
    entry = None
    if contact is not None:
        entry = Entry(
            contact.path, contact.name, contact.segment, contact.segment_text, contact.aliases
        )
    return Listing(record.path, entry, record.day, record.links, record.problems)


@lean_dataclass
class Directory:
    """The vault as a light directory: every contact's names and segment, every daily note's
    links, and every problem. Enough to resolve a name, to summarise the vault and to give a
    write command the days daily notes mention its contact; a command that changes one note
    need not unpack every record in the vault."""

    root: Path
    settings: Settings
    entries: list[Entry]
    problems: list[Problem]
    dailies: list[tuple[date, tuple[str, ...]]]
    notes_read: int = 0
    _names: Names[Entry] = field(init=False, repr=False, compare=False)
    _mentions: dict[str, tuple[date, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._names = Names(self.entries)

    @property
    def daily_notes(self) -> int:
        return len(self.dailies)

    def resolve(self, name: str) -> Entry:
        return self._names.resolve(name)

    def mentions(self, entry: Entry) -> tuple[date, ...]:
        """The days of daily notes that link this contact, as a full load would find them."""
        if self._mentions is None:
            self._mentions = mention_days(self.entries, self.dailies)
        return self._mentions.get(entry.path, ())


def mention_days(
    items: Sequence[Named], dailies: Iterable[tuple[date, tuple[str, ...]]]
) -> dict[str, tuple[date, ...]]:
    """Path → the sorted days of daily notes whose links name that item and no other."""
    index: dict[str, list[str]] = defaultdict(list)
    for item in items:
        for key in item.link_keys():
            index[key].append(item.path)
    found: dict[str, set[date]] = defaultdict(set)
    for day, links in dailies:
        for link in links:
            paths = index.get(link, [])
            if len(paths) == 1:
                found[paths[0]].add(day)
    return {path: tuple(sorted(days)) for path, days in found.items()}


class _Titled(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def name(self) -> str: ...


def same_name_problems(items: Iterable[_Titled]) -> list[Problem]:
    """Two contacts with one display name: commands could not tell them apart."""
    by_display: dict[str, list[_Titled]] = defaultdict(list)
    for item in items:
        by_display[item.name.casefold()].append(item)
    problems = []
    for same in by_display.values():
        if len(same) < 2:
            continue
        for item in same:
            others = ", ".join(c.path for c in same if c is not item)
            problems.append(
                Problem(
                    item.path,
                    f"the name {item.name!r} is also used by {others}; give one of them "
                    "a different `name:` so commands can tell them apart",
                )
            )
    return problems


Mentioned = dict[str, tuple[Contact, Contact]]
"""Path → (a contact as its note gives it, the same with its mentions): kept by the watcher
between assemblies, so a contact whose note and mentions did not change stays the very same
object (and its part of the agenda need not be worked out again)."""


def assemble(
    root: Path, settings: Settings, records: list[NoteRecord], kept: Mentioned | None = None
) -> Vault:
    """Join per-file records into a vault: daily-note mentions, duplicate names, sorting."""
    records = sorted(records, key=lambda r: r.path)
    contacts = [r.contact for r in records if r.contact is not None]
    dailies = [(r.day, r.links) for r in records if r.day is not None]
    mentions = mention_days(contacts, dailies)
    previous = kept.copy() if kept is not None else {}
    if kept is not None:
        kept.clear()
    for i, contact in enumerate(contacts):
        days = mentions.get(contact.path)
        if days is None:
            continue
        found = previous.get(contact.path)
        if found is None or found[0] is not contact or found[1].mentions != days:
            found = (contact, replace(contact, mentions=days))
        contacts[i] = found[1]
        if kept is not None:
            kept[contact.path] = found
    problems = [p for r in records for p in r.problems] + same_name_problems(contacts)
    return Vault(
        root=root,
        settings=settings,
        contacts=contacts,
        problems=sorted_problems(problems),
        notes_read=len(records),
        daily_notes=len(dailies),
        person_like=dict(Counter(r.person_like for r in records if r.person_like)),
        private=sum(1 for r in records if r.private),
    )


def assemble_directory(root: Path, settings: Settings, listings: list[Listing]) -> Directory:
    """Join per-file listings into a directory, with the same problems `assemble` finds."""
    listings = sorted(listings, key=lambda item: item.path)
    entries = [item.entry for item in listings if item.entry is not None]
    problems = [p for item in listings for p in item.problems] + same_name_problems(entries)
    return Directory(
        root=root,
        settings=settings,
        entries=entries,
        problems=sorted_problems(problems),
        dailies=[(item.day, item.links) for item in listings if item.day is not None],
        notes_read=len(listings),
    )


def load_vault(root: Path, settings: Settings) -> Vault:
    """Read every note and assemble the vault (uncached; the index wraps this)."""
    records = [read_record(root, stat.path, settings) for stat in iter_notes(root, settings)]
    return assemble(root, settings, records)
