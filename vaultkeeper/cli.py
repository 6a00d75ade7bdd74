"""The `vaultkeeper` command line: parse options, call the core, print. No logic of its own."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .config import Settings, load_settings
from .errors import VaultkeeperError
from .vault import Vault, find_vault

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
            from .index import load_indexed

            self._vault = load_indexed(self.root, self.settings)
        return self._vault


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


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


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
    from .report import index_summary

    vault = app.vault()
    click.echo(index_summary(vault))
    if vault.problems:
        count = len({p.path for p in vault.problems})
        click.echo(f"{count} {'note needs' if count == 1 else 'notes need'} a look:")
        for problem in vault.problems:
            click.echo(f"  {problem}")


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
    from .agenda import build_agenda, render_agenda, write_if_changed

    vault = app.vault()
    built = build_agenda(vault, app.today)
    text = render_agenda(built, vault.root, app.settings.agenda_template)
    if to_stdout:
        click.echo(text, nl=False)
        return
    target = out if out is not None else vault.root / app.settings.agenda_path
    changed = write_if_changed(target, text)
    state = "Wrote" if changed else "Unchanged:"
    click.echo(f"{state} {shown(target)} ({', '.join(built.summary) or 'nothing due'})")


def _filter_options(func: F) -> F:
    options = [
        click.option(
            "--segment", "segments", multiple=True, help="Only this segment (repeatable)."
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
    from .query import filter_contacts
    from .report import contact_summary, status_text
    from .schedule import schedule

    vault = app.vault()
    chosen = filter_contacts(vault, app.today, segments, tags, due=due, overdue=overdue)
    plans = [(c, schedule(c, app.today, app.settings)) for c in chosen]
    if as_json:
        _echo_json([contact_summary(c, plan) for c, plan in plans])
        return
    if not plans:
        click.echo("No contacts match.")
        return
    from tabulate import tabulate

    rows = [
        [
            c.name,
            c.segment or c.segment_text or "-",
            status_text(plan, app.today),
            plan.due_on.isoformat() if plan.due_on else "-",
            c.last_touch.isoformat() if c.last_touch else "never",
            ", ".join(c.tags),
        ]
        for c, plan in plans
    ]
    headers = ["Name", "Segment", "Status", "Due", "Last touch", "Tags"]
    click.echo(tabulate(rows, headers, tablefmt="simple", disable_numparse=True))


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
    from .report import contact_detail, describe_contact
    from .schedule import schedule

    vault = app.vault()
    contact = vault.resolve(name)
    plan = schedule(contact, app.today, app.settings)
    if as_json:
        _echo_json(contact_detail(contact, plan))
    else:
        click.echo(describe_contact(contact, plan, app.today))
