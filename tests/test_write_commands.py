"""The write commands through the command line: output, exit codes, --dry-run, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultkeeper.cli import cli
from vaultkeeper.config import load_settings
from vaultkeeper.vault import load_vault

JORDAN = """\
---
aliases: [Jordan]
segment: peer
tags: [partnerships]
last_touch: 2026-11-12
promises:
  - Send sample partner scorecard
reminders:
  - date: 2026-11-18
    note: Check in after their launch
---
Met at the partnerships meetup.

## Log
- 2026-11-12 email: talked about partner scorecards #give
"""
BROKEN = "---\nsegment: peer\ntags: [pricing, b2b-saas\n---\nBroken on purpose.\n"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    people = root / "people"
    people.mkdir(parents=True)
    (root / "vaultkeeper.toml").write_text('[vault]\ncontacts_folder = "people"\n')
    (people / "Jordan Lee.md").write_text(JORDAN, encoding="utf-8")
    (people / "Broken Note.md").write_text(BROKEN, encoding="utf-8")
    return root


def run(vault: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["--vault", str(vault), "--today", "2026-11-20", *args], prog_name="vaultkeeper"
    )


def jordan(vault: Path) -> str:
    return (vault / "people" / "Jordan Lee.md").read_text(encoding="utf-8")


def assert_clean_failure(result: Result, code: int = 1) -> None:
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_touch_prints_the_file_and_what_changed(vault: Path) -> None:
    result = run(vault, "touch", "jordan", "--via", "Email", "--kind", "#Give", "-m", "sent it")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "people/Jordan Lee.md: logged a touch on 2026-11-20 (email: sent it #give); "
        "last_touch 2026-11-12 → 2026-11-20; fulfils reminder 'Check in after their launch' "
        "(2026-11-18)\n"
    )
    assert "- 2026-11-20 email: sent it #give\n- 2026-11-12" in jordan(vault)


def test_dry_run_prints_a_diff_and_writes_nothing(vault: Path) -> None:
    result = run(vault, "touch", "jordan", "--dry-run", "-m", "coffee")
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/people/Jordan Lee.md\n+++ b/people/Jordan Lee.md\n")
    assert "-last_touch: 2026-11-12\n+last_touch: 2026-11-20\n" in result.stdout
    assert "+- 2026-11-20 coffee\n" in result.stdout
    assert "Dry run, nothing written" in result.stderr
    assert jordan(vault) == JORDAN


@pytest.mark.parametrize(
    "args",
    [
        ("promise", "jordan", "Intro", "to", "Priya", "--dry-run", "--due", "next friday"),
        ("done", "jordan", "scorecard", "--dry-run"),
        ("remind", "jordan", "in", "3", "months", "check", "in", "--dry-run"),
        ("snooze", "jordan", "next", "monday", "--dry-run"),
    ],
)
def test_every_write_command_has_a_dry_run(vault: Path, args: tuple[str, ...]) -> None:
    result = run(vault, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- a/people/Jordan Lee.md")
    assert jordan(vault) == JORDAN


def test_promise_done_remind_snooze(vault: Path) -> None:
    assert run(vault, "promise", "jordan", "Intro to Priya", "--due", "2026-12-01").exit_code == 0
    result = run(vault, "done", "jordan", "scorecard")
    assert result.stdout == (
        "people/Jordan Lee.md: promise 'Send sample partner scorecard' marked done on 2026-11-20\n"
    )
    result = run(vault, "remind", "jordan", "in 3 months", "Ask how the launch went")
    assert (
        result.stdout == "people/Jordan Lee.md: reminder on 2027-02-20: Ask how the launch went\n"
    )
    result = run(vault, "snooze", "jordan", "in", "6", "weeks")
    assert result.stdout == "people/Jordan Lee.md: next_touch unset → 2027-01-01\n"
    contact = load_vault(vault, load_settings(vault)).resolve("jordan")
    assert [(p.what, p.due, p.done) for p in contact.promises] == [
        ("Send sample partner scorecard", None, contact.promises[0].done),
        ("Intro to Priya", contact.promises[1].due, None),
    ]
    assert str(contact.promises[0].done) == "2026-11-20"
    assert str(contact.next_touch) == "2027-01-01"
    assert [str(r.date) for r in contact.reminders] == ["2026-11-18", "2027-02-20"]


def test_a_broken_note_is_a_one_line_error_and_stays_untouched(vault: Path) -> None:
    result = run(vault, "touch", "broken note")
    assert_clean_failure(result)
    assert result.output.startswith(
        "Error: people/Broken Note.md cannot be read: invalid YAML on line 4"
    )
    assert (vault / "people" / "Broken Note.md").read_text(encoding="utf-8") == BROKEN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("touch", "nobody"), "no contact matches 'nobody'"),
        (("touch", "jordan", "--date", "2026-10-01"), "add --backdate"),
        (("done", "jordan", "flowers"), "nothing open in people/Jordan Lee.md matches"),
        (("new", "Jordan Lee"), "already exists"),
    ],
)
def test_problems_with_the_vault_are_clear_errors_with_exit_1(
    vault: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(vault, *args)
    assert_clean_failure(result)
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert jordan(vault) == JORDAN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("touch", "jordan", "--date", "whenever"), "cannot read 'whenever' as a date; use"),
        (("touch", "jordan", "--date", "tomorrow"), "is in the future"),
        (("touch", "jordan", "--kind", "two words"), "is not a kind"),
        (("touch", "jordan", "--via", "e\tmail\a"), "control characters"),
        (("touch", "jordan", "-m", "bell\a"), "control characters"),
        (("promise", "jordan", "x", "--due", "someday"), "cannot read 'someday' as a date"),
        (("done", "jordan", "scorecard", "--date", "tomorrow"), "is in the future"),
        (("remind", "jordan", "someday", "call"), "cannot read 'someday call' as a date"),
        (("remind", "jordan", "tomorrow"), "reminder note"),
        (("remind", "jordan", "2026-01-01", "call"), "in the past"),
        (("snooze", "jordan", "2026-01-01"), "in the past"),
        (("snooze", "jordan", "next", "blursday"), "cannot read 'next blursday' as a date"),
        (("new", "Someone", "--segment", "bestie"), "unknown segment 'bestie'"),
        (("new", "Someone", "--tag", "two words"), "is not a tag"),
        (("new", "Someone", "--last-touch", "in 2 days"), "is in the future"),
        (("new", "..."), "cannot make a file name"),
        (("list", "--segment", "bestie"), "unknown segment 'bestie'"),
    ],
)
def test_mistakes_on_the_command_line_exit_2_with_the_usage_line(
    vault: Path, args: tuple[str, ...], message: str
) -> None:
    """Before, these reached the command and exited 1; the README promises 2."""
    result = run(vault, *args)
    assert_clean_failure(result, code=2)
    assert f"Usage: vaultkeeper {args[0]}" in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert jordan(vault) == JORDAN
    assert not (vault / "people" / "Someone.md").exists()


@pytest.mark.parametrize("args", [("touch",), ("promise", "jordan"), ("remind", "jordan")])
def test_bad_usage_exits_2(vault: Path, args: tuple[str, ...]) -> None:
    assert_clean_failure(run(vault, *args), code=2)


def test_backdate_is_explicit(vault: Path) -> None:
    result = run(vault, "touch", "jordan", "--date", "2026-10-01", "--backdate")
    assert result.exit_code == 0
    assert "last_touch 2026-11-12 → 2026-10-01" in result.stdout


def test_new_creates_a_contact_in_the_contacts_folder(vault: Path) -> None:
    result = run(
        vault,
        "new",
        "Priya R. / Acme",
        "--segment",
        "allies",
        "--tag",
        "B2B-SaaS, #events",
        "--company",
        "Acme",
        "--last-touch",
        "yesterday",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "people/Priya R. Acme.md: new contact 'Priya R. / Acme' (ally); file name made safe, "
        "`name:` keeps 'Priya R. / Acme'\n"
    )
    text = (vault / "people" / "Priya R. Acme.md").read_text(encoding="utf-8")
    assert text == (
        "---\nname: Priya R. / Acme\nsegment: ally\ntags: [b2b-saas, events]\ncompany: Acme\n"
        "last_touch: 2026-11-19\n---\n\n## Log\n"
    )
    contact = load_vault(vault, load_settings(vault)).resolve("priya")
    assert contact.segment == "ally" and str(contact.last_touch) == "2026-11-19"


def test_a_new_contact_without_last_touch_is_due(vault: Path) -> None:
    from datetime import date

    from vaultkeeper.schedule import Status, schedule

    assert run(vault, "new", "Sam Example", "--segment", "peer").exit_code == 0
    settings = load_settings(vault)
    contact = load_vault(vault, settings).resolve("sam")
    assert contact.last_touch is None
    assert schedule(contact, date(2026, 11, 20), settings).status is Status.DUE


def test_new_dry_run_shows_the_whole_file(vault: Path) -> None:
    result = run(vault, "new", "Sam Example", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("--- /dev/null\n+++ b/people/Sam Example.md\n")
    assert "+name: Sam Example\n+segment:\n" in result.stdout
    assert not (vault / "people" / "Sam Example.md").exists()


def test_a_reminder_closed_by_a_daily_note_is_closed_for_done_and_touch(vault: Path) -> None:
    """`show` counts a daily note that links Jordan as a touch; the write commands must too.

    Before, they rebuilt the contact without the vault's daily notes: `done` marked a reminder
    `show` called closed, and `touch` claimed to fulfil it again.
    """
    (vault / "2026-11-19.md").write_text("Coffee with [[Jordan Lee]].\n", encoding="utf-8")
    shown = run(vault, "show", "jordan")
    assert "  [x] 2026-11-18  Check in after their launch" in shown.output

    result = run(vault, "done", "jordan", "launch")
    assert_clean_failure(result)
    assert "nothing open in people/Jordan Lee.md matches 'launch'" in result.output
    assert jordan(vault) == JORDAN

    touched = run(vault, "touch", "jordan", "--dry-run")
    assert touched.exit_code == 0, touched.output
    assert "fulfils" not in touched.output


def test_a_promise_whose_done_is_not_a_date_is_open_everywhere(vault: Path) -> None:
    """`done: soon` is a problem for the file and leaves the promise open, in `show` and in
    `done` alike (before, `done` called it kept and found nothing to mark)."""
    note = vault / "people" / "Jordan Lee.md"
    note.write_text(
        JORDAN.replace(
            "  - Send sample partner scorecard\n",
            "  - what: Send sample partner scorecard\n    done: soon\n",
        ),
        encoding="utf-8",
    )
    assert "  [ ] Send sample partner scorecard" in run(vault, "show", "jordan").output
    result = run(vault, "done", "jordan", "scorecard")
    assert result.exit_code == 0, result.output
    assert "    done: 2026-11-20\n" in note.read_text(encoding="utf-8")
    contact = load_vault(vault, load_settings(vault)).resolve("jordan")
    assert [p.is_open for p in contact.promises] == [False]
