"""Due and overdue decisions for one contact on fixed dates."""

from __future__ import annotations

from datetime import date

import pytest

from vaultkeeper.cadence import parse_cadence
from vaultkeeper.config import Settings
from vaultkeeper.contact import Contact
from vaultkeeper.schedule import Status, schedule

D = date.fromisoformat
SETTINGS = Settings()


def contact(**fields: object) -> Contact:
    fields.setdefault("segment", "peer")
    return Contact(path="people/x.md", name="X", **fields)  # type: ignore[arg-type]


# (segment, cadence override, last touch, next_touch, today) -> (status, due_on, overdue_after)
CASES = [
    # peer 6-10w: due on day 42, overdue from day 71
    ("peer", None, "2026-01-01", None, "2026-02-11", "ok", "2026-02-12", "2026-03-12"),
    ("peer", None, "2026-01-01", None, "2026-02-12", "due", "2026-02-12", "2026-03-12"),
    ("peer", None, "2026-01-01", None, "2026-03-12", "due", "2026-02-12", "2026-03-12"),
    ("peer", None, "2026-01-01", None, "2026-03-13", "overdue", "2026-02-12", "2026-03-12"),
    # ally 2-6w, mentor 8-12w
    ("ally", None, "2026-11-01", None, "2026-11-15", "due", "2026-11-15", "2026-12-13"),
    ("ally", None, "2026-11-01", None, "2026-12-14", "overdue", "2026-11-15", "2026-12-13"),
    ("mentor", None, "2026-09-01", None, "2026-10-27", "due", "2026-10-27", "2026-11-24"),
    # aspirational 3-6m: calendar months clamp to the month's end
    ("aspirational", None, "2025-11-30", None, "2026-02-27", "ok", "2026-02-28", "2026-05-30"),
    ("aspirational", None, "2025-11-30", None, "2026-02-28", "due", "2026-02-28", "2026-05-30"),
    ("aspirational", None, "2023-11-30", None, "2024-02-29", "due", "2024-02-29", "2024-05-30"),
    ("aspirational", None, "2026-08-31", None, "2027-03-01", "overdue", "2026-11-30", "2027-02-28"),
    # a per-contact override wins over the segment
    ("peer", "3-5w", "2026-01-01", None, "2026-02-06", "overdue", "2026-01-22", "2026-02-05"),
    ("peer", "10d", "2026-01-01", None, "2026-01-11", "due", "2026-01-11", "2026-01-11"),
    # next_touch in the future snoozes, even someone long overdue or never touched
    ("peer", None, "2025-01-01", "2026-12-01", "2026-11-21", "ok", "2026-12-01", "2026-12-29"),
    ("peer", None, None, "2026-12-01", "2026-11-21", "ok", "2026-12-01", "2026-12-29"),
    # next_touch in the past: due from then, overdue once the cadence's width has passed
    ("peer", None, "2026-10-01", "2026-11-01", "2026-11-21", "due", "2026-11-01", "2026-11-29"),
    ("peer", None, None, "2026-10-01", "2026-11-21", "overdue", "2026-10-01", "2026-10-29"),
    # a touch on or after the planned date keeps the plan; the cadence takes over again
    ("peer", None, "2026-11-01", "2026-11-01", "2026-11-21", "ok", "2026-12-13", "2027-01-10"),
    ("peer", None, "2026-11-05", "2026-11-01", "2026-11-21", "ok", "2026-12-17", "2027-01-14"),
    # never touched: due now, with no date
    ("ally", None, None, None, "2026-11-21", "due", None, None),
    ("aspirational", None, None, None, "2026-11-21", "due", None, None),
    # no segment yet: no cadence, so only a planned next_touch makes them due
    (None, None, None, None, "2026-11-21", "ok", None, None),
    (None, None, "2020-01-01", None, "2026-11-21", "ok", None, None),
    (None, None, None, "2026-11-20", "2026-11-21", "overdue", "2026-11-20", "2026-11-20"),
]


@pytest.mark.parametrize(
    ("segment", "cadence", "last", "next_touch", "today", "status", "due_on", "overdue_after"),
    CASES,
)
def test_schedule(
    segment: str | None,
    cadence: str | None,
    last: str | None,
    next_touch: str | None,
    today: str,
    status: str,
    due_on: str | None,
    overdue_after: str | None,
) -> None:
    c = contact(
        segment=segment,
        cadence=parse_cadence(cadence) if cadence else None,
        last_touch_field=D(last) if last else None,
        next_touch=D(next_touch) if next_touch else None,
    )
    plan = schedule(c, D(today), SETTINGS)
    assert plan.status is Status(status)
    assert plan.due_on == (D(due_on) if due_on else None)
    assert plan.overdue_after == (D(overdue_after) if overdue_after else None)


def test_days_overdue_and_past_due() -> None:
    c = contact(last_touch_field=D("2026-01-01"))
    plan = schedule(c, D("2026-03-20"), SETTINGS)
    assert plan.days_overdue(D("2026-03-20")) == 8
    assert plan.days_past_due(D("2026-03-20")) == 36


def test_configured_segment_cadence_is_used() -> None:
    from vaultkeeper.config import settings_from_toml

    settings = settings_from_toml({"segments": {"investor": {"cadence": "1-2m"}}})
    c = contact(segment="investor", last_touch_field=D("2026-01-31"))
    plan = schedule(c, D("2026-03-01"), settings)
    assert (plan.status, plan.due_on, plan.overdue_after) == (
        Status.DUE,
        D("2026-02-28"),
        D("2026-03-31"),
    )
