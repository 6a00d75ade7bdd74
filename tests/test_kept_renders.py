"""The renders kept with the agenda (`templates.remembering`): after any edit, the agenda
printed from a vault with its own agenda template and its kept renders is the one a fresh
vault prints, and renders that still fit are reused rather than rendered again by Jinja."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from support import MakeVault, run, write
from test_shortlist import NAMES, START, _vault

from vaultkeeper import templates
from vaultkeeper.scan import CACHE_DIR


def _contacts(root: Path) -> list[Path]:
    return sorted(p for folder in ("people", "work") for p in (root / folder).glob("*.md"))


def _append(path: Path, text: str) -> None:
    write(path, path.read_text(encoding="utf-8") + text)


def _log_a_touch(root: Path, rng: random.Random, today: date) -> None:
    day = today - timedelta(days=rng.randrange(0, 60))
    _append(rng.choice(_contacts(root)), f"- {day.isoformat()} coffee: caught up #give\n")


def _a_sentence(root: Path, rng: random.Random, today: date) -> None:
    _append(rng.choice(_contacts(root)), "\nThey moved to a new team.\n")


def _a_channel(root: Path, rng: random.Random, today: date) -> None:
    note = rng.choice(_contacts(root))
    text = note.read_text(encoding="utf-8")
    write(note, text.replace("---\n", f"---\nchannel: {rng.choice(['email', 'signal'])}\n", 1))


def _a_mention(root: Path, rng: random.Random, today: date) -> None:
    day = today - timedelta(days=rng.randrange(1, 30))
    write(root / "daily" / f"{day.isoformat()}.md", f"Lunch with [[{rng.choice(NAMES)} 3]].\n")


def _a_promise(root: Path, rng: random.Random, today: date) -> None:
    note = rng.choice(_contacts(root))
    due = (today + timedelta(days=rng.randrange(-5, 9))).isoformat()
    text = note.read_text(encoding="utf-8")
    write(note, text.replace("---\n", f"---\npromises: [{{what: a deck, due: {due}}}]\n", 1))


def _a_resource(root: Path, rng: random.Random, today: date) -> None:
    _append(root / "resources.md", "- [Hiring notes](https://example.com/h2) #hiring\n")


EDITS: list[Callable[[Path, random.Random, date], None]] = [
    _log_a_touch,
    _a_sentence,
    _a_channel,
    _a_mention,
    _a_promise,
    _a_resource,
]


def _fresh(root: Path, args: list[str], name: str) -> str:
    copy = root.parent / name
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(CACHE_DIR))
    return run("--vault", str(copy), *args).stdout


@pytest.mark.parametrize("seed", range(8))
def test_an_agenda_with_kept_renders_is_the_fresh_one_after_any_edit(
    make_vault: MakeVault, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(make_vault, seed)
    write(root / "mine.md.j2", templates.builtin_text("agenda.md.j2"))  # the shipped one's copy
    toml = root / "vaultkeeper.toml"
    write(toml, toml.read_text(encoding="utf-8") + 'template = "mine.md.j2"\n')
    today = START + timedelta(days=seed * 41)
    args = ["--today", today.isoformat(), "agenda", "--stdout"]
    run("--vault", str(root), *args)  # the agenda kept, with its renders
    rendered: list[str] = []
    real = templates._rendered

    def counted(*values: Any) -> str:
        rendered.append("once")
        return real(*values)

    monkeypatch.setattr(templates, "_rendered", counted)
    rng = random.Random(seed)
    reused = 0
    for step in range(5):
        rng.choice(EDITS)(root, rng, today)
        rendered.clear()
        said = run("--vault", str(root), *args).stdout
        kept_renders = len(rendered)
        rendered.clear()
        assert said == _fresh(root, args, f"fresh-{step}")
        reused += kept_renders < len(rendered)
    assert reused  # some edits left what the agenda shows, and its renders, as they were
