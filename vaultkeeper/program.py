"""The program's edges before click loads, shared by `shortcut.py` and `shortcut_touch.py`:
reading one option and its value as click would, ending well on SIGTERM or a reader that
went away, and `inspect` loaded only when used. Imports nothing but `os`, `sys` and `types`."""

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


def defer_inspect() -> None:
    """Load `inspect` when something first reads from it, not when `dataclasses` imports it.

    On Python 3.11 `dataclasses` imports `inspect` (with `ast`, `dis` and `tokenize`: 4-5 ms,
    a twentieth of a short command at 10,000 contacts) for one use: the signature of a class
    without a docstring, and every class of ours has one. Until something reads from it,
    `sys.modules` holds a stand-in; the first attribute asked of it (`inspect.cleandoc`, `from
    inspect import x`) imports the real module, which takes its place. `importlib.util`'s
    `LazyLoader` cannot do this on 3.11: the import system reads the `__spec__` of a module it
    finds there, and that loads it.
    """
    if "inspect" not in sys.modules:
        sys.modules["inspect"] = _Deferred("inspect")


class _Deferred(ModuleType):
    """A module imported in full on first use (`defer_inspect`)."""

    def __getattr__(self, attribute: str) -> object:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = __import__(self.__name__)
        self.__dict__.update(real.__dict__)  # whoever holds the stand-in now finds it all
        return getattr(real, attribute)
