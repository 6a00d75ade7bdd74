"""The `vaultkeeper` command line: parse options, call the core, print. No logic of its own."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__, params
from .config import Settings, load_settings
from .errors import VaultkeeperError
from .vault import Vault, find_vault

if TYPE_CHECKING:
    from .edit.engine import EditResult, Planner

F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """Turns every `VaultkeeperError` into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VaultkeeperError as exc:
            raise click.ClickException(str(exc)) from None


@dataclass
class App:
    """What every command needs: where the vault is, what day it is, and the loaded vault."""

    vault_option: str | None
    today: date
    _root: Path | None = None
    _settings: Settings | None = None
    _vault: Vault | None = field(default=None, repr=False)

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = find_vault(self.vault_option, os.environ, Path.cwd())
        return self._root

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.root)
        return self._settings

    def vault(self) -> Vault:
        if self._vault is None:
            import gc

            from .index import load_indexed

            self._vault = load_indexed(self.root, self.settings, on_note=_echo_note)
            gc.freeze()  # the vault lives as long as the command: spare it every GC pass
        return self._vault


def _echo_note(line: str) -> None:
    click.echo(line, err=True)


pass_app = click.make_pass_decorator(App)


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
    ctx.obj = App(vault, today)


def main() -> None:
    cli(prog_name="vaultkeeper")


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


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
            app.root, app.settings, on_note=_echo_note, progress=bar, stats=stats
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
    from .agenda import current_agenda, write_if_changed

    text, summary = current_agenda(app.root, app.settings, app.today, app.vault)
    if to_stdout:
        click.echo(text, nl=False)
        return
    target = out if out is not None else app.root / app.settings.agenda_path
    changed = write_if_changed(target, text)
    state = "Wrote" if changed else "Unchanged:"
    click.echo(f"{state} {shown(target)} ({', '.join(summary) or 'nothing due'})")


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
    from .query import list_contacts
    from .views import list_json, list_table

    plans = list_contacts(app.vault(), app.today, segments, tags, due=due, overdue=overdue)
    click.echo(list_json(plans) if as_json else list_table(plans, app.today))


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
    from .schedule import schedule
    from .views import describe_contact, show_json

    contact = app.vault().resolve(name)
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


# --- Write commands: new, touch, promise, done, remind, snooze (see docs/editing.md) ---------


def _dry_run_option(func: F) -> F:
    return click.option(
        "--dry-run", is_flag=True, help="Print the change as a diff; write nothing."
    )(func)


def _edit(app: App, name: str, planner: Planner, dry_run: bool) -> None:
    """Change NAME's note through the edit engine, print what changed."""
    from .edit.commands import change_contact

    result = change_contact(
        app.root, app.settings, name, planner, dry_run=dry_run, on_note=_echo_note
    )
    _print_result(result, dry_run)


def _print_result(result: EditResult, dry_run: bool) -> None:
    if dry_run:
        if result.diff:
            click.echo(result.diff, nl=False)
        click.echo(f"Dry run, nothing written: {result.label}: {result.summary}", err=True)
        return
    click.echo(f"{result.label}: {result.summary}" + ("" if result.changed else " (unchanged)"))
    for hint in result.hints:
        click.echo(f"Hint: {hint}", err=True)


_PAST = params.When(past=True, bound="not_after", why="log it once it has happened")


@cli.command()
@click.argument("name", type=params.Cleaned("new name", "name"))
@click.option(
    "--segment",
    type=params.Segment(),
    help="ally, peer, mentor, aspirational or one from the config.",
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    type=params.Cleaned("tag"),
    help="A tag (repeatable; commas split).",
)
@click.option("--company", type=params.Cleaned("company"))
@click.option("--role", type=params.Cleaned("role"))
@click.option(
    "--channel",
    type=params.Cleaned("channel"),
    help="How they like to be reached: email, signal, coffee...",
)
@click.option("--last-touch", "last_touch", type=_PAST, metavar="DATE", help="When you last spoke.")
@click.option("--context", default="", help="A first line for the note: how you met, why.")
@_dry_run_option
@pass_app
def new(
    app: App,
    name: str,
    segment: str | None,
    tags: tuple[str, ...],
    company: str | None,
    role: str | None,
    channel: str | None,
    last_touch: date | None,
    context: str,
    dry_run: bool,
) -> None:
    """Create a contact note for NAME from the contact template.

    The note goes into the vault's contacts folder. An existing note is never overwritten;
    a NAME with characters file names cannot hold gets a safe file name and keeps NAME in
    `name:`. Without --last-touch the contact has never been touched, so it is due.

    \b
    Examples:
      vaultkeeper new "Jordan Lee" --segment peer --tag partnerships --company Acme
      vaultkeeper new "Priya R." --segment ally --last-touch yesterday --dry-run
    """
    from .edit.commands import new_contact
    from .edit.new_note import new_contact_request

    request = new_contact_request(
        app.settings,
        app.today,
        name,
        segment=segment,
        tags=tags,
        company=company,
        role=role,
        channel=channel,
        last_touch=last_touch,
        context=context,
    )
    result = new_contact(app.root, app.settings, request, dry_run=dry_run, on_note=_echo_note)
    _print_result(result, dry_run)


@cli.command()
@click.argument("name")
@click.option(
    "--date", "when", type=_PAST, metavar="DATE", help="When it happened (default today)."
)
@click.option(
    "--via",
    type=params.Cleaned("channel"),
    metavar="CHANNEL",
    help="email, call, coffee, linkedin...",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=params.Cleaned("kind", "kind"),
    help="give, ask, checkin, congrats, intro, meet...",
)
@click.option(
    "--note",
    "-m",
    "text",
    default="",
    type=params.Cleaned("note", optional=True),
    help="What was said or done.",
)
@click.option(
    "--backdate", is_flag=True, help="Allow a date before last_touch and set last_touch to it."
)
@_dry_run_option
@pass_app
def touch(
    app: App,
    name: str,
    when: date | None,
    via: str | None,
    kinds: tuple[str, ...],
    text: str,
    backdate: bool,
    dry_run: bool,
) -> None:
    """Log a touchpoint with NAME: last_touch moves forward, a line goes into ## Log.

    Open reminders dated on or before the touch count as done from then on.

    \b
    Examples:
      vaultkeeper touch jordan --via email --kind give -m "sent the partner scorecard"
      vaultkeeper touch priya --date yesterday --via coffee --kind meet
    """
    from .edit.plans import TouchRequest, plan_touch

    request = TouchRequest(
        day=when or app.today,
        via=via.lower() if via else None,
        kinds=tuple(dict.fromkeys(kinds)),
        note=text,
        backdate=backdate,
    )
    _edit(app, name, plan_touch(request, app.today), dry_run)


@cli.command()
@click.argument("name")
@click.argument("text", nargs=-1, required=True, callback=params.joined("promise"))
@click.option(
    "--due",
    type=params.When(),
    metavar="DATE",
    help="When you said you would do it.",
)
@_dry_run_option
@pass_app
def promise(app: App, name: str, text: str, due: date | None, dry_run: bool) -> None:
    """Record that you promised NAME something (TEXT).

    \b
    Example:
      vaultkeeper promise jordan "Send sample partner scorecard" --due "next friday"
    """
    from .edit.plans import plan_promise

    _edit(app, name, plan_promise(text, due), dry_run)


@cli.command()
@click.argument("name")
@click.argument("text", nargs=-1, required=True, callback=params.joined("text to look for"))
@click.option(
    "--date",
    "when",
    type=params.When(past=True, bound="not_after", why="mark it done once it is done"),
    metavar="DATE",
    help="When it was kept (default today).",
)
@_dry_run_option
@pass_app
def done(app: App, name: str, text: str, when: date | None, dry_run: bool) -> None:
    """Mark the open promise (or reminder) of NAME containing TEXT as done.

    TEXT is any unique part of it, case ignored. The promise stays, with `done:` and the date.

    \b
    Example:
      vaultkeeper done jordan scorecard
    """
    from .edit.plans import plan_done

    _edit(app, name, plan_done(text, when or app.today, app.today), dry_run)


@cli.command()
@click.argument("name")
@click.argument(
    "when_and_note", metavar="WHEN NOTE...", nargs=-1, required=True, callback=params.when_and_note
)
@_dry_run_option
@pass_app
def remind(app: App, name: str, when_and_note: tuple[date, str], dry_run: bool) -> None:
    """Add a dated reminder to NAME: WHEN is a date or a phrase, NOTE what to do.

    \b
    WHEN: YYYY-MM-DD, tomorrow, next week, in 10 days, in 3 months, next monday,
    end of month, dec 15 ... (quotes are optional)
    Examples:
      vaultkeeper remind jordan "in 3 months" "Check in after their onboarding revamp"
      vaultkeeper remind jordan next monday send the deck
    """
    from .edit.plans import plan_remind

    day, note = when_and_note
    _edit(app, name, plan_remind(day, note, app.today), dry_run)


_FUTURE = params.When(bound="not_before", why="snooze to today or a later date")


@cli.command()
@click.argument("name")
@click.argument("when", nargs=-1, required=True, callback=_FUTURE.words())
@_dry_run_option
@pass_app
def snooze(app: App, name: str, when: date, dry_run: bool) -> None:
    """Set NAME's next_touch: they are not due before WHEN.

    \b
    Examples:
      vaultkeeper snooze rafael 2027-01-10
      vaultkeeper snooze rafael in 6 weeks
    """
    from .edit.plans import plan_snooze

    _edit(app, name, plan_snooze(when, app.today), dry_run)
