"""The on-disk index: correct reuse, staleness, rebuilds and concurrency. Never timings."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultkeeper import pool, store
from vaultkeeper.cli import cli
from vaultkeeper.config import Settings, load_settings, settings_from_toml
from vaultkeeper.contact import Contact
from vaultkeeper.index import IndexStats, load_directory, load_indexed
from vaultkeeper.store import cache_path
from vaultkeeper.vault import Directory, Vault, load_vault

HERE = Path(__file__).parent
SMALL = HERE / "fixtures" / "small-vault"
EXAMPLE = HERE.parent / "example-vault"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

CONTACT = """---
segment: {segment}
tags: [{tag}]
last_touch: 2026-10-01
---
Met at a meetup.

## Log
- 2026-10-01 email: said hello #give
"""


def age(root: Path, seconds: float = 60) -> None:
    """Give every note an mtime in the past, as a vault that was not just written has."""
    past = time.time() - seconds
    for path in root.rglob("*.md"):
        os.utime(path, (past, past))


def write(path: Path, text: str, ago: float = 30) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    past = time.time() - ago
    os.utime(path, (past, past))


def load(
    root: Path, settings: Settings | None = None, **options: object
) -> tuple[Vault, IndexStats]:
    notes: list[str] = []
    stats = IndexStats()
    vault = load_indexed(
        root,
        settings or load_settings(root),
        on_note=notes.append,
        stats=stats,
        **options,  # type: ignore[arg-type]
    )
    assert stats.notes == notes
    return vault, stats


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(SMALL, root)
    age(root)
    return root


def cached_paths(root: Path) -> set[str]:
    with sqlite3.connect(cache_path(root)) as db:
        return {row[0] for row in db.execute("SELECT path FROM notes")}


# --- reuse and staleness -----------------------------------------------------------------------


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


def test_the_example_vault_loads_the_same_through_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".vaultkeeper"))
    age(root)
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


def test_same_path_mtime_and_size_is_trusted_as_documented(vault: Path) -> None:
    """The guarantee: an entry is reused when path, mtime_ns and size are all unchanged."""
    note = vault / "people" / "Zed.md"
    write(note, CONTACT.format(segment="peer", tag="aaaa"), ago=100)
    load(vault)
    stat = note.stat()
    note.write_text(CONTACT.format(segment="ally", tag="bbbb"), encoding="utf-8")
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load(vault)[0].resolve("Zed").segment == "peer"


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


def test_a_file_modified_just_now_is_not_cached_until_it_settles(vault: Path) -> None:
    """Racy mtimes: a second write within the same timestamp tick could keep mtime and size."""
    load(vault)
    fresh = vault / "people" / "Fresh.md"
    fresh.write_text(CONTACT.format(segment="peer", tag="x"), encoding="utf-8")
    assert load(vault)[1].parsed == 1
    assert "people/Fresh.md" not in cached_paths(vault)
    assert load(vault)[1].parsed == 1
    age(vault)
    load(vault)
    assert load(vault)[1].parsed == 0


# --- rebuilds ------------------------------------------------------------------------------------


def test_format_version_bump_rebuilds_everything(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = load(vault)
    monkeypatch.setattr(store, "FORMAT_VERSION", store.FORMAT_VERSION + 1)
    loaded, stats = load(vault)
    assert stats.reused == 0 and stats.parsed == first.notes_read and not stats.notes
    assert loaded == first
    assert load(vault)[1].reused == first.notes_read


def test_code_change_rebuilds_everything(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load(vault)
    monkeypatch.setattr(store, "_DIGEST", "something else")
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


@pytest.mark.skipif(IS_ROOT, reason="root can read and write anything")
def test_read_only_vault_still_works(vault: Path) -> None:
    first, _ = load(vault)
    write(vault / "people" / "Newcomer.md", CONTACT.format(segment="mentor", tag="x"))
    modes = {p: p.stat().st_mode for p in [vault, *vault.rglob("*")]}
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


# --- the directory (names only) ---------------------------------------------------------------


def test_directory_resolves_every_name_like_the_full_vault(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".vaultkeeper"))
    shutil.copytree(SMALL, root / "more")
    age(root)
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


# --- cached outputs ---------------------------------------------------------------------------


def test_cached_output_is_reused_until_a_note_an_input_or_a_setting_changes(vault: Path) -> None:
    calls: list[str] = []

    def compute(label: str) -> str:
        calls.append(label)
        return f"text {len(calls)}"

    def get(settings: Settings | None = None, day: str = "2026-11-18") -> str:
        chosen = settings or load_settings(vault)
        return store.cached_output(vault, chosen, "agenda", [day], lambda: compute(day))

    assert get() == "text 1"
    assert get() == "text 1" and len(calls) == 1
    assert get(day="2026-11-19") == "text 2"
    assert get(settings_from_toml({"agenda": {"touchpoints": 5}})) == "text 3"
    note = next((vault / "people").glob("*.md"))
    write(note, note.read_text(encoding="utf-8") + "\nmore\n", ago=20)
    assert get() == "text 4"
    assert get() == "text 4"
    (vault / "people" / "Fresh.md").write_text(CONTACT.format(segment="peer", tag="x"))
    assert get() == "text 5"
    assert get() == "text 6"  # a racy note: the result was not stored


def test_cached_output_works_without_a_usable_cache(vault: Path) -> None:
    (vault / ".vaultkeeper").write_text("not a folder", encoding="utf-8")
    settings = load_settings(vault)
    assert store.cached_output(vault, settings, "agenda", [], lambda: "a") == "a"
    assert store.cached_output(vault, settings, "agenda", [], lambda: "b") == "b"


# --- the pool ------------------------------------------------------------------------------------


def test_pool_and_single_process_give_identical_vaults(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".vaultkeeper"))
    shutil.copytree(SMALL, root / "more")
    age(root)
    settings = load_settings(root)
    single, s1 = load(root, settings, workers=1)
    shutil.rmtree(root / ".vaultkeeper")
    pooled, s2 = load(root, settings, workers=2, pool_threshold=2)
    assert (s1.workers, s2.workers) == (1, 2)
    assert pooled == single == load_vault(root, settings)
    assert load(root, settings)[0] == single


def test_no_worker_processes_falls_back_to_one_process(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_processes() -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(pool, "_mp_context", no_processes)
    loaded, stats = load(vault, workers=2, pool_threshold=2)
    assert stats.workers == 1
    assert loaded == load_vault(vault, load_settings(vault))


def test_progress_reports_every_note_read(vault: Path) -> None:
    seen: list[tuple[int, int]] = []
    loaded, _ = load(vault, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (loaded.notes_read, loaded.notes_read)
    seen.clear()
    load(vault, progress=lambda done, total: seen.append((done, total)))
    assert seen == []


# --- concurrency ---------------------------------------------------------------------------------


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


# --- the command ---------------------------------------------------------------------------------


def test_index_command_prints_no_progress_bar_when_not_a_terminal(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkeeper import cli as cli_module

    monkeypatch.setattr(cli_module._ProgressBar, "SHOW_FROM", 1)
    result = CliRunner().invoke(cli, ["--vault", str(vault), "index"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Reading notes" not in result.output and "%" not in result.output
    assert result.output.splitlines()[-1].startswith("Index: 0 notes from the cache, ")
    again = CliRunner().invoke(cli, ["--vault", str(vault), "index"], catch_exceptions=False)
    assert again.output.splitlines()[-1].endswith(" notes from the cache, 0 read.")


def test_commands_print_the_cache_note_on_stderr(vault: Path) -> None:
    load(vault)
    cache_path(vault).write_bytes(b"garbage" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{cache_path(vault)}{suffix}").unlink(missing_ok=True)
    result = CliRunner().invoke(
        cli, ["--vault", str(vault), "--today", "2026-11-18", "agenda", "--stdout"]
    )
    assert result.exit_code == 0
    assert "could not be read" in result.stderr
    assert "could not be read" not in result.stdout


def test_the_light_load_has_no_schedule_to_get_wrong(vault: Path) -> None:
    """Before, `load_directory` gave Contacts with no last touch: `schedule()` said "due"."""
    directory = load_directory(vault, load_settings(vault))
    assert directory.entries
    for entry in directory.entries:
        assert not isinstance(entry, Contact)
        assert not hasattr(entry, "last_touch")
