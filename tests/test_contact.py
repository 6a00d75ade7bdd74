"""The model: every rule of the vault format, and every kind of bad input as a problem value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkeeper.config import Settings, settings_from_toml
from vaultkeeper.contact import Contact, Promise, Reminder, Touch
from vaultkeeper.parse import last_entry, log_of, parse_log_text, summary
from vaultkeeper.vault import NoteRecord, load_vault, record_from_bytes

D = date.fromisoformat
SETTINGS = Settings()

JORDAN = """\
---
name: Jordan Lee                 # defaults to the file name
aliases: [Jordan]
segment: peer
tags: [Partnerships, "#b2b-saas", event/saastr-2026]
last_touch: 2026-11-01
cadence: 6-10w
next_touch: 2027-01-20
channel: email
company: Acme
role: Head of Partnerships
linkedin: https://example.com/jordan
promises:
  - Send sample partner scorecard
  - what: Intro to Priya
    due: 2026-12-01
    done: 2026-11-28
reminders:
  - date: 2027-01-15
    note: Check in after their onboarding revamp launches
  - date: 2026-11-05
    note: Ask about the offsite
---
Met at the partnerships meetup. Leading a partner onboarding revamp;
prefers short emails.

## Log
- 2026-11-12 email: talked about partner scorecards #give
- 2026-09-30 coffee: asked about their agency shortlist #ask
- not a dated line

## Later
- 2026-12-24 this is not in the log section
"""


def record(
    text: str | bytes, path: str = "people/Jordan Lee.md", settings: Settings = SETTINGS
) -> NoteRecord:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return record_from_bytes(path, data, settings)


def read(text: str | bytes, path: str = "people/Jordan Lee.md") -> Contact:
    result = record(text, path)
    assert result.contact is not None, result.problems
    return result.contact


def messages(text: str | bytes, path: str = "people/x.md") -> list[str]:
    return [str(p) for p in record(text, path).problems]


def test_full_note() -> None:
    result = record(JORDAN)
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


def test_not_a_contact_without_segment_key() -> None:
    assert record("---\ntags: [reading]\n---\nA list of books.\n").contact is None
    assert record("Just text, no front matter.\n").contact is None


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
    ],
)
def test_bad_fields_are_problems_and_the_rest_is_read(line: str, problem: str) -> None:
    result = record(f"---\nsegment: peer\nchannel: email\n{line}\n---\n", "people/x.md")
    assert [str(p) for p in result.problems] == [problem]
    assert result.contact is not None
    assert result.contact.channel == "email"


def test_bad_log_date_is_a_problem() -> None:
    text = "---\nsegment: peer\n---\n## Log\n- 2026-02-30 call: hi\n- 2026-02-01 call: ok\n"
    result = record(text, "people/x.md")
    assert [str(p) for p in result.problems] == [
        "people/x.md: ## Log: '2026-02-30' is not a real date in the line '- 2026-02-30 call: hi'"
    ]
    assert result.contact is not None and result.contact.last_touch == D("2026-02-01")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b"---\nsegment: peer\ntags: [a, b\n---\n",
            "invalid YAML on line 4: did not find expected ',' or ']' "
            "(in a [ ] list that starts on line 3)",
        ),
        (b"---\n- segment\n- peer\n---\n", None),
        (
            b"---\nsegment: peer\nname: \xff\xfe\n---\n",
            "the file is not UTF-8 text (byte 24 is 0xff); save it as UTF-8",
        ),
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (
            b"---\nsegment: peer\nname: x\n",
            "the front matter starts with --- but has no closing --- line",
        ),
        (
            b"---\nsegment: &s peer\nalias: *s\n---\n",
            "YAML aliases (*s) are not allowed in front matter (line 3)",
        ),
        (
            b"---\nsegment: peer\nbody: " + b"x" * (5 * 1024 * 1024) + b"\n---\n",
            "the file is 5.0 MB; notes larger than 2 MB are not read",
        ),
    ],
)
def test_unreadable_files_are_problems(data: bytes, problem: str | None) -> None:
    result = record(data, "people/x.md")
    assert result.contact is None
    if problem is not None:
        assert [p.message for p in result.problems] == [problem]


@pytest.mark.parametrize(
    ("front", "kind"), [("- segment: peer", "list"), ("the segment is peer", "plain text")]
)
def test_non_mapping_front_matter(front: str, kind: str) -> None:
    result = record(f"---\n{front}\n---\n", "people/x.md")
    assert [p.message for p in result.problems] == [
        f"the front matter is a {kind}, not a set of key: value lines"
    ]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["---", "segment: peer", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 30):
        prev = chr(ord("a") + (i - 1) % 26) + str(i - 1)
        lines.append(
            f"b{i}: &b{i} [*{'a' if i == 1 else f'b{i - 1}'}, *{'a' if i == 1 else f'b{i - 1}'}]"
        )
        del prev
    result = record("\n".join([*lines, "---", ""]).encode(), "people/x.md")
    assert result.contact is None
    assert "YAML aliases" in result.problems[0].message


def test_bom_and_crlf_read_like_any_note() -> None:
    plain = read(JORDAN)
    assert read(("\ufeff" + JORDAN).encode("utf-8")) == plain
    assert read(JORDAN.replace("\n", "\r\n").encode("utf-8")) == plain


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


def test_summary_skips_headings_and_lists() -> None:
    assert (
        summary("\n# Title\n\n- a list\n\nFirst  real\nparagraph.\n\nSecond.")
        == "First real paragraph."
    )
    assert summary("") == ""


def test_never_touched() -> None:
    c = read("---\nsegment: peer\n---\nNo log yet.\n")
    assert c.last_touch is None
    assert last_entry(c) is None


def test_kept_promise_with_true() -> None:
    c = read("---\nsegment: peer\npromises:\n  - what: Send deck\n    done: true\n---\n")
    assert c.promises == (Promise("Send deck", None, None, kept=True),)
    assert c.open_promises == ()


def write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)


def test_vault_loader_keeps_going_and_joins_daily_notes(tmp_path: Path) -> None:
    write(tmp_path, "people/Ada.md", "---\nsegment: ally\nlast_touch: 2026-10-01\n---\n")
    write(tmp_path, "people/Bob.md", "---\nsegment: peer\naliases: [Bobby]\n---\n")
    write(tmp_path, "people/broken.md", "---\nsegment: [\n---\n")
    write(tmp_path, "people/latin1.md", b"---\nsegment: peer\nname: Jos\xe9\n---\n")
    write(
        tmp_path,
        "daily/2026-11-02.md",
        "Coffee with [[Ada]] and [[Bobby|Bob]], read [[Some Book]].\n",
    )
    write(tmp_path, "daily/2026-02-30.md", "Not a real day: [[Ada]]\n")
    write(
        tmp_path,
        "Notes on [[x]].md",
        "---\ntags: [x]\n---\n[[Ada]] mentioned here does not count.\n",
    )
    write(tmp_path, ".obsidian/workspace.md", "---\nsegment: peer\n---\n")
    write(tmp_path, ".trash/Old.md", "---\nsegment: peer\n---\n")
    write(tmp_path, "agenda.md", "---\nsegment: peer\n---\n")
    vault = load_vault(tmp_path, SETTINGS)
    assert [c.path for c in vault.contacts] == ["people/Ada.md", "people/Bob.md"]
    ada, bob = vault.contacts
    assert ada.last_touch == D("2026-11-02")
    assert bob.last_touch == D("2026-11-02")
    assert [p.path for p in vault.problems] == ["people/broken.md", "people/latin1.md"]
    assert vault.daily_notes == 1


def test_duplicate_names_are_reported_on_both(tmp_path: Path) -> None:
    write(tmp_path, "a/Sam Lee.md", "---\nsegment: peer\n---\n")
    write(tmp_path, "b/Sam Lee.md", "---\nsegment: ally\n---\n")
    vault = load_vault(tmp_path, SETTINGS)
    assert len(vault.contacts) == 2
    assert [str(p) for p in vault.problems] == [
        "a/Sam Lee.md: the name 'Sam Lee' is also used by b/Sam Lee.md; give one of them a "
        "different `name:` so commands can tell them apart",
        "b/Sam Lee.md: the name 'Sam Lee' is also used by a/Sam Lee.md; give one of them a "
        "different `name:` so commands can tell them apart",
    ]
    assert vault.link_target(vault.contacts[0]) == "a/Sam Lee"


def test_ignored_folders_from_settings(tmp_path: Path) -> None:
    write(tmp_path, "templates/contact.md", "---\nsegment:\n---\n")
    write(tmp_path, "archive/old/Gone.md", "---\nsegment: peer\n---\n")
    write(tmp_path, "Kept.md", "---\nsegment: peer\n---\n")
    settings = settings_from_toml({"vault": {"ignore": ["templates", "archive/old"]}})
    assert [c.path for c in load_vault(tmp_path, settings).contacts] == ["Kept.md"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_record_never_an_exception(data: bytes) -> None:
    result = record(b"---\nsegment: peer\n" + data, "people/x.md")
    assert result.contact is not None or result.problems


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
