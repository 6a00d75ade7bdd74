"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result

from vaultkeeper import note
from vaultkeeper.agenda import build_agenda, render_agenda
from vaultkeeper.cli import cli
from vaultkeeper.config import Settings, load_settings
from vaultkeeper.contact import Contact, NoteRecord
from vaultkeeper.edit import engine
from vaultkeeper.edit import plans as planners
from vaultkeeper.index import IndexStats, load_indexed
from vaultkeeper.parse import contact_from_note
from vaultkeeper.resources import read_resources
from vaultkeeper.vault import Vault, load_vault, record_from_bytes

HERE = Path(__file__).parent
SMALL = HERE / "fixtures" / "small-vault"
SMALL_AGENDA = HERE / "fixtures" / "small-agenda.md"
EXAMPLE = HERE.parent / "example-vault"

MakeVault = Callable[..., Path]  # the `make_vault` fixture (conftest.py)

# --- files on disk --------------------------------------------------------------------------------


def write(path: Path, text: str | bytes, ago: float = 30) -> None:
    """Write a note (making its folders) saved `ago` seconds back: settled, so the index may
    cache it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    past = time.time() - ago
    os.utime(path, (past, past))


def age(root: Path, seconds: float = 60) -> None:
    """Give every note an mtime in the past, as a vault that was not just written has."""
    past = time.time() - seconds
    for path in root.rglob("*.md"):
        os.utime(path, (past, past))


# --- the command line -----------------------------------------------------------------------------


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """`vaultkeeper ARGS` through click's CliRunner; an exception that is not an exit fails."""
    return CliRunner().invoke(
        cli, list(args), env=env, catch_exceptions=False, prog_name="vaultkeeper"
    )


_PROBE = """import os, sys
from vaultkeeper import beside
from vaultkeeper.shortcut import answer
if not os.environ.get("PROBE_BESIDE"):  # what the path itself needs, nothing imported early
    beside._may_fork = lambda: False
code = answer(sys.argv[1:], os.environ, sys.stdout)
watched = ("click", "yaml", "jinja2", "sqlite3", "vaultkeeper.builtin_render")
print(code, sorted(m for m in watched if m in sys.modules),
      file=sys.stderr)
"""


def probe_shortcut(*args: str, beside: bool = False) -> subprocess.CompletedProcess[str]:
    """The shortcut alone in a real process (`vaultkeeper ARGS` before the command line would
    load): its output, and on stderr its exit code and which of click, yaml, jinja2, sqlite3
    and `builtin_render` (what renders the shipped templates) it imported. Unless `beside`,
    the vault is walked in the process itself, so that nothing is imported while a child
    walks (`beside.py`) and what the path needs shows."""
    env = {**os.environ, "PROBE_BESIDE": "1" if beside else ""}
    return subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120, env=env
    )


# --- reading notes --------------------------------------------------------------------------------

SETTINGS = Settings()

# A note that uses every key of the format.
FULL_NOTE = """\
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
    """What reading one note's text gives: its contact (if any) and its problems."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return record_from_bytes(path, data, settings)


def read(text: str | bytes, path: str = "people/Jordan Lee.md") -> Contact:
    """The contact a note's text makes; the note must have no problem that loses it."""
    result = record(text, path)
    assert result.contact is not None, result.problems
    return result.contact


# --- the index ------------------------------------------------------------------------------------

# A contact note to `.format(segment=..., tag=...)`.
CONTACT = """---
segment: {segment}
tags: [{tag}]
last_touch: 2026-10-01
---
Met at a meetup.

## Log
- 2026-10-01 email: said hello #give
"""


def load(
    root: Path, settings: Settings | None = None, **options: object
) -> tuple[Vault, IndexStats]:
    """`load_indexed` with its stats; the notes it reports are the notes in the stats."""
    notes: list[str] = []
    stats = IndexStats()
    vault = load_indexed(
        root,
        settings or load_settings(root),
        on_note=notes.append,
        stats=stats,
        **options,  # type: ignore[arg-type]
    )
    assert stats.notes == notes
    return vault, stats


# --- the agenda -----------------------------------------------------------------------------------


def render(root: Path, today: str, settings: Settings | None = None) -> str:
    """The agenda text for the vault at `root` on `today`."""
    settings = settings or load_settings(root)
    vault = load_vault(root, settings)
    resources = read_resources(root, settings)
    return render_agenda(
        build_agenda(vault, date.fromisoformat(today), resources=resources),
        root,
        settings.agenda_template,
    )


# --- editing --------------------------------------------------------------------------------------

TODAY = date(2026, 11, 20)
CONTEXT = engine.NoteContext(Settings())

# The note in the `note_path` fixture, as the edit tests find it.
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


def edit_note(path: Path, label: str, planner: engine.Planner, **kwargs: bool) -> engine.EditResult:
    """The engine with a vault's default settings and no daily-note mentions."""
    return engine.edit_note(path, label, planner, context=CONTEXT, **kwargs)


def touch(day: date = TODAY, **kwargs: object) -> engine.Planner:
    """The plan of `vaultkeeper touch` on TODAY, for a touch on `day`."""
    return planners.plan_touch(planners.TouchRequest(day, **kwargs), TODAY)  # type: ignore[arg-type]


def read_contact(path: Path) -> Contact:
    """The contact a note on disk reads as (without daily-note mentions)."""
    parsed = note.read_bytes(path.read_bytes())
    assert parsed.meta is not None
    return contact_from_note(path.name, parsed.meta, parsed.body, Settings())[0]


def leftovers(folder: Path) -> list[str]:
    """Temp files a write left behind."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
