"""The SQLite file in `<vault>/.vaultkeeper/`: schema, stamp, transactions.

The file is a cache and is never trusted: its stamp (format version, the settings fingerprint,
a digest of vaultkeeper's own code, the Python version) must match or every row is ignored;
a file that cannot be read is reported and rebuilt; pickles in it are unpacked by an unpickler
that only rebuilds vaultkeeper's own dataclasses. Two processes may use it at once: WAL, a busy
timeout and one short write transaction per load keep it consistent.

What a row *means* (which files are stale, what a record is) is the loader's business, in
`index.py`; this module only stores and fetches. The kept agenda is `outputs.py`'s, and
unpacking the pickles without trusting them is `safe_pickle.py`'s.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .config import Settings
from .index_tables import (
    TABLES,
    Keys,
    create_tables,
    insert_keys,
    insert_notes,
    log_changes,
    set_seal,
    start_new,
)
from .new_index import build_aside, remove_db, remove_stale
from .own_code import code_digest
from .scan import CACHE_DIR, make_cache_dir

if TYPE_CHECKING:
    from .parts import WalkParts

FORMAT_VERSION = 11
DB_NAME = "index.sqlite3"
BUSY_TIMEOUT_S = 10.0

Row = tuple[int, int, int, int, Any]
"""A cached row as the loader sees it: mtime_ns, size, ctime_ns, inode, and a record's pickle
or its listing columns."""


class CacheError(Exception):
    """The cache could not be used; the message says why in a few words."""


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / DB_NAME


def stamp(settings: Settings) -> dict[str, str]:
    """Everything a cached record depends on besides the file itself."""
    return {
        "format": str(FORMAT_VERSION),
        "settings": settings.fingerprint(),
        "code": code_digest(),
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
    }


# --- rows ------------------------------------------------------------------------------------

_STAT_COLUMNS = "path, mtime_ns, size, ctime_ns, inode"
_ENTRY_COLUMNS = "name, segment, segment_text, aliases, day, links, problems"


class Seal(NamedTuple):
    """What the index was last left current for: the generation it was left at (every write
    moves it on), the whole walk's digest and its parts' (`parts.py`), when there were any."""

    generation: int
    walk: bytes | None
    parts: bytes | None


_NO_SEAL = Seal(0, None, None)


class Snapshot(NamedTuple):
    """The cached rows as one read saw them: by path; when there are none to use, why; the seal
    they go with; and, when only some parts' rows were read, which (None: every row)."""

    rows: dict[str, Row]
    reason: str | None
    seal: Seal
    only: frozenset[int] | None = None


def read_rows(
    root: Path, want: dict[str, str], column: str, walk: WalkParts[Any] | None = None
) -> Snapshot:
    """Every cached row (with the `record` or `entry` column) and, when there are none to use,
    why: no index yet, or one made by other code or settings. An unreadable file raises
    `CacheError` with the reason.

    Given the `walk` (stats only), just the rows of the parts where it differs from the seal's
    are read, when the seal has parts to compare with."""
    path = cache_path(root)
    try:
        os.stat(path)
    except FileNotFoundError:
        return Snapshot({}, "no index yet", _NO_SEAL)
    except OSError as exc:  # a .vaultkeeper/ left by root, say: run without the cache
        raise CacheError(why(exc)) from None
    try:
        try:
            rows = _fetch(path, want, "mode=ro", column, walk)
        except sqlite3.OperationalError:
            # A WAL database in a folder this process cannot write: read the file as it is.
            if os.access(path.parent, os.W_OK):
                raise
            rows = _fetch(path, want, "immutable=1", column, walk)
    except (sqlite3.Error, OSError) as exc:
        raise CacheError(why(exc)) from None
    if rows is None:
        why_not = "the index was made by another version or with other settings"
        return Snapshot({}, why_not, _NO_SEAL)
    found, seal, only = rows
    return Snapshot({row[0]: row[1:6] for row in found}, None, seal, only)


def _fetch(
    path: Path, want: dict[str, str], mode: str, column: str, walk: WalkParts[Any] | None
) -> tuple[list[Any], Seal, frozenset[int] | None] | None:
    """The rows in one query, with the seal they go with (one read transaction), or None when
    the stamp says they belong to something else."""
    assert column in ("record", "entry", "stat")
    with connect(path, readonly=mode) as db:
        db.execute("BEGIN")
        if _read_stamp(db) != want:
            return None
        seal = _seal_of(db)
        only = walk.changed(seal.parts) if walk is not None and column == "stat" else None
        if only is not None:
            marks = ", ".join("?" * len(only))
            query = f"SELECT {_STAT_COLUMNS}, NULL FROM notes WHERE part IN ({marks})"
            rows = db.execute(query, sorted(only)).fetchall()
        elif column == "stat":
            rows = db.execute(f"SELECT {_STAT_COLUMNS}, NULL FROM notes").fetchall()
        elif column == "record":
            rows = db.execute(f"SELECT {_STAT_COLUMNS}, record FROM notes").fetchall()
        else:
            found = db.execute(f"SELECT {_STAT_COLUMNS}, {_ENTRY_COLUMNS} FROM notes")
            rows = [(*row[:5], row[5:]) for row in found]
        db.execute("COMMIT")
        return rows, seal, only


# --- the seal: "the index is current for exactly this walk" -------------------------------------
#
# Checking that the index is current means reading every row's stat. A load that found it
# current (or made it so) and saw no note being saved leaves a seal: a digest of its walk. The
# next command whose walk has the same digest needs to read no row at all. Every write moves
# the generation on and replaces the seal, and a seal is only left by a process whose rows (as
# read, plus its own writes) are all there is: its generation is checked in the same write.


def _seal_of(db: sqlite3.Connection) -> Seal:
    """The seal; its parts only when they were left with it (same generation)."""
    try:
        row = db.execute("SELECT generation, walk FROM seal").fetchone()
        found = db.execute("SELECT generation, parts FROM seal_parts").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return _NO_SEAL
        raise
    if row is None:
        return _NO_SEAL
    generation = int(row[0])
    parts = found[1] if found is not None and found[0] == generation else None
    return Seal(generation, row[1], parts)


def sealed(root: Path, want: dict[str, str]) -> bytes | None:
    """The digest of the walk the index was last left current for, or None. The stamp and the
    seal are read in one transaction: a rebuild with other settings in between could otherwise
    pass its seal (of the same walk) for this stamp's."""
    try:
        with connect(cache_path(root), readonly="mode=ro") as db:
            db.execute("BEGIN")
            try:
                return _seal_of(db).walk if _read_stamp(db) == want else None
            finally:
                db.execute("ROLLBACK")
    except (sqlite3.Error, OSError):
        return None


@contextlib.contextmanager
def sealed_for(root: Path, want: dict[str, str], walk: bytes) -> Iterator[sqlite3.Connection]:
    """A read-only connection whose queries all see the index as it was sealed for `walk`,
    with the stamp `want` (both checked in the same read transaction as the queries, so a
    rebuild by other code in between cannot slip in); `CacheError` otherwise."""
    try:
        with connect(cache_path(root), readonly="mode=ro") as db:
            db.execute("BEGIN")
            try:
                if _read_stamp(db) != want or _seal_of(db).walk != walk:
                    raise CacheError("the index is not sealed for this walk")
                yield db
            finally:
                db.execute("ROLLBACK")
    except (sqlite3.Error, OSError) as exc:
        raise CacheError(why(exc)) from None


def seal(
    root: Path, want: dict[str, str], generation: int, walk: bytes | None, parts: bytes | None
) -> None:
    """Leave the seal for `walk` and its `parts`, unless anything was written since
    `generation` was read."""
    with contextlib.suppress(sqlite3.Error, OSError), connect(cache_path(root), None, 0) as db:
        db.execute("BEGIN IMMEDIATE")  # another writer at work: not worth a wait
        if _read_stamp(db) == want and _seal_of(db).generation == generation:
            set_seal(db, generation, walk, parts)
        db.execute("COMMIT")


def write_rows(
    root: Path,
    want: dict[str, str],
    rows: Iterable[tuple[Any, ...]],
    gone: Iterable[str],
    rebuild: bool,
    read_at: int = -1,
    walk: bytes | None = None,
    parts: bytes | None = None,
) -> bool:
    """Store `rows` (path, the file's stat, record pickle, listing columns) and drop `gone`, in
    one transaction. `rows` is walked a second time when a corrupt file has to be replaced.
    With `walk` (and its `parts`), the index is then current for that walk if nothing was
    written since the rows were read at generation `read_at`: the seal is left. Raises
    `CacheError` when the cache cannot be written.

    Whether the rows were stored: not when the file is no longer the one they were read from
    (re-stamped by other code or settings, deleted, or found corrupt), unless `rebuild` says
    they are every note's, in which case they make a new index: built aside and linked into
    place when there is no index yet (`new_index.py`)."""
    path = cache_path(root)
    try:
        make_cache_dir(root)
        remove_stale(path)
        if rebuild and build_aside(path, want, rows, (walk, parts)):
            return True
        try:
            return _save(path, want, rows, gone, rebuild, read_at, (walk, parts))
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _is_corrupt(exc):
                raise
            remove_db(path)  # a corrupt file: the next load starts a new one
            if not rebuild:  # these rows alone are not the vault
                return False
            return _save(path, want, rows, gone, True, read_at, (walk, parts))
    except (sqlite3.Error, OSError) as exc:
        raise CacheError(why(exc)) from None


def _save(
    path: Path,
    want: dict[str, str],
    rows: Iterable[tuple[Any, ...]],
    gone: Iterable[str],
    rebuild: bool,
    read_at: int,
    vouch: tuple[bytes | None, bytes | None],
) -> bool:
    with connect(path, readonly=None) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            current = _read_stamp(db)
            if current != want and not rebuild:
                # Re-stamped by another process meanwhile (let it be), or a new file where
                # the one these rows were read from was: either way not theirs to fill.
                db.execute("ROLLBACK")
                return False
            fresh = current != want or rebuild
            generation = _generation(db)
            if not fresh and generation != read_at:
                vouch = (None, None)  # written meanwhile: these rows are not all there is
            if fresh:  # new tables (an older format may have other columns)
                for table in TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                generation = start_new(db, want)
            set_seal(db, generation + 1, *vouch)
            keys = Keys()
            insert_notes(db, rows, keys)
            dropped = [(p,) for p in gone]
            db.executemany("DELETE FROM notes WHERE path = ?", dropped)
            if not fresh:  # the names and links of every stored or dropped note are replaced
                log_changes(db, generation + 1, keys.paths + dropped)
                for table in ("names", "links", "briefs"):
                    db.executemany(f"DELETE FROM {table} WHERE path = ?", keys.paths + dropped)
            insert_keys(db, keys)
            if fresh:
                create_tables(db)  # the indexes
            db.execute("COMMIT")
            return True
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise


def keep_standing(root: Path, want: dict[str, str], generation: int, body: bytes) -> None:
    """Keep the agenda's lists as weighed at `generation` (`standing.py`), unless the index
    moved on meanwhile; a cache of a cache, so any failure only means weighing again."""
    with contextlib.suppress(sqlite3.Error, OSError), connect(cache_path(root), None, 0) as db:
        db.execute("BEGIN IMMEDIATE")  # another writer at work: not worth a wait
        if _read_stamp(db) == want and _generation(db) == generation:
            db.execute("INSERT OR REPLACE INTO standing VALUES (1, ?, ?)", (generation, body))
        db.execute("COMMIT")


def _generation(db: sqlite3.Connection) -> int:
    """The generation, whatever the shape of the seal table (an older version's, or none)."""
    try:
        row = db.execute("SELECT generation FROM seal").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return 0
        raise
    return 0 if row is None else int(row[0])


@contextlib.contextmanager
def connect(
    path: Path, readonly: str | None, timeout: float = BUSY_TIMEOUT_S
) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode (transactions are explicit), WAL, with a busy timeout.

    `readonly` is a SQLite URI parameter (`mode=ro`, `immutable=1`) for reading only. The
    tables are made by the first write under a new stamp (`_save`), never here: a file made
    by an older version may hold tables of another shape, which that write replaces.
    """
    if readonly:
        try:
            uri = f"{path.resolve().as_uri()}?{readonly}"
        except RuntimeError:  # Python 3.11's word for a symlink loop (3.13 raises OSError)
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None
        db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    else:
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        if not readonly:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # a cache: a crash costs a rebuild at most
        yield db
    finally:
        db.close()


@contextlib.contextmanager
def current(
    root: Path, want: dict[str, str], snapshot: bool = False
) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the index, for queries; `CacheError` when there is none, it
    cannot be read, or it was made by other code or settings. With `snapshot`, every query
    (the stamp's too) sees the index as it was at the first: one read transaction."""
    path = cache_path(root)
    try:
        with connect(path, readonly="mode=ro") as db:
            if snapshot:
                db.execute("BEGIN")
            if _read_stamp(db) != want:
                raise CacheError("the index was made by another version or with other settings")
            yield db
            if snapshot:
                db.execute("COMMIT")
    except (sqlite3.Error, OSError) as exc:
        raise CacheError(why(exc)) from None


def _read_stamp(db: sqlite3.Connection) -> dict[str, str]:
    try:
        return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return {}
        raise


def _is_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
