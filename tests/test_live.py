"""The watcher's in-memory vault: what a rescan re-reads, and what it reports."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from vaultkeeper.config import Settings
from vaultkeeper.contact import NoteRecord
from vaultkeeper.live import Changes, LiveVault
from vaultkeeper.store import cache_path
from vaultkeeper.vault import read_record


def _note(company: str) -> str:
    return f"---\nsegment: peer\ncompany: {company}\n---\n"


def test_a_rescan_reads_only_what_the_index_would_call_stale(tmp_path: Path) -> None:
    for name in ("Ana", "Ben", "Cy"):
        (tmp_path / f"{name}.md").write_text(_note(name), encoding="utf-8")
    reads: list[str] = []

    def counting(root: Path, path: str, settings: Settings) -> NoteRecord:
        reads.append(path)
        return read_record(root, path, settings)

    live = LiveVault(tmp_path, Settings(), read=counting)
    started = live.read_all()
    assert (reads, started.parsed) == ([], 3)  # the index read them

    ben = tmp_path / "Ben.md"
    ben.write_text(_note("Bex"), encoding="utf-8")  # same size, new mtime
    stat = ben.stat()
    os.utime(ben, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    (tmp_path / "Cy.md").unlink()
    (tmp_path / "Dee.md").write_text(_note("Dee"), encoding="utf-8")
    found, seen = live.rescan()
    assert seen == 3
    assert sorted(reads) == ["Ben.md", "Dee.md"]
    assert (found.added, found.changed, found.removed) == (["Dee.md"], ["Ben.md"], ["Cy.md"])
    assert [c.company for c in live.vault().contacts] == ["Ana", "Bex", "Dee"]


def test_changes_describe_moves_and_problems() -> None:
    changes = Changes(added=["b.md"], removed=["a.md"], changed=["c.md"], moves={"a.md": "b.md"})
    problems = {"c.md": "invalid YAML on line 2: " + "x" * 100}
    assert changes.describe(problems) == (
        "moved a.md -> b.md, changed c.md (needs a look: invalid YAML on line 2: "
        + "x" * 53
        + "...)"
    )


def test_an_index_entry_that_does_not_unpack_is_read_again_from_its_note(tmp_path: Path) -> None:
    for name in ("Ana", "Ben"):
        (tmp_path / f"{name}.md").write_text(_note(name), encoding="utf-8")
    past = time.time() - 60
    for path in tmp_path.glob("*.md"):
        os.utime(path, (past, past))
    LiveVault(tmp_path, Settings()).read_all()  # the index now holds both
    with sqlite3.connect(cache_path(tmp_path)) as db:
        db.execute("UPDATE notes SET record = x'8004deadbeef' WHERE path = 'Ben.md'")
    reads: list[str] = []

    def counting(root: Path, path: str, settings: Settings) -> NoteRecord:
        reads.append(path)
        return read_record(root, path, settings)

    live = LiveVault(tmp_path, Settings(), read=counting)
    live.read_all()
    assert reads == ["Ben.md"]
    assert [c.company for c in live.vault().contacts] == ["Ana", "Ben"]


def test_problems_and_counts_follow_each_save(tmp_path: Path) -> None:
    """The records are kept packed; what the watcher's reports need is kept beside them."""
    (tmp_path / "Ana.md").write_text(_note("Ana"), encoding="utf-8")
    (tmp_path / "Day.md").write_text("# a note without front matter\n", encoding="utf-8")
    live = LiveVault(tmp_path, Settings())
    live.read_all()
    assert (live.notes, live.contacts, live.problems()) == (2, 1, {})
    broken = tmp_path / "Ben.md"
    broken.write_text("---\nsegment: [peer\n---\n", encoding="utf-8")
    changes = Changes()
    live.apply(["Ben.md"], changes, from_events=True)
    assert changes.added == ["Ben.md"]
    assert list(live.problems()) == ["Ben.md"]
    assert "invalid YAML" in live.problems()["Ben.md"]
    broken.write_text(_note("Ben"), encoding="utf-8")
    live.apply(["Ben.md"], Changes(), from_events=True)
    assert (live.notes, live.contacts, live.problems()) == (3, 2, {})
    same = Changes()
    live.apply(["Ben.md"], same, from_events=True)  # an event, nothing new in the note
    assert (same.added, same.changed) == ([], [])
    (tmp_path / "Ana.md").unlink()
    gone = Changes()
    live.apply(["Ana.md"], gone, from_events=True)
    assert gone.removed == ["Ana.md"]
    assert (live.notes, live.contacts) == (2, 1)
    assert [c.name for c in live.vault().contacts] == ["Ben"]


def test_a_config_that_only_reorders_its_segments_is_taken_in(tmp_path: Path) -> None:
    """The segments' order is the agenda's; a dict's `==` does not see it (found in review)."""
    from vaultkeeper.config import load_settings

    two = '[segments.friend]\ncadence = "2-4w"\n\n[segments.investor]\ncadence = "4-8w"\n'
    swapped = '[segments.investor]\ncadence = "4-8w"\n\n[segments.friend]\ncadence = "2-4w"\n'
    (tmp_path / "vaultkeeper.toml").write_text(two, encoding="utf-8")
    live = LiveVault(tmp_path, load_settings(tmp_path))
    live.read_all()
    (tmp_path / "vaultkeeper.toml").write_text(swapped, encoding="utf-8")
    said = live.outside(config=True, template=False, load=load_settings)
    assert said == "vaultkeeper.toml reloaded"
    assert list(live.settings.segments)[-2:] == ["investor", "friend"]


def test_a_deleted_note_whose_name_is_not_utf8_leaves_nothing_behind(tmp_path: Path) -> None:
    """Its record is filed under the name as shown (`Jos�.md`) and the walk knows it by the
    raw one: deleting it used to take out only the raw one, so the agenda kept saying the
    gone note's name needed a look."""
    from datetime import date

    from vaultkeeper.agenda import build_agenda, render_agenda
    from vaultkeeper.shortlist import agenda_from

    (tmp_path / "people").mkdir()
    (tmp_path / "people/Ana.md").write_text("---\nsegment: peer\nlast_touch: 2026-01-01\n---\n")
    raw = os.fsencode(tmp_path / "people") + b"/Jos\xe9.md"
    with open(raw, "wb") as handle:
        handle.write(b"---\nsegment: peer\n---\n")
    for path in (raw, os.fsencode(tmp_path / "people/Ana.md")):
        os.utime(path, (time.time() - 30, time.time() - 30))
    live = LiveVault(tmp_path, Settings())
    live.read_all()
    today = date(2026, 6, 17)

    def agendas() -> tuple[str, str]:
        short = agenda_from(live.briefs(), tmp_path, Settings(), today, ())
        assert short is not None
        full = build_agenda(live.vault(), today, resources=())
        return render_agenda(short, tmp_path, None), render_agenda(full, tmp_path, None)

    assert "Jos\ufffd.md" in agendas()[0]
    os.unlink(raw)
    changes = Changes()
    live.apply([os.fsdecode(b"people/Jos\xe9.md")], changes, from_events=True)
    assert changes.removed == ["people/Jos\ufffd.md"]
    assert live.problems() == {}
    short, full = agendas()
    assert short == full
    assert "Jos" not in short
