"""The suggestion commands' command line: `intros`, `roundtable` and `match`.

Each parses (mistakes exit 2 through click's types), makes one call into the core
(`suggest.py`, `matching.py`) and prints what it returns. The few functions below the
commands only lay those values out as text or JSON; they decide nothing. None of these
commands writes a note.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from .app import App, pass_app
from .views import SUGGEST_THEN

if TYPE_CHECKING:
    from .config import Settings
    from .contact import Contact
    from .matching import Match
    from .suggest import Intros, Roundtable


def _topics(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    topics = [" ".join(topic.split()) for topic in value]
    if not all(topics):
        raise click.BadParameter("a topic cannot be empty", ctx, param)
    return topics


_LIMIT = click.IntRange(min=1)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.command()
@click.option("--limit", type=_LIMIT, default=5, show_default=True, help="At most this many.")
@_JSON
@pass_app
def intros(app: App, limit: int, as_json: bool) -> None:
    """Suggest two people who would benefit from knowing each other, and why.

    Pairs share at least two topics (tags, nested ones counted once, event tags not at all),
    or one offers what the other seeks. People who already know each other are left out.
    An intro is double opt-in: ask each side first.

    \b
    Examples:
      vaultkeeper intros
      vaultkeeper intros --limit 10 --json
    """
    from .suggest import suggest_intros

    result = suggest_intros(app.vault(), limit=limit)
    click.echo(_dump(intros_json(result)) if as_json else intros_text(result, app.settings))
    app.say_unread(SUGGEST_THEN)


@click.command()
@click.argument("topics", nargs=-1, required=True, callback=_topics)
@click.option(
    "--size",
    type=click.IntRange(3, 6),
    default=5,
    show_default=True,
    help="How many people (3-6).",
)
@_JSON
@pass_app
def roundtable(app: App, topics: list[str], size: int, as_json: bool) -> None:
    """Gather a small group for a 45-minute roundtable on one narrow theme.

    People whose tags, offers or seeks match TOPIC..., best matches first, with at least one
    close ally or peer and no more than half aspirational contacts; then a simple agenda and
    an invitation to adapt.

    \b
    Examples:
      vaultkeeper roundtable pricing
      vaultkeeper roundtable pricing plg --size 4 --json
    """
    from .suggest import plan_roundtable

    table = plan_roundtable(app.vault(), topics, size=size)
    click.echo(_dump(roundtable_json(table)) if as_json else roundtable_text(table, app.settings))
    app.say_unread(SUGGEST_THEN)


@click.command()
@click.argument("topics", nargs=-1, required=True, callback=_topics)
@click.option("--about", metavar="TEXT", help="What you want to talk about, in a few words.")
@click.option("--limit", type=_LIMIT, default=5, show_default=True, help="At most this many.")
@_JSON
@pass_app
def match(app: App, topics: list[str], about: str | None, limit: int, as_json: bool) -> None:
    """Find who to talk to about TOPIC...: shared topics first, then who is due a touch.

    \b
    Examples:
      vaultkeeper match pricing
      vaultkeeper match pricing plg --about "usage-based pricing" --json
    """
    from .matching import match_topics

    found = match_topics(app.vault(), topics, app.today, about=about, limit=limit)
    click.echo(_dump(match_json(found)) if as_json else match_text(found, topics, app.settings))
    app.say_unread(SUGGEST_THEN)


COMMANDS: list[click.Command] = [intros, roundtable, match]


# --- the views: values as text and JSON ----------------------------------------------------------


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _label(contact: Contact, settings: Settings) -> str:
    segment = settings.segments.get(contact.segment or "")
    return segment.label if segment else "not sorted"


def intros_text(result: Intros, settings: Settings) -> str:
    if not result.suggestions:
        return result.empty
    from .suggest import OPT_IN

    lines = ["Introductions worth offering:", ""]
    for number, intro in enumerate(result.suggestions, 1):
        a, b = intro.a, intro.b
        lines.append(
            f"{number}. {a.name} ({_label(a, settings)}) and {b.name} ({_label(b, settings)}): "
            f"{intro.reason}"
        )
        lines.append(f"   {a.path}, {b.path}")
    lines += ["", f"An introduction is double opt-in. {OPT_IN}"]
    return "\n".join(lines)


def intros_json(result: Intros) -> list[dict[str, Any]]:
    from .suggest import OPT_IN

    return [
        {
            "a": intro.a.name,
            "b": intro.b.name,
            "a_path": intro.a.path,
            "b_path": intro.b.path,
            "shared": list(intro.shared),
            "reason": intro.reason,
            "double_opt_in": OPT_IN,
        }
        for intro in result.suggestions
    ]


def roundtable_text(table: Roundtable, settings: Settings) -> str:
    if not table.people:
        return table.empty
    from .suggest import AGENDA

    lines = [f"Roundtable: {table.theme}", "", "People:"]
    for number, seat in enumerate(table.people, 1):
        c = seat.contact
        lines += [f"{number}. {c.name} ({_label(c, settings)}): {seat.why}", f"   {c.path}"]
    lines += ["", "Agenda (45 minutes):", *(f"- {step}" for step in AGENDA)]
    lines += ["", "Invitation (adapt it to each person):"]
    lines += textwrap.wrap(table.invitation, 88, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines)


def roundtable_json(table: Roundtable) -> dict[str, Any]:
    from .suggest import AGENDA

    data: dict[str, Any] = {
        "theme": table.theme,
        "people": [
            {
                "name": seat.contact.name,
                "path": seat.contact.path,
                "matched": list(seat.matched),
                "segment": seat.contact.segment,
                "why": seat.why,
            }
            for seat in table.people
        ],
        "agenda": list(AGENDA),
        "invitation": table.invitation if table.people else "",
    }
    if not table.people:
        data["fitting"] = [seat.contact.name for seat in table.fitting]
        data["message"] = table.empty
    return data


def match_text(found: Sequence[Match], topics: Sequence[str], settings: Settings) -> str:
    if not found:
        return f"No contact matches {' or '.join(topics)}."
    lines = []
    for number, item in enumerate(found, 1):
        c = item.contact
        lines += [f"{number}. {c.name} ({_label(c, settings)}): {item.reason}", f"   {c.path}"]
    return "\n".join(lines)


def match_json(found: Sequence[Match]) -> list[dict[str, Any]]:
    return [
        {
            "name": item.contact.name,
            "path": item.contact.path,
            "score": item.score,
            "matched": list(item.matched),
            "status": item.status,
            "reason": item.reason,
        }
        for item in found
    ]
