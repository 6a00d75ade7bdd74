"""Every date text in one place: ISO dates in notes, phrases people type, short display forms.

Phrases (`tomorrow`, `in 3 weeks`, `next monday`) are read relative to `today`. Only phrases with
one obvious meaning are accepted; anything else is a `DateParseError` that lists the forms that
work, so a typo never silently becomes a wrong date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from .config import WEEKDAYS
from .errors import DateParseError

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?$")


def parse_date(value: object) -> date:
    """A date from YAML: an ISO `YYYY-MM-DD` (a date-time keeps its day), as text or a date."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _ISO_DATE.match(value.strip())
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise ValueError(f"{value.strip()!r} is not a real date") from None
    raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")


def short_date(day: date, today: date, weekday: bool = True) -> str:
    """`Thu 19 Nov`; the year is added only when it is not this year."""
    text = f"{day.day} {_MONTH_ABBR[day.month - 1]}"
    if weekday:
        text = f"{_DAYS[day.weekday()]} {text}"
    return text if day.year == today.year else f"{text} {day.year}"


def month_year(day: date) -> str:
    """`23 Nov 2026`, for titles."""
    return f"{day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"


def span(days: int) -> str:
    """`1 day`, `42 days`: exact, so a reader can compare rows at a glance."""
    return "1 day" if days == 1 else f"{days} days"


ACCEPTED = (
    "YYYY-MM-DD, today, tomorrow, yesterday, next week, next month, in 10 days, in 3 weeks, "
    "in 2 months, in a year, in 2w, 3 days ago, next monday, last friday, end of month, "
    "dec 15 or 15 december"
)

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNITS = {
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "m": "months",
    "mo": "months",
    "month": "months",
    "months": "months",
    "y": "years",
    "yr": "years",
    "yrs": "years",
    "year": "years",
    "years": "years",
}
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {name: number for number, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])}
_MONTHS["sept"] = 9
_WEEKDAY_NAMES = {name: i for i, name in enumerate(WEEKDAYS)} | {
    name[:3]: i for i, name in enumerate(WEEKDAYS)
}

# The phrases' patterns, as text: `re` compiles each the first time a phrase is read (and keeps
# it), not in every command that imports this module for its date formats.
_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})$"
_AMOUNT = r"(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")"
_IN = r"^(?:in\s+|\+)?" + _AMOUNT + r"\s*([a-z]+)(?:\s+from\s+(?:now|today))?$"
_AGO = r"^" + _AMOUNT + r"\s*([a-z]+)\s+ago$"
_WEEKDAY = r"^(next|last|this|on)?\s*([a-z]+)$"
_DAY_MONTH = r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?$"
_MONTH_DAY = r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$"


def parse_when(text: str, today: date, *, past: bool = False) -> date:
    """The date `text` means, seen from `today`.

    `past` says which way an open phrase points: a touch happened (`monday` = the last one),
    a reminder is ahead (`monday` = the next one). Explicit phrases ignore it.
    """
    phrase = " ".join(text.strip().lower().split())
    found = _parse(phrase, today, past)
    if found is None:
        raise DateParseError(f"cannot read {text.strip()!r} as a date; use {ACCEPTED}")
    return found


_FIXED: dict[str, Callable[[date], date]] = {
    "today": lambda today: today,
    "now": lambda today: today,
    "tomorrow": lambda today: today + timedelta(days=1),
    "yesterday": lambda today: today - timedelta(days=1),
    "next week": lambda today: today + timedelta(weeks=1),
    "last week": lambda today: today - timedelta(weeks=1),
    "next month": lambda today: _months_later(today, 1),
    "last month": lambda today: _months_later(today, -1),
    "next year": lambda today: _months_later(today, 12),
    "end of month": lambda today: _month_end(today),
    "end of the month": lambda today: _month_end(today),
    "eom": lambda today: _month_end(today),
    "end of next month": lambda today: _month_end(_months_later(today, 1)),
    "start of next month": lambda today: _months_later(today, 1).replace(day=1),
    "beginning of next month": lambda today: _months_later(today, 1).replace(day=1),
    "end of year": lambda today: date(today.year, 12, 31),
    "end of the year": lambda today: date(today.year, 12, 31),
}


def _parse(phrase: str, today: date, past: bool) -> date | None:
    """The date a phrase means; one that would fall outside years 1 to 9999 is an error."""
    try:
        fixed = _FIXED.get(phrase)
        if fixed is not None:
            return fixed(today)
        for parser in (_iso, _relative, _weekday, _calendar_day):
            found = parser(phrase, today, past)
            if found is not None:
                return found
    except (OverflowError, ValueError):
        raise DateParseError(
            f"{phrase!r} would fall outside the calendar (years 1 to 9999)"
        ) from None
    return None


def add_days(day: date, days: int) -> date:
    """`day` moved by `days`, stopping at the calendar's first or last day instead of failing
    (a week that starts on 27 Dec 9999 ends on 31 Dec 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _iso(phrase: str, today: date, past: bool) -> date | None:
    match = re.match(_ISO, phrase)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise DateParseError(f"{phrase!r} is not a real date") from None


def _relative(phrase: str, today: date, past: bool) -> date | None:
    match = re.match(_IN, phrase)
    sign = 1
    if not match:
        match = re.match(_AGO, phrase)
        sign = -1
    if not match or match[2] not in _UNITS:
        return None
    amount = _NUMBER_WORDS.get(match[1]) or int(match[1])
    unit = _UNITS[match[2]]
    if unit in ("days", "weeks"):
        return today + sign * timedelta(**{unit: amount})
    from dateutil.relativedelta import relativedelta  # only months and years need it

    return today + sign * relativedelta(**{unit: amount})  # type: ignore[arg-type]


def _weekday(phrase: str, today: date, past: bool) -> date | None:
    """`next monday` is the first Monday after today, `last friday` the one before it."""
    match = re.match(_WEEKDAY, phrase)
    if not match or match[2] not in _WEEKDAY_NAMES:
        return None
    wanted = _WEEKDAY_NAMES[match[2]]
    ahead = (wanted - today.weekday()) % 7
    which = match[1]
    if which == "last" or (which in (None, "on") and past):
        back = (today.weekday() - wanted) % 7
        if which == "last" and back == 0:
            back = 7
        return today - timedelta(days=back)
    if which == "next" and ahead == 0:
        ahead = 7
    if which in (None, "on") and ahead == 0:
        ahead = 7
    return today + timedelta(days=ahead)


def _calendar_day(phrase: str, today: date, past: bool) -> date | None:
    """`dec 15`, `15 december 2026`: without a year, the next such day (or the last, if past)."""
    match = re.match(_DAY_MONTH, phrase)
    if match:
        day, month_name, year = match[1], match[2], match[3]
    else:
        match = re.match(_MONTH_DAY, phrase)
        if not match:
            return None
        month_name, day, year = match[1], match[2], match[3]
    month = _MONTHS.get(month_name)
    if month is None:
        return None
    try:
        if year:
            return date(int(year), month, int(day))
        found = date(today.year, month, int(day))
        if past and found > today:
            found = date(today.year - 1, month, int(day))
        elif not past and found < today:
            found = date(today.year + 1, month, int(day))
        return found
    except ValueError:
        raise DateParseError(f"{phrase!r} is not a real date") from None


def _months_later(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the month's end."""
    from dateutil.relativedelta import relativedelta  # only these phrases need it

    return day + relativedelta(months=months)


def _month_end(day: date) -> date:
    import calendar  # only month ends need it

    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def split_when(words: tuple[str, ...] | list[str], today: date) -> tuple[date, str]:
    """Split `in 3 months check in after launch` into the date and the rest (longest date first).

    Lets people type `remind jordan next monday send the deck` without quoting the phrase.
    """
    if not words:
        raise DateParseError(f"give a date; use {ACCEPTED}")
    tokens = " ".join(words).split()
    for size in range(min(len(tokens), 6), 0, -1):
        phrase = " ".join(tokens[:size])
        found = _parse(" ".join(phrase.lower().split()), today, False)
        if found is not None:
            return found, " ".join(tokens[size:])
    return parse_when(" ".join(words), today), ""
