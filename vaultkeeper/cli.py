"""The `vaultkeeper` command line: parse options, call the core, print. No logic of its own."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, params
from .app import App, echo_note, forget_notes, pass_app
from .errors import VaultkeeperError
from .outputs import Handover, Walked

F = TypeVar("F", bound=Callable[..., Any])


ELSEWHERE = {
    "cli_write": ("new", "touch", "promise", "done", "remind", "snooze", "sort"),
    "cli_suggest": ("intros", "roundtable", "match"),
    "cli_review": ("review",),
    "cli_lint": ("lint",),
    "cli_draft": ("draft",),
    "cli_interop": ("import", "export"),
}
"""The commands each `cli_*` module defines (its `COMMANDS`), imported only when one of them
is run or help lists them all: every command's options cost a `touch` a tenth of its time."""
_MODULE_OF = {name: module for module, names in ELSEWHERE.items() for name in names}


class _Group(click.Group):
    """Turns every `VaultkeeperError` into a one-line message and exit code 1, and loads the
    commands of the `cli_*` modules lazily (`ELSEWHERE`), as click's documentation shows."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_MODULE_OF})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = _MODULE_OF.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            self._load(module)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and args[0] not in _MODULE_OF:
            for module in ELSEWHERE:  # a mistyped name: every command, for "Did you mean"
                self._load(module)
        return super().resolve_command(ctx, args)

    def _load(self, module: str) -> None:
        for command in importlib.import_module(f".{module}", __package__).COMMANDS:
            self.add_command(command)

    def invoke(self, ctx: click.Context) -> Any:
        forget_notes()  # each command says each note once (tests run many in one process)
        try:
            return super().invoke(ctx)
        except VaultkeeperError as exc:
            raise click.ClickException(str(exc)) from None


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--vault",
    metavar="DIR",
    help="The vault folder. Default: $VAULTKEEPER_VAULT, else the nearest folder up "
    "holding vaultkeeper.toml, else the current folder.",
)
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    envvar="VAULTKEEPER_TODAY",
    callback=_parse_today,
    help="Pretend today is this date (also $VAULTKEEPER_TODAY).",
)
@click.version_option(__version__, prog_name="vaultkeeper")
@click.pass_context
def cli(ctx: click.Context, vault: str | None, today: date) -> None:
    """Keep in touch with the people who matter, from a folder of Markdown notes.

    Each contact is a note whose front matter has a `segment`. vaultkeeper works out who is
    due for a touchpoint and writes a weekly agenda.md you read in the same editor.
    """
    handed = ctx.obj if isinstance(ctx.obj, Handover) else None  # by the shortcut, if any
    ctx.obj = App(vault, today, handed if isinstance(handed, Walked) else None)
    for line in handed.told if handed is not None else ():
        echo_note(line)  # what the shortcut found before it handed on: said once


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Start a vault in DIRECTORY: a config, a sample contact and the .vaultkeeper/ folder.

    \b
    Example:
      vaultkeeper init ~/notes/people
    """
    from .scaffold import init_vault

    for line in init_vault(directory):
        click.echo(line)


@cli.command()
@pass_app
def index(app: App) -> None:
    """Read every note, print a summary and every file that could not be read, with why.

    \b
    Example:
      vaultkeeper --vault example-vault index
    """
    from .index import IndexStats, load_directory
    from .views import index_report

    stats, bar = IndexStats(), _ProgressBar()
    try:
        directory = load_directory(
            app.root, app.settings, on_note=echo_note, progress=bar, stats=stats
        )
    finally:
        bar.close()
    click.echo(index_report(directory, stats.describe()))


class _ProgressBar:
    """`index`'s progress bar: on a terminal (stderr), for long runs only; never when piped."""

    SHOW_FROM = 1000  # notes to read

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            import sys

            stream = sys.stderr
            if total < self.SHOW_FROM or not stream.isatty():
                return
            self._bar = click.progressbar(length=total, label="Reading notes", file=stream)
            self._bar.__enter__()
        self._bar.update(done - self._bar.pos)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


@cli.command()
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the agenda instead of writing it.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of the vault's agenda path.",
)
@pass_app
def agenda(app: App, to_stdout: bool, out: Path | None) -> None:
    """Write this week's agenda.md: who is overdue or due, reminders, promises, problems.

    The file is rewritten only when its content changed, so it is safe to run from a hook.

    \b
    Examples:
      vaultkeeper agenda
      vaultkeeper --today 2026-11-23 agenda --stdout
    """
    from .agenda_file import agenda_answer

    target = None if to_stdout else out if out is not None else app.root / app.settings.agenda_path
    said = agenda_answer(
        app.root, app.settings, app.today, app.vault, target, echo_note, app.walked
    )
    click.echo(said, nl=False)


def _filter_options(func: F) -> F:
    options = [
        click.option(
            "--segment",
            "segments",
            multiple=True,
            type=params.Segment(),
            help="Only this segment (repeatable).",
        ),
        click.option(
            "--tag",
            "tags",
            multiple=True,
            help="Only contacts with this tag or a tag nested under it.",
        ),
        click.option("--due", is_flag=True, help="Only contacts due or overdue."),
        click.option("--overdue", is_flag=True, help="Only overdue contacts."),
        click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.command("list")
@_filter_options
@pass_app
def list_(
    app: App,
    segments: tuple[str, ...],
    tags: tuple[str, ...],
    due: bool,
    overdue: bool,
    as_json: bool,
) -> None:
    """List contacts with their status, optionally filtered.

    \b
    Examples:
      vaultkeeper list --overdue
      vaultkeeper list --segment peer --tag b2b-saas --json
    """
    from .query import Filters, list_answer

    filters = Filters(segments, tags, due=due, overdue=overdue)
    click.echo(list_answer(*app.asked, filters, as_json, echo_note))


@cli.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def show(app: App, name: str, as_json: bool) -> None:
    """Show one contact: status, promises, reminders and log.

    NAME is a file name, `name` or alias; case does not matter and a unique prefix is enough.

    \b
    Example:
      vaultkeeper show jordan
    """
    from .lookup import load_contact
    from .schedule import schedule
    from .views import describe_contact, show_json

    contact = load_contact(app.root, app.settings, name, on_note=echo_note)
    plan = schedule(contact, app.today, app.settings)
    click.echo(show_json(contact, plan) if as_json else describe_contact(contact, plan, app.today))


@cli.command()
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also print rescans, no-op saves and timings.")
@click.option(
    "--debounce",
    type=click.FloatRange(0, 10),
    default=0.1,
    show_default=True,
    metavar="SECONDS",
    help="Wait for this much quiet after a change before regenerating.",
)
@click.option(
    "--rescan",
    type=click.FloatRange(1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Also rescan the folder this often, in case the system dropped an event.",
)
@click.pass_context
def watch(ctx: click.Context, quiet: bool, verbose: bool, debounce: float, rescan: float) -> None:
    """Keep agenda.md current while you edit your notes; Ctrl-C stops.

    Notes are re-read when they are saved, created, moved or deleted; vaultkeeper.toml is
    reloaded when it changes; the agenda is rewritten after midnight. Notes are never written.

    \b
    Examples:
      vaultkeeper watch
      vaultkeeper --vault ~/notes/people watch --quiet
    """
    from .watch import NORMAL, QUIET, VERBOSE, Timing, Watcher, serve

    app = ctx.find_object(App)
    assert app is not None
    fixed = ctx.find_root().get_parameter_source("today") is not click.core.ParameterSource.DEFAULT
    watcher = Watcher(
        app.root,
        app.settings,
        today=(lambda: app.today) if fixed else date.today,
        out=click.echo,
        err=lambda line: click.echo(line, err=True),
        verbosity=QUIET if quiet else VERBOSE if verbose else NORMAL,
        timing=Timing(debounce=debounce, rescan_every=rescan),
    )
    serve(watcher)
