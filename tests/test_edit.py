"""The edit engine: conflicts, failing writes, file properties, refusals and verification."""

from __future__ import annotations

import errno
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from support import edit_note

from vaultkeeper import note
from vaultkeeper.config import Settings
from vaultkeeper.edit import commands
from vaultkeeper.edit import engine as edit
from vaultkeeper.edit import new_note as newcontact
from vaultkeeper.edit import plans as planners
from vaultkeeper.errors import ConflictError, ContactNotFoundError, EditError
from vaultkeeper.index import load_directory
from vaultkeeper.parse import contact_from_note

TODAY = date(2026, 11, 20)
NOTE = """\
---
segment: peer
tags: [partnerships]
last_touch: 2026-11-12
next_touch: 2026-11-15
promises:
  - Send sample partner scorecard
  - what: Intro to Priya
    due: 2026-12-01
reminders:
  - date: 2026-11-18
    note: Check in after their launch
  - date: 2026-12-20
    note: Ask about the holiday campaign
---
Met at the partnerships meetup.

## Log
- 2026-11-12 email: talked about partner scorecards #give
- 2026-09-30 coffee: asked about their agency shortlist #ask
"""


@pytest.fixture
def note_path(tmp_path: Path) -> Path:
    path = tmp_path / "Jordan Lee.md"
    path.write_text(NOTE, encoding="utf-8")
    return path


def touch(day: date = TODAY, **kwargs: object) -> edit.Planner:
    return planners.plan_touch(planners.TouchRequest(day, **kwargs), TODAY)  # type: ignore[arg-type]


def read_contact(path: Path):  # type: ignore[no-untyped-def]
    parsed = note.read_bytes(path.read_bytes())
    assert parsed.meta is not None
    return contact_from_note(path.name, parsed.meta, parsed.body, Settings())[0]


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- conflicts ---------------------------------------------------------------------------------


def test_an_external_edit_between_read_and_replace_is_refused_and_survives(
    note_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = NOTE.replace("Met at the", "Typed in Obsidian meanwhile. Met at the")

    def external_edit(path: Path) -> None:
        path.write_text(theirs, encoding="utf-8")

    monkeypatch.setattr(edit, "_pause_before_replace", external_edit)
    with pytest.raises(ConflictError) as caught:
        edit_note(note_path, "Jordan Lee.md", touch(via="email"))
    assert str(caught.value) == (
        "Jordan Lee.md changed while writing; nothing was written, try again"
    )
    assert note_path.read_text(encoding="utf-8") == theirs
    assert leftovers(note_path.parent) == []


def test_an_edit_that_keeps_size_and_mtime_is_still_caught_by_the_hash(
    note_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = note_path.stat()
    theirs = NOTE.replace("peer", "ally")  # same length

    def sneaky_edit(path: Path) -> None:
        path.write_text(theirs, encoding="utf-8")
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))

    monkeypatch.setattr(edit, "_pause_before_replace", sneaky_edit)
    with pytest.raises(ConflictError):
        edit_note(note_path, "Jordan Lee.md", touch())
    assert note_path.read_text(encoding="utf-8") == theirs


def test_a_note_deleted_while_writing_is_not_recreated(
    note_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(edit, "_pause_before_replace", lambda path: path.unlink())
    with pytest.raises(ConflictError, match="moved or deleted while writing"):
        edit_note(note_path, "Jordan Lee.md", touch())
    assert not note_path.exists()
    assert leftovers(note_path.parent) == []


# --- failing writes ----------------------------------------------------------------------------


def test_a_failing_replace_leaves_the_original_intact(
    note_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(EditError, match="No space left on device"):
        edit_note(note_path, "Jordan Lee.md", touch())
    assert note_path.read_text(encoding="utf-8") == NOTE
    assert leftovers(note_path.parent) == []


def test_a_folder_that_refuses_the_temp_file_leaves_the_original_intact(
    note_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def read_only_folder(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", read_only_folder)
    with pytest.raises(EditError, match=r"Permission denied.*nothing was written"):
        edit_note(note_path, "Jordan Lee.md", touch())
    assert note_path.read_text(encoding="utf-8") == NOTE


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_a_read_only_folder_leaves_the_original_intact(note_path: Path) -> None:
    folder = note_path.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(EditError, match="nothing was written"):
            edit_note(note_path, "Jordan Lee.md", touch())
    finally:
        folder.chmod(0o755)
    assert note_path.read_text(encoding="utf-8") == NOTE


def test_a_read_only_note_is_refused(note_path: Path) -> None:
    note_path.chmod(0o444)
    with pytest.raises(EditError, match="read-only"):
        edit_note(note_path, "Jordan Lee.md", touch())
    assert note_path.read_text(encoding="utf-8") == NOTE
    assert stat.S_IMODE(note_path.stat().st_mode) == 0o444


# --- file properties ---------------------------------------------------------------------------


def test_the_file_mode_is_kept(note_path: Path) -> None:
    note_path.chmod(0o640)
    edit_note(note_path, "Jordan Lee.md", touch())
    assert stat.S_IMODE(note_path.stat().st_mode) == 0o640


def test_a_symlinked_note_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "jordan.md"
    real.parent.mkdir()
    real.write_text(NOTE, encoding="utf-8")
    link = tmp_path / "vault" / "Jordan Lee.md"
    link.parent.mkdir()
    link.symlink_to(real)
    edit_note(link, "Jordan Lee.md", touch())
    assert link.is_symlink()
    assert "last_touch: 2026-11-20" in real.read_text(encoding="utf-8")


def test_nothing_to_change_writes_nothing(note_path: Path) -> None:
    edit_note(note_path, "Jordan Lee.md", planners.plan_snooze(date(2026, 12, 1), TODAY))
    before = note_path.stat().st_mtime_ns
    result = edit_note(
        note_path, "Jordan Lee.md", planners.plan_snooze(date(2026, 12, 1), TODAY)
    )
    assert not result.written and not result.changed
    assert "already 2026-12-01" in result.summary
    assert note_path.stat().st_mtime_ns == before


# --- touch -------------------------------------------------------------------------------------


def test_touch_moves_last_touch_forward_and_logs_on_top(note_path: Path) -> None:
    result = edit_note(
        note_path, "Jordan Lee.md", touch(via="Email", kinds=("give",), note="sent the deck")
    )
    text = note_path.read_text(encoding="utf-8")
    assert "last_touch: 2026-11-20\n" in text
    assert "## Log\n- 2026-11-20 email: sent the deck #give\n- 2026-11-12" in text
    assert "last_touch 2026-11-12 → 2026-11-20" in result.summary


def test_touch_fulfils_reminders_dated_on_or_before_it(note_path: Path) -> None:
    assert len(read_contact(note_path).open_reminders) == 2
    result = edit_note(note_path, "Jordan Lee.md", touch())
    assert "fulfils reminder 'Check in after their launch' (2026-11-18)" in result.summary
    open_now = read_contact(note_path).open_reminders
    assert [r.note for r in open_now] == ["Ask about the holiday campaign"]
    assert "done:" not in note_path.read_text(encoding="utf-8")  # derived, not written


def test_touch_says_a_passed_next_touch_is_kept(note_path: Path) -> None:
    result = edit_note(note_path, "Jordan Lee.md", touch())
    assert any("this touch keeps the plan for 2026-11-15" in hint for hint in result.hints)


def test_an_older_touch_is_refused_with_the_reason(note_path: Path) -> None:
    with pytest.raises(EditError) as caught:
        edit_note(note_path, "Jordan Lee.md", touch(date(2026, 10, 1)))
    message = str(caught.value)
    assert "last_touch is 2026-11-12, after 2026-10-01, and only moves forward" in message
    assert "--backdate" in message
    assert note_path.read_text(encoding="utf-8") == NOTE


def test_backdate_sets_last_touch_back_and_logs_in_date_order(note_path: Path) -> None:
    edit_note(note_path, "Jordan Lee.md", touch(date(2026, 10, 1), backdate=True))
    text = note_path.read_text(encoding="utf-8")
    assert "last_touch: 2026-10-01\n" in text
    assert "#give\n- 2026-10-01\n- 2026-09-30 coffee" in text


def test_a_touch_on_the_same_day_only_adds_the_log_line(note_path: Path) -> None:
    result = edit_note(note_path, "Jordan Lee.md", touch(date(2026, 11, 12), note="again"))
    assert "last_touch stays 2026-11-12" in result.summary
    assert result.diff.count("\n+") == 2  # the +++ header and the one log line


def test_a_future_touch_is_refused(note_path: Path) -> None:
    with pytest.raises(EditError, match="in the future"):
        edit_note(note_path, "Jordan Lee.md", touch(date(2026, 11, 21)))


def test_a_last_touch_that_is_not_a_date_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    original = NOTE.replace("last_touch: 2026-11-12", "last_touch: sometime in spring")
    path.write_text(original, encoding="utf-8")
    with pytest.raises(EditError, match="'sometime in spring', which is not a date"):
        edit_note(path, "x.md", touch())
    assert path.read_text(encoding="utf-8") == original


def test_an_empty_last_touch_is_filled_in_keeping_its_comment(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nsegment: peer\nlast_touch:   # fill me\n---\n", encoding="utf-8")
    edit_note(path, "x.md", touch())
    assert path.read_text(encoding="utf-8") == (
        "---\nsegment: peer\nlast_touch: 2026-11-20   # fill me\n---\n## Log\n- 2026-11-20\n"
    )


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    text = "---\nsegment: peer\nlast_touch: 2026-01-01\nlast_touch: 2026-02-01\n---\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditError, match="more than once"):
        edit_note(path, "x.md", touch())
    assert path.read_text(encoding="utf-8") == text


def test_nested_bullets_stay_with_their_entry_in_oldest_first_logs(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text(
        "---\nsegment: peer\n---\n## Log\n- 2026-01-01 a\n- 2026-02-01 b\n  - detail\n",
        encoding="utf-8",
    )
    edit_note(path, "x.md", touch(note="c"))
    assert path.read_text(encoding="utf-8").endswith("  - detail\n- 2026-11-20 c\n")


# --- refusals: unreadable or unusual notes -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nsegment: peer\ntags: [a, b\n---\nbody\n", "cannot be read: invalid YAML"),
        ("no front matter here\n", "has no front matter"),
        ("---\n{segment: peer}\n---\n", "one { } mapping"),
        ("---\rsegment: peer\r---\rbody\r", "CR line endings"),
        ("---\nsegment: peer\n---\n", None),
    ],
)
def test_unusual_notes_are_refused_untouched(
    tmp_path: Path, text: str, message: str | None
) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(text.encode())
    if message is None:
        edit_note(path, "x.md", touch())  # a bare contact is fine
        return
    with pytest.raises(EditError, match=message.replace("{", "\\{").replace("}", "\\}")):
        edit_note(path, "x.md", touch())
    assert path.read_bytes() == text.encode()


def test_non_utf8_notes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes("---\nsegment: peer\nname: Jos\xe9\n---\n".encode("latin-1"))
    with pytest.raises(EditError, match="not UTF-8"):
        edit_note(path, "x.md", touch())


def test_a_change_that_would_not_read_back_as_intended_is_not_written(note_path: Path) -> None:
    def sloppy(doc: edit.Document) -> edit.Plan:
        start = doc.text.index("peer")
        return edit.Plan("oops", (edit.Splice(start, start + 4, "ally"),), dict(doc.meta))

    with pytest.raises(EditError, match=r"could not change Jordan Lee\.md safely"):
        edit_note(note_path, "Jordan Lee.md", sloppy)
    assert note_path.read_text(encoding="utf-8") == NOTE


# --- promises, done, reminders, snooze ---------------------------------------------------------


@pytest.mark.parametrize("text", ["yes", "01234", "12:30", "2026-13-01", "#1 priority", "a: b"])
def test_promises_that_yaml_would_misread_are_quoted(note_path: Path, text: str) -> None:
    edit_note(note_path, "Jordan Lee.md", planners.plan_promise(text, None))
    parsed = note.read_bytes(note_path.read_bytes())
    assert parsed.meta is not None
    assert parsed.meta["promises"][-1] == text


def test_the_same_open_promise_twice_is_refused(note_path: Path) -> None:
    with pytest.raises(EditError, match="already has the open promise"):
        edit_note(note_path, "Jordan Lee.md", planners.plan_promise("intro to priya", None))


def test_done_keeps_the_promise_with_its_date(note_path: Path) -> None:
    edit_note(note_path, "Jordan Lee.md", planners.plan_done("PRIYA", TODAY, TODAY))
    promises = read_contact(note_path).promises
    assert [(p.what, p.done) for p in promises] == [
        ("Send sample partner scorecard", None),
        ("Intro to Priya", TODAY),
    ]
    assert "    due: 2026-12-01\n    done: 2026-11-20\n" in note_path.read_text(encoding="utf-8")


def test_done_needs_a_unique_match(note_path: Path) -> None:
    with pytest.raises(EditError, match="matches several open items") as caught:
        edit_note(note_path, "Jordan Lee.md", planners.plan_done("a", TODAY, TODAY))
    assert "promise: Intro to Priya" in str(caught.value)
    with pytest.raises(EditError, match=r"nothing open .* matches 'flowers'"):
        edit_note(note_path, "Jordan Lee.md", planners.plan_done("flowers", TODAY, TODAY))


def test_done_can_close_a_reminder_when_no_promise_matches(note_path: Path) -> None:
    result = edit_note(note_path, "Jordan Lee.md", planners.plan_done("holiday", TODAY, TODAY))
    assert result.summary.startswith("reminder 'Ask about the holiday campaign' marked done")
    reminders = read_contact(note_path).reminders
    assert reminders[1].done == TODAY


def test_done_false_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text(
        "---\nsegment: peer\npromises:\n  - what: Deck\n    done: false  # not yet\n---\n",
        encoding="utf-8",
    )
    edit_note(path, "x.md", planners.plan_done("deck", TODAY, TODAY))
    assert "    done: 2026-11-20  # not yet\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ("  - Send the\n    deck\n", "  - what: Send the deck\n    done: 2026-11-20\n"),
        ("  - |\n    Send the deck\n", '  - what: "Send the deck\\n"\n    done: 2026-11-20\n'),
        ("- Send the deck  # soon\n", "- what: Send the deck  # soon\n  done: 2026-11-20\n"),
        ("  - 'Send the deck'\n", "  - what: 'Send the deck'\n    done: 2026-11-20\n"),
    ],
)
def test_done_turns_a_plain_promise_into_what_and_done(
    tmp_path: Path, items: str, expected: str
) -> None:
    path = tmp_path / "x.md"
    path.write_text(f"---\nsegment: peer\npromises:\n{items}---\n", encoding="utf-8")
    edit_note(path, "x.md", planners.plan_done("deck", TODAY, TODAY))
    assert path.read_text(encoding="utf-8") == f"---\nsegment: peer\npromises:\n{expected}---\n"


def test_remind_and_snooze_refuse_past_dates(note_path: Path) -> None:
    with pytest.raises(EditError, match="in the past"):
        edit_note(note_path, "x", planners.plan_remind(date(2026, 1, 1), "x", TODAY))
    with pytest.raises(EditError, match="in the past"):
        edit_note(note_path, "x", planners.plan_snooze(date(2026, 1, 1), TODAY))
    assert note_path.read_text(encoding="utf-8") == NOTE


def test_lists_that_are_not_lists_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nsegment: peer\npromises: call mum\n---\n", encoding="utf-8")
    with pytest.raises(EditError, match="`promises:` is not a list"):
        edit_note(path, "x.md", planners.plan_promise("Deck", None))


# --- finding the target ------------------------------------------------------------------------


def test_a_broken_note_is_named_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "Broken Note.md").write_text(
        "---\nsegment: peer\ntags: [a, b\n---\n", encoding="utf-8"
    )
    (tmp_path / "Fine.md").write_text("---\nsegment: peer\n---\n", encoding="utf-8")
    vault = load_directory(tmp_path, Settings())
    with pytest.raises(EditError, match=r"Broken Note.md cannot be read: invalid YAML on line"):
        commands.resolve_note(vault, "broken")
    with pytest.raises(ContactNotFoundError):
        commands.resolve_note(vault, "nobody")
    assert commands.resolve_note(vault, "fine").path == "Fine.md"


# --- new ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Jordan Lee", "Jordan Lee"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        (".hidden", "hidden"),
        ("Kim: Acme", "Kim Acme"),
        ('A/B "test"?', "A-B test"),
        ("CON", "CON_"),
        ("lpt1.notes", "lpt1_.notes"),
        ("Dr. Who.", "Dr. Who"),
        ("[[Priya]] | #vip", "Priya vip"),
        ("Anna / Bob", "Anna Bob"),
        ("Zoe\u0308", "Zo\u00eb"),
        ("x" * 300, "x" * newcontact.MAX_STEM_BYTES),
    ],
)
def test_file_names_are_made_safe(name: str, stem: str) -> None:
    assert newcontact.safe_file_stem(name) == stem


@pytest.mark.parametrize("name", ["...", "///", " - ", "??"])
def test_names_without_letters_are_refused(name: str) -> None:
    with pytest.raises(EditError, match="cannot make a file name"):
        newcontact.safe_file_stem(name)


def _new(root: Path, name: str, settings: Settings | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    settings = settings or Settings()
    vault = load_directory(root, settings)
    request = newcontact.NewContact(name=name, **kwargs)  # type: ignore[arg-type]
    return newcontact.create_contact(root, settings, vault, request)


def test_new_writes_the_template_into_the_contacts_folder(tmp_path: Path) -> None:
    settings = Settings(contacts_folder="people")
    result = _new(tmp_path, "A/B: Test", settings, segment="peer", tags=("b2b-saas",))
    assert result.label == "people/A-B Test.md"
    text = (tmp_path / "people" / "A-B Test.md").read_text(encoding="utf-8")
    assert text.startswith('---\nname: "A/B: Test"\nsegment: peer\ntags: [b2b-saas]\n---\n')
    assert " \n" not in text
    contact = read_contact(tmp_path / "people" / "A-B Test.md")
    assert contact.name == "A/B: Test" and contact.last_touch is None


def test_new_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "jordan lee.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(EditError, match="already exists"):
        _new(tmp_path, "Jordan Lee")
    assert (tmp_path / "jordan lee.md").read_text(encoding="utf-8") == "mine\n"


def test_new_refuses_a_name_another_contact_uses(tmp_path: Path) -> None:
    (tmp_path / "jl.md").write_text("---\nname: Jordan Lee\nsegment: peer\n---\n")
    with pytest.raises(EditError, match=r"already exists \(jl\.md\)"):
        _new(tmp_path, "jordan lee")


def test_new_refuses_a_file_that_appears_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "Jordan Lee.md"
    target.write_text("someone else's\n", encoding="utf-8")
    with pytest.raises(EditError, match="already exists"):
        newcontact.create_exclusive(target, "Jordan Lee.md", b"new\n")
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert leftovers(tmp_path) == []


def test_new_is_refused_for_a_folder_outside_the_vault(tmp_path: Path) -> None:
    with pytest.raises(EditError, match="outside the vault"):
        newcontact._refuse_outside(tmp_path / "vault", tmp_path / "other" / "x.md", "x.md")
