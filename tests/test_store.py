"""The SQLite file's stamp: what makes cached records count as made by this code."""

from __future__ import annotations

import shutil
from pathlib import Path

import vaultkeeper
from vaultkeeper import store
from vaultkeeper.config import Settings

PACKAGE = Path(vaultkeeper.__file__).parent


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "vaultkeeper"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_the_stamp_digests_the_installed_package() -> None:
    assert store.stamp(Settings())["code"] == store.code_digest(PACKAGE)


def test_renaming_a_parser_module_changes_the_digest(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    before = store.code_digest(package)
    (package / "parse.py").rename(package / "reader.py")
    assert store.code_digest(package) != before


def test_a_new_module_in_a_subpackage_changes_the_digest(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    before = store.code_digest(package)
    (package / "edit" / "extra.py").write_text("X = 1\n", encoding="utf-8")
    assert store.code_digest(package) != before


def test_a_template_edit_changes_the_digest_but_bytecode_does_not(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    before = store.code_digest(package)
    cache = package / "__pycache__"
    cache.mkdir()
    (cache / "parse.cpython-311.pyc").write_bytes(b"\0" * 10)
    assert store.code_digest(package) == before
    template = package / "templates" / "agenda.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert store.code_digest(package) != before
