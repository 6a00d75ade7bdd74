"""The shipped templates as plain Python: the same text, without loading Jinja.

An agenda after logging a touch is rendered anew, with a draft for a new first pick; loading
Jinja for that cost a fifth of the command. The `.j2` files stay the templates: they are
what a vault's own copy starts from (rendered by Jinja, in its sandbox), and tests render
every function here against its file, over many generated values, and hold the two equal
byte for byte. Change a template and its function here together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def _agenda_head(agenda: Any, out: list[str]) -> None:
    out.append(f"# {agenda.title}\n\n")
    if agenda.summary:
        out.append(" · ".join(map(str, agenda.summary)) + "\n")
    elif agenda.welcome:
        out.append("\n\n".join(map(str, agenda.welcome)) + "\n")
    else:
        out.append("Nobody is waiting on you this week. Enjoy the quiet.\n")
    for block in agenda.reviews:
        out.append(f"\n{block}\n")
    if agenda.start_here:
        out.append("\n## Start here\n")
        for number, pick in enumerate(agenda.start_here, 1):
            out.append(f"{number}. {pick.link} ({pick.reason}): {pick.idea}\n")
            out.extend(f"   > {line}\n" if line else "   >\n" for line in pick.draft)
    if agenda.loops:
        out.append("\n## Close the loop\n")
        out.extend(f"- {line}\n" for line in agenda.loops)
        _more(agenda.loops_more, out)
    if agenda.dates:
        out.append("\n## Dates this week\n")
        out.extend(f"- {item.when} · {item.link}: {item.text}\n" for item in agenda.dates)
    if agenda.worth_sharing:
        out.append("\n## Worth sharing\n")
        for share in agenda.worth_sharing:
            people = " or ".join(f"{link} ({reason})" for link, reason in share.people)
            out.append(f"- {share.label}: {people}\n")


def _agenda_tables(agenda: Any, out: list[str]) -> None:
    if agenda.overdue:
        out.append("\n## Overdue\n")
        for group in agenda.overdue:
            out.append(f"\n### {str(group.label).capitalize()}\n\n")
            out.append("| Contact | Overdue by | Last touch | Last note | Channel |\n")
            out.append("|---|---|---|---|---|\n")
            for row in group.rows:
                cells = (row.cell_link, row.when, row.last_touch, row.last_note, row.channel)
                out.append(_row(cells))
            if group.more:
                out.append(f"\n…and {group.more} more; `{group.command}` lists them all.\n")
    if agenda.due:
        out.append("\n## Due this week\n\n")
        out.append("| Contact | Segment | Due | Last touch | Last note | Channel |\n")
        out.append("|---|---|---|---|---|---|\n")
        for row in agenda.due:
            cells = (row.cell_link, row.segment, row.when, row.last_touch, row.last_note)
            out.append(_row((*cells, row.channel)))
        if agenda.due_more:
            out.append(f"\n…and {agenda.due_more} more; `vaultkeeper list --due` lists them all.\n")


def _agenda_lists(agenda: Any, out: list[str]) -> None:
    if agenda.reminders:
        out.append("\n## Reminders\n")
        for item in agenda.reminders:
            late = " (still open)" if item.late else ""
            out.append(f"- {item.when}{late} · {item.link}: {item.text}\n")
        _more(agenda.reminders_more, out)
    if agenda.promises:
        out.append("\n## Promises to keep\n")
        for item in agenda.promises:
            when = f" ({item.when})" if item.when else ""
            out.append(f"- {item.link}: {item.text}{when}\n")
        _more(agenda.promises_more, out)
    if agenda.never_touched:
        out.append("\n## Never touched yet\n")
        for row in agenda.never_touched:
            out.append(f"- {row.link} ({row.segment}){_details(row)}\n")
        _more(agenda.never_touched_more, out)
    if agenda.unsorted:
        out.append("\n## Not sorted yet\n")
        out.append("Give these a `segment:` so vaultkeeper knows how often to suggest them.\n")
        for row in agenda.unsorted:
            unknown = ""
            if row.segment != "not sorted":
                unknown = f" (segment “{row.segment}” is not defined)"
            out.append(f"- {row.link}{unknown}{_details(row)}\n")
        _more(agenda.unsorted_more, out)
    if agenda.problems:
        out.append("\n## Notes that need a look\n")
        out.extend(f"- {problem}\n" for problem in agenda.problems)


def _row(cells: tuple[object, ...]) -> str:
    return "| " + " | ".join(map(str, cells)) + " |\n"


def _details(row: Any) -> str:
    return f": {row.details}" if row.details else ""


def _more(count: int, out: list[str]) -> None:
    if count:
        out.append(f"- …and {count} more.\n")


def agenda(context: Mapping[str, Any]) -> str:
    """`agenda.md.j2`."""
    week = context["agenda"]
    out: list[str] = []
    _agenda_head(week, out)
    _agenda_tables(week, out)
    _agenda_lists(week, out)
    out.append(
        f"\n---\nWritten by vaultkeeper for {week.generated}. Edit your contact notes, not "
        "this file: it is rewritten.\n"
    )
    return "".join(out)


def _other(context: Mapping[str, Any], key: str) -> object:
    """`other.name` as Jinja reads it: an attribute, else an item."""
    other = context["other"]
    return other[key] if isinstance(other, Mapping) else getattr(other, key)


def _letter(context: Mapping[str, Any], middle: str, close: str) -> str:
    """The email form every draft shares: subject, greeting, the warm sentence if there is
    one, then the kind's own paragraphs."""
    warmth = context["warmth"]
    warm = f"{warmth.sentence}\n\n" if warmth else ""
    head = f"Subject: {context['subject']}\n\nHi {context['first']},\n\n"
    return f"{head}{warm}{middle}\n\n{close}\n"


def _opening(context: Mapping[str, Any]) -> str:
    """`warmth.inline value.sentence`, or `value.inline` alone, as a chat message opens."""
    warmth, value = context["warmth"], context["value"]
    return f"{warmth.inline} {value.sentence}" if warmth else f"{value.inline}"


def _ask(c: Mapping[str, Any]) -> str:
    if c["chat"]:
        return (
            f"Hi {c['first']}, {c['context_inline']} {c['value'].sentence} {c['ask']} It should "
            f"take about {c['size']}. If the timing is wrong, no problem at all; no need to "
            "reply.\n"
        )
    return _letter(
        c,
        f"{c['context']} {c['value'].sentence}\n\n{c['ask']} It should take about {c['size']}.",
        "If the timing is wrong or it's not your area, no problem at all; no need to reply.",
    )


def _checkin(c: Mapping[str, Any]) -> str:
    if c["chat"]:
        return f"Hi {c['first']}, {_opening(c)} No need to reply.\n"
    return _letter(c, f"{c['value'].sentence}", "No need to reply if you're busy.")


def _congrats(c: Mapping[str, Any]) -> str:
    warmth = c["warmth"]
    if c["chat"]:
        warm = f" {warmth.sentence}" if warmth else ""
        return f"Hi {c['first']}, {c['value'].inline}{warm} No need to reply; enjoy the day.\n"
    warm = f"\n\n{warmth.sentence}" if warmth else ""
    return (
        f"Subject: {c['subject']}\n\nHi {c['first']},\n\n{c['value'].sentence}{warm}\n\n"
        "No need to reply; enjoy the day.\n"
    )


def _intro(c: Mapping[str, Any]) -> str:
    name, first, work = (_other(c, key) for key in ("name", "first", "work"))
    if c["chat"]:
        about = f" ({work})" if work else ""
        return (
            f"Hi {c['first']}, would an intro to {name}{about} be welcome? "
            f"{c['value'].sentence} If yes, I'll ask {first} too; if not, no need to reply.\n"
        )
    about = f", {work}" if work else ""
    return _letter(
        c,
        f"I'd like to introduce you to {name}{about}. {c['value'].sentence}",
        f"Would an introduction be welcome? If so, I'll ask {first} too, and connect you only "
        "if you both want to. If not, no need to reply.",
    )


def _invite(c: Mapping[str, Any]) -> str:
    if c["chat"]:
        return (
            f"Hi {c['first']}, {c['value'].inline} If it's not for you, just say so; no need "
            "to explain.\n"
        )
    return _letter(
        c,
        f"{c['value'].sentence}",
        "If it's not for you, or the timing is wrong, just say so; no need to explain.",
    )


def _resource(c: Mapping[str, Any]) -> str:
    if c["chat"]:
        return f"Hi {c['first']}, {_opening(c)} No need to reply.\n"
    return _letter(
        c,
        f"{c['value'].sentence}",
        "No need to reply; pass it on if someone on your team would use it.",
    )


def _thanks(c: Mapping[str, Any]) -> str:
    warmth, value = c["warmth"], c["value"]
    if c["chat"]:
        return (
            f"Hi {c['first']}, {warmth.inline} {value.sentence} No need to reply; I just "
            "wanted to close the loop.\n"
        )
    return (
        f"Subject: {c['subject']}\n\nHi {c['first']},\n\n{warmth.sentence}\n\n"
        f"{value.sentence}\n\nNo need to reply; I just wanted to close the loop.\n"
    )


def _update(c: Mapping[str, Any]) -> str:
    if c["chat"]:
        return (
            f"Hi {c['first']}, {_opening(c)} One question: {c['question']} No need to reply "
            "if you're busy.\n"
        )
    return _letter(
        c,
        f"{c['value'].sentence}\n\nOne question, if you have a minute: {c['question']}",
        "No need to reply if you're busy; I'm glad just to keep you posted.",
    )


RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "agenda.md.j2": agenda,
    "drafts/ask.md.j2": _ask,
    "drafts/checkin.md.j2": _checkin,
    "drafts/congrats.md.j2": _congrats,
    "drafts/intro.md.j2": _intro,
    "drafts/invite.md.j2": _invite,
    "drafts/resource.md.j2": _resource,
    "drafts/thanks.md.j2": _thanks,
    "drafts/update.md.j2": _update,
}
"""Each shipped template's name, and the function that renders the same text."""
