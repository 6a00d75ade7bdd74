"""What `list`, `show` and `index` print: JSON-ready dicts and text, from facts already decided."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from .contact import Contact
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


def contact_summary(contact: Listed, plan: Schedule) -> dict[str, Any]:
    """The fields `list --json` promises for every contact (in `_SUMMARY_KEYS`' order)."""
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
    return dict(zip(_SUMMARY_KEYS, values, strict=True))


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


def list_json(plans: Sequence[Planned]) -> str:
    """`list --json`: one object per contact, with the fields `contact_summary` promises.

    Written straight from each contact and plan, no dict between: what `indented_rows` of the
    summaries gives, byte for byte, in a third of the time (10,000 contacts is 4 MB of JSON).
    A value of another type than the summary promises goes the long way round."""
    from json.encoder import encode_basestring as text  # the C encoder when available

    if not plans:
        return "[]"
    cadences: dict[object, str] = {}
    objects = []
    try:
        for contact, plan in plans:
            head, tail = card_json(contact)
            if head is None or tail is None:
                raise TypeError("not text where text was promised")
            cadence = plan.cadence
            if cadence is None:
                said = "null"
            elif (said := cadences.get(cadence, "")) == "":
                said = cadences[cadence] = text(str(cadence))
            middle = scheduled_json(
                contact.last_touch,
                plan.due_on,
                plan.overdue_after,
                plan.status,
                contact.next_touch,
                said,
            )
            objects.append(head + middle + tail)
    except (TypeError, AttributeError):  # not text where text was promised
        return indented_rows([contact_summary(contact, plan) for contact, plan in plans])
    return "[\n" + ",\n".join(objects) + "\n]"


_SUMMARY_KEYS = (
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
_LIST_FIELDS = [f'    "{key}": %s' for key in _SUMMARY_KEYS]
_LIST_HEAD = "  {\n" + ",\n".join(_LIST_FIELDS[:4]) + ",\n"
_LIST_SCHEDULED = ",\n".join(_LIST_FIELDS[4:10]) + ",\n"
_LIST_TAIL = ",\n".join(_LIST_FIELDS[10:]) + "\n  }"
"""A `list --json` object is the note's own text (`card_json`, which the index keeps), the
fields a schedule decides (`scheduled_json`), then the note's own text again."""


def scheduled_json(
    last: date | str | None,
    due: date | str | None,
    overdue: date | str | None,
    status: Status,
    planned: date | str | None,
    cadence: str,
) -> str:
    """The fields from `last_touch` to `cadence` (already JSON), days as dates or as the ISO
    text the index keeps (both print as the ISO text)."""
    return _LIST_SCHEDULED % (
        f'"{last}"' if last else "null",
        f'"{due}"' if due else "null",
        f'"{overdue}"' if overdue else "null",
        f'"{status.value}"',
        f'"{planned}"' if planned else "null",
        cadence,
    )


def card_json(contact: Listed) -> tuple[str | None, str | None]:
    """A `list --json` object's text before and after the fields a schedule decides, for this
    contact: kept by the index beside the brief, so that `list --json` only adds those.
    (None, None) for a value that is not the text the summary promises (`list_json` then
    goes the long way round)."""
    from json.encoder import encode_basestring as text

    try:
        head = _LIST_HEAD % (
            text(contact.name),
            text(contact.path),
            _json_text(contact.segment, text),
            text_list(contact.tags, text),
        )
        tail = _LIST_TAIL % (
            _json_text(contact.channel, text),
            _json_text(contact.company, text),
            _json_text(contact.role, text),
            text_list(contact.aliases, text),
        )
    except TypeError:
        return None, None
    return head, tail


def _json_text(value: str | None, text: Callable[[str], str]) -> str:
    return "null" if value is None else text(value)


def text_list(items: Sequence[str], text: Callable[[str], str]) -> str:
    if not items:
        return "[]"
    return "[\n      " + ",\n      ".join(map(text, items)) + "\n    ]"


def indented_rows(rows: list[dict[str, Any]]) -> str:
    """`json.dumps(rows, indent=2, ensure_ascii=False)`, byte for byte, for flat objects of
    text, numbers, booleans, nulls and lists of text: the standard library indents in pure
    Python, a quarter of `list --json` at 10,000 contacts. Anything else goes to it."""
    from json.encoder import encode_basestring as text  # the C encoder when available

    if not rows:
        return "[]"
    keys: dict[str, str] = {}
    objects = []
    for row in rows:
        fields = []
        for key, value in row.items():
            kind = type(value)
            if kind is str:
                encoded = text(value)
            elif value is None:
                encoded = "null"
            elif kind is list:
                if not value:
                    encoded = "[]"
                elif all(type(item) is str for item in value):
                    encoded = "[\n      " + ",\n      ".join(map(text, value)) + "\n    ]"
                else:
                    return _json(rows)
            elif kind is bool:
                encoded = "true" if value else "false"
            elif kind is int:
                encoded = str(value)
            else:
                return _json(rows)
            prefix = keys.get(key)
            if prefix is None:
                prefix = keys[key] = f"    {text(key)}: "
            fields.append(prefix + encoded)
        objects.append("  {\n" + ",\n".join(fields) + "\n  }" if fields else "  {}")
    return "[\n" + ",\n".join(objects) + "\n]"


def show_json(contact: Contact, plan: Schedule) -> str:
    return _json(contact_detail(contact, plan))


def _json(data: object) -> str:
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


def index_report(directory: Directory, stats_line: str) -> str:
    """`index`: the summary, every note that needs a look with why, and what the cache did."""
    lines = [index_summary(directory)]
    if directory.problems:
        count = len({p.path for p in directory.problems})
        lines.append(f"{count} {'note needs' if count == 1 else 'notes need'} a look:")
        lines += [f"  {problem}" for problem in directory.problems]
    lines.append(stats_line)
    return "\n".join(lines)
