"""The agenda: exact expected output, determinism, settings and the write-only-on-change rule."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from support import EXAMPLE, SMALL, SMALL_AGENDA, render

from vaultkeeper.agenda import build_agenda
from vaultkeeper.agenda_file import write_if_changed
from vaultkeeper.config import settings_from_toml
from vaultkeeper.vault import load_vault

D = date.fromisoformat


def test_small_vault_agenda_is_exactly_as_expected() -> None:
    expected = SMALL_AGENDA.read_text(encoding="utf-8")
    assert render(SMALL, "2026-11-18") == expected


def test_example_vault_agenda_matches_the_committed_file() -> None:
    """The README's first command must reproduce example-vault/agenda.md byte for byte."""
    assert render(EXAMPLE, "2026-11-23") == (EXAMPLE / "agenda.md").read_text(encoding="utf-8")


def test_same_vault_same_day_same_bytes_whatever_the_file_order(tmp_path: Path) -> None:
    first = render(SMALL, "2026-11-18")
    copy = tmp_path / "vault"
    for path in sorted(SMALL.rglob("*.md"), reverse=True):
        target = copy / path.relative_to(SMALL)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    assert render(copy, "2026-11-18") == first


def test_every_day_of_the_week_gives_the_same_week_title() -> None:
    titles = {render(SMALL, f"2026-11-{day}").splitlines()[0] for day in range(16, 23)}
    assert titles == {"# Week of 16 Nov 2026"}
    assert render(SMALL, "2026-11-23").splitlines()[0] == "# Week of 23 Nov 2026"


def test_week_start_setting() -> None:
    settings = settings_from_toml({"agenda": {"week_start": "sunday"}})
    assert render(SMALL, "2026-11-18", settings).splitlines()[0] == "# Week of 15 Nov 2026"


def test_touchpoints_setting() -> None:
    settings = settings_from_toml({"agenda": {"touchpoints": 0}})
    text = render(SMALL, "2026-11-18", settings)
    assert "## Start here" not in text
    settings = settings_from_toml({"agenda": {"touchpoints": 4}})
    agenda = build_agenda(load_vault(SMALL, settings), D("2026-11-18"))
    assert [pick.link for pick in agenda.start_here] == [
        "[[Olive Overdue]]",
        "[[Rita Remind]]",
        "[[Carla Close|Carla Montes]]",
        "[[Dan Due]]",
    ]


def test_empty_vault_is_calm(tmp_path: Path) -> None:
    text = render(tmp_path, "2026-11-18")
    assert text == (
        "# Week of 16 Nov 2026\n\n"
        "Nobody is waiting on you this week. Enjoy the quiet.\n\n"
        "---\n"
        "Written by vaultkeeper for Wed 18 Nov 2026. "
        "Edit your contact notes, not this file: it is rewritten.\n"
    )


def test_write_if_changed_leaves_an_unchanged_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "agenda.md"
    assert write_if_changed(target, "one\n") is True
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    assert write_if_changed(target, "one\n") is False
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert write_if_changed(target, "two\n") is True
    assert target.read_text() == (
        "two\n\n<!-- Written by vaultkeeper: edit your contact notes, not this file. -->\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.md"]
