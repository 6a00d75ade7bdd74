"""The `vaultkeeper` program: a warm `agenda` is answered here, before the command line loads.

An editor hook runs `vaultkeeper agenda` after every save, and usually nothing it depends on has
changed: the answer is the agenda kept in `.vaultkeeper/`, found with a walk of the vault. Loading
click and every command's options costs about as much as that walk, so this one invocation is
recognised here first: `[--vault DIR] [--today DATE] agenda [--stdout]`, nothing else. Anything
more (other commands, help, a mistake, a kept agenda that is not current, any error) goes to
the full command line in `cli.py`, which gives the same answer the same way.
"""

from __future__ import annotations

import os
import sys
from datetime import date

from .errors import VaultkeeperError

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import TextIO

    from .outputs import Walked

Asked = tuple[str | None, date, bool]
"""The warm agenda's `--vault`, its day, and whether `--stdout` was given."""


def main() -> None:
    found = answer(sys.argv[1:], os.environ, sys.stdout)  # only reads: SIGTERM may stop it
    if isinstance(found, int):
        sys.exit(found)
    import signal

    from .cli import cli

    signal.signal(signal.SIGTERM, terminated)
    cli(prog_name="vaultkeeper", obj=found)  # the walk, when one was done, is not done again


def terminated(signum: int, frame: object) -> None:
    """SIGTERM (what `timeout`, systemd and task runners send) unwinds like an exception, so a
    write in progress removes its temp file instead of leaving a copy of the note behind."""
    raise SystemExit(128 + signum)


def parse(argv: Sequence[str], env: Mapping[str, str]) -> Asked | None:
    """The warm agenda's arguments, or None for anything the full command line should read."""
    values: dict[str, str] = {}
    args = list(argv)
    while args and args[0] != "agenda":
        option, equals, value = args.pop(0).partition("=")
        if option not in ("--vault", "--today") or option in values:
            return None
        if not equals:
            if not args:
                return None
            value = args.pop(0)
        if not value or value.startswith("-"):
            return None
        values[option] = value
    if args[1:] not in ([], ["--stdout"]) or not args:
        return None
    when = values.get("--today") or env.get("VAULTKEEPER_TODAY")
    try:
        today = date.fromisoformat(when) if when else date.today()
    except ValueError:
        return None
    return values.get("--vault"), today, args[1:] == ["--stdout"]


def answer(argv: Sequence[str], env: Mapping[str, str], out: TextIO) -> int | Walked | None:
    """Print the kept agenda (or say the file holds it) and return the exit code. Otherwise,
    having printed and written nothing, return the walk that found the kept agenda stale (if
    it got that far), for the full command line, which then answers."""
    asked = parse(argv, env)
    if asked is None or out is None or (out.encoding or "").lower().replace("-", "") != "utf8":
        return None  # no stdout at all, or click re-encodes for this terminal: let it
    from .outputs import Kept, agenda_bytes, agenda_line, check_kept
    from .scan import locate

    try:
        vault, today, to_stdout = asked
        root = locate(vault, env)
        kept = check_kept(root, today.isoformat())
        if not isinstance(kept, Kept):
            return kept
        if to_stdout:
            said = kept.text
        else:
            agenda = kept.recipe[0]
            if any(part in ("", ".") for part in agenda.split("/")):
                return None  # a path the full command line shows in its own normal form
            target = os.path.join(root, agenda)
            with open(target, "rb") as file:
                if file.read() != agenda_bytes(kept.text):
                    return None  # to be written: the full command line does that
            said = agenda_line(False, target, kept.summary) + "\n"
        if "\x1b" in said:  # click strips terminal escapes from piped output; let it
            return None
    except (VaultkeeperError, OSError, ValueError):
        return None  # the full command line says what went wrong, in its own words
    try:
        out.write(said)
        out.flush()
    except BrokenPipeError:  # the reader went away (`| head`): quietly, as click does
        _silenced(out)
        return 1
    return 0


def _silenced(out: TextIO) -> None:
    """Point the stream at /dev/null, so Python's last flush at exit finds no closed pipe."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, out.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass
