"""The loaders: which notes are stale, reading them (on every core when there are many), and the
vault assembled from cached and fresh records.

A cached entry is reused only when the file's path, mtime, size, ctime and inode equal what was
cached; anything else is read again. Every row pairs a record with the stat taken *before* the
file was read, so a racing writer can only make a row stale, never wrong. A file modified within
`store.RACY_NS` of the scan is stored with a stat no file has (`UNSETTLED`): queries made now
see what was read, and every later load reads it again until it has settled (a second save in
the same timestamp tick could keep both mtime and size). The SQLite file itself is `store.py`'s.

`load_indexed` gives the whole vault; `load_directory` only what resolving a name needs.
docs/performance.md has the measurements.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from . import store
from .atomic import remove_leftovers
from .config import Settings
from .contact import NoteRecord
from .lean import lean_dataclass
from .outputs import stats_digest
from .parts import WalkParts
from .scan import CACHE_DIR, RACY_NS
from .store import CacheError
from .walk import FileStat, iter_notes, readable_name, unsettled_notes

if TYPE_CHECKING:  # the reader and the assembly are loaded when a note is read or assembled
    from .pool import Columns, Parsed, Progress
    from .vault import Directory, Listing, Vault

Note = Callable[[str], None]
T = TypeVar("T")


@lean_dataclass
class IndexStats:
    """What one load did: how many notes came from the cache, were read, or dropped out."""

    reused: int = 0
    parsed: int = 0
    dropped: int = 0
    workers: int = 1
    rebuilt: str | None = None
    saved: bool = False
    complete: bool = False
    """Every note's current row is in the index now, so a query on it tells the truth."""
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """`Index: 10258 notes from the cache, 12 read, 1 dropped ...` for `vaultkeeper index`."""
        parts = [f"{self.reused} {_notes(self.reused)} from the cache"]
        read = f"{self.parsed} read"
        if self.workers > 1:
            read += f" by {self.workers} processes"
        parts.append(read)
        if self.dropped:
            parts.append(f"{self.dropped} dropped (deleted or moved)")
        text = "Index: " + ", ".join(parts) + "."
        if self.rebuilt and self.reused == 0 and self.parsed:
            text += f" Rebuilt: {self.rebuilt}."
        return text


def _notes(count: int) -> str:
    return "note" if count == 1 else "notes"


def load_indexed(
    root: Path,
    settings: Settings,
    *,
    on_note: Note | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    pool_threshold: int | None = None,
    stats: IndexStats | None = None,
    files: list[FileStat] | None = None,
) -> Vault:
    """Load the vault, reading only the notes that changed since the cache was written.

    `on_note` receives one-line notes (a rebuilt or unwritable cache); `progress` receives
    (done, total) while notes are read; `stats` is filled in for callers that report on it.
    """
    stats = stats if stats is not None else IndexStats()
    from .vault import assemble

    loaded = _load(root, settings, _full(), workers, pool_threshold, progress, stats, files)
    _tell(stats, on_note)
    return assemble(root, settings, [record for _, record in loaded])


def load_known(
    root: Path, settings: Settings, *, on_note: Note | None = None, stats: IndexStats | None = None
) -> list[tuple[FileStat, bytes]]:
    """Every note's record, pickled, with the stat it stands for, through the index: where the
    watcher starts from, so that only the notes changed since the last command are read. A
    pickle takes a quarter of the record's memory; one from the index is not checked yet
    (`unpack_record` does that)."""
    stats = stats if stats is not None else IndexStats()
    loaded = _load(root, settings, _PACKED, None, None, None, stats)
    _tell(stats, on_note)
    return loaded


def load_directory(
    root: Path,
    settings: Settings,
    *,
    on_note: Note | None = None,
    progress: Progress | None = None,
    stats: IndexStats | None = None,
) -> Directory:
    """The vault as a `Directory`: names, segments, daily-note links and problems, read from
    plain columns for a fraction of a full load. The cache is brought up to date all the same.
    """
    stats = stats if stats is not None else IndexStats()
    from .vault import assemble_directory

    loaded = _load(root, settings, _light(), None, None, progress, stats)
    _tell(stats, on_note)
    return assemble_directory(root, settings, [listing for _, listing in loaded])


def refresh(
    root: Path,
    settings: Settings,
    *,
    on_note: Note | None = None,
    files: list[FileStat] | None = None,
) -> bool:
    """Bring the index up to date, reading only what changed and unpacking nothing; whether
    every note now has a row for what it holds (not so when the index cannot be written, or a
    file name is not UTF-8 text), which is when a query on the index may stand for the vault."""
    stats = IndexStats()
    _load(root, settings, _STAT, None, None, None, stats, files)
    _tell(stats, on_note)
    return stats.complete


class _Shape(NamedTuple, Generic[T]):
    """What a loader wants per file (a full record or a listing), from a cached row's column
    or from what a reader produced."""

    column: str
    from_row: Callable[[str, Any], T]
    from_parsed: Callable[[FileStat, NoteRecord | None, bytes, Columns], T]


def _record_from_parsed(
    stat: FileStat, record: NoteRecord | None, blob: bytes, entry: Columns
) -> NoteRecord:
    if record is None:  # from a worker: only its pickle, which this process made
        import pickle  # loaded by the full load only (`safe_pickle` has it by then)

        record = pickle.loads(blob)
        assert isinstance(record, NoteRecord)
    return record


def _pickle_from_row(path: str, blob: Any) -> bytes:
    return bytes(blob)


def _pickle_from_parsed(
    stat: FileStat, record: NoteRecord | None, blob: bytes, entry: Columns
) -> bytes:
    return blob


def _nothing(*args: Any) -> None:
    return None


_PACKED = _Shape("record", _pickle_from_row, _pickle_from_parsed)
_STAT = _Shape("stat", _nothing, _nothing)


@functools.cache
def _full() -> _Shape[NoteRecord]:
    """Records, unpacked (checked) from their pickles: `pickle` is loaded only by the
    commands that unpack one."""
    from .safe_pickle import unpack_record

    return _Shape("record", unpack_record, _record_from_parsed)


def _light() -> _Shape[Listing]:
    """What a directory wants per file; made on first use, with the reader it needs."""
    from .pool import listing_of_entry
    from .vault import listing_of

    def from_parsed(
        stat: FileStat, record: NoteRecord | None, blob: bytes, entry: Columns
    ) -> Listing:
        return listing_of(record) if record is not None else listing_of_entry(stat.path, entry)

    return _Shape("entry", listing_of_entry, from_parsed)


def _load(
    root: Path,
    settings: Settings,
    shape: _Shape[T],
    workers: int | None,
    pool_threshold: int | None,
    progress: Progress | None,
    stats: IndexStats,
    walked: list[FileStat] | None = None,
) -> list[tuple[FileStat, T]]:
    """Each note's stat and what `shape` wants of it: from the cache where still valid, else
    read (on every core when there are many); the cache is brought up to date on the way."""
    with paused_gc():
        scan_ns = time.time_ns()
        files = walked
        if files is None:
            leftovers: list[str] = []
            files = list(iter_notes(root, settings, leftovers))
            if leftovers:
                remove_leftovers(root, leftovers)
        stamp = store.stamp(settings)
        walk = stats_digest(files)
        if shape is _STAT and store.sealed(root, stamp) == walk:  # current for this very walk
            stats.reused, stats.complete = len(files), True
            return []
        parts = WalkParts(files)
        snapshot = _read_cache(root, stamp, stats, shape.column, parts if shape is _STAT else None)
        cached = snapshot.rows
        # Only the parts that changed since the seal, when the seal says which.
        checked = files if snapshot.only is None else parts.files_in(snapshot.only)
        try:
            reused, stale = _split(checked, cached, shape)
        except CacheError as exc:
            _rebuilding(stats, str(exc))
            reused, stale = [], files
        parsed: _Replayable[Parsed] = _Replayable(())
        used = None
        if stale:
            from .pool import PoolUse, iter_parsed

            used = PoolUse()
            parsed = _Replayable(
                iter_parsed(root, settings, stale, workers, pool_threshold, progress, used)
            )
        seen = {f.path for f in checked}
        gone = [path for path in cached if path not in seen]
        unsettled = unsettled_notes(files, scan_ns - RACY_NS)
        vouch = None if unsettled else walk  # what the index will be current for, if anything
        generation = snapshot.seal.generation
        if stale or gone or stats.rebuilt:
            # Rows are stored while the workers still parse; racy files are marked unsettled.
            rows = _Rows(parsed, scan_ns - RACY_NS)
            sealed = (vouch, parts.sealed(unsettled))
            _write_cache(root, stamp, rows, gone, stats, generation, sealed)
        elif snapshot.seal.walk != walk:
            sealed = (vouch, parts.sealed(unsettled))
            if sealed != snapshot.seal[1:]:
                store.seal(root, stamp, generation, *sealed)
        fresh = [(item[0], shape.from_parsed(*item)) for item in parsed.drain()]
        stats.parsed, stats.dropped = len(fresh), len(gone)
        stats.reused = len(files) - len(fresh) if snapshot.only is not None else len(reused)
        stored = all(_Rows.storable(stat) for stat, _ in fresh)
        stats.complete = stored and (stats.saved or not (stale or gone or stats.rebuilt))
        if used is not None:
            stats.workers = used.workers
        return reused + fresh


class _Replayable(Generic[T]):
    """A one-shot iterator that can be walked again from the start (a retried write must see
    every item), and drained for what nobody consumed."""

    def __init__(self, source: Iterable[T]) -> None:
        self.seen: list[T] = []
        self._source = iter(source)

    def __iter__(self) -> Iterator[T]:
        index = 0
        while True:
            if index == len(self.seen):
                item = next(self._source, None)
                if item is None:
                    return
                self.seen.append(item)
            yield self.seen[index]
            index += 1

    def drain(self) -> list[T]:
        for _ in self:
            pass
        return self.seen


def _tell(stats: IndexStats, on_note: Note | None) -> None:
    if on_note is not None:
        for line in stats.notes:
            on_note(line)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Loading builds hundreds of thousands of small objects and no cycles; GC passes over
    them cost more than the loading itself.

    Re-enabling alone would start a full collection at once (the allocation counts kept
    growing while paused); freeze + unfreeze moves everything to the oldest generation and
    resets the counts, so nothing is lost and nothing is traversed now.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def is_stale(cached: Sequence[int], now: FileStat) -> bool:
    """Whether a record read when the file's (mtime, size, ctime, inode) were `cached` must be
    read again for the file as it is `now`: the one test the index and the watcher share."""
    return (now.mtime_ns, now.size, now.ctime_ns, now.inode) != tuple(cached)


def _split(
    files: Sequence[FileStat], cached: dict[str, store.Row], shape: _Shape[T]
) -> tuple[list[tuple[FileStat, T]], list[FileStat]]:
    """What the cache holds that is still valid for the file on disk, and the files to read."""
    reused: list[tuple[FileStat, T]] = []
    stale: list[FileStat] = []
    for stat in files:
        row = cached.get(stat.path)
        if row is not None and not is_stale(row[:4], stat):
            reused.append((stat, shape.from_row(stat.path, row[4])))
        else:
            stale.append(stat)
    return reused, stale


# --- the cache, as the loader uses it ----------------------------------------------------------


def _read_cache(
    root: Path,
    stamp: dict[str, str],
    stats: IndexStats,
    column: str,
    walk: WalkParts[FileStat] | None,
) -> store.Snapshot:
    """The cached rows (every one, or with `walk` those of the parts it changed), or nothing
    (with the reason in `stats`) when there is none to use."""
    try:
        snapshot = store.read_rows(root, stamp, column, walk)
    except CacheError as exc:
        _rebuilding(stats, str(exc))
        return store.Snapshot({}, str(exc), store.Seal(0, None, None))
    if snapshot.reason is not None:
        stats.rebuilt = snapshot.reason
    return snapshot


def _rebuilding(stats: IndexStats, why: str) -> None:
    stats.rebuilt = f"the index could not be read ({why})"
    stats.notes.append(f"note: the index in {CACHE_DIR}/ could not be read ({why}); rebuilt it")


UNSETTLED = -1
"""The mtime stored for a file read within `store.RACY_NS` of its last save: no file has it,
so the row is never reused, yet the index's tables hold what was read."""


class _Rows:
    """The rows to store for what was read, walkable more than once: files saved this very
    second marked unsettled, and none for a file name that is not UTF-8 text."""

    def __init__(self, parsed: Iterable[Parsed], settled_before: int) -> None:
        self._parsed = parsed
        self._settled_before = settled_before

    @staticmethod
    def storable(stat: FileStat) -> bool:
        return readable_name(stat.path)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for stat, _, blob, entry in self._parsed:
            if self.storable(stat):
                settled = stat.mtime_ns < self._settled_before
                mtime = stat.mtime_ns if settled else UNSETTLED
                yield (stat.path, mtime, stat.size, stat.ctime_ns, stat.inode, blob, *entry)


def _write_cache(
    root: Path,
    stamp: dict[str, str],
    rows: _Rows,
    gone: Iterable[str],
    stats: IndexStats,
    read_at: int,
    sealed: tuple[bytes | None, bytes],
) -> None:
    """Store what was read and drop what was deleted; never fail a load."""
    try:
        rebuild = stats.rebuilt is not None
        stats.saved = store.write_rows(root, stamp, rows, gone, rebuild, read_at, *sealed)
    except CacheError as exc:
        stats.notes[:] = [  # one line says it all
            f"note: cannot save the index in {CACHE_DIR}/ ({exc}); "
            "every note is read each time until it can"
        ]
