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
- agenda, 1 note edited: the same after one note was saved again (one note re-read, the whole
  agenda rebuilt and rendered): what an editor hook sees after each save;
- show: `vaultkeeper show NAME` for one real contact;
- list --json: `vaultkeeper list --json` (its output goes to /dev/null);
- touch: one `vaultkeeper touch NAME` (a real write, then the index brings the one note up to date).

Then `vaultkeeper watch --debounce 0.1` is started with the index current: ready is the time from
its start to its first line ("Watching ..."); save to agenda is the median, over a few saves of
one note a second or so apart (each a real change that changes the agenda), of the time from the
write until `agenda.md` changed (polled every few ms); its memory is its VmRSS after the saves.

Peak memory is each process's own `ru_maxrss` (from `os.wait4`; a pool's workers count
separately and are smaller than the parent). Each time is shown with two ratios: the baseline's
time divided by the command's (above 1 is faster than the baseline), and the command's time
divided by the floor's (the closer to 1, the better).

    python benchmarks/run.py                         # 1,000 and 10,000 contacts
    python benchmarks/run.py --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import TODAY, generate

BASELINE = """
import sys, pathlib, frontmatter
for path in pathlib.Path(sys.argv[1]).rglob("*.md"):
    frontmatter.load(path)
"""
# Installed packages carry compiled bytecode; let these runs write and use it the same way.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TARGETS = (
    "warm agenda at 10,000 contacts: at least 5x faster than the baseline",
    "cold index at 10,000 contacts: no slower than the baseline (ratio >= 1)",
    "one touch at 10,000 contacts: under 0.3 s",
    "time grows linearly with contacts; peak memory under 200 MB at 10,000",
)


NAMES = ["baseline", "cold index", "warm index", "warm agenda", "agenda, 1 note edited", "touch"]


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Size:
    contacts: int
    notes: int
    runs: dict[str, Run | None] = field(default_factory=dict)


def measure(argv: list[str], repeat: int, before: Callable[[], None] | None = None) -> Run:
    """Best wall time of `repeat` runs of a whole process, and the largest peak RSS seen;
    `before` runs ahead of each (untimed)."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        error = proc.stderr.read().decode() if proc.stderr else ""
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{error}")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)  # KiB on Linux
    return Run(best, peak)


def vaultkeeper() -> list[str]:
    script = Path(sys.executable).parent / "vaultkeeper"
    return [str(script)] if script.exists() else [sys.executable, "-m", "vaultkeeper"]


def touch_works(command: list[str]) -> bool:
    result = subprocess.run(
        [*command, "touch", "--help"], capture_output=True, check=False, env=ENV
    )
    return result.returncode == 0


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

    steps: list[tuple[str, list[str], int, Callable[[], None] | None]] = [
        ("baseline", [sys.executable, "-c", BASELINE, str(root)], slow, None),
        ("cold index", [*vk, "index"], slow, drop_cache),
        ("warm index", [*vk, "index"], repeat, None),
        ("warm agenda", [*vk, "agenda", "--stdout"], repeat, None),
        ("agenda, 1 note edited", [*vk, "agenda", "--stdout"], repeat, edit_one_note),
    ]
    for name, argv, times, before in steps:
        size.runs[name] = measure(argv, times, before)
        print(f"   {name:<22} {size.runs[name].seconds:8.3f} s", flush=True)  # type: ignore[union-attr]
    size.runs["touch"] = None
    if touch_works(vk):
        who = sorted((root / "people").glob("*.md"))[contacts // 2].stem
        argv = [*vk, "touch", who, "--via", "email", "-m", "benchmark touch"]
        try:
            size.runs["touch"] = run = measure(argv, repeat)
            print(f"   {'touch':<22} {run.seconds:8.3f} s", flush=True)
        except SystemExit as exc:  # the command is still being written: report, go on
            print(f"   touch        n/a: {exc}", flush=True)
    else:
        print("   touch        n/a (no `vaultkeeper touch` yet)", flush=True)
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    return size


def ratio(size: Size, name: str) -> str:
    run, base = size.runs.get(name), size.runs["baseline"]
    if run is None or base is None:
        return "n/a"
    return f"{base.seconds / run.seconds:.1f}x"


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
            elif name == "baseline":
                cells.append(f"{run.seconds:.3f} s, {run.peak_mb:.0f} MB")
            else:
                cells.append(f"{run.seconds:.3f} s ({ratio(size, name)}), {run.peak_mb:.0f} MB")
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
        lines.append(f"  {name:<22} per size: {' / '.join(per)} s; marginal {marginal:.3f} s")
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
    print("\nTime (ratio: baseline time / this time, higher is faster), peak RSS:\n")
    print(table(results))
    print()
    print(growth(results))
    print("\nTargets:\n" + "\n".join(f"  - {t}" for t in TARGETS))
    if args.json:
        data = {"machine": machine(), "sizes": [asdict(s) for s in results]}
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
