"""Reading notes: in this process, or on every core when there are many.

Each note comes back with the pickle of its record (what the index stores) and its listing as
plain columns (what a light load reads back without unpickling). Workers send only those, so
this process unpacks no more than its caller needs.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .brief import brief_row
from .config import Settings
from .contact import NoteRecord, problems_of
from .index_tables import SEP
from .matching import filed_under
from .names import Entry
from .store import CacheError
from .vault import Listing, read_record
from .walk import FileStat

POOL_THRESHOLD = 500
"""Below this many files to (re)read, a process pool costs more than it saves."""

Progress = Callable[[int, int], None]
Columns = tuple[Any, ...]
"""A listing as the cache's plain columns: name, segment, segment text, aliases, day, links,
problems; then whether the note holds private details, a contact's brief (`brief.py`) and the
topics a match finds them under (`matching.topic_keys`), which go to tables of their own."""
Parsed = tuple[FileStat, NoteRecord | None, bytes, Columns]
"""A file's stat, its record (None when a worker sent only the pickle), pickle and columns."""


class PoolUse:
    """How many processes read the notes (1 when no pool was used or could be had)."""

    def __init__(self) -> None:
        self.workers = 1


def entry_of(record: NoteRecord) -> Columns:
    """The directory's columns for a record: plain text, so reading them needs no unpickling."""
    contact = record.contact
    problems = None
    if record.problems:
        problems = json.dumps([[p.path, p.message, p.field] for p in record.problems])
    day = record.day.isoformat() if record.day else None
    links = SEP.join(record.links)
    if contact is None:
        return (None, None, None, "", day, links, problems, 0, None, "")
    aliases = SEP.join(contact.aliases)
    private = int(record.private)
    return (
        *(contact.name, contact.segment, contact.segment_text, aliases, day, links, problems),
        *(private, brief_row(contact), filed_under(contact)),
    )


def listing_of_entry(path: str, columns: Sequence[Any]) -> Listing:
    """The listing stored as `columns`; a malformed row raises CacheError."""
    try:
        name, segment, segment_text, aliases, day, links, problems = columns[:7]
        entry = None
        if name is not None:
            names = tuple(aliases.split(SEP)) if aliases else ()
            entry = Entry(path, str(name), segment, segment_text, names)
        found = tuple(problems_of(problems)) if problems else ()
        when = datetime.date.fromisoformat(day) if day else None
        return Listing(path, entry, when, tuple(links.split(SEP)) if links else (), found)
    except (ValueError, TypeError, AttributeError) as exc:
        raise CacheError(f"an entry could not be read: {exc}") from None


def iter_parsed(
    root: Path,
    settings: Settings,
    files: Sequence[FileStat],
    workers: int | None = None,
    pool_threshold: int | None = None,
    progress: Progress | None = None,
    used: PoolUse | None = None,
) -> Iterator[Parsed]:
    """Read and parse `files`, each with a pickle of its record and its directory entry; with
    many of them, on every core. Items come as results arrive, so the caller can store them
    while the workers go on."""
    count = workers if workers is not None else default_workers()
    remaining: Sequence[FileStat] = files
    done = 0
    threshold = POOL_THRESHOLD if pool_threshold is None else pool_threshold
    if count > 1 and len(files) >= max(threshold, 2):
        finished: set[str] = set()
        try:
            for item in _parse_pool(root, settings, files, count):
                finished.add(item[0].path)
                done += 1
                yield item
                if progress is not None and (done % 100 == 0 or done == len(files)):
                    progress(done, len(files))
            if used is not None:
                used.workers = count
            return
        except _NoPool:  # no processes to be had (a sandbox, a limit): this one carries on
            remaining = [stat for stat in files if stat.path not in finished]
    for stat in remaining:
        record = read_record(root, stat.path, settings)
        done += 1
        yield (stat, record, _dumps(record), entry_of(record))
        if progress is not None and (done % 100 == 0 or done == len(files)):
            progress(done, len(files))


def default_workers() -> int:
    """The cores this process may use, up to 4: past that, this process's own share
    (unpacking and assembling what the workers send) is what bounds the time."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _dumps(record: NoteRecord) -> bytes:
    return pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


def _parse_pool(
    root: Path,
    settings: Settings,
    files: Sequence[FileStat],
    workers: int,
) -> Iterator[Parsed]:
    """Parse in worker processes; each returns pickles, stored as they are and unpacked only
    as far as the caller needs (a directory load never unpacks a whole record)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    size = max(25, min(400, len(files) // (workers * 8) or 1))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    by_path = {stat.path: stat for stat in files}
    try:
        with ProcessPoolExecutor(
            workers, mp_context=_mp_context(), initializer=_worker_init, initargs=(root, settings)
        ) as pool:
            futures = [pool.submit(_worker_parse, [s.path for s in chunk]) for chunk in chunks]
            for future in as_completed(futures):
                for path, blob, entry in future.result():
                    yield (by_path[path], None, blob, entry)
    except (OSError, BrokenProcessPool) as exc:
        raise _NoPool(str(exc)) from exc


class _NoPool(Exception):
    """Worker processes could not be started or died; parsing falls back to this process."""


def _mp_context() -> Any:
    """`fork` is cheapest, but only safe while this process runs a single thread."""
    import multiprocessing
    import threading  # only with workers to start: one changed note is read here

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


_WORKER: tuple[Path, Settings] | None = None


def _worker_init(root: Path, settings: Settings) -> None:
    global _WORKER
    _WORKER = (root, settings)
    gc.disable()


def _worker_parse(paths: list[str]) -> list[tuple[str, bytes, Columns]]:
    assert _WORKER is not None
    root, settings = _WORKER
    out = []
    for path in paths:
        record = read_record(root, path, settings)
        out.append((path, _dumps(record), entry_of(record)))
    return out
