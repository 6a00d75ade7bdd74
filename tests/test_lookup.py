"""One contact by name through the index: the same answer a directory of the vault gives."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from support import write

from vaultkeeper.config import Settings
from vaultkeeper.errors import AmbiguousNameError, ContactNotFoundError
from vaultkeeper.index import load_directory, refresh
from vaultkeeper.lookup import find, load_contact, locate

NOTES = {
    "people/Tomás Ruiz.md": "---\nsegment: peer\naliases: [Tom, TR]\n---\n",
    "people/Tomasz Nowak.md": "---\nsegment: mentor\n---\n",
    "people/Ana Lima.md": "---\nname: Ana Beatriz Lima\nsegment: peer\n---\n",
    "people/Ana Lopes.md": "---\nsegment: ally\n---\n",
    "work/Ana Lima.md": "---\nname: Ana Lima (Acme)\nsegment: peer\n---\n",
    "people/Zoë.md": "---\nsegment: peer\naliases: [Zoe K]\n---\n",
    "people/Notes about tea.md": "Just a note.\n",
    "daily/2026-11-02.md": "Lunch with [[Tom]] and [[Ana Lima]].\n",
    "daily/2026-11-09.md": "Call with [[tomás ruiz]] and [[Zoe K|Zoë]].\n",
    "daily/2026-11-10.md": "Coffee with [[Ana Lopes]].\n",
}
QUERIES = [
    "Tomás Ruiz", "tomas", "TOM", "tr", "Tomasz", "tomasz nowak.md", "Ana", "ana l",
    "Ana Lima", "people/ana lima", "work/Ana Lima.md", "Ana Beatriz", "zoe", "Zoe K", "z",
    "nobody", "tea", "", "  ", "Notes about tea", "people/", "a",
]  # fmt: skip


@pytest.fixture
def people(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    for path, text in NOTES.items():
        write(root / path, text)
    return root


def _directory_answer(root: Path, name: str) -> object:
    directory = load_directory(root, Settings())
    try:
        entry = directory.resolve(name)
    except (AmbiguousNameError, ContactNotFoundError) as exc:
        return type(exc), str(exc)
    return entry, directory.mentions(entry)


@pytest.mark.parametrize("name", QUERIES)
def test_the_index_gives_the_directorys_answer(people: Path, name: str) -> None:
    expected = _directory_answer(people, name)
    try:
        found = find(people, Settings(), name)
    except (AmbiguousNameError, ContactNotFoundError) as exc:
        assert (type(exc), str(exc)) == expected
    else:
        assert tuple(found) == expected
        located = locate(people, Settings(), name)  # answered by the index, not a directory
        assert located is not None and tuple(located) == expected


def test_a_settled_vault_is_answered_by_the_index_alone(people: Path) -> None:
    located = locate(people, Settings(), "tomas r")
    assert located is not None
    assert located.entry.path == "people/Tomás Ruiz.md"
    assert [d.isoformat() for d in located.mentions] == ["2026-11-02", "2026-11-09"]
    # a name shared by two contacts mentions neither
    lima = locate(people, Settings(), "Ana Beatriz")
    assert lima is not None and lima.mentions == ()


def test_every_contacts_mentions_at_once_are_the_directorys(people: Path) -> None:
    """`all_mention_days` and `latest_mention_days` (the agenda's and `list --json`'s one
    query each) count a link only by a name no other contact answers to, as the directory
    does: Ana Lima is two contacts, so `[[Ana Lima]]` mentions neither."""
    from vaultkeeper import store
    from vaultkeeper.lookup import all_mention_days, latest_mention_days

    directory = load_directory(people, Settings())
    expected = {e.path: set(directory.mentions(e)) for e in directory.entries}
    expected = {path: days for path, days in expected.items() if days}
    with store.current(people, store.stamp(Settings())) as db:
        assert dict(all_mention_days(db)) == expected
        latest = {path: max(days).isoformat() for path, days in expected.items()}
        assert latest_mention_days(db) == latest
    assert sorted(expected) == ["people/Ana Lopes.md", "people/Tomás Ruiz.md", "people/Zoë.md"]


def test_the_tables_follow_edits_renames_and_deletes(people: Path) -> None:
    settings = Settings()
    assert refresh(people, settings)
    write(people / "people/Zoë.md", "---\nsegment: peer\naliases: [Zed]\n---\n")
    (people / "people/Tomasz Nowak.md").rename(people / "people/Tomek Nowak.md")
    (people / "people/Ana Lopes.md").unlink()
    write(people / "daily/2026-11-10.md", "Coffee with [[Zed]].\n")
    for name in ("Zed", "Zoe K", "tomek", "tomasz", "Ana Lopes", "ana"):
        test_the_index_gives_the_directorys_answer(people, name)
    zed = locate(people, settings, "Zed")
    assert zed is not None and [d.day for d in zed.mentions] == [10]


def test_a_note_saved_this_second_is_found_and_read_again_later(people: Path) -> None:
    assert refresh(people, Settings())
    just_now = people / "people/Bea Just Now.md"
    just_now.write_text("---\nsegment: peer\n---\n", encoding="utf-8")
    located = locate(people, Settings(), "Bea")  # stored unsettled: queries see it
    assert located is not None and located.entry.path == "people/Bea Just Now.md"
    just_now.write_text("---\nsegment: ally\n---\n", encoding="utf-8")  # same size, same tick
    located = locate(people, Settings(), "Bea")
    assert located is not None and located.entry.segment == "ally"
    past = time.time() - 30
    os.utime(just_now, (past, past))
    located = locate(people, Settings(), "Bea")
    assert located is not None and located.entry.path == "people/Bea Just Now.md"


def test_an_unwritable_index_falls_back_to_reading_the_vault(people: Path) -> None:
    (people / ".vaultkeeper").write_text("not a folder", encoding="utf-8")
    notes: list[str] = []
    assert locate(people, Settings(), "Tom", on_note=notes.append) is None
    assert load_contact(people, Settings(), "Tom").name == "Tomás Ruiz"
    assert any("cannot save the index" in line for line in notes)
