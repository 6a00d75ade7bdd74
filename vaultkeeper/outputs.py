"""Derived outputs (a rendered agenda) kept in the index under a key of everything they
depend on, so that asking again with nothing changed costs a walk and one query.

Kept apart from the note rows (`store.py`) and from pickles, so a warm `agenda` imports no
more than this, the walk and the settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .config import Settings
from .store import FORMAT_VERSION, RACY_NS, cache_path, code_digest, connect, make_cache_dir
from .walk import FileStat, iter_notes

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
    compute: Callable[[list[FileStat]], str],
) -> str:
    """`compute()`, or the text it returned last time if nothing it depends on has changed.

    The key covers every note's path and stat (the index's own staleness test), the full
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
            with connect(path, readonly="mode=ro") as db:
                row = db.execute(
                    "SELECT key, value FROM outputs WHERE name = ?", (name,)
                ).fetchone()
            if row is not None and row[0] == key:
                return str(row[1])
    value = compute(files)  # the walk is done: whoever computes need not walk again
    if all(f.mtime_ns < scan_ns - RACY_NS for f in files):
        with contextlib.suppress(sqlite3.Error, OSError):
            make_cache_dir(root)
            with connect(path, readonly=None) as db:
                db.execute(_OUTPUTS_TABLE)
                db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", (name, key, value))
    return value


def _output_key(settings: Settings, inputs: Sequence[str], files: Sequence[FileStat]) -> str:
    digest = hashlib.sha256()
    for part in (str(FORMAT_VERSION), code_digest(), repr(settings), *inputs):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(
        "\n".join(
            f"{f.path}\0{f.mtime_ns}\0{f.size}\0{f.ctime_ns}\0{f.inode}" for f in files
        ).encode("utf-8", "surrogatepass")
    )
    return digest.hexdigest()


def last_output(root: Path, name: str) -> str | None:
    """The text `cached_output` last kept under `name`, whatever it was computed from; None
    when there is none or the cache cannot be read."""
    path = cache_path(root)
    with contextlib.suppress(sqlite3.Error, OSError):
        with connect(path, readonly="mode=ro") as db:
            row = db.execute("SELECT value FROM outputs WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])
    return None
