"""`export ics`, `export csv` and `export vcard`: read back by real parsers, stable to the byte."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
import vobject
from dateutil.rrule import rrulestr
from support import MakeVault, run

from vaultkeeper.interop.csv_export import neutralise

TODAY = "2026-01-10"
PEOPLE = {
    "people/Lea Brandt.md": (
        "---\nsegment: peer\nlast_touch: 2025-06-01\nbirthday: 1992-02-29\n"
        "company: Oakline\nrole: CTO\nemail: lea@example.com\ntags: [pricing, b2b-saas]\n"
        "promises:\n  - what: Send the pricing deck\n    due: 2026-01-20\n"
        "milestones:\n  - date: 2023-05-04\n    what: founded Oakline\n---\n"
        '=HYPERLINK("http://example.com") is how she signs off.\n'
    ),
    "people/Noor Aziz.md": (
        "---\nsegment: ally\nlast_touch: 2026-01-02\nbirthday: --03-14\n"
        "reminders:\n  - date: 2026-02-01\n    note: Ask about the move\n---\n"
        "Old friend from the climbing gym.\n"
    ),
    "people/Sam Ode.md": "---\nsegment:\ncompany: '+Plus Co'\n---\n",
}


def _export(root: Path, *args: str, today: str = TODAY) -> bytes:
    result = run("--vault", str(root), "--today", today, "export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_the_calendar_parses_with_both_parsers_and_reruns_byte_identical(
    make_vault: MakeVault,
) -> None:
    root = make_vault(PEOPLE)
    data = _export(root, "ics")
    assert _export(root, "ics") == data
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    summaries = sorted(str(e["summary"]) for e in events)
    assert summaries == [
        "Lea Brandt: anniversary: founded Oakline",
        "Lea Brandt: birthday",
        "Lea Brandt: overdue for a touch",
        "Lea Brandt: promise due: Send the pricing deck",
        "Noor Aziz: birthday",
        "Noor Aziz: next touch",  # an ally touched on 2 Jan: due from 16 Jan
        "Noor Aziz: reminder: Ask about the move",
    ]
    for event in events:
        start = event.decoded("dtstart")
        assert isinstance(start, date) and not isinstance(start, datetime)  # all day
        assert event.decoded("dtstamp") == datetime.fromisoformat("2026-01-10T00:00:00+00:00")
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY" and alarm["trigger"].to_ical() == b"PT9H"
        assert "people/" in str(event["description"])
    assert len({str(e["uid"]) for e in events}) == len(events)
    overdue = next(e for e in events if "overdue" in str(e["summary"]))
    assert overdue.decoded("dtstart") == date(2026, 1, 10)  # overdue: on today
    assert "You promised" in str(overdue["description"])
    parsed = vobject.readOne(data.decode("utf-8"))
    assert len(parsed.contents["vevent"]) == len(events)


def test_uids_stay_when_the_day_changes(make_vault: MakeVault) -> None:
    root = make_vault(PEOPLE)
    first = icalendar.Calendar.from_ical(_export(root, "ics"))
    later = icalendar.Calendar.from_ical(_export(root, "ics", today="2026-01-12"))
    uids = {str(e["summary"]): str(e["uid"]) for e in first.walk("VEVENT")}
    assert uids == {str(e["summary"]): str(e["uid"]) for e in later.walk("VEVENT")}


def test_yearly_events_expand_to_the_right_days(make_vault: MakeVault) -> None:
    root = make_vault(PEOPLE)
    cal = icalendar.Calendar.from_ical(_export(root, "ics"))
    by_summary = {str(e["summary"]): e for e in cal.walk("VEVENT")}

    def days(summary: str, years: int) -> list[date]:
        event = by_summary[summary]
        rule = event["rrule"].to_ical().decode()
        start = event.decoded("dtstart")
        series = rrulestr(rule, dtstart=datetime(start.year, start.month, start.day))
        return [d.date() for d in series[:years]]

    leap = by_summary["Lea Brandt: birthday"]
    # icalendar writes its canonical order: BYMONTHDAY=-1;BYMONTH=2, the same rule
    assert dict(leap["rrule"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    assert days("Lea Brandt: birthday", 5) == [
        date(1992, 2, 29),
        date(1993, 2, 28),
        date(1994, 2, 28),
        date(1995, 2, 28),
        date(1996, 2, 29),
    ]
    assert days("Noor Aziz: birthday", 2) == [date(2000, 3, 14), date(2001, 3, 14)]
    assert days("Lea Brandt: anniversary: founded Oakline", 2) == [
        date(2023, 5, 4),
        date(2024, 5, 4),
    ]


def test_days_limits_the_dated_items(make_vault: MakeVault) -> None:
    root = make_vault(PEOPLE)
    cal = icalendar.Calendar.from_ical(_export(root, "ics", "--days", "5"))
    summaries = {str(e["summary"]) for e in cal.walk("VEVENT")}
    assert "Noor Aziz: reminder: Ask about the move" not in summaries  # 1 Feb
    assert "Lea Brandt: promise due: Send the pricing deck" not in summaries  # 20 Jan
    assert "Noor Aziz: birthday" in summaries  # yearly: always there


def test_csv_neutralises_formulas_and_excel_gets_a_bom(make_vault: MakeVault) -> None:
    root = make_vault(PEOPLE)
    plain = _export(root, "csv")
    assert not plain.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(plain.decode("utf-8"))))
    assert rows[0] == [
        "Name",
        "Segment",
        "Relevance tags",
        "Last touch",
        "Next touch",
        "Notes",
        "Promises to keep",
        "Status",
        "Path",
    ]
    lea = rows[1]
    assert lea[0] == "Lea Brandt" and lea[2] == "pricing, b2b-saas"
    assert lea[5] == '\'=HYPERLINK("http://example.com") is how she signs off.'
    assert lea[6] == "Send the pricing deck" and lea[7] == "overdue"
    assert rows[3][7] == "not sorted" and rows[3][8] == "people/Sam Ode.md"
    excel = _export(root, "csv", "--excel")
    assert excel.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel
    assert excel.decode("utf-8-sig").replace("\r\n", "\n") == plain.decode("utf-8")
    assert [neutralise(c) for c in ("=1+1", "+1", "-1", "@SUM(A1)", "ok")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "ok",
    ]


def test_export_to_a_file(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(PEOPLE)
    out = tmp_path / "vault.ics"
    result = run("--vault", str(root), "--today", TODAY, "export", "ics", "--out", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_bytes() == _export(root, "ics")


def test_a_vcard_round_trip_gives_the_same_people(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(PEOPLE)
    data = _export(root, "vcard")
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert [c.fn.value for c in cards] == ["Lea Brandt", "Noor Aziz", "Sam Ode"]
    (tmp_path / "out.vcf").write_bytes(data)
    empty = make_vault(name="empty")
    result = run(
        "--vault", str(empty), "--today", TODAY, "import", "vcard", str(tmp_path / "out.vcf")
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "3 created, 0 updated, 0 unchanged, 0 skipped."
    from vaultkeeper.config import load_settings
    from vaultkeeper.vault import load_vault

    def people(folder: Path) -> list[tuple[object, ...]]:
        vault = load_vault(folder, load_settings(folder))
        return sorted(
            (c.name, c.company, c.role, tuple(sorted(c.tags)), c.birthday) for c in vault.contacts
        )

    assert people(empty) == people(root)


@pytest.mark.parametrize("kind", ["ics", "csv", "vcard"])
def test_an_export_names_the_notes_it_could_not_read(make_vault: MakeVault, kind: str) -> None:
    """A broken note's person is missing from the export: said on stderr, with why; the
    export itself is every other contact's, as without the broken note."""
    root = make_vault(PEOPLE)
    whole = _export(root, kind)
    (root / "people" / "Ada Broken.md").write_text("---\nsegment: [ally\n---\n", encoding="utf-8")
    result = run("--vault", str(root), "--today", TODAY, "export", kind)
    assert (result.exit_code, result.stdout_bytes) == (0, whole)
    assert result.stderr.splitlines() == [
        "1 note could not be read, so anyone in it is missing from this export:",
        "  people/Ada Broken.md: invalid YAML on line 3: did not find expected ',' or ']' "
        "(in a [ ] list that starts on line 2)",
    ]
