"""The plans of the write commands: touch, promise, done, remind and snooze, each on a real note."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import NOTE, TODAY, edit_note, read_contact, touch

from vaultkeeper import note
from vaultkeeper.edit import plans as planners
from vaultkeeper.errors import EditError

# --- touch ----------------------------------------------------------------------------------------


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


def test_nested_bullets_stay_with_their_entry_in_oldest_first_logs(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text(
        "---\nsegment: peer\n---\n## Log\n- 2026-01-01 a\n- 2026-02-01 b\n  - detail\n",
        encoding="utf-8",
    )
    edit_note(path, "x.md", touch(note="c"))
    assert path.read_text(encoding="utf-8").endswith("  - detail\n- 2026-11-20 c\n")


# --- promises, done, reminders, snooze ------------------------------------------------------------


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
