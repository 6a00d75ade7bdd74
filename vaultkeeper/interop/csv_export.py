"""`export csv`: one row per contact, for a spreadsheet or another tool.

Every cell is text from a note, and a spreadsheet runs a cell that starts with `=`, `+`, `-`
or `@` as a formula (CSV injection): such cells always get a leading `'`, which spreadsheets
show as text. `--excel` adds a UTF-8 BOM and CRLF line ends, without which Excel reads
accented names as mojibake.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from ..config import Settings
from ..contact import Contact
from ..schedule import Status, schedule
from ..vault import Vault

COLUMNS = (
    "Name",
    "Segment",
    "Relevance tags",
    "Last touch",
    "Next touch",
    "Notes",
    "Promises to keep",
    "Status",
    "Path",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs: `=HYPERLINK(...)` → `'=HYPERLINK(...)`."""
    return "'" + cell if cell.startswith(_FORMULA) else cell


def row(contact: Contact, today: date, settings: Settings) -> list[str]:
    plan = schedule(contact, today, settings)
    segment = settings.segments.get(contact.segment or "")
    status = "not sorted" if contact.segment is None else str(plan.status)
    next_touch = plan.due_on or (today if plan.status is not Status.OK else None)
    cells = [
        contact.name,
        segment.label if segment else "",
        ", ".join(contact.tags),
        contact.last_touch.isoformat() if contact.last_touch else "",
        next_touch.isoformat() if next_touch else "",
        contact.summary,
        "; ".join(p.what for p in contact.open_promises),
        status,
        contact.path,
    ]
    return [neutralise(cell) for cell in cells]


def build_csv(vault: Vault, today: date, settings: Settings, *, excel: bool = False) -> bytes:
    """The table, sorted by path like the vault; `excel` adds a BOM and CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow(COLUMNS)
    for contact in sorted(vault.contacts, key=lambda c: c.path):
        writer.writerow(row(contact, today, settings))
    return ("\ufeff" if excel else "").encode() + out.getvalue().encode("utf-8")
