"""The schema rules: values that went stale (V1-V3) and keys that look like typos (V4).

A promise or reminder left open for months is no longer a plan, only noise that hides the
live ones; a misspelt key (`last_tuch:`) is silently ignored, so the note says something the
agenda never hears. `today` is an argument: nothing here reads the clock.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from datetime import date

from ..contact import Contact
from ..parse import KNOWN_KEYS
from .rules import Issue

PROMISE_DAYS = 90
"""An open promise this many days past its due date is stale (V1)."""
REMINDER_DAYS = 30
"""An open reminder, and a `next_touch` with no touch since, this many days old is stale."""
TYPO_CUTOFF = 0.8
"""How alike (difflib's ratio) an unknown key must be to a known one to be called a typo."""


def schema_issues(
    contact: Contact, today: date, codes: Collection[str], own_keys: Collection[str] = ()
) -> list[Issue]:
    """V1-V4 for one contact; `own_keys` are keys the vault's settings use (`date:`, a
    `[contacts]` property) that are never typos."""
    found = []
    if "V1" in codes:
        for promise in contact.open_promises:
            if promise.due and (today - promise.due).days > PROMISE_DAYS:
                days = (today - promise.due).days
                what = f'promise "{promise.what}" was due {promise.due}, {days} days ago'
                found.append(Issue("V1", what, "promises", promise.position, text=promise.what))
    if "V2" in codes:
        for reminder in contact.open_reminders:
            days = (today - reminder.date).days
            if days > REMINDER_DAYS:
                what = f'reminder "{reminder.note}" of {reminder.date} is open {days} days later'
                found.append(Issue("V2", what, "reminders", reminder.position, text=reminder.note))
    planned, last = contact.next_touch, contact.last_touch
    stale = planned is not None and (today - planned).days > REMINDER_DAYS
    if "V3" in codes and planned and stale and (last is None or last < planned):
        days = (today - planned).days
        what = f"next_touch {planned} passed {days} days ago with no touch since"
        found.append(Issue("V3", what, "next_touch", text=str(planned)))
    if "V4" in codes:
        for key in contact.extra:
            if key in own_keys:
                continue
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=TYPO_CUTOFF)
            if close:
                what = f'unknown key "{key}" looks like "{close[0]}"'
                found.append(Issue("V4", what, key, text=key))
    return found
