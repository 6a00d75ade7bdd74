"""Two habits that build trust: closing the loop after someone helped you, and remembering
the dates that matter to them (birthdays, and the anniversaries of their milestones).

Pure functions of the contacts and the dates asked about; the agenda words them. Nothing here
counts favours: a loop is closed by any later touch, whatever it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import NamedTuple

from .contact import Contact, Touch
from .dates import add_days
from .log import asks_on, log_of

LOOP_AFTER_DAYS = 14
"""An ask with no touch since for this long is an open loop."""
LOOP_HORIZON_DAYS = 120
"""Older asks are left alone: after four months a thank-you note is a fresh touch anyway."""
ASKS_IN_A_ROW = 3
CLOSE = ("ally", "peer")
"""Segments whose birthdays make a touchpoint: a congratulation from someone you barely know
feels odd."""


class Loop(NamedTuple):
    """An `#ask` touch with no touch since."""

    contact: Contact
    ask: Touch

    @property
    def only_asks(self) -> bool:
        """Whether their last few touches were all asks (then the next one had better be a
        give). Reads the whole log: asked only of the loops a list shows."""
        return only_asks_lately(self.contact)


class Occasion(NamedTuple):
    """A birthday or a milestone's anniversary on `day`."""

    day: date
    contact: Contact
    what: str
    birthday: bool


def open_loops(contacts: Iterable[Contact], today: date) -> list[Loop]:
    """Every contact whose newest touch is an `#ask` from two weeks to four months ago, the
    oldest first."""
    found = [loop for contact in contacts if (loop := loop_of(contact, today)) is not None]
    return sorted_loops(found)


def sorted_loops(loops: list[Loop]) -> list[Loop]:
    return sorted(
        loops, key=lambda loop: (loop.ask.date, loop.contact.name.casefold(), loop.contact.path)
    )


def loop_of(contact: Contact, today: date) -> Loop | None:
    """The contact's open loop, if their newest touch is an ask old enough. Only the lines of
    that newest day are read: a large vault has thousands of logged asks."""
    last = contact.last_touch
    if last is None or contact.latest_log_date != last:
        return None  # the newest touch is not a log line (a daily note, last_touch:)
    if not LOOP_AFTER_DAYS <= (today - last).days <= LOOP_HORIZON_DAYS:
        return None
    if "#ask" not in contact.log_text and "#ask" not in contact.log_text.casefold():
        return None
    asks = asks_on(contact.log_text, last)
    return Loop(contact, asks[0]) if asks else None


def only_asks_lately(contact: Contact) -> bool:
    """Whether their last three logged touches were all asks."""
    if contact.log_text.casefold().count("#ask") < ASKS_IN_A_ROW:
        return False
    recent = _newest_first(log_of(contact))[:ASKS_IN_A_ROW]
    return len(recent) == ASKS_IN_A_ROW and all("ask" in t.kinds for t in recent)


def _newest_first(entries: Iterable[Touch]) -> list[Touch]:
    """Newest first; on one day, the line nearer the top of the log first (logs are kept
    newest first)."""
    return sorted(entries, key=lambda touch: touch.date, reverse=True)


def window(start: date, end: date, today: date) -> tuple[date, date]:
    """The days "Dates this week" covers: the agenda's week, and the next seven days too
    once the week is nearly over (from its fifth day)."""
    if (today - start).days >= 4:
        end = add_days(end, 7)  # saturates at the calendar's end
    return start, end


def occasions(contacts: Iterable[Contact], start: date, end: date) -> list[Occasion]:
    """Birthdays and milestone anniversaries from `start` to `end`, by day, then name."""
    found = []
    years = range(start.year, end.year + 1)
    for contact in contacts:
        if contact.birthday is not None:
            for year in years:
                day = day_in(contact.birthday.on, year)
                if day is not None and start <= day <= end:
                    found.append(Occasion(day, contact, "birthday", True))
        for milestone in contact.milestones:
            for year in years:
                day = day_in(milestone.on, year)
                count = year - milestone.date.year
                if day is not None and count >= 1 and start <= day <= end:
                    what = f"{count} {'year' if count == 1 else 'years'} since: {milestone.what}"
                    found.append(Occasion(day, contact, what, False))
    found.sort(key=lambda o: (o.day, not o.birthday, o.contact.name.casefold(), o.contact.path))
    return found


def day_in(on: Callable[[int], date], year: int) -> date | None:
    """`on(year)`, or None past the calendar's end."""
    try:
        return on(year)
    except (ValueError, OverflowError):
        return None
