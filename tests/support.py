"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from vaultkeeper.config import Settings
from vaultkeeper.edit import engine

CONTEXT = engine.NoteContext(Settings())


def edit_note(
    path: Path, label: str, planner: engine.Planner, **kwargs: bool
) -> engine.EditResult:
    """The engine with a vault's default settings and no daily-note mentions."""
    return engine.edit_note(path, label, planner, context=CONTEXT, **kwargs)
