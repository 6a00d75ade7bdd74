"""Cadences: how often someone is due, as a value type (`6-10w`) with no package imports.

Config, the model and the schedule all speak of cadences; keeping the type here, below all of
them, is what lets them import each other in one direction only.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta

from .lean import lean_dataclass

_UNIT_WORDS = {"d": "day", "w": "week", "m": "month", "y": "year"}
_CADENCE = re.compile(r"^\s*(\d{1,4})\s*(?:-\s*(\d{1,4})\s*)?([dwmy])\s*$", re.IGNORECASE)


class CadenceError(ValueError):
    """A cadence string that does not follow `N<unit>` or `N-M<unit>`."""


@lean_dataclass(frozen=True)
class Cadence:
    """A range such as 6-10 weeks: due after `low` units, overdue after `high`."""

    low: int
    high: int
    unit: str

    def __str__(self) -> str:
        span = f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        return f"{span}{self.unit}"

    def describe(self) -> str:
        word = _UNIT_WORDS[self.unit]
        span = f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        return f"every {span} {word}{'' if span == '1' else 's'}"

    def after(self, start: date, amount: int) -> date:
        """`start` moved forward by `amount` units; calendar months clamp to the month's end,
        and the calendar's last day is as far as it goes."""
        return _after(self.unit, start, amount)


@functools.lru_cache(maxsize=8192)
def _after(unit: str, start: date, amount: int) -> date:
    """Kept per (unit, day, amount): a large vault asks the same few hundred questions."""
    try:
        if unit in ("d", "w"):
            return start + timedelta(days=amount * 7 if unit == "w" else amount)
        return _months_after(start, amount if unit == "m" else amount * 12)
    except (OverflowError, ValueError):  # past 31 Dec 9999: as late as a date can be
        return date.max


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _months_after(start: date, months: int) -> date:
    """`start + relativedelta(months=months)`: the same day of the month that many months on,
    or that month's last day. dateutil's does it at a sixth of the speed, and a plan asks
    it for thousands of contacts (the property tests hold the two equal)."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    last = _MONTH_DAYS[month - 1]
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    return date(year, month, min(start.day, last))  # ValueError past the year 9999


def parse_cadence(text: object) -> Cadence:
    if not isinstance(text, str):
        raise CadenceError(f"a cadence is text such as 6-10w, not {text!r}")
    match = _CADENCE.match(text)
    if not match:
        raise CadenceError(
            f"{text!r} is not a cadence; write N<unit> or N-M<unit> with unit d, w, m or y "
            "(for example 2-6w or 3m)"
        )
    low = int(match[1])
    high = int(match[2]) if match[2] else low
    if low == 0 or high < low:
        raise CadenceError(f"{text!r} is not a cadence; the range must go up from at least 1")
    return Cadence(low, high, match[3].lower())
