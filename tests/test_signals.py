"""Adopting an existing vault: what makes a note a contact, a dated note whose links are
touches, or a note that looks like a person; and the property styles Obsidian writes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from support import run, write

from vaultkeeper.config import Settings, load_settings, settings_from_toml
from vaultkeeper.vault import load_vault, record_from_bytes

RULES = settings_from_toml(
    {
        "contacts": {
            "folders": ["People"],
            "tags": ["person"],
            "properties": {"categories": "[[People]]", "type": "person"},
        }
    }
)


def _record(path: str, text: str, settings: Settings = RULES):  # type: ignore[no-untyped-def]
    return record_from_bytes(path, text.encode("utf-8"), settings)


def test_notes_the_rules_name_are_contacts_not_sorted_yet() -> None:
    cases = {
        "People/Ana Lima.md": "Met at the climbing gym.\n",
        "people/sub/Ben.md": "---\nrole: CTO\n---\n",  # folders match without case
        "Cy.md": "---\ntags: [friend, Person]\n---\n",
        "Dee.md": '---\ncategories: ["[[People]]"]\n---\n',
        "Eve.md": "---\ncategories:\n  - [[People]]\n---\n",  # unquoted: a list in a list
        "Fay.md": "---\ntype: person\ncompany: Acme\n---\n",
    }
    for path, text in cases.items():
        record = _record(path, text)
        assert record.contact is not None, path
        assert (record.contact.segment, record.problems) == (None, ()), path
    assert _record("People/Ana Lima.md", cases["People/Ana Lima.md"]).contact.summary == (  # type: ignore[union-attr]
        "Met at the climbing gym."
    )
    for path, text in {
        "Projects/Plan.md": "---\ntags: [project]\n---\n",
        "Gil.md": "---\ntype: place\n---\n",
        "Peoplewatching.md": "Notes.\n",
    }.items():
        assert _record(path, text).contact is None, path


def test_without_rules_people_notes_are_only_counted_as_person_like() -> None:
    plain = Settings()
    assert _record("People/Ana.md", "Met at the gym.\n", plain).person_like
    assert _record("Notes/Ben.md", "---\ntype: Person\n---\n", plain).person_like
    assert _record("Cy.md", "---\ncategories: ['[[People]]']\n---\n", plain).person_like
    assert _record("Cy.md", "---\ntags: [person]\n---\n", plain).contact is None
    assert not _record("Ideas.md", "---\ntype: idea\n---\n", plain).person_like


def test_meeting_notes_are_touches_on_their_day() -> None:
    settings = Settings()
    for path, text, day in [
        ("M/2022-10-10_0937.md", "Sync with [[Jordan Lee]].\n", date(2022, 10, 10)),
        ("2026-11-18 Standup.md", "- [[Jordan Lee]] demoed it\n", date(2026, 11, 18)),
        ("C/A.md", "---\ndate: 2026-11-02\n---\nWith [[Jordan Lee]].\n", date(2026, 11, 2)),
        ("C/B.md", '---\ndate: "2026-11-03T10:00"\np: ["[[Jordan Lee]]"]\n---\n', date(2026,11,3)),
        ("C/C.md", "---\ndate: 2026-11-04\np:\n  - [[Jordan Lee|JL]]\n---\n", date(2026, 11, 4)),
    ]:  # fmt: skip
        record = _record(path, text, settings)
        assert (record.day, record.links) == (day, ("jordan lee",)), path
    custom = settings_from_toml({"vault": {"date_properties": ["held"]}})
    text = "---\nheld: 2026-11-05\n---\n[[Jordan Lee]]\n"
    assert _record("Calls/Other.md", text, custom).day == date(2026, 11, 5)
    assert _record("Calls/Other.md", text, settings).day is None


def test_planned_quoted_and_code_links_are_not_touches() -> None:
    body = (
        "- [ ] meet [[Ana]] next week\n"
        "- [x] called [[Ben]]\n"
        "> [[Cy]] said this once\n"
        "```\n[[Dee]]\n```\n"
        "Lunch with [[Eve]] and `[[Fay]]`.\n"
        "1. [ ] ask [[Gil]]\n"
    )
    assert _record("2026-11-18.md", body, Settings()).links == ("ben", "eve")


def test_obsidian_property_styles_are_read() -> None:
    text = (
        "---\n"
        "segment: [peer]\n"
        'company: ["[[Acme Corp|Acme]]", "[[Beta]]"]\n'
        "role: [[Head of Data]]\n"
        "channel: '[[Email]]'\n"
        "---\n"
    )
    record = _record("Ana.md", text, Settings())
    contact = record.contact
    assert contact is not None and record.problems == ()
    assert (contact.segment, contact.company, contact.role, contact.channel) == (
        "peer",
        "Acme",
        "Head of Data",
        "Email",
    )
    assert contact.other_companies == ("Beta",)


def test_a_tag_written_with_a_hash_is_reported_with_a_hint() -> None:
    record = _record(
        "Ana.md", "---\nsegment: peer\ntags:\n  - #friend\n  - work\n---\n", Settings()
    )
    assert record.contact is not None and record.contact.tags == ("work",)
    assert [p.message for p in record.problems] == [
        "an entry is empty: if it was written `- #friend`, `#` starts a comment in YAML; "
        'write `friend` or quote it ("#friend")'
    ]
    flow = _record("Ben.md", "---\nsegment: peer\ntags: [#friend]\n---\n", Settings())
    assert flow.contact is None
    assert "`#` starts a comment in YAML" in flow.problems[0].message
    quoted = _record("Cy.md", '---\nsegment: peer\ntags: ["#friend"]\n---\n', Settings())
    assert quoted.contact is not None and quoted.contact.tags == ("friend",)


def test_empty_ordinary_notes_need_no_look(tmp_path: Path) -> None:
    write(tmp_path / "Ideas" / "Untitled.md", "")
    write(tmp_path / "people" / "Lost.md", "")
    write(tmp_path / "Ana.md", "---\nsegment: peer\n---\n")
    vault = load_vault(tmp_path, Settings())
    assert [p.path for p in vault.problems] == ["people/Lost.md"]


def test_obsidian_template_folders_are_never_read(tmp_path: Path) -> None:
    write(tmp_path / "Templates" / "Person.md", "---\nsegment: peer\ndate: {{date}}\n---\n")
    write(tmp_path / "Meta" / "Tpl" / "Meeting.md", "---\nsegment: peer\n---\n")
    write(tmp_path / "Ana.md", "---\nsegment: peer\n---\n")
    (tmp_path / ".obsidian" / "plugins" / "templater-obsidian").mkdir(parents=True)
    (tmp_path / ".obsidian" / "templates.json").write_text(json.dumps({"folder": "Templates"}))
    (tmp_path / ".obsidian" / "plugins" / "templater-obsidian" / "data.json").write_text(
        json.dumps({"templates_folder": "Meta/Tpl/"})
    )
    settings = load_settings(tmp_path)
    assert settings.ignore == ("Templates", "Meta/Tpl")
    vault = load_vault(tmp_path, settings)
    assert ([c.path for c in vault.contacts], vault.problems) == (["Ana.md"], [])
    (tmp_path / "vaultkeeper.toml").write_text('[vault]\nignore = ["templates"]\n')
    assert load_settings(tmp_path).ignore == ("templates", "Meta/Tpl")  # no case, no twice


def test_show_names_the_unreadable_note_and_why(tmp_path: Path) -> None:
    write(tmp_path / "Ana.md", "---\nsegment: peer\ntags: [a\n---\n")
    write(tmp_path / "Ben.md", "---\nsegment: peer\n---\n")
    result = run("--vault", str(tmp_path), "show", "Ana")
    assert result.exit_code == 1
    assert result.output == (
        "Error: Ana.md cannot be read: invalid YAML on line 4: did not find expected ',' or "
        "']' (in a [ ] list that starts on line 3); fix it, then try again\n"
    )


def test_a_template_placeholder_outside_the_templates_folder_says_what_it_is() -> None:
    record = _record("Meta/Person.md", "---\nsegment: peer\ncreated: {{date}}\n---\n", Settings())
    assert record.problems[0].message == (
        "invalid YAML on line 3: found unhashable key (in constructing a mapping that starts on "
        "line 3); `{{...}}` is a template placeholder: if this note is a template, keep it in a "
        "folder listed in [vault] ignore"
    )
