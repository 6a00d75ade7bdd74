"""What `list`, `show` and `index` print: JSON-ready dicts and text, from facts already decided."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from .contact import Contact, Problem, sorted_problems
from .schedule import Schedule, Status

if TYPE_CHECKING:
    from .vault import Directory


class Listed(Protocol):
    """What `list` shows of a contact: a `Contact`, or a `query.Card` from the index."""

    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def segment(self) -> str | None: ...
    @property
    def segment_text(self) -> str | None: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def last_touch(self) -> date | None: ...
    @property
    def next_touch(self) -> date | None: ...
    @property
    def channel(self) -> str | None: ...
    @property
    def company(self) -> str | None: ...
    @property
    def role(self) -> str | None: ...


Planned = tuple[Listed, Schedule]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


SUMMARY_KEYS = (
    "name",
    "path",
    "segment",
    "tags",
    "last_touch",
    "due_on",
    "overdue_after",
    "status",
    "next_touch",
    "cadence",
    "channel",
    "company",
    "role",
    "aliases",
)
"""The keys of a `list --json` object, in order (`contact_summary`, `listing.py`)."""


def contact_summary(contact: Listed, plan: Schedule) -> dict[str, Any]:
    """The fields `list --json` promises for every contact (in `SUMMARY_KEYS`' order)."""
    values = (
        contact.name,
        contact.path,
        contact.segment,
        list(contact.tags),
        _iso(contact.last_touch),
        _iso(plan.due_on),
        _iso(plan.overdue_after),
        plan.status.value,
        _iso(contact.next_touch),
        str(plan.cadence) if plan.cadence else None,
        contact.channel,
        contact.company,
        contact.role,
        list(contact.aliases),
    )
    return dict(zip(SUMMARY_KEYS, values, strict=True))


def contact_detail(contact: Contact, plan: Schedule) -> dict[str, Any]:
    """Everything `show --json` knows about one contact."""
    from .log import log_of  # `list` needs no log

    last = contact.last_touch
    data = contact_summary(contact, plan)
    data.update(
        {
            "promises": [
                {"what": p.what, "due": _iso(p.due), "done": _iso(p.done), "open": p.is_open}
                for p in contact.promises
            ],
            "reminders": [
                {
                    "date": _iso(r.date),
                    "note": r.note,
                    "done": _iso(r.done),
                    "open": r.is_open(last),
                }
                for r in contact.reminders
            ],
            "log": [
                {"date": _iso(t.date), "via": t.via, "note": t.note, "kinds": list(t.kinds)}
                for t in log_of(contact)
            ],
            "other_companies": list(contact.other_companies),
            "offers": list(contact.offers),
            "seeks": list(contact.seeks),
            "mentions": [_iso(day) for day in contact.mentions],
            "summary": contact.summary,
            "extra": {key: _jsonable(value) for key, value in contact.extra.items()},
        }
    )
    return data


def _jsonable(value: object) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def status_text(plan: Schedule, today: date) -> str:
    if plan.status is Status.OVERDUE:
        return f"overdue {plan.days_overdue(today)}d"
    if plan.status is Status.DUE:
        return "due" if plan.due_on else "due (never touched)"
    return "ok"


def index_summary(vault: Directory) -> str:
    """`Read 34 notes: 30 contacts (5 ally, ...), 2 daily notes.`"""
    counts = Counter(c.segment or "not sorted" for c in vault.entries)
    order = [*vault.settings.segments, "not sorted"]
    parts = [f"{counts[name]} {name}" for name in order if counts[name]]
    breakdown = f" ({', '.join(parts)})" if parts else ""
    contacts = len(vault.entries)
    text = (
        f"Read {vault.notes_read} note{'s' * (vault.notes_read != 1)}: "
        f"{contacts} contact{'s' * (contacts != 1)}{breakdown}, "
        f"{vault.daily_notes} daily note{'s' * (vault.daily_notes != 1)}."
    )
    return text


def describe_contact(contact: Contact, plan: Schedule, today: date) -> str:
    """A readable card for `show`."""
    from .log import log_of  # `list` needs no log

    segment = contact.segment or (
        f"unknown segment {contact.segment_text!r}" if contact.segment_text else "not sorted"
    )
    rhythm = f", {plan.cadence.describe()}" if plan.cadence else ""
    lines = [f"{contact.name} ({segment}{rhythm})"]
    work = " at ".join(part for part in (contact.role, contact.company) if part)
    about = [
        part for part in (work, f"prefers {contact.channel}" if contact.channel else "") if part
    ]
    if about:
        lines.append(" · ".join(about))
    if contact.other_companies:
        lines.append("Also listed under company: " + ", ".join(contact.other_companies))
    if contact.tags:
        lines.append("Tags: " + ", ".join(contact.tags))
    if contact.offers:
        lines.append("Offers: " + "; ".join(contact.offers))
    if contact.seeks:
        lines.append("Seeks: " + "; ".join(contact.seeks))
    status = status_text(plan, today)
    if plan.due_on:
        status += f", due on {plan.due_on.isoformat()}"
    if plan.overdue_after and plan.status is not Status.OVERDUE:
        status += f", overdue after {plan.overdue_after.isoformat()}"
    lines.append(f"Status: {status}")
    lines.append(f"Last touch: {_iso(contact.last_touch) or 'never'}")
    lines.append(f"File: {contact.path}")
    if contact.summary:
        lines += ["", contact.summary]
    if contact.promises:
        lines += ["", "Promises:"]
        for p in contact.promises:
            notes = [
                f"due {p.due.isoformat()}" if p.due else "",
                f"kept {p.done.isoformat()}" if p.done else "",
            ]
            extra = ", ".join(n for n in notes if n)
            lines.append(
                f"  [{' ' if p.is_open else 'x'}] {p.what}" + (f" ({extra})" if extra else "")
            )
    if contact.reminders:
        lines += ["", "Reminders:"]
        last = contact.last_touch
        for r in contact.reminders:
            mark = " " if r.is_open(last) else "x"
            lines.append(f"  [{mark}] {r.date.isoformat()}  {r.note}")
    log = log_of(contact)
    if log:
        lines += ["", "Log:"]
        for t in log:
            via = f" {t.via}:" if t.via else ""
            kinds = "".join(f" #{k}" for k in t.kinds)
            lines.append(f"  {t.date.isoformat()}{via} {t.note}{kinds}".rstrip())
    return "\n".join(lines)


def show_json(contact: Contact, plan: Schedule) -> str:
    return pretty_json(contact_detail(contact, plan))


def pretty_json(data: object) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False)


def list_table(plans: Sequence[Planned], today: date) -> str:
    """`list`: one row per contact, or a sentence when nothing matched."""
    if not plans:
        return "No contacts match."
    rows = [
        [
            c.name,
            c.segment or c.segment_text or "-",
            status_text(plan, today),
            plan.due_on.isoformat() if plan.due_on else "-",
            c.last_touch.isoformat() if c.last_touch else "never",
            ", ".join(c.tags),
        ]
        for c, plan in plans
    ]
    headers = ["Name", "Segment", "Status", "Due", "Last touch", "Tags"]
    return simple_table(rows, headers)


_UNUSUAL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""Line breaks, escape sequences and other controls: cells tabulate lays out its own way."""


def simple_table(rows: list[list[str]], headers: list[str]) -> str:
    """`tabulate(rows, headers, tablefmt="simple", disable_numparse=True)`, byte for byte, for
    one-line cells: tabulate works out a type for every cell even when told not to parse
    numbers, most of `list` at 10,000 contacts. Anything unusual goes to tabulate itself."""
    import tabulate

    unusual = any(_UNUSUAL.search(cell) for row in rows for cell in row)
    cells = [[cell.strip() for cell in row] for row in rows]
    wide = getattr(tabulate, "WIDE_CHARS_MODE", False) and not all(
        cell.isascii() for row in cells for cell in row
    )
    if unusual or wide:
        return str(tabulate.tabulate(rows, headers, tablefmt="simple", disable_numparse=True))
    widths = [len(header) + 2 for header in headers]
    for row in cells:
        for i, cell in enumerate(row):
            if len(cell) > widths[i]:
                widths[i] = len(cell)
    lines = [_line(headers, widths), "  ".join("-" * width for width in widths)]
    lines += [_line(row, widths) for row in cells]
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def unread_notes(problems: Iterable[Problem], then: str) -> list[str]:
    """What a command that reads the whole vault (`list`, `lint`, exports, imports,
    suggestions, reviews) says on stderr of the notes it could not read, each with why:
    someone left out, or a note no check looked at, is never left unexplained. `then` says
    what follows, of one note ("anyone in it ..."); of several, "in them"."""
    found = sorted_problems(problems)
    if not found:
        return []
    count = len({p.path for p in found})
    if count == 1:
        head = "1 note could not be read"
    else:
        head, then = f"{count} notes could not be read", then.replace(" in it ", " in them ")
    return [f"{head}, so {then}:", *(f"  {problem}" for problem in found)]


LIST_THEN = "anyone in it is missing from this list"
LINT_THEN = "nothing in it was checked"
EXPORT_THEN = "anyone in it is missing from this export"
IMPORT_THEN = "anyone in it was not recognised, and may now have a second note"
IMPORT_DRY_THEN = "anyone in it is not recognised, and may be given a second note"
SUGGEST_THEN = "anyone in it was left out of these suggestions"
REVIEW_THEN = "anyone in it is not counted here"


def index_report(directory: Directory, stats_line: str) -> str:
    """`index`: the summary, every note that needs a look with why, and what the cache did."""
    lines = [index_summary(directory)]
    if directory.problems:
        count = len({p.path for p in directory.problems})
        lines.append(f"{count} {'note needs' if count == 1 else 'notes need'} a look:")
        lines += [f"  {problem}" for problem in directory.problems]
    lines.append(stats_line)
    return "\n".join(lines)
