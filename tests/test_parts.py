"""The walk in parts: after a few notes changed, only their parts of the index are read again,
and the index ends up exactly as current as a full comparison would leave it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import CONTACT, write

from vaultkeeper import store
from vaultkeeper.config import load_settings
from vaultkeeper.index import UNSETTLED, load_indexed, refresh
from vaultkeeper.parts import MOST_CHANGED, PARTS, SIZE, UNSEALED, WalkParts, part_of
from vaultkeeper.vault import load_vault
from vaultkeeper.walk import FileStat, iter_notes

# --- the parts of a walk -------------------------------------------------------------------------


def _stats(count: int) -> list[FileStat]:
    return [FileStat(f"people/P{n:04}.md", 10**18 + n, 100 + n, 10**18, n) for n in range(count)]


def test_a_path_falls_in_the_same_part_in_every_process() -> None:
    """Not Python's `hash`, which is salted per process: a part stored by one run must be the
    part the next run computes."""
    paths = ["people/Ada Lovelace.md", "daily/2026-11-21.md", "Zoë Ångström.md", "a\udcff.md"]
    code = "import sys; from vaultkeeper.parts import part_of; print(*map(part_of, sys.argv[1:]))"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        argv = [sys.executable, "-c", code, *[p.encode("utf-8", "surrogateescape") for p in paths]]
        shown = subprocess.run(argv, env=env, capture_output=True, check=True, text=True).stdout
        assert shown.split() == [str(part_of(path)) for path in paths]
    assert all(0 <= part_of(path) < PARTS for path in paths)


def test_an_unchanged_walk_has_no_changed_part() -> None:
    files = _stats(1000)
    stored = WalkParts(files).sealed([])
    assert len(stored) == PARTS * SIZE
    assert WalkParts(list(files)).changed(stored) == frozenset()


def test_each_kind_of_change_names_the_parts_it_touches() -> None:
    files = _stats(1000)
    stored = WalkParts(files).sealed([])
    edited = [*files]
    edited[7] = edited[7]._replace(ctime_ns=edited[7].ctime_ns + 1)
    assert WalkParts(edited).changed(stored) == {part_of(files[7].path)}
    gone = files[:500] + files[501:]
    assert WalkParts(gone).changed(stored) == {part_of(files[500].path)}
    new = FileStat("people/Newcomer.md", 1, 2, 3, 4)
    assert WalkParts([*files, new]).changed(stored) == {part_of(new.path)}
    renamed = [*files]
    renamed[9] = renamed[9]._replace(path="people/Renamed.md")
    assert WalkParts(renamed).changed(stored) == {
        part_of(files[9].path),
        part_of("people/Renamed.md"),
    }


def test_an_unsettled_note_leaves_its_part_unsealed_and_so_always_changed() -> None:
    files = _stats(1000)
    stored = WalkParts(files).sealed([files[3].path])
    part = part_of(files[3].path)
    assert stored[part * SIZE : (part + 1) * SIZE] == UNSEALED
    assert WalkParts(files).changed(stored) == {part}


def test_no_parts_to_compare_with_or_too_many_changed_means_every_row() -> None:
    files = _stats(3000)
    assert WalkParts(files).changed(None) is None
    assert WalkParts(files).changed(b"short") is None
    stored = WalkParts(files).sealed([])
    touched = [f._replace(size=f.size + 1) for f in files]
    assert WalkParts(touched).changed(stored) is None  # every part: reading them all is as quick
    some = {part_of(f.path): f for f in files}
    few = [
        f._replace(size=f.size + 1) if f in list(some.values())[:MOST_CHANGED] else f for f in files
    ]
    assert len(WalkParts(few).changed(stored) or ()) == MOST_CHANGED


# --- the index, read by parts ---------------------------------------------------------------------


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A vault with more notes than parts, all saved a while ago, indexed and sealed."""
    root = tmp_path / "vault"
    for number in range(600):
        write(root / "people" / f"P{number:03}.md", CONTACT.format(segment="peer", tag=number))
    load_indexed(root, load_settings(root), workers=1)
    return root


def _rows_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    read: list[int] = []
    real = store.read_rows

    def counting(
        root: Path, want: dict[str, str], column: str, walk: object = None
    ) -> store.Snapshot:
        snapshot = real(root, want, column, walk)  # type: ignore[arg-type]
        read.append(len(snapshot.rows))
        return snapshot

    monkeypatch.setattr(store, "read_rows", counting)
    return read


def _consistent(root: Path) -> None:
    """Every note has exactly its row, and what a load gives is what reading every note gives."""
    settings = load_settings(root)
    files = {f.path: f for f in iter_notes(root, settings)}
    with sqlite3.connect(store.cache_path(root)) as db:
        rows = {
            r[0]: r[1:]
            for r in db.execute("SELECT path, mtime_ns, size, ctime_ns, inode FROM notes")
        }
    assert rows.keys() == files.keys()
    for path, (mtime, size, ctime, inode) in rows.items():
        assert mtime in (files[path].mtime_ns, UNSETTLED)
        assert (size, ctime, inode) == files[path][2:]
    assert load_indexed(root, settings, workers=1) == load_vault(root, settings)


def test_after_one_edit_only_its_part_is_read(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(big)
    note = big / "people" / "P123.md"
    info = note.stat()
    note.write_text(CONTACT.format(segment="mentor", tag=123), encoding="utf-8")
    os.utime(note, ns=(info.st_atime_ns, info.st_mtime_ns))  # same mtime (and maybe size)
    read = _rows_read(monkeypatch)
    assert refresh(big, settings)
    in_part = sum(
        1 for n in range(600) if part_of(f"people/P{n:03}.md") == part_of("people/P123.md")
    )
    assert read == [in_part]  # its part's rows, not 600
    assert store.sealed(big, store.stamp(settings)) is not None
    assert refresh(big, settings) and read == [in_part]  # sealed again: nothing read
    _consistent(big)


def test_a_delete_a_rename_and_a_new_note_are_each_found_in_their_parts(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(big)
    (big / "people" / "P001.md").unlink()
    (big / "people" / "P002.md").rename(big / "people" / "Renamed.md")
    write(big / "people" / "Newcomer.md", CONTACT.format(segment="ally", tag="new"))
    read = _rows_read(monkeypatch)
    assert refresh(big, settings)
    assert 0 < read[0] < 60
    with sqlite3.connect(store.cache_path(big)) as db:
        paths = {row[0] for row in db.execute("SELECT path FROM notes")}
    assert "people/P001.md" not in paths and "people/P002.md" not in paths
    assert {"people/Renamed.md", "people/Newcomer.md"} <= paths
    _consistent(big)


def test_a_note_saved_this_second_leaves_only_its_part_to_check(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(big)
    (big / "people" / "P300.md").write_text(CONTACT.format(segment="ally", tag="now"))
    assert refresh(big, settings)
    assert store.sealed(big, store.stamp(settings)) is None  # not the whole walk: P300 may change
    read = _rows_read(monkeypatch)
    past = time.time() - 30
    os.utime(big / "people" / "P300.md", (past, past))  # settled now
    assert refresh(big, settings)
    assert 0 < read[0] < 20  # P300's part only, though no seal held the whole walk
    assert store.sealed(big, store.stamp(settings)) is not None
    _consistent(big)


def test_a_write_by_another_process_leaves_no_parts_to_trust(big: Path) -> None:
    settings = load_settings(big)
    want = store.stamp(settings)
    before = store.read_rows(big, want, "stat")
    assert before.seal.parts is not None
    store.write_rows(
        big, want, [], ["people/P005.md"], False, before.seal.generation - 1, b"w", b"p"
    )
    after = store.read_rows(big, want, "stat").seal
    assert (after.walk, after.parts) == (None, None)
    assert refresh(big, settings)  # every row compared: P005's row, dropped above, is back
    _consistent(big)


# --- any sequence of changes ----------------------------------------------------------------------

_OPS = st.lists(
    st.tuples(
        st.sampled_from(["edit", "same stat", "delete", "rename", "new", "now"]), st.integers(0, 39)
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rounds=st.lists(_OPS, min_size=1, max_size=3))
def test_any_changes_leave_the_index_as_reading_every_note_would(
    tmp_path_factory: pytest.TempPathFactory, rounds: list[list[tuple[str, int]]]
) -> None:
    root = tmp_path_factory.mktemp("vault")
    for number in range(40):
        write(root / f"N{number:02}.md", CONTACT.format(segment="peer", tag=number))
    settings = load_settings(root)
    refresh(root, settings)
    for ops in rounds:
        for op, number in ops:
            note = root / f"N{number:02}.md"
            if not note.exists():
                write(note, CONTACT.format(segment="mentor", tag=f"back{number}"))
            elif op == "edit":
                write(note, CONTACT.format(segment="ally", tag=f"e{number}"))
            elif op == "same stat":
                info = note.stat()
                note.write_bytes(note.read_bytes().replace(b"peer", b"ally"))
                os.utime(note, ns=(info.st_atime_ns, info.st_mtime_ns))
            elif op == "delete":
                note.unlink()
            elif op == "rename":
                note.rename(root / f"R{number:02}.md")
            elif op == "new":
                write(root / f"X{number:02}.md", CONTACT.format(segment="peer", tag=f"x{number}"))
            else:
                note.write_text(
                    CONTACT.format(segment="ally", tag=f"now{number}"), encoding="utf-8"
                )
        refresh(root, settings)
        _consistent(root)


# --- the file changing under a command (found in review) -----------------------------------------


def _stale_one(root: Path) -> None:
    note = root / "people" / "P010.md"
    write(note, note.read_text(encoding="utf-8").replace("peer", "mentor"))


def test_an_index_deleted_while_a_command_reads_it_is_not_filled_with_a_few_rows(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its rows were read from a file now gone: written to the new one, they would be all it
    holds, under a seal for the whole walk."""
    settings = load_settings(big)
    _stale_one(big)
    real = store.read_rows

    def then_deleted(
        root: Path, want: dict[str, str], column: str, walk: object = None
    ) -> store.Snapshot:
        snapshot = real(root, want, column, walk)  # type: ignore[arg-type]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store.cache_path(root)}{suffix}").unlink(missing_ok=True)
        return snapshot

    monkeypatch.setattr(store, "read_rows", then_deleted)
    assert not refresh(big, settings)  # not current: queries must not stand for the vault
    monkeypatch.undo()
    assert store.sealed(big, store.stamp(settings)) is None
    assert refresh(big, settings)  # the next command rebuilds it whole
    _consistent(big)


def test_a_corrupt_file_found_while_writing_a_few_rows_is_removed_not_refilled(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(big)
    _stale_one(big)
    real = store._save
    calls: list[bool] = []

    def corrupt_once(*args: object) -> bool:
        calls.append(bool(args[4]))  # rebuild
        if len(calls) == 1:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_save", corrupt_once)
    assert not refresh(big, settings)
    assert calls == [False] and not store.cache_path(big).exists()
    monkeypatch.undo()
    assert refresh(big, settings)
    _consistent(big)


def test_a_new_file_does_not_reuse_the_old_ones_generations(big: Path) -> None:
    """A process that read the old file at some generation must not find that number in a
    file made since (its seal would pass the check)."""
    settings = load_settings(big)
    want = store.stamp(settings)
    before = store.read_rows(big, want, "stat").seal
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store.cache_path(big)}{suffix}").unlink(missing_ok=True)
    refresh(big, settings)
    after = store.read_rows(big, want, "stat").seal
    assert after.generation != before.generation
    store.seal(big, want, before.generation, b"an old walk", None)
    assert store.sealed(big, want) == after.walk


def test_an_older_version_can_still_write_its_seal_and_its_parts_are_not_trusted(
    big: Path,
) -> None:
    """Format 8 wrote `INSERT OR REPLACE INTO seal VALUES (1, ?, ?)` before anything else."""
    settings = load_settings(big)
    want = store.stamp(settings)
    seal = store.read_rows(big, want, "stat").seal
    with sqlite3.connect(store.cache_path(big)) as db:
        db.execute("INSERT OR REPLACE INTO seal VALUES (1, ?, ?)", (seal.generation + 1, None))
    assert store.read_rows(big, want, "stat").seal.parts is None
