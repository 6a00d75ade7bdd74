"""The on-disk index: parsed notes cached in SQLite under `<vault>/.vaultkeeper/`.

A cached entry is reused only when the file's path, `mtime_ns` and size all equal what was
cached; anything else is read again. The cache carries a stamp (format version, the settings
fingerprint, a digest of the parsing code, the Python version) and is emptied whole when the
stamp changes. It is never trusted: a cache that cannot be read is rebuilt with a one-line note,
and a vault whose cache cannot be written still loads correctly, just without the speed-up.

Two processes (the watcher and a command) may use it at once: SQLite's WAL journal, a busy
timeout and one short write transaction per load keep it consistent. Every row pairs a record
with the stat taken *before* the file was read, so a racing writer can only make a row stale,
never wrong; files modified within `RACY_NS` of the scan are not cached at all, because a
second write within the same timestamp tick could keep both mtime and size.

Besides `load_indexed` (the whole vault), `load_directory` loads only what resolving a name
needs, and `cached_output` keeps a derived text (an agenda) for as long as nothing it depends on
changes. docs/performance.md has the measurements.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import gc
import hashlib
import io
import json
import os
import pickle
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from . import __version__
from .config import Settings
from .contact import Contact, Problem
from .vault import FileStat, NoteRecord, Vault, assemble, iter_notes, read_record

FORMAT_VERSION = 3
CACHE_DIR = ".vaultkeeper"
DB_NAME = "index.sqlite3"
GITIGNORE = "# vaultkeeper's cache; safe to delete\n*\n"
POOL_THRESHOLD = 500
"""Below this many files to (re)read, a process pool costs more than it saves."""
RACY_NS = 1_000_000_000
BUSY_TIMEOUT_S = 10.0
_CODE_FILES = ("note.py", "contact.py", "vault.py", "schedule.py", "config.py", "index.py")

Note = Callable[[str], None]
Progress = Callable[[int, int], None]
Entry = tuple[str | None, str | None, str | None, str, str | None, str | None]
"""A directory entry as plain columns: name, segment, segment text, aliases, day, problems."""
_Row = tuple[int, int, Any]  # mtime_ns, size, and a record's pickle or an `Entry`
_Parsed = tuple[FileStat, NoteRecord | None, bytes, Entry]  # stat, record, its pickle, entry
_Ready = tuple[FileStat, NoteRecord, bytes, Entry]  # with the record the caller asked for
T = TypeVar("T")


@dataclass
class IndexStats:
    """What one load did: how many notes came from the cache, were read, or dropped out."""

    reused: int = 0
    parsed: int = 0
    dropped: int = 0
    workers: int = 1
    rebuilt: str | None = None
    saved: bool = False
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


class CacheError(Exception):
    """The cache could not be used; the message says why in a few words."""


def load_indexed(
    root: Path,
    settings: Settings,
    *,
    on_note: Note | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    pool_threshold: int = POOL_THRESHOLD,
    stats: IndexStats | None = None,
) -> Vault:
    """Load the vault, reading only the notes that changed since the cache was written.

    `on_note` receives one-line notes (a rebuilt or unwritable cache); `progress` receives
    (done, total) while notes are read; `stats` is filled in for callers that report on it.
    """
    stats = stats if stats is not None else IndexStats()
    vault = _load(root, settings, False, workers, pool_threshold, progress, stats)
    _tell(stats, on_note)
    return vault


def load_directory(
    root: Path,
    settings: Settings,
    *,
    on_note: Note | None = None,
    progress: Progress | None = None,
    stats: IndexStats | None = None,
) -> Vault:
    """The vault as a directory: contacts carry only path, names and segment; problems are all
    there. Enough to resolve a name exactly as `Vault.resolve` does, or to summarise the vault
    as `vaultkeeper index` does, for a fraction of a full load: a command that changes one note
    need not unpack every log in the vault. The cache is brought up to date all the same.
    """
    stats = stats if stats is not None else IndexStats()
    vault = _load(root, settings, True, None, POOL_THRESHOLD, progress, stats)
    _tell(stats, on_note)
    return vault


_SEP = "\x1f"


def entry_of(record: NoteRecord) -> Entry:
    """The directory entry's columns: plain text, so reading them back needs no unpickling."""
    contact = record.contact
    problems = None
    if record.problems:
        problems = json.dumps([[p.path, p.message, p.field] for p in record.problems])
    day = record.day.isoformat() if record.day else None
    if contact is None:
        return (None, None, None, "", day, problems)
    aliases = _SEP.join(contact.aliases)
    return (contact.name, contact.segment, contact.segment_text, aliases, day, problems)


def record_of_entry(path: str, entry: Sequence[Any]) -> NoteRecord:
    """The directory record stored as `entry`; a malformed row raises CacheError."""
    try:
        name, segment, segment_text, aliases, day, problems = entry
        contact = None
        if name is not None:
            contact = Contact(
                path=path,
                name=str(name),
                segment=segment,
                segment_text=segment_text,
                aliases=tuple(aliases.split(_SEP)) if aliases else (),
            )
        found = tuple(Problem(str(p), str(m), f) for p, m, f in json.loads(problems or "[]"))
        when = datetime.date.fromisoformat(day) if day else None
        return NoteRecord(path, contact, when, (), found)
    except (ValueError, TypeError, AttributeError) as exc:
        raise CacheError(f"an entry could not be read: {exc}") from None


def directory_entry(record: NoteRecord) -> NoteRecord:
    """A record cut down to what name resolution needs (see `load_directory`)."""
    contact = record.contact
    if contact is not None:
        contact = Contact(
            path=contact.path,
            name=contact.name,
            segment=contact.segment,
            segment_text=contact.segment_text,
            aliases=contact.aliases,
        )
    return NoteRecord(record.path, contact, record.day, (), record.problems)


def _load(
    root: Path,
    settings: Settings,
    directory: bool,
    workers: int | None,
    pool_threshold: int,
    progress: Progress | None,
    stats: IndexStats,
) -> Vault:
    with _gc_paused():
        scan_ns = time.time_ns()
        files = list(iter_notes(root, settings))
        stamp = _stamp(settings)
        cached = _read_cache(root, stamp, stats, "entry" if directory else "record")
        try:
            reused, stale = _split(files, cached, directory)
        except CacheError as exc:
            _rebuilding(stats, str(exc))
            reused, stale = [], files
        parsed = _Replayable(
            _unpacked(
                iter_parsed(root, settings, stale, workers, pool_threshold, progress, stats),
                directory,
            )
        )
        seen = {f.path for f in files}
        gone = [path for path in cached if path not in seen]
        if stale or gone or stats.rebuilt:
            # Rows are stored while the workers still parse; racy files are read, not kept.
            _write_cache(root, stamp, parsed, gone, stats, settled_before=scan_ns - RACY_NS)
        fresh = parsed.drain()
        stats.reused, stats.parsed, stats.dropped = len(reused), len(fresh), len(gone)
        return assemble(root, settings, reused + [item[1] for item in fresh])


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


def _unpacked(items: Iterable[_Parsed], directory: bool) -> Iterator[_Ready]:
    """Each item with the record (or directory entry) the caller needs, unpacked as it
    arrives, while the workers are still parsing; workers send only pickles."""
    for stat, record, blob, entry in items:
        if record is not None:
            record = directory_entry(record) if directory else record
        elif directory:
            record = record_of_entry(stat.path, entry)
        else:
            record = pickle.loads(blob)
            assert isinstance(record, NoteRecord)
        yield stat, record, blob, entry


def _tell(stats: IndexStats, on_note: Note | None) -> None:
    if on_note is not None:
        for line in stats.notes:
            on_note(line)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
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


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / DB_NAME


def _stamp(settings: Settings) -> dict[str, str]:
    """Everything a cached record depends on besides the file itself."""
    return {
        "format": str(FORMAT_VERSION),
        "settings": settings.fingerprint(),
        "code": _code_digest(),
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
    }


def _code_digest() -> str:
    """A digest of the modules that shape a record, so an upgrade never reuses old records."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _CODE_FILES:
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def _split(
    files: Sequence[FileStat], cached: dict[str, _Row], directory: bool
) -> tuple[list[NoteRecord], list[FileStat]]:
    """Cached records (or directory entries) still valid for the file on disk, and the files
    to read again."""
    reused: list[NoteRecord] = []
    stale: list[FileStat] = []
    loads = _SafeUnpickler.loads
    for stat in files:
        row = cached.get(stat.path)
        if row is not None and row[0] == stat.mtime_ns and row[1] == stat.size:
            record = record_of_entry(stat.path, row[2]) if directory else loads(row[2])
            if isinstance(record, NoteRecord) and record.path == stat.path:
                reused.append(record)
                continue
        stale.append(stat)
    return reused, stale


# --- reading notes, in this process or a pool ----------------------------------------------


def iter_parsed(
    root: Path,
    settings: Settings,
    files: Sequence[FileStat],
    workers: int | None = None,
    pool_threshold: int = POOL_THRESHOLD,
    progress: Progress | None = None,
    stats: IndexStats | None = None,
) -> Iterator[_Parsed]:
    """Read and parse `files`, each with a pickle of its record and its directory entry; with
    many of them, on every core. Items come as results arrive, so the caller can store them
    while the workers go on."""
    count = workers if workers is not None else default_workers()
    remaining: Sequence[FileStat] = files
    done = 0
    if count > 1 and len(files) >= max(pool_threshold, 2):
        finished: set[str] = set()
        try:
            for item in _parse_pool(root, settings, files, count):
                finished.add(item[0].path)
                done += 1
                yield item
                if progress is not None and (done % 100 == 0 or done == len(files)):
                    progress(done, len(files))
            if stats is not None:
                stats.workers = count
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
) -> Iterator[_Parsed]:
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

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


_WORKER: tuple[Path, Settings] | None = None


def _worker_init(root: Path, settings: Settings) -> None:
    global _WORKER
    _WORKER = (root, settings)
    gc.disable()


def _worker_parse(paths: list[str]) -> list[tuple[str, bytes, Entry]]:
    assert _WORKER is not None
    root, settings = _WORKER
    out = []
    for path in paths:
        record = read_record(root, path, settings)
        out.append((path, _dumps(record), entry_of(record)))
    return out


# --- the SQLite file -------------------------------------------------------------------------

_META_TABLE = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_NOTES_TABLE = """CREATE TABLE IF NOT EXISTS notes (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    record BLOB NOT NULL,
    name TEXT,
    segment TEXT,
    segment_text TEXT,
    aliases TEXT NOT NULL,
    day TEXT,
    problems TEXT
)"""
_ENTRY_COLUMNS = "name, segment, segment_text, aliases, day, problems"


def _read_cache(
    root: Path, stamp: dict[str, str], stats: IndexStats, column: str
) -> dict[str, _Row]:
    """Every cached row (with the `record` or `entry` column), or nothing when the cache is
    missing, outdated or unreadable."""
    path = cache_path(root)
    if not path.exists():
        stats.rebuilt = "no index yet"
        return {}
    try:
        try:
            rows = _fetch(path, stamp, "mode=ro", column)
        except sqlite3.OperationalError:
            # A WAL database in a folder this process cannot write: read the file as it is.
            if os.access(path.parent, os.W_OK):
                raise
            rows = _fetch(path, stamp, "immutable=1", column)
    except (sqlite3.Error, OSError) as exc:
        _rebuilding(stats, _why(exc))
        return {}
    if rows is None:
        stats.rebuilt = "the index was made by another version or with other settings"
        return {}
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _fetch(path: Path, stamp: dict[str, str], mode: str, column: str) -> list[Any] | None:
    """All rows in one query, or None when the stamp says they belong to something else."""
    assert column in ("record", "entry")
    with _connect(path, readonly=mode) as db:
        if _read_stamp(db) != stamp:
            return None
        if column == "record":
            return db.execute("SELECT path, mtime_ns, size, record FROM notes").fetchall()
        rows = db.execute(f"SELECT path, mtime_ns, size, {_ENTRY_COLUMNS} FROM notes")
        return [(row[0], row[1], row[2], row[3:]) for row in rows]


def _rebuilding(stats: IndexStats, why: str) -> None:
    stats.rebuilt = f"the index could not be read ({why})"
    stats.notes.append(f"note: the index in {CACHE_DIR}/ could not be read ({why}); rebuilt it")


def _write_cache(
    root: Path,
    stamp: dict[str, str],
    fresh: Iterable[_Parsed],
    gone: Iterable[str],
    stats: IndexStats,
    settled_before: int,
) -> None:
    """Store what was read and drop what was deleted, in one transaction; never fail a load.

    Only files last modified before `settled_before` are stored; `fresh` is walked twice
    when a corrupt file has to be replaced.
    """
    path = cache_path(root)
    try:
        _make_cache_dir(root)
        try:
            _save(path, stamp, fresh, gone, settled_before, rebuild=stats.rebuilt is not None)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _is_corrupt(exc):
                raise
            _remove_db(path)  # a corrupt file: start a new one
            _save(path, stamp, fresh, gone, settled_before, rebuild=True)
        stats.saved = True
    except (sqlite3.Error, OSError) as exc:
        stats.notes[:] = [  # one line says it all
            f"note: cannot save the index in {CACHE_DIR}/ ({_why(exc)}); "
            "every note is read each time until it can"
        ]


def _save(
    path: Path,
    stamp: dict[str, str],
    fresh: Iterable[_Parsed],
    gone: Iterable[str],
    settled_before: int,
    rebuild: bool,
) -> None:
    with _connect(path, readonly=None) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            current = _read_stamp(db)
            if current and current != stamp and not rebuild:
                db.execute("ROLLBACK")  # another process re-stamped it meanwhile; let it be
                return
            if current != stamp or rebuild:  # a new table: an older format may have other columns
                db.execute("DROP TABLE IF EXISTS notes")
                db.execute(_NOTES_TABLE)
                db.execute("DELETE FROM meta")
                db.executemany("INSERT INTO meta VALUES (?, ?)", stamp.items())
            db.executemany(
                "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (s.path, s.mtime_ns, s.size, blob, *entry)
                    for s, _, blob, entry in fresh
                    if s.mtime_ns < settled_before
                ),
            )
            db.executemany("DELETE FROM notes WHERE path = ?", ((p,) for p in gone))
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise


@contextlib.contextmanager
def _connect(path: Path, readonly: str | None) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode (transactions are explicit), WAL, with a busy timeout.

    `readonly` is a SQLite URI parameter (`mode=ro`, `immutable=1`) for reading only.
    """
    if readonly:
        uri = f"{path.resolve().as_uri()}?{readonly}"
        db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    else:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        if not readonly:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # a cache: a crash costs a rebuild at most
            db.execute(_META_TABLE)
            db.execute(_NOTES_TABLE)
        yield db
    finally:
        db.close()


def _read_stamp(db: sqlite3.Connection) -> dict[str, str]:
    try:
        return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return {}
        raise


def _make_cache_dir(root: Path) -> None:
    """`.vaultkeeper/` with its own `.gitignore`, so git and sync tools leave it alone."""
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE, encoding="utf-8")


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def _is_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


# --- reading pickles back without trusting them ---------------------------------------------

_DATETIME = {"date", "datetime", "time", "timedelta", "timezone"}


class _SafeUnpickler(pickle.Unpickler):
    """Only vaultkeeper's own dataclasses and enums and `datetime` values may be rebuilt.

    The cache sits inside the vault, which may be synced from elsewhere; a crafted pickle must
    not be able to run code. Anything else makes the cache unreadable, and so rebuilt.
    """

    _allowed: ClassVar[dict[tuple[str, str], type]] = {}

    def find_class(self, module: str, name: str) -> Any:
        key = (module, name)
        found = self._allowed.get(key)
        if found is None:
            found = _allowed_class(module, name)
            self._allowed[key] = found
        return found

    @classmethod
    def loads(cls, data: bytes) -> Any:
        try:
            return cls(io.BytesIO(data)).load()
        except Exception as exc:
            raise CacheError(f"an entry could not be unpacked: {exc}") from None


def _allowed_class(module: str, name: str) -> type:
    if module == "datetime" and name in _DATETIME:
        found: object = getattr(datetime, name)
    elif module.startswith("vaultkeeper.") and module in sys.modules:
        found = getattr(sys.modules[module], name, None)
        if not (
            isinstance(found, type)
            and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum))
        ):
            found = None
    else:
        found = None
    if not isinstance(found, type):
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the index")
    return found


# --- derived outputs (an agenda) keyed by everything they depend on -------------------------

_OUTPUTS_TABLE = """CREATE TABLE IF NOT EXISTS outputs (
    name TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    value TEXT NOT NULL
)"""


def cached_output(
    root: Path,
    settings: Settings,
    name: str,
    inputs: Sequence[str],
    compute: Callable[[], str],
) -> str:
    """`compute()`, or the text it returned last time if nothing it depends on has changed.

    The key covers every note's path, mtime_ns and size (the index's own guarantee), the full
    settings, vaultkeeper's code and templates, and `inputs` (say, today's date and the text of
    a vault template). A hit costs a `stat` of every note and one query, no parsing or loading.
    Results computed while a note is still racy (just saved) are not stored.
    """
    scan_ns = time.time_ns()
    files = list(iter_notes(root, settings))
    key = _output_key(settings, inputs, files)
    path = cache_path(root)
    with contextlib.suppress(sqlite3.Error, OSError):
        if path.exists():
            with _connect(path, readonly="mode=ro") as db:
                row = db.execute(
                    "SELECT key, value FROM outputs WHERE name = ?", (name,)
                ).fetchone()
            if row is not None and row[0] == key:
                return str(row[1])
    value = compute()
    if all(f.mtime_ns < scan_ns - RACY_NS for f in files):
        with contextlib.suppress(sqlite3.Error, OSError):
            _make_cache_dir(root)
            with _connect(path, readonly=None) as db:
                db.execute(_OUTPUTS_TABLE)
                db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", (name, key, value))
    return value


def _output_key(settings: Settings, inputs: Sequence[str], files: Sequence[FileStat]) -> str:
    digest = hashlib.sha256()
    for part in (str(FORMAT_VERSION), _package_digest(), repr(settings), *inputs):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(
        "\n".join(f"{f.path}\0{f.mtime_ns}\0{f.size}" for f in files).encode(
            "utf-8", "surrogatepass"
        )
    )
    return digest.hexdigest()


def _package_digest() -> str:
    """Every module and built-in template: an output may depend on any of them."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for folder in (here, here / "templates"):
        with contextlib.suppress(OSError):
            for item in sorted(folder.iterdir()):
                if item.suffix in (".py", ".j2", ".toml") and item.is_file():
                    digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()
