"""A new index, built in a file of its own and then linked into place (`store.write_rows`, when
the vault has no index yet: the first command, or after `.vaultkeeper/` was deleted).

Built in place, a new index goes through the write-ahead log every other write uses, so each
page is written twice: into the log, then into the file (at 100,000 notes, 330 MB twice, a
fifth of a cold index's time). A file no other process can see yet needs no journal at all.
It is written once, switched to WAL (what every connection to an index expects), and
hard-linked to the index's name, which fails when another process made an index meanwhile:
then, as on a file system without hard links, the caller writes into that one as before.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .index_tables import Keys, create_tables, insert_keys, insert_notes, set_seal, start_new

_SUFFIXES = ("", "-journal", "-wal", "-shm")
"""An SQLite file and the ones beside it while it is written."""
STALE_S = 60.0
"""A build's file untouched this long, by a process that is gone, was left by a killed build.
The age also spares a build by a process this one cannot see (another container's, another
host's through a synced folder) while it writes."""
ABANDONED_S = 3600.0
"""A build's file untouched this long was left, whoever made it (a live build writes its file
as it goes); what is left where processes cannot be asked about (Windows) goes then."""


def build_aside(
    path: Path,
    want: dict[str, str],
    rows: Iterable[tuple[Any, ...]],
    vouch: tuple[bytes | None, bytes | None],
) -> bool:
    """Build a new index of `rows` with the stamp `want` and the seal `vouch`, and put it at
    `path`; False, with nothing written there, when `path` or a journal of it exists (it is
    written in place then) or the file cannot be linked there. SQLite's errors and the file
    system's while building are raised; no file of the build is left behind either way."""
    if any(os.path.lexists(f"{path}{suffix}") for suffix in _SUFFIXES):
        return False
    # A name of its own (the process number alone is not: two containers may share a vault
    # with a process 1 each), made here, so that no other file is opened in its place.
    building = Path(f"{path}.{os.getpid()}.{os.urandom(4).hex()}.new")
    os.close(os.open(building, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        db = sqlite3.connect(building, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=OFF")  # nobody else sees this file until it is done
            db.execute("PRAGMA synchronous=OFF")
            db.execute("BEGIN")
            generation = start_new(db, want)
            set_seal(db, generation + 1, *vouch)
            keys = Keys()
            insert_notes(db, rows, keys)
            insert_keys(db, keys)
            create_tables(db)  # the indexes
            db.execute("COMMIT")
            db.execute("PRAGMA journal_mode=WAL")
        finally:
            db.close()
        try:
            os.link(building, path)
        except OSError:  # made meanwhile by another process, or no hard links here (FAT,
            return False  # some synced and FUSE folders, each with its own error): in place
        return True
    finally:
        with contextlib.suppress(OSError):  # Windows refuses while the index is open
            remove_db(building)


def remove_stale(path: Path) -> None:
    """Remove what builds that never finished left (a process killed while building, or
    the name a build could not remove): a partial file of that size is worth nothing. A
    build that may still be going on is left alone."""
    moment = time.time()
    start = f"{path.name}."
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:  # no glob: no `re`
        for entry in entries:
            if not (entry.name.startswith(start) and entry.name.endswith(".new")):
                continue
            pid = entry.name[len(start) :].split(".", 1)[0]
            with contextlib.suppress(OSError):
                age = moment - entry.stat(follow_symlinks=False).st_mtime
                gone = pid.isdigit() and not _alive(int(pid))
                if age > ABANDONED_S or (age > STALE_S and gone):
                    remove_db(Path(entry.path))


def _alive(pid: int) -> bool:
    if os.name == "nt":  # no signal 0 there (it would be a Ctrl-C): assume so
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM): alive
        return True
    return True


def remove_db(path: Path) -> None:
    """Remove an SQLite file and what lies beside it."""
    for suffix in _SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
