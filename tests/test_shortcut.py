"""The kept agenda (`outputs.py`) and the shortcut that answers a warm `agenda` with it before
the command line loads (`shortcut.py`): same output as the full command, and never stale."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import EXAMPLE, MakeVault, age, probe_shortcut, run, write

from vaultkeeper import agenda_file, outputs, own_code
from vaultkeeper.cli import cli
from vaultkeeper.errors import VaultkeeperError
from vaultkeeper.scan import CACHE_DIR
from vaultkeeper.shortcut import answer, parse

TODAY = "2026-11-25"
DAY = __import__("datetime").date(2026, 11, 25)


@pytest.fixture
def example(make_vault: MakeVault) -> Path:
    return make_vault(copy=EXAMPLE)


def _answer(*argv: str, env: dict[str, str] | None = None) -> tuple[int | None, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    code = answer(list(argv), env or {}, out)
    out.seek(0)
    return (code if isinstance(code, int) else None), out.read()


def _kept(root: Path, today: str = TODAY) -> bool:
    return outputs.kept_if_current(str(root), today) is not None


# --- the arguments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["agenda"], (None, DAY, "agenda", False, "")),
        (["agenda", "--stdout"], (None, DAY, "agenda", True, "")),
        (["--vault", "v", "agenda"], ("v", DAY, "agenda", False, "")),
        (
            ["--vault=v", "--today=2026-11-25", "agenda", "--stdout"],
            ("v", DAY, "agenda", True, ""),
        ),
        (
            ["--today", "2026-11-25", "--vault", "agenda", "agenda"],
            ("agenda", DAY, "agenda", False, ""),
        ),
        (["list"], (None, DAY, "list", False, "")),
        (["--vault", "v", "list", "--json"], ("v", DAY, "list", True, "")),
    ],
)
def test_the_warm_agenda_is_recognised(argv: list[str], expected: tuple[object, ...]) -> None:
    assert parse(argv, {"VAULTKEEPER_TODAY": TODAY}) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["list", "--overdue"],
        ["list", "--json", "--tag", "b2b"],
        ["list", "--json", "--json"],
        ["list", "Grace"],
        ["agenda", "--help"],
        ["agenda", "--out", "x.md"],
        ["agenda", "--stdout", "--stdout"],
        ["--help", "agenda"],
        ["--version"],
        ["--vault"],
        ["--vault", "a", "--vault", "b", "agenda"],
        ["--vault", "--today", "agenda"],
        ["--today", "", "agenda"],
        ["--today", "someday", "agenda"],
        ["--verbose", "agenda"],
        ["agenda", "extra"],
    ],
)
def test_anything_else_goes_to_the_command_line(argv: list[str]) -> None:
    assert parse(argv, {}) is None


def test_the_day_comes_from_the_environment_as_click_reads_it() -> None:
    assert parse(["agenda"], {"VAULTKEEPER_TODAY": "2026-12-01"}) == (
        None,
        DAY.replace(day=1, month=12),
        "agenda",
        False,
        "",
    )
    assert parse(["agenda"], {"VAULTKEEPER_TODAY": "not a day"}) is None
    assert parse(["--today", TODAY, "agenda"], {"VAULTKEEPER_TODAY": "x"}) == (
        None,
        DAY,
        "agenda",
        False,
        "",
    )


# --- the same answer as the full command ---------------------------------------------------------


def test_a_warm_agenda_prints_what_the_command_line_prints(example: Path) -> None:
    vault = ["--vault", str(example), "--today", TODAY]
    assert _answer(*vault, "agenda", "--stdout") == (None, "")  # nothing kept yet
    full = run(*vault, "agenda", "--stdout").stdout
    assert full.startswith("# Week of 23 Nov 2026")
    assert _answer(*vault, "agenda", "--stdout") == (0, full)
    wrote = run(*vault, "agenda").stdout
    assert wrote.startswith("Wrote ")
    unchanged = run(*vault, "agenda").stdout
    assert unchanged.startswith("Unchanged: ")
    assert _answer(*vault, "agenda") == (0, unchanged)


def test_the_shortcut_shows_the_agenda_path_as_the_command_line_does(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = ["--vault", str(example), "--today", TODAY, "agenda"]
    run(*vault)
    for here in (example, example / "people", example.parent):
        monkeypatch.chdir(here)
        expected = run(*vault).stdout
        assert _answer(*vault) == (0, expected)
    monkeypatch.chdir(example / "people")  # found by its config, up from here
    expected = run("--today", TODAY, "agenda").stdout
    assert expected.startswith("Unchanged: ../agenda.md (") or expected.startswith(
        f"Unchanged: {example}/agenda.md ("
    )
    assert _answer("--today", TODAY, "agenda") == (0, expected)
    monkeypatch.chdir(example.parent)
    env = {"VAULTKEEPER_VAULT": str(example)}
    expected = run("--today", TODAY, "agenda", env=env).stdout
    assert expected.startswith("Unchanged: vault/agenda.md (")
    assert _answer("--today", TODAY, "agenda", env=env) == (0, expected)


def test_an_agenda_file_to_write_is_left_to_the_command_line(example: Path) -> None:
    vault = ["--vault", str(example), "--today", TODAY, "agenda"]
    run(*vault)
    (example / "agenda.md").unlink()
    assert _answer(*vault) == (None, "")
    assert not (example / "agenda.md").exists()
    assert run(*vault).stdout.startswith("Wrote ")
    (example / "agenda.md").write_text("my own notes\n", encoding="utf-8")
    assert _answer(*vault) == (None, "")  # the command line refuses it, in its own words
    assert (example / "agenda.md").read_text(encoding="utf-8") == "my own notes\n"


def test_output_click_would_change_is_left_to_it(make_vault: MakeVault) -> None:
    root = make_vault({"Jordan \x1b[31mLee.md": "---\nsegment: peer\n---\n"})
    vault = ["--vault", str(root), "--today", TODAY, "agenda", "--stdout"]
    run(*vault)
    assert _kept(root)
    assert _answer(*vault) == (None, "")
    latin = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    assert answer(vault, {}, latin) is None


def test_a_real_warm_run_loads_neither_click_nor_the_note_reader(example: Path) -> None:
    args = ["--vault", str(example), "--today", TODAY, "agenda", "--stdout"]
    command = [sys.executable, "-m", "vaultkeeper", *args]
    cold = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    warm = probe_shortcut(*args)
    assert (warm.stdout, warm.stderr) == (cold.stdout, "0 []\n")
    again = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    assert again.stdout == cold.stdout
    write(example / "people" / "Zoe Quinn.md", "---\nsegment: ally\n---\n")
    edited = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    assert edited.stdout != cold.stdout  # the shortcut's walk, handed on, found the edit
    assert (
        edited.stdout == run("--vault", str(example), "--today", TODAY, "agenda", "--stdout").stdout
    )


def test_the_walk_that_found_the_kept_agenda_stale_is_not_done_again(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit the shortcut makes the agenda from the walk that found the change; when
    that fails, the command line it hands the walk to does not walk again either."""
    vault = ["--vault", str(example), "--today", TODAY, "agenda", "--stdout"]
    run(*vault)
    real = agenda_file.current_agenda
    failures = [VaultkeeperError("once")]

    def fails_once(*args: Any) -> tuple[str, list[str]]:
        if failures:
            raise failures.pop()
        return real(*args)

    def no_walk(*args: object) -> None:
        raise AssertionError("walked again")

    made = []
    for segment in ("ally", "peer"):
        write(example / "people" / "Zoe Quinn.md", f"---\nsegment: {segment}\n---\n")
        with monkeypatch.context() as patched:
            patched.setattr(agenda_file, "iter_notes", no_walk)
            patched.setattr(agenda_file, "current_agenda", fails_once)
            out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
            walked = answer(vault, {}, out)
            if isinstance(walked, outputs.Walked):  # the shortcut failed: the command line
                result = CliRunner().invoke(cli, vault, obj=walked, catch_exceptions=False)
                made.append(("handed on", result.stdout))
            else:
                assert walked == 0
                out.seek(0)
                made.append(("made", out.read()))
        (example / CACHE_DIR / outputs.KEPT_NAME).unlink()
        assert made[-1][1] == run(*vault).stdout  # as a fresh agenda says
    assert [how for how, _ in made] == ["handed on", "made"]


@pytest.mark.parametrize("args", [["agenda", "--stdout"], ["agenda"]])
def test_an_agenda_after_an_edit_is_made_without_click(
    make_vault: MakeVault, args: list[str]
) -> None:
    """The agenda after an edit, printed or written: the shortcut makes it (click is a third
    of its time at 10,000 contacts), as the command line makes it in a copy of the vault."""
    said, written = [], []
    for name in ("shortcut", "command line"):
        root = make_vault(copy=EXAMPLE, name=name)
        vault = ["--vault", str(root), "--today", TODAY, *args]
        run(*vault)
        write(root / "people" / "Zoe Quinn.md", "---\nsegment: ally\n---\nMet at a meetup.\n")
        if name == "shortcut":
            made = probe_shortcut(*vault)
            # rendered, without click, PyYAML or Jinja
            assert made.stderr == "0 ['sqlite3', 'vaultkeeper.builtin_render']\n"
            assert _kept(root)  # kept with the walk's digest: the next run is a warm one
            said.append(made.stdout.replace(str(root), "VAULT"))
        else:
            said.append(run(*vault).stdout.replace(str(root), "VAULT"))
        written.append((root / "agenda.md").read_bytes())
    assert said[0] == said[1]
    assert written[0] == written[1]
    assert ("Zoe Quinn" in said[0]) == (args[-1] == "--stdout")


def test_an_edit_that_leaves_the_agenda_as_it_was_is_not_rendered_again(example: Path) -> None:
    """A save that changes nothing the agenda shows: the note is read again and the lists
    weighed again, and the agenda the template would see is the one kept, so its text is
    printed without rendering it. An edit that changes what it shows is rendered, as fresh."""
    vault = ["--vault", str(example), "--today", TODAY, "agenda", "--stdout"]
    first = run(*vault).stdout
    assert _kept(example)
    unseen, seen = example / "people" / "Sam Whitaker.md", example / "people" / "Margaret Chen.md"
    assert "Sam Whitaker" not in first and "Prefers email" in first
    write(unseen, unseen.read_text(encoding="utf-8") + "\nMet his partner at the fair.\n")
    same = probe_shortcut(*vault)
    assert same.stderr == "0 ['sqlite3']\n"  # not rendered; a plain note is read without PyYAML
    assert same.stdout == first
    assert _kept(example)  # kept again, with this walk's digest
    write(seen, seen.read_text(encoding="utf-8").replace("channel: 'email'", "channel: 'phone'"))
    changed = probe_shortcut(*vault)
    assert changed.stderr == "0 ['sqlite3', 'vaultkeeper.builtin_render']\n"  # not Jinja
    assert changed.stdout != first
    (example / CACHE_DIR / outputs.KEPT_NAME).unlink()
    assert changed.stdout == run(*vault).stdout  # as a fresh agenda says


def test_renders_kept_by_other_code_or_settings_are_not_used(example: Path) -> None:
    """The kept renders count only for the code and settings that made them: with other
    settings, a text planted under a real render's digest is not printed."""
    import json

    vault = ["--vault", str(example), "--today", TODAY, "agenda", "--stdout"]
    first = run(*vault).stdout
    kept = example / CACHE_DIR / outputs.KEPT_NAME
    line, _, text = kept.read_bytes().partition(b"\n")  # the walk's line, then JSON
    values = json.loads(text)
    assert None in values[6].values()  # the agenda's render: its text, not kept twice
    values[6] = {key: "planted\n" for key in values[6]}
    kept.write_bytes(line + b"\n" + json.dumps(values).encode())
    toml = example / "vaultkeeper.toml"
    write(toml, toml.read_text(encoding="utf-8") + "\n# another comment\n")
    note = example / "people" / "Sam Whitaker.md"
    write(note, note.read_text(encoding="utf-8") + "\nMet his partner at the fair.\n")
    done = subprocess.run(
        [sys.executable, "-m", "vaultkeeper", *vault], capture_output=True, text=True, timeout=120
    )
    assert done.stdout == first


@pytest.mark.parametrize("args", [["list", "--json"], ["list"]])
def test_a_plain_list_is_answered_without_click(example: Path, args: list[str]) -> None:
    """`list` and `list --json` with no filters: the shortcut brings the index up to date and
    prints what the command line prints, before and after an edit."""
    vault = ["--vault", str(example), "--today", TODAY, *args]
    run(*vault)  # the index
    answered = probe_shortcut(*vault)
    said = run(*vault)
    assert said.stderr.startswith("1 note could not be read, so anyone in it is missing")
    assert answered.stderr == said.stderr + "0 ['sqlite3']\n"  # neither click, YAML nor Jinja
    assert answered.stdout == said.stdout
    assert "Grace Kim" in answered.stdout
    write(example / "people" / "Zoe Quinn.md", "---\nsegment: ally\ntags: [b2b]\n---\n")
    edited = probe_shortcut(*vault)
    assert edited.stderr == said.stderr + "0 ['sqlite3']\n"  # read without PyYAML
    assert edited.stdout == run(*vault).stdout
    assert "Zoe Quinn" in edited.stdout


def test_what_the_list_shortcut_heard_is_said_once(example: Path) -> None:
    """A rebuilt index is noted on stderr by the shortcut that rebuilt it; an index that
    cannot be saved is left to the command line, which says so once."""
    vault = ["--vault", str(example), "--today", TODAY, "list", "--json"]
    expected = run(*vault).stdout
    (example / CACHE_DIR / "index.sqlite3").write_bytes(b"garbage" * 100)
    rebuilt = probe_shortcut(*vault)
    assert rebuilt.stdout == expected
    assert rebuilt.stderr.count("note: the index") == 1
    shutil.rmtree(example / CACHE_DIR)
    (example / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "vaultkeeper", *vault], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout) == (0, expected)
    assert done.stderr.count("cannot save the index") == 1


def test_a_list_with_stderr_closed_still_lists(example: Path) -> None:
    """Found in review: with no stderr at all (`2>&-`) and a note about the index to say,
    the shortcut failed after rebuilding the index, and nothing was listed."""
    vault = ["--vault", str(example), "--today", TODAY, "list", "--json"]
    expected = run(*vault).stdout
    (example / CACHE_DIR / "index.sqlite3").write_bytes(b"garbage" * 100)
    line = " ".join([sys.executable, "-m", "vaultkeeper", *map(shlex.quote, vault)])
    done = subprocess.run(["bash", "-c", line + " 2>&-"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, expected)


def test_a_list_the_index_cannot_hold_is_read_once_more_not_thrice(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: with an index that cannot be saved, `list --json` tried the index
    for JSON, then for cards, then loaded the vault: every note read three times."""
    from vaultkeeper import index

    vault = ["--vault", str(example), "--today", TODAY, "list", "--json"]
    expected = run(*vault).stdout
    shutil.rmtree(example / CACHE_DIR)
    (example / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    loads: list[str] = []
    real = index._load

    def counted(*args: Any, **kwargs: Any) -> Any:
        loads.append("load")
        return real(*args, **kwargs)

    monkeypatch.setattr(index, "_load", counted)
    assert _answer(*vault) == (0, expected)
    assert len(loads) == 2  # the index tried, then the vault loaded


# --- never stale ---------------------------------------------------------------------------------


def _settled(path: Path) -> None:
    past = time.time() - 30
    os.utime(path, (past, past))


def test_every_change_the_agenda_depends_on_makes_the_kept_one_stale(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(
        {
            "vaultkeeper.toml": '[vault]\nignore = ["archive"]\n[suggest]\nresources = '
            '["archive/resources.md"]\n',
            "people/Jordan Lee.md": "---\nsegment: peer\nlast_touch: 2026-09-01\n---\n",
            "people/Sam Park.md": "---\nsegment: ally\n---\n",
            "archive/resources.md": "- [ ] a guide to pricing #topic/pricing\n",
            "archive/Old.md": "---\nsegment: peer\n---\n",
        }
    )
    vault = ["--vault", str(root), "--today", TODAY, "agenda", "--stdout"]

    def stale_after(change: object = None) -> bool:
        stale = not _kept(root)
        run(*vault)
        assert _kept(root)
        return stale

    assert stale_after()  # nothing kept yet
    assert not stale_after()
    note = root / "people" / "Jordan Lee.md"
    info = note.stat()
    note.write_text(note.read_text(encoding="utf-8").replace("09-01", "09-02"), encoding="utf-8")
    os.utime(note, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same mtime
    assert stale_after()
    write(root / "people" / "Ana Ruiz.md", "---\nsegment: mentor\n---\n")
    assert stale_after()
    (root / "people" / "Ana Ruiz.md").rename(root / "people" / "Ana R.md")
    assert stale_after()
    (root / "people" / "Ana R.md").unlink()
    assert stale_after()
    write(root / "archive" / "Older.md", "---\nsegment: peer\n---\n")
    assert not stale_after()  # an ignored folder
    write(root / "archive" / "resources.md", "- [ ] a talk on pricing #topic/pricing\n")
    assert stale_after()  # ignored, but the resources inbox
    write(root / "vaultkeeper.toml", '[vault]\nignore = ["archive"]\n')
    assert stale_after()
    write(root / ".obsidian" / "templates.json", '{"folder": "people"}')
    assert stale_after()
    assert not _kept(root, "2026-11-26")
    monkeypatch.setattr(own_code, "_DIGEST", "other code")
    assert not _kept(root)


def test_a_template_change_makes_the_kept_agenda_stale(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "vaultkeeper.toml": '[agenda]\ntemplate = "my.md.j2"\n',
            "my.md.j2": "{{ agenda.title }}\n",
            "Jordan.md": "---\nsegment: peer\n---\n",
        }
    )
    vault = ["--vault", str(root), "--today", TODAY, "agenda", "--stdout"]
    assert run(*vault).stdout.startswith("Week of 23 Nov")
    assert _kept(root)
    write(root / "my.md.j2", "Agenda: {{ agenda.title }}\n")
    assert not _kept(root)
    assert run(*vault).stdout.startswith("Agenda: Week of 23 Nov")
    (root / "my.md.j2").unlink()
    assert not _kept(root)


def test_an_agenda_made_while_a_note_was_being_saved_is_not_kept(make_vault: MakeVault) -> None:
    root = make_vault({"Jordan.md": "---\nsegment: peer\n---\n"})
    (root / "Sam.md").write_text("---\nsegment: ally\n---\n", encoding="utf-8")  # just now
    vault = ["--vault", str(root), "--today", TODAY, "agenda", "--stdout"]
    assert "Sam" in run(*vault).stdout
    assert not _kept(root)
    _settled(root / "Sam.md")
    run(*vault)
    assert _kept(root)


def test_a_garbled_or_missing_kept_agenda_is_made_again(example: Path) -> None:
    vault = ["--vault", str(example), "--today", TODAY, "agenda", "--stdout"]
    expected = run(*vault).stdout
    kept = example / CACHE_DIR / outputs.KEPT_NAME
    for garbled in (b"", b"\x00garbage", kept.read_bytes()[:100], b"\xe9" * 50):
        kept.write_bytes(garbled)
        assert outputs.read_kept(str(example)) is None
        assert _answer(*vault) == (None, "")
        assert run(*vault).stdout == expected
        assert _answer(*vault) == (0, expected)


def test_a_vault_where_nothing_can_be_kept_still_gets_its_agenda(make_vault: MakeVault) -> None:
    root = make_vault({"Jordan.md": "---\nsegment: peer\n---\n"})
    (root / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    vault = ["--vault", str(root), "--today", TODAY, "agenda", "--stdout"]
    first = run(*vault)
    assert first.exit_code == 0 and "Jordan" in first.stdout
    assert _answer(*vault) == (None, "")
    assert run(*vault).stdout == first.stdout


def test_a_moved_vault_keeps_its_agenda(example: Path, tmp_path: Path) -> None:
    """The kept agenda holds no absolute path: a vault moved elsewhere keeps it, and a copy
    (new files) makes it again."""
    expected = run("--vault", str(example), "--today", TODAY, "agenda", "--stdout").stdout
    moved = tmp_path / "elsewhere"
    shutil.move(example, moved)
    assert _answer("--vault", str(moved), "--today", TODAY, "agenda", "--stdout") == (0, expected)
    copied = tmp_path / "copy"
    shutil.copytree(moved, copied)
    age(copied)
    assert not _kept(copied)
    assert run("--vault", str(copied), "--today", TODAY, "agenda", "--stdout").stdout == expected


# --- found in review ------------------------------------------------------------------------------


def test_without_a_stdout_the_command_line_answers_and_writes_the_file(example: Path) -> None:
    """Found in review: with fd 1 closed, `sys.stdout` is None and the shortcut crashed."""
    assert answer(["--vault", str(example), "agenda"], {}, None) is None  # type: ignore[arg-type]
    command = 'exec "$@" >&-; echo unreachable'
    done = subprocess.run(
        [
            "sh",
            "-c",
            command,
            "sh",
            sys.executable,
            "-m",
            "vaultkeeper",
            "--vault",
            str(example),
            "--today",
            TODAY,
            "agenda",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert (example / "agenda.md").read_text(encoding="utf-8").startswith("# Week of 23 Nov 2026")


def test_a_reader_that_went_away_ends_the_warm_agenda_quietly(example: Path) -> None:
    """Found in review: `vaultkeeper agenda --stdout | head` printed a BrokenPipeError."""
    args = f"--vault '{example}' --today {TODAY} agenda --stdout"
    run(
        "--vault", str(example), "--today", TODAY, "agenda", "--stdout"
    )  # kept: the shortcut answers
    script = (
        f"'{sys.executable}' -m vaultkeeper {args} | (exec 0<&-; sleep 1); echo ${{PIPESTATUS[0]}}"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=120, env=env
    )
    assert (done.stdout, done.stderr) == ("1\n", "")


def test_a_deleted_empty_template_is_not_taken_for_an_empty_one(make_vault: MakeVault) -> None:
    """Found in review: a missing template hashed like an empty one, so the agenda kept from
    the empty template was served after the template was deleted."""
    root = make_vault(
        {
            "vaultkeeper.toml": '[agenda]\ntemplate = "tpl.j2"\n',
            "tpl.j2": "",
            "Jordan.md": "---\nsegment: peer\n---\n",
        }
    )
    vault = ["--vault", str(root), "--today", TODAY, "agenda", "--stdout"]
    assert run(*vault).stdout == ""
    assert _kept(root)
    (root / "tpl.j2").unlink()
    assert not _kept(root)
    result = CliRunner().invoke(cli, vault)
    assert result.exit_code == 1 and "tpl.j2" in result.output


def test_a_vault_named_outright_works_from_a_folder_that_was_deleted(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: with --vault given, a deleted current folder still gave a traceback."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    named = run("--vault", str(example), "--today", TODAY, "agenda", "--stdout")
    assert named.exit_code == 0 and named.stdout.startswith("# Week of 23 Nov 2026")
    unnamed = CliRunner().invoke(cli, ["--today", TODAY, "agenda", "--stdout"])
    assert unnamed.exit_code == 1
    assert "the current folder no longer exists" in unnamed.output


def test_a_resources_note_saved_this_second_keeps_the_agenda_from_being_kept(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            "vaultkeeper.toml": (
                '[vault]\nignore = ["inbox"]\n[suggest]\nresources = ["inbox/r.md"]\n'
            ),
            "Jordan.md": "---\nsegment: peer\ntags: [pricing]\n---\n",
        }
    )
    (root / "inbox").mkdir()
    (root / "inbox" / "r.md").write_text("- [ ] a guide #topic/pricing\n", encoding="utf-8")
    run("--vault", str(root), "--today", TODAY, "agenda", "--stdout")
    assert not _kept(root)
    _settled(root / "inbox" / "r.md")
    run("--vault", str(root), "--today", TODAY, "agenda", "--stdout")
    assert _kept(root)


def test_ctrl_c_while_the_shortcut_works_says_aborted_as_the_command_line_does(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in review: after an edit the shortcut makes the agenda itself, and Ctrl-C there
    printed a traceback where click says "Aborted!" and exits 1."""
    from vaultkeeper import shortcut

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(shortcut, "answer", interrupted)
    with pytest.raises(SystemExit) as stopped:
        shortcut.main()
    assert (stopped.value.code, capsys.readouterr().err) == (1, "\nAborted!\n")


def test_what_the_shortcut_noted_before_handing_on_is_said_once(example: Path) -> None:
    """Found in review: when making the agenda failed after the index was rebuilt, the note
    saying so was lost (the command line, finding the index sound, had nothing to say)."""
    vault = ["--vault", str(example), "--today", TODAY, "agenda"]
    run(*vault)
    write(example / "people" / "Zoe Quinn.md", "---\nsegment: ally\n---\n")
    (example / CACHE_DIR / "index.sqlite3").write_bytes(b"garbage" * 100)
    (example / "agenda.md").write_text("my own notes\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "vaultkeeper", *vault], capture_output=True, text=True, timeout=120
    )
    lines = done.stderr.splitlines()
    assert done.returncode == 1
    assert len([line for line in lines if line.startswith("note: the index")]) == 1
    assert lines[-1].startswith("Error: ") and "was not written by vaultkeeper" in lines[-1]
    assert (example / "agenda.md").read_text(encoding="utf-8") == "my own notes\n"


# --- leaving --------------------------------------------------------------------------------------


def _program() -> Path:
    program = Path(sys.executable).parent / "vaultkeeper"
    if not program.is_file():
        pytest.skip("vaultkeeper is not installed as a command beside this Python")
    return program


def test_the_installed_command_answers_and_exits_as_before(example: Path) -> None:
    """`run` leaves through `os._exit` (no teardown): the output is all there, whether the
    shortcut or click answered, and the exit codes are click's."""
    program = str(_program())
    vault = ["--vault", str(example), "--today", TODAY]
    for args, code in (
        (["agenda", "--stdout"], 0),
        (["show", "Grace Kim"], 0),
        (["list", "--json"], 0),
        (["touch", "Grace Kim", "--dry-run"], 0),
        (["show", "Nobody at all"], 1),
        (["agenda", "--no-such-option"], 2),
    ):
        ran = subprocess.run(
            [program, *vault, *args], capture_output=True, text=True, timeout=120, check=False
        )
        expected = run(*vault, *args)
        assert (ran.returncode, ran.stdout) == (code, expected.stdout), args


def test_main_itself_ends_with_system_exit(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in review: `main` called `os._exit`, so a profiler or coverage run of `python -m
    vaultkeeper`, or a caller catching `SystemExit`, lost everything it kept for the end."""
    from vaultkeeper import shortcut

    run("--vault", str(example), "--today", TODAY, "agenda")  # kept: the shortcut answers
    monkeypatch.setattr(sys, "argv", ["vaultkeeper", "--vault", str(example), "agenda"])
    with pytest.raises(SystemExit) as stopped:
        shortcut.main()
    assert stopped.value.code == 0
    assert "agenda.md" in capsys.readouterr().out


def test_leaving_waits_for_a_thread_still_running() -> None:
    """Found in review: a SIGTERM during a pooled `index` left its workers running for good
    when the program left through `os._exit`; with a thread or worker still running, it
    leaves as Python always did (which stops and waits for them)."""
    import threading

    from vaultkeeper import shortcut

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as stopped:
            shortcut.leave(143)
    finally:
        stop.set()
        worker.join()
    assert stopped.value.code == 143


def test_a_link_or_a_bomb_where_the_agenda_is_kept_is_never_followed(
    example: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Found in review: the kept agenda was read with `marshal`, which takes a garbled length
    at its word (five bytes asked for 8 GiB), and through any link a synced vault may hold
    there (to a device that never ends, or a file of the user's, then written over)."""
    vault = ["--vault", str(example), "--today", TODAY, "agenda", "--stdout"]
    fresh = run(*vault).stdout
    kept = example / CACHE_DIR / outputs.KEPT_NAME
    victim = tmp_path_factory.mktemp("elsewhere") / "precious.txt"
    victim.write_text("mine", encoding="utf-8")
    for planted in (b"(\x00\x00\x00\x40", Path("/dev/zero"), victim):
        kept.unlink()
        if isinstance(planted, bytes):
            kept.write_bytes(planted)
        else:
            kept.symlink_to(planted)
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        assert answer(vault, {}, out) is None  # nothing kept to answer with
        assert run(*vault).stdout == fresh
        assert not kept.is_symlink()
        assert outputs.read_kept(str(example)) is not None  # kept again, as a file
    assert victim.read_text(encoding="utf-8") == "mine"


def test_an_agenda_json_cannot_hold_is_simply_not_kept(example: Path) -> None:
    """marshal kept any text; JSON cannot hold a lone surrogate (a name Python could not
    decode): such an agenda is not kept, and making it does not fail."""
    kept = outputs.Kept(b"s", ("agenda.md", (), None, ()), b"i", "\udcff", [])
    agenda_file._keep(example, kept)
    assert outputs.read_kept(str(example)) is None
    assert list((example / CACHE_DIR).glob("*.tmp")) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (0, True),
        (0, "2"),
        (2, ["agenda.md", [], 5, []]),
        (2, ["agenda.md", "people", None, []]),
        (2, ["agenda.md", [], None, [1]]),
        (2, [None, [], None, []]),
        (5, [1, 2]),
        (5, "abc"),
        (6, [["k", "text"]]),
        (6, {"k": 1}),
        (6, None),
    ],
    ids=repr,
)
def test_a_kept_agenda_of_the_wrong_shape_is_made_again(
    example: Path, field: int, value: object
) -> None:
    """Found in review: a kept agenda that is JSON but not of the shape written (one synced
    from elsewhere passes the settings' digest) crashed in the walk or the line it prints."""
    import json

    vault = ["--vault", str(example), "--today", TODAY, "agenda"]
    run(*vault)
    fresh = run(*vault).stdout  # "Unchanged: ...", from the kept agenda
    kept = example / CACHE_DIR / outputs.KEPT_NAME
    line, _, text = kept.read_bytes().partition(b"\n")  # the walk's line, then JSON
    values = json.loads(text)
    values[field] = value
    kept.write_bytes(line + b"\n" + json.dumps(values).encode())
    assert outputs.read_kept(str(example)) is None
    assert run(*vault).stdout == fresh


@pytest.mark.parametrize(
    "args", [["list", "--json"], ["agenda", "--stdout"], ["show", "Grace Kim"], ["index"]]
)
def test_a_cache_folder_that_is_a_symlink_loop_is_said_and_worked_around(
    example: Path, make_vault: MakeVault, args: list[str]
) -> None:
    """Found in review: `.vaultkeeper` linking to itself raised a RuntimeError traceback
    (Python 3.11's `resolve` on a loop). Now it is an index that cannot be saved."""
    fresh = make_vault(copy=EXAMPLE, name="fresh")
    shutil.rmtree(fresh / CACHE_DIR, ignore_errors=True)
    expected = run("--vault", str(fresh), "--today", TODAY, *args).stdout
    shutil.rmtree(example / CACHE_DIR, ignore_errors=True)
    (example / CACHE_DIR).symlink_to(CACHE_DIR)
    done = subprocess.run(
        [sys.executable, "-m", "vaultkeeper", "--vault", str(example), "--today", TODAY, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    said, expected = done.stdout.replace(str(example), "V"), expected.replace(str(fresh), "V")
    if args == ["index"]:  # which says why it read everything
        said, expected = said.split(" Rebuilt:")[0], expected.split(" Rebuilt:")[0]
    assert said == expected
    assert "Traceback" not in done.stderr
    assert done.stderr.count("Too many levels of symbolic links") == 1


# --- modules imported for a rare use, loaded only when read ---------------------------------------

_DEFERRED = '''import sys
from vaultkeeper.program import defer_imports
defer_imports()
import dataclasses, pathlib, urllib.parse

@dataclasses.dataclass(frozen=True)
class Documented:
    """Says what it is."""
    x: int

print("ast" in sys.modules, [type(sys.modules[m]).__name__ for m in ("inspect", "ipaddress")])

@dataclasses.dataclass
class Bare:
    x: int

import inspect
from inspect import cleandoc
print(Bare.__doc__, type(sys.modules["inspect"]).__name__, cleandoc("  a\\n  b"))
print(inspect.signature(Documented), inspect.isclass(Bare))
import importlib.util
print(importlib.util.find_spec("ipaddress").name, type(sys.modules["ipaddress"]).__name__)
urllib.parse.ipaddress.marker = "set"  # the first use: loads it
print(sys.modules["ipaddress"].marker, type(sys.modules["ipaddress"]).__name__)
print(urllib.parse.urlsplit("http://[::1]:80/").hostname, urllib.parse.ipaddress.marker)
sys.modules["ipaddress"].marker = "changed"  # the holder of the stand-in sees it
print(urllib.parse.ipaddress.marker, "ip_address" in dir(urllib.parse.ipaddress))
'''

_MAIN = """import sys
from vaultkeeper import shortcut
sys.argv = ["vaultkeeper", *sys.argv[1:]]
try:
    shortcut.main()
except SystemExit as stopped:
    print(stopped.code, "ast" in sys.modules, file=sys.stderr)
"""


def test_modules_imported_for_a_rare_use_load_when_first_read() -> None:
    """`dataclasses` and `urllib.parse` (through `pathlib`) import `inspect` and `ipaddress`
    without reading from them; the first read (a class without a docstring, an attribute, a
    `from` import, a bracketed host) loads the real module, whoever holds the stand-in finds
    its every name, and a name set through the stand-in is set on the real module too."""
    ran = subprocess.run(
        [sys.executable, "-c", _DEFERRED], capture_output=True, text=True, timeout=60, check=True
    )
    assert ran.stdout == (
        "False ['_Deferred', '_Deferred']\n"
        "Bare(x: int) module a\nb\n"
        "(x: int) -> None True\n"
        "ipaddress _Deferred\n"
        "set module\n"
        "::1 set\n"
        "changed True\n"
    )


_RACE = """import sys, threading
from vaultkeeper.program import defer_imports
defer_imports()
import dataclasses
sys.setswitchinterval(1e-6)
stand_in, gate, failed = sys.modules["inspect"], threading.Barrier(8), []
def use():
    gate.wait()
    try:
        stand_in.cleandoc("  x")
    except Exception as exc:
        failed.append(repr(exc))
threads = [threading.Thread(target=use) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(failed, type(sys.modules["inspect"]).__name__, sys.modules["inspect"] is dataclasses.inspect)
"""


def test_threads_first_using_a_deferred_module_at_once_all_get_it() -> None:
    """Found in review: two threads loading a stand-in at once could both remove it from
    `sys.modules`, one with a KeyError, or remove the real module the other had just put
    there. One loads it now; the others wait for it."""
    for _ in range(10):
        ran = subprocess.run(
            [sys.executable, "-c", _RACE], capture_output=True, text=True, timeout=60, check=True
        )
        assert ran.stdout == "[] module False\n"


def test_the_short_commands_never_load_inspect(example: Path) -> None:
    """Every class of ours has a docstring, so `inspect` (and `ast`, `dis`, `tokenize`) is
    not loaded by an agenda after an edit (rendered anew or not), `show`, `list` or `touch`;
    the command line reads from it, loads it, and answers as before."""
    vault = ["--vault", str(example), "--today", TODAY]
    run(*vault, "agenda")
    zoe = example / "people" / "Zoe Quinn.md"
    saves = iter(["Met at a meetup.\n", "Met at a meetup.\n\n"])
    for save, args, loaded in (
        (True, ["agenda", "--stdout"], False),  # Zoe is new: rendered, without Jinja
        (True, ["agenda", "--stdout"], False),  # a blank line more: the kept texts again
        (False, ["show", "Grace Kim"], False),
        (False, ["list", "--json"], False),
        (False, ["touch", "Grace Kim", "--via", "email"], False),
        (False, ["list", "--segment", "ally"], True),  # the command line
    ):
        if save:
            write(zoe, "---\nsegment: ally\n---\n" + next(saves))
        ran = subprocess.run(
            [sys.executable, "-c", _MAIN, *vault, *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert ran.stderr.splitlines()[-1] == f"0 {loaded}", args
        if args[0] != "touch":  # logged once
            assert ran.stdout == run(*vault, *args).stdout, args
