"""The `vaultkeeper` program: a warm `agenda`, a `show`, a plain `list` and a `touch` are
answered here, before the command line loads.

An editor hook runs `vaultkeeper agenda` after every save, and usually nothing it depends on has
changed: the answer is the agenda kept in `.vaultkeeper/`, found with a walk of the vault.
`show NAME` and `list` are what people run by hand all day; when the index is sealed for this
very walk (`lookup.sealed_contact`), `show`'s answer is a query and the index's record of the
note, and `list` is a query once the index is brought up to date. Loading click and every
command's options costs about as much as the walk, so these are recognised here first:
`[--vault DIR] [--today DATE] agenda [--stdout]`, `... show [--json] NAME`, `... list
[--json]` and `... touch NAME` with a few options (`shortcut_touch.py`), nothing else. When
the walk finds a note changed since the kept agenda, the agenda is made here too, through the
same core `cli.agenda` calls (`agenda_file`). Anything more
(other commands, filters, help, a mistake, a name the index cannot settle, no kept agenda, any
error) goes to the full command line in `cli.py`, which gives the same answer the same way.
"""

from __future__ import annotations

import os
import sys
from datetime import date

from .errors import VaultkeeperError
from .program import defer_imports, option_value, silenced, terminated

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import TextIO

    from .outputs import Handover, Walked
    from .vault import Vault
    from .walk import FileStat

Asked = tuple[str | None, date, str, bool, str]
"""What the shortcut may answer: the `--vault` given, the day, the command (`agenda`, `show` or
`list`), its flag (`--stdout`, `--json`) and `show`'s NAME."""


def run() -> None:
    """The `vaultkeeper` program (the installed command): `main`, then out through `leave`.
    `python -m vaultkeeper` calls `main` alone and ends as any Python program does, so a
    profiler or coverage run still writes its data at exit."""
    try:
        main()
    except SystemExit as stopped:  # how `main` and click end every command
        if stopped.code is None or isinstance(stopped.code, int):
            leave(stopped.code or 0)
        raise


def main() -> None:
    import gc

    # The answers here last a fraction of a second and make few reference cycles (freed when
    # the process ends); the collector's passes over every object the imports and the index's
    # rows make cost 4-7 ms of a 100-150 ms command at 10,000 contacts. The command line (any
    # other command, and `watch`, which runs for hours) collects as usual.
    gc.disable()
    defer_imports()
    try:
        found = answer(sys.argv[1:], os.environ, sys.stdout)
    except KeyboardInterrupt:  # Ctrl-C: as the command line says it
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    if isinstance(found, int):
        sys.exit(found)
    gc.enable()
    import signal

    from .cli import cli

    signal.signal(signal.SIGTERM, terminated)
    cli(prog_name="vaultkeeper", obj=found)  # the walk, when one was done, is not done again


def leave(code: int) -> None:
    """Exit once the answer is out, without Python tearing down every module and object one
    by one: 7 ms of a 100 ms `show` at 10,000 contacts, 10 ms of a `touch` or a `list`.
    Every file a command writes is closed (and renamed into place) before it returns, and
    its index connections closed, committed; only the standard streams are left to flush.
    Not while a thread or a worker process is still running (a pool's, when SIGTERM stopped
    an `index`): Python's own shutdown then stops and waits for them, as it always did."""
    if _still_working():
        sys.exit(code)
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # gone or closed: nothing more to say
            if stream is not None:  # None when started without one
                stream.flush()
    os._exit(code)


def _still_working() -> bool:
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return True
    processes = sys.modules.get("multiprocessing")
    return processes is not None and bool(processes.active_children())


_FLAGS = {"agenda": "--stdout", "show": "--json", "list": "--json"}
"""The commands answered here, each with the one flag it may take."""
_COMMANDS = (*_FLAGS, "touch")
"""With `touch`, whose options `shortcut_touch.py` reads."""


def parse(argv: Sequence[str], env: Mapping[str, str]) -> Asked | None:
    """The arguments of an `agenda`, a `show` or a `list` answered here, or None for anything
    the full command line should read."""
    return _asked(command_line(argv, env))


def _asked(found: tuple[str | None, date, str, list[str]] | None) -> Asked | None:
    if found is None or found[2] not in _FLAGS:
        return None
    vault, today, command, rest = found
    flag = _FLAGS[command]
    words = [word for word in rest if word != flag]
    if len(rest) - len(words) > 1 or len(words) != (command == "show"):
        return None
    if words and (not words[0] or words[0].startswith("-")):
        return None
    name = words[0] if words else ""
    return vault, today, command, len(words) < len(rest), name


def command_line(
    argv: Sequence[str], env: Mapping[str, str]
) -> tuple[str | None, date, str, list[str]] | None:
    """`--vault` and the day (`--today`, `$VAULTKEEPER_TODAY`, else the clock's), the command
    and what follows it; None when anything else comes first."""
    values: dict[str, str] = {}
    args = list(argv)
    while args and args[0] not in _COMMANDS:
        found = option_value(args, ("--vault", "--today"))
        if found is None or found[0] in values:
            return None
        values[found[0]] = found[1]
    if not args:
        return None
    when = values.get("--today") or env.get("VAULTKEEPER_TODAY")
    try:
        today = date.fromisoformat(when) if when else date.today()
    except ValueError:
        return None
    return values.get("--vault"), today, args[0], args[1:]


def answer(argv: Sequence[str], env: Mapping[str, str], out: TextIO) -> int | Handover | None:
    """Print the answer and return the exit code. Otherwise, having printed and written
    nothing, return what it found on the way (the walk that found the kept agenda stale, the
    notes about the index) for the full command line, which then answers."""
    if out is None or (out.encoding or "").lower().replace("-", "") != "utf8":
        return None  # no stdout at all, or click re-encodes for this terminal: let it
    found = command_line(argv, env)
    if found is not None and found[2] == "touch":
        from .shortcut_touch import touched

        return touched(found, env, out)
    asked = _asked(found)
    if asked is None:
        return None
    from .scan import locate

    vault, today, command, flag, name = asked
    try:
        root = locate(vault, env)
        if command == "agenda":
            said = _agenda(root, today, flag)
        elif command == "show":
            said = _show(root, today, flag, name)
        else:
            said = _list(root, today, flag)
        if not isinstance(said, str):
            return said
        if "\x1b" in said:  # click strips terminal escapes from piped output; let it
            return None
    except (VaultkeeperError, OSError, ValueError):
        return None  # the full command line says what went wrong, in its own words
    try:
        out.write(said)
        out.flush()
    except BrokenPipeError:  # the reader went away (`| head`): quietly, as click does
        silenced(out)
        return 1
    return 0


_REBUILD_IMPORTS = (
    *("signal", "pathlib", "vaultkeeper.atomic", "vaultkeeper.config", "vaultkeeper.walk"),
    *("vaultkeeper.names", "vaultkeeper.parts", "vaultkeeper.index_tables", "vaultkeeper.store"),
    *("vaultkeeper.contact", "vaultkeeper.index", "vaultkeeper.agenda_file"),
    *("vaultkeeper.schedule", "vaultkeeper.matching", "vaultkeeper.note", "vaultkeeper.signals"),
    *("vaultkeeper.lint.private", "vaultkeeper.log", "vaultkeeper.summary", "vaultkeeper.parse"),
    *("vaultkeeper.vault", "vaultkeeper.resources", "vaultkeeper.scales", "vaultkeeper.shortlist"),
    *("vaultkeeper.standing", "vaultkeeper.index_source", "vaultkeeper.pool"),
    *("vaultkeeper.listing", "vaultkeeper.week", "vaultkeeper.picks", "vaultkeeper.agenda"),
    *("vaultkeeper.draft.compose", "vaultkeeper.builtin_render"),
)
"""What an agenda after an edit imports (`_made`), each after what it imports, a few ms apiece:
imported while another core walks the vault, up to the moment the walk is in (`beside.py`)."""


def _agenda(root: str, today: date, to_stdout: bool) -> str | Handover | None:
    """The kept agenda, or the line saying the file holds it."""
    from .outputs import Walked, agenda_bytes, agenda_line, check_kept

    kept = check_kept(
        root, today.isoformat(), () if os.environ.get("VK_NOBESIDE") else _REBUILD_IMPORTS
    )
    if isinstance(kept, Walked):
        return _made(root, today, to_stdout, kept)
    if kept is None:
        return None
    if to_stdout:
        return kept.text
    agenda = kept.recipe[0]
    if any(part in ("", ".") for part in agenda.split("/")):
        return None  # a path the full command line shows in its own normal form
    target = os.path.join(root, agenda)
    with open(target, "rb") as file:
        if file.read() != agenda_bytes(kept.text):
            return None  # to be written: the full command line does that
    return agenda_line(False, target, kept.summary) + "\n"


def _made(root: str, today: date, to_stdout: bool, walked: Walked) -> str | Handover:
    """The agenda after an edit, made and written as `cli.agenda` makes it (through the index,
    `agenda_file`), without loading click and every command's options: a third of the time.
    What it notes about the index is printed after it. Should it fail, or hold a terminal
    escape (click strips them), nothing is printed and the full command line answers, with
    the walk done and the notes to print (`Walked.told`)."""
    import signal
    from pathlib import Path

    from .agenda_file import agenda_answer
    from .config import load_settings
    from .index import load_indexed

    signal.signal(signal.SIGTERM, terminated)  # writes from here on: unwind on SIGTERM
    vault = Path(root)
    note = walked.note
    try:
        settings = load_settings(vault)

        def load(files: list[FileStat]) -> Vault:
            return load_indexed(vault, settings, on_note=note, files=files)

        target = None if to_stdout else vault / settings.agenda_path
        if "\x1b" in str(target):  # the line would name it: before writing, not after
            return walked
        said = agenda_answer(vault, settings, today, load, target, note, walked)
    except VaultkeeperError:
        return walked
    return _with_notes(said, walked)


def _list(root: str, today: date, as_json: bool) -> str | Handover:
    """`list` or `list --json` with no filters, as `cli.list_` answers them (`list_answer`),
    without loading click and every command's options. What the index notes on the way is
    printed after the list, or left to the command line with an error to say."""
    import signal
    from pathlib import Path

    from .config import load_settings
    from .outputs import Handover
    from .query import Filters, list_answer

    signal.signal(signal.SIGTERM, terminated)  # the index may be written from here on
    vault, handed = Path(root), Handover()
    settings = load_settings(vault)
    try:
        said = list_answer(vault, settings, today, Filters(), as_json, handed.note)
    except VaultkeeperError:
        return handed  # the command line says what went wrong, with what was noted on the way
    return _with_notes(said + "\n", handed)


def _with_notes(said: str, handed: Handover) -> str | Handover:
    """The answer, once the notes heard on the way are on stderr; all of it to the command
    line when any holds a terminal escape (click strips them)."""
    if "\x1b" in said or any("\x1b" in line for line in handed.told):
        return handed
    if sys.stderr is not None:  # None when started without one (`2>&-`): as click, say nothing
        try:
            for line in handed.told:
                sys.stderr.write(line + "\n")
        except OSError:  # a stderr that cannot be written to costs the notes, not the answer
            pass
    return said


def _show(root: str, today: date, as_json: bool, name: str) -> str | None:
    """`show NAME`, from the index's own record, when the index is sealed for this very walk
    (no note has changed since a command found it current): no note is read, nothing written."""
    from pathlib import Path

    from .config import load_settings
    from .lookup import sealed_contact
    from .scan import scan

    vault = Path(root)
    settings = load_settings(vault)
    leftovers: list[str] = []
    files = list(scan(root, settings.agenda_path, settings.ignores, leftovers))
    contact = None if leftovers else sealed_contact(vault, settings, name, files)
    if contact is None:
        return None
    from .schedule import schedule
    from .views import describe_contact, show_json

    plan = schedule(contact, today, settings)
    shown = show_json(contact, plan) if as_json else describe_contact(contact, plan, today)
    return shown + "\n"
