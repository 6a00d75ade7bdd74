"""The read commands through click's CliRunner: output, JSON shapes and exit codes, and what
they say about the index behind them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from support import SMALL_AGENDA, MakeVault, load, run

from vaultkeeper import outputs
from vaultkeeper.cli import cli
from vaultkeeper.config import load_settings
from vaultkeeper.schedule import schedule
from vaultkeeper.store import cache_path
from vaultkeeper.vault import load_vault
from vaultkeeper.views import contact_detail

TODAY = "2026-11-18"


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output
    assert run("--help").exit_code == 0


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("vaultkeeper, version ")


def test_agenda_writes_once_then_leaves_the_file_alone(vault: Path) -> None:
    result = run("--vault", str(vault), "--today", TODAY, "agenda")
    assert result.exit_code == 0
    assert result.output.startswith("Wrote ")
    expected = SMALL_AGENDA.read_text(encoding="utf-8")
    assert (vault / "agenda.md").read_text(encoding="utf-8") == expected
    again = run("--vault", str(vault), "--today", TODAY, "agenda")
    assert again.output.startswith("Unchanged: ")


def test_agenda_stdout_and_out(vault: Path, tmp_path: Path) -> None:
    result = run("--vault", str(vault), "--today", TODAY, "agenda", "--stdout")
    assert result.exit_code == 0
    assert result.output == SMALL_AGENDA.read_text(encoding="utf-8")
    assert not (vault / "agenda.md").exists()
    out = tmp_path / "elsewhere.md"
    assert run("--vault", str(vault), "--today", TODAY, "agenda", "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.output


def test_today_from_the_environment(vault: Path) -> None:
    result = run("--vault", str(vault), "agenda", "--stdout", env={"VAULTKEEPER_TODAY": TODAY})
    assert result.output.startswith("# Week of 16 Nov 2026\n")


def test_vault_from_the_environment_and_from_a_parent_folder(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("--today", TODAY, "list", "--json", env={"VAULTKEEPER_VAULT": str(vault)})
    assert len(json.loads(result.stdout)) == 8
    (vault / "vaultkeeper.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(vault / "people")
    monkeypatch.delenv("VAULTKEEPER_VAULT", raising=False)
    result = run("--today", TODAY, "list", "--json")
    assert len(json.loads(result.stdout)) == 8


def test_list_json_shape(vault: Path) -> None:
    result = run("--vault", str(vault), "--today", TODAY, "list", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    olive = next(item for item in data if item["name"] == "Olive Overdue")
    assert olive == {
        "name": "Olive Overdue",
        "path": "people/Olive Overdue.md",
        "segment": "peer",
        "tags": ["pricing", "b2b-saas"],
        "last_touch": "2026-08-01",
        "due_on": "2026-09-12",
        "overdue_after": "2026-10-10",
        "status": "overdue",
        "next_touch": None,
        "cadence": "6-10w",
        "channel": "email",
        "company": None,
        "role": None,
        "aliases": [],
    }
    ned = next(item for item in data if item["name"] == "Ned New")
    assert (ned["last_touch"], ned["due_on"], ned["status"]) == (None, None, "due")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--overdue"], ["Carla Montes", "Olive Overdue"]),
        (["--due"], ["Carla Montes", "Dan Due", "Ned New", "Olive Overdue"]),
        (["--segment", "allies"], ["Carla Montes", "Ned New"]),
        (
            ["--segment", "peer", "--segment", "mentor"],
            ["Dan Due", "Fay Fine", "Olive Overdue", "Sid Snoozed"],
        ),
        (["--tag", "#Pricing"], ["Olive Overdue"]),
        (["--tag", "pricing", "--tag", "climate"], []),
    ],
)
def test_list_filters(vault: Path, args: list[str], names: list[str]) -> None:
    result = run("--vault", str(vault), "--today", TODAY, "list", "--json", *args)
    assert sorted(item["name"] for item in json.loads(result.stdout)) == names


def test_list_nested_tags(vault: Path) -> None:
    note = vault / "people" / "Eve Event.md"
    note.write_text("---\nsegment: peer\ntags: [event/saastr-2026]\n---\n", encoding="utf-8")
    result = run("--vault", str(vault), "--today", TODAY, "list", "--json", "--tag", "event")
    assert [item["name"] for item in json.loads(result.stdout)] == ["Eve Event"]


def test_list_table(vault: Path) -> None:
    result = run("--vault", str(vault), "--today", TODAY, "list", "--overdue")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Name", "Segment", "Status", "Due", "Last", "touch", "Tags"]
    assert lines[2].split()[:5] == ["Carla", "Montes", "ally", "overdue", "6d"]
    assert result.stderr == UNREAD  # the note left out, with why
    nothing = run("--vault", str(vault), "--today", TODAY, "list", "--tag", "nothing")
    assert (nothing.stdout, nothing.stderr) == ("No contacts match.\n", UNREAD)
    (vault / "people" / "Broken.md").unlink()
    fixed = run("--vault", str(vault), "--today", TODAY, "list", "--json")
    assert fixed.stderr == ""
    assert len(json.loads(fixed.stdout)) == 8


@pytest.mark.parametrize("as_json", [False, True])
def test_a_list_without_an_index_names_the_unread_notes_too(vault: Path, as_json: bool) -> None:
    """With an index that cannot be saved, `list` loads the vault and says the same."""
    args = ["--vault", str(vault), "--today", TODAY, "list", *(["--json"] if as_json else [])]
    indexed = run(*args)
    cache = cache_path(vault).parent
    for item in cache.iterdir():
        item.unlink()
    cache.rmdir()
    cache.write_text("not a folder", encoding="utf-8")
    loaded = run(*args)
    assert loaded.stdout == indexed.stdout
    assert indexed.stderr == UNREAD
    assert loaded.stderr.endswith(UNREAD) and loaded.stderr != UNREAD  # and the index's note


def test_two_unread_notes_are_said_in_the_plural(vault: Path) -> None:
    (vault / "people" / "Zed.md").write_bytes(b"---\nsegment: peer\n---\nCaf\xe9\n")
    result = run("--vault", str(vault), "--today", TODAY, "list")
    assert result.stderr.splitlines() == [
        "2 notes could not be read, so anyone in them is missing from this list:",
        UNREAD.splitlines()[1],
        "  people/Zed.md: the file is not UTF-8 text (byte 25 is 0xe9); save it as UTF-8",
    ]


@pytest.mark.parametrize(
    "args", [["list"], ["list", "--json"], ["list", "--segment", "peer"], ["export", "csv"]]
)
def test_a_stderr_that_cannot_be_written_costs_the_notes_not_the_answer(
    vault: Path, args: list[str]
) -> None:
    """Found in review: with stderr on a full disk (or a descriptor open read-only), the
    unread notes' lines made `list` print nothing and exit 1, and the exports exit 1."""
    command = [sys.executable, "-m", "vaultkeeper", "--vault", str(vault), "--today", TODAY]
    said = subprocess.run([*command, *args], capture_output=True, check=True)
    assert said.stderr.startswith(b"1 note could not be read")
    with open("/dev/full", "w") as full:
        done = subprocess.run([*command, *args], stdout=subprocess.PIPE, stderr=full)
    assert (done.returncode, done.stdout) == (0, said.stdout)


UNREAD = (
    "1 note could not be read, so anyone in it is missing from this list:\n"
    "  people/Broken.md: invalid YAML on line 4: did not find expected ',' or ']' "
    "(in a [ ] list that starts on line 3)\n"
)


def test_list_unknown_segment_is_an_error(vault: Path) -> None:
    result = run("--vault", str(vault), "list", "--segment", "investor")
    assert result.exit_code == 2
    assert "Usage: vaultkeeper list" in result.output
    assert "unknown segment 'investor'" in result.output


def test_show_resolves_names(vault: Path) -> None:
    for name in [
        "Carla Close",
        "carla montes",
        "CARLA",
        "carla c",
        "Carla Close.md",
        "people/Carla Close",
    ]:
        result = run("--vault", str(vault), "--today", TODAY, "show", name, "--json")
        assert result.exit_code == 0, (name, result.output)
        assert json.loads(result.stdout)["name"] == "Carla Montes"


def test_show_ignores_accents(vault: Path) -> None:
    (vault / "people" / "Tomás Rivera.md").write_text("---\nsegment: peer\n---\n", encoding="utf-8")
    result = run("--vault", str(vault), "show", "tomas", "--json")
    assert json.loads(result.stdout)["name"] == "Tomás Rivera"


def test_show_json_has_promises_reminders_and_log(vault: Path) -> None:
    data = json.loads(run("--vault", str(vault), "--today", TODAY, "show", "rita", "--json").output)
    assert data["reminders"] == [
        {"date": "2026-11-19", "note": "Ask how the launch went", "done": None, "open": True},
        {"date": "2027-02-01", "note": "Not this week", "done": None, "open": True},
    ]
    data = json.loads(
        run("--vault", str(vault), "--today", TODAY, "show", "olive", "--json").output
    )
    assert data["promises"] == [
        {"what": "Send the pricing deck", "due": "2026-11-10", "done": None, "open": True}
    ]
    assert data["log"] == [
        {
            "date": "2026-08-01",
            "via": "coffee",
            "note": "asked about their agency shortlist",
            "kinds": ["ask"],
        }
    ]


def test_show_text(vault: Path) -> None:
    result = run("--vault", str(vault), "--today", TODAY, "show", "Olive")
    assert result.output.splitlines()[:6] == [
        "Olive Overdue (peer, every 6-10 weeks)",
        "prefers email",
        "Tags: pricing, b2b-saas",
        "Status: overdue 39d, due on 2026-09-12",
        "Last touch: 2026-08-01",
        "File: people/Olive Overdue.md",
    ]


def test_show_ambiguous_and_unknown_names(vault: Path) -> None:
    (vault / "people" / "Sam Seed.md").write_text("---\nsegment: peer\n---\n", encoding="utf-8")
    ambiguous = run("--vault", str(vault), "show", "s")
    assert ambiguous.exit_code == 1
    assert "'s' matches several contacts" in ambiguous.output
    assert "Sid Snoozed (people/Sid Snoozed.md)" in ambiguous.output
    unknown = run("--vault", str(vault), "show", "Olvie Overdue")
    assert unknown.exit_code == 1
    assert (
        unknown.output == "Error: no contact matches 'Olvie Overdue'; did you mean Olive Overdue?\n"
    )


def test_index_summary_and_problems(vault: Path) -> None:
    result = run("--vault", str(vault), "index")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "Read 10 notes: 8 contacts (2 ally, 3 peer, 1 mentor, 1 aspirational, 1 not sorted), "
        "1 daily note."
    )
    assert "1 note needs a look:" in result.output
    assert "people/Broken.md: invalid YAML on line 4" in result.output


def test_a_deeply_nested_note_is_one_problem_line(vault: Path) -> None:
    """Before, `x: [[[[...]]]]` a few thousand levels deep stopped `index` with a traceback."""
    deep = "---\nsegment: peer\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n"
    (vault / "people" / "Deep.md").write_text(deep, encoding="utf-8")
    result = run("--vault", str(vault), "index")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("Read 11 notes: 8 contacts")
    assert (
        "  people/Deep.md: the front matter nests lists or mappings more than 100 levels deep "
        "(line 3); vaultkeeper does not read it"
    ) in result.output.splitlines()
    agenda = run("--vault", str(vault), "--today", TODAY, "agenda", "--stdout")
    assert agenda.exit_code == 0
    assert "`people/Deep.md`: the front matter nests" in agenda.output


def test_init_creates_a_working_vault(tmp_path: Path) -> None:
    target = tmp_path / "new-vault"
    result = run("init", str(target))
    assert result.exit_code == 0
    assert (target / "vaultkeeper.toml").is_file()
    assert (target / ".vaultkeeper" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (target / "people" / "Sam Example.md").is_file()
    listed = json.loads(run("--vault", str(target), "list", "--json").stdout)
    assert [item["name"] for item in listed] == ["Sam Example"]
    again = run("init", str(target))
    assert again.exit_code == 1
    assert "already a vault" in again.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--vault", "/no/such/folder", "list"],
            1,
            "Error: vault folder /no/such/folder does not exist\n",
        ),
        (["--today", "2026-02-30", "list"], 2, "'2026-02-30' is not a date; use YYYY-MM-DD"),
        (["list", "--bogus"], 2, "No such option '--bogus'"),
        (["nonsense"], 2, "No such command 'nonsense'"),
    ],
)
def test_usage_and_user_errors(args: list[str], code: int, message: str) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert message in result.output


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[agenda\n", "vaultkeeper.toml: "),
        ("[agenda]\nweek_start = 'someday'\n", "agenda.week_start must be a weekday name"),
        ("[agenda]\ntouchpoints = 'two'\n", "agenda.touchpoints must be a whole number, not 'two'"),
        ("[vault]\nignore = 'templates'\n", "vault.ignore must be a list"),
        ("[segments.ally]\ncadence = 'often'\n", "segments.ally.cadence: 'often' is not a cadence"),
        ("[segments.investor]\nlabel = 'VC'\n", "segments.investor.cadence is required"),
        ("[agenda]\npath = '../outside.md'\n", "agenda.path must be a path inside the vault"),
        ("[agenda]\ncolour = 'blue'\n", "unknown setting agenda.colour"),
    ],
)
def test_bad_config_is_one_clear_line(vault: Path, config: str, message: str) -> None:
    (vault / "vaultkeeper.toml").write_text(config, encoding="utf-8")
    result = run("--vault", str(vault), "agenda", "--stdout")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_nasty_vault_never_tracebacks(vault: Path) -> None:
    people = vault / "people"
    (people / "bom-crlf.md").write_bytes(
        "\ufeff---\r\nsegment: peer\r\nlast_touch: 2026-11-01\r\n---\r\n".encode()
    )
    (people / "latin1.md").write_bytes(b"---\nsegment: peer\nname: Jos\xe9\n---\n")
    (people / "empty.md").write_bytes(b"")
    (people / "bad-date.md").write_text("---\nsegment: peer\nlast_touch: 2026-02-30\n---\n")
    (people / "alias.md").write_text("---\nsegment: &a peer\nx: *a\n---\n")
    (people / "list.md").write_text("---\n- segment\n---\n")
    (people / "huge.md").write_bytes(b"---\nsegment: peer\n---\n" + b"x" * 5_000_000)
    (people / "number-tags.md").write_text("---\nsegment: peer\ntags: 7\n---\n")
    (people / "undefined.md").write_text("---\nsegment: board\n---\n")
    result = run("--vault", str(vault), "--today", TODAY, "agenda", "--stdout")
    assert result.exit_code == 0
    section = result.output.split("## Notes that need a look\n")[1]
    flagged = [line.split("`")[1] for line in section.splitlines() if line.startswith("- `")]
    assert flagged == [
        "people/Broken.md",
        "people/alias.md",
        "people/bad-date.md",
        "people/empty.md",
        "people/huge.md",
        "people/latin1.md",
        "people/list.md",
        "people/number-tags.md",
        "people/undefined.md",
    ]
    listed = run("--vault", str(vault), "--today", TODAY, "list", "--json").stdout
    bom = next(item for item in json.loads(listed) if item["name"] == "bom-crlf")
    assert (bom["segment"], bom["last_touch"]) == ("peer", "2026-11-01")


# --- the index behind every command ---------------------------------------------------------------


def test_index_command_prints_no_progress_bar_when_not_a_terminal(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkeeper import cli as cli_module

    monkeypatch.setattr(cli_module._ProgressBar, "SHOW_FROM", 1)
    result = run("--vault", str(vault), "index")
    assert result.exit_code == 0
    assert "Reading notes" not in result.output and "%" not in result.output
    assert result.output.splitlines()[-1].startswith("Index: 0 notes from the cache, ")
    again = run("--vault", str(vault), "index")
    assert again.output.splitlines()[-1].endswith(" notes from the cache, 0 read.")


def test_commands_print_the_cache_note_on_stderr(vault: Path) -> None:
    load(vault)
    cache_path(vault).write_bytes(b"garbage" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{cache_path(vault)}{suffix}").unlink(missing_ok=True)
    result = run("--vault", str(vault), "--today", TODAY, "agenda", "--stdout")
    assert result.exit_code == 0
    assert "could not be read" in result.stderr
    assert "could not be read" not in result.stdout


# --- the agenda file is vaultkeeper's only when vaultkeeper wrote it ------------------------------


def test_an_agenda_path_holding_a_note_is_refused_and_the_note_kept(make_vault: MakeVault) -> None:
    """Before, `agenda` replaced whatever the agenda path named without a word."""
    note = "---\nsegment: peer\n---\nA contact called Agenda, made by hand.\n"
    root = make_vault({"agenda.md": note, "Jordan.md": "---\nsegment: peer\n---\n"})
    result = run("--vault", str(root), "--today", TODAY, "agenda")
    assert result.exit_code == 1
    assert "was not written by vaultkeeper" in result.output
    assert "set [agenda] path in vaultkeeper.toml to another file" in result.output
    assert (root / "agenda.md").read_text(encoding="utf-8") == note


def test_an_agenda_path_pointed_at_a_contact_is_refused(make_vault: MakeVault) -> None:
    jordan = "---\nsegment: peer\n---\nJordan.\n"
    root = make_vault({"vaultkeeper.toml": '[agenda]\npath = "Jordan.md"\n', "Jordan.md": jordan})
    result = run("--vault", str(root), "--today", TODAY, "agenda")
    assert result.exit_code == 1
    assert (root / "Jordan.md").read_text(encoding="utf-8") == jordan
    config = '[agenda]\npath = "vaultkeeper.toml"\n'
    (root / "vaultkeeper.toml").write_text(config, encoding="utf-8")
    result = run("--vault", str(root), "--today", TODAY, "agenda")
    assert result.exit_code == 1
    assert "agenda.path must name a .md file, not 'vaultkeeper.toml'" in result.output
    assert (root / "vaultkeeper.toml").read_text(encoding="utf-8") == config


def test_agenda_out_never_overwrites_someone_elses_file(vault: Path, tmp_path: Path) -> None:
    mine = tmp_path / "notes.md"
    mine.write_text("My own notes.\n", encoding="utf-8")
    result = run("--vault", str(vault), "--today", TODAY, "agenda", "--out", str(mine))
    assert result.exit_code == 1
    assert mine.read_text(encoding="utf-8") == "My own notes.\n"


def test_an_agenda_from_a_template_without_the_footer_is_still_known(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            "vaultkeeper.toml": '[agenda]\ntemplate = "my.md.j2"\n',
            "my.md.j2": "{{ agenda.title }}\n",
            "Jordan.md": "---\nsegment: peer\n---\n",
        }
    )
    for today in ("2026-11-18", "2026-11-25"):
        assert run("--vault", str(root), "--today", today, "agenda").exit_code == 0
    assert (root / "agenda.md").read_text(encoding="utf-8") == (
        "Week of 23 Nov 2026\n\n"
        "<!-- Written by vaultkeeper: edit your contact notes, not this file. -->\n"
    )


# --- dates at the edges of the calendar ------------------------------------------------------


EDGE_NOTES = {
    "Far.md": (
        "---\nsegment: aspirational\nlast_touch: 9999-12-30\nnext_touch: 0001-01-01\n"
        "reminders:\n  - date: 9999-12-31\n    note: far\n---\n"
    ),
    "Snoozed.md": "---\nsegment: peer\nlast_touch: 2026-11-01\nnext_touch: 9999-12-31\n---\n",
}


@pytest.mark.parametrize("today", ["2026-11-18", "9999-12-31", "9999-12-27", "0001-01-01"])
@pytest.mark.parametrize(
    "command", [("agenda", "--stdout"), ("list", "--json"), ("show", "far"), ("index",)]
)
def test_dates_at_the_edges_of_the_calendar_never_stop_a_command(
    make_vault: MakeVault, today: str, command: tuple[str, ...]
) -> None:
    """Before, a next_touch of 9999-12-31 (which `snooze` accepted) made agenda, list and show
    crash for the whole vault; so did --today 9999-12-31."""
    root = make_vault(EDGE_NOTES)
    result = run("--vault", str(root), "--today", today, *command)
    assert result.exit_code == 0, result.output


def test_the_last_week_of_the_calendar_ends_on_its_last_day(make_vault: MakeVault) -> None:
    root = make_vault(EDGE_NOTES)
    text = run("--vault", str(root), "--today", "9999-12-31", "agenda", "--stdout").output
    assert text.startswith("# Week of 27 Dec 9999\n")
    assert "- Fri 31 Dec · [[Far]]: far\n" in text


def test_a_file_name_that_is_not_utf8_is_a_problem_for_that_file(vault: Path) -> None:
    """Before, one note unpacked from an old Latin-1 zip made agenda, list, touch, new and index
    crash with a UnicodeEncodeError."""
    with open(os.fsencode(vault / "people") + b"/Ren\xe9.md", "wb") as handle:
        handle.write(b"---\nsegment: peer\n---\nA Latin-1 name.\n")
    line = "people/Ren\ufffd.md: the file name is not UTF-8 text; rename the file"
    for _ in range(2):  # from an empty index, then from the index
        result = run("--vault", str(vault), "--today", TODAY, "index")
        assert result.exit_code == 0
        assert f"  {line}" in result.output
    agenda = run("--vault", str(vault), "--today", TODAY, "agenda", "--stdout")
    assert "- `people/Ren\ufffd.md`: the file name is not UTF-8 text" in agenda.output
    assert run("--vault", str(vault), "--today", TODAY, "list", "--json").exit_code == 0
    touched = run("--vault", str(vault), "--today", TODAY, "touch", "ren")
    assert touched.exit_code == 1
    assert touched.output.startswith("Error: people/Ren\ufffd.md cannot be read: the file name")
    created = run("--vault", str(vault), "--today", TODAY, "new", "René", "--segment", "peer")
    assert created.exit_code == 0, created.output


def test_show_reads_one_note_and_says_what_a_full_load_says(big_vault: Path) -> None:
    """`show` resolves the name in the directory and reads only that note; every contact of
    the vault shows as it does when the whole vault is loaded (daily-note mentions included)."""
    vault = load_vault(big_vault, load_settings(big_vault))
    settings = load_settings(big_vault)
    today = date(2026, 11, 18)
    assert any(contact.mentions for contact in vault.contacts)
    for contact in vault.contacts:
        if len([c for c in vault.contacts if c.name == contact.name]) > 1:
            continue  # a name two notes share is ambiguous to type
        result = run(
            "--vault", str(big_vault), "--today", "2026-11-18", "show", contact.path, "--json"
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == contact_detail(
            contact, schedule(contact, today, settings)
        )


def test_an_agenda_an_earlier_version_wrote_without_the_footer_is_still_known(
    make_vault: MakeVault,
) -> None:
    """Found in review: after an upgrade, an agenda.md written from a template without the
    footer was refused for good. The index remembers the last agenda it computed."""
    root = make_vault(
        {
            "vaultkeeper.toml": '[agenda]\ntemplate = "my.md.j2"\n',
            "my.md.j2": "{{ agenda.title }}\n",
            "Jordan.md": "---\nsegment: peer\n---\n",
        }
    )
    earlier = "Week of 16 Nov 2026\n"  # what an earlier version wrote, and kept in the index
    (root / "agenda.md").write_text(earlier, encoding="utf-8")
    recipe = ("agenda.md", (), "my.md.j2", ("resources.md",))
    (root / ".vaultkeeper").mkdir()
    kept = outputs.packed(outputs.Kept(b"", recipe, b"", earlier, []))
    (root / ".vaultkeeper" / outputs.KEPT_NAME).write_bytes(kept)
    result = run("--vault", str(root), "--today", "2026-11-25", "agenda")
    assert result.exit_code == 0, result.output
    assert (root / "agenda.md").read_text(encoding="utf-8").startswith("Week of 23 Nov 2026\n")


def test_each_command_module_defines_the_commands_the_group_expects_of_it() -> None:
    """The group loads `cli_*` modules only when one of their commands runs (`ELSEWHERE`):
    each defines exactly the commands named there, and help lists every command."""
    import importlib

    from vaultkeeper.cli import ELSEWHERE

    for module, names in ELSEWHERE.items():
        commands = importlib.import_module(f"vaultkeeper.{module}").COMMANDS
        assert tuple(command.name for command in commands) == names, module
    listed = run("--help").output.split("Commands:")[1]
    shown = [line.split()[0] for line in listed.strip().splitlines()]
    everywhere = {name for names in ELSEWHERE.values() for name in names}
    assert shown == sorted(shown) and everywhere < set(shown)


def test_a_command_loads_only_its_own_module() -> None:
    probe = (
        "import sys\n"
        "from vaultkeeper.cli import cli\n"
        "try:\n"
        "    cli(['touch', '--help'], prog_name='vaultkeeper')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('vaultkeeper.cli_')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "['vaultkeeper.cli_write']"


@pytest.mark.parametrize(("typed", "meant"), [("touc", "touch"), ("reviw", "review")])
def test_a_mistyped_command_is_told_what_was_meant(typed: str, meant: str) -> None:
    """Found in review: with the command modules loaded lazily, click's "Did you mean" saw
    only the commands of cli.py (a new process: in this one, earlier tests loaded them)."""
    done = subprocess.run(
        [sys.executable, "-m", "vaultkeeper", typed], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert f"No such command '{typed}'. Did you mean '{meant}'?" in done.stderr
