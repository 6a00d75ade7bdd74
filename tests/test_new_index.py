"""A vault's first index, built in a file of its own and linked into place (`new_index.py`): in
WAL like every index, holding what an index written in place holds, never replacing a file
another process may have open, and leaving no file of its own behind whatever happens."""

from __future__ import annotations

import contextlib
import errno
import multiprocessing
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from support import load

from vaultkeeper import new_index, store
from vaultkeeper.config import load_settings, settings_from_toml
from vaultkeeper.index import refresh
from vaultkeeper.store import CacheError, cache_path
from vaultkeeper.vault import load_vault

BAD_ROW = ("people/Ada.md", 1, 2, 3, 4, object(), *(None,) * 3, "", None, "", None, 0, None, "")
"""A row whose record SQLite cannot store."""
TABLES = ("meta", "notes", "names", "links", "briefs", "changes", "standing")


def _contents(root: Path) -> dict[str, object]:
    """Every table's rows in order, the schema, and the seal without its (random) generation."""
    with contextlib.closing(sqlite3.connect(cache_path(root))) as db:
        found: dict[str, object] = {
            table: sorted(db.execute(f"SELECT * FROM {table}"), key=repr) for table in TABLES
        }
        found["schema"] = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        found["seal"] = db.execute("SELECT walk FROM seal").fetchall()
        found["parts"] = db.execute("SELECT parts FROM seal_parts").fetchall()
    return found


def _journal_mode(root: Path) -> str:
    with contextlib.closing(sqlite3.connect(cache_path(root))) as db:
        return str(db.execute("PRAGMA journal_mode").fetchone()[0])


def _beside(root: Path) -> list[str]:
    """What lies in `.vaultkeeper/` apart from the files vaultkeeper keeps there."""
    kept = {".gitignore", "settings.kept", "agenda.kept"}
    kept |= {f"index.sqlite3{suffix}" for suffix in ("", "-wal", "-shm")}  # the index's own
    return sorted(name for name in os.listdir(root / ".vaultkeeper") if name not in kept)


def _no_links(monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    def link(source: object, target: object) -> None:
        raise error

    monkeypatch.setattr(new_index.os, "link", link)


def test_a_first_load_builds_the_index_aside_in_wal_and_leaves_nothing_else(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    building: list[str] = []
    insert = new_index.insert_notes

    def insert_notes(db: sqlite3.Connection, *args: Any) -> None:
        building.extend(_beside(vault))  # what the folder holds while the build goes on
        insert(db, *args)

    def in_place(*args: object) -> bool:
        raise AssertionError("written in place as well")

    monkeypatch.setattr(new_index, "insert_notes", insert_notes)
    monkeypatch.setattr(store, "_save", in_place)
    first, stats = load(vault)
    monkeypatch.undo()
    assert len(building) == 1
    assert re.fullmatch(rf"index\.sqlite3\.{os.getpid()}\.[0-9a-f]{{8}}\.new", building[0])
    assert stats.rebuilt and stats.saved and stats.complete
    assert _journal_mode(vault) == "wal"
    assert _beside(vault) == []
    with contextlib.closing(sqlite3.connect(cache_path(vault))) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again, stats = load(vault)
    assert again == first and stats.reused == first.notes_read and not stats.notes


def test_built_aside_or_in_place_the_index_holds_the_same(
    big_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(big_vault)
    assert refresh(big_vault, settings)
    aside = _contents(big_vault)
    new_index.remove_db(cache_path(big_vault))
    with monkeypatch.context() as patched:
        _no_links(patched, OSError(errno.EPERM, "Operation not permitted"))
        assert refresh(big_vault, settings)
    assert _contents(big_vault) == aside
    assert _journal_mode(big_vault) == "wal" and _beside(big_vault) == []


@pytest.mark.parametrize(
    "code", [errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOENT, errno.EINVAL, errno.ENOSYS]
)
def test_without_a_link_the_index_is_written_in_place(
    vault: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """A file system without hard links (FAT and exFAT, which Windows reports as EINVAL; some
    synced and FUSE folders, ENOSYS among them), or the build's file taken away meanwhile."""
    _no_links(monkeypatch, OSError(code, os.strerror(code)))
    first, stats = load(vault)
    assert stats.saved and not stats.notes
    assert _beside(vault) == [] and _journal_mode(vault) == "wal"
    assert load(vault)[1].reused == first.notes_read


def test_an_index_another_process_made_meanwhile_is_written_in_place(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name is taken between the look and the link: the new rows go into that file, as
    any rebuild's do, and the file built aside is dropped."""
    real_link = os.link

    def link(source: str, target: str) -> None:
        with sqlite3.connect(target) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        real_link(source, target)  # raises FileExistsError, as the race would

    monkeypatch.setattr(new_index.os, "link", link)
    first, stats = load(vault)
    assert stats.saved and not stats.notes
    assert _beside(vault) == []
    assert first == load_vault(vault, load_settings(vault))
    assert load(vault)[1].reused == first.notes_read


def test_an_existing_index_is_rebuilt_in_its_own_file(vault: Path) -> None:
    """Another process (the watcher) may hold the file open: a rebuild writes into it, and
    never puts a new file in its place."""
    load(vault)
    before = os.stat(cache_path(vault)).st_ino
    custom = settings_from_toml({"segments": {"peer": {"cadence": "1-2w"}}})
    assert load(vault, custom)[1].reused == 0
    assert os.stat(cache_path(vault)).st_ino == before


def test_a_build_that_fails_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    rows = [BAD_ROW]
    with pytest.raises(sqlite3.Error):
        new_index.build_aside(path, {"format": "x"}, rows, (None, None))
    assert os.listdir(tmp_path) == []


def test_a_write_that_fails_is_a_cache_error_and_leaves_no_file(vault: Path) -> None:
    rows = [BAD_ROW]
    with pytest.raises(CacheError):
        store.write_rows(vault, {"format": "x"}, rows, (), True)
    assert _beside(vault) == [] and not cache_path(vault).exists()


def test_a_dead_process_s_unfinished_build_is_removed_and_a_live_one_s_kept(
    vault: Path,
) -> None:
    folder = vault / ".vaultkeeper"
    folder.mkdir(exist_ok=True)
    dead = subprocess.Popen([sys.executable, "-c", ""])
    dead.wait()
    left = [f"index.sqlite3.{dead.pid}.new", f"index.sqlite3.{dead.pid}.new-journal"]
    alive = [f"index.sqlite3.{os.getppid()}.new", "index.sqlite3.mine.new"]
    recent = [f"index.sqlite3.{dead.pid}.1a2b3c4d.new"]  # one that may still be written
    abandoned = [f"index.sqlite3.{os.getppid()}.5e6f7a8b.new"]  # whoever made it
    for name in left + alive + recent + abandoned:
        (folder / name).write_bytes(b"partial")
        ago = new_index.ABANDONED_S + 5 if name in abandoned else new_index.STALE_S + 5
        if name not in recent:
            os.utime(folder / name, (time.time() - ago, time.time() - ago))
    load(vault)
    assert _beside(vault) == sorted(alive + recent)


def _build_and_die(root: str) -> None:
    """A first load killed while its index is being built (SIGKILL: no handler runs)."""

    def die(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    new_index.insert_keys = die  # type: ignore[assignment]
    refresh(Path(root), load_settings(Path(root)))


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")
def test_a_build_killed_midway_is_recovered_and_its_file_removed_later(vault: Path) -> None:
    code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
    code += f"import test_new_index; test_new_index._build_and_die({str(vault)!r})"
    killed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = _beside(vault)
    assert len(left) == 1 and left[0].endswith(".new") and not cache_path(vault).exists()
    first, stats = load(vault)  # the next run: the right answer, its own index
    assert stats.saved and not stats.notes and first == load_vault(vault, load_settings(vault))
    assert _beside(vault) == left  # too recent to tell from a build still going on
    moment = time.time() - new_index.STALE_S - 5
    os.utime(vault / ".vaultkeeper" / left[0], (moment, moment))
    (vault / "people" / "Ada Example.md").write_text("---\nsegment: peer\n---\n", "utf-8")
    load(vault)  # any later write removes it, with the index there
    assert _beside(vault) == []


def _refresh(root: str, start: object, queue: multiprocessing.Queue[object]) -> None:
    try:
        start.wait()  # type: ignore[attr-defined]
        queue.put(refresh(Path(root), load_settings(Path(root))))
    except BaseException as exc:
        queue.put(repr(exc))


@pytest.mark.skipif(sys.platform == "win32", reason="uses fork")
def test_two_first_loads_at_once_leave_one_good_index(big_vault: Path) -> None:
    context = multiprocessing.get_context("fork")
    start = context.Barrier(2)
    queue: multiprocessing.Queue[object] = context.Queue()
    workers = [context.Process(target=_refresh, args=(str(big_vault), start, queue)) for _ in "ab"]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert all(isinstance(result, bool) for result in results), results
    assert _beside(big_vault) == [] and _journal_mode(big_vault) == "wal"
    loaded, stats = load(big_vault)
    assert stats.reused == loaded.notes_read and not stats.notes
    assert loaded == load_vault(big_vault, load_settings(big_vault))
