"""Reading one note into a record, walking the vault's folder and assembling the vault."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import SETTINGS, MakeVault, record, write

from vaultkeeper.config import Settings, settings_from_toml
from vaultkeeper.vault import load_vault
from vaultkeeper.walk import is_note_path, iter_notes

D = date.fromisoformat


# --- one note ------------------------------------------------------------------------------------


def test_not_a_contact_without_segment_key() -> None:
    assert record("---\ntags: [reading]\n---\nA list of books.\n").contact is None
    assert record("Just text, no front matter.\n").contact is None


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b"---\nsegment: peer\ntags: [a, b\n---\n",
            "invalid YAML on line 4: did not find expected ',' or ']' "
            "(in a [ ] list that starts on line 3)",
        ),
        (b"---\n- segment\n- peer\n---\n", None),
        (
            b"---\nsegment: peer\nname: \xff\xfe\n---\n",
            "the file is not UTF-8 text (byte 24 is 0xff); save it as UTF-8",
        ),
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (
            b"---\nsegment: peer\nname: x\n",
            "the front matter starts with --- but has no closing --- line",
        ),
        (
            b"---\nsegment: &s peer\nalias: *s\n---\n",
            "YAML aliases (*s) are not allowed in front matter (line 3)",
        ),
        (
            b"---\nsegment: peer\nbody: " + b"x" * (5 * 1024 * 1024) + b"\n---\n",
            "the file is 5.0 MB; notes larger than 2 MB are not read",
        ),
    ],
)
def test_unreadable_files_are_problems(data: bytes, problem: str | None) -> None:
    result = record(data, "people/x.md")
    assert result.contact is None
    if problem is not None:
        assert [p.message for p in result.problems] == [problem]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_record_never_an_exception(data: bytes) -> None:
    result = record(b"---\nsegment: peer\n" + data, "people/x.md")
    assert result.contact is not None or result.problems


# --- the folder ----------------------------------------------------------------------------------


def test_vault_loader_keeps_going_and_joins_daily_notes(tmp_path: Path) -> None:
    write(tmp_path / "people/Ada.md", "---\nsegment: ally\nlast_touch: 2026-10-01\n---\n")
    write(tmp_path / "people/Bob.md", "---\nsegment: peer\naliases: [Bobby]\n---\n")
    write(tmp_path / "people/broken.md", "---\nsegment: [\n---\n")
    write(tmp_path / "people/latin1.md", b"---\nsegment: peer\nname: Jos\xe9\n---\n")
    write(
        tmp_path / "daily/2026-11-02.md",
        "Coffee with [[Ada]] and [[Bobby|Bob]], read [[Some Book]].\n",
    )
    write(tmp_path / "daily/2026-02-30.md", "Not a real day: [[Ada]]\n")
    write(
        tmp_path / "Notes on [[x]].md",
        "---\ntags: [x]\n---\n[[Ada]] mentioned here does not count.\n",
    )
    write(tmp_path / ".obsidian/workspace.md", "---\nsegment: peer\n---\n")
    write(tmp_path / ".trash/Old.md", "---\nsegment: peer\n---\n")
    write(tmp_path / "agenda.md", "---\nsegment: peer\n---\n")
    vault = load_vault(tmp_path, SETTINGS)
    assert [c.path for c in vault.contacts] == ["people/Ada.md", "people/Bob.md"]
    ada, bob = vault.contacts
    assert ada.last_touch == D("2026-11-02")
    assert bob.last_touch == D("2026-11-02")
    assert [p.path for p in vault.problems] == ["people/broken.md", "people/latin1.md"]
    assert vault.daily_notes == 1


def test_duplicate_names_are_reported_on_both(tmp_path: Path) -> None:
    write(tmp_path / "a/Sam Lee.md", "---\nsegment: peer\n---\n")
    write(tmp_path / "b/Sam Lee.md", "---\nsegment: ally\n---\n")
    vault = load_vault(tmp_path, SETTINGS)
    assert len(vault.contacts) == 2
    assert [str(p) for p in vault.problems] == [
        "a/Sam Lee.md: the name 'Sam Lee' is also used by b/Sam Lee.md; give one of them a "
        "different `name:` so commands can tell them apart",
        "b/Sam Lee.md: the name 'Sam Lee' is also used by a/Sam Lee.md; give one of them a "
        "different `name:` so commands can tell them apart",
    ]
    assert vault.link_target(vault.contacts[0]) == "a/Sam Lee"


def test_ignored_folders_from_settings(tmp_path: Path) -> None:
    write(tmp_path / "templates/contact.md", "---\nsegment:\n---\n")
    write(tmp_path / "archive/old/Gone.md", "---\nsegment: peer\n---\n")
    write(tmp_path / "Kept.md", "---\nsegment: peer\n---\n")
    settings = settings_from_toml({"vault": {"ignore": ["templates", "archive/old"]}})
    assert [c.path for c in load_vault(tmp_path, settings).contacts] == ["Kept.md"]


def test_event_filter_agrees_with_the_folder_scan(make_vault: MakeVault) -> None:
    vault = make_vault({"Jordan Lee.md": "---\nsegment: peer\n---\n"})
    settings = Settings(ignore=("templates", "a/skip"), agenda_path="out/agenda.md")
    paths = [
        "x.md",
        "a/y.md",
        "a/skip/z.md",
        "a/skipped/w.md",
        "templates/t.md",
        "out/agenda.md",
        "out/other.md",
        ".obsidian/o.md",
        "a/.hidden/h.md",
        ".x.md.swp",
        "x.md~",
        "4913",
        "note.tmp",
        "vaultkeeper.toml",
    ]
    for path in paths:
        (vault / path).parent.mkdir(parents=True, exist_ok=True)
        (vault / path).write_text("text", encoding="utf-8")
    scanned = {info.path for info in iter_notes(vault, settings)}
    assert scanned == {p for p in [*paths, "Jordan Lee.md"] if is_note_path(p, settings)}
    assert scanned == {"Jordan Lee.md", "x.md", "a/y.md", "a/skipped/w.md", "out/other.md"}


def test_folder_symlinks_that_lead_back_up_are_walked_once(tmp_path: Path) -> None:
    """Before, `people/a -> ..` and `deep/x/up -> ../..` made the walk exponential: `index` and
    every other command never finished."""
    root = tmp_path / "vault"  # `up2` leads out of it, to a folder holding only it
    write(root / "people" / "Ana.md", "---\nsegment: peer\n---\n")
    write(root / "elsewhere" / "Ben.md", "---\nsegment: peer\n---\n")
    (root / "deep" / "x").mkdir(parents=True)
    (root / "people" / "a").symlink_to("..")
    (root / "deep" / "x" / "up").symlink_to("../..")
    (root / "deep" / "x" / "up2").symlink_to("../../..")
    (root / "people" / "also").symlink_to("../elsewhere")
    paths = sorted(info.path for info in iter_notes(root, Settings()))
    assert paths == ["elsewhere/Ben.md", "people/Ana.md"]  # each by its own path
    assert [c.name for c in load_vault(root, Settings()).contacts] == ["Ben", "Ana"]
