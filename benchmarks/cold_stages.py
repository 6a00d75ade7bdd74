"""Where a cold index's time goes, stage by stage, against the naive loop's whole work per note.

`run.py` times whole processes; this times each stage of building the index from nothing in
one process, on every note of a vault, as CPU time per note (best of `--repeat`, the garbage
collector paused as the index pauses it), beside the naive loop (`frontmatter.load`, what
`run.py` calls the baseline) done the same way. It answers one question: how much of the work
an index must do for the agenda to read it already costs more than the loop does per note.

    python benchmarks/cold_stages.py --contacts 10000
    python benchmarks/cold_stages.py --vault ~/notes      # a real vault, read only
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

from vaultkeeper import note
from vaultkeeper.brief import brief_row
from vaultkeeper.config import load_settings
from vaultkeeper.lint.private import holds_private
from vaultkeeper.log import latest_log_date, log_section
from vaultkeeper.matching import filed_under
from vaultkeeper.parse import contact_from_note
from vaultkeeper.pool import entry_of
from vaultkeeper.store import stamp, write_rows
from vaultkeeper.vault import record_from_bytes
from vaultkeeper.walk import iter_notes

AGENDA_NEEDS = (
    "read the file",
    "front matter",
    "contact",
    "brief and card",
    "store the rows, no records",
)
"""The stages without which no agenda can be weighed from the index (its privacy line, its
"Worth sharing" topics, and every record `show`, `draft` and `intros` unpack left out): the
least a cold index does."""
NO_INDEX_ESCAPES = (
    "read the file",
    "front matter",
    "the log's newest date",
    "privacy gate",
    "store the rows, no records",
)
"""What even an index that made the agenda's columns straight from the front matter, building
no contact, would still do (the privacy gate gives the agenda its line on private details): a
bound on any design that keeps the agenda's facts, before its segments, cadences, dates and
names are read, and before the interpreter starts."""


def _parse(data: bytes) -> note.Note | None:
    """A note's front matter and body, or None for one the index would report as broken."""
    try:
        return note.parse(note.decode(data))
    except note.NoteError:
        return None


def _naive(frontmatter: Any, name: str) -> object:
    """The naive loop's one load, which stops at broken YAML where the index goes on."""
    try:
        return frontmatter.load(name)
    except Exception:  # any of PyYAML's errors: a script would skip the note
        return None


def _ignore(*args: object) -> None:
    """A problem found on the way: the contact's own stage reports it, this one times."""


def best(repeat: int, work: Callable[[], object]) -> float:
    """The least CPU time of `repeat` runs of `work`, the collector paused as in the index."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
        gc.enable()
    return min(times)


def stages(root: Path, repeat: int) -> tuple[int, list[tuple[str, float]]]:
    """Each stage's CPU seconds over every note of `root`, in the order a worker does them."""
    import frontmatter  # the naive loop's one dependency, and ours already

    settings = load_settings(root)
    files = list(iter_notes(root, settings))
    paths = [stat.path for stat in files]
    full = [os.path.join(root, path) for path in paths]

    def read() -> list[bytes]:
        out = []
        for name in full:
            with open(name, "rb", buffering=0) as handle:
                out.append(handle.readall())
        return out

    datas = read()
    parsed = [_parse(data) for data in datas]
    readable = [(path, one) for path, one in zip(paths, parsed, strict=True) if one is not None]
    records = [record_from_bytes(p, d, settings) for p, d in zip(paths, datas, strict=True)]
    contacts = [r.contact for r in records if r.contact is not None]
    texts = {path: note.decode(data) for path, data in zip(paths, datas, strict=True)}
    entries = [entry_of(record) for record in records]
    blobs = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in records]
    rows = [
        (stat.path, stat.mtime_ns, stat.size, stat.ctime_ns, stat.inode, blob, *entry)
        for stat, blob, entry in zip(files, blobs, entries, strict=True)
    ]
    no_records = [(*row[:5], b"", *row[6:]) for row in rows]

    def newest_logged() -> None:
        for _, one in readable:
            span = log_section(one.body)
            if span is not None:
                latest_log_date(one.body[span[0] : span[1]], _ignore)

    def contacts_of() -> None:
        for path, one in readable:
            contact_from_note(path, one.meta or {}, one.body, settings)

    def store(rows: list[tuple[Any, ...]]) -> Callable[[], None]:
        def work() -> None:
            with tempfile.TemporaryDirectory() as scratch:
                write_rows(Path(scratch), stamp(settings), rows, (), True)

        return work

    timed: list[tuple[str, Callable[[], object]]] = [
        ("naive loop (frontmatter.load)", lambda: [_naive(frontmatter, name) for name in full]),
        ("read the file", read),
        ("front matter", lambda: [_parse(data) for data in datas]),
        ("the log's newest date", newest_logged),
        ("contact", contacts_of),
        ("privacy gate", lambda: [holds_private(c, texts[c.path], settings) for c in contacts]),
        ("brief and card", lambda: [brief_row(contact) for contact in contacts]),
        ("topics", lambda: [filed_under(contact) for contact in contacts]),
        (
            "whole record",
            lambda: [record_from_bytes(p, d, settings) for p, d in zip(paths, datas, strict=True)],
        ),
        ("record pickle", lambda: [pickle.dumps(r, pickle.HIGHEST_PROTOCOL) for r in records]),
        ("store the rows", store(rows)),
        ("store the rows, no records", store(no_records)),
    ]
    return len(files), [(name, best(repeat, work)) for name, work in timed]


def report(notes: int, measured: Sequence[tuple[str, float]]) -> str:
    """The table: microseconds per note, and the least an index does against the loop."""
    per = {name: seconds * 1e6 / notes for name, seconds in measured}
    naive = measured[0][0]
    lines = [f"{notes:,} notes; CPU microseconds per note, best run", ""]
    lines += [f"  {name:<32} {per[name]:7.1f}" for name, _ in measured]
    for what, names in (
        ("the least an index does", AGENDA_NEEDS),
        ("no index escapes", NO_INDEX_ESCAPES),
    ):
        least = sum(per[name] for name in names)
        lines += [
            "",
            f"  {what} ({', '.join(names)}):",
            f"  {least:.1f} µs a note, {least / per[naive]:.2f}x the naive loop's {per[naive]:.1f}",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--vault", type=Path, help="an existing vault instead of a generated one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        root = args.vault or Path(work) / "vault"
        if args.vault is None:
            generate(root, args.contacts)
        notes, measured = stages(root, args.repeat)
    print(report(notes, measured))


if __name__ == "__main__":
    main()
