"""The walk on another core (`beside.py`): the same stats and digest as a walk here, the
imports done meanwhile, and a walk here whenever the child cannot give them."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support import EXAMPLE, MakeVault, probe_shortcut, run, write

from vaultkeeper import beside, outputs
from vaultkeeper.beside import walk_beside
from vaultkeeper.outputs import stats_digest
from vaultkeeper.scan import scan

TODAY = "2026-11-25"
needs_fork = pytest.mark.skipif(
    not beside._may_fork(), reason="no fork, or a single core: the walk is always done here"
)


def _ignores(folder: str) -> bool:
    return folder.casefold() == "archive"


def _vault(root: Path) -> Path:
    """Notes enough that the stats fill the pipe many times over, in every kind of place."""
    for i in range(3000):
        note = f"---\nsegment: peer\n---\n{i}\n"
        write(root / "people" / f"Person {i:04d} with a longer name.md", note)
    write(root / "archive" / "Old.md", "---\nsegment: peer\n---\n")
    write(root / ".hidden" / "Secret.md", "---\nsegment: peer\n---\n")
    write(root / "daily" / "2026-11-20.md", "[[Person 0001 with a longer name]]\n")
    (root / "people" / os.fsdecode(b"Caf\xe9 latin-1.md")).write_text("x", encoding="utf-8")
    return root


def _here(root: Path) -> list[tuple[str, int, int, int, int]]:
    return list(scan(str(root), "agenda.md", _ignores))


@needs_fork
def test_the_child_gives_the_walk_and_digest_a_walk_here_gives(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    found = walk_beside(str(root), "agenda.md", _ignores, stats_digest, ["json"])
    assert found is not None
    files = found.files()
    here = _here(root)
    assert files == here and len(here) == 3002  # the archive and the hidden folder left out
    assert found.digest == stats_digest(here)
    assert any(path.startswith("people/Caf") for path, *_ in here)


@needs_fork
def test_a_digest_is_enough_when_nothing_changed(tmp_path: Path) -> None:
    """The warm agenda reads the digest alone: closing leaves no child behind."""
    root = _vault(tmp_path / "v")
    found = walk_beside(str(root), "agenda.md", _ignores, stats_digest, ["json"])
    assert found is not None and found.digest == stats_digest(_here(root))
    found.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(found._pid, os.WNOHANG)  # reaped: no longer a child of this process


@needs_fork
def test_the_modules_are_imported_until_the_walk_is_in(tmp_path: Path) -> None:
    """One that is missing ends the imports, not the walk."""
    root = _vault(tmp_path / "v")
    script = (
        "import sys\n"
        "from vaultkeeper.beside import walk_beside\n"
        "from vaultkeeper.outputs import stats_digest\n"
        "found = walk_beside(sys.argv[1], 'agenda.md', lambda f: False, stats_digest,\n"
        "                    ['vaultkeeper.no_such_module', 'click'])\n"
        "print(len(found.files()), 'click' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(root)], capture_output=True, text=True, check=True
    )
    assert done.stdout == "3003 False\n"


def _child_fails(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    def failing(*args: object) -> None:
        if how == "exit":
            os._exit(3)
        raise OSError("the disk went away")

    monkeypatch.setattr(beside, "scan", failing)


@needs_fork
@pytest.mark.parametrize("how", ["exit", "raise"])
def test_a_child_that_fails_sends_nothing_and_is_reaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    root = _vault(tmp_path / "v")
    _child_fails(monkeypatch, how)
    forked = []
    real_fork = os.fork

    def fork() -> int:
        forked.append(pid := real_fork())
        return pid

    monkeypatch.setattr(beside.os, "fork", fork)
    assert walk_beside(str(root), "agenda.md", _ignores, stats_digest, ["json"]) is None
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)


@needs_fork
def test_a_child_that_fails_after_its_digest_gives_no_stats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A payload cut short (the child died while sending) is never taken for a walk."""
    root = _vault(tmp_path / "v")
    real = os.write

    def dies_midway(fd: int, data: bytes | memoryview) -> int:
        if len(data) > 1000:
            real(fd, bytes(data[:1000]))
            os._exit(0)  # even a clean exit: the stats are not all there
        return real(fd, data)

    monkeypatch.setattr(beside.os, "write", dies_midway)
    found = walk_beside(str(root), "agenda.md", _ignores, stats_digest, ["json"])
    monkeypatch.setattr(beside.os, "write", real)
    assert found is not None and found.files() is None


def test_no_child_while_other_threads_run() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not beside._may_fork()
        assert walk_beside(".", "agenda.md", _ignores, stats_digest, ["json"]) is None
    finally:
        stop.set()
        other.join()


def test_nothing_to_import_means_no_child(tmp_path: Path) -> None:
    assert walk_beside(str(tmp_path), "agenda.md", _ignores, stats_digest, []) is None


@pytest.mark.parametrize("how", ["exit", "raise", "works"])
def test_the_kept_agenda_is_checked_the_same_either_way(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Warm, then stale after an edit: the same answer and the same walk, whether the child
    walked, failed, or no child was made."""
    root = make_vault(copy=EXAMPLE)
    run("--vault", str(root), "--today", TODAY, "agenda", "--stdout")
    if how != "works":
        _child_fails(monkeypatch, how)
    warm = outputs.check_kept(str(root), TODAY, ["json"])
    assert isinstance(warm, outputs.Kept)
    here = outputs.check_kept(str(root), TODAY)
    assert isinstance(here, outputs.Kept) and (warm.text, warm.inputs) == (here.text, here.inputs)
    write(root / "people" / "Zoe Quinn.md", "---\nsegment: ally\n---\n")
    stale = outputs.check_kept(str(root), TODAY, ["json"])
    walked_here = outputs.check_kept(str(root), TODAY)
    assert isinstance(stale, outputs.Walked) and isinstance(walked_here, outputs.Walked)
    assert stale.files == walked_here.files and stale.inputs == walked_here.inputs
    assert outputs.stats_digest(stale.files) == outputs.stats_digest(list(walked_here.files))


@needs_fork
def test_a_real_agenda_after_an_edit_is_the_same_walked_beside(make_vault: MakeVault) -> None:
    """Through a real process, walked by a child, as the command line makes it in a copy."""
    said = []
    for name in ("beside", "command line"):
        root = make_vault(copy=EXAMPLE, name=name)
        vault = ["--vault", str(root), "--today", TODAY, "agenda", "--stdout"]
        run(*vault)
        write(root / "people" / "Zoe Quinn.md", "---\nsegment: ally\n---\nMet at a meetup.\n")
        if name == "beside":
            made = probe_shortcut(*vault, beside=True)
            assert made.stderr.startswith("0 ")
            said.append(made.stdout.replace(str(root), "VAULT"))
            warm = probe_shortcut(*vault, beside=True)
            assert (warm.stdout, warm.stderr[:2]) == (made.stdout, "0 ")
        else:
            said.append(run(*vault).stdout.replace(str(root), "VAULT"))
    assert said[0] == said[1] and "Zoe Quinn" in said[0]
