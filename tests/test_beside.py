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
from vaultkeeper.beside import Beside
from vaultkeeper.outputs import stats_digest
from vaultkeeper.scan import scan

TODAY = "2026-11-25"
MAY_FORK = beside._may_fork
needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork") or len(getattr(os, "sched_getaffinity", lambda _: ())(0)) < 2,
    reason="no fork, or a single core: the walk is always done here",
)


@pytest.fixture(autouse=True)
def _fork_despite_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test before may leave a thread finishing (a model's timeout): these tests fork
    anyway, as the command does in a process of its own."""
    if hasattr(os, "fork") and len(getattr(os, "sched_getaffinity", lambda _: ())(0)) > 1:
        monkeypatch.setattr(beside, "_may_fork", lambda: True)


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


def _child(root: Path) -> Beside:
    child = Beside.start(str(root), "agenda.md", _ignores, stats_digest)
    assert child is not None
    return child


@needs_fork
def test_the_child_gives_the_walk_and_digest_a_walk_here_gives(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    child = _child(root)
    here = _here(root)
    assert child.digest_while(["json"]) == stats_digest(here)
    assert child.files() == here and len(here) == 3002  # no archive, no hidden folder
    assert any(path.startswith("people/Caf") for path, *_ in here)


@needs_fork
def test_a_digest_is_enough_when_nothing_changed(tmp_path: Path) -> None:
    """The warm agenda reads the digest alone: closing leaves no child behind."""
    root = _vault(tmp_path / "v")
    child = _child(root)
    assert child.digest_while(["json"]) == stats_digest(_here(root))
    child.close()
    child.close()  # twice is harmless
    with pytest.raises(ChildProcessError):
        os.waitpid(child._pid, os.WNOHANG)  # reaped: no longer a child of this process


def _in_a_process(root: Path, before: str, after: str) -> str:
    """What a child started in a process of its own prints: `before` runs first, then a
    child walks `root` (nothing ignored), then `after` (with `child` and `digest`)."""
    script = (
        f"import signal, sys\n{before}\n"
        "from vaultkeeper.beside import Beside\n"
        "from vaultkeeper.outputs import stats_digest\n"
        "child = Beside.start(sys.argv[1], 'agenda.md', lambda f: False, stats_digest)\n"
        f"{after}\n"
    )
    command = [sys.executable, "-c", script, str(root)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@needs_fork
def test_the_modules_are_imported_until_the_walk_is_in(tmp_path: Path) -> None:
    """One that is missing ends the imports, not the walk."""
    root = _vault(tmp_path / "v")
    said = _in_a_process(
        root,
        "",
        "child.digest_while(['vaultkeeper.no_such_module', 'click'])\n"
        "print(len(child.files()), 'click' in sys.modules)",
    )
    assert said == "3003 False\n"


@needs_fork
def test_a_sigchld_ignored_still_gets_the_stats(tmp_path: Path) -> None:
    """Found in review: a launcher that ignores SIGCHLD (it survives `exec`) has the kernel
    reap the child at once; the stats still count, as all of them came."""
    root = _vault(tmp_path / "v")
    said = _in_a_process(
        root,
        "signal.signal(signal.SIGCHLD, signal.SIG_IGN)",
        "digest = child.digest_while(['json'])\n"
        "files = child.files()\n"
        "print(len(files), digest == stats_digest(files))",
    )
    assert said == "3003 True\n"


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
    child = _child(root)
    assert child.digest_while(["json"]) is None and child.files() is None
    child.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(child._pid, os.WNOHANG)


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
    child = _child(root)
    monkeypatch.setattr(beside.os, "write", real)
    assert child.digest_while(["json"]) == stats_digest(_here(root))
    assert child.files() is None


def test_no_child_while_other_threads_run() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not MAY_FORK()
    finally:
        stop.set()
        other.join()


def _no_fork(*args: object) -> None:
    raise AssertionError("forked")


@pytest.mark.parametrize("how", ["exit", "raise", "works", "small vault", "nothing to import"])
def test_the_kept_agenda_is_checked_the_same_either_way(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Warm, then stale after an edit: the same answer and the same walk, whether the child
    walked, failed, or no child was made (a vault of a few notes, or nothing to import)."""
    root = make_vault(copy=EXAMPLE)
    run("--vault", str(root), "--today", TODAY, "agenda", "--stdout")
    if how in ("exit", "raise"):
        _child_fails(monkeypatch, how)
    if how in ("small vault", "nothing to import"):
        monkeypatch.setattr(Beside, "start", _no_fork)
    else:
        monkeypatch.setattr(outputs, "BESIDE_FROM", 0)
    meanwhile = [] if how == "nothing to import" else ["json"]
    warm = outputs.check_kept(str(root), TODAY, meanwhile)
    assert isinstance(warm, outputs.Kept)
    here = outputs.check_kept(str(root), TODAY)
    assert isinstance(here, outputs.Kept) and (warm.text, warm.inputs) == (here.text, here.inputs)
    write(root / "people" / "Zoe Quinn.md", "---\nsegment: ally\n---\n")
    stale = outputs.check_kept(str(root), TODAY, meanwhile)
    walked_here = outputs.check_kept(str(root), TODAY)
    assert isinstance(stale, outputs.Walked) and isinstance(walked_here, outputs.Walked)
    assert stale.files == walked_here.files and stale.inputs == walked_here.inputs


@pytest.mark.parametrize(
    ("agenda", "ignored"),
    [("agenda.md", ()), ("Weekly plan/agenda now.md", ("archive", "two words", "new\nline"))],
)
def test_the_kept_file_names_its_walk_on_its_first_line(agenda: str, ignored: tuple[str]) -> None:
    kept = outputs.Kept(b"s", (agenda, ignored, None, ()), b"i", "text\n", [], {}, 12345)
    data = outputs.packed(kept)
    assert outputs.walk_of(data) == (12345, agenda, frozenset(ignored))
    again = outputs._kept_of(data, (12345, agenda, frozenset(ignored)))
    assert again is not None and (again.recipe, again.notes) == (kept.recipe, 12345)
    assert outputs._kept_of(data, (12345, "other.md", frozenset(ignored))) is None  # disagree


@pytest.mark.parametrize(
    "first", [b"", b"\n", b"12\n", b"x 61\n", b"12 zz\n", b"12 ff\n", b"12 61 6\n"]
)
def test_a_garbled_first_line_is_no_walk(first: bytes) -> None:
    assert outputs.walk_of(first + b"[4]") is None


@needs_fork
def test_a_real_agenda_after_an_edit_is_the_same_walked_beside(make_vault: MakeVault) -> None:
    """Through a real process, walked by a child (a vault past `BESIDE_FROM` notes), as the
    command line makes it in a copy."""
    said = []
    for name in ("beside", "command line"):
        root = make_vault(copy=EXAMPLE, name=name)
        for i in range(outputs.BESIDE_FROM):
            write(root / "more" / f"Note {i}.md", "Nobody in particular.\n")
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


def test_every_module_imported_beside_the_walk_exists() -> None:
    """A module renamed or removed would end the imports early, silently: the agenda after
    an edit would only be slower."""
    import importlib

    from vaultkeeper.shortcut import _REBUILD_IMPORTS

    for name in _REBUILD_IMPORTS:
        importlib.import_module(name)
