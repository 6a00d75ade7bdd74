"""The `review` command: the monthly or quarterly review, any day, as text or JSON.

It parses (a wrong or missing period exits 2 through `click.Choice`), makes one call into
`review.py` and lays the values out: names and reasons as text, names and paths as JSON. The
agenda shows the same values in its own week with its own links; nothing here decides, and
nothing here writes a note.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from .app import App, pass_app
from .views import REVIEW_THEN

if TYPE_CHECKING:
    from .config import Settings
    from .contact import Contact
    from .review import MonthlyReview, QuarterlyReview


@click.command()
@click.argument("period", type=click.Choice(["month", "quarter"]))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def review(app: App, period: str, as_json: bool) -> None:
    """Print the monthly (30 minutes) or quarterly (45 minutes) review of your people.

    The month: who is overdue by segment, the relationship map against its targets, one
    community action and one mentor update. The quarter: tags to refresh, people to deepen
    and two dates of theirs coming up. The agenda shows each in its week; this shows it any day.

    \b
    Examples:
      vaultkeeper review month
      vaultkeeper --today 2027-01-04 review quarter --json
    """
    from .review import monthly_review, quarterly_review
    from .review_text import month_text, quarter_text

    vault, today = app.vault(), app.today
    if period == "month":
        month = monthly_review(vault, today)
        click.echo(
            _dump(month_json(month, app.settings)) if as_json else month_text(month, app.settings)
        )
    else:
        quarter = quarterly_review(vault, today)
        click.echo(
            _dump(quarter_json(quarter, app.settings))
            if as_json
            else quarter_text(quarter, app.settings)
        )
    app.say_unread(REVIEW_THEN)


COMMANDS: list[click.Command] = [review]


# --- the views: values as text and JSON ----------------------------------------------------------


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _person(contact: Contact) -> dict[str, Any]:
    return {"name": contact.name, "path": contact.path, "segment": contact.segment}


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def month_json(month: MonthlyReview, settings: Settings) -> dict[str, Any]:
    from .rhythm import month_review_due

    action, mentor = month.action, month.mentor
    return {
        "period": "month",
        "today": month.today.isoformat(),
        "this_week": month_review_due(month.today, settings),
        "overdue": [
            {"segment": r.segment, "count": r.count, "line": r.line} for r in month.overdue
        ],
        "map": [
            {"segment": r.segment, "count": r.count, "target": r.target, "line": r.line}
            for r in month.map
        ],
        "not_sorted": month.not_sorted,
        "community_action": action
        and {
            "kind": action.kind,
            "people": [_person(c) for c in action.contacts],
            "topic": action.topic,
            "reason": action.reason,
        },
        "mentor_update": mentor
        and {
            **_person(mentor.contact),
            "status": str(mentor.status),
            "last_touch": _day(mentor.last_touch),
            "last_note": mentor.last_note,
            "prompt": mentor.prompt,
        },
        "message": month.empty,
    }


def quarter_json(quarter: QuarterlyReview, settings: Settings) -> dict[str, Any]:
    from .rhythm import quarter_review_due

    return {
        "period": "quarter",
        "today": quarter.today.isoformat(),
        "this_week": quarter_review_due(quarter.today, settings),
        "tags_to_refresh": [
            {
                **_person(r.contact),
                "kind": r.kind,
                "reason": r.reason,
                "date": _day(r.when),
                "note": r.note,
            }
            for r in quarter.refresh
        ],
        "deepen": [
            {
                **_person(d.contact),
                "touches": d.touches,
                "to_segment": d.to_segment,
                "move": d.move,
                "reason": d.reason,
            }
            for d in quarter.deepen
        ],
        "anchors": [
            {**_person(a.contact), "date": a.date.isoformat(), "kind": a.kind, "what": a.what}
            for a in quarter.anchors
        ],
        "message": quarter.empty,
    }
