"""The agenda: exact expected output, determinism, templates and the write-only-on-change rule."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from vaultkeeper.agenda import build_agenda, render_agenda, write_if_changed
from vaultkeeper.config import Settings, load_settings, settings_from_toml
from vaultkeeper.dates import short_date, span
from vaultkeeper.errors import TemplateError
from vaultkeeper.vault import load_vault

HERE = Path(__file__).parent
SMALL = HERE / "fixtures" / "small-vault"
EXAMPLE = HERE.parent / "example-vault"
D = date.fromisoformat


def render(root: Path, today: str, settings: Settings | None = None) -> str:
    settings = settings or load_settings(root)
    vault = load_vault(root, settings)
    return render_agenda(build_agenda(vault, D(today)), root, settings.agenda_template)


def test_small_vault_agenda_is_exactly_as_expected() -> None:
    expected = (HERE / "fixtures" / "small-agenda.md").read_text(encoding="utf-8")
    assert render(SMALL, "2026-11-18") == expected


def test_example_vault_agenda_matches_the_committed_file() -> None:
    """The README's first command must reproduce example-vault/agenda.md byte for byte."""
    assert render(EXAMPLE, "2026-11-23") == (EXAMPLE / "agenda.md").read_text(encoding="utf-8")


def test_same_vault_same_day_same_bytes_whatever_the_file_order(tmp_path: Path) -> None:
    first = render(SMALL, "2026-11-18")
    copy = tmp_path / "vault"
    for path in sorted(SMALL.rglob("*.md"), reverse=True):
        target = copy / path.relative_to(SMALL)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    assert render(copy, "2026-11-18") == first


def test_every_day_of_the_week_gives_the_same_week_title() -> None:
    titles = {render(SMALL, f"2026-11-{day}").splitlines()[0] for day in range(16, 23)}
    assert titles == {"# Week of 16 Nov 2026"}
    assert render(SMALL, "2026-11-23").splitlines()[0] == "# Week of 23 Nov 2026"


def test_week_start_setting() -> None:
    settings = settings_from_toml({"agenda": {"week_start": "sunday"}})
    assert render(SMALL, "2026-11-18", settings).splitlines()[0] == "# Week of 15 Nov 2026"


def test_touchpoints_setting() -> None:
    settings = settings_from_toml({"agenda": {"touchpoints": 0}})
    text = render(SMALL, "2026-11-18", settings)
    assert "## Start here" not in text
    settings = settings_from_toml({"agenda": {"touchpoints": 4}})
    agenda = build_agenda(load_vault(SMALL, settings), D("2026-11-18"))
    assert [pick.link for pick in agenda.start_here] == [
        "[[Olive Overdue]]",
        "[[Rita Remind]]",
        "[[Carla Close|Carla Montes]]",
        "[[Dan Due]]",
    ]


def test_empty_vault_is_calm(tmp_path: Path) -> None:
    text = render(tmp_path, "2026-11-18")
    assert text == (
        "# Week of 16 Nov 2026\n\n"
        "Nobody is waiting on you this week. Enjoy the quiet.\n\n"
        "---\n"
        "Written by vaultkeeper for Wed 18 Nov 2026. "
        "Edit your contact notes, not this file: it is rewritten.\n"
    )


def test_vault_template_is_used_and_sandboxed(tmp_path: Path) -> None:
    (tmp_path / "my.md.j2").write_text(
        "{{ agenda.title }}: {{ agenda.overdue_count }} overdue\n", encoding="utf-8"
    )
    shutil.copytree(SMALL / "people", tmp_path / "people")
    settings = settings_from_toml({"agenda": {"template": "my.md.j2"}})
    assert render(tmp_path, "2026-11-18", settings) == "Week of 16 Nov 2026: 2 overdue\n"

    (tmp_path / "my.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError, match=r"my\.md\.j2"):
        render(tmp_path, "2026-11-18", settings)

    (tmp_path / "my.md.j2").write_text("{% for x in %}")
    with pytest.raises(TemplateError, match=r"my.md.j2, line 1"):
        render(tmp_path, "2026-11-18", settings)


def test_missing_vault_template_is_a_clear_error(tmp_path: Path) -> None:
    settings = settings_from_toml({"agenda": {"template": "nope.j2"}})
    with pytest.raises(TemplateError, match=r"cannot read the agenda template nope\.j2"):
        render(tmp_path, "2026-11-18", settings)


def test_write_if_changed_leaves_an_unchanged_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "agenda.md"
    assert write_if_changed(target, "one\n") is True
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    assert write_if_changed(target, "one\n") is False
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert write_if_changed(target, "two\n") is True
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.md"]


@pytest.mark.parametrize(
    ("days", "text"),
    [(0, "0 days"), (1, "1 day"), (13, "13 days"), (42, "42 days"), (400, "400 days")],
)
def test_span(days: int, text: str) -> None:
    assert span(days) == text


def test_short_date_adds_the_year_only_when_needed() -> None:
    assert short_date(D("2026-11-19"), D("2026-11-18")) == "Thu 19 Nov"
    assert short_date(D("2027-01-04"), D("2026-11-18")) == "Mon 4 Jan 2027"
    assert short_date(D("2025-08-01"), D("2026-11-18"), weekday=False) == "1 Aug 2025"
