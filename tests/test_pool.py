"""Reading notes on every core: the same vault as one process, a fallback, progress."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import load

from vaultkeeper import pool
from vaultkeeper.config import load_settings
from vaultkeeper.vault import load_vault


def test_pool_and_single_process_give_identical_vaults(big_vault: Path) -> None:
    root = big_vault
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
