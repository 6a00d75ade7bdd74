"""The fixtures every test module shares: vaults in tmp_path (helpers live in support.py).

`vault` is the one vault most tests need: a copy of tests/fixtures/small-vault. A test that needs
other content asks `make_vault` for it, or for one of the named vaults below (test_cli_write.py
builds its `jordan_vault` the same way). The watch tests keep their own `watch_vault`, which must
live outside /tmp (see tests/test_watch.py).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from support import EXAMPLE, NOTE, SMALL, MakeVault, age, write

# vaultkeeper remembers its code's digest in the user's cache folder: the tests' own, here
# (set before any test runs, so every process they start inherits it).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="vaultkeeper-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)


@pytest.fixture
def make_vault(tmp_path: Path) -> MakeVault:
    """A factory: `make_vault(files, copy=FOLDER, name="vault")` makes `tmp_path / name`.

    It starts as a copy of FOLDER (without its index) or empty, gets `files` (relative path ->
    text or bytes), and every note is then settled: saved a minute ago, as a vault that was not
    just written is.
    """

    def make(
        files: Mapping[str, str | bytes] | None = None,
        *,
        copy: Path | None = None,
        name: str = "vault",
    ) -> Path:
        root = tmp_path / name
        if copy is None:
            root.mkdir(parents=True)
        else:
            shutil.copytree(copy, root, ignore=shutil.ignore_patterns(".vaultkeeper"))
        for path, text in (files or {}).items():
            write(root / path, text)
        age(root)
        return root

    return make


@pytest.fixture
def vault(make_vault: MakeVault) -> Path:
    """A copy of tests/fixtures/small-vault: eight contacts of every status, one daily note
    and one broken note."""
    return make_vault(copy=SMALL)


@pytest.fixture
def big_vault(make_vault: MakeVault) -> Path:
    """The example vault with the small vault copied in under `more/`: many notes, and names
    that two folders share."""
    root = make_vault(copy=EXAMPLE, name="example")
    shutil.copytree(SMALL, root / "more")
    age(root)
    return root


@pytest.fixture
def note_path(make_vault: MakeVault) -> Path:
    """One contact note, `Jordan Lee.md` holding support.NOTE, alone in its vault folder."""
    return make_vault({"Jordan Lee.md": NOTE}) / "Jordan Lee.md"
