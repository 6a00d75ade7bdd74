"""The write commands through the command line: output, exit codes, --dry-run, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from support import MakeVault, leftovers, run

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
def jordan_vault(make_vault: MakeVault) -> Path:
    """Jordan Lee and a broken note in `people/`, the vault's contacts folder."""
    return make_vault(
        {
            "vaultkeeper.toml": '[vault]\ncontacts_folder = "people"\n',
            "people/Jordan Lee.md": JORDAN,
            "people/Broken Note.md": BROKEN,
        }
    )


def run_in(vault: Path, *args: str) -> Result:
    """A command in `vault` on Friday 20 November 2026."""
    return run("--vault", str(vault), "--today", "2026-11-20", *args)


def jordan(vault: Path) -> str:
    return (vault / "people" / "Jordan Lee.md").read_text(encoding="utf-8")


def assert_clean_failure(result: Result, code: int = 1) -> None:
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_touch_prints_the_file_and_what_changed(jordan_vault: Path) -> None:
    result = run_in(
        jordan_vault, "touch", "jordan", "--via", "Email", "--kind", "#Give", "-m", "sent it"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "people/Jordan Lee.md: logged a touch on 2026-11-20 (email: sent it #give); "
        "last_touch 2026-11-12 → 2026-11-20; fulfils reminder 'Check in after their launch' "
        "(2026-11-18)\n"
    )
    assert "- 2026-11-20 email: sent it #give\n- 2026-11-12" in jordan(jordan_vault)


def test_dry_run_prints_a_diff_and_writes_nothing(jordan_vault: Path) -> None:
    result = run_in(jordan_vault, "touch", "jordan", "--dry-run", "-m", "coffee")
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/people/Jordan Lee.md\n+++ b/people/Jordan Lee.md\n")
    assert "-last_touch: 2026-11-12\n+last_touch: 2026-11-20\n" in result.stdout
    assert "+- 2026-11-20 coffee\n" in result.stdout
    assert "Dry run, nothing written" in result.stderr
    assert jordan(jordan_vault) == JORDAN


@pytest.mark.parametrize(
    "args",
    [
        ("promise", "jordan", "Intro", "to", "Priya", "--dry-run", "--due", "next friday"),
        ("done", "jordan", "scorecard", "--dry-run"),
        ("remind", "jordan", "in", "3", "months", "check", "in", "--dry-run"),
        ("snooze", "jordan", "next", "monday", "--dry-run"),
    ],
)
def test_every_write_command_has_a_dry_run(jordan_vault: Path, args: tuple[str, ...]) -> None:
    result = run_in(jordan_vault, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- a/people/Jordan Lee.md")
    assert jordan(jordan_vault) == JORDAN


def test_promise_done_remind_snooze(jordan_vault: Path) -> None:
    result = run_in(jordan_vault, "promise", "jordan", "Intro to Priya", "--due", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "people/Jordan Lee.md: promised 'Intro to Priya', due 2026-12-01\n"
    result = run_in(jordan_vault, "done", "jordan", "scorecard")
    assert result.stdout == (
        "people/Jordan Lee.md: promise 'Send sample partner scorecard' marked done on 2026-11-20\n"
    )
    result = run_in(jordan_vault, "remind", "jordan", "in 3 months", "Ask how the launch went")
    assert (
        result.stdout == "people/Jordan Lee.md: reminder on 2027-02-20: Ask how the launch went\n"
    )
    result = run_in(jordan_vault, "snooze", "jordan", "in", "6", "weeks")
    assert result.stdout == "people/Jordan Lee.md: next_touch unset → 2027-01-01\n"
    contact = load_vault(jordan_vault, load_settings(jordan_vault)).resolve("jordan")
    assert [(p.what, p.due, p.done) for p in contact.promises] == [
        ("Send sample partner scorecard", None, date(2026, 11, 20)),
        ("Intro to Priya", date(2026, 12, 1), None),
    ]
    assert str(contact.promises[0].done) == "2026-11-20"
    assert str(contact.next_touch) == "2027-01-01"
    assert [str(r.date) for r in contact.reminders] == ["2026-11-18", "2027-02-20"]


def test_a_broken_note_is_a_one_line_error_and_stays_untouched(jordan_vault: Path) -> None:
    result = run_in(jordan_vault, "touch", "broken note")
    assert_clean_failure(result)
    assert result.output.startswith(
        "Error: people/Broken Note.md cannot be read: invalid YAML on line 4"
    )
    assert (jordan_vault / "people" / "Broken Note.md").read_text(encoding="utf-8") == BROKEN


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
    jordan_vault: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_in(jordan_vault, *args)
    assert_clean_failure(result)
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert jordan(jordan_vault) == JORDAN


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
    jordan_vault: Path, args: tuple[str, ...], message: str
) -> None:
    """Before, these reached the command and exited 1; the README promises 2."""
    result = run_in(jordan_vault, *args)
    assert_clean_failure(result, code=2)
    assert f"Usage: vaultkeeper {args[0]}" in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert jordan(jordan_vault) == JORDAN
    assert not (jordan_vault / "people" / "Someone.md").exists()


@pytest.mark.parametrize("args", [("touch",), ("promise", "jordan"), ("remind", "jordan")])
def test_bad_usage_exits_2(jordan_vault: Path, args: tuple[str, ...]) -> None:
    assert_clean_failure(run_in(jordan_vault, *args), code=2)


def test_backdate_is_explicit(jordan_vault: Path) -> None:
    result = run_in(jordan_vault, "touch", "jordan", "--date", "2026-10-01", "--backdate")
    assert result.exit_code == 0
    assert "last_touch 2026-11-12 → 2026-10-01" in result.stdout


def test_new_creates_a_contact_in_the_contacts_folder(jordan_vault: Path) -> None:
    result = run_in(
        jordan_vault,
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
    text = (jordan_vault / "people" / "Priya R. Acme.md").read_text(encoding="utf-8")
    assert text == (
        "---\nname: Priya R. / Acme\nsegment: ally\ntags: [b2b-saas, events]\ncompany: Acme\n"
        "last_touch: 2026-11-19\n---\n\n## Log\n"
    )
    contact = load_vault(jordan_vault, load_settings(jordan_vault)).resolve("priya")
    assert contact.segment == "ally" and str(contact.last_touch) == "2026-11-19"


def test_a_new_contact_without_last_touch_is_due(jordan_vault: Path) -> None:
    from vaultkeeper.schedule import Status, schedule

    assert run_in(jordan_vault, "new", "Sam Example", "--segment", "peer").exit_code == 0
    settings = load_settings(jordan_vault)
    contact = load_vault(jordan_vault, settings).resolve("sam")
    assert contact.last_touch is None
    assert schedule(contact, date(2026, 11, 20), settings).status is Status.DUE


def test_new_dry_run_shows_the_whole_file(jordan_vault: Path) -> None:
    result = run_in(jordan_vault, "new", "Sam Example", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("--- /dev/null\n+++ b/people/Sam Example.md\n")
    assert "+name: Sam Example\n+segment:\n" in result.stdout
    assert not (jordan_vault / "people" / "Sam Example.md").exists()


def test_a_reminder_closed_by_a_daily_note_is_closed_for_done_and_touch(jordan_vault: Path) -> None:
    """`show` counts a daily note that links Jordan as a touch; the write commands must too.

    Before, they rebuilt the contact without the vault's daily notes: `done` marked a reminder
    `show` called closed, and `touch` claimed to fulfil it again.
    """
    (jordan_vault / "2026-11-19.md").write_text("Coffee with [[Jordan Lee]].\n", encoding="utf-8")
    shown = run_in(jordan_vault, "show", "jordan")
    assert "  [x] 2026-11-18  Check in after their launch" in shown.output

    result = run_in(jordan_vault, "done", "jordan", "launch")
    assert_clean_failure(result)
    assert "nothing open in people/Jordan Lee.md matches 'launch'" in result.output
    assert jordan(jordan_vault) == JORDAN

    touched = run_in(jordan_vault, "touch", "jordan", "--dry-run")
    assert touched.exit_code == 0, touched.output
    assert "fulfils" not in touched.output


def test_a_promise_whose_done_is_not_a_date_is_open_everywhere(jordan_vault: Path) -> None:
    """`done: soon` is a problem for the file and leaves the promise open, in `show` and in
    `done` alike (before, `done` called it kept and found nothing to mark)."""
    note = jordan_vault / "people" / "Jordan Lee.md"
    note.write_text(
        JORDAN.replace(
            "  - Send sample partner scorecard\n",
            "  - what: Send sample partner scorecard\n    done: soon\n",
        ),
        encoding="utf-8",
    )
    assert "  [ ] Send sample partner scorecard" in run_in(jordan_vault, "show", "jordan").output
    result = run_in(jordan_vault, "done", "jordan", "scorecard")
    assert result.exit_code == 0, result.output
    assert "    done: 2026-11-20\n" in note.read_text(encoding="utf-8")
    contact = load_vault(jordan_vault, load_settings(jordan_vault)).resolve("jordan")
    assert [p.is_open for p in contact.promises] == [False]


# --- nothing lost: other writers at the same time -----------------------------------------------


def _vaultkeeper(vault: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "vaultkeeper", "--vault", str(vault), "--today", "2026-11-20"]
    return subprocess.Popen(
        [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_vaultkeeper_writers_at_once_each_land_their_line(jordan_vault: Path) -> None:
    """Before, two `touch` runs at once could both report success while one line was lost."""
    writers = [
        _vaultkeeper(jordan_vault, "touch", "jordan", "-m", f"writer {i}") for i in range(10)
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    text = jordan(jordan_vault)
    assert sorted(re.findall(r"^- 2026-11-20 writer (\d)$", text, re.M)) == list("0123456789")


APPENDER = """
import sys, time
path, bursts = sys.argv[1], int(sys.argv[2])
number = 0
for burst in range(bursts):
    for _ in range(200):  # a tight loop: open, append, close
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"appended {number}\\n")
        number += 1
    time.sleep(0.02)
print(number)
"""


def test_a_program_appending_in_a_tight_loop_never_loses_a_line(jordan_vault: Path) -> None:
    """Saves by another program while `touch` runs again and again: every appended line and
    every line a successful touch reported are in the note at the end."""
    note = jordan_vault / "people" / "Jordan Lee.md"
    appender = subprocess.Popen(
        [sys.executable, "-c", APPENDER, str(note), "150"], stdout=subprocess.PIPE, text=True
    )
    landed, refused = [], 0
    try:
        for i in range(12):
            touch = _vaultkeeper(jordan_vault, "touch", "jordan", "-m", f"touch {i}")
            _out, err = touch.communicate(timeout=60)
            if touch.returncode == 0:
                landed.append(i)
            else:
                assert "kept changing while vaultkeeper wrote; nothing was written" in err, err
                refused += 1
    finally:
        appended = int(appender.communicate(timeout=120)[0])
    text = note.read_text(encoding="utf-8")
    assert [n for n in range(appended) if f"\nappended {n}\n" not in text] == []
    assert sorted(int(n) for n in re.findall(r"^- 2026-11-20 touch (\d+)$", text, re.M)) == landed
    assert landed  # between bursts there is room to write
    assert leftovers(note.parent) == []


TERMINATED_MID_WRITE = """
import os, signal, sys
real_fsync = os.fsync
def fsync_then_terminated(fd):
    real_fsync(fd)
    os.kill(os.getpid(), signal.SIGTERM)  # as `timeout` or systemd would, mid-write
os.fsync = fsync_then_terminated
sys.argv = ["vaultkeeper", *sys.argv[1:]]
from vaultkeeper.shortcut import main
main()
"""


def test_a_write_stopped_by_sigterm_leaves_no_copy_behind(jordan_vault: Path) -> None:
    """Before, SIGTERM during a write left a hidden full copy of the note for good."""
    args = ["--vault", str(jordan_vault), "--today", "2026-11-20", "touch", "jordan"]
    done = subprocess.run(
        [sys.executable, "-c", TERMINATED_MID_WRITE, *args], capture_output=True, timeout=60
    )
    assert done.returncode == 143
    assert jordan(jordan_vault) == JORDAN
    assert leftovers(jordan_vault / "people") == []


def test_a_copy_left_by_a_killed_writer_is_removed_by_the_next_write(jordan_vault: Path) -> None:
    """SIGKILL cannot be caught: the next write in that folder takes the copy away."""
    folder = jordan_vault / "people"
    (folder / ".Jordan Lee.md.vaultkeeper-q8w7e6.tmp").write_text(JORDAN, encoding="utf-8")
    (folder / ".Jordan Lee.md.swp").write_text("vim's", encoding="utf-8")
    assert run_in(jordan_vault, "touch", "jordan").exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        ".Jordan Lee.md.swp",
        "Broken Note.md",
        "Jordan Lee.md",
    ]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_touch_as_root_leaves_the_note_with_its_owner(jordan_vault: Path) -> None:
    """Before, `sudo vaultkeeper touch` handed the note to root; its owner could not save it."""
    note = jordan_vault / "people" / "Jordan Lee.md"
    os.chown(note, 4321, 4322)
    assert run_in(jordan_vault, "touch", "jordan").exit_code == 0
    assert (note.stat().st_uid, note.stat().st_gid) == (4321, 4322)


def test_new_refuses_the_agenda_path(make_vault: MakeVault) -> None:
    """Before, `new agenda` in a vault with contacts at the root made agenda.md, which the next
    `agenda` or `watch` run then replaced."""
    root = make_vault({"Jordan.md": "---\nsegment: peer\n---\n"})
    result = run("--vault", str(root), "--today", "2026-11-20", "new", "Agenda")
    assert_clean_failure(result)
    assert "Agenda.md is where vaultkeeper writes the agenda" in result.output
    assert not (root / "agenda.md").exists()
    assert not (root / "Agenda.md").exists()


def test_new_finds_a_contact_whose_file_name_is_stored_decomposed(make_vault: MakeVault) -> None:
    """macOS writes `Zoë.md` as `Zoe` + a combining mark (NFD); typed names are NFC. Before,
    `new "Zoë"` did not see the existing note and created a second `Zoë.md` beside it."""
    decomposed = unicodedata.normalize("NFD", "Zoë")
    root = make_vault({f"{decomposed}.md": "---\nsegment: peer\n---\n"})
    result = run("--vault", str(root), "--today", "2026-11-20", "new", "Zoë", "--segment", "peer")
    assert_clean_failure(result)
    assert "already exists in that folder" in result.output
    assert [p.name for p in root.iterdir() if p.suffix == ".md"] == [f"{decomposed}.md"]
    touched = run("--vault", str(root), "--today", "2026-11-20", "touch", "zoë")
    assert touched.exit_code == 0, touched.output


FENCED_EXAMPLE = """\
---
segment: peer
last_touch: 2026-09-01
---
How I keep this log:

```md
## Log
- 2026-12-25 email: an example, not a touch
```

## Log
- 2026-09-01 email: the real one
"""


def test_a_log_example_in_a_code_block_is_neither_read_nor_written(
    make_vault: MakeVault,
) -> None:
    """Before, `touch` wrote into the example inside the code block, and the reader took the
    example's date for a real touch."""
    root = make_vault({"Jordan.md": FENCED_EXAMPLE})
    shown = json.loads(
        run("--vault", str(root), "--today", "2026-11-20", "show", "jordan", "--json").output
    )
    assert shown["last_touch"] == "2026-09-01"
    assert [entry["note"] for entry in shown["log"]] == ["the real one"]
    result = run("--vault", str(root), "--today", "2026-11-20", "touch", "jordan", "-m", "hi")
    assert result.exit_code == 0, result.output
    assert (root / "Jordan.md").read_text(encoding="utf-8") == FENCED_EXAMPLE.replace(
        "last_touch: 2026-09-01", "last_touch: 2026-11-20"
    ).replace("## Log\n- 2026-09-01", "## Log\n- 2026-11-20 hi\n- 2026-09-01")


@pytest.mark.parametrize(
    "body",
    [
        "\n".join(["-"] * 40_000),  # 80 KB of `-` lines: minutes before
        "\n\n".join(f"Short paragraph {i % 50}." for i in range(40_000)),  # 14 s before
    ],
    ids=["dashes", "paragraphs"],
)
def test_touch_on_a_large_note_of_repeated_lines_finishes(make_vault: MakeVault, body: str) -> None:
    """Checking the result, and its diff, used to compare the notes' lines pairwise: quadratic
    when lines repeat. Both are linear now; the timeout is only a guard against hanging."""
    text = f"---\nsegment: peer\nlast_touch: 2026-01-01\n---\n{body}\n\n## Log\n- 2026-01-01 hi\n"
    root = make_vault({"Big.md": text})
    for extra in ([], ["--dry-run"]):
        command = ["--vault", str(root), "--today", "2026-11-20", "touch", "big", "-m", "checked"]
        done = subprocess.run(
            [sys.executable, "-m", "vaultkeeper", *command, *extra],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    assert (
        (root / "Big.md")
        .read_text(encoding="utf-8")
        .endswith("## Log\n- 2026-11-20 checked\n- 2026-01-01 hi\n")
    )


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (  # ```sql``` on one line is inline code: the log after it is still read and written
            "---\nsegment: peer\n---\n```sql``` is what they use.\n\n## Log\n- 2026-10-01 met\n",
            "---\nsegment: peer\n---\n```sql``` is what they use.\n\n## Log\n"
            "- 2026-11-20 hi\n- 2026-10-01 met\n",
        ),
        (  # CRLF, a code block, and an empty ## Log (as `init`'s sample has)
            "---\r\nsegment: peer\r\n---\r\n```\r\nx\r\n```\r\n## Log\r\n",
            "---\r\nsegment: peer\r\nlast_touch: 2026-11-20\r\n---\r\n```\r\nx\r\n```\r\n"
            "## Log\r\n- 2026-11-20 hi\r\n",
        ),
        (  # an empty ## Log followed by blank lines: the line goes right under the heading
            "---\nsegment: peer\n---\n## Log\n\n\n## Next\nx\n",
            "---\nsegment: peer\nlast_touch: 2026-11-20\n---\n## Log\n- 2026-11-20 hi\n\n\n"
            "## Next\nx\n",
        ),
    ],
    ids=["inline-code", "crlf-fence-empty-log", "empty-log-blank-lines"],
)
def test_log_placement_in_unusual_notes(make_vault: MakeVault, note: str, expected: str) -> None:
    root = make_vault({"Ana.md": note.encode("utf-8")})
    result = run("--vault", str(root), "--today", "2026-11-20", "touch", "ana", "-m", "hi")
    assert result.exit_code == 0, result.output
    written = (root / "Ana.md").read_bytes().decode("utf-8")
    if "last_touch" not in expected:
        expected = expected.replace("segment: peer\n", "segment: peer\nlast_touch: 2026-11-20\n")
    assert written == expected
