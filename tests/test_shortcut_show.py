"""`show NAME` answered before the command line loads (`shortcut.py`), from the index's own
record when the index is sealed for this very walk (`lookup.sealed_contact`): the same output as
the full command, and nothing at all whenever the index cannot vouch for what is on disk."""

from __future__ import annotations

import io
import os
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE, MakeVault, age, probe_shortcut, run, write

from vaultkeeper import store
from vaultkeeper.contact import NoteRecord, Problem
from vaultkeeper.safe_pickle import unpack_record
from vaultkeeper.scan import CACHE_DIR
from vaultkeeper.shortcut import answer, parse

TODAY = "2026-11-25"
DAY = date(2026, 11, 25)


@pytest.fixture
def example(make_vault: MakeVault) -> Path:
    root = make_vault(copy=EXAMPLE)
    age(root)  # saved a minute ago: the index may be sealed for it
    run("--vault", str(root), "--today", TODAY, "index")
    return root


def _answer(root: Path, *argv: str) -> tuple[int | None, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    code = answer(["--vault", str(root), "--today", TODAY, *argv], {}, out)
    out.seek(0)
    return (code if isinstance(code, int) else None), out.read()


def _full(root: Path, *argv: str) -> tuple[int, str]:
    result = run("--vault", str(root), "--today", TODAY, *argv)
    return result.exit_code, result.stdout


# --- the arguments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["show", "ann"], (None, DAY, "show", False, "ann")),
        (["show", "--json", "Ann Lee"], (None, DAY, "show", True, "Ann Lee")),
        (["show", "ann", "--json"], (None, DAY, "show", True, "ann")),
        (["--vault", "v", "show", "show"], ("v", DAY, "show", False, "show")),
        (["--today=2026-11-25", "show", "agenda"], (None, DAY, "show", False, "agenda")),
    ],
)
def test_show_is_recognised(argv: list[str], expected: tuple[object, ...]) -> None:
    assert parse(argv, {"VAULTKEEPER_TODAY": TODAY}) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["show"],
        ["show", "--json"],
        ["show", "-x"],
        ["show", "-"],
        ["show", ""],
        ["show", "a", "b"],
        ["show", "--json", "--json", "a"],
        ["show", "a", "--help"],
        ["show", "--", "a"],
        ["show", "a", "--stdout"],
        ["agenda", "--json"],
        ["--json", "show", "a"],
    ],
)
def test_anything_else_about_show_goes_to_the_command_line(argv: list[str]) -> None:
    assert parse(argv, {}) is None


# --- the same answer as the full command ---------------------------------------------------------


def test_every_contact_is_shown_as_the_command_line_shows_it(example: Path) -> None:
    answered = 0
    for note in sorted((example / "people").glob("*.md")):
        for extra in ([], ["--json"]):
            code, expected = _full(example, "show", *extra, note.stem)
            if code == 0:
                assert _answer(example, "show", *extra, note.stem) == (0, expected)
                answered += 1
            else:  # Broken Note: the command line says why, in its own words
                assert _answer(example, "show", *extra, note.stem) == (None, "")
    assert answered == 2 * 30


@pytest.mark.parametrize(
    "name", ["rob", "DR. ADEYEMI", "diego", "tomas", "mei", "Thandiwe Nkosi.md", "ben"]
)
def test_names_resolve_as_the_command_line_resolves_them(example: Path, name: str) -> None:
    code, expected = _full(example, "show", name)
    assert code == 0
    assert _answer(example, "show", name) == (0, expected)


@pytest.mark.parametrize("name", ["a", "nobody at all", "Broken"])
def test_a_name_the_index_cannot_settle_is_left_to_the_command_line(
    example: Path, name: str
) -> None:
    assert _answer(example, "show", name) == (None, "")
    code, _ = _full(example, "show", name)
    assert code == 1  # ambiguous, not found, or a note that cannot be read: it says which


def test_mentions_come_from_the_daily_notes_as_for_the_command_line(example: Path) -> None:
    write(example / "daily" / "2026-11-24.md", "Lunch with [[Grace Kim]].\n")
    age(example)
    code, expected = _full(example, "show", "--json", "grace")
    assert code == 0 and '"2026-11-24"' in expected
    assert _answer(example, "show", "--json", "grace") == (0, expected)


# --- never stale ---------------------------------------------------------------------------------


def _edit_keeping_size_and_mtime(root: Path) -> None:
    path = root / "people" / "Grace Kim.md"
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("channel: email", "channel: phone")
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


PEERS_WEEKLY = '\n[segments.peer]\ncadence = "1w"\n'

CHANGES: dict[str, Callable[[Path], object]] = {
    "same size, mtime put back": _edit_keeping_size_and_mtime,
    "a new contact of the same name": lambda root: write(
        root / "notes" / "Grace Kimura.md", "---\nsegment: peer\n---\n"
    ),
    "renamed": lambda root: (root / "people" / "Grace Kim.md").rename(
        root / "people" / "Grace K.md"
    ),
    "deleted": lambda root: (root / "people" / "Grace Kim.md").unlink(),
    "a daily note links it": lambda root: write(
        root / "daily" / "2026-11-24.md", "Coffee with [[Grace Kim]].\n"
    ),
    "settings": lambda root: write(
        root / "vaultkeeper.toml",
        (root / "vaultkeeper.toml").read_text(encoding="utf-8")
        + '\n[segments.peer]\ncadence = "1w"\n',
    ),
    "the index is garbled": lambda root: write(root / CACHE_DIR / "index.sqlite3", "not a db"),
    "the index is gone": lambda root: (root / CACHE_DIR / "index.sqlite3").unlink(),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_after_any_change_show_waits_for_the_command_line(example: Path, change: str) -> None:
    before = _full(example, "show", "grace")
    assert _answer(example, "show", "grace") == (0, before[1])
    CHANGES[change](example)
    assert _answer(example, "show", "grace") == (None, "")  # nothing printed, nothing written
    after = _full(example, "show", "grace")
    assert after[0] == 0 or change in ("renamed", "deleted", "a new contact of the same name")
    if change not in ("the index is garbled", "the index is gone"):
        assert after != before
    age(example)
    settled = _full(example, "show", "grace")  # finds the index current and seals it again
    if settled[0] == 0:
        assert _answer(example, "show", "grace") == (0, settled[1])


def test_output_click_would_change_is_left_to_it(make_vault: MakeVault) -> None:
    root = make_vault({"Jordan Lee.md": "---\nsegment: peer\n---\nLikes \x1b[31mred\x1b[0m.\n"})
    age(root)
    run("--vault", str(root), "--today", TODAY, "index")
    assert _full(root, "show", "jordan")[0] == 0
    assert _answer(root, "show", "jordan") == (None, "")


def test_a_real_show_loads_neither_click_nor_the_note_reader(example: Path) -> None:
    args = ["--vault", str(example), "--today", TODAY, "show", "Rob"]
    shown = probe_shortcut(*args)
    assert shown.stderr == "0 ['sqlite3']\n"
    assert shown.stdout == run(*args).stdout
    assert shown.stdout.startswith("Robert Adeyemi (")
    whole = subprocess.run(
        [sys.executable, "-m", "vaultkeeper", *args], capture_output=True, text=True, timeout=120
    )
    assert (whole.returncode, whole.stdout, whole.stderr) == (0, shown.stdout, "")


# --- the index is never trusted (found in review) ------------------------------------------------


def _record_of(root: Path, path: str) -> NoteRecord:
    with sqlite3.connect(root / CACHE_DIR / "index.sqlite3") as db:
        blob = db.execute("SELECT record FROM notes WHERE path = ?", (path,)).fetchone()[0]
    return unpack_record(path, blob)


def _store_record(db: sqlite3.Connection, record: NoteRecord) -> None:
    db.execute("UPDATE notes SET record = ? WHERE path = ?", (pickle.dumps(record), record.path))


def test_a_record_that_holds_no_contact_is_left_to_the_command_line(example: Path) -> None:
    grace = "people/Grace Kim.md"
    odd = NoteRecord(grace, contact=Problem(grace, "not a contact"))  # type: ignore[arg-type]
    with sqlite3.connect(example / CACHE_DIR / "index.sqlite3") as db:
        _store_record(db, odd)
    assert _answer(example, "show", "grace") == (None, "")
    code, shown = _full(example, "show", "grace")
    assert code == 0 and shown.startswith("Grace Kim (peer")


def test_a_rebuild_by_other_code_midway_is_never_shown(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another vaultkeeper (other code or settings) rebuilds the index for the same walk while
    the shortcut reads it: what it shows is all from one version of the index, the one whose
    stamp it checked."""
    grace = "people/Grace Kim.md"
    theirs = _record_of(example, grace)
    assert theirs.contact is not None
    theirs = replace(theirs, contact=replace(theirs.contact, company="Someone Else's Code"))
    seal_of = store._seal_of
    rebuilt: list[bool] = []

    def rebuild_first(db: sqlite3.Connection) -> tuple[int, bytes | None]:
        if not rebuilt:
            rebuilt.append(True)
            other = sqlite3.connect(example / CACHE_DIR / "index.sqlite3", isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE meta SET value = 'other code' WHERE key = 'code'")
            _store_record(other, theirs)
            other.execute("COMMIT")
            other.close()
        return seal_of(db)

    monkeypatch.setattr(store, "_seal_of", rebuild_first)
    code, shown = _answer(example, "show", "grace")
    assert rebuilt
    assert "Someone Else" not in shown
    assert code is None or shown.startswith("Grace Kim (peer")
