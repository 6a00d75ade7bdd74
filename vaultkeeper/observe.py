"""watchdog behind one small class: watch a folder, forward events, notice when it stops.

Events only say which paths may have changed; the watcher decides what to do with them.
watchdog reports a kernel queue overflow only in its log, and its threads can die without a
word (a vault folder deleted and made again by two processes at once), so both are turned
into something the watcher can act on: a rescan, and a restart.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

from watchdog import events
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

WANTED: list[type[FileSystemEvent]] = [
    events.FileCreatedEvent,
    events.FileModifiedEvent,
    events.FileDeletedEvent,
    events.FileMovedEvent,
    events.FileClosedEvent,
    events.DirCreatedEvent,
    events.DirDeletedEvent,
    events.DirMovedEvent,
]
"""The events that can mean a note changed. Opening and reading a file cannot, and asking the
kernel not to send them spares the watcher tens of thousands of events whenever anything
(the watcher's own start, a search, a backup) reads the whole vault."""
Echo = Callable[[str], None]
MakeObserver = Callable[[], BaseObserver]


class Events:
    """File events under `root`, delivered to `on_event` on watchdog's thread."""

    def __init__(
        self,
        root: Path,
        on_event: Callable[[FileSystemEvent], None],
        on_overflow: Callable[[], None],
        on_error: Echo,
        make: MakeObserver = Observer,
    ) -> None:
        self._root = root
        self._handler = _Handler(on_event, on_overflow)
        self._error = on_error
        self._make = make
        self._observer: BaseObserver | None = None
        self._log = _WatchdogLog(on_overflow, on_error)

    def start(self) -> str | None:
        """Start watching; why not, when the system refuses (the inotify watch limit, say)."""
        if self._log not in logging.getLogger("watchdog").handlers:
            logging.getLogger("watchdog").addHandler(self._log)
        observer = self._make()
        try:
            observer.schedule(self._handler, str(self._root), recursive=True, event_filter=WANTED)
            observer.start()
        except OSError as exc:
            return f"cannot watch for file events ({exc})"
        self._observer = observer
        return None

    @property
    def alive(self) -> bool:
        return self._observer is not None and self._observer.is_alive()

    def lost(self) -> bool:
        """Whether events stopped coming although watching had started."""
        observer = self._observer
        if observer is None:
            return False
        return not observer.is_alive() or not all(e.is_alive() for e in observer.emitters)

    def restart(self) -> None:
        """Let go of a dead observer and start a new one."""
        self._stop(timeout=1)
        why = self.start()
        if why is None:
            self._error("file watching stopped; started it again and rescanned the folder")
        else:
            self._error(f"file watching stopped and {why}; rescanning instead")

    def close(self) -> None:
        """Stop and join watchdog's threads; safe to call more than once."""
        self._log.muted = True  # watchdog logs spurious errors while shutting down
        self._stop(timeout=5)
        logging.getLogger("watchdog").removeHandler(self._log)

    def _stop(self, timeout: float) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            with contextlib.suppress(Exception):  # a dead one may fail to stop; let go of it
                observer.stop()
                observer.join(timeout=timeout)


class _Handler(FileSystemEventHandler):
    """Forwards watchdog events; must never raise, or watchdog's dispatch thread dies."""

    def __init__(
        self, on_event: Callable[[FileSystemEvent], None], on_overflow: Callable[[], None]
    ) -> None:
        super().__init__()
        self._on_event = on_event
        self._rescan = on_overflow

    def dispatch(self, event: FileSystemEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            self._rescan()


class _WatchdogLog(logging.Handler):
    """watchdog only logs a kernel queue overflow: turn it into a rescan, other news into lines."""

    def __init__(self, rescan: Callable[[], None], error: Echo) -> None:
        super().__init__(logging.WARNING)
        self._rescan = rescan
        self._error = error
        self.muted = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.muted:
            return
        message = record.getMessage()
        if "overflow" in message.lower():
            self._rescan()
        else:
            self._error(f"file watching: {message}")
