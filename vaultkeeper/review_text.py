"""The monthly and quarterly reviews as lines of text: for `vaultkeeper review` (names) and for
the agenda in the review's week (links). One wording for both, so they never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .config import Settings
from .contact import Contact
from .review import MonthlyReview, QuarterlyReview

Who = Callable[[Contact], str]
"""How a person is named: `Jordan Lee (peer)` in a terminal, `[[Jordan Lee]] (peer)` in an
agenda."""
Sections = list[tuple[str, list[str]]]


def label(contact: Contact, settings: Settings) -> str:
    segment = settings.segments.get(contact.segment or "")
    return segment.label if segment else "not sorted"


def named(settings: Settings) -> Who:
    return lambda contact: f"{contact.name} ({label(contact, settings)})"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def title(kind: str, today: date, minutes: int) -> str:
    from .dates import month_year

    return f"{kind} review, {month_year(today)} ({minutes} minutes)"


def as_text(heading: str, sections: Sections) -> str:
    """A heading, then each section that has lines: `Overdue:` and its `- ` lines."""
    lines = [heading]
    for name, rows in sections:
        if rows:
            lines += ["", f"{name}:", *rows]
    return "\n".join(lines)


def month_sections(month: MonthlyReview, who: Who) -> Sections:
    from .suggest import OPT_IN

    action = []
    if month.action is not None and month.action.kind == "intro":
        a, b = month.action.contacts
        action += [f"- Offer to introduce {who(a)} and {who(b)}:"]
        action += [f"  {month.action.reason}", f"  {OPT_IN}"]
    elif month.action is not None:
        people = _and([who(c) for c in month.action.contacts])
        action += [f"- Host a 45-minute roundtable on {month.action.topic} with {people}:"]
        action += [f"  {month.action.reason}"]
        action += [f"  `vaultkeeper roundtable {month.action.topic}` drafts the invitation."]
    mentor = []
    if month.mentor is not None:
        mentor = [f"- {who(month.mentor.contact)}: {month.mentor.prompt}"]
    return [
        ("Overdue", [f"- {row.line}" for row in month.overdue]),
        (
            "Relationship map",
            [f"- {row.line}" for row in month.map]
            + ([f"- {month.not_sorted_line}"] if month.not_sorted_line else []),
        ),
        ("One community action", action),
        ("One mentor update", mentor),
    ]


def quarter_sections(quarter: QuarterlyReview, who: Who) -> Sections:
    from .dates import short_date

    today = quarter.today
    return [
        ("Tags to refresh", [f"- {who(r.contact)}: {r.reason}" for r in quarter.refresh]),
        (
            "People to deepen",
            [f"- {who(d.contact)}: {d.reason}; consider {d.move}" for d in quarter.deepen],
        ),
        (
            "Anchor touchpoints in the next three months",
            [f"- {short_date(a.date, today)}: {who(a.contact)}, {a.what}" for a in quarter.anchors],
        ),
    ]


def month_text(month: MonthlyReview, settings: Settings) -> str:
    if month.empty:
        return month.empty
    return as_text(title("Monthly", month.today, 30), month_sections(month, named(settings)))


def quarter_text(quarter: QuarterlyReview, settings: Settings) -> str:
    if quarter.empty:
        return quarter.empty
    return as_text(
        title("Quarterly", quarter.today, 45), quarter_sections(quarter, named(settings))
    )
