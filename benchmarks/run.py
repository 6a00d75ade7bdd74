"""Measure vaultkeeper as whole processes against a naive baseline, at several vault sizes.

For each size a vault is generated (benchmarks/generate.py), then each of these is timed as a
separate process, wall clock, best of `--repeat` runs (one run for the slow 100k baseline):

- baseline: a plain loop of `frontmatter.load` over every note (what any script would do);
- floor: a bare `python -c` (no project import) that walks the vault with `os.scandir`, skipping
  hidden folders, and stats every `*.md`: the least any command that looks at every note pays;
- cold index: `vaultkeeper index` with `.vaultkeeper/` deleted first;
- warm index: `vaultkeeper index` again, nothing changed;
- warm agenda: `vaultkeeper agenda --stdout` with the index current and nothing changed (the
  rendered agenda is reused);
- agenda, 1 note edited: the same after one note was saved again (one note re-read, the
  agenda's lists weighed again; a note the agenda does not show, so the texts kept with the
  agenda are printed again unrendered): what an editor hook sees after most saves;
- agenda, shown note edited: the same after a touch was logged in (then taken out of) the note
  of the first contact the agenda suggests, so what it shows changes every run and is
  rendered anew: what an editor hook sees after logging a touch;
- show: `vaultkeeper show NAME` for one real contact;
- list --json: `vaultkeeper list --json` (its output goes to /dev/null);
- touch: one `vaultkeeper touch NAME` (a real write, then the index brings the one note up to date);
- intros: `vaultkeeper intros` (pairs worth introducing, over every contact's tags);
- match: `vaultkeeper match topic/pricing` (who suits one topic);
- lint: `vaultkeeper lint` over every contact, index current (exit 1, findings, counts as done).

Then `vaultkeeper watch --debounce 0.1` is started with the index current: ready is the time from
its start to its first line ("Watching ..."); save to agenda is the median, over a few saves of
one note a second or so apart (each a real change that changes the agenda), of the time from the
write until `agenda.md` changed (polled every few ms); its memory is its VmRSS after the saves.

Peak memory is each process's own `ru_maxrss` (from `os.wait4`; a pool's workers count
separately and are smaller than the parent). Each time is shown with two ratios: the baseline's
time divided by the command's (above 1 is faster than the baseline), and the command's time
divided by the floor's (the closer to 1, the better). That floor is run just before each of
the command's runs and its best time taken, so that the ratio compares moments of the same
load: on a shared machine a floor taken once, minutes earlier, moved ratios by a fifth. The
floor column shows the floor's own best of `--repeat`. The CPU-seconds of each fastest run (user
and system, from `os.wait4`, which counts the children a process waited for, so a pool's
workers too) are kept as well: the cold index is held to the baseline's.

    python benchmarks/run.py                         # 1,000 and 10,000 contacts
    python benchmarks/run.py --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import TODAY, generate

BASELINE = """
import sys, pathlib, frontmatter
for path in pathlib.Path(sys.argv[1]).rglob("*.md"):
    frontmatter.load(path)
"""
FLOOR = """
import os, sys
def walk(folder):
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    walk(entry.path)
            elif entry.name.endswith(".md"):
                os.stat(entry.path)
walk(sys.argv[1])
"""
# Installed packages carry compiled bytecode; let these runs write and use it the same way.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

NAMES = [
    "baseline",
    "floor",
    "cold index",
    "warm index",
    "warm agenda",
    "agenda, 1 note edited",
    "agenda, shown note edited",
    "show",
    "list --json",
    "touch",
    "intros",
    "match",
    "lint",
]
REFERENCES = ("baseline", "floor")  # not vaultkeeper: no ratio to themselves

TARGET_CONTACTS = 10_000
FLOOR_TARGETS = (  # (command, at most this many times the floor's time)
    ("warm agenda", 2.0),
    ("agenda, 1 note edited", 3.0),
    ("agenda, shown note edited", 3.0),
    ("show", 2.0),
    ("touch", 3.0),
    ("list --json", 4.0),
)
COLD_INDEX_TARGET = 0.8  # cold index time at most this fraction of the baseline's
READY_TARGET = 1.5  # seconds from `watch` start to its first line
SAVE_TARGET = 0.3  # seconds, median, from a save to agenda.md changed
WATCH_MB_TARGET = 150.0  # watcher VmRSS, strictly below
PEAK_MB_TARGET = 200.0  # peak RSS of any vaultkeeper process, strictly below

WATCH_SAVES = 7
SAVE_GAP = 1.0  # seconds between one save's agenda and the next save
POLL = 0.002  # seconds between two looks at agenda.md
READY_TIMEOUT = 60.0
SAVE_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float = 0.0
    """CPU-seconds (user and system) of the fastest run, its worker processes included."""
    floor: float | None = None
    """The floor's best time over runs taken just before each of this command's: its ratio
    to the floor compares moments of the same load on a shared machine."""


@dataclass
class Watch:
    ready: float | None = None  # seconds from start to the first stdout line
    first_line: str = ""
    latencies: list[float | None] = field(default_factory=list)  # None: no change seen in time
    median: float | None = None
    rss_mb: float | None = None  # VmRSS after the saves
    peak_mb: float | None = None  # VmHWM after the saves
    exit_code: int | None = None
    error: str | None = None


@dataclass
class Size:
    contacts: int
    notes: int
    runs: dict[str, Run | None] = field(default_factory=dict)
    watch: Watch | None = None


def measure(
    argv: list[str],
    repeat: int,
    before: Callable[[], None] | None = None,
    ok: tuple[int, ...] = (0,),
    floor: list[str] | None = None,
) -> Run:
    """Best wall time of `repeat` runs of a whole process (with its CPU-seconds), and the
    largest peak RSS seen; `before` runs ahead of each (untimed); `ok` are the exit codes that
    mean it worked. A process's usage from `wait4` includes its children that it waited for,
    as a process pool's workers are. With `floor`, the floor runs just before each run too,
    and its best time is kept beside the command's (`Run.floor`)."""
    best, peak, cpu = float("inf"), 0.0, 0.0
    paired = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        if floor is not None:
            paired = min(paired, measure(floor, 1).seconds)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        error = proc.stderr.read().decode() if proc.stderr else ""
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{error}")
        if elapsed < best:
            best, cpu = elapsed, usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss / 1024)  # KiB on Linux
    return Run(best, peak, cpu, None if floor is None else paired)


def _first_suggested(root: Path, vk: list[str]) -> Path:
    """The note of the first contact under the agenda's "Start here"."""
    agenda = subprocess.run(
        [*vk, "agenda", "--stdout"], capture_output=True, text=True, env=ENV, check=True
    ).stdout
    start = agenda.split("## Start here", 1)[1]
    name = re.search(r"\[\[([^\]|]+)", start)
    if name is None:
        raise SystemExit("the agenda suggests no one to start with")
    found = sorted(root.rglob(f"{name[1]}.md"))
    if not found:
        raise SystemExit(f"no note for [[{name[1]}]]")
    return found[0]


def vaultkeeper() -> list[str]:
    script = Path(sys.executable).parent / "vaultkeeper"
    return [str(script)] if script.exists() else [sys.executable, "-m", "vaultkeeper"]


def command_works(command: list[str], *words: str) -> bool:
    result = subprocess.run([*command, *words, "--help"], capture_output=True, check=False, env=ENV)
    return result.returncode == 0


def unique_name(people: list[Path], start: int) -> str:
    """A contact's file name, from `start` on, that is no other's prefix (not `Ann Lee` when
    there is `Ann Lee 2`): `show` finds that one contact."""
    stems = [path.stem for path in people]
    for stem in stems[start:] + stems[:start]:
        if not any(other != stem and other.startswith(stem) for other in stems):
            return stem
    return stems[start]


def save_target(people: list[Path], start: int) -> Path:
    """A sorted contact without promises or reminders, whose open promises the agenda counts."""
    for path in people[start:] + people[:start]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"^segment: \S", text, re.M) and not re.search(
            r"^(promises|reminders):", text, re.M
        ):
            return path
    return people[start]


def with_promises(text: str, count: int) -> str:
    """`text` with `count` open promises added to its front matter: each save one more, so each
    is a real change that changes the agenda's count of open promises."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    added = ["promises:", *(f"  - Benchmark save {n}" for n in range(1, count + 1))]
    return "\n".join(lines[:end] + added + lines[end:])


def _pump(stream: IO[bytes], lines: queue.Queue[tuple[float, str]]) -> None:
    for raw in stream:
        lines.put((time.perf_counter(), raw.decode(errors="replace").rstrip("\n")))


def _drain(lines: queue.Queue[tuple[float, str]]) -> list[str]:
    out = []
    while True:
        try:
            out.append(lines.get_nowait()[1])
        except queue.Empty:
            return out


def _agenda_state(path: Path) -> tuple[tuple[int, int, int] | None, bytes | None]:
    try:
        info = path.stat()
        return (info.st_ino, info.st_mtime_ns, info.st_size), path.read_bytes()
    except FileNotFoundError:
        return None, None


def _wait_change(
    path: Path, before: tuple[tuple[int, int, int] | None, bytes | None], start: float
) -> float | None:
    """Seconds from `start` until `path` has other content than `before`; None on time-out."""
    signature, content = before
    while time.perf_counter() - start < SAVE_TIMEOUT:
        try:
            info = path.stat()
            now: tuple[int, int, int] | None = (info.st_ino, info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            now = None
        seen = time.perf_counter()
        if now != signature:
            _, current = _agenda_state(path)
            if current != content:
                return seen - start
            signature = now
        time.sleep(POLL)
    return None


def _memory(pid: int) -> tuple[float | None, float | None]:
    """VmRSS and VmHWM of `pid`, in MB."""
    values: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024  # kB
    except OSError:
        pass
    return values.get("VmRSS"), values.get("VmHWM")


def _stop(proc: subprocess.Popen[bytes]) -> int:
    """Ctrl-C, then a kill if it has not exited in time; always reaped."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return -signal.SIGKILL
    return proc.returncode


def bench_watch(vk: list[str], root: Path, note: Path) -> Watch:
    """Start the watcher with the index current; time its start, saves of `note` until the
    agenda changed, and read its memory; stop it (and restore `note` and the agenda) whatever
    happens."""
    watch = Watch()
    time.sleep(1.2)  # the last command's writes are more than 1 s old: the index keeps them
    subprocess.run([*vk, "index"], capture_output=True, check=True, env=ENV)
    time.sleep(1.2)
    agenda = root / "agenda.md"
    original = note.read_text(encoding="utf-8")
    _, agenda_before = _agenda_state(agenda)
    stdout: queue.Queue[tuple[float, str]] = queue.Queue()
    stderr: queue.Queue[tuple[float, str]] = queue.Queue()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*vk, "watch", "--debounce", "0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    pumps = [
        threading.Thread(target=_pump, args=(proc.stdout, stdout), daemon=True),
        threading.Thread(target=_pump, args=(proc.stderr, stderr), daemon=True),
    ]
    for pump in pumps:
        pump.start()
    try:
        try:
            stamp, watch.first_line = stdout.get(timeout=READY_TIMEOUT)
        except queue.Empty:
            watch.error = f"no output in {READY_TIMEOUT:g} s"
            return watch
        watch.ready = stamp - start
        if not watch.first_line.startswith("Watching"):
            watch.error = f"first line: {watch.first_line}"
            return watch
        time.sleep(SAVE_GAP)  # anything it writes as it starts is done
        for count in range(1, WATCH_SAVES + 1):
            if proc.poll() is not None:
                watch.error = f"exited ({proc.returncode}) during the saves"
                break
            before = _agenda_state(agenda)
            text = with_promises(original, count)
            began = time.perf_counter()
            note.write_text(text, encoding="utf-8")
            watch.latencies.append(_wait_change(agenda, before, began))
            time.sleep(SAVE_GAP)
        watch.rss_mb, watch.peak_mb = _memory(proc.pid)
        seen = [s for s in watch.latencies if s is not None]
        watch.median = statistics.median(seen) if seen else None
        return watch
    finally:
        watch.exit_code = _stop(proc)
        for pump in pumps:
            pump.join(timeout=5)
        errors = _drain(stderr)
        if errors and watch.error is None and (watch.median is None or watch.exit_code):
            watch.error = " / ".join(errors[-3:])
        note.write_text(original, encoding="utf-8")  # and the agenda as it was, for --keep
        if agenda_before is None:
            agenda.unlink(missing_ok=True)
        else:
            agenda.write_bytes(agenda_before)


def bench_size(contacts: int, workdir: Path, repeat: int, keep: bool) -> Size:
    root = workdir / f"vault-{contacts}"
    print(f"\n== {contacts:,} contacts: generating in {root}", flush=True)
    generate(root, contacts)
    notes = sum(1 for _ in root.rglob("*.md"))
    size = Size(contacts, notes)
    vk = [*vaultkeeper(), "--vault", str(root), "--today", TODAY.isoformat()]
    slow = 1 if contacts >= 50_000 else repeat
    people = sorted((root / "people").glob("*.md"))
    edited = people[len(people) // 3]

    def drop_cache() -> None:
        shutil.rmtree(root / ".vaultkeeper", ignore_errors=True)

    def edit_one_note() -> None:
        """As a save in an editor would: new content, a new mtime (older than 1 s, so the
        index may keep it)."""
        with edited.open("a", encoding="utf-8") as handle:
            handle.write("\n")
        moment = time.time() - 5
        os.utime(edited, (moment, moment))

    def edit_shown_note() -> None:
        """Log a touch yesterday in the note of the first contact the agenda suggests, or take
        it out again: either way what the agenda shows changes."""
        found = shown.get("path") or _first_suggested(root, vk)
        shown["path"] = found
        text = found.read_text(encoding="utf-8")
        line = f"- {(TODAY - timedelta(days=1)).isoformat()} call: caught up on the roadmap\n"
        found.write_text(text.removesuffix(line) if text.endswith(line) else text + line, "utf-8")
        moment = time.time() - 5
        os.utime(found, (moment, moment))

    shown: dict[str, Path] = {}
    steps: list[tuple[str, list[str], int, Callable[[], None] | None]] = [
        ("baseline", [sys.executable, "-c", BASELINE, str(root)], slow, None),
        ("floor", [sys.executable, "-c", FLOOR, str(root)], repeat, None),
        ("cold index", [*vk, "index"], slow, drop_cache),
        ("warm index", [*vk, "index"], repeat, None),
        ("warm agenda", [*vk, "agenda", "--stdout"], repeat, None),
        ("agenda, 1 note edited", [*vk, "agenda", "--stdout"], repeat, edit_one_note),
        ("agenda, shown note edited", [*vk, "agenda", "--stdout"], repeat, edit_shown_note),
    ]
    floor = [sys.executable, "-c", FLOOR, str(root)]
    for name, argv, times, before in steps:
        paired = None if name in REFERENCES else floor
        size.runs[name] = measure(argv, times, before, floor=paired)
        done = size.runs[name]
        assert done is not None
        print(f"   {name:<26} {done.seconds:8.3f} s ({done.cpu:.2f} CPU-s)", flush=True)
    who = sorted((root / "people").glob("*.md"))[contacts // 2].stem
    optional: list[tuple[str, list[str], list[str]]] = [
        ("show", ["show"], ["show", unique_name(people, len(people) // 4)]),
        ("list --json", ["list"], ["list", "--json"]),
        ("touch", ["touch"], ["touch", who, "--via", "email", "-m", "benchmark touch"]),
        ("intros", ["intros"], ["intros"]),
        ("match", ["match"], ["match", "topic/pricing"]),
        ("lint", ["lint"], ["lint"]),
    ]
    for name, command, words in optional:
        size.runs[name] = None
        if not command_works(vk, *command):
            print(f"   {name:<26} n/a (no `vaultkeeper {' '.join(command)}` yet)", flush=True)
            continue
        try:
            ok = (0, 1) if name == "lint" else (0,)  # lint exits 1 when it has findings
            size.runs[name] = run = measure([*vk, *words], repeat, ok=ok, floor=floor)
            print(f"   {name:<26} {run.seconds:8.3f} s", flush=True)
        except SystemExit as exc:  # the command is still being written: report, go on
            print(f"   {name:<26} n/a: {exc}", flush=True)
    if command_works(vk, "watch"):
        size.watch = watch = bench_watch(vk, root, save_target(people, 2 * len(people) // 3))
        for line in watch_lines(watch):
            print(f"   {line}", flush=True)
    else:
        print(f"   {'watch':<26} n/a (no `vaultkeeper watch` yet)", flush=True)
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    return size


def watch_lines(watch: Watch) -> list[str]:
    ready = "n/a" if watch.ready is None else f"{watch.ready:8.3f} s"
    saves = " ".join("n/a" if s is None else f"{s:.3f}" for s in watch.latencies)
    median = "n/a" if watch.median is None else f"{watch.median:8.3f} s"
    rss = "n/a" if watch.rss_mb is None else f"{watch.rss_mb:5.0f} MB"
    lines = [
        f"{'watch ready':<26} {ready}",
        f"{'save to agenda, median':<26} {median} (saves: {saves or 'none'})",
        f"{'watcher memory':<26} {rss} VmRSS (VmHWM {_mb(watch.peak_mb)}), "
        f"exit status {watch.exit_code}",
    ]
    if watch.error:
        lines.append(f"{'watch problem':<26} {watch.error}")
    return lines


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def ratio(size: Size, name: str) -> str:
    run, base = size.runs.get(name), size.runs["baseline"]
    if run is None or base is None:
        return "n/a"
    return f"{base.seconds / run.seconds:.1f}x"


def to_floor(size: Size, name: str) -> float | None:
    """The command's time over the floor's, taken beside it (else the size's own floor)."""
    run, floor = size.runs.get(name), floor_of(size, name)
    if run is None or floor is None:
        return None
    return run.seconds / floor


def floor_of(size: Size, name: str) -> float | None:
    run, floor = size.runs.get(name), size.runs.get("floor")
    if run is not None and run.floor is not None:
        return run.floor
    return None if floor is None else floor.seconds


def floor_ratio(size: Size, name: str) -> str:
    value = to_floor(size, name)
    return "n/a" if value is None else f"{value:.2f}x floor"


def table(sizes: list[Size]) -> str:
    names = NAMES
    head = "| contacts (notes) | " + " | ".join(names) + " |"
    lines = [head, "|" + "---|" * (len(names) + 1)]
    for size in sizes:
        cells = []
        for name in names:
            run = size.runs.get(name)
            if run is None:
                cells.append("n/a")
            elif name == "floor":
                cells.append(f"{run.seconds:.3f} s, {run.peak_mb:.0f} MB")
            elif name == "baseline":
                cells.append(
                    f"{run.seconds:.3f} s ({floor_ratio(size, name)}), {run.peak_mb:.0f} MB"
                )
            else:
                cells.append(
                    f"{run.seconds:.3f} s ({ratio(size, name)}; {floor_ratio(size, name)}), "
                    f"{run.peak_mb:.0f} MB"
                )
        lines.append(f"| {size.contacts:,} ({size.notes:,}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def watch_table(sizes: list[Size]) -> str:
    lines = [
        f"| contacts (notes) | watch ready | save to agenda, median of {WATCH_SAVES} "
        "(fastest-slowest) | watcher VmRSS after the saves (VmHWM) |",
        "|---|---|---|---|",
    ]
    for size in sizes:
        watch = size.watch
        if watch is None:
            cells = ["n/a"] * 3
        else:
            seen = [s for s in watch.latencies if s is not None]
            spread = f" ({min(seen):.3f}-{max(seen):.3f} s)" if seen else ""
            missed = len(watch.latencies) - len(seen)
            if missed:
                spread += f", {missed} not seen in {SAVE_TIMEOUT:g} s"
            cells = [
                "n/a" if watch.ready is None else f"{watch.ready:.3f} s",
                ("n/a" if watch.median is None else f"{watch.median:.3f} s") + spread,
                f"{_mb(watch.rss_mb)} ({_mb(watch.peak_mb)})",
            ]
        lines.append(f"| {size.contacts:,} ({size.notes:,}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def growth(sizes: list[Size]) -> str:
    """Time per 1,000 contacts at each size, and the marginal cost between the ends."""
    if len(sizes) < 2:
        return "(one size only: no growth check)"
    lines = [
        "time per 1,000 contacts (marginal, start-up excluded, between the smallest and "
        "largest size; linear growth keeps the per-size figures close to it):"
    ]
    small, large = sizes[0], sizes[-1]
    for name in NAMES:
        a, b = small.runs.get(name), large.runs.get(name)
        if a is None or b is None:
            continue
        per = [f"{s.runs[name].seconds / s.contacts * 1000:.3f}" for s in sizes]  # type: ignore[union-attr]
        marginal = (b.seconds - a.seconds) / (large.contacts - small.contacts) * 1000
        lines.append(f"  {name:<26} per size: {' / '.join(per)} s; marginal {marginal:.3f} s")
    return "\n".join(lines)


def _verdict(target: str, measured: str | None, met: bool | None) -> str:
    if measured is None or met is None:
        return f"  - {target}: n/a"
    return f"  - {target}: {measured}: {'met' if met else 'not met'}"


def targets(sizes: list[Size]) -> str:
    """The targets at 10,000 contacts, each with the value measured and whether it is met."""
    size = next((s for s in sizes if s.contacts == TARGET_CONTACTS), None)
    if size is None:
        size = sizes[-1]
        head = (
            f"Targets (at {TARGET_CONTACTS:,} contacts; not measured, so shown against "
            f"{size.contacts:,} for reference):"
        )
    else:
        head = f"Targets (at {TARGET_CONTACTS:,} contacts):"
    lines = [head]
    for name, limit in FLOOR_TARGETS:
        value, run, floor = to_floor(size, name), size.runs.get(name), floor_of(size, name)
        measured = None
        if value is not None and run is not None and floor is not None:
            measured = f"{value:.2f}x ({run.seconds:.3f} s, floor {floor:.3f} s)"
        met = None if value is None else value <= limit
        lines.append(_verdict(f"{name} <= {limit:g}x floor", measured, met))
    cold, base = size.runs.get("cold index"), size.runs.get("baseline")
    if cold is not None and base is not None:
        share = cold.seconds / base.seconds
        measured = f"{share:.2f}x ({cold.seconds:.3f} s, baseline {base.seconds:.3f} s)"
        lines.append(
            _verdict(
                f"cold index <= {COLD_INDEX_TARGET:g}x the naive loop's time",
                measured,
                share <= COLD_INDEX_TARGET,
            )
        )
        measured = f"{cold.cpu:.2f} s against {base.cpu:.2f} s"
        lines.append(
            _verdict("cold index CPU-seconds <= the naive loop's", measured, cold.cpu <= base.cpu)
        )
    else:
        lines.append(_verdict("cold index <= 0.8x the naive loop's time", None, None))
    watch = size.watch or Watch()
    ready, median, rss = watch.ready, watch.median, watch.rss_mb
    lines += [
        _verdict(
            f"watch ready <= {READY_TARGET:g} s",
            None if ready is None else f"{ready:.3f} s",
            None if ready is None else ready <= READY_TARGET,
        ),
        _verdict(
            f"save to agenda <= {SAVE_TARGET:g} s median",
            None if median is None else f"{median:.3f} s",
            None if median is None else median <= SAVE_TARGET,
        ),
        _verdict(
            f"watcher memory < {WATCH_MB_TARGET:.0f} MB",
            None if rss is None else f"{rss:.0f} MB VmRSS",
            None if rss is None else rss < WATCH_MB_TARGET,
        ),
    ]
    peaks = [
        (run.peak_mb, name)
        for name, run in size.runs.items()
        if run is not None and name not in REFERENCES
    ]
    if watch.peak_mb is not None:
        peaks.append((watch.peak_mb, "watch (VmHWM)"))
    top = max(peaks, default=None)
    lines.append(
        _verdict(
            f"peak memory of any command < {PEAK_MB_TARGET:.0f} MB",
            None if top is None else f"{top[0]:.0f} MB ({top[1]})",
            None if top is None else top[0] < PEAK_MB_TARGET,
        )
    )
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated contact counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--workdir", type=Path, help="where vaults are generated (default: tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the generated vaults")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    sizes = sorted(int(part.replace("_", "")) for part in args.sizes.split(","))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="vaultkeeper-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {machine()}")
    results = [bench_size(n, workdir, args.repeat, args.keep) for n in sizes]
    if args.workdir is None and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        "\nTime (ratios: baseline time / this time, higher is faster; this time / floor time,"
        " lower is better), peak RSS:\n"
    )
    print(table(results))
    print("\nWatcher (`watch --debounce 0.1`, index current):\n")
    print(watch_table(results))
    print()
    print(growth(results))
    print()
    print(targets(results))
    if args.json:
        data = {"machine": machine(), "sizes": [asdict(s) for s in results]}
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
