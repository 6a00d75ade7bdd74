"""The loaders: what the index reuses, what it reads again, and the light directory. Never
timings."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from support import CONTACT, EXAMPLE, MakeVault, age, load, run, write

from vaultkeeper.config import Settings, load_settings
from vaultkeeper.contact import Contact
from vaultkeeper.index import UNSETTLED, load_directory, load_indexed
from vaultkeeper.store import cache_path
from vaultkeeper.vault import Directory, Vault, load_vault


def cached_paths(root: Path) -> set[str]:
    with sqlite3.connect(cache_path(root)) as db:
        return {row[0] for row in db.execute("SELECT path FROM notes")}


# --- reuse and staleness --------------------------------------------------------------------------


def test_first_load_builds_the_cache_and_equals_a_plain_load(vault: Path) -> None:
    loaded, stats = load(vault)
    assert loaded == load_vault(vault, load_settings(vault))
    assert stats.parsed == loaded.notes_read and stats.reused == 0 and stats.saved
    assert (vault / ".vaultkeeper" / ".gitignore").read_text(encoding="utf-8").splitlines()[
        -1
    ] == "*"
    assert cache_path(vault).is_file()


def test_second_load_reuses_everything_and_is_equal(vault: Path) -> None:
    first, _ = load(vault)
    second, stats = load(vault)
    assert second == first
    assert stats.parsed == 0 and stats.reused == first.notes_read and not stats.notes


def test_the_example_vault_loads_the_same_through_the_cache(make_vault: MakeVault) -> None:
    root = make_vault(copy=EXAMPLE, name="example")
    plain = load_vault(root, load_settings(root))
    assert load(root)[0] == plain
    assert load(root)[0] == plain


def test_content_change_with_identical_size_but_new_mtime_is_seen(vault: Path) -> None:
    note = vault / "people" / "Zed.md"
    write(note, CONTACT.format(segment="peer", tag="aaaa"), ago=100)
    load(vault)
    size = note.stat().st_size
    write(note, CONTACT.format(segment="ally", tag="bbbb"), ago=50)
    assert note.stat().st_size == size
    loaded, stats = load(vault)
    zed = loaded.resolve("Zed")
    assert (zed.segment, zed.tags) == ("ally", ("bbbb",))
    assert stats.parsed == 1


def test_an_edit_that_keeps_size_and_puts_the_mtime_back_is_read_again(vault: Path) -> None:
    """Before, the index trusted path, mtime and size: an edit of the same size whose mtime was
    put back (`rsync -t`, `cp -p`, `touch -r`) was never read again, and `show` kept the old
    data for good. The inode change time moves all the same."""
    note = vault / "people" / "Zed.md"
    write(note, CONTACT.format(segment="peer", tag="aaaa"), ago=100)
    load(vault)
    stat = note.stat()
    note.write_text(CONTACT.format(segment="ally", tag="bbbb"), encoding="utf-8")
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert note.stat().st_size == stat.st_size
    assert load(vault)[0].resolve("Zed").segment == "ally"
    shown = run("--vault", str(vault), "show", "zed", "--json")
    assert json.loads(shown.output)["segment"] == "ally"


def test_a_note_replaced_by_a_copy_with_the_same_stamp_is_read_again(vault: Path) -> None:
    """`cp -p` over a note: same size and mtime, but another file (a new inode)."""
    note = vault / "people" / "Zed.md"
    write(note, CONTACT.format(segment="peer", tag="aaaa"), ago=100)
    load(vault)
    stat = note.stat()
    copy = vault / "Zed copy.txt"
    copy.write_text(CONTACT.format(segment="ally", tag="bbbb"), encoding="utf-8")
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(copy, note)
    assert load(vault)[0].resolve("Zed").segment == "ally"


def test_rename_drops_the_old_path_and_reads_the_new_one(vault: Path) -> None:
    before, _ = load(vault)
    old = before.contacts[0]
    new_path = vault / "people" / "Renamed Person.md"
    (vault / old.path).rename(new_path)
    loaded, stats = load(vault)
    assert old.path not in {c.path for c in loaded.contacts}
    assert "people/Renamed Person.md" in {c.path for c in loaded.contacts}
    assert (stats.parsed, stats.dropped) == (1, 1)
    assert loaded == load_vault(vault, load_settings(vault))
    assert old.path not in cached_paths(vault)


def test_delete_drops_out_of_the_vault_and_the_cache(vault: Path) -> None:
    before, _ = load(vault)
    gone = before.contacts[-1]
    (vault / gone.path).unlink()
    loaded, stats = load(vault)
    assert gone.path not in {c.path for c in loaded.contacts}
    assert len(loaded.contacts) == len(before.contacts) - 1
    assert stats.dropped == 1 and stats.parsed == 0
    assert gone.path not in cached_paths(vault)


def test_new_file_is_read(vault: Path) -> None:
    load(vault)
    write(vault / "people" / "Newcomer.md", CONTACT.format(segment="mentor", tag="x"))
    loaded, stats = load(vault)
    assert loaded.resolve("Newcomer").segment == "mentor"
    assert stats.parsed == 1


def test_a_daily_note_change_updates_mentions_without_rereading_contacts(vault: Path) -> None:
    write(vault / "people" / "Zed.md", CONTACT.format(segment="peer", tag="x"))
    load(vault)
    write(vault / "daily" / "2026-11-10.md", "Coffee with [[Zed]].\n")
    loaded, stats = load(vault)
    assert str(loaded.resolve("Zed").last_touch) == "2026-11-10"
    assert stats.parsed == 1


def test_problems_are_cached_with_their_notes(vault: Path) -> None:
    write(vault / "people" / "Broken.md", "---\nsegment: [peer\n---\n")
    first, _ = load(vault)
    second, stats = load(vault)
    assert stats.parsed == 0
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]
    assert any(p.path == "people/Broken.md" for p in second.problems)


def test_a_file_modified_just_now_is_read_again_until_it_settles(vault: Path) -> None:
    """Racy mtimes: a second write within the same timestamp tick could keep mtime and size, so
    its row is marked unsettled: the tables hold what was read, and it is never reused."""
    load(vault)
    fresh = vault / "people" / "Fresh.md"
    fresh.write_text(CONTACT.format(segment="peer", tag="x"), encoding="utf-8")
    assert load(vault)[1].parsed == 1
    with sqlite3.connect(cache_path(vault)) as db:
        (mtime,) = db.execute(
            "SELECT mtime_ns FROM notes WHERE path = 'people/Fresh.md'"
        ).fetchone()
        (named,) = db.execute(
            "SELECT COUNT(*) FROM briefs WHERE path = 'people/Fresh.md'"
        ).fetchone()
    assert mtime == UNSETTLED and named == 1
    fresh.write_text(CONTACT.format(segment="ally", tag="x"), encoding="utf-8")  # same size
    vault_now, stats = load(vault)
    assert stats.parsed == 1
    assert next(c for c in vault_now.contacts if c.path == "people/Fresh.md").segment == "ally"
    age(vault)
    load(vault)
    assert load(vault)[1].parsed == 0


# --- the directory (names only) -------------------------------------------------------------------


def test_directory_resolves_every_name_like_the_full_vault(big_vault: Path) -> None:
    root = big_vault
    settings = load_settings(root)
    full = load_vault(root, settings)
    for first in (True, False):  # from an empty cache, then from a warm one
        if first:
            directory = load_directory(root, settings)
        else:
            load_indexed(root, settings)
            directory = load_directory(root, settings)
        assert [c.path for c in directory.entries] == [c.path for c in full.contacts]
        assert directory.problems == full.problems
        assert directory.daily_notes == full.daily_notes
        for contact, entry in zip(full.contacts, directory.entries, strict=True):
            assert directory.mentions(entry) == contact.mentions
            for name in {*contact.names(), contact.name[:4]}:
                assert _resolved(directory, name) == _resolved(full, name), name
        assert any(contact.mentions for contact in full.contacts)


def _resolved(vault: Vault | Directory, name: str) -> str:
    try:
        return vault.resolve(name).path
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def test_directory_sees_changes_and_keeps_the_full_cache_current(vault: Path) -> None:
    load(vault)
    write(vault / "people" / "Newcomer.md", CONTACT.format(segment="mentor", tag="x"))
    assert load_directory(vault, load_settings(vault)).resolve("Newcomer").segment == "mentor"
    loaded, stats = load(vault)
    assert stats.parsed == 0 and loaded.resolve("Newcomer").tags == ("x",)


def test_the_light_load_has_no_schedule_to_get_wrong(vault: Path) -> None:
    """Before, `load_directory` gave Contacts with no last touch: `schedule()` said "due"."""
    directory = load_directory(vault, load_settings(vault))
    assert directory.entries
    for entry in directory.entries:
        assert not isinstance(entry, Contact)
        assert not hasattr(entry, "last_touch")


def test_a_note_whose_name_is_not_utf8_keeps_the_index_from_being_sealed(tmp_path: Path) -> None:
    """Its row cannot be stored, so no refresh may say the index stands for the vault: not
    the first, nor the next (a seal left over the walk would make it say so)."""
    from vaultkeeper.index import refresh

    write(tmp_path / "people/Ana.md", "---\nsegment: peer\n---\n")
    folder = os.fsencode(tmp_path / "people")
    with open(folder + b"/Jos\xe9.md", "wb") as handle:
        handle.write(b"---\nsegment: peer\n---\n")
    os.utime(folder + b"/Jos\xe9.md", (time.time() - 30, time.time() - 30))
    assert not refresh(tmp_path, Settings())
    assert not refresh(tmp_path, Settings())
