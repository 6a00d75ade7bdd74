"""The SQLite file in .vaultkeeper/: the stamp that makes cached records count as made by this code
(and rebuilds when it changes), a file or entry that cannot be used, a folder that cannot be
written, and loads racing each other."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import CONTACT, MakeVault, load, run, write

import vaultkeeper
from vaultkeeper import outputs, own_code, store
from vaultkeeper.config import Settings, load_settings, settings_from_toml
from vaultkeeper.index import load_indexed, refresh
from vaultkeeper.store import cache_path
from vaultkeeper.vault import load_vault
from vaultkeeper.walk import iter_notes

PACKAGE = Path(vaultkeeper.__file__).parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "vaultkeeper"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


# --- the stamp ------------------------------------------------------------------------------------


def test_the_stamp_digests_the_installed_package() -> None:
    assert store.stamp(Settings())["code"] == own_code.code_digest(PACKAGE)


def test_renaming_a_parser_module_changes_the_digest(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    before = own_code.code_digest(package)
    (package / "parse.py").rename(package / "reader.py")
    assert own_code.code_digest(package) != before


def test_a_new_module_in_a_subpackage_changes_the_digest(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    before = own_code.code_digest(package)
    (package / "edit" / "extra.py").write_text("X = 1\n", encoding="utf-8")
    assert own_code.code_digest(package) != before


def test_a_template_edit_changes_the_digest_but_bytecode_does_not(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    before = own_code.code_digest(package)
    cache = package / "__pycache__"
    cache.mkdir()
    (cache / "parse.cpython-311.pyc").write_bytes(b"\0" * 10)
    assert own_code.code_digest(package) == before
    template = package / "templates" / "agenda.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert own_code.code_digest(package) != before


def test_an_edit_that_keeps_the_size_and_the_mtime_changes_the_digest(tmp_path: Path) -> None:
    """The digest is taken of each file's stat, not its bytes (3-4 ms of every command): an
    edit of the same size with its mtime put back still moves the inode change time."""
    package = _copy(tmp_path)
    module = package / "parse.py"
    before = own_code.code_digest(package)
    info = module.stat()
    module.write_bytes(module.read_bytes().replace(b"def ", b"def_", 1))
    os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert module.stat().st_size == info.st_size
    assert own_code.code_digest(package) != before


def test_two_installs_of_the_same_code_share_one_digest(tmp_path: Path) -> None:
    """Found in review: a digest of the files' stats alone differed between two copies of the
    same code, so switching between two installs rebuilt the index each time."""
    first, second = _copy(tmp_path / "one"), _copy(tmp_path / "two")
    assert own_code.code_digest(first) == own_code.code_digest(second)
    module = second / "parse.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert own_code.code_digest(first) != own_code.code_digest(second)


def test_the_digest_is_remembered_under_the_files_stats(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    digest = own_code.code_digest(package)
    memo = own_code._memo_path(str(package))
    assert memo is not None
    quick, _, remembered = Path(memo).read_text(encoding="ascii").partition(" ")
    assert remembered == digest
    Path(memo).write_text(f"{quick} 0123456789abcdef", encoding="ascii")
    assert own_code.code_digest(package) == "0123456789abcdef"  # not hashed again
    Path(memo).chmod(0o666)  # anyone may have written it: not believed
    assert own_code.code_digest(package) == digest
    Path(memo).write_text(f"{quick} 0123456789abcdef", encoding="ascii")
    Path(memo).chmod(0o600)
    for garbled in ("", "garbage", f"{quick} short", f"{quick} {'x' * 300}"):
        Path(memo).write_text(garbled, encoding="ascii")
        assert own_code.code_digest(package) == digest
    (package / "extra.py").write_text("X = 1\n", encoding="utf-8")
    assert own_code.code_digest(package) != digest  # other stats: hashed again


def test_without_a_cache_folder_the_code_is_hashed_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _copy(tmp_path)
    expected = own_code.code_digest(package)
    blocked = tmp_path / "not a folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert own_code.code_digest(package) == expected
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert own_code.code_digest(package) == expected
    assert list((tmp_path / "home" / ".cache" / "vaultkeeper").iterdir())  # the XDG default
    monkeypatch.setenv("HOME", "")
    assert own_code.code_digest(package) == expected


# --- rebuilds -------------------------------------------------------------------------------------


def test_format_version_bump_rebuilds_everything(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = load(vault)
    monkeypatch.setattr(store, "FORMAT_VERSION", store.FORMAT_VERSION + 1)
    loaded, stats = load(vault)
    assert stats.reused == 0 and stats.parsed == first.notes_read and not stats.notes
    assert loaded == first
    assert load(vault)[1].reused == first.notes_read


def test_an_index_made_by_an_older_version_with_other_tables_is_rebuilt(vault: Path) -> None:
    """Format 8 had no parts: its notes lacked the `part` column, and there was no
    `seal_parts`. Opening it must not fail on them (an index on a missing column, say): it is
    rebuilt."""
    first, _ = load(vault)
    with sqlite3.connect(cache_path(vault)) as db:
        db.execute("DROP INDEX notes_part")
        db.execute("ALTER TABLE notes DROP COLUMN part")
        db.execute("DROP TABLE seal_parts")
        db.execute("UPDATE meta SET value = '8' WHERE key = 'format'")
    settings = load_settings(vault)
    assert refresh(vault, settings)
    loaded, stats = load(vault)
    assert stats.reused == first.notes_read and not stats.notes
    assert loaded == first


def test_code_change_rebuilds_everything(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load(vault)
    monkeypatch.setattr(own_code, "_DIGEST", "something else")
    assert load(vault)[1].reused == 0


def test_settings_change_rebuilds_everything(vault: Path) -> None:
    load(vault)
    custom = settings_from_toml({"segments": {"peer": {"cadence": "1-2w"}}})
    loaded, stats = load(vault, custom)
    assert stats.reused == 0
    assert loaded == load_vault(vault, custom)
    assert load(vault, custom)[1].reused == loaded.notes_read


def test_garbage_cache_file_is_rebuilt_with_a_note(vault: Path) -> None:
    first, _ = load(vault)
    path = cache_path(vault)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(os.urandom(4096))
    loaded, stats = load(vault)
    assert loaded == first
    assert len(stats.notes) == 1 and "could not be read" in stats.notes[0]
    again, stats = load(vault)
    assert again == first and stats.reused == first.notes_read and not stats.notes


def test_a_garbage_entry_is_rebuilt_with_a_note(vault: Path) -> None:
    first, _ = load(vault)
    with sqlite3.connect(cache_path(vault)) as db:
        db.execute("UPDATE notes SET record = ?", (b"not a pickle",))
    loaded, stats = load(vault)
    assert loaded == first and len(stats.notes) == 1
    assert load(vault)[1].reused == first.notes_read


class _Evil:
    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, ("echo pwned > pwned.txt",))


def test_a_crafted_entry_cannot_run_code(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(vault)
    first, _ = load(vault)
    with sqlite3.connect(cache_path(vault)) as db:
        db.execute("UPDATE notes SET record = ?", (pickle.dumps(_Evil()),))
    loaded, stats = load(vault)
    assert not (vault / "pwned.txt").exists()
    assert loaded == first and "not allowed" in stats.notes[0]


def test_cache_folder_that_cannot_be_used_still_gives_the_right_vault(vault: Path) -> None:
    (vault / ".vaultkeeper").write_text("a file where the folder should be", encoding="utf-8")
    loaded, stats = load(vault)
    assert loaded == load_vault(vault, load_settings(vault))
    assert len(stats.notes) == 1 and "cannot save the index" in stats.notes[0]
    assert not stats.saved


@pytest.mark.skipif(IS_ROOT, reason="root can read and write anything")
def test_unreadable_cache_folder_gives_the_right_vault_and_one_note(vault: Path) -> None:
    first, _ = load(vault)
    folder = vault / ".vaultkeeper"
    folder.chmod(0)
    try:
        loaded, stats = load(vault)
    finally:
        folder.chmod(0o755)
    assert loaded == first and len(stats.notes) == 1


def test_a_cache_folder_left_by_root_means_running_without_it(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `.vaultkeeper/` looks like to a user after one run as root (mode 700, owned by
    root): every look inside it is refused. Before, every command then crashed with a
    PermissionError; the tests run as root, so this stands in for the refusal."""
    first, _ = load(vault)
    real_stat = os.stat
    folder = str(vault / ".vaultkeeper")

    def refused(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path).startswith(folder + os.sep):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[call-overload]
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", refused)
    loaded, stats = load(vault)
    assert loaded == first
    assert stats.notes == [
        "note: cannot save the index in .vaultkeeper/ (Permission denied); "
        "every note is read each time until it can"
    ]
    for command in (["index"], ["agenda", "--stdout"], ["list"], ["show", "dan"]):
        result = run("--vault", str(vault), "--today", "2026-11-18", *command)
        assert result.exit_code == 0, result.output


@pytest.mark.skipif(IS_ROOT, reason="root can read and write anything")
def test_read_only_vault_still_works(vault: Path) -> None:
    first, _ = load(vault)
    write(vault / "people" / "Newcomer.md", CONTACT.format(segment="mentor", tag="x"))
    # The folders and the cache: a chmod of a note would move its ctime, and so make it stale.
    found = [vault, *vault.rglob("*")]
    modes = {p: p.stat().st_mode for p in found if p.is_dir() or ".vaultkeeper" in p.parts}
    for path in modes:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        loaded, stats = load(vault)
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert loaded == load_vault(vault, load_settings(vault))
    assert stats.reused == first.notes_read and stats.parsed == 1


def test_read_only_cache_is_still_used_for_reading(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = load(vault)
    write(vault / "people" / "Newcomer.md", CONTACT.format(segment="mentor", tag="x"))

    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "_save", refuse)
    loaded, stats = load(vault)
    assert loaded == load_vault(vault, load_settings(vault))
    assert stats.reused == first.notes_read and "cannot save" in stats.notes[0]


# --- the seal -------------------------------------------------------------------------------------


def _walk(vault: Path) -> bytes:
    return outputs.stats_digest(list(iter_notes(vault, load_settings(vault))))


def _refuse_rows(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Note each read of the rows (its column, how many rows): the seal must spare them."""
    read: list[tuple[str, int]] = []

    def counting(
        root: Path, want: dict[str, str], column: str, walk: object = None
    ) -> store.Snapshot:
        snapshot = real(root, want, column, walk)  # type: ignore[arg-type]
        read.append((column, len(snapshot.rows)))
        return snapshot

    real = store.read_rows
    monkeypatch.setattr(store, "read_rows", counting)
    return read


def test_a_current_index_is_sealed_and_then_checked_without_reading_a_row(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(vault)
    load(vault)
    assert store.sealed(vault, store.stamp(settings)) == _walk(vault)
    read = _refuse_rows(monkeypatch)
    assert refresh(vault, settings)
    assert read == []
    note = vault / "people" / "Fay Fine.md"
    info = note.stat()
    note.write_text(note.read_text(encoding="utf-8").replace("a", "o"), encoding="utf-8")
    os.utime(note, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size and mtime
    assert refresh(vault, settings)
    # The seal no longer matches: the stats of the rows in Fay's part of the walk are compared.
    assert len(read) == 1 and read[0][0] == "stat" and 1 <= read[0][1] < 4
    assert store.sealed(vault, store.stamp(settings)) == _walk(vault)
    assert load(vault)[0] == load_vault(vault, settings)


def test_no_seal_while_a_note_is_being_saved(vault: Path) -> None:
    settings = load_settings(vault)
    (vault / "people" / "Gil New.md").write_text(CONTACT.format(segment="peer", tag="x"))
    load(vault)
    assert store.sealed(vault, store.stamp(settings)) is None  # Gil was saved this second
    write(vault / "people" / "Gil New.md", CONTACT.format(segment="peer", tag="x"))
    assert refresh(vault, settings)
    assert store.sealed(vault, store.stamp(settings)) == _walk(vault)


def test_a_write_by_another_process_in_between_leaves_no_seal(vault: Path) -> None:
    settings = load_settings(vault)
    want = store.stamp(settings)
    load(vault)
    before = store.read_rows(vault, want, "stat")
    write(vault / "people" / "Gil New.md", CONTACT.format(segment="peer", tag="x"))
    load(vault)  # another process: its rows, its seal, the generation moved on
    generation = before.seal.generation
    assert store.read_rows(vault, want, "stat").seal.generation == generation + 1
    store.seal(vault, want, generation, b"an older walk", b"its parts")
    assert store.sealed(vault, want) == _walk(vault)  # refused: written since
    store.write_rows(vault, want, [], ["people/Gil New.md"], False, generation, b"old", b"parts")
    after = store.read_rows(vault, want, "stat").seal
    assert after.walk is None and after.parts is None  # these rows are not all there is


# --- concurrency ----------------------------------------------------------------------------------


def _load_repeatedly(root: str, rounds: int, queue: multiprocessing.Queue[object]) -> None:
    try:
        notes: list[str] = []
        settings = load_settings(Path(root))
        for _ in range(rounds):
            vault = load_indexed(Path(root), settings, on_note=notes.append, workers=1)
            assert vault.contacts
        queue.put(notes)
    except BaseException as exc:
        queue.put(repr(exc))


@pytest.mark.skipif(sys.platform == "win32", reason="uses fork")
def test_concurrent_loads_while_files_change_never_corrupt_the_cache(vault: Path) -> None:
    for number in range(60):
        write(vault / "people" / f"P{number:03}.md", CONTACT.format(segment="peer", tag=number))
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[object] = context.Queue()
    workers = [
        context.Process(target=_load_repeatedly, args=(str(vault), 15, queue)) for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for step in range(40):
        number = step % 60
        text = CONTACT.format(segment="ally" if step % 2 else "mentor", tag=f"t{step}")
        write(vault / "people" / f"P{number:03}.md", text, ago=30 - step * 0.1)
        if step % 7 == 0:
            (vault / "people" / f"P{number + 1:03}.md").unlink(missing_ok=True)
        time.sleep(0.01)
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert results == [[], [], []]
    loaded, stats = load(vault)
    assert not stats.notes
    assert loaded == load_vault(vault, load_settings(vault))
    with sqlite3.connect(cache_path(vault)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_moving_the_contacts_folder_reads_every_note_again(make_vault: MakeVault) -> None:
    """Found in review: `contacts_folder` decides whether an empty note is a problem, but was
    not in the settings fingerprint, so the index kept the old verdict."""
    root = make_vault(
        {
            "vaultkeeper.toml": '[vault]\ncontacts_folder = "crm"\n',
            "crm/Empty.md": "",
            "people/Ana.md": CONTACT.format(segment="peer", tag="x"),
        }
    )
    first, _ = load(root)
    assert [p.path for p in first.problems] == ["crm/Empty.md"]
    write(root / "vaultkeeper.toml", '[vault]\ncontacts_folder = "people"\n')
    second, stats = load(root)
    assert second.problems == [] and stats.parsed == 2


LINT_CODES = '[lint]\nignore = ["T3", "P1", "S2", "P4"]\nenable = ["T3", "P2"]\n'


def test_the_stamp_does_not_depend_on_the_process_hash_seed(make_vault: MakeVault) -> None:
    """Found in review: `[lint] ignore` of several codes went into the fingerprint as a
    frozenset's repr, whose order changes from process to process, so the index was rebuilt
    on nearly every run and never sealed."""
    root = make_vault(
        {
            "vaultkeeper.toml": LINT_CODES,
            "people/Ana.md": CONTACT.format(segment="peer", tag="x"),
        }
    )
    probe = (
        "import sys\nfrom vaultkeeper import config\n"
        "print(config.load_settings(config.Path(sys.argv[1])).fingerprint())\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", probe, str(root)],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(seen) == 1


def test_the_last_walk_digest_kept_is_only_given_for_the_same_walk() -> None:
    """`stats_digest` keeps the last walk's digest: the same stats (as plain tuples or as
    `FileStat`s, in another list) give it back, and any change, even to the very list it
    was given, gives another."""
    from vaultkeeper.walk import FileStat

    walk = [(f"people/P{i}.md", 10**18 + i, 100 + i, 10**18, 1000 + i) for i in range(50)]
    first = outputs.stats_digest(walk)
    assert outputs.stats_digest([FileStat(*stat) for stat in walk]) == first
    walk[7] = (walk[7][0], walk[7][1] + 1, *walk[7][2:])  # the caller's own list, changed
    moved = outputs.stats_digest(walk)
    assert moved != first
    walk.pop()
    kept = outputs.stats_digest(list(walk))
    assert outputs.stats_digest(walk) == kept not in (first, moved)
    outputs._LAST_WALK = None  # digested afresh: the same as the one kept
    assert outputs.stats_digest(walk) == kept
