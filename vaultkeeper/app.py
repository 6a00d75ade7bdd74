"""What every command needs: where the vault is, what day it is, and the vault once loaded.

Created by the `vaultkeeper` group from `--vault` and `--today`; commands and parameter types
find it on click's context, so none of them reads the environment or the clock themselves.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .config import Settings, load_settings
from .walk import FileStat, find_vault

if TYPE_CHECKING:  # the vault is loaded only when a command asks for it
    from collections.abc import Collection

    from .contact import Problem
    from .outputs import Walked
    from .vault import Vault


@dataclass
class App:
    """What every command needs: where the vault is, what day it is, and the loaded vault."""

    vault_option: str | None
    today: date
    walked: Walked | None = None
    """The walk the shortcut did before the command line loaded, if it did one."""
    _root: Path | None = None
    _settings: Settings | None = None
    _vault: Vault | None = field(default=None, repr=False)

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = find_vault(self.vault_option, os.environ)
        return self._root

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.root)
        return self._settings

    @property
    def asked(self) -> tuple[Path, Settings, date]:
        """The vault's folder, its settings and the day: what a query of the index needs."""
        return self.root, self.settings, self.today

    def vault(self, files: list[FileStat] | None = None) -> Vault:
        """The whole vault, loaded once; `files`, when a walk was just done, spares another."""
        if self._vault is None:
            import gc

            from .index import load_indexed

            self._vault = load_indexed(self.root, self.settings, on_note=echo_note, files=files)
            gc.freeze()  # the vault lives as long as the command: spare it every GC pass
        return self._vault

    def say_unread(self, then: str, only: Collection[str] | None = None) -> list[Problem]:
        """Name on stderr the notes the loaded vault could not read, with why and what follows
        (`views.unread_notes`), those at `only`'s paths when given; returns their problems."""
        from .views import unread_notes
        from .walk import shown_path

        given = None if only is None else {shown_path(path) for path in only}
        unread = [p for p in self.vault().unread() if given is None or p.path in given]
        for line in unread_notes(unread, then):
            echo_note(line)
        return unread


def echo_note(line: str) -> None:
    """A note on stderr, once per command: a command that first tries the index and then
    loads the whole vault must not say twice that the index cannot be saved. A stderr that
    cannot be written to (a full disk, a closed descriptor) costs the note, not the answer."""
    if line not in _TOLD:
        _TOLD.add(line)
        with contextlib.suppress(OSError):
            click.echo(line, err=True)


_TOLD: set[str] = set()


def forget_notes() -> None:
    _TOLD.clear()


pass_app = click.make_pass_decorator(App)
