"""An agenda whose inputs did not change is not built again (`shortlist.inputs_key`): after any
edit, the agenda printed is the one a fresh vault prints; an edit that leaves what it is made
from as it was is answered with the last agenda's text, and one that changes it is built."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from support import MakeVault, run, write
from test_kept_renders import EDITS, _a_sentence, _contacts, _fresh
from test_shortlist import START, _vault

from vaultkeeper import shortlist, templates
from vaultkeeper.config import load_settings
from vaultkeeper.resources import read_resources
from vaultkeeper.walk import iter_notes


def _rename(root: Path, rng: random.Random, today: date) -> None:
    note = rng.choice(_contacts(root))
    note.rename(note.with_name(f"Renamed {rng.randrange(1000)}.md"))


def _delete(root: Path, rng: random.Random, today: date) -> None:
    rng.choice(_contacts(root)).unlink()


def _a_blank_line(root: Path, rng: random.Random, today: date) -> None:
    note = rng.choice(_contacts(root))
    write(note, note.read_text(encoding="utf-8") + "\n")


MORE_EDITS = [*EDITS, _rename, _delete, _a_blank_line, _a_blank_line]


class Builds:
    """Counts the agendas `shortlist.built` builds and the texts Jinja renders (only a
    vault's own templates)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.built = self.rendered = 0
        real_built, real_rendered = shortlist.built, templates._rendered

        def built(*values: Any) -> Any:
            self.built += 1
            return real_built(*values)

        def rendered(*values: Any) -> str:
            self.rendered += 1
            return real_rendered(*values)

        monkeypatch.setattr(shortlist, "built", built)
        monkeypatch.setattr(templates, "_rendered", rendered)

    def clear(self) -> None:
        self.built = self.rendered = 0


def _edits(root: Path, seed: int, builds: Builds) -> tuple[int, int]:
    """Six random edits, each followed by an agenda that must be the fresh one: how many
    were answered with the last text, and how many agendas were built."""
    today = START + timedelta(days=seed * 37)
    while not shortlist.wanted(today, load_settings(root)):  # not a review week
        today += timedelta(days=7)
    args = ["--today", today.isoformat(), "agenda", "--stdout"]
    run("--vault", str(root), *args)  # the agenda kept, with the digest of its inputs
    rng = random.Random(seed)
    recalled = built = 0
    for step in range(6):
        rng.choice(MORE_EDITS)(root, rng, today)
        builds.clear()
        said = run("--vault", str(root), *args).stdout
        recalled += builds.built == 0
        built += builds.built
        assert said == _fresh(root, args, f"fresh-{seed}-{step}")
    return recalled, built


def test_an_agenda_not_built_again_is_the_fresh_one_after_any_edit(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds = Builds(monkeypatch)
    found = []
    for seed in range(10):
        root = _vault(lambda files, n=seed: make_vault(files, name=f"vault-{n}"), seed)
        found.append(_edits(root, seed, builds))
    assert all(sum(counts) for counts in found)
    assert sum(recalled for recalled, _ in found) and sum(built for _, built in found)


def test_a_save_that_changes_nothing_shown_is_answered_with_the_last_text(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(make_vault, 3)
    args = ["--vault", str(root), "--today", "2026-03-11", "agenda", "--stdout"]
    first = run(*args).stdout
    builds = Builds(monkeypatch)
    _a_sentence(root, random.Random(1), START)
    assert run(*args).stdout == first
    assert (builds.built, builds.rendered) == (0, 0)
    # An edit that changes one row builds the agenda again, rendered without Jinja.
    shown = root / "people" / "Shown.md"
    write(shown, "---\nsegment: ally\nlast_touch: 2025-01-02\n---\n")
    said = run(*args).stdout
    assert "[[Shown]]" in said and said != first
    assert builds.built == 1 and builds.rendered == 0
    assert said == _fresh(root, args[2:], "fresh")


def test_a_new_agenda_template_is_rendered_though_nothing_else_changed(
    make_vault: MakeVault,
) -> None:
    root = _vault(make_vault, 5)
    template = root / "agenda.j2"
    write(template, "Week of {{ agenda.week_start }}\n")
    settings = root / "vaultkeeper.toml"
    write(settings, settings.read_text(encoding="utf-8") + 'template = "agenda.j2"\n')
    args = ["--vault", str(root), "--today", "2026-03-11", "agenda", "--stdout"]
    assert run(*args).stdout.startswith("Week of 2026-03-09\n")
    write(template, "Starting {{ agenda.week_start }}\n", ago=10)
    assert run(*args).stdout.startswith("Starting 2026-03-09\n")


_KEY = """import sys
from datetime import date
from pathlib import Path
from vaultkeeper.config import load_settings
from vaultkeeper.resources import read_resources
from vaultkeeper.shortlist import shortlisted_agenda
from vaultkeeper.walk import iter_notes
root = Path(sys.argv[1])
settings = load_settings(root)
files = list(iter_notes(root, settings))
found = shortlisted_agenda(root, settings, date(2026, 3, 11), files, read_resources(root, settings))
print(found.key)
"""


def test_the_digest_of_the_inputs_is_the_same_in_every_process(make_vault: MakeVault) -> None:
    """Sets and dicts of text come out in another order under another hash seed: the digest
    must not depend on it, or no agenda would ever be found again."""
    root = _vault(make_vault, 7)
    settings = load_settings(root)
    found = shortlist.shortlisted_agenda(
        root,
        settings,
        date(2026, 3, 11),
        list(iter_notes(root, settings)),
        read_resources(root, settings),
    )
    assert found is not None and found.key.startswith("agenda ")
    keys = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", _KEY, str(root)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=120,
        )
        keys.add(done.stdout.strip())
    assert keys == {found.key}


def test_a_contact_counted_but_not_shown_changes_the_agenda(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the whole vault's counts change ("and N more"): the agenda is built again."""
    files = {
        f"people/Peer {i}.md": f"---\nsegment: peer\nlast_touch: 2025-0{i + 1}-01\n---\n"
        for i in range(4)
    }
    files["vaultkeeper.toml"] = "[agenda]\nmax_rows = 1\n"
    root = make_vault(files)
    args = ["--vault", str(root), "--today", "2026-03-11", "agenda", "--stdout"]
    first = run(*args).stdout
    builds = Builds(monkeypatch)
    write(root / "people" / "Peer 9.md", "---\nsegment: peer\nlast_touch: 2025-09-01\n---\n")
    said = run(*args).stdout
    assert builds.built == 1 and said != first and "Peer 9" not in said
    assert said == _fresh(root, args[2:], "fresh")
