"""Writing without losing anything: the swap, the folder lock, owners, leftovers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from vaultkeeper import atomic
from vaultkeeper.config import Settings
from vaultkeeper.walk import iter_notes

EXCHANGE = atomic.exchange  # the real one, whatever a test patches


def _can_exchange(tmp_path: Path) -> bool:
    a, b = tmp_path / "probe-a", tmp_path / "probe-b"
    a.write_text("a")
    b.write_text("b")
    try:
        return EXCHANGE(a, b)
    finally:
        a.unlink()
        b.unlink()


def test_exchange_swaps_two_files_in_one_step(tmp_path: Path) -> None:
    if not _can_exchange(tmp_path):
        pytest.skip("this system or file system cannot exchange two paths")
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("first", encoding="utf-8")
    b.write_text("second", encoding="utf-8")
    assert atomic.exchange(a, b)
    assert (a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")) == ("second", "first")


def test_an_unchanged_file_is_replaced_keeping_its_mode(tmp_path: Path) -> None:
    note = tmp_path / "Jordan.md"
    note.write_bytes(b"old")
    note.chmod(0o640)
    atomic.replace_if_unchanged(note, b"new", b"old")
    assert note.read_bytes() == b"new"
    assert note.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Jordan.md"]


def test_a_changed_file_is_left_as_the_other_writer_left_it(tmp_path: Path) -> None:
    note = tmp_path / "Jordan.md"
    note.write_bytes(b"theirs")
    with pytest.raises(atomic.Changed):
        atomic.replace_if_unchanged(note, b"ours", b"what we read")
    assert note.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Jordan.md"]


def test_a_deleted_file_is_not_recreated(tmp_path: Path) -> None:
    with pytest.raises(atomic.Gone):
        atomic.replace_if_unchanged(tmp_path / "Gone.md", b"ours", b"old")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_write_as_root_keeps_the_owner_and_group(tmp_path: Path) -> None:
    note = tmp_path / "Jordan.md"
    note.write_bytes(b"old")
    os.chown(note, 4321, 4322)
    atomic.replace_if_unchanged(note, b"new", b"old")
    assert (note.stat().st_uid, note.stat().st_gid) == (4321, 4322)
    agenda = tmp_path / "agenda.md"
    agenda.write_bytes(b"old")
    os.chown(agenda, 4321, 4322)
    atomic.write_atomic(agenda, b"new")
    assert (agenda.stat().st_uid, agenda.stat().st_gid) == (4321, 4322)


def _holder(folder: Path, marks: Path, then: str) -> subprocess.Popen[str]:
    """Another process that takes the folder lock, says so, then `then` (Python code)."""
    code = textwrap.dedent(
        f"""
        import os, sys, time
        from pathlib import Path
        from vaultkeeper.atomic import folder_lock
        with folder_lock(Path({str(folder)!r})):
            with open({str(marks)!r}, "a") as f:
                f.write("child has the lock\\n")
            {then}
            with open({str(marks)!r}, "a") as f:
                f.write("child lets go\\n")
        """
    )
    return subprocess.Popen([sys.executable, "-c", code], text=True)


def _wait_for(path: Path, text: str) -> None:
    for _ in range(2000):
        if path.exists() and text in path.read_text():
            return
        time.sleep(0.005)
    pytest.fail(f"never saw {text!r}")


def test_writers_in_one_folder_take_turns(tmp_path: Path) -> None:
    marks = tmp_path / "marks.txt"
    child = _holder(tmp_path, marks, "time.sleep(0.3)")
    try:
        _wait_for(marks, "child has the lock")
        with atomic.folder_lock(tmp_path), marks.open("a") as handle:
            handle.write("parent has the lock\n")
    finally:
        child.wait(timeout=10)
    assert marks.read_text().splitlines() == [
        "child has the lock",
        "child lets go",
        "parent has the lock",
    ]


def test_a_killed_writer_never_leaves_the_lock_held(tmp_path: Path) -> None:
    marks = tmp_path / "marks.txt"
    child = _holder(tmp_path, marks, "os.kill(os.getpid(), 9)")
    assert child.wait(timeout=10) == -9
    assert marks.read_text() == "child has the lock\n"
    with atomic.folder_lock(tmp_path, timeout=1.0):
        pass


def test_only_vaultkeepers_own_temp_files_are_leftovers(tmp_path: Path) -> None:
    names = [
        ".Jordan Lee.md.vaultkeeper-k2j3h4.tmp",  # ours, from a killed writer
        ".agenda.md.vaultkeeper-x.tmp",  # ours
        ".Jordan Lee.md.swp",  # vim's
        "notes.tmp",  # someone's
        ".other.tmp",  # someone's
        "Jordan Lee.md",
    ]
    for name in names:
        (tmp_path / name).write_text("x")
    found: list[str] = []
    assert [info.path for info in iter_notes(tmp_path, Settings(), found)] == ["Jordan Lee.md"]
    assert sorted(found) == sorted(names[:2])
    assert sorted(atomic.remove_leftovers(tmp_path, found)) == sorted(names[:2])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:])


def test_a_temp_file_is_new_private_and_known_as_a_leftover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`write_temp` makes its file itself (no `tempfile`): never over an existing file,
    whatever the random part draws, and named so the next write clears it up if this one is
    killed."""
    target = tmp_path / "Jordan Lee.md"
    target.write_text("mine", encoding="utf-8")
    draws = iter([b"\x00" * 4, b"\x00" * 4, b"\x01" * 4])
    monkeypatch.setattr(atomic.os, "urandom", lambda n: next(draws))
    taken = tmp_path / ".Jordan Lee.md.vaultkeeper-00000000.tmp"
    taken.write_text("someone's", encoding="utf-8")
    tmp = atomic.write_temp(target, b"new")
    assert Path(tmp).name == ".Jordan Lee.md.vaultkeeper-01010101.tmp"
    assert Path(tmp).read_bytes() == b"new"
    assert taken.read_text(encoding="utf-8") == "someone's"
    found: list[str] = []
    list(iter_notes(tmp_path, Settings(), found))
    assert sorted(found) == sorted([taken.name, Path(tmp).name])


def test_a_note_named_near_the_limit_still_gets_its_temp_file(tmp_path: Path) -> None:
    """Found in review: twelve random characters (where `mkstemp` draws eight) made the temp
    name of a note named near the file system's 255 bytes too long to write it."""
    from vaultkeeper.scan import TEMP_MARK

    room = 255 - len(f".{TEMP_MARK}12345678.tmp".encode())
    tail = "x.md" if room % 2 == 0 else "xy.md"  # Ж is two bytes
    target = tmp_path / ("Ж" * ((room - len(tail)) // 2) + tail)
    assert len(target.name.encode()) == room
    target.write_text("mine", encoding="utf-8")
    tmp = Path(atomic.write_temp(target, b"new"))
    assert len(tmp.name.encode()) == 255
    assert tmp.read_bytes() == b"new"


def test_a_cache_file_stopped_mid_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: SIGTERM (a SystemExit) between the temp file and the rename left the
    temp file in `.vaultkeeper/`, which no sweep for leftovers visits."""

    def terminated(*args: object) -> None:
        raise SystemExit(143)

    monkeypatch.setattr(atomic.os, "replace", terminated)
    with pytest.raises(SystemExit):
        atomic.keep_cache(tmp_path / "agenda.kept", b"kept")
    assert list(tmp_path.iterdir()) == []


# --- saves that land around the swap (the exchange is wrapped to make them land there) ----------


@pytest.fixture
def swap_note(tmp_path: Path) -> Path:
    """A note holding `original`, in a folder where two paths can be exchanged."""
    if not _can_exchange(tmp_path):
        pytest.skip("this system or file system cannot exchange two paths")
    note = tmp_path / "n.md"
    note.write_bytes(b"original\n")
    return note


def _saving_around_the_swap(
    monkeypatch: pytest.MonkeyPatch, note: Path, before: bytes, after: Callable[[], None]
) -> None:
    """The first exchange gets a save just before it (an editor's temp-and-rename) and
    `after` just after it."""
    calls: list[int] = []

    def exchange(a: Path | str, b: Path | str) -> bool:
        calls.append(1)
        if len(calls) == 1:
            editor_save(note, before)
            swapped = EXCHANGE(a, b)
            after()
            return swapped
        return EXCHANGE(a, b)

    monkeypatch.setattr(atomic, "exchange", exchange)


def editor_save(note: Path, data: bytes) -> None:
    temp = note.with_name("editor.tmp")
    temp.write_bytes(data)
    os.replace(temp, note)


def test_a_save_just_before_the_swap_is_put_back(
    swap_note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = swap_note
    _saving_around_the_swap(monkeypatch, note, b"user save\n", lambda: None)
    with pytest.raises(atomic.Changed) as caught:
        atomic.replace_if_unchanged(note, b"original\nours\n", b"original\n")
    assert caught.value.kept is None
    assert note.read_bytes() == b"user save\n"
    assert sorted(p.name for p in note.parent.iterdir()) == ["n.md"]


def test_an_append_to_our_file_after_the_swap_follows_the_put_back(
    swap_note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = swap_note

    def append() -> None:
        with note.open("ab") as handle:  # a writer that opened the note after the swap
            handle.write(b"appended\n")

    _saving_around_the_swap(monkeypatch, note, b"user save\n", append)
    with pytest.raises(atomic.Changed):
        atomic.replace_if_unchanged(note, b"original\nours\n", b"original\n")
    assert note.read_bytes() == b"user save\nappended\n"


def test_of_two_saves_around_the_swap_the_newest_stays_in_the_note(
    swap_note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: the older save went back in the note and the newest was hidden."""
    note = swap_note
    _saving_around_the_swap(
        monkeypatch, note, b"save 1\n", lambda: editor_save(note, b"save 1 + 2\n")
    )
    with pytest.raises(atomic.Changed) as caught:
        atomic.replace_if_unchanged(note, b"original\nours\n", b"original\n")
    assert note.read_bytes() == b"save 1 + 2\n"
    kept = caught.value.kept
    assert kept is not None and kept.read_bytes() == b"save 1\n"
    assert kept.name.startswith(".n.md.vaultkeeper-older-save-")


def test_lines_appended_before_the_swap_follow_ours(
    swap_note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = swap_note
    calls: list[int] = []

    def exchange(a: Path | str, b: Path | str) -> bool:
        calls.append(1)
        if len(calls) == 1:
            with note.open("ab") as handle:  # a program appending just before the swap
                handle.write(b"appended\n")
        return EXCHANGE(a, b)

    monkeypatch.setattr(atomic, "exchange", exchange)
    atomic.replace_if_unchanged(note, b"original\nours\n", b"original\n")
    assert note.read_bytes() == b"original\nours\nappended\n"


def test_a_write_into_the_old_note_after_the_swap_is_waited_for_and_kept(
    swap_note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program that opened the note before the swap and writes only after it: vaultkeeper
    waits until that program has closed the old file, then carries its lines over."""
    note = swap_note
    threads: list[threading.Thread] = []

    def exchange(a: Path | str, b: Path | str) -> bool:
        if not threads:
            handle = note.open("ab")  # opened before the swap ...

            def write_late() -> None:
                time.sleep(0.2)  # ... written well after it
                handle.write(b"late\n")
                handle.close()

            threads.append(threading.Thread(target=write_late))
            threads[0].start()
        return EXCHANGE(a, b)

    monkeypatch.setattr(atomic, "exchange", exchange)
    atomic.replace_if_unchanged(note, b"original\nours\n", b"original\n")
    threads[0].join()
    assert note.read_bytes() == b"original\nours\nlate\n"
