"""`touch NAME` answered before the command line loads (`shortcut.py`): people log a touch after
each conversation, and loading click and its options costs a tenth of the command.

Only `touch NAME` with `--via`, `--note`/`-m` and `--kind` is answered here, each value cleaned
by the function the command line's options use (`edit.plans.clean_value`); any other option, a
value it refuses, or a vault that cannot be found goes to the full command line, having
written nothing. Once the note is being changed, this is the command: what goes wrong is
said here, in the command line's words (`Error: ...`, exit code 1), never handed on to be tried
twice.
"""

from __future__ import annotations

import sys
from datetime import date

from .errors import VaultkeeperError
from .program import option_value, silenced, terminated

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

    from .edit.plans import TouchRequest

_VALUES = {"--via": "via", "--note": "note", "-m": "note", "--kind": "kind"}
"""The options read here, each with a value; `--kind` may be given again."""


def touch_options(rest: list[str]) -> tuple[str, dict[str, str], list[str]] | None:
    """NAME, `--via` and `--note` by name, and the `--kind`s; None for any other shape."""
    name: str | None = None
    values: dict[str, str] = {}
    kinds: list[str] = []
    args = list(rest)
    while args:
        arg = args[0]
        if arg.startswith("-"):
            found = option_value(args, tuple(_VALUES))
            if found is None:
                return None
            key = _VALUES[found[0]]
            if key == "kind":
                kinds.append(found[1])
            elif key in values:
                return None
            else:
                values[key] = found[1]
        elif not arg or name is not None:
            return None
        else:
            name = args.pop(0)
    return None if name is None else (name, values, kinds)


def request_of(values: dict[str, str], kinds: list[str], today: date) -> TouchRequest | None:
    """The touch asked for, cleaned as the command line's options clean it (`params.Cleaned`:
    an empty note is no note); None when a value is refused (the command line then says why,
    exit code 2)."""
    from .edit.plans import clean_value, touch_request

    try:
        via = clean_value("channel", values["via"]) if "via" in values else None
        note = values.get("note", "")
        note = clean_value("note", note) if note.strip() else ""
        cleaned = tuple(clean_value("kind", kind) for kind in kinds)
    except VaultkeeperError:
        return None
    return touch_request(today, via, cleaned, note)


def touched(
    found: tuple[str | None, date, str, list[str]], env: Mapping[str, str], out: TextIO
) -> int | None:
    """Log the touch and print what changed, as `cli_write.touch` does: the exit code, or None
    (nothing written) for the full command line to answer."""
    import signal
    from pathlib import Path

    from .config import load_settings
    from .scan import locate

    vault, today, _, rest = found
    options = touch_options(rest)
    if options is None or "\x1b" in " ".join(rest):
        return None
    name, values, kinds = options
    request = request_of(values, kinds, today)
    if request is None:
        return None
    try:
        root = Path(locate(vault, env))
        settings = load_settings(root)
    except (VaultkeeperError, OSError, ValueError):
        return None  # the command line says what went wrong, in its own words
    from .edit.commands import change_contact
    from .edit.plans import plan_touch

    signal.signal(signal.SIGTERM, terminated)  # writes from here on: unwind on SIGTERM
    told: set[str] = set()

    def say(line: str) -> None:
        if line not in told:
            told.add(line)
            _write(sys.stderr, line)

    try:
        result = change_contact(root, settings, name, plan_touch(request, today), on_note=say)
    except VaultkeeperError as exc:  # with stderr closed, click says it on stdout
        _write(sys.stderr if sys.stderr is not None else out, f"Error: {exc}")
        return 1
    line = f"{result.label}: {result.summary}" + ("" if result.changed else " (unchanged)")
    try:
        _write(out, line)
    except BrokenPipeError:  # the reader went away: the note is written all the same
        silenced(out)
        return 1
    for hint in result.hints:
        say(f"Hint: {hint}")
    return 0


def _write(stream: TextIO | None, line: str) -> None:
    """A line as `click.echo` writes it: without terminal escapes, unless to a terminal (a
    note's path or name may hold one; then click is loaded, to strip what its version does)."""
    if stream is None:
        return
    if "\x1b" in line and not stream.isatty():
        import click

        line = click.unstyle(line)
    stream.write(line + "\n")
    stream.flush()
