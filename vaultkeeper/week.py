"""Each contact's part in one week's agenda: their plan, their rank and their lines in each
section, worked out once per contact and day, and kept by an `AgendaMemo` between builds.

The watcher keeps the records of unchanged notes, so after a save only the changed contact's
part is worked out again; `agenda.py` then only sorts and joins the parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from .config import Settings
from .contact import Contact, Promise, Reminder
from .dates import add_days, short_date, span
from .log import last_entry
from .moments import Loop
from .schedule import Schedule, Status, schedule

if TYPE_CHECKING:
    from .vault import Vault


class Row(NamedTuple):
    """A contact as one line or table row of the agenda."""

    link: str
    cell_link: str
    name: str
    segment: str
    status: str
    when: str
    last_touch: str
    last_note: str
    channel: str
    details: str


class Item(NamedTuple):
    """A dated line: a reminder or a promise."""

    link: str
    text: str
    when: str
    late: bool


T = TypeVar("T")
Candidate = tuple[tuple[object, ...], list[Promise], list[Reminder]]
"""A contact's sort key as a touchpoint (empty when they are not one), promises, reminders."""
Keyed = tuple[tuple[object, ...], T]


class _Facts(NamedTuple):
    """Where one contact stands in each section: the keys the sections are sorted by, and the
    `when` of their row (rows are made only for the contacts a section shows)."""

    overdue: Keyed[str] | None
    due: Keyed[str] | None
    reminders: Sequence[Keyed[Reminder]]
    promises: Sequence[Keyed[Promise]]
    never_touched: bool
    unsorted: bool


class Part:
    """What the agenda works out about one contact for one day: kept by an `AgendaMemo` and
    reused while the contact is the very same object (the watcher keeps unchanged records)
    and its link reads the same."""

    __slots__ = ("candidate", "contact", "facts", "link", "loop", "plan", "rank", "rows")

    def __init__(self, contact: Contact, plan: Schedule, rank: tuple[int, str, str]) -> None:
        self.contact = contact
        self.plan = plan
        self.rank = rank
        self.link = ""
        self.facts: _Facts | None = None
        self.rows: dict[str, Row] = {}
        self.loop: Loop | bool | None = False
        """The contact's open loop (`moments.loop_of`), False until asked."""
        self.candidate: Candidate | None = None


class AgendaMemo:
    """Per-contact facts kept between builds of the same day and settings: after one note
    changes, only that contact's plan and lines are worked out again."""

    def __init__(self) -> None:
        self.key: tuple[date, Settings] | None = None
        self.parts: dict[str, Part] = {}


class Week:
    """The facts every section needs: the vault, today, this week, and each contact's part."""

    def __init__(self, vault: Vault, today: date, memo: AgendaMemo | None = None) -> None:
        self.vault = vault
        self.settings = vault.settings
        self.today = today
        self.start = add_days(today, -((today.weekday() - self.settings.week_start) % 7))
        self.end = add_days(self.start, 6)
        self._order = {name: i for i, name in enumerate(self.settings.segments)}
        memo = memo if memo is not None else AgendaMemo()
        if memo.key != (today, self.settings):
            memo.key, memo.parts = (today, self.settings), {}
        kept, self.parts = memo.parts, {}
        for contact in vault.contacts:
            part = kept.get(contact.path)
            if part is None or part.contact is not contact:
                part = Part(contact, schedule(contact, today, self.settings), self._rank(contact))
            self.parts[contact.path] = part
        memo.parts = self.parts
        self._linked: set[str] = set()

    def plan(self, contact: Contact) -> Schedule:
        return self.parts[contact.path].plan

    def rank(self, contact: Contact) -> tuple[int, str, str]:
        return self.parts[contact.path].rank

    def link(self, contact: Contact) -> str:
        return self.link_of(self.parts[contact.path])

    def link_of(self, part: Part) -> str:
        """The contact's `[[link]]`, worked out only for the contacts the agenda shows (it
        depends on every other contact's names); rows made with another link are dropped."""
        path = part.contact.path
        if path not in self._linked:
            self._linked.add(path)
            link = self._link(part.contact)
            if link != part.link:
                part.link, part.rows = link, {}
        return part.link

    def _rank(self, contact: Contact) -> tuple[int, str, str]:
        """Segment order from the config, then name: the tie-break for every list."""
        segment = self._order.get(contact.segment or "", len(self._order))
        return (segment, contact.name.casefold(), contact.path)

    def _link(self, contact: Contact) -> str:
        target = self.vault.link_target(contact)
        return f"[[{target}]]" if target == contact.name else f"[[{target}|{contact.name}]]"

    def label(self, contact: Contact) -> str:
        if contact.segment is None:
            return contact.segment_text or "not sorted"
        return self.settings.segments[contact.segment].label

    def facts(self, part: Part) -> _Facts:
        if part.facts is None:
            part.facts = self._facts(part)
        return part.facts

    def _facts(self, part: Part) -> _Facts:
        contact, plan, rank, today = part.contact, part.plan, part.rank, self.today
        overdue = due = None
        if plan.status is Status.OVERDUE:
            days = plan.days_overdue(today)
            overdue = ((-days, *rank), span(days))
        elif plan.due_on is not None and plan.due_on <= self.end:
            due = ((plan.due_on, *rank), due_text(plan, today))
        reminders = [
            ((r.date, *rank, r.note, r.position), r)
            for r in contact.open_reminders
            if r.date <= self.end
        ]
        promises = [
            ((*promise_order(p, today), *rank, p.what, p.position), p)
            for p in contact.open_promises
        ]
        never = (
            contact.last_touch is None and contact.next_touch is None and plan.cadence is not None
        )
        return _Facts(overdue, due, reminders, promises, never, contact.segment is None)

    def row(self, part: Part, when: str = "") -> Row:
        """The contact's row with this `when` (kept in the part for the next build)."""
        self.link_of(part)
        found = part.rows.get(when)
        if found is None:
            found = part.rows[when] = self._row(part, when)
        return found

    def _row(self, part: Part, when: str) -> Row:
        contact = part.contact
        last = contact.last_touch
        entry = last_entry(contact)
        return Row(
            link=part.link,
            cell_link=cell(part.link),
            name=contact.name,
            segment=self.label(contact),
            status=part.plan.status.value,
            when=when,
            last_touch=short_date(last, self.today, weekday=False) if last else "never",
            last_note=cell(entry.note) if entry and entry.note else "",
            channel=cell(contact.channel or ""),
            details=_details(contact),
        )

    def item(self, part: Part, promised: Promise | Reminder) -> Item:
        """A promise or reminder of this contact as an agenda line."""
        if isinstance(promised, Reminder):
            return _reminder_item(promised, self.link_of(part), self.today)
        return _promise_item(promised, self.link_of(part), self.today)


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (Obsidian reads `\\|` inside a link too)."""
    return " ".join(text.replace("|", "\\|").split())


def _details(contact: Contact) -> str:
    parts = []
    work = " at ".join(p for p in (contact.role, contact.company) if p)
    if work:
        parts.append(work)
    if contact.tags:
        parts.append("tags: " + ", ".join(contact.tags[:4]))
    return "; ".join(parts)


def due_text(plan: Schedule, today: date) -> str:
    assert plan.due_on is not None
    if plan.due_on == today:
        return "today"
    if plan.due_on < today:
        return "since " + short_date(plan.due_on, today)
    return short_date(plan.due_on, today)


def promise_order(promise: Promise, today: date) -> tuple[int, date]:
    if promise.due is None:
        return (2, date.max)
    return (0 if promise.due < today else 1, promise.due)


def _reminder_item(reminder: Reminder, link: str, today: date) -> Item:
    late = reminder.date < today
    return Item(link, reminder.note, short_date(reminder.date, today), late)


def _promise_item(promise: Promise, link: str, today: date) -> Item:
    if promise.due is None:
        return Item(link, promise.what, "", False)
    late = promise.due < today
    when = ("was due " if late else "due ") + short_date(promise.due, today)
    return Item(link, promise.what, when, late)
