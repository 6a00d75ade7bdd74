"""Each contact's part of the agenda, kept between builds: a kept part must never show what a
fresh build would not."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from support import SMALL

from vaultkeeper.agenda import build_agenda, render_agenda
from vaultkeeper.config import Settings, settings_from_toml
from vaultkeeper.live import Changes, LiveVault
from vaultkeeper.vault import load_vault
from vaultkeeper.week import AgendaMemo

TODAY = date(2026, 11, 18)
PEOPLE = "people"


def _set(name: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")

    return change


def _remove(name: str) -> Callable[[Path], None]:
    return lambda root: (root / name).unlink()


def _rename(old: str, new: str) -> Callable[[Path], None]:
    return lambda root: (root / old).rename(root / new)


CHANGES = {
    "a contact is touched": _set(
        "people/Dan Due.md", "---\nsegment: mentor\nlast_touch: 2026-11-17\n---\n"
    ),
    "a reminder is added": _set(
        "people/Fay Fine.md",
        "---\nsegment: peer\nreminders:\n  - date: 2026-11-19\n    note: Send the deck\n---\n",
    ),
    "a contact is deleted": _remove("people/Olive Overdue.md"),
    "a contact is renamed": _rename("people/Dan Due.md", "people/Daniel Due.md"),
    "a daily note mentions someone": _set("daily/2026-11-17.md", "Coffee with [[Dan Due]].\n"),
    "a daily note stops mentioning someone": _set("daily/2026-11-16.md", "A quiet day.\n"),
    "a second contact shares a file name": _set(
        "other/Dan Due.md", "---\nsegment: peer\nname: Dan Other\n---\n"
    ),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_a_kept_memo_renders_what_a_fresh_build_renders(tmp_path: Path, change: str) -> None:
    root = tmp_path / "vault"
    shutil.copytree(SMALL, root)
    settings = Settings()
    live = LiveVault(root, settings)
    live.read_all()
    memo = AgendaMemo()
    before = render_agenda(build_agenda(live.vault(), TODAY, memo), root, None)

    CHANGES[change](root)
    live.rescan()
    kept = render_agenda(build_agenda(live.vault(), TODAY, memo), root, None)
    fresh = render_agenda(build_agenda(load_vault(root, settings), TODAY), root, None)
    assert kept == fresh
    assert kept != before  # each change shows in the agenda


def test_a_new_day_or_new_settings_start_the_memo_afresh(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    shutil.copytree(SMALL, root)
    vault = load_vault(root, Settings())
    memo = AgendaMemo()
    build_agenda(vault, TODAY, memo)
    for day in (date(2026, 11, 19), date(2026, 12, 30)):
        kept = build_agenda(vault, day, memo)
        assert kept == build_agenda(vault, day)
    other = settings_from_toml({"segments": {"mentor": {"cadence": "1w"}}})
    vault = load_vault(root, other)
    assert build_agenda(vault, TODAY, memo) == build_agenda(vault, TODAY)


def test_reminders_with_the_same_day_and_text_keep_their_order(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    note = (
        "---\nsegment: peer\nreminders:\n"
        "  - date: 2026-11-19\n    note: Call\n"
        "  - date: 2026-11-19\n    note: Call\n---\n"
    )
    _set("Ana.md", note)(root)
    agenda = build_agenda(load_vault(root, Settings()), TODAY)
    assert [(item.link, item.text) for item in agenda.reminders] == [("[[Ana]]", "Call")] * 2


def test_the_watcher_keeps_its_memo_and_reuses_unchanged_parts(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    shutil.copytree(SMALL, root)
    live = LiveVault(root, Settings())
    live.read_all()
    memo = AgendaMemo()
    build_agenda(live.vault(), TODAY, memo)
    parts = dict(memo.parts)
    _set("people/Dan Due.md", "---\nsegment: mentor\nlast_touch: 2026-11-17\n---\n")(root)
    live.apply([f"{PEOPLE}/Dan Due.md"], Changes(), from_events=True)
    build_agenda(live.vault(), TODAY, memo)
    redone = {path for path, part in memo.parts.items() if parts.get(path) is not part}
    assert redone == {"people/Dan Due.md"}
