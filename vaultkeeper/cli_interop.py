"""`import linkedin|vcard` and `export ics|csv|vcard`: parse, one core call, print.

The importers read a file into people (`interop.linkedin`, `interop.vcard`, pure) and
`interop.apply` brings them into the vault through `edit/`; the exporters are pure functions
of the loaded vault and the day. Everything is decided in `interop/`; here only the report
is laid out.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import params
from .app import App, pass_app
from .views import EXPORT_THEN, IMPORT_DRY_THEN, IMPORT_THEN

if TYPE_CHECKING:
    from .interop.apply import ImportReport
    from .interop.people import Parsed

F = TypeVar("F", bound=Callable[..., Any])
_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _import_options(func: F) -> F:
    func = click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")(
        func
    )
    func = click.option(
        "--tag",
        "tags",
        multiple=True,
        type=params.Cleaned("tag"),
        help="A tag for every imported person (repeatable; commas split).",
    )(func)
    return click.option(
        "--segment",
        type=params.Segment(),
        help="A segment for every new person (default: none, so they wait in 'Not sorted yet').",
    )(func)


@click.group(name="import")
def import_group() -> None:
    """Bring people in from LinkedIn or an address book; nothing you wrote is overwritten."""


@import_group.command()
@click.argument("file", type=_FILE)
@_import_options
@pass_app
def linkedin(
    app: App, file: Path, segment: str | None, tags: tuple[str, ...], dry_run: bool
) -> None:
    """Import LinkedIn's Connections.csv (any era since 2018).

    New people get a note (no segment unless --segment) with company, role, profile URL,
    email and the day you connected; people already in the vault are matched by profile URL,
    email, or name plus company. A new job adds one log line ("now Head of X at Y").

    \b
    Examples:
      vaultkeeper import linkedin Connections.csv --dry-run
      vaultkeeper import linkedin Connections.csv --tag linkedin-2024
    """
    from .interop.linkedin import parse_connections

    _import(app, "linkedin", parse_connections(_read(file)), segment, tags, dry_run)


@import_group.command()
@click.argument("files", nargs=-1, required=True, type=_FILE)
@_import_options
@pass_app
def vcard(
    app: App, files: tuple[Path, ...], segment: str | None, tags: tuple[str, ...], dry_run: bool
) -> None:
    """Import vCard files (.vcf) from iOS, macOS, Google, Outlook, Android or Thunderbird.

    \b
    Examples:
      vaultkeeper import vcard contacts.vcf --dry-run
      vaultkeeper import vcard phone.vcf work.vcf --tag imported
    """
    from dataclasses import replace

    from .interop.people import Parsed
    from .interop.vcard import parse_vcards

    people, skipped = [], []
    for file in files:
        parsed = parse_vcards(_read(file))
        where = f"{file.name} " if len(files) > 1 else ""
        people += [replace(p, position=where + p.position) for p in parsed.people]
        skipped += [replace(s, position=where + s.position) for s in parsed.skipped]
    _import(app, "vcard", Parsed(tuple(people), tuple(skipped)), segment, tags, dry_run)


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {file} ({exc.strerror or exc})") from None


def _import(
    app: App,
    source: str,
    parsed: Parsed,
    segment: str | None,
    tags: tuple[str, ...],
    dry_run: bool,
) -> None:
    from .interop.apply import ImportOptions, import_people

    options = ImportOptions(source, app.today, segment, tags, dry_run)
    report = import_people(app.root, app.settings, app.vault().contacts, parsed, options)
    click.echo(report_text(report))
    app.say_unread(IMPORT_DRY_THEN if dry_run else IMPORT_THEN)


def report_text(report: ImportReport) -> str:
    """One line per note created or updated and per row skipped (with why), then the counts."""
    from .interop.apply import CREATED, SKIPPED, UNCHANGED, UPDATED

    lines = []
    for outcome in report.outcomes:
        if outcome.kind in (CREATED, UPDATED):
            lines.append(f"{outcome.label}: {outcome.message}")
        elif outcome.kind == SKIPPED:
            lines.append(f"{outcome.position}: skipped: {outcome.message}")
    counts = (
        f"{report.count(CREATED)} created, {report.count(UPDATED)} updated, "
        f"{report.count(UNCHANGED)} unchanged, {report.count(SKIPPED)} skipped"
    )
    lines.append(("Dry run, nothing written: " if report.dry_run else "") + counts + ".")
    return "\n".join(lines)


@click.group()
def export() -> None:
    """Write the vault as a calendar, a spreadsheet or an address book; notes are only read."""


_OUT = click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (default: standard output).",
)


def _emit(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {out} ({exc.strerror or exc})") from None
    click.echo(f"Wrote {out}", err=True)


@export.command()
@_OUT
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=90,
    show_default=True,
    help="Touchpoints, reminders and promises due within this many days.",
)
@pass_app
def ics(app: App, out: Path | None, days: int) -> None:
    """A calendar (.ics) to subscribe to: due touchpoints, reminders, promises, birthdays and
    milestones, each an all-day event with a 09:00 alarm. Same vault, same day: same bytes.

    \b
    Examples:
      vaultkeeper export ics --out ~/Calendars/vaultkeeper.ics
      vaultkeeper export ics --days 30
    """
    from .interop.ics import build_calendar

    _emit(build_calendar(app.vault(), app.today, app.settings, days), out)
    app.say_unread(EXPORT_THEN)


@export.command(name="csv")
@_OUT
@click.option("--excel", is_flag=True, help="UTF-8 with a BOM and CRLF, as Excel wants it.")
@pass_app
def csv_command(app: App, out: Path | None, excel: bool) -> None:
    """One row per contact: name, segment, tags, last and next touch, notes, promises, status.

    \b
    Examples:
      vaultkeeper export csv --excel --out contacts.csv
      vaultkeeper export csv
    """
    from .interop.csv_export import build_csv

    _emit(build_csv(app.vault(), app.today, app.settings, excel=excel), out)
    app.say_unread(EXPORT_THEN)


@export.command(name="vcard")
@_OUT
@pass_app
def vcard_command(app: App, out: Path | None) -> None:
    """Every contact as a vCard 3.0 card (name, company, role, email, phone, tags, birthday).

    \b
    Examples:
      vaultkeeper export vcard --out contacts.vcf
    """
    from .interop.vcard_export import build_vcards

    _emit(build_vcards(app.vault().contacts), out)
    app.say_unread(EXPORT_THEN)


COMMANDS: list[click.Command] = [import_group, export]
