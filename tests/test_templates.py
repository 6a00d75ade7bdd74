"""A vault's own agenda template: used, sandboxed, and a clear error when it is missing or
broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import SMALL, render

from vaultkeeper.config import Settings, settings_from_toml
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


def test_a_template_is_compiled_once_and_a_vault_s_stays_sandboxed(tmp_path: Path) -> None:
    """The watcher renders after every save: the compiled template is kept per process, and a
    vault's template with the shipped one's text is still compiled for the sandbox."""
    from vaultkeeper import templates

    shutil.copytree(SMALL / "people", tmp_path / "people")
    templates._compiled.cache_clear()
    first = render(tmp_path, "2026-11-18", Settings())
    compiled = templates._compiled.cache_info().misses  # the agenda's, and its drafts'
    assert render(tmp_path, "2026-11-18", Settings()) == first
    assert templates._compiled.cache_info().misses == compiled
    (tmp_path / "same.md.j2").write_text(templates.builtin_text("agenda.md.j2"), encoding="utf-8")
    own = settings_from_toml({"agenda": {"template": "same.md.j2"}})
    assert render(tmp_path, "2026-11-18", own) == first
    assert templates._compiled.cache_info().misses == compiled + 1  # sandboxed: compiled apart
    (tmp_path / "same.md.j2").write_text("{{ agenda.title }}\n", encoding="utf-8")
    assert render(tmp_path, "2026-11-18", own) == "Week of 16 Nov 2026\n"  # the new text
