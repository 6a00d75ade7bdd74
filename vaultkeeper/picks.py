""" "Start here": this week's few touchpoints, most pressing first, each with why it was
picked and an idea drawn from the person's own note.

A kept promise or an open reminder comes first (it is value, not "just checking in"), then a
close ally's or peer's birthday, then the longest waits. Someone whose last few touches were
all asks gets an idea for a give instead.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .contact import Contact, Promise, Reminder
from .dates import short_date, span
from .log import last_entry
from .moments import CLOSE, Occasion, only_asks_lately
from .schedule import Schedule, Status
from .week import Candidate, Week, due_text, promise_order

GIVE = (
    "Their last few touches were all asks; make this one a give: something that matches "
    "their interests, a congratulation, or an offer of help."
)


class Pick(NamedTuple):
    """Someone to start the week with, why, and the idea (and draft) to reach them."""

    link: str
    reason: str
    idea: str
    contact: Contact | None = None
    draft: tuple[str, ...] = ()
    """The lines of its callout with a template-made draft (the agenda fills them in); none
    when their note has nothing to cite."""


def picks(week: Week, birthdays: dict[str, Occasion]) -> list[Pick]:
    """This week's touchpoints; `birthdays` holds the birthdays this week by contact path."""
    candidates = []
    for contact in week.vault.contacts:
        part = week.parts[contact.path]
        if part.candidate is None:
            part.candidate = _candidate(week, contact, part.plan)
        key = part.candidate[0]
        birthday = birthdays.get(contact.path) if contact.segment in CLOSE else None
        if birthday is not None and (not key or key[0] in (2, 3, 4)):  # promises come first
            key = (1.5, 0, *week.rank(contact))
        if key:
            candidates.append((key, part.candidate, birthday, contact))
    candidates.sort(key=lambda candidate: candidate[0])
    chosen = candidates[: week.settings.touchpoints]
    return [
        Pick(
            week.link(contact),
            _reason(week.plan(contact), week.today, week.label(contact), found, birthday, key),
            _idea(contact, found[1], found[2], week.today, birthday if key[0] == 1.5 else None),
            contact,
        )
        for key, found, birthday, contact in chosen
    ]


def _candidate(week: Week, contact: Contact, plan: Schedule) -> Candidate:
    """Why and how urgently this contact could be a touchpoint this week; an empty key when
    they are not one."""
    promises = list(contact.open_promises)
    reminders = [r for r in contact.open_reminders if r.date <= week.end]
    if any(p.due is not None and p.due <= week.end for p in promises):
        priority = 0
    elif reminders:
        priority = 1
    elif plan.status is Status.OVERDUE:
        priority = 2
    elif plan.status is Status.DUE:
        priority = 3 if contact.last_touch is not None else 4
    else:
        return ((), [], [])
    return ((priority, -plan.days_past_due(week.today), *week.rank(contact)), promises, reminders)


def _reason(
    plan: Schedule,
    today: date,
    segment: str,
    found: Candidate,
    birthday: Occasion | None,
    key: tuple[object, ...],
) -> str:
    """Why this contact was picked, most pressing first."""
    _, promises, reminders = found
    if birthday is not None and key[0] == 1.5:
        return f"{segment}, birthday {short_date(birthday.day, today)}"
    if plan.status is Status.OVERDUE:
        return f"{segment}, {span(plan.days_overdue(today))} past their usual rhythm"
    if plan.status is Status.DUE and plan.due_on is not None:
        return f"{segment}, due {due_text(plan, today)}"
    if reminders:
        return f"{segment}, reminder for {short_date(reminders[0].date, today)}"
    dated = sorted(p.due for p in promises if p.due is not None)
    if dated:
        return f"{segment}, promise due {short_date(dated[0], today)}"
    return f"{segment}, not in touch yet"


def _idea(
    contact: Contact,
    promises: list[Promise],
    reminders: list[Reminder],
    today: date,
    birthday: Occasion | None,
) -> str:
    parts = []
    if birthday is not None:
        when = short_date(birthday.day, today)
        parts.append(
            f"their birthday is on {when}; a short, warm note is the whole touchpoint, "
            "with nothing asked."
        )
    elif promises:
        first = min(promises, key=lambda p: promise_order(p, today))
        parts.append(f"you promised \u201c{first.what}\u201d; delivering it is the touchpoint.")
    elif reminders:
        parts.append(f"your reminder: \u201c{reminders[0].note}\u201d.")
    elif only_asks_lately(contact):
        parts.append(GIVE)
    else:
        entry = last_entry(contact)
        if entry and entry.note:
            when = short_date(entry.date, today, weekday=False)
            parts.append(f"last time ({when}): \u201c{entry.note}\u201d.")
            if "ask" in entry.kinds:
                parts.append("They helped you then; telling them how it went closes the loop.")
            else:
                parts.append("A short check-in fits; no reply needed.")
        elif contact.summary:
            parts.append(contact.summary)
        else:
            parts.append("A two-line hello with one thing you are working on is enough.")
    if contact.tags:
        parts.append("Tags: " + ", ".join(contact.tags[:4]) + ".")
    if contact.channel:
        parts.append(f"Prefers {contact.channel}.")
    text = " ".join(parts)
    return text[0].upper() + text[1:]
