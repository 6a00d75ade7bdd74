"""The weekly agenda: built as plain data by pure code, then rendered by a Jinja template.

Everything here is a function of (vault, today, settings), and every list has a total order,
so the same vault on the same day always renders the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .contact import Contact, Problem, Promise, Reminder
from .dates import month_year, short_date, span
from .parse import last_entry
from .schedule import Schedule, Status
from .templates import render
from .week import AgendaMemo, Candidate, Item, Keyed, Row, Week, due_text, promise_order

if TYPE_CHECKING:  # a warm agenda comes from the cache without loading the vault
    from .vault import Vault


@dataclass(frozen=True)
class Group:
    label: str
    rows: list[Row]


@dataclass(frozen=True)
class Pick:
    link: str
    reason: str
    idea: str


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


def build_agenda(vault: Vault, today: date, memo: AgendaMemo | None = None) -> Agenda:
    """The agenda for the week of `today`; a `memo` kept between calls (the watcher's) saves
    working out again what did not change."""
    week = Week(vault, today, memo)
    segments = [*week.settings.segments, None]
    overdue: dict[str | None, list[Keyed[Row]]] = {name: [] for name in segments}
    due: list[Keyed[Row]] = []
    reminders: list[Keyed[Item]] = []
    promises: list[Keyed[Item]] = []
    never: list[Keyed[Row]] = []
    unsorted: list[Keyed[Row]] = []
    for contact in vault.contacts:
        part = week.parts[contact.path]
        facts = week.facts(part)
        if facts.overdue is not None:
            overdue[contact.segment if contact.segment in overdue else None].append(facts.overdue)
        if facts.due is not None:
            due.append(facts.due)
        reminders += facts.reminders
        promises += facts.promises
        if facts.never_touched is not None:
            never.append((part.rank, facts.never_touched))
        if facts.unsorted is not None:
            unsorted.append((part.rank, facts.unsorted))
    agenda = Agenda(
        title=f"Week of {month_year(week.start)}",
        today=today,
        week_start=week.start,
        week_end=week.end,
        generated=f"{short_date(today, today)} {today.year}",
        summary=[],
        start_here=_picks(week),
        overdue=[
            Group(week.settings.segments[name].label if name else "not sorted", _sorted(rows))
            for name, rows in overdue.items()
            if rows
        ],
        due=_sorted(due),
        reminders=_sorted(reminders),
        promises=_sorted(promises),
        never_touched=_sorted(never),
        unsorted=_sorted(unsorted),
        problems=[_problem_line(p) for p in vault.problems],
    )
    agenda.summary = _summary(agenda)
    return agenda


T = TypeVar("T")


def _sorted(keyed: list[Keyed[T]]) -> list[T]:
    keyed.sort(key=lambda item: item[0])
    return [item for _, item in keyed]


def _picks(week: Week) -> list[Pick]:
    """This week's touchpoints: promises and reminders first, then the longest waits."""
    candidates = []
    for contact in week.vault.contacts:
        part = week.parts[contact.path]
        if part.candidate is None:
            part.candidate = _candidate(week, contact, part.plan)
        if part.candidate[0]:
            candidates.append((part.candidate, contact))
    candidates.sort(key=lambda candidate: candidate[0][0])
    return [
        Pick(
            week.link(contact),
            _reason(week.plan(contact), week.today, week.label(contact), promises, reminders),
            _idea(contact, promises, reminders, week.today),
        )
        for (_, promises, reminders), contact in candidates[: week.settings.touchpoints]
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


def _problem_line(problem: Problem) -> str:
    where = f"{problem.field}: " if problem.field else ""
    return f"`{problem.path}`: {where}{problem.message}"


def _reason(
    plan: Schedule, today: date, segment: str, promises: list[Promise], reminders: list[Reminder]
) -> str:
    """Why this contact was picked, most pressing first."""
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


def _idea(contact: Contact, promises: list[Promise], reminders: list[Reminder], today: date) -> str:
    parts = []
    if promises:
        first = min(promises, key=lambda p: promise_order(p, today))
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
