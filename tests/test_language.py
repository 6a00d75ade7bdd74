"""Kind language: nothing vaultkeeper writes about people sounds like a ledger. Every text the
example vault gives, on the dates that show every section, is scanned for the seed's
scorekeeping words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import EXAMPLE, run

from vaultkeeper.config import load_settings
from vaultkeeper.vault import load_vault

BANNED = re.compile(r"\b(owe|owed|owes|debt|debts|score|scores|balance|ledger)\b|in return", re.I)
DAYS = ["2026-11-23", "2026-12-07", "2026-12-28", "2027-01-04", "2027-04-05"]
COMMANDS = [
    ["agenda", "--stdout"],
    ["list"],
    ["list", "--due"],
    ["index"],
    ["review", "month"],
    ["review", "quarter"],
    ["intros"],
    ["roundtable", "pricing"],
    ["roundtable", "hiring", "community"],
    ["match", "pricing"],
    ["match", "hiring", "--about", "interview loop for engineers"],
    ["match", "knitting"],
    ["sort", "Arjun", "peer", "--dry-run"],
    ["touch", "Aisha", "--dry-run"],
]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("language") / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".vaultkeeper"))
    return root


@pytest.mark.parametrize("day", DAYS)
def test_no_output_of_the_example_vault_keeps_score(example: Path, day: str) -> None:
    names = [c.name for c in load_vault(example, load_settings(example)).contacts]
    commands = [*COMMANDS, *(["show", name] for name in names)]
    seen = 0
    for args in commands:
        result = run("--vault", str(example), "--today", day, *args)
        assert result.exit_code in (0, 1), (args, result.output)
        found = BANNED.search(result.output)
        assert found is None, (args, found.group(0), result.output)
        seen += 1
    assert seen == len(COMMANDS) + len(names)
