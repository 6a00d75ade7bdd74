"""`touch NAME` answered before the command line loads (`shortcut_touch.py`): the same note
and the same words as the full command, and anything it does not read handed on untouched."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import EXAMPLE, MakeVault, probe_shortcut, run

from vaultkeeper.cli import cli
from vaultkeeper.scan import CACHE_DIR
from vaultkeeper.shortcut import answer
from vaultkeeper.shortcut_touch import touch_options

TODAY = "2026-11-25"
NOTE = Path("people") / "Rafael Costa.md"


@pytest.fixture
def example(make_vault: MakeVault) -> Path:
    return make_vault(copy=EXAMPLE)


def _twin(root: Path) -> Path:
    twin = root.parent / "twin"
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns(CACHE_DIR))
    return twin


def _answer(*argv: str) -> tuple[int | None, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    code = answer(list(argv), {}, out)
    out.seek(0)
    return (code if isinstance(code, int) else None), out.read()


@pytest.mark.parametrize(
    "options",
    [
        ["--via", "Email", "-m", "  sent   the deck  ", "--kind", "give", "--kind", "#Give"],
        ["--via=coffee", "--note=caught up on the launch", "--kind=meet"],
        ["-m", "   "],
        [],
    ],
)
def test_a_touch_is_written_and_said_as_the_command_line_does(
    example: Path, options: list[str]
) -> None:
    twin = _twin(example)
    args = ["--today", TODAY, "touch", "Rafael", *options]
    done = probe_shortcut("--vault", str(example), *args)
    assert done.stderr == "0 ['sqlite3', 'yaml']\n"  # answered here: click never loaded
    full = run("--vault", str(twin), *args)
    assert full.exit_code == 0
    assert done.stdout == full.stdout
    assert done.stdout.startswith(f"{NOTE.as_posix()}: logged a touch on {TODAY}")
    assert (example / NOTE).read_bytes() == (twin / NOTE).read_bytes()


@pytest.mark.parametrize(
    "rest",
    [
        ["Rafael", "--date", "yesterday"],
        ["Rafael", "--dry-run"],
        ["Rafael", "--backdate"],
        ["Rafael", "-mhello"],
        ["Rafael", "--via", "email", "--via", "call"],
        ["Rafael", "--via"],
        ["Rafael", "--via", "-m"],
        ["Rafael", "--note="],
        ["Rafael", "Raman"],
        ["Rafael", "--", "-m"],
        ["--help"],
        ["-m", "hi"],
        [],
    ],
)
def test_any_other_shape_is_the_command_lines(rest: list[str]) -> None:
    assert touch_options(rest) is None


@pytest.mark.parametrize(
    "rest",
    [
        ["Rafael", "--dry-run"],
        ["Rafael", "--kind", "two words"],
        ["Rafael", "--via", "e\x07mail"],
        ["Rafael", "-m", "a \x1b[31mred\x1b[0m note"],
        ["Nobody at all", "--date", "yesterday"],
    ],
)
def test_what_is_handed_on_is_not_written(example: Path, rest: list[str]) -> None:
    before = (example / NOTE).read_bytes()
    assert _answer("--vault", str(example), "--today", TODAY, "touch", *rest) == (None, "")
    assert (example / NOTE).read_bytes() == before


def test_a_refused_value_exits_2_from_the_command_line(example: Path) -> None:
    done = probe_shortcut("--vault", str(example), "touch", "Rafael", "--kind", "two words")
    assert done.stderr.startswith("None ")  # handed on, having written nothing
    result = CliRunner().invoke(cli, ["--vault", str(example), "touch", "Rafael", "--kind", "a b"])
    assert result.exit_code == 2
    assert "is not a kind" in result.output


def test_a_name_that_matches_nobody_is_said_as_the_command_line_says_it(example: Path) -> None:
    args = ["--vault", str(example), "--today", TODAY, "touch", "Nobody at all", "-m", "hi"]
    done = probe_shortcut(*args)
    full = CliRunner().invoke(cli, args)
    assert full.exit_code == 1
    said, probe = done.stderr.rsplit("\n", 2)[0], done.stderr.rsplit("\n", 2)[1]
    assert said + "\n" == full.output
    assert probe == "1 ['sqlite3', 'yaml']"
    assert done.stdout == ""


def test_a_note_about_the_index_is_said_once_on_stderr(example: Path) -> None:
    (example / CACHE_DIR).mkdir()
    (example / CACHE_DIR / "index.sqlite3").write_bytes(b"not a database at all" * 100)
    done = probe_shortcut("--vault", str(example), "--today", TODAY, "touch", "Rafael")
    lines = done.stderr.splitlines()
    assert lines[-1] == "0 ['sqlite3', 'yaml']"
    notes = [line for line in lines if line.startswith("note: the index")]
    assert len(notes) == 1 and "rebuilt it" in notes[0]
    assert done.stdout.startswith(f"{NOTE.as_posix()}: logged a touch on {TODAY}")


@pytest.mark.parametrize("escape", ["\x1b[31m", "\x1b[2~", "\x1b[4:3m", "\x1b[>c", "\x1b[1 q"])
def test_a_terminal_escape_in_a_path_is_stripped_as_click_strips_it(
    example: Path, escape: str
) -> None:
    note = example / "people" / f"Evil{escape}Person.md"
    note.write_text("---\nname: Evil Person\nsegment: peer\n---\n", encoding="utf-8")
    twin = _twin(example)
    args = ["--today", TODAY, "touch", "Evil Person"]
    done = probe_shortcut("--vault", str(example), *args)
    assert done.stderr.startswith("0 ")  # answered here
    assert done.stdout == run("--vault", str(twin), *args).stdout
    assert "\x1b" not in done.stdout


_CLOSED = "import os, sys; os.close(2); sys.stderr = None; sys.argv[0] = 'vaultkeeper'; "


def test_an_error_with_stderr_closed_is_said_as_click_says_it(example: Path) -> None:
    twin = _twin(example)

    def said(root: Path, main: str) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-c", _CLOSED + main, "--vault", str(root), "touch", "Nobody"],
            stdout=subprocess.PIPE,
            text=True,
            timeout=120,
        )
        return done.returncode, done.stdout

    short = said(example, "from vaultkeeper.shortcut import main; main()")
    full = said(twin, "from vaultkeeper.cli import cli; cli(prog_name='vaultkeeper')")
    assert short == full == (1, "Error: no contact matches 'Nobody'\n")
