"""The write commands' command line: new, touch, promise, done, remind, snooze and sort.

Each parses (every check in `params`, so mistakes exit 2), makes one call into `edit`, and
prints what changed; docs/editing.md says how the notes are kept safe.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import params
from .app import App, echo_note, pass_app

if TYPE_CHECKING:
    from .edit.engine import EditResult, Planner

F = TypeVar("F", bound=Callable[..., Any])


def _dry_run_option(func: F) -> F:
    return click.option(
        "--dry-run", is_flag=True, help="Print the change as a diff; write nothing."
    )(func)


def _edit(app: App, name: str, planner: Planner, dry_run: bool) -> None:
    """Change NAME's note through the edit engine, print what changed."""
    from .edit.commands import change_contact

    result = change_contact(
        app.root, app.settings, name, planner, dry_run=dry_run, on_note=echo_note
    )
    _print_result(result, dry_run)


def _print_result(result: EditResult, dry_run: bool) -> None:
    if dry_run:
        diff = result.diff  # made when asked: once
        if diff:
            click.echo(diff, nl=False)
        click.echo(f"Dry run, nothing written: {result.label}: {result.summary}", err=True)
        return
    click.echo(f"{result.label}: {result.summary}" + ("" if result.changed else " (unchanged)"))
    for hint in result.hints:
        click.echo(f"Hint: {hint}", err=True)


_PAST = params.When(past=True, bound="not_after", why="log it once it has happened")


@click.command()
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
    result = new_contact(app.root, app.settings, request, dry_run=dry_run, on_note=echo_note)
    _print_result(result, dry_run)


@click.command()
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
    from .edit.plans import plan_touch, touch_request

    request = touch_request(when or app.today, via, kinds, text, backdate)
    _edit(app, name, plan_touch(request, app.today), dry_run)


@click.command()
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


@click.command()
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


@click.command()
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


@click.command()
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


@click.command("sort")
@click.argument("name", required=False)
@click.argument("segment", required=False, type=params.Segment())
@_dry_run_option
@pass_app
@click.pass_context
def sort_command(
    ctx: click.Context, app: App, name: str | None, segment: str | None, dry_run: bool
) -> None:
    """Give contacts not sorted yet a segment: one key each, or NAME's directly.

    Without arguments, on a terminal: each unsorted contact in turn, a key press to choose
    (1-9 a segment, s skip, q stop); every choice is written at once.

    \b
    Examples:
      vaultkeeper sort
      vaultkeeper sort priya peer
    """
    from .edit.plans import plan_sort
    from .sorting import result_lines, sort_contacts, write_segment

    if name is not None:
        if segment is None:
            raise click.UsageError(f"missing SEGMENT for {name!r}, e.g. peer", ctx)
        _edit(app, name, plan_sort(segment), dry_run)
        return
    if dry_run:
        raise click.UsageError("--dry-run needs NAME SEGMENT", ctx)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.UsageError(
            "sort needs a terminal to read one key at a time; use `vaultkeeper sort NAME SEGMENT`",
            ctx,
        )
    sort_contacts(
        app.vault().contacts,
        app.settings,
        read_key=_read_key,
        echo=click.echo,
        write=lambda c, s: "\n".join(result_lines(write_segment(app.root, app.settings, c, s))),
    )


def _read_key() -> str:
    """One key press, without Enter; Ctrl-C and Ctrl-D as the keys they are."""
    try:
        return click.getchar()
    except KeyboardInterrupt:
        return "\x03"
    except EOFError:
        return "\x04"


COMMANDS: list[click.Command] = [new, touch, promise, done, remind, snooze, sort_command]
