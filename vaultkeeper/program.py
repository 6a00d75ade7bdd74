"""The program's edges before click loads, shared by `shortcut.py` and `shortcut_touch.py`:
reading one option and its value as click would, ending well on SIGTERM or a reader that
went away, and modules others import for a rare use loaded only when used. Imports nothing
but `os`, `sys` and `types`."""

from __future__ import annotations

import os
import sys
from types import ModuleType

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO


def option_value(args: list[str], options: Sequence[str]) -> tuple[str, str] | None:
    """The option first in `args` and its value (`--via X` or `--via=X`), both taken off; None
    unless it is one of `options` with a value that is not empty and is no option itself."""
    arg = args.pop(0)
    option, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
    if option not in options:
        return None
    if not equals:
        if not args:
            return None
        value = args.pop(0)
    if not value or value.startswith("-"):
        return None
    return option, value


def terminated(signum: int, frame: object) -> None:
    """SIGTERM (what `timeout`, systemd and task runners send) unwinds like an exception, so a
    write in progress removes its temp file instead of leaving a copy of the note behind."""
    raise SystemExit(128 + signum)


def silenced(out: TextIO) -> None:
    """Point the stream at /dev/null, so Python's last flush at exit finds no closed pipe."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, out.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


DEFERRED = ("inspect", "ipaddress")
"""Standard modules that others import when they load, for a use the short commands never
make: `dataclasses` imports `inspect` (with `ast`, `dis` and `tokenize`, 4-5 ms) for the
signature of a class without a docstring, and every class of ours has one; `urllib.parse`,
which `pathlib` imports, imports `ipaddress` (1 ms) for a URL with a bracketed host."""


def defer_imports() -> None:
    """Load each of `DEFERRED` when something first reads from it, not when it is imported.

    Until then `sys.modules` holds a stand-in; the first attribute asked of it (a call of
    `inspect.cleandoc`, a `from inspect import signature`) imports the real module, which
    takes its place. `importlib.util.LazyLoader` cannot do this on 3.11: the import system
    reads the `__spec__` of a module it finds there, and that loads it.
    """
    for name in DEFERRED:
        if name not in sys.modules:
            sys.modules[name] = _Deferred(name)


class _Deferred(ModuleType):
    """A module imported in full on first use (`defer_imports`)."""

    def _load(self) -> ModuleType:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = __import__(self.__name__)
        vars(self).update(vars(real))  # whoever holds the stand-in now finds it all
        return real

    def __getattr__(self, attribute: str) -> object:
        return getattr(self._load(), attribute)

    def __setattr__(self, attribute: str, value: object) -> None:
        """Onto the real module too, whose own functions read its names."""
        setattr(self._load(), attribute, value)
        super().__setattr__(attribute, value)
