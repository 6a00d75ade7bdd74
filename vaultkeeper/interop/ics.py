"""`export ics`: the vault's coming touchpoints and dates as one calendar to subscribe to.

The file is meant to be regenerated (by cron, a git hook or `watch`) and subscribed to from a
calendar app, not imported once: every event's UID comes from the note's vault-relative path
and the item, so a regenerated file updates the same events instead of adding copies, and
DTSTAMP is derived from the day, so the same vault on the same day gives byte-identical output
(nothing to commit, nothing for the calendar to re-sync). All events are all-day, with a
display alarm at 09:00 of their day (`TRIGGER:PT9H` from the start of the day).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from ..config import Settings
from ..contact import Contact
from ..log import last_entry
from ..moments import only_asks_lately
from ..picks import GIVE
from ..schedule import Status, schedule
from ..vault import Vault

PRODID = "-//vaultkeeper//export ics//EN"
MORNING = timedelta(hours=9)
YEARLESS = 2000
"""The first year of a birthday whose year is unknown: a leap year, so 29 February exists."""


@dataclass(frozen=True)
class Item:
    """One event before it is written: a date (or the first of a yearly series)."""

    contact: Contact
    key: str
    start: date
    summary: str
    idea: str
    yearly: bool = False


def build_calendar(vault: Vault, today: date, settings: Settings, days: int = 90) -> bytes:
    """The calendar: due dates within `days` (overdue ones on today), open reminders and
    promises with a due date on their day (late ones on today), yearly birthdays and
    milestones. Sorted by date, then UID."""
    end = today + timedelta(days=days)
    items = [item for c in vault.contacts for item in _items(c, today, end, settings)]
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "vaultkeeper")
    cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    events = sorted((_event(item, stamp) for item in items), key=_order)
    for event in events:
        cal.add_component(event)
    return bytes(cal.to_ical())


def _order(event: Event) -> tuple[date, str]:
    return (event.decoded("dtstart"), str(event["uid"]))


def uid(path: str, key: str) -> str:
    """Stable across runs and days: the note's path and the item, never a date or a counter."""
    digest = hashlib.sha256(f"{path}\0{key}".encode()).hexdigest()[:24]
    return f"{digest}@vaultkeeper"


def _items(contact: Contact, today: date, end: date, settings: Settings) -> Iterator[Item]:
    name = contact.name
    plan = schedule(contact, today, settings)
    if plan.status is not Status.OK or (plan.due_on is not None and plan.due_on <= end):
        when = max(plan.due_on or today, today)
        reason = {
            Status.OVERDUE: "overdue for a touch",
            Status.DUE: "due for a touch",
        }.get(plan.status, "next touch")
        yield Item(contact, "next-touch", when, f"{name}: {reason}", idea(contact))
    for reminder in contact.open_reminders:
        if reminder.date <= end:
            yield Item(
                contact,
                f"reminder/{reminder.date}/{reminder.note}",
                max(reminder.date, today),
                f"{name}: reminder: {reminder.note}",
                f"Your reminder from {reminder.date}: \u201c{reminder.note}\u201d.",
            )
    for promise in contact.open_promises:
        if promise.due is not None and promise.due <= end:
            yield Item(
                contact,
                f"promise/{promise.what}",
                max(promise.due, today),
                f"{name}: promise due: {promise.what}",
                f"You promised \u201c{promise.what}\u201d (due {promise.due}); "
                "delivering it is the touchpoint.",
            )
    if contact.birthday is not None:
        b = contact.birthday
        yield Item(
            contact,
            "birthday",
            _first(b.year, b.month, b.day),
            f"{name}: birthday",
            "A short, warm note is the whole touchpoint, with nothing asked.",
            yearly=True,
        )
    for milestone in contact.milestones:
        yield Item(
            contact,
            f"milestone/{milestone.date}/{milestone.what}",
            milestone.date,
            f"{name}: anniversary: {milestone.what}",
            f"On {milestone.date}: {milestone.what}. A good day to say you remembered.",
            yearly=True,
        )


def _first(year: int | None, month: int, day: int) -> date:
    """The series' first day: the birth date when the year is known, else in `YEARLESS`."""
    try:
        return date(year or YEARLESS, month, day)
    except ValueError:  # 29 February with a non-leap year written down
        return date(YEARLESS, month, day)


def idea(contact: Contact) -> str:
    """Something to say, from the note itself: a promise, a reminder, a give after asks, the
    last conversation, or the note's first line (the agenda's "Start here" in short)."""
    if contact.open_promises:
        return (
            f"You promised \u201c{contact.open_promises[0].what}\u201d; "
            "delivering it is the touchpoint."
        )
    if contact.open_reminders:
        return f"Your reminder: \u201c{contact.open_reminders[0].note}\u201d."
    if only_asks_lately(contact):
        return GIVE
    entry = last_entry(contact)
    if entry and entry.note:
        return f"Last time ({entry.date}): \u201c{entry.note}\u201d. A short check-in fits."
    if contact.summary:
        return contact.summary
    return "A two-line hello with one thing you are working on is enough."


def _event(item: Item, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid(item.contact.path, item.key))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.start)
    if item.yearly:
        rule: dict[str, object] = {"freq": "yearly"}
        if (item.start.month, item.start.day) == (2, 29):
            rule.update(bymonth=2, bymonthday=-1)  # the last day of February every year
        event.add("rrule", vRecur(rule))
    else:
        event.add("dtend", item.start + timedelta(days=1))
    event.add("summary", item.summary)
    event.add("description", f"{item.idea}\n\n{item.contact.path}")
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", item.summary)
    alarm.add("trigger", MORNING, parameters={"RELATED": "START"})
    event.add_component(alarm)
    return event
