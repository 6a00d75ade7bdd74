"""The pre-commit hook: `.pre-commit-hooks.yaml` as pre-commit reads it, and its entry run the
way pre-commit runs it, on the files staged in a real git repository (no pre-commit needed)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import HERE

HOOKS = HERE.parent / ".pre-commit-hooks.yaml"
SCRIPT = Path(sys.executable).parent / "vaultkeeper"

CONTACT = """\
---
segment: peer
tags: [pricing]
last_touch: 2026-11-20
---
Met at the pricing meetup. {extra}

## Log
- 2026-11-20 email: sent the pricing teardown #give
"""

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not SCRIPT.exists(), reason="needs git and the console script"
)


def test_the_hook_is_declared_as_pre_commit_expects() -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "vaultkeeper-lint"
    assert hook["entry"] == "vaultkeeper lint"
    assert hook["language"] == "python"
    assert hook["types"] == ["markdown"]


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)}
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _hook(repo: Path) -> subprocess.CompletedProcess[str]:
    """What pre-commit does: the entry, `--vault` set, then the staged Markdown files."""
    staged = _git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z")
    files = [name for name in staged.split("\0") if name.endswith(".md")]
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    program, *words = shlex.split(hook["entry"])
    assert program == "vaultkeeper"
    argv = [str(SCRIPT), "--vault", str(repo), *words, *files]
    env = {**os.environ, "VAULTKEEPER_TODAY": "2026-11-23"}
    return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, check=False)


def test_the_entry_lints_the_staged_notes_and_fails_the_commit(tmp_path: Path) -> None:
    repo = tmp_path / "notes"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "vaultkeeper.toml").write_text("")
    (repo / "README.md").write_text("Not a contact: she seems unhappy.\n")
    people = repo / "people"
    people.mkdir()
    (people / "Ana Lee.md").write_text(CONTACT.format(extra="Seems unhappy at Acme."))
    (people / "Ben Roy.md").write_text(CONTACT.format(extra=""))
    (people / "Cy Unstaged.md").write_text(CONTACT.format(extra="Apparently she is leaving."))
    _git(repo, "add", "README.md", "vaultkeeper.toml", "people/Ana Lee.md", "people/Ben Roy.md")

    failed = _hook(repo)
    assert failed.returncode == 1
    assert failed.stdout.splitlines() == [
        'people/Ana Lee.md:6:28: S1 "Seems": a guess about a person can outlive the truth; '
        "write what they said or did instead",
        "1 finding in 1 note",
    ]

    (people / "Ana Lee.md").write_text(CONTACT.format(extra="Said she wants a new role."))
    _git(repo, "add", "people/Ana Lee.md")
    passed = _hook(repo)
    assert (passed.returncode, passed.stdout) == (0, "No findings in 2 notes.\n")
