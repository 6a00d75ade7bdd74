"""The write commands as calls: finding the note a name means, and naming one that is broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultkeeper.config import Settings
from vaultkeeper.edit import commands
from vaultkeeper.errors import ContactNotFoundError, EditError
from vaultkeeper.index import load_directory


def test_a_broken_note_is_named_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "Broken Note.md").write_text(
        "---\nsegment: peer\ntags: [a, b\n---\n", encoding="utf-8"
    )
    (tmp_path / "Fine.md").write_text("---\nsegment: peer\n---\n", encoding="utf-8")
    vault = load_directory(tmp_path, Settings())
    with pytest.raises(EditError, match=r"Broken Note.md cannot be read: invalid YAML on line"):
        commands.resolve_note(vault, "broken")
    with pytest.raises(ContactNotFoundError):
        commands.resolve_note(vault, "nobody")
    assert commands.resolve_note(vault, "fine").path == "Fine.md"
