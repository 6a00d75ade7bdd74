"""Front matter and body to a contact: every rule of the format, bad values as problems, the
`## Log` grammar and the summary."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import FULL_NOTE, read, record

from vaultkeeper.config import settings_from_toml
from vaultkeeper.contact import Promise, Reminder, Touch
from vaultkeeper.log import log_of, parse_log_text
from vaultkeeper.summary import summary

D = date.fromisoformat


def test_full_note() -> None:
    result = record(FULL_NOTE)
    assert result.problems == ()
    c = result.contact
    assert c is not None
    assert c.name == "Jordan Lee"
    assert c.aliases == ("Jordan",)
    assert c.segment == "peer"
    assert c.tags == ("partnerships", "b2b-saas", "event/saastr-2026")
    assert c.last_touch_field == D("2026-11-01")
    assert c.last_touch == D("2026-11-12")
    assert str(c.cadence) == "6-10w"
    assert c.next_touch == D("2027-01-20")
    assert (c.channel, c.company, c.role) == ("email", "Acme", "Head of Partnerships")
    assert c.promises == (
        Promise("Send sample partner scorecard"),
        Promise("Intro to Priya", D("2026-12-01"), D("2026-11-28"), kept=True, position=1),
    )
    assert c.open_promises == (Promise("Send sample partner scorecard"),)
    assert c.reminders[0] == Reminder(
        D("2027-01-15"), "Check in after their onboarding revamp launches"
    )
    # the touch on 12 Nov came after the 5 Nov reminder, so only January's stays open
    assert [r.note for r in c.open_reminders] == ["Check in after their onboarding revamp launches"]
    assert log_of(c) == (
        Touch(D("2026-11-12"), "talked about partner scorecards", "email", ("give",)),
        Touch(D("2026-09-30"), "asked about their agency shortlist", "coffee", ("ask",)),
    )
    assert c.extra == {"linkedin": "https://example.com/jordan"}
    assert (
        c.summary == "Met at the partnerships meetup. Leading a partner onboarding revamp; "
        "prefers short emails."
    )


def test_name_defaults_to_file_name() -> None:
    assert read("---\nsegment: ally\n---\n", "people/Carla Close.md").name == "Carla Close"


@pytest.mark.parametrize(
    ("written", "segment"),
    [
        ("ally", "ally"),
        ("Close ally", "ally"),
        ("allies", "ally"),
        ("ALLY", "ally"),
        ("close allies", "ally"),
        ("Peers", "peer"),
        ("mentors", "mentor"),
        ("Aspirational contacts", "aspirational"),
        ("aspirational", "aspirational"),
    ],
)
def test_segment_names_are_lenient(written: str, segment: str) -> None:
    assert read(f"---\nsegment: {written}\n---\n").segment == segment


def test_empty_segment_is_an_unsorted_contact() -> None:
    result = record("---\nsegment:\nname: New Person\n---\n")
    assert result.problems == ()
    assert result.contact is not None
    assert result.contact.segment is None


def test_configured_segment_and_alias() -> None:
    settings = settings_from_toml(
        {"segments": {"investor": {"cadence": "1-3m", "aliases": ["VCs"]}}}
    )
    result = record("---\nsegment: vc\n---\n", settings=settings)
    assert result.contact is not None and result.contact.segment == "investor"


def test_unknown_segment_is_a_problem_but_the_contact_stays() -> None:
    result = record("---\nsegment: investor\n---\n", "people/x.md")
    assert result.contact is not None
    assert result.contact.segment is None
    assert result.contact.segment_text == "investor"
    assert [str(p) for p in result.problems] == [
        "people/x.md: segment: unknown segment 'investor' (known: ally, peer, mentor, aspirational)"
    ]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("[a, B, '#c']", ("a", "b", "c")),
        ("hiring, AI-Ops", ("hiring", "ai-ops")),
        ("[event/SaaStr-2026, event/saastr-2026]", ("event/saastr-2026",)),
        ("", ()),
        ("[]", ()),
    ],
)
def test_tags(tags: str, expected: tuple[str, ...]) -> None:
    assert read(f"---\nsegment: peer\ntags: {tags}\n---\n").tags == expected


def test_dates_as_strings_and_datetimes() -> None:
    c = read('---\nsegment: peer\nlast_touch: "2026-11-12"\nnext_touch: 2026-12-01T09:30\n---\n')
    assert (c.last_touch, c.next_touch) == (D("2026-11-12"), D("2026-12-01"))


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("last_touch: 2026-02-30", "people/x.md: last_touch: '2026-02-30' is not a real date"),
        (
            "last_touch: next week",
            "people/x.md: last_touch: 'next week' is not a date; write it as YYYY-MM-DD",
        ),
        ("next_touch: 12", "people/x.md: next_touch: 12 is not a date; write it as YYYY-MM-DD"),
        ("tags: 42", "people/x.md: tags: expected a list, got a number"),
        ("tags: {a: 1}", "people/x.md: tags: expected a list, got a mapping"),
        ("name: [a, b]", "people/x.md: name: expected text, got a list"),
        (
            "cadence: weekly",
            "people/x.md: cadence: 'weekly' is not a cadence; write N<unit> or N-M<unit> "
            "with unit d, w, m or y (for example 2-6w or 3m); using the segment's cadence",
        ),
        ("promises: send deck", "people/x.md: promises: expected a list, got a str"),
        (
            "promises: [{due: 2026-01-01}]",
            "people/x.md: promises[1]: a promise needs a `what:` saying what was promised",
        ),
        ("reminders: [{note: hi}]", "people/x.md: reminders[1]: a reminder needs a `date:`"),
        (
            "reminders: [{date: 2026-13-01, note: x}]",
            "people/x.md: reminders[1].date: '2026-13-01' is not a real date",
        ),
        (
            "reminders: [hello]",
            "people/x.md: reminders[1]: expected a mapping with `date:` and `note:`, got a str",
        ),
        (
            'tags: ["zz\\x1fyy", ok]',
            "people/x.md: tags: skipped 'zz\\x1fyy': it holds a control character",
        ),
        (
            'aliases: "Bo, B\\tb"',
            "people/x.md: aliases: skipped 'B\\tb': it holds a control character",
        ),
    ],
)
def test_bad_fields_are_problems_and_the_rest_is_read(line: str, problem: str) -> None:
    result = record(f"---\nsegment: peer\nchannel: email\n{line}\n---\n", "people/x.md")
    assert [str(p) for p in result.problems] == [problem]
    assert result.contact is not None
    assert result.contact.channel == "email"
    assert result.contact.tags in ((), ("ok",))
    assert result.contact.aliases in ((), ("Bo",))


def test_bad_log_date_is_a_problem() -> None:
    text = "---\nsegment: peer\n---\n## Log\n- 2026-02-30 call: hi\n- 2026-02-01 call: ok\n"
    result = record(text, "people/x.md")
    assert [str(p) for p in result.problems] == [
        "people/x.md: ## Log: '2026-02-30' is not a real date in the line '- 2026-02-30 call: hi'"
    ]
    assert result.contact is not None and result.contact.last_touch == D("2026-02-01")


# --- the log and the summary ---------------------------------------------------------------------


def test_log_lines() -> None:
    assert parse_log_text(D("2026-01-02"), "email: sent the deck #give #resource") == Touch(
        D("2026-01-02"), "sent the deck", "email", ("give", "resource")
    )
    assert parse_log_text(D("2026-01-02"), "lunch and talked about #pricing ideas") == Touch(
        D("2026-01-02"), "lunch and talked about pricing ideas", None, ("pricing",)
    )
    assert parse_log_text(D("2026-01-02"), "#congrats") == Touch(
        D("2026-01-02"), "", None, ("congrats",)
    )


def test_log_with_wikilinked_dates_and_other_bullets() -> None:
    body = "## Log\n* [[2026-10-01]] call: planning\n+ 2026-09-01 met #meet\n"
    c = read("---\nsegment: peer\n---\n" + body)
    assert [(t.date, t.via, t.note) for t in log_of(c)] == [
        (D("2026-10-01"), "call", "planning"),
        (D("2026-09-01"), None, "met"),
    ]


def test_summary_is_the_prose_before_any_heading() -> None:
    assert summary("- a list\n\nFirst  real\nparagraph.\n\nSecond.\n# Title\n") == (
        "First real paragraph."
    )
    assert summary("\n# Title\n\nProse under a heading is not the note's opening.") == ""
    assert summary("") == ""


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "segment",
                "tags",
                "last_touch",
                "next_touch",
                "cadence",
                "promises",
                "reminders",
                "aliases",
                "channel",
            ]
        ),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=12),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=6,
        ),
    )
)
def test_any_yaml_values_give_problems_not_exceptions(meta: dict[str, object]) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump({"segment": "peer", **meta}) + "---\n"
    result = record(text, "people/x.md")
    assert result.path == "people/x.md"
    # a `segment:` key makes a contact whatever else the note holds; a bad value is a problem
    # on this file, for that field, and the rest is read
    assert result.contact is not None, result.problems
    assert all(p.path == "people/x.md" for p in result.problems)
    fields = {p.field for p in result.problems}
    for key in ("name", "channel"):
        value = meta.get(key)
        # text, or an Obsidian property style: a one-item list, an unquoted [[link]]
        is_text = _texty(value) or (
            isinstance(value, list)
            and len(value) == 1
            and (
                _texty(value[0])
                or (
                    isinstance(value[0], list)
                    and len(value[0]) == 1
                    and isinstance(value[0][0], str)
                )
            )
        )
        assert (key in fields) != is_text, (key, value, result.problems)


def _texty(value: object) -> bool:
    return value is None or (isinstance(value, str | int) and not isinstance(value, bool))


def test_offers_and_seeks_are_read_like_tags() -> None:
    text = (
        "---\nsegment: peer\n"
        "offers: [intro to fintech investors, '#pricing', Intro to fintech investors]\n"
        "seeks: hiring ML engineers, a co-founder\n"
        "---\n"
    )
    result = record(text, "people/x.md")
    assert result.contact is not None and result.problems == ()
    assert result.contact.offers == ("intro to fintech investors", "pricing")
    assert result.contact.seeks == ("hiring ML engineers", "a co-founder")
    wrong = record("---\nsegment: peer\noffers: {a: 1}\nseeks: [[1, 2]]\n---\n", "people/y.md")
    assert wrong.contact is not None
    assert [(p.field, p.message) for p in wrong.problems] == [
        ("offers", "expected a list, got a mapping"),
        ("seeks", "skipped an entry that is a list, not text"),
    ]


def test_birthdays_and_milestones() -> None:
    from vaultkeeper.contact import Birthday, Milestone

    cases = {
        "1992-02-29": Birthday(2, 29, 1992),
        "--02-29": Birthday(2, 29, None),
        "11-20": Birthday(11, 20, None),
    }
    for text, expected in cases.items():
        found = record(f"---\nsegment: peer\nbirthday: '{text}'\n---\n", "people/x.md")
        assert found.contact is not None and found.contact.birthday == expected, text
    assert Birthday(2, 29).on(2027) == D("2027-02-28")
    assert Birthday(2, 29).on(2028) == D("2028-02-29")
    bad = record("---\nsegment: peer\nbirthday: 1991-02-29\n---\n", "people/x.md")
    assert [p.message for p in bad.problems] == ["'1991-02-29' is not a real day of the year"]
    text = (
        "---\nsegment: peer\nmilestones:\n"
        "  - {date: 2024-03-01, what: started at Acme}\n  - {what: no date}\n  - oops\n---\n"
    )
    found = record(text, "people/x.md")
    assert found.contact is not None
    assert found.contact.milestones == (Milestone(D("2024-03-01"), "started at Acme"),)
    assert [(p.field, p.message) for p in found.problems] == [
        ("milestones[2]", "a milestone needs a `date:` and a `what:`"),
        ("milestones[3]", "expected a mapping with `date:` and `what:`, got a str"),
    ]
