"""Cadence: the text a note or a setting gives, and how it reads back."""

from __future__ import annotations

import pytest

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
