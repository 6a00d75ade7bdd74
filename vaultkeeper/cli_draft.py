"""The `draft` command: a message to one contact, made from their note, for you to edit and send.

It parses, makes one call into `draft/` (and, when a model is named, one more to reword it),
and prints. vaultkeeper never sends anything.
"""

from __future__ import annotations

import json

import click

from .app import App, pass_app


@click.command()
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice(
        ["checkin", "congrats", "resource", "intro", "ask", "thanks", "update", "invite"]
    ),
    help="The kind of message; without it, what their note suggests.",
)
@click.option("--about", metavar="TEXT", help="The context or topic, in your words.")
@click.option("--with", "with_name", metavar="NAME", help="The other person of an intro.")
@click.option("--request", metavar="TEXT", help="An ask's exact request; an update's question.")
@click.option("--size", metavar="TEXT", help='An ask\'s size, e.g. "15 minutes".')
@click.option("--model", metavar="MODEL", help="Reword with this llm model ([draft] model).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def draft(
    app: App,
    name: str,
    kind: str | None,
    about: str | None,
    with_name: str | None,
    request: str | None,
    size: str | None,
    model: str | None,
    as_json: bool,
) -> None:
    """Draft a message to NAME from what their note says; you edit it and send it yourself.

    Without --kind it picks what their note suggests: an open promise, an ask to close the
    loop on, a reminder this week, a birthday or milestone, a resource worth sharing, else a
    check-in with an offer, and says why. Drafts that lean on filler, or cite nothing of the
    person's own context, are refused with what to add.

    \b
    Examples:
      vaultkeeper draft margaret
      vaultkeeper draft hannah --kind intro --with kwame
      vaultkeeper draft lukas --kind ask --about "we are repricing our partner tier" \\
          --request "look at our draft tiers" --size "15 minutes"
    """
    from .draft.choose import Request
    from .draft.compose import make_drafts
    from .draft.model import reword
    from .resources import read_resources

    vault = app.vault()
    contact = vault.resolve(name)
    other = vault.resolve(with_name) if with_name else None
    wanted = Request(kind, _text(about), _text(request), _text(size))
    made = make_drafts(
        vault, contact, app.today, wanted, read_resources(app.root, app.settings), other=other
    )
    drafts = made.drafts
    chosen = model or app.settings.draft_model
    if chosen:
        reworded = [reword(d, chosen, app.settings, wanted) for d in drafts]
        drafts = [d for d, _ in reworded]
        for note in dict.fromkeys(n for _, n in reworded if n):
            click.echo(f"Note: {note}; this is the template draft.", err=True)
    if as_json:
        data = [d.as_json() for d in drafts]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
        return
    lines = [f"Why: {made.why}."]
    for one in drafts:
        lines.append("")
        if len(drafts) > 1:
            lines += [f"--- To {one.name} ({one.channel}) ---", ""]
        if one.subject:
            lines += [f"Subject: {one.subject}", ""]
        lines.append(one.body)
    click.echo("\n".join(lines))


def _text(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


COMMANDS: list[click.Command] = [draft]
