"""`benchmarks/cold_stages.py`, the cold index stage by stage: it must keep running against the
code it measures (a renamed function would otherwise go unnoticed until someone needs it)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from support import EXAMPLE

from vaultkeeper.config import load_settings
from vaultkeeper.walk import iter_notes

STAGES = [
    "naive loop (frontmatter.load)",
    "read the file",
    "front matter",
    "the log's newest date",
    "contact",
    "privacy gate",
    "brief and card",
    "topics",
    "whole record",
    "record pickle",
    "store the rows",
    "store the rows, no records",
]


@pytest.fixture
def cold_stages() -> Iterator[ModuleType]:
    sys.path.insert(0, str(EXAMPLE.parent / "benchmarks"))
    try:
        import cold_stages

        yield cold_stages
    finally:
        sys.path.remove(str(EXAMPLE.parent / "benchmarks"))


def test_every_stage_is_timed_on_every_note(cold_stages: ModuleType, tmp_path: Path) -> None:
    from generate import generate

    root = tmp_path / "vault"
    generate(root, 60)
    notes, measured = cold_stages.stages(root, 1)
    assert notes == sum(1 for _ in root.rglob("*.md"))
    assert [name for name, _ in measured] == STAGES
    assert all(seconds > 0 for _, seconds in measured)
    assert set(cold_stages.AGENDA_NEEDS) | set(cold_stages.NO_INDEX_ESCAPES) <= set(STAGES)


def test_the_report_sums_the_stages_each_bound_names(cold_stages: ModuleType) -> None:
    measured = [(name, 0.001 * (number + 1)) for number, name in enumerate(STAGES)]
    text = cold_stages.report(1000, measured)
    lines = text.splitlines()
    assert lines[0] == "1,000 notes; CPU microseconds per note, best run"
    assert "  front matter                         3.0" in lines
    least = sum(STAGES.index(name) + 1 for name in cold_stages.AGENDA_NEEDS)
    assert f"  {least:.1f} µs a note, {least:.2f}x the naive loop's 1.0" in lines
    assert lines[-2] == f"  no index escapes ({', '.join(cold_stages.NO_INDEX_ESCAPES)}):"


def test_it_runs_on_an_existing_vault_and_leaves_it_as_it_was(
    cold_stages: ModuleType, capsys: pytest.CaptureFixture[str], make_vault: object
) -> None:
    root = make_vault(copy=EXAMPLE, name="example")  # type: ignore[operator]
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    cold_stages.main(["--vault", str(root), "--repeat", "1"])
    output = capsys.readouterr().out
    notes = len(list(iter_notes(root, load_settings(root))))  # as the index counts them
    assert output.startswith(f"{notes:,} notes;")
    assert "no index escapes" in output
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*")) == before
