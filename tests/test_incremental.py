"""Every cached fact is derived from the notes and invalidated with them: after each kind of
change, every read command prints what it prints from a fresh index."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support import EXAMPLE, age, run, write

from vaultkeeper.scan import CACHE_DIR

TODAY = "2026-11-23"
COMMANDS = [
    ["agenda", "--stdout"],
    ["list", "--json"],
    ["list", "--due"],
    ["show", "Aisha Bello", "--json"],
    ["show", "Sam", "--json"],
    ["show", "Marcus Lindqvist"],
    ["show", "Aisha B", "--json"],
    ["index"],
    ["touch", "Aisha", "--dry-run"],
]


def _outputs(root: Path) -> list[tuple[int, str]]:
    found = []
    for args in COMMANDS:
        result = run("--vault", str(root), "--today", TODAY, *args)
        text = result.output
        if args == ["index"]:  # its last line says what the cache did
            text = text.rsplit("Index:", 1)[0]
        found.append((result.exit_code, text))
    return found


def _same_size_same_mtime(root: Path) -> None:
    """An edit that keeps the size and puts the mtime back (`rsync -t`, `touch -r`)."""
    path = root / "people" / "Aisha Bello.md"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2026-09-10", "2026-11-19"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def _rename(root: Path) -> None:
    (root / "people" / "Sam Whitaker.md").rename(root / "people" / "Samuel Whitaker.md")


def _delete(root: Path) -> None:
    (root / "people" / "Aisha Bello.md").unlink()


def _daily_adds_a_link(root: Path) -> None:
    write(root / "daily" / "2026-11-21.md", "Coffee with [[Aisha Bello]] and [[Sam Whitaker]].\n")


def _daily_drops_a_link(root: Path) -> None:
    path = root / "daily" / "2026-11-18.md"
    write(path, path.read_text(encoding="utf-8").replace("[[Sam Whitaker]]", "Sam"))


def _alias(root: Path) -> None:
    path = root / "people" / "Aisha Bello.md"
    write(
        path,
        path.read_text(encoding="utf-8").replace("segment: peer", "aliases: [Sam]\nsegment: peer"),
    )


def _settings(root: Path) -> None:
    path = root / "vaultkeeper.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("touchpoints = 2", "touchpoints = 3")
        + '\n[segments.peer]\ncadence = "2-3w"\n',
        encoding="utf-8",
    )


CHANGES: dict[str, Callable[[Path], None]] = {
    "same size, mtime restored": _same_size_same_mtime,
    "a rename": _rename,
    "a delete": _delete,
    "a daily note adds links": _daily_adds_a_link,
    "a daily note drops a link": _daily_drops_a_link,
    "an alias that makes a name ambiguous": _alias,
    "a settings change": _settings,
}


@pytest.mark.parametrize("inbox", [True, False], ids=["with an inbox", "without an inbox"])
@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_every_command_after_a_change_prints_what_a_fresh_index_gives(
    tmp_path: Path, change: str, inbox: bool
) -> None:
    """Without a resources inbox the agenda is weighed from the index's briefs
    (`shortlist.py`); with one, from every record."""
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    if not inbox:
        (root / "Reading list.md").unlink()
    age(root)
    before = _outputs(root)  # the index and the cached agenda are current now
    CHANGES[change](root)
    after = _outputs(root)
    shutil.rmtree(root / CACHE_DIR)
    assert after == _outputs(root)
    assert after != before  # the change shows somewhere
