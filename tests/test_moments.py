"""Closing loops and dates that matter, on fixed dates: asks with no touch since, three asks
in a row, birthdays (with and without a year, 29 February) and milestone anniversaries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import render, write

from vaultkeeper.config import Settings
from vaultkeeper.moments import occasions, open_loops, window
from vaultkeeper.vault import load_vault

D = date.fromisoformat


def _contacts(root: Path, notes: dict[str, str]) -> list:  # type: ignore[type-arg]
    for name, text in notes.items():
        write(root / f"{name}.md", text)
    return load_vault(root, Settings()).contacts


LOOPS = {
    "Ana": "---\nsegment: peer\n---\n## Log\n- 2026-11-03 email: asked about pricing pages #ask\n",
    "Ben": (  # closed by a later touch
        "---\nsegment: peer\n---\n## Log\n- 2026-11-10 coffee: told him how it went\n"
        "- 2026-11-01 asked for an intro to Cy #ask\n"
    ),
    "Cy": (  # three asks in a row
        "---\nsegment: mentor\n---\n## Log\n- 2026-11-02 call: asked about hiring #ask\n"
        "- 2026-10-01 asked about a deck #ask\n- 2026-09-01 asked for feedback #ask\n"
    ),
    "Dee": "---\nsegment: peer\n---\n## Log\n- 2026-11-15 asked for a review #ask\n",  # too new
    "Eve": "---\nsegment: peer\n---\n## Log\n- 2026-06-01 asked about tax #ask\n",  # too old
    "Fay": "---\nsegment: peer\nlast_touch: 2026-11-12\n---\n## Log\n- 2026-11-02 asked #Ask\n",
}


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-11-15", []),
        ("2026-11-17", [("Cy", True), ("Ana", False)]),
        ("2026-11-29", [("Cy", True), ("Ana", False), ("Dee", False)]),
        ("2027-03-04", [("Dee", False)]),  # four months on, older asks are left alone
    ],
)
def test_asks_with_no_touch_since_are_open_loops(
    tmp_path: Path, today: str, expected: list[tuple[str, bool]]
) -> None:
    contacts = _contacts(tmp_path, LOOPS)
    found = open_loops(contacts, D(today))
    assert [(loop.contact.name, loop.only_asks) for loop in found] == expected


def test_the_agenda_words_the_loop_and_suggests_a_give_after_three_asks(tmp_path: Path) -> None:
    _contacts(tmp_path, LOOPS)
    text = render(tmp_path, "2026-11-17")
    section = text.split("## Close the loop\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines() == [
        "- You asked [[Cy]] on Mon 2 Nov: “asked about hiring”; a short note on how it went "
        "closes the loop. Their last few touches were all asks; make this one a give: "
        "something that matches their interests, a congratulation, or an offer of help.",
        "- You asked [[Ana]] on Tue 3 Nov: “asked about pricing pages”; a short note on how it "
        "went closes the loop.",
    ]


DATES = {
    "Leap": "---\nsegment: peer\nbirthday: 1992-02-29\n---\n",
    "NoYear": "---\nsegment: ally\nbirthday: '--03-02'\n---\n",
    "Short": "---\nsegment: aspirational\nbirthday: 03-01\n---\n",
    "Role": (
        "---\nsegment: mentor\nmilestones:\n  - {date: 2025-03-03, what: started at Acme}\n"
        "  - {date: 2027-03-01, what: not yet}\n---\n"
    ),
}


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2027-02-22", "2027-02-28", [("2027-02-28", "Leap", "birthday")]),
        ("2028-02-28", "2028-03-05", [
            ("2028-02-29", "Leap", "birthday"),
            ("2028-03-01", "Short", "birthday"),
            ("2028-03-01", "Role", "1 year since: not yet"),
            ("2028-03-02", "NoYear", "birthday"),
            ("2028-03-03", "Role", "3 years since: started at Acme"),
        ]),
        ("2026-03-01", "2026-03-07", [
            ("2026-03-01", "Short", "birthday"),
            ("2026-03-02", "NoYear", "birthday"),
            ("2026-03-03", "Role", "1 year since: started at Acme"),
        ]),
        ("2026-12-28", "2027-01-03", []),
    ],
)  # fmt: skip
def test_birthdays_and_anniversaries_fall_in_their_window(
    tmp_path: Path, start: str, end: str, expected: list[tuple[str, str, str]]
) -> None:
    contacts = _contacts(tmp_path, DATES)
    found = occasions(contacts, D(start), D(end))
    assert [(o.day.isoformat(), o.contact.name, o.what) for o in found] == expected


def test_the_window_reaches_into_next_week_once_this_one_is_nearly_over() -> None:
    start, end = D("2026-11-16"), D("2026-11-22")
    assert window(start, end, D("2026-11-19")) == (start, end)
    assert window(start, end, D("2026-11-20")) == (start, D("2026-11-29"))
    assert window(D("9999-12-27"), D("9999-12-31"), D("9999-12-31"))[1] == date.max


def test_a_birthday_is_a_touchpoint_only_for_close_allies_and_peers(tmp_path: Path) -> None:
    _contacts(
        tmp_path,
        {
            "Ana": "---\nsegment: peer\nbirthday: --11-19\nlast_touch: 2026-11-10\n---\n",
            "Zed": "---\nsegment: aspirational\nbirthday: --11-18\nlast_touch: 2026-11-10\n---\n",
        },
    )
    text = render(tmp_path, "2026-11-17")
    assert text.split("## Start here\n", 1)[1].split("\n", 1)[0] == (
        "1. [[Ana]] (peer, birthday Thu 19 Nov): Their birthday is on Thu 19 Nov; a short, warm "
        "note is the whole touchpoint, with nothing asked."
    )
    assert (
        "## Dates this week\n- Wed 18 Nov · [[Zed]]: birthday\n- Thu 19 Nov · [[Ana]]: birthday\n"
        in text
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["2026-03-01", "2026-03-02"]),
            st.sampled_from(["called", "email: asked for intro", "met"]),
            st.sampled_from(["", " #ask", " #ASK", " #asked", " #give #ask", " #task", " #Ask!"]),
        ),
        max_size=8,
    )
)
def test_asks_on_a_day_are_the_entries_of_that_day_tagged_ask(
    lines: list[tuple[str, str, str]],
) -> None:
    from datetime import date

    from vaultkeeper.log import asks_on, parse_log_lines

    text = "## Log\n" + "".join(f"- {day} {what}{tags}\n" for day, what, tags in lines)
    day = date(2026, 3, 1)
    expected = [t for t in parse_log_lines(text) if t.date == day and "ask" in t.kinds]
    assert asks_on(text, day) == expected
