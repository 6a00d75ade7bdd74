"""The monthly and quarterly reviews: the weeks they are due in, each part of them on fixed
dates, and `vaultkeeper review` word for word on tests/fixtures/review-vault.

The fixture vault (dated around the turn of 2026) holds a dozen contacts across segments:
tags (one with an event tag only, one with none), logs with `#ask` and `#give`, change words
inside and outside the past quarter (and `rejoined`, which is not `joined`), birthdays with and
without a year (one on 29 February), milestones (one on 29 February), reminders (one done) and
one contact not sorted yet. Its `vaultkeeper.toml` sets the map's targets for peers (4, met)
and aspirational contacts (2, passed).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE, HERE, MakeVault, run

from vaultkeeper.config import CHANGE_WORDS, REVIEW_TARGETS, Settings, settings_from_toml
from vaultkeeper.contact import Birthday, Contact, Milestone, Reminder
from vaultkeeper.errors import ConfigError
from vaultkeeper.review import (
    change_pattern,
    monthly_review,
    plural,
    quarterly_review,
    upcoming_anchors,
)
from vaultkeeper.rhythm import month_review_due, quarter_review_due
from vaultkeeper.vault import load_vault

REVIEW = HERE / "fixtures" / "review-vault"
MONTH_DAY = "2027-02-01"  # the first Monday of February is its 1st
QUARTER_DAY = "2026-12-28"  # the Monday of the week that holds 1 January 2027
BANNED = re.compile(r"\b(owe|owed|debt|score|balance|ledger|in return)\b", re.IGNORECASE)
SUNDAY = Settings(week_start=6)


def review_vault(make_vault: MakeVault) -> Path:
    return make_vault(copy=REVIEW)


# --- the weeks they are due in --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "settings", "due"),
    [
        ("2027-02-01", Settings(), True),  # the first Monday is the 1st
        ("2027-02-07", Settings(), True),  # the Sunday of that week
        ("2027-02-08", Settings(), False),
        ("2027-01-31", Settings(), False),  # the week before: Mon 25 Jan to Sun 31 Jan
        ("2026-12-07", Settings(), True),  # the first Monday is the 7th
        ("2026-12-13", Settings(), True),
        ("2026-12-06", Settings(), False),  # Mon 30 Nov to Sun 6 Dec: that Monday is November's
        ("2026-12-01", Settings(), False),  # the 1st, but its week's Monday is 30 Nov
        ("2026-12-06", SUNDAY, True),  # Sun 6 Dec to Sat 12 Dec holds Mon 7 Dec
        ("2026-12-05", SUNDAY, False),  # Sun 29 Nov to Sat 5 Dec
        ("2027-01-31", SUNDAY, True),  # Sun 31 Jan to Sat 6 Feb holds Mon 1 Feb
        ("2027-02-07", SUNDAY, False),  # Sun 7 Feb to Sat 13 Feb: Mon 8 Feb is the second
    ],
)
def test_the_monthly_review_is_due_in_the_week_of_a_months_first_monday(
    today: str, settings: Settings, due: bool
) -> None:
    assert month_review_due(date.fromisoformat(today), settings) is due


@pytest.mark.parametrize(
    ("today", "settings", "due"),
    [
        ("2026-12-28", Settings(), True),  # Mon 28 Dec to Sun 3 Jan holds 1 January
        ("2027-01-01", Settings(), True),
        ("2027-01-03", Settings(), True),
        ("2027-01-04", Settings(), False),
        ("2026-12-27", Settings(), False),
        ("2027-03-29", Settings(), True),  # ... to Sun 4 Apr holds 1 April
        ("2027-04-05", Settings(), False),
        ("2027-06-28", Settings(), True),  # ... to Sun 4 Jul holds 1 July
        ("2027-07-01", Settings(), True),
        ("2027-09-27", Settings(), True),  # ... to Sun 3 Oct holds 1 October
        ("2027-10-01", Settings(), True),
        ("2027-10-04", Settings(), False),
        ("2027-02-01", Settings(), False),  # a month's first week, not a quarter's
        ("2027-05-01", Settings(), False),
        ("2027-01-02", SUNDAY, True),  # Sun 27 Dec to Sat 2 Jan
        ("2027-01-03", SUNDAY, False),  # Sun 3 Jan to Sat 9 Jan: the second week
    ],
)
def test_the_quarterly_review_is_due_in_the_week_that_holds_a_quarters_first_day(
    today: str, settings: Settings, due: bool
) -> None:
    assert quarter_review_due(date.fromisoformat(today), settings) is due


def test_the_weeks_at_the_ends_of_the_calendar_do_not_fail() -> None:
    assert month_review_due(date.max, Settings()) is False
    assert quarter_review_due(date.min, Settings()) is True  # the week of 1 January of year 1


# --- anniversaries and anchors --------------------------------------------------------------------


def person(name: str, segment: str | None = "peer", **fields: object) -> Contact:
    return Contact(path=f"people/{name}.md", name=name, segment=segment, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2027-02-01", [("2027-02-28", "3 years since: founded Northwind")]),  # no 29 Feb
        ("2028-02-01", [("2028-02-29", "4 years since: founded Northwind")]),  # a leap year
        ("2028-02-29", [("2028-02-29", "4 years since: founded Northwind")]),  # today counts
        ("2027-03-01", []),  # the next is 29 Feb 2028, beyond the quarter
        ("2024-02-01", []),  # the day itself is no anniversary
    ],
)
def test_a_29_february_milestone_comes_round_on_the_28th_in_other_years(
    today: str, expected: list[tuple[str, str]]
) -> None:
    kofi = person("Kofi", milestones=(Milestone(date(2024, 2, 29), "founded Northwind"),))
    anchors = upcoming_anchors([kofi], date.fromisoformat(today))
    assert [(a.date.isoformat(), a.what) for a in anchors] == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2027-02-01", "2027-02-28"),
        ("2028-02-01", "2028-02-29"),
        ("2100-02-01", "2100-02-28"),  # not a leap year
        ("2026-11-29", "2027-02-28"),  # the quarter's last day: today + 91
        ("2026-11-28", None),  # today + 92
    ],
)
def test_a_29_february_birthday_in_leap_and_other_years(today: str, expected: str | None) -> None:
    elena = person("Elena", birthday=Birthday(2, 29))
    anchors = upcoming_anchors([elena], date.fromisoformat(today))
    assert [a.date.isoformat() for a in anchors] == ([expected] if expected else [])
    assert all(a.what == "birthday" and a.kind == "birthday" for a in anchors)


def test_the_next_quarter_is_the_92_days_from_today_on() -> None:
    today = date(2027, 1, 1)
    last = person("Last", reminders=(Reminder(date(2027, 4, 2), "call"),))  # today + 91
    beyond = person("Beyond", reminders=(Reminder(date(2027, 4, 3), "call"),))  # today + 92
    assert [a.contact.name for a in upcoming_anchors([last, beyond], today)] == ["Last"]


def test_anchors_are_the_two_earliest_one_per_person_and_only_some_birthdays() -> None:
    today = date(2027, 1, 1)
    contacts = [
        person("Ally", "ally", birthday=Birthday(3, 1, 1990)),
        person("Mentor", "mentor", birthday=Birthday(1, 2)),  # mentors' birthdays: not here
        person("Dreamer", "aspirational", birthday=Birthday(1, 3)),  # nor aspirational ones
        person(
            "Peer",
            reminders=(
                Reminder(date(2027, 1, 4), "done already", done=date(2027, 1, 1), kept=True),
                Reminder(date(2027, 2, 1), "ask about the launch"),
                Reminder(date(2027, 1, 20), ""),
            ),
            milestones=(Milestone(date(2025, 2, 1), "joined Kite"),),
        ),
        person("Later", reminders=(Reminder(date(2027, 3, 2), "later"),)),
    ]
    anchors = upcoming_anchors(contacts, today)
    assert [(a.contact.name, a.date.isoformat(), a.kind, a.what) for a in anchors] == [
        ("Peer", "2027-01-20", "reminder", "reminder"),
        ("Ally", "2027-03-01", "birthday", "birthday"),
    ]


# --- the parts of each review ---------------------------------------------------------------------


def test_change_words_are_whole_words_without_case() -> None:
    pattern = change_pattern(CHANGE_WORDS)
    assert pattern is not None
    for said in ("Joined Stripe", "took a NEW  ROLE", "she left Acme", "launched it", "Moved."):
        assert pattern.search(said), said
    for said in ("rejoined the council", "a newer role", "leftover slides", "unlaunched"):
        assert not pattern.search(said), said
    assert change_pattern(()) is None


def test_plural_labels() -> None:
    assert [plural(w) for w in ("close ally", "peer", "mentor", "aspirational", "friends")] == [
        "close allies",
        "peers",
        "mentors",
        "aspirational",
        "friends",
    ]


def test_the_review_settings_and_their_mistakes() -> None:
    assert Settings().review_targets == REVIEW_TARGETS
    settings = settings_from_toml({"review": {"targets": {"mentor": 2}, "change_words": ["Hired"]}})
    assert dict(settings.review_targets)["mentor"] == 2
    assert dict(settings.review_targets)["peer"] == 10
    assert settings.change_words == ("hired",)
    custom = settings_from_toml(
        {"segments": {"friend": {"cadence": "4-8w"}}, "review": {"targets": {"friend": 6}}}
    )
    assert custom.review_targets[-1] == ("friend", 6)
    zero = settings_from_toml({"review": {"targets": {"mentor": 0}}})
    assert dict(zero.review_targets)["mentor"] == 0
    for review, message in [
        ({"targets": 5}, "review.targets must be a table"),
        ({"targets": {"friend": 1}}, "review.targets.friend is not a segment"),
        ({"targets": {"ally": -1}}, "review.targets.ally must be a whole number, 0 or more"),
        ({"targets": {"ally": 2.5}}, "review.targets.ally must be a whole number"),
        ({"targets": {"ally": True}}, "review.targets.ally must be a whole number"),
        ({"change_words": "joined"}, "review.change_words must be a list"),
        ({"goals": 1}, "unknown setting review.goals"),
    ]:
        with pytest.raises(ConfigError, match=re.escape(message)) as caught:
            settings_from_toml({"review": review})
        assert "\n" not in str(caught.value)


def test_the_monthly_review_as_data(make_vault: MakeVault) -> None:
    root = review_vault(make_vault)
    vault = load_vault(root, settings_from_toml({"review": {"targets": {"peer": 4}}}))
    month = monthly_review(vault, date.fromisoformat(MONTH_DAY))
    assert [(r.segment, r.count) for r in month.overdue] == [
        ("ally", 2),
        ("peer", 1),
        ("mentor", 1),
        ("aspirational", 1),
    ]
    assert [(r.segment, r.count, r.target) for r in month.map] == [
        ("ally", 3, 5),
        ("peer", 4, 4),
        ("mentor", 2, 3),
        ("aspirational", 3, 10),
    ]
    assert month.map[3].line == "aspirational: 3 of 10, consider seven more"
    no_mentors = settings_from_toml({"review": {"targets": {"mentor": 0}}})
    lines = [r.line for r in monthly_review(load_vault(root, no_mentors), date(2027, 2, 1)).map]
    assert "mentors: 2" in lines  # a target of 0: counted, not compared
    assert (month.not_sorted, month.not_sorted_line) == (
        1,
        "1 not sorted yet: `vaultkeeper sort` files it",
    )
    assert month.action is not None and month.action.kind == "intro"
    assert [c.name for c in month.action.contacts] == ["Dev Patel", "Elena Rossi"]
    assert month.mentor is not None and month.mentor.contact.name == "Hana Sato"
    assert month.mentor.last_touch == date(2026, 9, 1)


def test_the_community_action_falls_back_to_a_roundtable_then_to_nothing(
    make_vault: MakeVault,
) -> None:
    note = "---\nsegment: {segment}\ntags: [{tags}]\n---\nA person.\n"
    files = {
        "A.md": note.format(segment="peer", tags="hiring, event/x"),
        "B.md": note.format(segment="ally", tags="hiring"),
        "C.md": note.format(segment="aspirational", tags="hiring"),
        "D.md": note.format(segment="", tags="hiring"),
    }
    root = make_vault(files)
    vault = load_vault(root, Settings())
    action = monthly_review(vault, date(2027, 2, 1)).action
    assert action is not None and action.kind == "roundtable"
    assert (action.topic, [c.name for c in action.contacts]) == ("hiring", ["B", "A", "C"])
    assert action.reason == "hiring is the topic your contacts share most"
    text = run("--vault", str(root), "--today", "2027-02-01", "review", "month").output
    assert "- Host a 45-minute roundtable on hiring with B (close ally), A (peer)" in text
    (root / "C.md").unlink()
    assert monthly_review(load_vault(root, Settings()), date(2027, 2, 1)).action is None


def test_the_mentor_update_is_the_one_most_overdue_and_never_one_not_due(
    make_vault: MakeVault,
) -> None:
    note = "---\nsegment: mentor\nlast_touch: {day}\n---\nA mentor.\n"
    root = make_vault(
        {
            "Recent.md": note.format(day="2027-01-20"),  # not due
            "Long.md": note.format(day="2026-06-01"),  # overdue the longest
            "Short.md": note.format(day="2026-10-01"),
            "Due.md": "---\nsegment: mentor\n---\nNever written to.\n",  # due now
        }
    )
    mentor = monthly_review(load_vault(root, Settings()), date(2027, 2, 1)).mentor
    assert mentor is not None and mentor.contact.name == "Long"
    assert mentor.prompt == (
        "share one piece of progress since you last spoke (last time, 1 Jun 2026) "
        "and ask one question"
    )
    for name in ("Long.md", "Short.md"):
        (root / name).unlink()
    mentor = monthly_review(load_vault(root, Settings()), date(2027, 2, 1)).mentor
    assert mentor is not None and mentor.contact.name == "Due"
    assert mentor.prompt == "tell them one thing you are working on and ask one question"
    (root / "Due.md").unlink()
    assert monthly_review(load_vault(root, Settings()), date(2027, 2, 1)).mentor is None


def test_the_quarterly_review_as_data(make_vault: MakeVault) -> None:
    vault = load_vault(review_vault(make_vault), Settings())
    quarter = quarterly_review(vault, date.fromisoformat(QUARTER_DAY))
    assert [(r.contact.name, r.kind, r.when) for r in quarter.refresh] == [
        ("Chloe Martin", "untagged", None),  # an event tag says where, not what
        ("Farid Haddad", "untagged", None),
        ("Dev Patel", "changed", date(2026, 12, 1)),  # newest first
        ("Bruno Costa", "changed", date(2026, 11, 2)),
        ("Lena Vogel", "changed", date(2026, 10, 20)),
    ]  # not Grace Kim ("rejoined"; a new role in July), nor Uma Ito (not sorted)
    assert [(d.contact.name, d.touches, d.move) for d in quarter.deepen] == [
        ("Dev Patel", 3, "peer → close ally"),
        ("Grace Kim", 3, "peer → close ally"),  # a tie: segment, then name
        ("Julia Novak", 2, "aspirational → peer"),
    ]  # not Elena Rossi: one touch
    assert [(a.contact.name, a.date, a.kind) for a in quarter.anchors] == [
        ("Dev Patel", date(2027, 1, 8), "milestone"),
        ("Alma Reyes", date(2027, 1, 15), "birthday"),
    ]  # Hana Sato's (a mentor's) and Julia Novak's (aspirational) birthdays come before


def test_change_words_come_from_the_settings(make_vault: MakeVault) -> None:
    root = review_vault(make_vault)
    settings = settings_from_toml(
        {"review": {"change_words": ["swapped pricing notes", "thanked"]}}
    )
    quarter = quarterly_review(load_vault(root, settings), date.fromisoformat(QUARTER_DAY))
    assert [r.note for r in quarter.refresh if r.kind == "changed"] == [
        "thanked her for the plg talk"  # Dev Patel's line is from August, beyond the quarter
    ]


def test_tags_to_refresh_show_at_most_ten_untagged(make_vault: MakeVault) -> None:
    root = make_vault({f"P{n:02}.md": "---\nsegment: peer\n---\nSomeone.\n" for n in range(12)})
    quarter = quarterly_review(load_vault(root, Settings()), date(2027, 1, 1))
    assert [r.contact.name for r in quarter.refresh] == [f"P{n:02}" for n in range(10)]


# --- the command ----------------------------------------------------------------------------------

MONTH_TEXT = """\
Monthly review, 1 Feb 2027 (30 minutes)

Overdue:
- close allies: 2
- peers: 1
- mentors: 1
- aspirational: 1

Relationship map:
- close allies: 3 of 5, consider two more
- peers: 4 of 4
- mentors: 2 of 3, consider one more
- aspirational: 3 of 2
- 1 not sorted yet: `vaultkeeper sort` files it

One community action:
- Offer to introduce Dev Patel (peer) and Elena Rossi (peer):
  Dev Patel offers pricing teardown, Elena Rossi is looking for a pricing teardown; \
both work on b2b-saas
  Ask each person first, and introduce them only if both would like it.

One mentor update:
- Hana Sato (mentor): share one piece of progress since you last spoke \
(last time, 1 Sep 2026: "talked about the fundraising plan") and ask one question
"""

QUARTER_TEXT = """\
Quarterly review, 28 Dec 2026 (45 minutes)

Tags to refresh:
- Chloe Martin (close ally): no topic tags yet
- Farid Haddad (peer): no topic tags yet
- Dev Patel (peer): 1 Dec: "promoted to head of growth"
- Bruno Costa (close ally): 2 Nov: "joined Stripe as head of pricing"
- Lena Vogel (aspirational): 20 Oct: "launched her security podcast"

People to deepen:
- Dev Patel (peer): 3 touches in the last six months; consider peer → close ally
- Grace Kim (peer): 3 touches in the last six months; consider peer → close ally
- Julia Novak (aspirational): 2 touches in the last six months; consider aspirational → peer

Anchor touchpoints in the next three months:
- Fri 8 Jan 2027: Dev Patel (peer), 3 years since: started at Acme
- Fri 15 Jan 2027: Alma Reyes (close ally), birthday
"""


def review(root: Path, today: str, *args: str) -> str:
    result = run("--vault", str(root), "--today", today, "review", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_review_month_word_for_word(make_vault: MakeVault) -> None:
    root = review_vault(make_vault)
    assert review(root, MONTH_DAY, "month") == MONTH_TEXT
    assert review(root, MONTH_DAY, "month") == MONTH_TEXT  # from the index: the same


def test_review_quarter_word_for_word(make_vault: MakeVault) -> None:
    assert review(review_vault(make_vault), QUARTER_DAY, "quarter") == QUARTER_TEXT


def test_a_review_prints_on_any_day_not_only_in_its_week(make_vault: MakeVault) -> None:
    root = review_vault(make_vault)
    text = review(root, "2027-02-10", "month")
    assert text.startswith("Monthly review, 10 Feb 2027 (30 minutes)\n")
    assert json.loads(review(root, "2027-02-10", "month", "--json"))["this_week"] is False


def test_review_json_shapes(make_vault: MakeVault) -> None:
    root = review_vault(make_vault)
    month = json.loads(review(root, MONTH_DAY, "month", "--json"))
    assert set(month) == {
        "period",
        "today",
        "this_week",
        "overdue",
        "map",
        "not_sorted",
        "community_action",
        "mentor_update",
        "message",
    }
    assert (month["period"], month["today"], month["this_week"]) == ("month", MONTH_DAY, True)
    assert month["overdue"][0] == {"segment": "ally", "count": 2, "line": "close allies: 2"}
    assert month["map"][1] == {"segment": "peer", "count": 4, "target": 4, "line": "peers: 4 of 4"}
    assert month["not_sorted"] == 1
    assert month["community_action"]["kind"] == "intro"
    assert month["community_action"]["people"] == [
        {"name": "Dev Patel", "path": "people/Dev Patel.md", "segment": "peer"},
        {"name": "Elena Rossi", "path": "people/Elena Rossi.md", "segment": "peer"},
    ]
    assert month["mentor_update"]["name"] == "Hana Sato"
    assert month["mentor_update"]["path"] == "people/Hana Sato.md"
    assert month["mentor_update"]["last_touch"] == "2026-09-01"
    assert month["mentor_update"]["last_note"] == "talked about the fundraising plan"
    assert month["message"] == ""

    quarter = json.loads(review(root, QUARTER_DAY, "quarter", "--json"))
    assert set(quarter) == {
        "period",
        "today",
        "this_week",
        "tags_to_refresh",
        "deepen",
        "anchors",
        "message",
    }
    assert quarter["tags_to_refresh"][2] == {
        "name": "Dev Patel",
        "path": "people/Dev Patel.md",
        "segment": "peer",
        "kind": "changed",
        "reason": '1 Dec: "promoted to head of growth"',
        "date": "2026-12-01",
        "note": "promoted to head of growth",
    }
    assert quarter["deepen"][2] == {
        "name": "Julia Novak",
        "path": "people/Julia Novak.md",
        "segment": "aspirational",
        "touches": 2,
        "to_segment": "peer",
        "move": "aspirational → peer",
        "reason": "2 touches in the last six months",
    }
    assert quarter["anchors"][0] == {
        "name": "Dev Patel",
        "path": "people/Dev Patel.md",
        "segment": "peer",
        "date": "2027-01-08",
        "kind": "milestone",
        "what": "3 years since: started at Acme",
    }


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((), "Missing argument"),
        (("year",), "'year' is not one of 'month', 'quarter'"),
        (("Month",), "is not one of"),
        (("month", "--csv"), "No such option"),
    ],
)
def test_a_wrong_or_missing_period_is_a_usage_error(
    make_vault: MakeVault, args: tuple[str, ...], says: str
) -> None:
    result = run("--vault", str(review_vault(make_vault)), "review", *args)
    assert result.exit_code == 2
    assert "Usage: vaultkeeper review" in result.output
    assert says in result.output


def test_an_empty_review_says_so_in_one_kind_line(make_vault: MakeVault) -> None:
    empty = make_vault(name="empty")
    for period in ("month", "quarter"):
        assert review(empty, MONTH_DAY, period) == (
            "Nothing to review yet: add a few contacts and the next review will have more to say.\n"
        )
        data = json.loads(review(empty, MONTH_DAY, period, "--json"))
        assert data["message"].startswith("Nothing to review yet")
    quiet = make_vault({"A.md": "---\nsegment: peer\ntags: [hiring]\n---\nSomeone.\n"}, name="q")
    assert review(quiet, QUARTER_DAY, "quarter") == (
        "Nothing to review this quarter: tags look current, and nothing on their calendars in "
        "the next three months needs planning.\n"
    )
    assert "Relationship map:\n- close allies: 0 of 5, consider five more\n" in review(
        quiet, MONTH_DAY, "month"
    )


def test_no_review_ever_keeps_count_of_favours(make_vault: MakeVault) -> None:
    roots = [
        review_vault(make_vault),
        make_vault(copy=EXAMPLE, name="example"),
        make_vault(name="empty"),
    ]
    days = [MONTH_DAY, QUARTER_DAY, "2026-11-23", "2026-12-07", "2027-04-01", "2027-07-05"]
    outputs = [
        review(root, day, period, *extra)
        for root in roots
        for day in days
        for period in ("month", "quarter")
        for extra in ((), ("--json",))
    ]
    assert len(outputs) == 72
    assert [o for o in outputs if BANNED.search(o)] == []


def test_the_review_writes_nothing(make_vault: MakeVault) -> None:
    root = review_vault(make_vault)
    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    review(root, MONTH_DAY, "month")
    review(root, QUARTER_DAY, "quarter", "--json")
    assert {p: p.read_bytes() for p in root.rglob("*.md")} == before
