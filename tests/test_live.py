"""The watcher's in-memory vault: what a rescan re-reads, and what it reports."""

from __future__ import annotations

import os
from pathlib import Path

from vaultkeeper.config import Settings
from vaultkeeper.live import Changes, LiveVault
from vaultkeeper.vault import NoteRecord, read_record


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
