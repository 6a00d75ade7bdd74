"""The edit engine: conflicts, failing writes, file properties, refusals and verification."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from support import NOTE, TODAY, edit_note, leftovers, touch

from vaultkeeper import atomic
from vaultkeeper.edit import engine as edit
from vaultkeeper.edit import plans as planners
from vaultkeeper.errors import ConflictError, EditError

# --- conflicts ------------------------------------------------------------------------------------


def saving_once(planner: edit.Planner, save: Callable[[], object]) -> edit.Planner:
    """`planner`, with another program saving the note right after vaultkeeper read it."""
    calls: list[int] = []

    def plan(doc: edit.Document) -> edit.Plan:
        if not calls:
            save()
        calls.append(1)
        return planner(doc)

    return plan


def test_a_save_between_read_and_replace_is_kept_and_the_change_lands_on_top(
    note_path: Path,
) -> None:
    theirs = NOTE.replace("Met at the", "Typed in Obsidian meanwhile. Met at the")
    planner = saving_once(touch(via="email"), lambda: note_path.write_text(theirs, "utf-8"))
    result = edit_note(note_path, "Jordan Lee.md", planner)
    assert result.written
    text = note_path.read_text(encoding="utf-8")
    assert "Typed in Obsidian meanwhile. Met at the" in text
    assert "- 2026-11-20 email\n" in text
    assert leftovers(note_path.parent) == []


def test_a_save_that_keeps_size_and_mtime_is_still_seen(note_path: Path) -> None:
    info = note_path.stat()
    theirs = NOTE.replace("peer", "ally")  # same length

    def sneaky_save() -> None:
        note_path.write_text(theirs, encoding="utf-8")
        os.utime(note_path, ns=(info.st_atime_ns, info.st_mtime_ns))

    edit_note(note_path, "Jordan Lee.md", saving_once(touch(), sneaky_save))
    text = note_path.read_text(encoding="utf-8")
    assert "segment: ally" in text
    assert "- 2026-11-20\n" in text


def test_a_note_that_keeps_changing_is_left_as_the_other_program_wrote_it(
    note_path: Path,
) -> None:
    saves: list[str] = []

    def always_saving(doc: edit.Document) -> edit.Plan:
        saves.append(f"\nsave {len(saves)}\n")
        with note_path.open("a", encoding="utf-8") as handle:
            handle.write(saves[-1])
        return touch()(doc)

    with pytest.raises(ConflictError) as caught:
        edit_note(note_path, "Jordan Lee.md", always_saving)
    assert str(caught.value) == (
        "Jordan Lee.md kept changing while vaultkeeper wrote; nothing was written, try again"
    )
    assert len(saves) == edit.ATTEMPTS
    assert note_path.read_text(encoding="utf-8") == NOTE + "".join(saves)
    assert leftovers(note_path.parent) == []


def test_a_note_deleted_while_writing_is_not_recreated(note_path: Path) -> None:
    with pytest.raises(ConflictError, match="moved or deleted while writing"):
        edit_note(note_path, "Jordan Lee.md", saving_once(touch(), note_path.unlink))
    assert not note_path.exists()
    assert leftovers(note_path.parent) == []


# --- failing writes -------------------------------------------------------------------------------


def test_a_failing_replace_leaves_the_original_intact(
    note_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "exchange", disk_full)
    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(EditError, match="No space left on device"):
        edit_note(note_path, "Jordan Lee.md", touch())
    assert note_path.read_text(encoding="utf-8") == NOTE
    assert leftovers(note_path.parent) == []


def test_a_folder_that_refuses_the_temp_file_leaves_the_original_intact(
    note_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkeeper import atomic

    def read_only_folder(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic, "_new_temp", read_only_folder)
    with pytest.raises(EditError, match=r"Permission denied.*nothing was written"):
        edit_note(note_path, "Jordan Lee.md", touch())
    assert note_path.read_text(encoding="utf-8") == NOTE


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_a_read_only_folder_leaves_the_original_intact(note_path: Path) -> None:
    folder = note_path.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(EditError, match="nothing was written"):
            edit_note(note_path, "Jordan Lee.md", touch())
    finally:
        folder.chmod(0o755)
    assert note_path.read_text(encoding="utf-8") == NOTE


def test_a_read_only_note_is_refused(note_path: Path) -> None:
    note_path.chmod(0o444)
    with pytest.raises(EditError, match="read-only"):
        edit_note(note_path, "Jordan Lee.md", touch())
    assert note_path.read_text(encoding="utf-8") == NOTE
    assert stat.S_IMODE(note_path.stat().st_mode) == 0o444


# --- file properties ------------------------------------------------------------------------------


def test_the_file_mode_is_kept(note_path: Path) -> None:
    note_path.chmod(0o640)
    edit_note(note_path, "Jordan Lee.md", touch())
    assert stat.S_IMODE(note_path.stat().st_mode) == 0o640


def test_a_symlinked_note_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "jordan.md"
    real.parent.mkdir()
    real.write_text(NOTE, encoding="utf-8")
    link = tmp_path / "vault" / "Jordan Lee.md"
    link.parent.mkdir()
    link.symlink_to(real)
    edit_note(link, "Jordan Lee.md", touch())
    assert link.is_symlink()
    assert "last_touch: 2026-11-20" in real.read_text(encoding="utf-8")


def test_nothing_to_change_writes_nothing(note_path: Path) -> None:
    edit_note(note_path, "Jordan Lee.md", planners.plan_snooze(date(2026, 12, 1), TODAY))
    before = note_path.stat().st_mtime_ns
    result = edit_note(note_path, "Jordan Lee.md", planners.plan_snooze(date(2026, 12, 1), TODAY))
    assert not result.written and not result.changed
    assert "already 2026-12-01" in result.summary
    assert note_path.stat().st_mtime_ns == before


# --- refusals: unreadable or unusual notes --------------------------------------------------------


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    text = "---\nsegment: peer\nlast_touch: 2026-01-01\nlast_touch: 2026-02-01\n---\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditError, match=r"`last_touch` is written twice \(lines 3 and 4\)"):
        edit_note(path, "x.md", touch())
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nsegment: peer\ntags: [a, b\n---\nbody\n", "cannot be read: invalid YAML"),
        ("no front matter here\n", "has no front matter"),
        ("---\n{segment: peer}\n---\n", "one { } mapping"),
        ("---\rsegment: peer\r---\rbody\r", "CR line endings"),
        ("---\nsegment: peer\n---\n", None),
    ],
)
def test_unusual_notes_are_refused_untouched(
    tmp_path: Path, text: str, message: str | None
) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(text.encode())
    if message is None:
        edit_note(path, "x.md", touch())  # a bare contact is fine
        return
    with pytest.raises(EditError, match=message.replace("{", "\\{").replace("}", "\\}")):
        edit_note(path, "x.md", touch())
    assert path.read_bytes() == text.encode()


def test_non_utf8_notes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes("---\nsegment: peer\nname: Jos\xe9\n---\n".encode("latin-1"))
    with pytest.raises(EditError, match="not UTF-8"):
        edit_note(path, "x.md", touch())


def test_a_change_that_would_not_read_back_as_intended_is_not_written(note_path: Path) -> None:
    def sloppy(doc: edit.Document) -> edit.Plan:
        start = doc.text.index("peer")
        return edit.Plan("oops", (edit.Splice(start, start + 4, "ally"),), dict(doc.meta))

    with pytest.raises(EditError, match=r"could not change Jordan Lee\.md safely"):
        edit_note(note_path, "Jordan Lee.md", sloppy)
    assert note_path.read_text(encoding="utf-8") == NOTE


def test_two_saves_around_the_swap_keep_the_newest_and_say_where_the_older_is(
    note_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = NOTE.replace("Met at the", "First save. Met at the")
    second = NOTE.replace("Met at the", "Second save. Met at the")
    real = atomic.exchange
    calls: list[int] = []

    def exchange(a: Path | str, b: Path | str) -> bool:
        calls.append(1)
        if len(calls) > 1:
            return real(a, b)
        note_path.write_text(first, encoding="utf-8")  # just before the swap
        swapped = real(a, b)
        replacement = note_path.with_name("editor.tmp")  # just after it, as editors save
        replacement.write_text(second, encoding="utf-8")
        os.replace(replacement, note_path)
        return swapped

    monkeypatch.setattr(atomic, "exchange", exchange)
    result = edit_note(note_path, "Jordan Lee.md", touch(via="email"))
    text = note_path.read_text(encoding="utf-8")
    assert "Second save. Met at the" in text and "- 2026-11-20 email\n" in text
    kept = [p for p in note_path.parent.iterdir() if "older-save" in p.name]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == first
    assert result.hints[-1].endswith(f"the older is kept beside it as {kept[0].name}")


def test_a_note_caught_half_saved_is_read_again(
    note_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that rewrites a note in place leaves it empty for a moment; found in review:
    touch then called the note broken."""
    real = edit.read_note
    reads: list[int] = []

    def half_saved(path: Path, label: str) -> bytes:
        reads.append(1)
        return b"" if len(reads) == 1 else real(path, label)

    monkeypatch.setattr(edit, "read_note", half_saved)
    assert edit_note(note_path, "Jordan Lee.md", touch()).written
    assert len(reads) == 2


def test_a_note_that_stays_broken_is_refused_with_why(note_path: Path) -> None:
    note_path.write_text("---\nsegment: [peer\n---\n", encoding="utf-8")
    with pytest.raises(EditError, match="cannot be read: invalid YAML"):
        edit_note(note_path, "Jordan Lee.md", touch())


def test_a_note_the_reader_reads_the_writers_read_too(tmp_path: Path) -> None:
    """A tab inside a [ ] list: libyaml (the reader) takes it, PyYAML's own parser does not;
    `touch` said the note could not be read and printed a five-line PyYAML error."""
    path = tmp_path / "Tab Person.md"
    path.write_text("---\nsegment: peer\ntags: [a,\tb]\n---\nBody\n", encoding="utf-8")
    result = edit_note(path, "Tab Person.md", touch())
    assert result.written
    assert path.read_text(encoding="utf-8") == (
        "---\nsegment: peer\ntags: [a,\tb]\nlast_touch: 2026-11-20\n---\nBody\n\n"
        "## Log\n- 2026-11-20\n"
    )


def test_a_yaml_error_in_a_note_is_one_line_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nsegment: peer\ntags: [a, b\n---\n", encoding="utf-8")
    with pytest.raises(EditError) as caught:
        edit_note(path, "x.md", touch())
    assert str(caught.value) == (
        "x.md cannot be read: invalid YAML on line 4: did not find expected ',' or ']' "
        "(in a [ ] list that starts on line 3); fix it, then try again"
    )
