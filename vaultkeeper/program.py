"""The program's edges before click loads, shared by `shortcut.py` and `shortcut_touch.py`:
reading one option and its value as click would, ending well on SIGTERM or a reader that
went away, and modules others import for a rare use loaded only when used. Imports nothing
but `os`, `sys`, `types` and `_thread`."""

from __future__ import annotations

import os
import sys
from _thread import RLock
from types import ModuleType

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, TextIO


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
    """A module imported in full on first use (`defer_imports`), and after that a window onto
    it: whoever holds the stand-in reads and writes the real module's names, as they are now.
    Its spec is found when first asked for (every `import` statement asks), without loading
    it, so `importlib.util.find_spec` and `importlib.reload` work as for any module."""

    def __getattribute__(self, attribute: str) -> Any:
        own = object.__getattribute__(self, "__dict__")
        real = own.get("_real")
        if real is not None:
            return getattr(real, attribute)
        if attribute == "__spec__" and own.get("__spec__") is None:
            own["__spec__"] = _spec(own["__name__"])
        return object.__getattribute__(self, attribute)  # a name it lacks: `__getattr__`

    def __getattr__(self, attribute: str) -> Any:
        return getattr(_load(self), attribute)

    def __setattr__(self, attribute: str, value: object) -> None:
        own = object.__getattribute__(self, "__dict__")
        if attribute == "__spec__" and own.get("_real") is None:
            own[attribute] = value  # `importlib.reload` sets it before it loads the module
        else:
            setattr(_load(self), attribute, value)

    def __delattr__(self, attribute: str) -> None:
        delattr(_load(self), attribute)

    def __dir__(self) -> list[str]:
        return dir(_load(self))


_LOADING = RLock()
"""Two threads that first use a stand-in at once: one imports the module, the other waits."""


def _load(stand_in: _Deferred) -> ModuleType:
    own = object.__getattribute__(stand_in, "__dict__")
    with _LOADING:
        if own.get("_real") is None:
            name = own["__name__"]
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
            own["_real"] = __import__(name)
    real: ModuleType = own["_real"]
    return real


def _spec(name: str) -> Any:
    for finder in sys.meta_path:
        found = getattr(finder, "find_spec", None)
        spec = found(name, None) if found is not None else None
        if spec is not None:
            return spec
    return None
