"""Due and overdue decisions: pure functions of a contact, today and the settings."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import NamedTuple

from .cadence import Cadence
from .config import Settings
from .contact import Contact


class Status(StrEnum):
    OK = "ok"
    DUE = "due"
    OVERDUE = "overdue"


class Schedule(NamedTuple):
    """When a contact is next due, and how they stand today (a tuple: every contact of an
    agenda gets one)."""

    status: Status
    due_on: date | None
    overdue_after: date | None
    cadence: Cadence | None

    def days_overdue(self, today: date) -> int:
        if self.status is not Status.OVERDUE or self.overdue_after is None:
            return 0
        return (today - self.overdue_after).days

    def days_past_due(self, today: date) -> int:
        if self.due_on is None:
            return 0
        return max(0, (today - self.due_on).days)


def effective_cadence(contact: Contact, settings: Settings) -> Cadence | None:
    if contact.cadence is not None:
        return contact.cadence
    if contact.segment is None:
        return None
    segment = settings.segments.get(contact.segment)
    return segment.cadence if segment else None


def schedule(contact: Contact, today: date, settings: Settings) -> Schedule:
    """Decide a contact's status.

    Due from the cadence's lower bound after the last touch, overdue after its upper bound.
    A planned `next_touch` replaces the due date, and the cadence's width still gives the grace
    before overdue; once a touch lands on or after that date the plan has been kept, and the
    cadence takes over again. Someone never touched is due now. A contact with no cadence (not
    sorted into a segment yet) is only ever due through `next_touch`.
    """
    return plan(effective_cadence(contact, settings), contact.last_touch, contact.next_touch, today)


def plan(cadence: Cadence | None, last: date | None, planned: date | None, today: date) -> Schedule:
    """`schedule` from the facts alone: the effective cadence, the last touch (mentions
    included) and `next_touch`; the agenda's shortlist weighs every contact with it."""
    due_on: date | None
    overdue_after: date | None
    if planned is not None and (last is None or planned > last):
        due_on = planned
        overdue_after = cadence.after(due_on, cadence.high - cadence.low) if cadence else due_on
    elif cadence is None:
        return Schedule(Status.OK, None, None, None)
    elif last is None:
        return Schedule(Status.DUE, None, None, cadence)
    else:
        due_on = cadence.after(last, cadence.low)
        overdue_after = cadence.after(last, cadence.high)
    if today > overdue_after:
        status = Status.OVERDUE
    elif today >= due_on:
        status = Status.DUE
    else:
        status = Status.OK
    return Schedule(status, due_on, overdue_after, cadence)
