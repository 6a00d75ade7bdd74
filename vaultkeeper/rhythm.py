"""When the seeds' reviews fall: the monthly one in the week of a month's first Monday, the
quarterly one in the first week of a quarter. Apart from `review.py`, whose reviews read the
whole vault, so that the agenda can ask "is this a review week?" without importing them."""

from __future__ import annotations

from datetime import date

from .config import Settings
from .dates import add_days

QUARTER_MONTHS = (1, 4, 7, 10)


def agenda_week(today: date, settings: Settings) -> list[date]:
    """The seven days of the agenda week holding `today` (as `week.Week` counts it)."""
    start = add_days(today, -((today.weekday() - settings.week_start) % 7))
    return [add_days(start, n) for n in range(7)]


def month_review_due(today: date, settings: Settings) -> bool:
    """Whether this agenda week holds the first Monday of a month (days 1 to 7)."""
    return any(day.weekday() == 0 and day.day <= 7 for day in agenda_week(today, settings))


def quarter_review_due(today: date, settings: Settings) -> bool:
    """Whether this agenda week holds 1 January, 1 April, 1 July or 1 October: the first
    week of a quarter, which may start in the last days of the quarter before."""
    return any(day.day == 1 and day.month in QUARTER_MONTHS for day in agenda_week(today, settings))
