"""`vaultkeeper watch`: keep the in-memory index and agenda.md current while the user edits.

Filesystem events only say *which* paths may have changed; the watcher re-reads those paths after
a quiet spell (the debounce), so every way an editor saves (in place, temp-then-rename, vim's
rename-to-backup) ends with the file's final bytes. Kernels can drop events, so a cheap stat
rescan runs at start and periodically. The watcher writes only the agenda, never a note.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from types import FrameType

from watchdog.events import FileSystemEvent
from watchdog.observers import Observer

from .agenda import Agenda, build_agenda, render_agenda
from .agenda_file import previous_agenda, write_if_changed
from .config import Settings, load_settings
from .dates import short_date
from .errors import VaultkeeperError
from .index import IndexStats
from .live import Changes, LiveVault, Reader, listed
from .observe import Events, MakeObserver
from .resources import Resource, read_resources
from .scan import CONFIG_NAME
from .shortlist import agenda_from, wanted
from .vault import Vault, read_record
from .walk import is_note_path
from .week import AgendaMemo

Echo = Callable[[str], None]

QUIET, NORMAL, VERBOSE = 0, 1, 2
_IGNORED_EVENTS = frozenset({"opened", "closed_no_write"})


@dataclass(frozen=True)
class Timing:
    """How long to wait; tests shrink these, users rarely need to touch them."""

    debounce: float = 0.1
    max_delay: float = 2.0
    rescan_every: float = 30.0
    tick: float = 1.0


@dataclass
class _Pending:
    """What the event thread has seen since the last batch was taken."""

    paths: set[str] = field(default_factory=set)
    moves: dict[str, str] = field(default_factory=dict)
    config: bool = False
    template: bool = False
    agenda: bool = False
    rescan: bool = False
    first: float | None = None
    last: float = 0.0

    def touch(self, now: float) -> None:
        self.first = now if self.first is None else self.first
        self.last = now

    def due_in(self, now: float, timing: Timing) -> float:
        """Seconds until this batch should be processed (0 when ready)."""
        if self.first is None:
            return float("inf")
        quiet = self.last + timing.debounce
        cap = self.first + timing.max_delay
        return max(0.0, min(quiet, cap) - now)


class Watcher:
    """Keeps `agenda.md` current from filesystem events plus periodic rescans.

    `start()` loads and writes once, `run()` loops until `stop()`, `close()` releases the
    observer. `today` is the only clock for dates, so tests can roll midnight over.
    """

    def __init__(
        self,
        root: Path,
        settings: Settings,
        *,
        today: Callable[[], date],
        out: Echo,
        err: Echo,
        verbosity: int = NORMAL,
        timing: Timing | None = None,
        observer: MakeObserver | None = Observer,
        load: Callable[[Path], Settings] = load_settings,
        read: Reader = read_record,
        build: Callable[[Vault, date, Sequence[Resource]], Agenda] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root.resolve()
        self.live = LiveVault(self.root, settings, read=read)
        self.regenerations = 0
        self.rescans = 0
        self._today = today
        self._out = out
        self._err = err
        self._verbosity = verbosity
        self._timing = timing or Timing()
        self._make_observer = observer
        self._load = load
        memo = AgendaMemo()
        self._build = build or (lambda v, day, found: build_agenda(v, day, memo, found))
        self._shortlist = build is None  # from the briefs, unless a test supplies its build
        self._clock = clock
        self._day = today()
        self._cond = threading.Condition()
        self._pending = _Pending()
        self._stopping = False
        self._started = False
        self._events: Events | None = None
        self._next_rescan = 0.0
        self._render_error: str | None = None
        self._previous = previous_agenda(self.root)  # an agenda an earlier version wrote

    @property
    def settings(self) -> Settings:
        return self.live.settings

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Listen first, then read every note and write the agenda: no edit falls in a gap."""
        began = self._clock()
        self._started = True
        if self._make_observer is not None:
            self._events = Events(
                self.root, self.on_event, self.request_rescan, self._error, self._make_observer
            )
            why = self._events.start()
            if why is not None:
                self._events = None
                every = min(self._timing.rescan_every, 2.0)
                self._timing = replace(self._timing, rescan_every=every)
                self._error(f"{why}; rescanning every {every:g} s")
        started = self.live.read_all()
        self._next_rescan = self._clock() + self._timing.rescan_every
        result = None
        try:
            result = self._regenerate()
        except Exception as exc:  # keep watching: the next save may well fix it
            self._error(f"{type(exc).__name__}: {exc} (still watching)")
        self._say(NORMAL, self._start_line(result, self._clock() - began, started))

    def run(self) -> None:
        """Process batches, rescans and day changes until `stop()` is called."""
        while True:
            batch = self._wait()
            if batch is None and self._stopping:
                return
            try:
                self._step(batch)
            except Exception as exc:  # one bad batch must not end the watch
                self._error(f"{type(exc).__name__}: {exc} (still watching)")

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()

    def close(self) -> None:
        """Stop and join the observer thread; safe to call more than once."""
        self.stop()
        events, self._events = self._events, None
        if events is not None:
            events.close()
        if self._started:
            self._started = False
            self._say(NORMAL, "Stopped watching.")

    @property
    def observing(self) -> bool:
        return self._events is not None and self._events.alive

    # -- events (called on watchdog's thread) -----------------------------------------------

    def on_event(self, event: FileSystemEvent) -> None:
        """Note which paths may have changed; the main loop does the reading."""
        if event.event_type in _IGNORED_EVENTS:
            return
        paths = [os.fsdecode(event.src_path)]
        if event.event_type == "moved" and event.dest_path:
            paths.append(os.fsdecode(event.dest_path))
        rels = [self._relative(path) for path in paths]
        with self._cond:
            relevant = False
            for rel in rels:
                if rel is not None:
                    relevant |= self._classify(rel, event.is_directory, event.event_type)
            if len(rels) == 2 and {rels[0], rels[1]} <= self._pending.paths:
                self._pending.moves[str(rels[0])] = str(rels[1])
            if relevant:
                self._pending.touch(self._clock())
                self._cond.notify_all()

    def request_rescan(self) -> None:
        with self._cond:
            self._pending.rescan = True
            self._pending.touch(self._clock())
            self._cond.notify_all()

    def _relative(self, path: str) -> str | None:
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def _classify(self, rel: str, is_directory: bool, kind: str) -> bool:
        """Record one path in the pending batch; False when it does not concern us."""
        pending, settings = self._pending, self.settings
        if is_directory:
            hidden = rel == "." or any(part.startswith(".") for part in rel.split("/"))
            if hidden or kind in ("modified", "attrib"):
                return False
            pending.rescan = True
        elif rel == CONFIG_NAME:
            pending.config = True
        elif rel == settings.agenda_path:
            pending.agenda = True
        elif rel == settings.agenda_template:
            pending.template = True
        elif is_note_path(rel, settings):
            pending.paths.add(rel)
        else:
            return False
        return True

    # -- the main loop ----------------------------------------------------------------------

    def _wait(self) -> _Pending | None:
        """Block until a batch is ready (returned), a rescan or new day is due, or `stop()`."""
        with self._cond:
            while not self._stopping:
                now = self._clock()
                wait = self._pending.due_in(now, self._timing)
                if wait <= 0:
                    batch, self._pending = self._pending, _Pending()
                    return batch
                lost = self._events is not None and self._events.lost()
                if now >= self._next_rescan or self._today() != self._day or lost:
                    return None
                self._cond.wait(max(0.0, min(wait, self._timing.tick, self._next_rescan - now)))
        return None

    def _step(self, batch: _Pending | None) -> None:
        started = self._clock()
        changes = Changes()
        if self._events is not None and self._events.lost():
            self._events.restart()
            self._next_rescan = started  # events may have been missed meanwhile
        if batch is not None:
            self._take(batch, changes)
        retry = False
        if (batch is not None and batch.rescan) or started >= self._next_rescan:
            retry = self._rescan(changes)
        today = self._today()
        if today != self._day:
            self._day = today
            changes.notes.append(f"new day ({short_date(today, today)})")
        if changes or retry:
            result = self._regenerate()
            if result is not None:
                self._report(changes, result, self._clock() - started)
        elif batch is not None and batch.paths:
            self._say(VERBOSE, f"{_clock()} saved {listed(batch.paths)}: nothing to update")

    def _take(self, batch: _Pending, changes: Changes) -> None:
        self._outside(changes, batch.config, batch.template)
        paths = [p for p in batch.paths if is_note_path(p, self.settings)]
        self.live.apply(paths, changes, from_events=True)
        changes.moves = batch.moves
        agenda = self.settings.agenda_path
        if batch.agenda and not (self.root / agenda).exists():
            changes.notes.append(f"{agenda} was removed")

    def _rescan(self, changes: Changes) -> bool:
        """Re-read notes whose stat differs from when they were read; True to retry a render."""
        began = self._clock()
        self.rescans += 1
        self._next_rescan = began + self._timing.rescan_every
        found, seen = self.live.rescan()
        changes.rescan = bool(found) and not changes
        changes.added += found.added
        changes.changed += found.changed
        changes.removed += found.removed
        self._outside(changes, *self.live.outside_changed())
        took = (self._clock() - began) * 1000
        self._say(VERBOSE, f"{_clock()} rescanned {seen} notes in {took:.0f} ms")
        return self._render_error is not None

    def _outside(self, changes: Changes, config: bool, template: bool) -> None:
        """React to the config file or the agenda template changing."""
        try:
            note = self.live.outside(config=config, template=template, load=self._load)
        except VaultkeeperError as exc:
            self._error(f"{exc} (keeping the previous settings)")
            return
        if note:
            changes.notes.append(note)

    # -- output -----------------------------------------------------------------------------

    def _regenerate(self) -> tuple[Agenda, bool] | None:
        """Assemble, render and write the agenda; a failure is reported once, not raised."""
        settings = self.settings
        today = self._today()
        resources = read_resources(self.root, settings)
        built = None
        if self._shortlist and wanted(today, settings):
            built = agenda_from(self.live.briefs(), self.root, settings, today, resources)
        if built is None:  # a review week, unlimited lists, no contacts: the whole vault
            built = self._build(self.live.vault(), today, resources)
        try:
            text = render_agenda(built, self.root, settings.agenda_template)
            written = write_if_changed(self.root / settings.agenda_path, text, self._previous)
        except VaultkeeperError as exc:
            if str(exc) != self._render_error:
                self._error(f"{exc} (agenda not updated; still watching)")
            self._render_error = str(exc)
            return None
        self._render_error = None
        self.regenerations += 1
        gc.freeze()  # the vault and its briefs live on: spare them every collection's pass
        return built, written

    def _report(self, changes: Changes, result: tuple[Agenda, bool], seconds: float) -> None:
        agenda, written = result
        what = changes.describe(self.live.problems()) or "agenda refreshed"
        state = "updated" if written else "unchanged"
        line = f"{_clock()} {what} · {self.settings.agenda_path} {state}: {agenda.brief()}"
        if self._verbosity >= VERBOSE:
            line += f" ({seconds * 1000:.0f} ms)"
        self._say(NORMAL, line)

    def _start_line(
        self, result: tuple[Agenda, bool] | None, seconds: float, started: IndexStats
    ) -> str:
        contacts = self.live.contacts
        how = "" if self.observing else f", rescanning every {self._timing.rescan_every:g} s"
        notes = self.live.notes
        line = (
            f"Watching {self.root} ({contacts} contact{'s' * (contacts != 1)} in "
            f"{notes} note{'s' * (notes != 1)}{how})"
        )
        if result is not None:
            line += f" · {self.settings.agenda_path}: {result[0].brief()}"
        if self._verbosity >= VERBOSE:
            line += (
                f" ({seconds * 1000:.0f} ms; {started.reused} from the index, "
                f"{started.parsed} read)"
            )
        return line + ". Ctrl-C stops."

    def _say(self, level: int, text: str) -> None:
        if self._verbosity >= level:
            self._out(text)

    def _error(self, text: str) -> None:
        self._err(f"{_clock()} error: {text}")


def _clock() -> str:
    return datetime.now().strftime("%H:%M:%S")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(watcher: Watcher) -> None:
    """Run in the main thread until Ctrl-C, SIGTERM or SIGHUP, then stop cleanly."""
    stops = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, *stops)}
    for sig in stops:
        signal.signal(sig, _interrupt)
    try:
        watcher.start()
        watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        watcher.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
