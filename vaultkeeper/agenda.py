"""The weekly agenda: built as plain data by pure code, then rendered by a Jinja template.

Everything here is a function of (vault, today, settings), and every list has a total order,
so the same vault on the same day always renders the same bytes.
"""

from __future__ import annotations

import heapq
import shlex
from collections.abc import Sequence
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from . import signals
from .contact import Contact, Problem, Promise, Reminder
from .dates import month_year, short_date
from .lean import lean_dataclass
from .moments import Loop, loop_of, occasions, sorted_loops, window
from .picks import GIVE, Pick, picks
from .resources import Resource, worth_sharing
from .templates import render
from .week import AgendaMemo, Item, Part, Row, Week

if TYPE_CHECKING:  # a warm agenda comes from the cache without loading the vault
    from .scales import Totals
    from .vault import Vault


class Group(NamedTuple):
    """The overdue contacts of one segment: the rows shown, how many more, and the segment's
    name for `list --segment` (None for contacts not sorted into one)."""

    label: str
    rows: list[Row]
    more: int = 0
    segment: str | None = None

    @property
    def command(self) -> str:
        """The `list` command that shows every overdue contact of this group."""
        if self.segment is None:
            return "vaultkeeper list --overdue"
        return f"vaultkeeper list --overdue --segment {shlex.quote(self.segment)}"


class Share(NamedTuple):
    """A resource worth passing on, and the one or two people it suits best, with why."""

    title: str
    url: str | None
    people: list[tuple[str, str]]
    """(link, reason) pairs."""

    @property
    def label(self) -> str:
        return f"[{self.title}]({self.url})" if self.url else self.title


@lean_dataclass
class Agenda:
    """The week's agenda as plain data: every list the template shows, and the counts."""

    title: str
    today: date
    week_start: date
    week_end: date
    generated: str
    summary: list[str]
    start_here: list[Pick] = field(default_factory=list)
    worth_sharing: list[Share] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)
    """The monthly and quarterly reviews, in the weeks they are due, as Markdown blocks."""
    loops: list[str] = field(default_factory=list)
    """"Close the loop": asks with no touch since, one sentence each."""
    dates: list[Item] = field(default_factory=list)
    """Birthdays and anniversaries this week (and next, once this one is nearly over)."""
    overdue: list[Group] = field(default_factory=list)
    due: list[Row] = field(default_factory=list)
    reminders: list[Item] = field(default_factory=list)
    promises: list[Item] = field(default_factory=list)
    never_touched: list[Row] = field(default_factory=list)
    unsorted: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    welcome: list[str] = field(default_factory=list)
    """For a vault without contacts: how to get started (instead of "enjoy the quiet")."""
    due_more: int = 0
    loops_more: int = 0
    reminders_more: int = 0
    promises_more: int = 0
    never_touched_more: int = 0
    unsorted_more: int = 0
    """How many more each list holds than it shows (`[agenda] max_rows`)."""

    @property
    def overdue_count(self) -> int:
        return sum(len(group.rows) + group.more for group in self.overdue)

    @property
    def due_count(self) -> int:
        return len(self.due) + self.due_more

    @property
    def never_touched_count(self) -> int:
        return len(self.never_touched) + self.never_touched_more

    def brief(self) -> str:
        """`0 overdue, 2 due this week, 1 never touched`: the watcher's one-line summary."""
        parts = [f"{self.overdue_count} overdue", f"{self.due_count} due this week"]
        if self.never_touched_count:
            parts.append(f"{self.never_touched_count} never touched")
        if self.problems:
            n = len(self.problems)
            parts.append(f"{n} {'problem' if n == 1 else 'problems'} to look at")
        return ", ".join(parts)


def build_agenda(
    vault: Vault,
    today: date,
    memo: AgendaMemo | None = None,
    resources: Sequence[Resource] = (),
    totals: Totals | None = None,
) -> Agenda:
    """The agenda for the week of `today`; a `memo` kept between calls (the watcher's) saves
    working out again what did not change; `resources` are the inbox of things worth sharing;
    `totals` count each list when `vault` holds only the contacts the agenda can show."""
    week = Week(vault, today, memo)
    segments = [*week.settings.segments, None]
    overdue: dict[str | None, list[_Placed]] = {name: [] for name in segments}
    due: list[_Placed] = []
    reminders: list[_Promised] = []
    promises: list[_Promised] = []
    never: list[_Placed] = []
    unsorted: list[_Placed] = []
    for contact in vault.contacts:
        part = week.parts[contact.path]
        facts = week.facts(part)
        if facts.overdue is not None:
            segment = contact.segment if contact.segment in overdue else None
            overdue[segment].append((facts.overdue[0], part, facts.overdue[1]))
        if facts.due is not None:
            due.append((facts.due[0], part, facts.due[1]))
        reminders += [(key, part, reminder) for key, reminder in facts.reminders]
        promises += [(key, part, promise) for key, promise in facts.promises]
        if facts.never_touched:
            never.append((part.rank, part, ""))
        if facts.unsorted:
            unsorted.append((part.rank, part, ""))
    shown = _Shown(week)
    dated = occasions(vault.contacts, *window(week.start, week.end, today))
    agenda = Agenda(
        title=f"Week of {month_year(week.start)}",
        today=today,
        week_start=week.start,
        week_end=week.end,
        generated=f"{short_date(today, today)} {today.year}",
        summary=[],
        start_here=[
            _with_draft(week, pick, resources)
            for pick in picks(week, {o.contact.path: o for o in dated if o.birthday})
        ],
        overdue=[
            Group(
                week.settings.segments[name].label if name else "not sorted",
                *shown(placed),
                segment=name,
            )
            for name, placed in overdue.items()
            if placed
        ],
        problems=[_problem_line(p) for p in vault.problems] + _private_line(vault.private),
    )
    agenda.reminders, agenda.reminders_more = shown.items(reminders)
    agenda.promises, agenda.promises_more = shown.items(promises)
    agenda.due, agenda.due_more = shown(due)
    agenda.never_touched, agenda.never_touched_more = shown(never)
    agenda.unsorted, agenda.unsorted_more = shown(unsorted)
    agenda.dates = [
        Item(week.link(o.contact), o.what, short_date(o.day, today), False) for o in dated
    ]
    loops = sorted_loops([loop for contact in vault.contacts if (loop := _loop(week, contact))])
    limit = week.settings.max_rows or len(loops)
    agenda.loops = [_loop_line(week, loop) for loop in loops[:limit]]
    agenda.loops_more = len(loops) - len(agenda.loops)
    agenda.reviews = _reviews(week)
    agenda.worth_sharing = [
        Share(
            item.resource.title,
            item.resource.url,
            [(week.link(m.contact), m.reason) for m in item.matches],
        )
        for item in worth_sharing(vault, resources, today)
    ]
    if totals is not None:
        _count_all(agenda, totals)
    agenda.summary = _summary(agenda)
    # Built from a shortlist, the vault holds only the contacts some list shows, and may hold
    # none when nobody is waiting: there are contacts all the same (the shortlist weighed them).
    agenda.welcome = _welcome(vault) if totals is None else []
    return agenda


def _count_all(agenda: Agenda, totals: Totals) -> None:
    """Each list's "more" from the whole vault's counts, not the shortlist's."""

    agenda.overdue = [
        group._replace(more=totals.overdue[group.segment] - len(group.rows))
        for group in agenda.overdue
    ]
    agenda.due_more = totals.due - len(agenda.due)
    agenda.reminders_more = totals.reminders - len(agenda.reminders)
    agenda.promises_more = totals.promises - len(agenda.promises)
    agenda.never_touched_more = totals.never_touched - len(agenda.never_touched)
    agenda.unsorted_more = totals.unsorted - len(agenda.unsorted)
    agenda.loops_more = totals.loops - len(agenda.loops)


def _with_draft(week: Week, pick: Pick, resources: Sequence[Resource]) -> Pick:
    """The pick with its draft as callout lines (`> [!example]- Draft`, folded in Obsidian, a
    plain quote elsewhere): from the shipped templates, never a model, so the agenda stays the
    same bytes for a vault and a day. A note with nothing to cite gets no draft, not filler."""

    from .draft.compose import agenda_draft

    if pick.contact is None:
        return pick
    draft = agenda_draft(week.vault, pick.contact, week.today, resources)
    if draft is None:
        return pick
    lines = ["[!example]- Draft"]
    if draft.subject:
        lines += [f"Subject: {draft.subject}", ""]
    lines += draft.body.splitlines()
    return pick._replace(draft=tuple(lines))


def _welcome(vault: Vault) -> list[str]:
    """For a vault with no contacts yet: what was read, how a note becomes a contact, and
    what in this vault already looks like people."""
    if vault.contacts:
        return []
    read = vault.notes_read
    lines = [
        f"No contacts yet: vaultkeeper read {read} {'note' if read == 1 else 'notes'} and none "
        "of them is a contact. A note becomes one with a `segment:` line in its front matter "
        "(`segment: peer`), or through a `[contacts]` rule in vaultkeeper.toml: a folder, a "
        "tag or a property such as `type: person`."
    ]
    if vault.person_like:
        total = sum(vault.person_like.values())
        signal = max(sorted(vault.person_like), key=lambda s: vault.person_like[s])
        lines.append(
            f"{total} {'note looks' if total == 1 else 'notes look'} like people "
            f"({vault.person_like[signal]} {signals.describe_signal(signal)}): "
            f"`{signals.rule_line(signal)}` under `[contacts]` makes them contacts, and "
            "`vaultkeeper sort` gives each one a segment."
        )
    return lines


_Placed = tuple[tuple[object, ...], Part, str]
"""A contact's place in a section: its sort key, its part and the `when` of its row."""
_Promised = tuple[tuple[object, ...], Part, Promise | Reminder]
"""A promise or reminder's place in its section: its sort key, its contact's part, itself."""


T = TypeVar("T", bound=tuple[Any, ...])


def _key(item: tuple[Any, ...]) -> Any:
    return item[0]


class _Shown:
    """The first `max_rows` of a section, in order, as rows, and how many more there are:
    only the rows shown are made, and a large vault is not sorted whole to find them."""

    def __init__(self, week: Week) -> None:
        self.week = week
        self.limit = week.settings.max_rows

    def __call__(self, placed: list[_Placed]) -> tuple[list[Row], int]:
        first = self._first(placed)
        return [self.week.row(part, when) for _, part, when in first], len(placed) - len(first)

    def items(self, placed: list[_Promised]) -> tuple[list[Item], int]:
        first = self._first(placed)
        return [self.week.item(part, it) for _, part, it in first], len(placed) - len(first)

    def _first(self, keyed: list[T]) -> list[T]:
        if self.limit and len(keyed) > self.limit:
            return heapq.nsmallest(self.limit, keyed, key=_key)
        return sorted(keyed, key=_key)


def _reviews(week: Week) -> list[str]:
    """The seeds' monthly 30 minutes in the week of a month's first Monday, and their
    quarterly 45 minutes in the first week of a quarter, with links."""
    from . import rhythm

    quarterly = rhythm.quarter_review_due(week.today, week.settings)
    monthly = rhythm.month_review_due(week.today, week.settings)
    if not (quarterly or monthly):
        return []
    from . import review  # reads the whole vault: only in the weeks it is due
    from .review_text import as_text, label, month_sections, quarter_sections

    def who(contact: Contact) -> str:
        return f"{week.link(contact)} ({label(contact, week.settings)})"

    blocks = []
    if quarterly:
        quarter = review.quarterly_review(week.vault, week.today)
        if not quarter.empty:
            sections = quarter_sections(quarter, who)
            blocks.append(as_text("## Quarterly review (45 minutes)", sections))
    if monthly:
        month = review.monthly_review(week.vault, week.today)
        if not month.empty:
            blocks.append(as_text("## Monthly review (30 minutes)", month_sections(month, who)))
    return blocks


def _loop(week: Week, contact: Contact) -> Loop | None:
    """The contact's open loop, kept in their part of the week (the watcher's memo)."""
    part = week.parts[contact.path]
    if part.loop is False:
        part.loop = loop_of(contact, week.today)
    return part.loop if isinstance(part.loop, Loop) else None


def _loop_line(week: Week, loop: Loop) -> str:
    """`You asked [[X]] on Tue 3 Nov: “...”; a short note on how it went closes the loop.`"""
    when = short_date(loop.ask.date, week.today)
    what = f": \u201c{loop.ask.note}\u201d" if loop.ask.note else ""
    text = (
        f"You asked {week.link(loop.contact)} on {when}{what}; a short note on how it went "
        "closes the loop."
    )
    return f"{text} {GIVE}" if loop.only_asks else text


def _private_line(count: int) -> list[str]:
    """Not a nag: one line, and only when there is something to look at."""
    if not count:
        return []
    notes = "1 note holds" if count == 1 else f"{count} notes hold"
    return [f"{notes} details you may not want to keep: run `vaultkeeper lint`"]


def _problem_line(problem: Problem) -> str:
    where = f"{problem.field}: " if problem.field else ""
    return f"`{problem.path}`: {where}{problem.message}"


def _summary(agenda: Agenda) -> list[str]:
    counts = [
        (len(agenda.start_here), "touchpoint to start with", "touchpoints to start with"),
        (len(agenda.worth_sharing), "thing worth sharing", "things worth sharing"),
        (agenda.overdue_count, "overdue", "overdue"),
        (agenda.due_count, "due this week", "due this week"),
        (len(agenda.reminders) + agenda.reminders_more, "reminder", "reminders"),
        (len(agenda.promises) + agenda.promises_more, "promise open", "promises open"),
        (agenda.never_touched_count, "never touched", "never touched"),
        (len(agenda.unsorted) + agenda.unsorted_more, "not sorted yet", "not sorted yet"),
    ]
    return [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]


def render_agenda(agenda: Agenda, vault_root: Path, template: str | None) -> str:
    return render("agenda.md.j2", {"agenda": agenda}, vault_root, template)
