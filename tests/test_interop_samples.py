"""Every real export in ../shared/samples (kept outside the project) through the importers:
no exception, the counts they gave when this was written, and a second run that changes
nothing. Skipped where the samples are absent."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import MakeVault, run

SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "samples"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is absent")

LINKEDIN = {
    "Connections_2024_url.csv": "20 created, 0 updated, 0 unchanged, 1 skipped.",
    "Connections_2021_nourl.csv": "12 created, 0 updated, 0 unchanged, 3 skipped.",
    "Connections_2018_legacy.csv": "12 created, 0 updated, 0 unchanged, 0 skipped.",
}


def _run(root: Path, *args: str) -> str:
    result = run("--vault", str(root), "--today", "2026-01-10", "import", *args)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[-1]


@pytest.mark.parametrize("name", sorted(LINKEDIN))
def test_each_linkedin_sample(make_vault: MakeVault, name: str) -> None:
    root = make_vault()
    assert _run(root, "linkedin", str(SAMPLES / "linkedin" / name)) == LINKEDIN[name]
    created = int(LINKEDIN[name].split()[0])
    assert _run(root, "linkedin", str(SAMPLES / "linkedin" / name)) == (
        f"0 created, 0 updated, {created} unchanged, {LINKEDIN[name].split(', ')[-1]}"
    )


def test_every_vcard_sample_at_once(make_vault: MakeVault) -> None:
    root = make_vault()
    files = sorted(str(p) for p in (SAMPLES / "vcard").glob("*.vcf"))
    assert len(files) == 11
    assert _run(root, "vcard", *files) == "14 created, 0 updated, 2 unchanged, 3 skipped."
    assert _run(root, "vcard", *files) == "0 created, 0 updated, 16 unchanged, 3 skipped."
    result = run("--vault", str(root), "export", "vcard")
    assert result.exit_code == 0 and result.output.count("BEGIN:VCARD") == 14
