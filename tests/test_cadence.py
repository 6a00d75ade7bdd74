"""Cadence: the text a note or a setting gives, and how it reads back."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

from vaultkeeper.cadence import Cadence, CadenceError, parse_cadence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2-6w", Cadence(2, 6, "w")),
        ("6w", Cadence(6, 6, "w")),
        ("3-6m", Cadence(3, 6, "m")),
        (" 10 - 14 D ", Cadence(10, 14, "d")),
        ("1y", Cadence(1, 1, "y")),
    ],
)
def test_parse_cadence(text: str, expected: Cadence) -> None:
    assert parse_cadence(text) == expected


@pytest.mark.parametrize("text", ["", "weekly", "6-2w", "0w", "3x", "2-6", 6, None, "1.5m"])
def test_parse_cadence_rejects(text: object) -> None:
    with pytest.raises(CadenceError):
        parse_cadence(text)


def test_cadence_describe_and_str() -> None:
    assert str(Cadence(6, 10, "w")) == "6-10w"
    assert Cadence(6, 10, "w").describe() == "every 6-10 weeks"
    assert Cadence(1, 1, "m").describe() == "every 1 month"


@given(
    start=st.dates(),
    amount=st.integers(min_value=0, max_value=200),
    unit=st.sampled_from(["m", "y"]),
)
@example(start=date(2024, 1, 31), amount=1, unit="m")  # into a leap February
@example(start=date(2023, 1, 31), amount=1, unit="m")
@example(start=date(2024, 2, 29), amount=1, unit="y")
@example(start=date(2000, 2, 29), amount=100, unit="y")  # 2100 is no leap year
@example(start=date(9999, 12, 31), amount=1, unit="m")  # past the calendar: its last day
@example(start=date(9999, 11, 30), amount=1, unit="m")
def test_months_and_years_step_as_dateutil_does(start: date, amount: int, unit: str) -> None:
    """`Cadence.after` counts months and years itself, for speed; dateutil is the oracle."""
    words = {"m": "months", "y": "years"}
    try:
        expected = start + relativedelta(**{words[unit]: amount})  # type: ignore[arg-type]
    except (OverflowError, ValueError):
        expected = date.max
    assert Cadence(1, 1, unit).after(start, amount) == expected
