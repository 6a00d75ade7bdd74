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


def test_a_vault_s_template_is_compiled_once(tmp_path: Path) -> None:
    """The watcher renders after every save: a vault's template is compiled once per process,
    and again when its text changes."""
    from vaultkeeper import templates

    shutil.copytree(SMALL / "people", tmp_path / "people")
    (tmp_path / "same.md.j2").write_text(templates.builtin_text("agenda.md.j2"), encoding="utf-8")
    own = settings_from_toml({"agenda": {"template": "same.md.j2"}})
    templates.sandboxed.cache_clear()
    first = render(tmp_path, "2026-11-18", own)
    assert first == render(tmp_path, "2026-11-18", Settings())
    assert templates.sandboxed.cache_info().misses == 1
    assert render(tmp_path, "2026-11-18", own) == first
    assert templates.sandboxed.cache_info().misses == 1
    (tmp_path / "same.md.j2").write_text("{{ agenda.title }}\n", encoding="utf-8")
    assert render(tmp_path, "2026-11-18", own) == "Week of 16 Nov 2026\n"  # the new text
    assert templates.sandboxed.cache_info().misses == 2


def test_a_remembered_render_is_not_rendered_again(tmp_path: Path) -> None:
    """Within `remembering`, a template given the same values answers from what it rendered
    before; another text of the template, or other values, render anew."""
    from vaultkeeper.templates import remembering
    from vaultkeeper.templates import render as render_template

    (tmp_path / "mine.j2").write_text("Hi {{ name }}\n", encoding="utf-8")
    with remembering({}) as first:
        assert render_template("x", {"name": "Ana"}, tmp_path, "mine.j2") == "Hi Ana\n"
    (key,) = first.used
    planted = {key: "kept\n"}
    with remembering(planted) as again:
        assert render_template("x", {"name": "Ana"}, tmp_path, "mine.j2") == "kept\n"
        assert render_template("x", {"name": "Ben"}, tmp_path, "mine.j2") == "Hi Ben\n"
    assert again.used[key] == "kept\n" and len(again.used) == 2
    (tmp_path / "mine.j2").write_text("Hello {{ name }}\n", encoding="utf-8")
    with remembering(planted):
        assert render_template("x", {"name": "Ana"}, tmp_path, "mine.j2") == "Hello Ana\n"
        unpicklable = {"name": "Ana", "f": lambda: 1}
        assert render_template("x", unpicklable, tmp_path, "mine.j2") == "Hello Ana\n"
    assert render_template("x", {"name": "Ana"}, tmp_path, "mine.j2") == "Hello Ana\n"  # none kept
