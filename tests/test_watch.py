"""`vaultkeeper watch` against real watchdog events in a real folder.

Vaults live under the project's `.pytest-watch-tmp/`, not /tmp: vim skips its rename-to-backup
save in /tmp, and that save is one of the behaviours under test. Every test polls for the
expected agenda and fails after a generous timeout; the fixture always joins the threads.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from support import age, run
from watchdog.observers import Observer

from vaultkeeper.agenda import Agenda, build_agenda
from vaultkeeper.config import Settings, load_settings
from vaultkeeper.contact import NoteRecord
from vaultkeeper.resources import Resource
from vaultkeeper.vault import Vault, read_record
from vaultkeeper.watch import NORMAL, QUIET, VERBOSE, Timing, Watcher

PROJECT = Path(__file__).resolve().parent.parent
SCRATCH = PROJECT / ".pytest-watch-tmp"
TODAY = date(2026, 11, 20)
FAST = Timing(debounce=0.1, max_delay=1.0, rescan_every=3600, tick=0.02)
TIMEOUT = 8.0


def note(company: str = "Acme", segment: str = "peer", extra: str = "") -> str:
    return f"---\nsegment: {segment}\ncompany: {company}\n{extra}---\nMet at a meetup.\n"


def row(name: str, company: str = "Acme", segment: str = "peer") -> str:
    """How a never-touched contact appears in the agenda."""
    return f"- [[{name}]] ({segment}): {company}"


@dataclass
class Session:
    watcher: Watcher
    thread: threading.Thread
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    @property
    def agenda_path(self) -> Path:
        return self.watcher.root / self.watcher.settings.agenda_path

    def agenda(self) -> str:
        try:
            return self.agenda_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""

    def wait_for(self, check: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not check():
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}\nout: {self.out}\nerr: {self.err}")
            time.sleep(0.02)

    def shows(self, *present: str, absent: tuple[str, ...] = ()) -> None:
        def ok() -> bool:
            text = self.agenda()
            return all(p in text for p in present) and not any(a in text for a in absent)

        self.wait_for(ok, f"agenda with {present} and without {absent}")

    def said(self, text: str) -> None:
        self.wait_for(lambda: any(text in line for line in self.out), f"a line with {text!r}")

    def settle(self, quiet: float = 0.6) -> int:
        """Wait until no regeneration happened for `quiet` seconds; the count then."""
        count, since = self.watcher.regenerations, time.monotonic()
        while time.monotonic() - since < quiet:
            time.sleep(0.05)
            if self.watcher.regenerations != count:
                count, since = self.watcher.regenerations, time.monotonic()
        return count


def _scratch_folder() -> Path:
    """A fresh folder under SCRATCH; a parallel run may remove SCRATCH while it is empty."""
    for _ in range(10):
        SCRATCH.mkdir(exist_ok=True)
        with suppress(FileNotFoundError):
            return Path(tempfile.mkdtemp(prefix="watch-", dir=SCRATCH))
    raise RuntimeError(f"cannot create a folder under {SCRATCH}")


@pytest.fixture
def watch_vault() -> Iterator[Path]:
    """A vault holding one contact, Jordan Lee, under SCRATCH (not /tmp: see above), with a
    folder `outside` beside it to move notes in from and out to."""
    folder = _scratch_folder()
    (folder / "vault").mkdir()
    (folder / "outside").mkdir()
    (folder / "vault" / "Jordan Lee.md").write_text(note(), encoding="utf-8")
    try:
        yield folder / "vault"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with suppress(OSError):
            SCRATCH.rmdir()


Start = Callable[..., Session]


@pytest.fixture
def watching(watch_vault: Path) -> Iterator[Start]:
    sessions: list[Session] = []

    def start(
        day: Callable[[], date] = lambda: TODAY,
        timing: Timing = FAST,
        verbosity: int = VERBOSE,
        **injected: Any,
    ) -> Session:
        out: list[str] = []
        err: list[str] = []
        watcher = Watcher(
            watch_vault,
            load_settings(watch_vault),
            today=day,
            out=out.append,
            err=err.append,
            verbosity=verbosity,
            timing=timing,
            **injected,
        )
        session = Session(watcher, threading.Thread(target=watcher.run, daemon=True), out, err)
        sessions.append(session)
        watcher.start()
        session.thread.start()
        return session

    try:
        yield start
    finally:
        for session in sessions:
            session.watcher.close()
            session.thread.join(timeout=5)
            assert not session.thread.is_alive()
            assert not session.watcher.observing


def replace_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def save_like_vim(path: Path, text: str) -> None:
    """vim's default save: swap file, write test file `4913`, original renamed to `name~`."""
    swap = path.with_name(f".{path.name}.swp")
    swap.write_bytes(b"b0VIM 9.0")
    probe = path.with_name("4913")
    probe.write_bytes(b"")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    path.write_text(text, encoding="utf-8")
    backup.unlink()
    swap.unlink()


# -- saving ---------------------------------------------------------------------------------


def test_start_writes_agenda_and_says_what_it_watches(watch_vault: Path, watching: Start) -> None:
    session = watching()
    assert row("Jordan Lee") in session.agenda()
    assert session.out[0].startswith(f"Watching {watch_vault.resolve()} (1 contact in 1 note)")
    assert session.watcher.observing


def test_in_place_write(watch_vault: Path, watching: Start) -> None:
    session = watching()
    (watch_vault / "Jordan Lee.md").write_text(note("Globex"), encoding="utf-8")
    session.shows(row("Jordan Lee", "Globex"), absent=(row("Jordan Lee"),))
    session.said("changed Jordan Lee.md")


def test_atomic_rename_save(watch_vault: Path, watching: Start) -> None:
    session = watching()
    replace_atomically(watch_vault / "Jordan Lee.md", note("Initech"))
    session.shows(row("Jordan Lee", "Initech"))


def test_vim_style_save_with_swap_and_backup(watch_vault: Path, watching: Start) -> None:
    session = watching()
    save_like_vim(watch_vault / "Jordan Lee.md", note("Umbrella"))
    session.shows(row("Jordan Lee", "Umbrella"), absent=(row("Jordan Lee"),))
    session.settle()
    assert "Jordan Lee.md~" not in session.agenda()
    assert "4913" not in session.agenda()


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_real_vim_save(watch_vault: Path, watching: Start) -> None:
    session = watching()
    target = watch_vault / "Jordan Lee.md"
    inode = target.stat().st_ino
    subprocess.run(
        # vim skips its rename-to-backup save under /tmp (`backupskip`); make it rename anywhere
        [
            "vim",
            "-Nu",
            "NONE",
            "-i",
            "NONE",
            "-es",
            "-c",
            "set backupskip= backupcopy=no writebackup",
            "-c",
            "%s/Acme/Hooli/",
            "-c",
            "wq",
            target,
        ],
        stdin=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(watch_vault.parent)},
        timeout=20,
        check=True,
    )
    session.shows(row("Jordan Lee", "Hooli"))
    assert target.stat().st_ino != inode  # vim really did save by renaming
    assert session.err == []


def test_swap_backup_hidden_and_ignored_files_change_nothing(
    watch_vault: Path, watching: Start
) -> None:
    (watch_vault / "vaultkeeper.toml").write_text(
        '[vault]\nignore = ["templates"]\n', encoding="utf-8"
    )
    session = watching()
    before = session.settle()
    contact = note("Leak")
    for name in (".Jordan Lee.md.swp", ".Jordan Lee.md.swx", "Jordan Lee.md~", "4913", "x.tmp"):
        (watch_vault / name).write_text(contact, encoding="utf-8")
    for folder in (".git", ".obsidian", ".trash", ".vaultkeeper", "templates"):
        (watch_vault / folder).mkdir(exist_ok=True)  # the index made .vaultkeeper/ at start
        (watch_vault / folder / "Hidden.md").write_text(contact, encoding="utf-8")
    assert session.settle() == before
    assert "Leak" not in session.agenda()


# -- creating, deleting, moving -------------------------------------------------------------


def test_create_and_delete(watch_vault: Path, watching: Start) -> None:
    session = watching()
    (watch_vault / "Priya Nair.md").write_text(note("Stark"), encoding="utf-8")
    session.shows(row("Priya Nair", "Stark"))
    (watch_vault / "Priya Nair.md").unlink()
    session.shows(row("Jordan Lee"), absent=("Priya Nair",))
    session.said("removed Priya Nair.md")


def test_move_into_out_of_and_within_the_vault(watch_vault: Path, watching: Start) -> None:
    session = watching()
    outside = watch_vault.parent / "outside"
    (outside / "Sam Roy.md").write_text(note("Wayne"), encoding="utf-8")
    os.rename(outside / "Sam Roy.md", watch_vault / "Sam Roy.md")
    session.shows(row("Sam Roy", "Wayne"))

    (watch_vault / "people").mkdir()
    session.settle()  # let watchdog add its watch on the new folder
    os.rename(watch_vault / "Sam Roy.md", watch_vault / "people" / "Samuel Roy.md")
    session.shows(row("Samuel Roy", "Wayne"), absent=("[[Sam Roy]]",))
    session.said("moved Sam Roy.md -> people/Samuel Roy.md")

    os.rename(watch_vault / "people" / "Samuel Roy.md", outside / "Samuel Roy.md")
    session.shows(row("Jordan Lee"), absent=("Samuel Roy",))


def test_folders_moved_in_and_out(watch_vault: Path, watching: Start) -> None:
    session = watching()
    team = watch_vault.parent / "outside" / "team"
    team.mkdir()
    for name in ("Ana", "Ben", "Cy"):
        (team / f"{name}.md").write_text(note(name + " Inc"), encoding="utf-8")
    os.rename(team, watch_vault / "team")
    session.shows(row("Ana", "Ana Inc"), row("Ben", "Ben Inc"), row("Cy", "Cy Inc"))
    os.rename(watch_vault / "team", watch_vault / ".trash")
    session.shows(row("Jordan Lee"), absent=("Ana Inc", "Ben Inc", "Cy Inc"))


def test_burst_of_200_writes_gives_few_regenerations(watch_vault: Path, watching: Start) -> None:
    session = watching(timing=Timing(debounce=0.2, max_delay=2.0, rescan_every=3600, tick=0.02))
    before = session.settle()
    for i in range(200):
        (watch_vault / f"Person {i:03}.md").write_text(note(f"Co{i:03}"), encoding="utf-8")
    # Jordan Lee and the first 24 by name are shown (`[agenda] max_rows`); the rest are counted
    session.shows(row("Person 000", "Co000"), row("Person 023", "Co023"), "- …and 176 more.")
    assert session.settle() - before <= 3
    assert session.agenda().count("- [[Person ") == 24
    assert "201 never touched" in session.agenda()


# -- robustness -----------------------------------------------------------------------------


def test_broken_yaml_is_reported_then_picked_up_when_fixed(
    watch_vault: Path, watching: Start
) -> None:
    session = watching()
    target = watch_vault / "Jordan Lee.md"
    target.write_text("---\nsegment: peer\ncompany: [Acme\n---\n", encoding="utf-8")
    session.shows("`Jordan Lee.md`: invalid YAML", absent=(row("Jordan Lee"),))
    session.said("changed Jordan Lee.md (needs a look: invalid YAML")
    target.write_text(note("Fixed Co"), encoding="utf-8")
    session.shows(row("Jordan Lee", "Fixed Co"), absent=("invalid YAML",))
    assert session.err == []


def test_undecodable_note_is_a_problem_not_a_crash(watch_vault: Path, watching: Start) -> None:
    session = watching()
    (watch_vault / "Jordan Lee.md").write_bytes(b"---\nsegment: peer\ncompany: \xff\xfe\n---\n")
    session.shows("`Jordan Lee.md`: the file is not UTF-8")
    (watch_vault / "Jordan Lee.md").write_text(note("Back"), encoding="utf-8")
    session.shows(row("Jordan Lee", "Back"))


def test_only_changed_notes_are_read_again(watch_vault: Path, watching: Start) -> None:
    for i in range(20):
        (watch_vault / f"Friend {i}.md").write_text(note(f"F{i}"), encoding="utf-8")
    reads: list[str] = []

    def counting(root: Path, path: str, settings: Settings) -> NoteRecord:
        reads.append(path)
        return read_record(root, path, settings)

    session = watching(read=counting)
    assert reads == []  # at start the index read them
    assert "; 0 from the index, 21 read)" in session.out[0]
    (watch_vault / "Friend 7.md").write_text(note("Seven"), encoding="utf-8")
    session.shows(row("Friend 7", "Seven"))
    session.watcher.request_rescan()
    session.settle()
    assert set(reads) == {"Friend 7.md"}


def test_own_agenda_write_does_not_trigger_another(watch_vault: Path, watching: Start) -> None:
    session = watching()
    before = session.settle()
    (watch_vault / "Jordan Lee.md").write_text(note("Once"), encoding="utf-8")
    session.shows(row("Jordan Lee", "Once"))
    assert session.settle(quiet=1.0) == before + 1


def test_deleted_agenda_is_written_again(watch_vault: Path, watching: Start) -> None:
    session = watching()
    session.settle()
    session.agenda_path.unlink()
    session.shows(row("Jordan Lee"))
    session.said("agenda.md was removed")


def test_a_failing_batch_is_one_line_and_watching_goes_on(
    watch_vault: Path, watching: Start
) -> None:
    calls = []

    def flaky(vault: Vault, day: date, resources: Sequence[Resource]) -> Agenda:
        calls.append(1)
        if len(calls) == 2:  # the first build is at start; the first batch's fails
            raise RuntimeError("disk on fire")
        return build_agenda(vault, day, resources=resources)

    session = watching(build=flaky)
    (watch_vault / "Jordan Lee.md").write_text(note("First"), encoding="utf-8")
    session.wait_for(lambda: len(session.err) == 1, "one error line")
    assert "RuntimeError: disk on fire (still watching)" in session.err[0]
    assert "\n" not in session.err[0]
    (watch_vault / "Jordan Lee.md").write_text(note("Second"), encoding="utf-8")
    session.shows(row("Jordan Lee", "Second"))


def test_broken_template_is_reported_and_its_fix_picked_up(
    watch_vault: Path, watching: Start
) -> None:
    (watch_vault / "vaultkeeper.toml").write_text(
        '[agenda]\ntemplate = "agenda.j2"\n', encoding="utf-8"
    )
    (watch_vault / "agenda.j2").write_text("{% for %}", encoding="utf-8")
    session = watching()
    assert len(session.err) == 1 and "agenda.j2" in session.err[0]
    (watch_vault / "agenda.j2").write_text("People: {{ agenda.never_touched | length }}\n", "utf-8")
    session.shows("People: 1")


# -- settings, days, rescans ----------------------------------------------------------------


def test_config_change_reloads_and_bad_config_keeps_previous(
    watch_vault: Path, watching: Start
) -> None:
    (watch_vault / "archive").mkdir()
    (watch_vault / "archive" / "Old Friend.md").write_text(note("Past"), encoding="utf-8")
    session = watching()
    assert row("Old Friend", "Past") in session.agenda()
    config = watch_vault / "vaultkeeper.toml"
    config.write_text('[vault]\nignore = ["archive"]\n', encoding="utf-8")
    session.shows(row("Jordan Lee"), absent=("Old Friend",))
    session.said("vaultkeeper.toml reloaded")

    config.write_text("[vault\nignore = oops\n", encoding="utf-8")
    session.wait_for(lambda: any("keeping the previous settings" in e for e in session.err), "err")
    (watch_vault / "archive" / "Old Friend.md").write_text(note("Still ignored"), encoding="utf-8")
    (watch_vault / "Jordan Lee.md").write_text(note("Still watching"), encoding="utf-8")
    session.shows(row("Jordan Lee", "Still watching"), absent=("Old Friend",))


def test_midnight_rollover_regenerates_without_file_changes(
    watch_vault: Path, watching: Start
) -> None:
    days = [TODAY]
    session = watching(day=lambda: days[-1])
    session.settle()
    assert "for Fri 20 Nov 2026" in session.agenda()
    days.append(TODAY + timedelta(days=1))
    session.shows("for Sat 21 Nov 2026")
    session.said("new day (Sat 21 Nov)")


def test_periodic_rescan_finds_changes_whose_events_were_lost(
    watch_vault: Path, watching: Start
) -> None:
    session = watching(observer=None, timing=Timing(debounce=0.1, rescan_every=0.3, tick=0.02))
    assert not session.watcher.observing
    (watch_vault / "Jordan Lee.md").write_text(note("Seen Later"), encoding="utf-8")
    (watch_vault / "Ravi Shah.md").write_text(note("New Co"), encoding="utf-8")
    session.shows(row("Jordan Lee", "Seen Later"), row("Ravi Shah", "New Co"))
    session.said(" rescan found: ")
    (watch_vault / "vaultkeeper.toml").write_text('[vault]\nignore = ["x"]\n', encoding="utf-8")
    session.said("vaultkeeper.toml reloaded")


def test_without_file_events_it_falls_back_to_rescanning(
    watch_vault: Path, watching: Start
) -> None:
    class Exhausted(Observer):  # type: ignore[misc,valid-type]
        def start(self) -> None:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

    session = watching(observer=Exhausted)
    assert "cannot watch for file events" in session.err[0]
    assert "rescanning every 2 s" in session.out[0]
    (watch_vault / "Jordan Lee.md").write_text(note("Polled"), encoding="utf-8")
    session.shows(row("Jordan Lee", "Polled"))


def test_a_dead_observer_is_noticed_and_started_again(watch_vault: Path, watching: Start) -> None:
    """Before, when watchdog's threads died (a vault folder deleted and made again by two
    processes at once), saves waited for the next periodic rescan (19-24 s) to show."""
    made: list[Observer] = []

    def observer() -> Observer:
        made.append(Observer())
        return made[-1]

    session = watching(observer=observer)
    for emitter in list(made[0].emitters):  # what the race does to watchdog's threads
        emitter.stop()
        emitter.join(timeout=5)
    restarted = "file watching stopped; started it again and rescanned the folder"
    session.wait_for(lambda: any(restarted in line for line in session.err), "the restart")
    assert len(made) == 2
    (watch_vault / "Jordan Lee.md").write_text(note("After Restart"), encoding="utf-8")
    session.shows(row("Jordan Lee", "After Restart"))  # FAST never rescans: an event did it


def test_kernel_queue_overflow_triggers_a_rescan(watch_vault: Path, watching: Start) -> None:
    session = watching()
    before = session.watcher.rescans
    logging.getLogger("watchdog.observers.inotify_c").warning(
        "Inotify queue overflowed; filesystem events were lost"
    )
    session.wait_for(lambda: session.watcher.rescans > before, "a rescan")


def test_never_writes_a_contact(watch_vault: Path, watching: Start) -> None:
    (watch_vault / "2026-11-19.md").write_text("Lunch with [[Jordan Lee]].\n", encoding="utf-8")
    days = [TODAY]
    notes = sorted(watch_vault.glob("*.md"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in notes}
    session = watching(day=lambda: days[-1])
    days.append(TODAY + timedelta(days=1))
    session.shows("for Sat 21 Nov 2026")
    session.watcher.request_rescan()
    session.settle()
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in notes} == before


# -- output levels --------------------------------------------------------------------------


def test_quiet_prints_nothing_but_errors(watch_vault: Path, watching: Start) -> None:
    session = watching(verbosity=QUIET)
    (watch_vault / "Jordan Lee.md").write_text(note("Hush"), encoding="utf-8")
    session.shows(row("Jordan Lee", "Hush"))
    session.watcher.close()
    assert session.out == []


def test_normal_prints_one_line_per_regeneration(watch_vault: Path, watching: Start) -> None:
    session = watching(verbosity=NORMAL)
    (watch_vault / "Jordan Lee.md").write_text(note("One"), encoding="utf-8")
    session.shows(row("Jordan Lee", "One"))
    count = session.settle()
    assert len(session.out) == count  # the start line (first regeneration), then one each
    line = session.out[-1]
    assert line[:8].count(":") == 2 and " ms)" not in line
    assert "agenda.md updated: 0 overdue, 0 due this week, 1 never touched" in line


def test_verbose_adds_timings_and_no_op_saves(watch_vault: Path, watching: Start) -> None:
    session = watching(verbosity=VERBOSE)
    (watch_vault / "Jordan Lee.md").write_text(note(), encoding="utf-8")
    session.said("saved Jordan Lee.md: nothing to update")
    assert session.out[0].endswith(" ms; 0 from the index, 1 read). Ctrl-C stops.")


def test_the_watcher_starts_from_the_index(watch_vault: Path, watching: Start) -> None:
    """Before, the watcher read every note at start (7 s at 10,000 contacts) although a
    command had just brought the index up to date; now it reads only what changed since."""
    for i in range(20):
        (watch_vault / f"Friend {i}.md").write_text(note(f"F{i}"), encoding="utf-8")
    age(watch_vault)
    assert run("--vault", str(watch_vault), "index").exit_code == 0
    (watch_vault / "Friend 3.md").write_text(note("Changed Since"), encoding="utf-8")
    session = watching(verbosity=VERBOSE)
    assert "; 20 from the index, 1 read)" in session.out[0]
    assert row("Friend 3", "Changed Since") in session.agenda()


# -- the command ----------------------------------------------------------------------------


def _default_sigint() -> None:
    """A job started with `&` inherits an ignored SIGINT, which Python then keeps ignoring."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_cli_watch_updates_agenda_and_stops_cleanly(
    watch_vault: Path, stop: signal.Signals
) -> None:
    env = {**os.environ, "VAULTKEEPER_TODAY": TODAY.isoformat(), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "vaultkeeper", "--vault", str(watch_vault), "watch"]
    process = subprocess.Popen(
        [*command, "--debounce", "0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_default_sigint,
    )
    guard = threading.Timer(TIMEOUT * 2, process.kill)  # a hung watcher fails, never blocks
    guard.start()
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("Watching ")
        assert row("Jordan Lee") in (watch_vault / "agenda.md").read_text(encoding="utf-8")
        replace_atomically(watch_vault / "Jordan Lee.md", note("Via CLI"))
        line = process.stdout.readline()
        assert "changed Jordan Lee.md" in line
        assert row("Jordan Lee", "Via CLI") in (watch_vault / "agenda.md").read_text(
            encoding="utf-8"
        )
        process.send_signal(stop)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        guard.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert err == ""
    assert out == "Stopped watching.\n"


def test_the_calendar_edge_and_folder_loops_never_stop_the_watcher(
    watch_vault: Path, watching: Start
) -> None:
    """Before, a next_touch of 9999-12-31 made every regeneration fail, and a folder symlink
    back up the tree made the rescan endless."""
    (watch_vault / "Far.md").write_text(
        note("Far Co", extra="next_touch: 9999-12-31\n"), encoding="utf-8"
    )
    (watch_vault / "loop").mkdir()
    (watch_vault / "loop" / "up").symlink_to("..")
    session = watching(day=lambda: date(9999, 12, 31), timing=Timing(rescan_every=0.3, tick=0.02))
    assert session.err == []
    assert "# Week of 27 Dec 9999" in session.agenda()
    (watch_vault / "Jordan Lee.md").write_text(note("At The Edge"), encoding="utf-8")
    session.shows("At The Edge")
    session.said("rescanned")  # the periodic rescan came back, loop and all


def test_reading_notes_sends_no_events_only_writing_does(tmp_path: Path) -> None:
    """The watcher asks the kernel only for events that can mean a change: reading every
    note (its own start, a search, a backup) used to send two events per note."""
    from vaultkeeper.observe import Events

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.md").write_text("x\n", encoding="utf-8")
    seen: list[tuple[str, str]] = []
    events = Events(
        tmp_path,
        on_event=lambda e: seen.append((e.event_type, os.path.basename(os.fsdecode(e.src_path)))),
        on_overflow=lambda: None,
        on_error=lambda text: None,
    )
    assert events.start() is None
    try:
        for name in ("a", "b", "c"):
            (tmp_path / f"{name}.md").read_bytes()
        (tmp_path / "b.md").write_text("y\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not any(kind == "closed" for kind, _ in seen) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)
    finally:
        events.close()
    assert {name for _, name in seen} == {"b.md"}
    assert not {kind for kind, _ in seen} & {"opened", "closed_no_write"}
