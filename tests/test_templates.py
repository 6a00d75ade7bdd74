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


@pytest.fixture
def compiled_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Jinja's cache of compiled templates in a folder of the test's own, and no template
    compiled in this process yet."""
    from vaultkeeper import templates

    folder = tmp_path / "compiled"
    folder.mkdir(mode=0o700)
    real = templates.compiled_cache
    monkeypatch.setattr(templates, "compiled_cache", lambda: real(str(folder)))
    templates._compiled.cache_clear()
    yield folder
    templates._compiled.cache_clear()


def _people(tmp_path: Path) -> Path:
    shutil.copytree(SMALL / "people", tmp_path / "vault" / "people")
    return tmp_path / "vault"


def test_shipped_templates_are_kept_compiled_between_processes(
    tmp_path: Path, compiled_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new process (here: a cleared per-process cache) loads the agenda's and the drafts'
    templates compiled, instead of compiling them again; a vault's own template never."""
    import jinja2

    from vaultkeeper import templates

    root = _people(tmp_path)
    first = render(root, "2026-11-18", Settings())
    assert len(list(compiled_in.iterdir())) >= 2  # the agenda's, and a draft's
    templates._compiled.cache_clear()

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert render(root, "2026-11-18", Settings()) == first
    (root / "own.md.j2").write_text("{{ agenda.title }}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="compiled again"):  # sandboxed: always compiled
        render(root, "2026-11-18", settings_from_toml({"agenda": {"template": "own.md.j2"}}))


@pytest.mark.parametrize("damage", ["garbled", "cut short", "read-only folder"])
def test_a_cache_of_compiled_templates_that_fails_only_means_compiling(
    tmp_path: Path, compiled_in: Path, damage: str
) -> None:
    from jinja2.bccache import bc_magic

    from vaultkeeper import templates

    root = _people(tmp_path)
    first = render(root, "2026-11-18", Settings())
    templates._compiled.cache_clear()
    for kept in compiled_in.iterdir():
        data = kept.read_bytes()
        if damage == "garbled":  # right after Jinja's magic: its checksum's pickle
            kept.write_bytes(data[: len(bc_magic)] + b"\xff" * 8 + data[len(bc_magic) + 8 :])
        elif damage == "cut short":
            kept.write_bytes(data[: len(data) // 2])
        else:
            kept.unlink()
    if damage == "read-only folder":
        compiled_in.chmod(0o500)
    try:
        assert render(root, "2026-11-18", Settings()) == first
    finally:
        compiled_in.chmod(0o700)


def test_compiled_templates_are_never_loaded_from_inside_the_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: with no temporary folder writable, Python falls back to the current
    folder, which may be the vault (synced from anywhere). Such a folder is refused, and so
    is any folder inside the vault."""
    import tempfile

    from vaultkeeper import templates

    root = _people(tmp_path)
    inside = root / ".cache"
    inside.mkdir(mode=0o700)
    real = templates.compiled_cache
    monkeypatch.setattr(templates, "compiled_cache", lambda: real(str(inside)))
    templates._compiled.cache_clear()
    try:
        first = render(root, "2026-11-18", Settings())
    finally:
        templates._compiled.cache_clear()
    assert list(inside.iterdir()) == []
    monkeypatch.chdir(root)
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(root))
    assert real.__wrapped__() is None  # Python's last resort: the folder it runs in
    assert render(root, "2026-11-18", Settings()) == first


def test_templates_stay_compiled_when_run_from_the_temporary_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found while measuring: run from `/tmp` itself, the temporary folder equals the current
    one, and the check for Python's last resort refused the system's own folder, so every
    agenda compiled its three templates again (40 ms)."""
    import tempfile

    from vaultkeeper import templates

    monkeypatch.chdir(tempfile.gettempdir())
    assert templates.compiled_cache.__wrapped__() is not None


def test_another_vaultkeeper_compiles_its_templates_again(
    tmp_path: Path, compiled_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: the key named only the template and Jinja's version, so a release
    with other Jinja options and the same templates would have run the old compiled code."""
    import jinja2

    from vaultkeeper import templates

    root = _people(tmp_path)
    first = render(root, "2026-11-18", Settings())
    templates._compiled.cache_clear()
    compiled: list[object] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, *args: object, **kwargs: object) -> object:
        compiled.append(args)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    monkeypatch.setattr(templates, "code_digest", lambda: "another release")
    assert render(root, "2026-11-18", Settings()) == first
    assert len(compiled) >= 2  # the agenda's and a draft's, compiled again


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
