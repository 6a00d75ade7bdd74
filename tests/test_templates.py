"""A vault's own agenda template: used, sandboxed, and a clear error when it is missing or
broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import SMALL, render

from vaultkeeper.config import settings_from_toml
from vaultkeeper.errors import TemplateError


def test_vault_template_is_used_and_sandboxed(tmp_path: Path) -> None:
    (tmp_path / "my.md.j2").write_text(
        "{{ agenda.title }}: {{ agenda.overdue_count }} overdue\n", encoding="utf-8"
    )
    shutil.copytree(SMALL / "people", tmp_path / "people")
    settings = settings_from_toml({"agenda": {"template": "my.md.j2"}})
    assert render(tmp_path, "2026-11-18", settings) == "Week of 16 Nov 2026: 2 overdue\n"

    (tmp_path / "my.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError, match=r"my\.md\.j2"):
        render(tmp_path, "2026-11-18", settings)

    (tmp_path / "my.md.j2").write_text("{% for x in %}")
    with pytest.raises(TemplateError, match=r"my.md.j2, line 1"):
        render(tmp_path, "2026-11-18", settings)


def test_missing_vault_template_is_a_clear_error(tmp_path: Path) -> None:
    settings = settings_from_toml({"agenda": {"template": "nope.j2"}})
    with pytest.raises(TemplateError, match=r"cannot read the agenda template nope\.j2"):
        render(tmp_path, "2026-11-18", settings)
