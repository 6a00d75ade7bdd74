"""Dates as people type them, relative to a fixed today (a Friday), and as the agenda writes
them."""

from __future__ import annotations

from datetime import date

import pytest

from vaultkeeper.dates import parse_when, short_date, span, split_when
from vaultkeeper.errors import DateParseError

TODAY = date(2026, 11, 20)  # a Friday
D = date.fromisoformat


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 11, 21)),
        ("next week", date(2026, 11, 27)),
        ("in 10 days", date(2026, 11, 30)),
        ("in 3 weeks", date(2026, 12, 11)),
        ("in 3 months", date(2027, 2, 20)),
        ("in a week", date(2026, 11, 27)),
        ("in two weeks", date(2026, 12, 4)),
        ("in 2w", date(2026, 12, 4)),
        ("in 1y", date(2027, 11, 20)),
        ("next monday", date(2026, 11, 23)),
        ("next friday", date(2026, 11, 27)),
        ("this friday", TODAY),
        ("monday", date(2026, 11, 23)),
        ("end of month", date(2026, 11, 30)),
        ("end of next month", date(2026, 12, 31)),
        ("next month", date(2026, 12, 20)),
        ("dec 15", date(2026, 12, 15)),
        ("15 January", date(2027, 1, 15)),
        ("March 3, 2027", date(2027, 3, 3)),
        ("  in   3   weeks ", date(2026, 12, 11)),
    ],
)
def test_phrases_ahead(phrase: str, expected: date) -> None:
    assert parse_when(phrase, TODAY) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("yesterday", date(2026, 11, 19)),
        ("3 days ago", date(2026, 11, 17)),
        ("last friday", date(2026, 11, 13)),
        ("monday", date(2026, 11, 16)),
        ("friday", TODAY),
        ("dec 15", date(2025, 12, 15)),
    ],
)
def test_phrases_looking_back(phrase: str, expected: date) -> None:
    assert parse_when(phrase, TODAY, past=True) == expected


def test_month_ends_clamp() -> None:
    assert parse_when("in 1 month", date(2027, 1, 31)) == date(2027, 2, 28)
    assert parse_when("end of month", date(2028, 2, 3)) == date(2028, 2, 29)


@pytest.mark.parametrize("phrase", ["someday", "next fortnight", "12/01/2026", "", "in x days"])
def test_unreadable_phrases_list_the_accepted_forms(phrase: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when(phrase, TODAY)
    message = str(caught.value)
    assert "YYYY-MM-DD" in message and "next monday" in message and "in 3 weeks" in message


@pytest.mark.parametrize("phrase", ["2026-02-30", "feb 30"])
def test_impossible_dates_say_so(phrase: str) -> None:
    with pytest.raises(DateParseError, match="not a real date"):
        parse_when(phrase, TODAY)


def test_split_when_takes_the_longest_date_phrase() -> None:
    assert split_when(("in", "3", "months", "check", "in"), TODAY) == (
        date(2027, 2, 20),
        "check in",
    )
    assert split_when(("next monday", "send the deck"), TODAY) == (
        date(2026, 11, 23),
        "send the deck",
    )
    assert split_when(("tomorrow",), TODAY) == (date(2026, 11, 21), "")
    with pytest.raises(DateParseError):
        split_when(("whenever", "call"), TODAY)


# --- as the agenda writes them -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "text"),
    [(0, "0 days"), (1, "1 day"), (13, "13 days"), (42, "42 days"), (400, "400 days")],
)
def test_span(days: int, text: str) -> None:
    assert span(days) == text


def test_short_date_adds_the_year_only_when_needed() -> None:
    assert short_date(D("2026-11-19"), D("2026-11-18")) == "Thu 19 Nov"
    assert short_date(D("2027-01-04"), D("2026-11-18")) == "Mon 4 Jan 2027"
    assert short_date(D("2025-08-01"), D("2026-11-18"), weekday=False) == "1 Aug 2025"
