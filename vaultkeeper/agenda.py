"""The weekly agenda: built as plain data by pure code, then rendered by a Jinja template.

Everything here is a function of (vault, today, settings), and every list has a total order,
so the same vault on the same day always renders the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .contact import Contact, Problem, Promise, Reminder
from .dates import add_days, month_year, short_date, span
from .parse import last_entry
from .schedule import Schedule, Status, schedule
from .templates import render

if TYPE_CHECKING:  # a warm agenda comes from the cache without loading the vault
    from .vault import Vault


@dataclass(frozen=True)
class Row:
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


@dataclass(frozen=True)
class Group:
    label: str
    rows: list[Row]


@dataclass(frozen=True)
class Pick:
    link: str
    reason: str
    idea: str


@dataclass(frozen=True)
class Item:
    """A dated line: a reminder or a promise."""

    link: str
    text: str
    when: str
    late: bool


@dataclass
class Agenda:
    title: str
    today: date
    week_start: date
    week_end: date
    generated: str
    summary: list[str]
    start_here: list[Pick] = field(default_factory=list)
    overdue: list[Group] = field(default_factory=list)
    due: list[Row] = field(default_factory=list)
    reminders: list[Item] = field(default_factory=list)
    promises: list[Item] = field(default_factory=list)
    never_touched: list[Row] = field(default_factory=list)
    unsorted: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(len(group.rows) for group in self.overdue)

    def brief(self) -> str:
        """`0 overdue, 2 due this week, 1 never touched`: the watcher's one-line summary."""
        parts = [f"{self.overdue_count} overdue", f"{len(self.due)} due this week"]
        if self.never_touched:
            parts.append(f"{len(self.never_touched)} never touched")
        if self.problems:
            n = len(self.problems)
            parts.append(f"{n} {'problem' if n == 1 else 'problems'} to look at")
        return ", ".join(parts)


class _Week:
    """The facts every section needs: the vault, today, this week, and each contact's plan."""

    def __init__(self, vault: Vault, today: date) -> None:
        self.vault = vault
        self.settings = vault.settings
        self.today = today
        self.start = add_days(today, -((today.weekday() - self.settings.week_start) % 7))
        self.end = add_days(self.start, 6)
        self.plans = {c.path: schedule(c, today, self.settings) for c in vault.contacts}
        self._order = {name: i for i, name in enumerate(self.settings.segments)}
        self._ranks: dict[str, tuple[int, str, str]] = {}

    def plan(self, contact: Contact) -> Schedule:
        return self.plans[contact.path]

    def rank(self, contact: Contact) -> tuple[int, str, str]:
        """Segment order from the config, then name: the tie-break for every list."""
        found = self._ranks.get(contact.path)
        if found is None:
            segment = self._order.get(contact.segment or "", len(self._order))
            found = self._ranks[contact.path] = (segment, contact.name.casefold(), contact.path)
        return found

    def label(self, contact: Contact) -> str:
        if contact.segment is None:
            return contact.segment_text or "not sorted"
        return self.settings.segments[contact.segment].label

    def link(self, contact: Contact) -> str:
        target = self.vault.link_target(contact)
        return f"[[{target}]]" if target == contact.name else f"[[{target}|{contact.name}]]"

    def row(self, contact: Contact, when: str = "") -> Row:
        last = contact.last_touch
        entry = last_entry(contact)
        link = self.link(contact)
        return Row(
            link=link,
            cell_link=_cell(link),
            name=contact.name,
            segment=self.label(contact),
            status=self.plan(contact).status.value,
            when=when,
            last_touch=short_date(last, self.today, weekday=False) if last else "never",
            last_note=_cell(entry.note) if entry and entry.note else "",
            channel=_cell(contact.channel or ""),
            details=_details(contact),
        )


def build_agenda(vault: Vault, today: date) -> Agenda:
    week = _Week(vault, today)
    agenda = Agenda(
        title=f"Week of {month_year(week.start)}",
        today=today,
        week_start=week.start,
        week_end=week.end,
        generated=f"{short_date(today, today)} {today.year}",
        summary=[],
        start_here=_picks(week),
        overdue=_overdue(week),
        due=_due(week),
        reminders=_reminders(week),
        promises=_promises(week),
        never_touched=[
            week.row(c)
            for c in sorted(vault.contacts, key=week.rank)
            if c.last_touch is None and c.next_touch is None and week.plan(c).cadence is not None
        ],
        unsorted=[week.row(c) for c in sorted(vault.contacts, key=week.rank) if c.segment is None],
        problems=[_problem_line(p) for p in vault.problems],
    )
    agenda.summary = _summary(agenda)
    return agenda


def _overdue(week: _Week) -> list[Group]:
    """Overdue contacts grouped by segment (config order), the longest wait first."""
    overdue = [c for c in week.vault.contacts if week.plan(c).status is Status.OVERDUE]
    groups = []
    labels = [(s.name, s.label) for s in week.settings.segments.values()]
    for name, label in [*labels, (None, "not sorted")]:
        members = [c for c in overdue if c.segment == name]
        members.sort(key=lambda c: (-week.plan(c).days_overdue(week.today), week.rank(c)))
        if members:
            rows = [week.row(c, span(week.plan(c).days_overdue(week.today))) for c in members]
            groups.append(Group(label, rows))
    return groups


def _due(week: _Week) -> list[Row]:
    """Due now or coming due by the end of the week, but not yet overdue."""
    due = []
    for contact in week.vault.contacts:
        plan = week.plan(contact)
        if plan.status is Status.OVERDUE or plan.due_on is None or plan.due_on > week.end:
            continue
        due.append((plan.due_on, week.rank(contact), contact))
    return [week.row(c, _due_text(week.plan(c), week.today)) for _, _, c in sorted(due)]


def _reminders(week: _Week) -> list[Item]:
    found = [
        (r.date, week.rank(c), r.note, r, c)
        for c in week.vault.contacts
        for r in c.open_reminders
        if r.date <= week.end
    ]
    return [_reminder_item(r, week.link(c), week.today) for *_, r, c in sorted(found)]


def _promises(week: _Week) -> list[Item]:
    found = [
        (_promise_order(p, week.today), week.rank(c), p.what, p, c)
        for c in week.vault.contacts
        for p in c.open_promises
    ]
    return [_promise_item(p, week.link(c), week.today) for *_, p, c in sorted(found)]


def _problem_line(problem: Problem) -> str:
    where = f"{problem.field}: " if problem.field else ""
    return f"`{problem.path}`: {where}{problem.message}"


def _cell(text: str) -> str:
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


def _due_text(plan: Schedule, today: date) -> str:
    assert plan.due_on is not None
    if plan.due_on == today:
        return "today"
    if plan.due_on < today:
        return "since " + short_date(plan.due_on, today)
    return short_date(plan.due_on, today)


def _promise_order(promise: Promise, today: date) -> tuple[int, date]:
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


def _picks(week: _Week) -> list[Pick]:
    """This week's touchpoints: promises and reminders first, then the longest waits."""
    candidates = []
    for contact in week.vault.contacts:
        plan = week.plan(contact)
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
            continue
        key = (priority, -plan.days_past_due(week.today), *week.rank(contact))
        candidates.append((key, contact, plan, promises, reminders))
    candidates.sort(key=lambda candidate: candidate[0])
    return [
        Pick(
            week.link(contact),
            _reason(plan, week.today, week.label(contact), promises, reminders),
            _idea(contact, promises, reminders, week.today),
        )
        for _, contact, plan, promises, reminders in candidates[: week.settings.touchpoints]
    ]


def _reason(
    plan: Schedule, today: date, segment: str, promises: list[Promise], reminders: list[Reminder]
) -> str:
    """Why this contact was picked, most pressing first."""
    if plan.status is Status.OVERDUE:
        return f"{segment}, {span(plan.days_overdue(today))} past their usual rhythm"
    if plan.status is Status.DUE and plan.due_on is not None:
        return f"{segment}, due {_due_text(plan, today)}"
    if reminders:
        return f"{segment}, reminder for {short_date(reminders[0].date, today)}"
    dated = sorted(p.due for p in promises if p.due is not None)
    if dated:
        return f"{segment}, promise due {short_date(dated[0], today)}"
    return f"{segment}, not in touch yet"


def _idea(contact: Contact, promises: list[Promise], reminders: list[Reminder], today: date) -> str:
    parts = []
    if promises:
        first = min(promises, key=lambda p: _promise_order(p, today))
        parts.append(f"you promised \u201c{first.what}\u201d; delivering it is the touchpoint.")
    elif reminders:
        parts.append(f"your reminder: \u201c{reminders[0].note}\u201d.")
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


def _summary(agenda: Agenda) -> list[str]:
    counts = [
        (len(agenda.start_here), "touchpoint to start with", "touchpoints to start with"),
        (agenda.overdue_count, "overdue", "overdue"),
        (len(agenda.due), "due this week", "due this week"),
        (len(agenda.reminders), "reminder", "reminders"),
        (len(agenda.promises), "promise open", "promises open"),
        (len(agenda.never_touched), "never touched", "never touched"),
    ]
    return [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]


def render_agenda(agenda: Agenda, vault_root: Path, template: str | None) -> str:
    return render("agenda.md.j2", {"agenda": agenda}, vault_root, template)
