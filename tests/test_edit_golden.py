"""Golden tests: each write command on realistic notes gives exactly the expected file.

The inputs in tests/golden/input are notes as Obsidian writes them, as people write them by
hand (comments, odd spacing, YAML 1.1 traps), with CRLF, a BOM, no final newline, flow lists
and empty lists. To re-create the expected files after an intended change, run
`VAULTKEEPER_REGEN_GOLDEN=1 .venv/bin/pytest tests/test_edit_golden.py` and review the git diff.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from support import edit_note

from vaultkeeper.edit import engine as edit
from vaultkeeper.edit import new_note as newcontact
from vaultkeeper.edit import plans as planners
from vaultkeeper.errors import EditError

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(p.name for p in (GOLDEN / "input").glob("*.md"))
TODAY = date(2026, 11, 20)
REGEN = os.environ.get("VAULTKEEPER_REGEN_GOLDEN") == "1"

DONE_QUERY = {
    "obsidian.md": "scorecard",
    "handwritten.md": "teardown",
    "crlf.md": "one-pager",
    "bom.md": "charter",
    "no_trailing_newline.md": "procurement",
    "flow_lists.md": "pricing deck",
    "oldest_first.md": "cohort",
    "quoted.md": "on-call",
}


def _touch() -> edit.Planner:
    request = planners.TouchRequest(TODAY, "email", ("give",), "sent the partner scorecard")
    return planners.plan_touch(request, TODAY)


OPERATIONS: dict[str, Callable[[str], edit.Planner | None]] = {
    "touch": lambda case: _touch(),
    "promise": lambda case: planners.plan_promise("Send the Q1 plan", date(2026, 12, 15)),
    "promise_plain": lambda case: planners.plan_promise("Share the hiring rubric: v2", None),
    "done": lambda case: (
        planners.plan_done(DONE_QUERY[case], TODAY, TODAY) if case in DONE_QUERY else None
    ),
    "remind": lambda case: planners.plan_remind(date(2027, 1, 15), "Check in after launch", TODAY),
    "snooze": lambda case: planners.plan_snooze(date(2027, 1, 10), TODAY),
}


def _copy(case: str, folder: Path) -> Path:
    target = folder / case
    shutil.copyfile(GOLDEN / "input" / case, target)
    return target


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("case", INPUTS)
def test_result_equals_expected_file(tmp_path: Path, case: str, operation: str) -> None:
    planner = OPERATIONS[operation](case)
    if planner is None:
        pytest.skip("nothing to mark done in this note")
    path = _copy(case, tmp_path)
    result = edit_note(path, case, planner)
    assert result.written
    expected = GOLDEN / "expected" / f"{case.removesuffix('.md')}.{operation}.md"
    if REGEN:
        expected.write_bytes(path.read_bytes())
    assert path.read_bytes() == expected.read_bytes()


@pytest.mark.parametrize("case", INPUTS)
def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path, case: str) -> None:
    path = _copy(case, tmp_path)
    before = path.read_bytes()
    result = edit_note(path, case, _touch(), dry_run=True)
    assert not result.written
    assert path.read_bytes() == before
    assert result.diff.startswith(f"--- a/{case}\n+++ b/{case}\n@@")
    assert "+- 2026-11-20" in result.diff or "+* [[2026-11-20]]" in result.diff


def test_done_with_nothing_open_is_a_clear_error(tmp_path: Path) -> None:
    path = _copy("empty_lists.md", tmp_path)
    before = path.read_bytes()
    with pytest.raises(EditError, match="no open promises or reminders"):
        edit_note(path, "empty_lists.md", planners.plan_done("anything", TODAY, TODAY))
    assert path.read_bytes() == before


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "core.autocrlf=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("case", INPUTS)
def test_git_diff_after_a_touch_shows_only_the_intended_lines(tmp_path: Path, case: str) -> None:
    repo = tmp_path / "vault"
    repo.mkdir()
    _git(repo, "init", "-q")
    path = _copy(case, repo)
    _git(repo, "add", case)
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x")
    original = (GOLDEN / "input" / case).read_bytes()
    had_last_touch = b"\nlast_touch:" in original

    edit_note(path, case, _touch())

    added, deleted, _name = _git(repo, "diff", "--numstat").split("\t")
    log_lines = 1 if b"## Log" in original else 3  # a new section: blank, heading, entry
    final_line_gains_newline = not original.endswith(b"\n")
    assert int(added) == log_lines + 1 + final_line_gains_newline
    assert int(deleted) == int(had_last_touch) + final_line_gains_newline
    changed = [
        line[1:]
        for line in _git(repo, "diff", "-U0").splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert all(
        "last_touch" in line
        or "2026-11-20" in line
        or line.strip() in ("", "## Log")
        or line.startswith("Best caught")
        for line in changed
    )


NEW_CONTACTS = {
    "new.full.md": newcontact.NewContact(
        name="Jordan Lee",
        segment="peer",
        tags=("partnerships", "event/saastr-2026"),
        company="Acme",
        role="Head of Partnerships",
        channel="email",
        last_touch=date(2026, 11, 12),
        context="Met at the partnerships meetup.",
    ),
    "new.bare.md": newcontact.NewContact(name="Kim: 12:30 / yes"),
}


@pytest.mark.parametrize("expected_name", sorted(NEW_CONTACTS))
def test_new_contact_equals_expected_file(tmp_path: Path, expected_name: str) -> None:
    from vaultkeeper.config import Settings
    from vaultkeeper.index import load_directory

    settings = Settings(contacts_folder="people")
    request = NEW_CONTACTS[expected_name]
    directory = load_directory(tmp_path, settings)
    result = newcontact.create_contact(tmp_path, settings, directory, request)
    written = (tmp_path / result.label).read_bytes()
    expected = GOLDEN / "expected" / expected_name
    if REGEN:
        expected.write_bytes(written)
    assert written == expected.read_bytes()
