"""The vault kept in memory between rebuilds, for the watcher.

Each note's record is kept, pickled, with the stat it was read at; a path is read again when an
event names it, or when a rescan finds it stale by the index's own test (`index.is_stale`), so
the watcher and the on-disk index never disagree about what "changed" means. Pickled, because
the agenda is built from each note's brief (`live_briefs.py`), and the records themselves are
wanted whole only in review weeks: unpacked, 100,000 of them hold some 500 MB.
"""

from __future__ import annotations

import os
import pickle
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .contact import Contact, NoteRecord
from .index import IndexStats, is_stale, load_known
from .live_briefs import LiveBriefs
from .safe_pickle import unpack_record
from .scan import CONFIG_NAME
from .store import CacheError
from .vault import Mentioned, Vault, assemble, read_record
from .walk import FileStat, iter_notes, shown_path

Reader = Callable[[Path, str, Settings], NoteRecord]
Stamp = tuple[int, int] | None
Start = Callable[..., list[tuple[FileStat, bytes]]]
MAX_LISTED = 3


@dataclass
class Changes:
    """What one step changed, for the decision to regenerate and the one-line report."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moves: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rescan: bool = False

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.notes)

    def describe(self, problems: dict[str, str]) -> str:
        """`changed people/Jordan Lee.md, moved a.md -> b.md and 2 more`."""
        moved = {d: s for s, d in self.moves.items() if s in self.removed and d in self.added}
        items = list(self.notes)
        for path in self.added:
            verb = f"moved {moved[path]} ->" if path in moved else "added"
            items.append(f"{verb} {path}{_flag(problems, path)}")
        items += [f"changed {p}{_flag(problems, p)}" for p in self.changed]
        items += [f"removed {p}" for p in self.removed if p not in moved.values()]
        prefix = "rescan found: " if self.rescan else ""
        return prefix + listed(items, sort=False)


def _flag(problems: dict[str, str], path: str) -> str:
    if path not in problems:
        return ""
    problem = " ".join(problems[path].split())
    return f" (needs a look: {problem[:77] + '...' if len(problem) > 80 else problem})"


def listed(items: Iterable[str], sort: bool = True) -> str:
    """`a.md, b.md, c.md and 2 more`."""
    names = sorted(items) if sort else list(items)
    text = ", ".join(names[:MAX_LISTED])
    more = len(names) - MAX_LISTED
    return text + (f" and {more} more" if more > 0 else "")


class LiveVault:
    """Every note's record, pickled, with the stat it was read at; `vault()` assembles them."""

    def __init__(
        self,
        root: Path,
        settings: Settings,
        *,
        read: Reader = read_record,
        start: Start = load_known,
    ) -> None:
        self.root = root
        self.settings = settings
        self._read = read
        self._start = start
        self._known: dict[str, tuple[FileStat, bytes]] = {}
        self._problems: dict[str, str] = {}  # each note's first problem
        self._contacts: set[str] = set()
        self._whole: dict[str, NoteRecord] | None = None  # unpacked, once `vault()` is asked
        self._stamps: dict[str, Stamp] = {}
        self._mentioned: Mentioned = {}
        self._briefs: LiveBriefs | None = None

    def read_all(self, settings: Settings | None = None) -> IndexStats:
        """Take every note from the index, which reads only what changed since it was last
        brought up to date (at start, or with new settings); what it did is returned."""
        if settings is not None:
            self.settings = settings
        self._stamps = self._watched_stamps()
        stats = IndexStats()
        loaded = self._start(self.root, self.settings, stats=stats)
        self._known, self._whole = {}, None
        self._problems.clear()
        self._contacts.clear()
        self._briefs = LiveBriefs(self._unpacked(loaded), fetch=self._contact)
        return stats

    def _unpacked(self, loaded: list[tuple[FileStat, bytes]]) -> Iterator[NoteRecord]:
        """Each loaded record, unpacked once (one at a time) to take its brief and facts; an
        index entry that does not unpack is read again from its note."""
        for info, packed in loaded:
            try:
                record = unpack_record(info.path, packed)
            except CacheError:
                record = self._read(self.root, info.path, self.settings)
                packed = _pack(record)
            self._known[info.path] = (info, packed)
            self._note(record)
            yield record

    def _note(self, record: NoteRecord) -> None:
        if record.problems:
            self._problems[record.path] = record.problems[0].message
        else:
            self._problems.pop(record.path, None)
        if record.contact is not None:
            self._contacts.add(record.path)
        else:
            self._contacts.discard(record.path)

    def _forget(self, path: str) -> None:
        """Forget a note that is gone: kept by its path as walked, and by its record's path
        (`shown_path`: not the same for a name that is not UTF-8) for what the record gave."""
        del self._known[path]
        if self._whole is not None:
            del self._whole[path]
        shown = shown_path(path)
        self._problems.pop(shown, None)
        self._contacts.discard(shown)
        if self._briefs is not None:
            self._briefs.remove(shown)

    def _contact(self, path: str) -> Contact:
        """One contact, unpacked (or as the full assembly holds it)."""
        record = self._whole[path] if self._whole is not None else None
        if record is None:
            record = pickle.loads(self._known[path][1])
        assert record.contact is not None, path  # asked only for the briefs' paths
        return record.contact

    def _records(self) -> Iterator[tuple[FileStat, NoteRecord]]:
        """Every record, unpacked one at a time. Each pickle is this process's own or was
        checked by the index's safe unpickler when it was taken in (`_unpacked`)."""
        for info, packed in self._known.values():
            yield info, pickle.loads(packed)

    def apply(self, paths: Iterable[str], changes: Changes, *, from_events: bool) -> None:
        """Re-read these paths; events say they may differ even when the stat does not."""
        for rel in sorted(paths):
            old = self._known.get(rel)
            try:
                info = os.stat(self.root / rel)
            except OSError:
                info = None
            if info is None or not stat.S_ISREG(info.st_mode):
                if old is not None:
                    self._forget(rel)
                    changes.removed.append(shown_path(rel))
                continue
            now = FileStat.of(rel, info)
            if not from_events and old is not None and not is_stale(old[0][1:], now):
                continue
            record = self._read(self.root, rel, self.settings)
            self._known[rel] = (now, _pack(record))
            if self._whole is not None:
                self._whole[rel] = record
            self._note(record)
            if self._briefs is not None:
                self._briefs.put(record)
            if old is None:
                changes.added.append(record.path)
            elif pickle.loads(old[1]) != record:
                changes.changed.append(record.path)

    def rescan(self) -> tuple[Changes, int]:
        """What a walk of the folder finds stale, added or gone; and how many notes it saw."""
        seen = {info.path: info for info in iter_notes(self.root, self.settings)}
        known = self._known
        stale = [p for p, info in seen.items() if p not in known or is_stale(known[p][0][1:], info)]
        stale += [p for p in known if p not in seen]
        found = Changes()
        self.apply(stale, found, from_events=False)
        return found, len(seen)

    def outside_changed(self) -> tuple[bool, bool]:
        """Whether the config, and the agenda template, changed since they were last seen."""
        stamps = self._watched_stamps()
        config = stamps.get(CONFIG_NAME) != self._stamps.get(CONFIG_NAME)
        template = any(stamps[k] != self._stamps.get(k) for k in stamps if k != CONFIG_NAME)
        return config, template

    def outside(
        self, *, config: bool, template: bool, load: Callable[[Path], Settings]
    ) -> str | None:
        """Take in a changed config (every note is read again when its values changed) or
        template; a line saying so, or None. A config that cannot be read raises, and the
        previous settings stay."""
        try:
            if config:
                settings = load(self.root)
                if not settings.same_as(self.settings):
                    self.read_all(settings)
                    return f"{CONFIG_NAME} reloaded"
            elif template:
                return f"{self.settings.agenda_template} changed"
            return None
        finally:
            self._stamps = self._watched_stamps()  # a broken config is reported once

    def _watched_stamps(self) -> dict[str, Stamp]:
        names = [CONFIG_NAME]
        if self.settings.agenda_template:
            names.append(self.settings.agenda_template)
        return {name: _stamp(self.root / name) for name in names}

    def briefs(self) -> LiveBriefs:
        """Every note's share of the vault, kept up to date save by save from the first time
        the agenda asks (`shortlist.agenda_from`)."""
        if self._briefs is None:
            self._briefs = LiveBriefs(
                (record for _, record in self._records()), fetch=self._contact
            )
        return self._briefs

    def vault(self) -> Vault:
        """Every record assembled (review weeks, and builds a test supplies). The records are
        then kept unpacked, updated save by save, so an unchanged contact stays the same object
        and the agenda's memo keeps its part."""
        if self._whole is None:
            self._whole = {info.path: record for info, record in self._records()}
        return assemble(self.root, self.settings, list(self._whole.values()), self._mentioned)

    def problems(self) -> dict[str, str]:
        """Each note's first problem, for the watcher's one-line reports."""
        return dict(self._problems)

    @property
    def notes(self) -> int:
        return len(self._known)

    @property
    def contacts(self) -> int:
        return len(self._contacts)


def _pack(record: NoteRecord) -> bytes:
    return pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


def _stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)
