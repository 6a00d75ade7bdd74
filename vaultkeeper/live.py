"""The vault kept in memory between rebuilds, for the watcher.

Each note's record is kept with the stat it was read at; a path is read again when an event
names it, or when a rescan finds it stale by the index's own test (`index.is_stale`), so the
watcher and the on-disk index never disagree about what "changed" means.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .index import IndexStats, is_stale, load_known
from .live_briefs import LiveBriefs
from .scan import CONFIG_NAME
from .vault import Mentioned, NoteRecord, Vault, assemble, read_record
from .walk import FileStat, iter_notes, shown_path

Reader = Callable[[Path, str, Settings], NoteRecord]
Stamp = tuple[int, int] | None
Start = Callable[..., list[tuple[FileStat, NoteRecord]]]
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
    """Every note's record with the stat it was read at; `vault()` assembles them."""

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
        self._known: dict[str, tuple[FileStat, NoteRecord]] = {}
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
        self._known = {stat.path: (stat, record) for stat, record in loaded}
        self._briefs = None
        return stats

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
                    del self._known[rel]
                    if self._briefs is not None:
                        self._briefs.remove(rel)
                    changes.removed.append(shown_path(rel))
                continue
            now = FileStat.of(rel, info)
            if not from_events and old is not None and not is_stale(old[0][1:], now):
                continue
            record = self._read(self.root, rel, self.settings)
            self._known[rel] = (now, record)
            if self._briefs is not None:
                self._briefs.put(record)
            if old is None:
                changes.added.append(record.path)
            elif old[1] != record:
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
                if settings != self.settings:
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
            self._briefs = LiveBriefs(record for _, record in self._known.values())
        return self._briefs

    def vault(self) -> Vault:
        records = [record for _, record in self._known.values()]
        return assemble(self.root, self.settings, records, self._mentioned)

    def problems(self) -> dict[str, str]:
        """Each note's first problem, for the watcher's one-line reports."""
        return {
            record.path: record.problems[0].message
            for _, record in self._known.values()
            if record.problems
        }

    @property
    def notes(self) -> int:
        return len(self._known)

    @property
    def contacts(self) -> int:
        return sum(1 for _, record in self._known.values() if record.contact is not None)


def _stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)
