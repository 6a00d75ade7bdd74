"""The program's edges before click loads, shared by `shortcut.py` and `shortcut_touch.py`:
reading one option and its value as click would, and ending well on SIGTERM or a reader that
went away. Imports nothing but `os`."""

from __future__ import annotations

import os

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
