"""A contact's brief: the few facts that decide where they stand in an agenda, kept by the
index as one plain column beside their record.

The agenda's lists show a few rows each; to know *which* rows, every contact must be weighed,
but not every contact unpacked. A brief is what the weighing reads (`shortlist.py`): the
contact's own touch dates, plan, cadence, open promises and reminders, dates of the year, and
whether their newest log day holds an ask. It is the note's alone (daily-note mentions are
joined in from the index's tables), so it is made when the note is read and stays valid
exactly as long as the note's record does.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, NamedTuple

from .cadence import Cadence
from .config import Settings
from .contact import Birthday, Contact, Milestone
from .index_tables import SEP


class Brief(NamedTuple):
    path: str
    name: str
    segment: str | None
    cadence: Cadence | None
    last_touch_field: date | None
    latest_log_date: date | None
    next_touch: date | None
    promises: tuple[date | None, ...]
    """The due dates of the open promises (None: no date)."""
    reminders: tuple[tuple[date, bool], ...]
    """Every reminder's date, and whether it is marked done."""
    birthday: Birthday | None
    milestones: tuple[date, ...]
    asked_last: bool
    """Whether the newest log day holds an `#ask` (a loop to close, once it is old enough)."""

    def last_touch(self, mentioned: Iterable[date] | None) -> date | None:
        """Their last touch, with the days daily notes mention them (`Contact.last_touch`)."""
        last = self.last_touch_field
        logged = self.latest_log_date
        if logged is not None and (last is None or logged > last):
            last = logged
        if mentioned:
            newest = max(mentioned)
            if last is None or newest > last:
                last = newest
        return last

    def cadence_in(self, settings: Settings) -> Cadence | None:
        """Their own cadence, else their segment's (`schedule.effective_cadence`)."""
        if self.cadence is not None or self.segment is None:
            return self.cadence
        segment = settings.segments.get(self.segment)
        return segment.cadence if segment else None

    def dates_of_year(self) -> list[Callable[[int], date]]:
        """Their birthday and milestones, each as the day it falls on in a given year."""
        found: list[Callable[[int], date]] = [self.birthday.on] if self.birthday else []
        return found + [Milestone(day, "").on for day in self.milestones]


BriefRow = tuple[Any, ...]
"""A brief as the index's `briefs` columns (after path, name and segment): cadence, last
touch, newest log day, next touch, asked, the rarer facts as JSON (NULL when none); then what
`list` shows besides (`CARD_COLUMNS`): segment text, aliases, tags, channel, company, role;
then `list --json`'s text for the note around what a schedule decides (`listing.card_json`)."""
BRIEF_COLUMNS = "path, name, segment, cadence, touched, logged, planned, asked, more"
CARD_COLUMNS = ("segment_text", "aliases", "tags", "channel", "company", "role")


def asked_last(contact: Contact) -> bool:
    """Whether the newest log day holds an ask, as `moments.loop_of` decides it."""
    from .log import asks_on  # only when a note is read

    latest = contact.latest_log_date
    log = contact.log_text
    return (
        latest is not None
        and ("#ask" in log or "#ask" in log.casefold())
        and bool(asks_on(log, latest))
    )


def brief_from(contact: Contact) -> Brief:
    """The brief straight from a contact (the watcher's), as `brief_of` reads its row back."""
    birthday = contact.birthday
    return Brief(
        contact.path,
        contact.name,
        contact.segment,
        contact.cadence,
        contact.last_touch_field,
        contact.latest_log_date,
        contact.next_touch,
        tuple(p.due for p in contact.open_promises),
        tuple((r.date, r.kept) for r in contact.reminders),
        Birthday(birthday.month, birthday.day, birthday.year) if birthday else None,
        tuple(m.date for m in contact.milestones),
        asked_last(contact),
    )


def brief_row(contact: Contact) -> BriefRow:
    """The brief as the index stores it (`brief_from` written out): plain columns, dates as
    ISO text, then the card `list` shows, and the note's own part of its `list --json`."""
    from .listing import card_json

    brief = brief_from(contact)
    cadence = brief.cadence
    born = brief.birthday
    more = None
    if brief.promises or brief.reminders or born or brief.milestones:
        facts = [
            [_iso(due) for due in brief.promises],
            [[day.isoformat(), kept] for day, kept in brief.reminders],
            [born.month, born.day, born.year] if born else None,
            [day.isoformat() for day in brief.milestones],
        ]
        more = json.dumps(facts, separators=(",", ":"))
    return (
        f"{cadence.low} {cadence.high} {cadence.unit}" if cadence else None,
        _iso(brief.last_touch_field),
        _iso(brief.latest_log_date),
        _iso(brief.next_touch),
        int(brief.asked_last),
        more,
        contact.segment_text,
        SEP.join(contact.aliases),
        SEP.join(contact.tags),
        contact.channel,
        contact.company,
        contact.role,
        *card_json(contact),
    )


def brief_of(
    path: str,
    name: str,
    segment: str | None,
    cadence: str | None,
    touched: str | None,
    logged: str | None,
    planned: str | None,
    asked: int,
    more: str | None,
) -> Brief:
    """The brief stored as these columns; raises ValueError (or a KeyError, TypeError) when
    it is not one, which the caller treats as an index it cannot use. Runs for every contact
    of an agenda, so the usual brief (no promises, reminders or dates of the year) is quick."""
    promises: tuple[date | None, ...] = ()
    reminders: tuple[tuple[date, bool], ...] = ()
    birthday = None
    milestones: tuple[date, ...] = ()
    if more is not None:
        dues, dated, born, days = json.loads(more)
        promises = tuple(_day(due) if due else None for due in dues)
        reminders = tuple((_day(day), bool(kept)) for day, kept in dated)
        birthday = Birthday(*born) if born else None
        milestones = tuple(_day(day) for day in days)
    return Brief(
        path,
        name,
        segment,
        cadence_from_column(cadence) if cadence else None,
        _day(touched) if touched else None,
        _day(logged) if logged else None,
        _day(planned) if planned else None,
        promises,
        reminders,
        birthday,
        milestones,
        bool(asked),
    )


_day = date.fromisoformat


@functools.lru_cache(maxsize=256)
def cadence_from_column(text: str) -> Cadence:
    """A cadence as `brief_row` writes it: `6 10 w`."""
    low, high, unit = text.split()
    return Cadence(int(low), int(high), unit)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
