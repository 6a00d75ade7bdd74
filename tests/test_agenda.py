"""The agenda: exact expected output, determinism, settings and the write-only-on-change rule."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from support import EXAMPLE, SMALL, SMALL_AGENDA, render

from vaultkeeper.agenda import build_agenda
from vaultkeeper.agenda_file import write_if_changed
from vaultkeeper.config import settings_from_toml
from vaultkeeper.vault import load_vault

D = date.fromisoformat


def test_small_vault_agenda_is_exactly_as_expected() -> None:
    expected = SMALL_AGENDA.read_text(encoding="utf-8")
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


def test_a_vault_with_contacts_and_nothing_due_is_calm(tmp_path: Path) -> None:
    (tmp_path / "Ana.md").write_text("---\nsegment: peer\nlast_touch: 2026-11-10\n---\n")
    text = render(tmp_path, "2026-11-18")
    assert text == (
        "# Week of 16 Nov 2026\n\n"
        "Nobody is waiting on you this week. Enjoy the quiet.\n\n"
        "---\n"
        "Written by vaultkeeper for Wed 18 Nov 2026. "
        "Edit your contact notes, not this file: it is rewritten.\n"
    )


def test_a_vault_without_contacts_says_how_to_start(tmp_path: Path) -> None:
    """An existing vault before any rule: not "enjoy the quiet", but what was read, how a note
    becomes a contact, and the rule that would make its people contacts."""
    for name in ("Ana Lima", "Ben Okoro", "Cy Park"):
        (tmp_path / "People").mkdir(exist_ok=True)
        (tmp_path / "People" / f"{name}.md").write_text("Met at the gym.\n")
    (tmp_path / "Dee.md").write_text("---\ntype: person\n---\n")
    (tmp_path / "Ideas.md").write_text("A list of ideas.\n")
    text = render(tmp_path, "2026-11-18")
    assert text.split("\n\n")[1:3] == [
        "No contacts yet: vaultkeeper read 5 notes and none of them is a contact. A note "
        "becomes one with a `segment:` line in its front matter (`segment: peer`), or through "
        "a `[contacts]` rule in vaultkeeper.toml: a folder, a tag or a property such as "
        "`type: person`.",
        '4 notes look like people (3 in People/): `folders = ["People"]` under `[contacts]` '
        "makes them contacts, and `vaultkeeper sort` gives each one a segment.",
    ]


def test_write_if_changed_leaves_an_unchanged_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "agenda.md"
    assert write_if_changed(target, "one\n") is True
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    assert write_if_changed(target, "one\n") is False
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert write_if_changed(target, "two\n") is True
    assert target.read_text() == (
        "two\n\n<!-- Written by vaultkeeper: edit your contact notes, not this file. -->\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.md"]


def _crowd(root: Path) -> None:
    """Six overdue peers, four promises, three never touched and two not sorted."""
    for i in range(6):
        note = f"---\nsegment: peer\nlast_touch: 2026-0{i + 1}-01\n---\n"
        (root / f"Peer {i}.md").write_text(note, encoding="utf-8")
    for i in range(4):
        note = f"---\nsegment: mentor\npromises:\n  - what: Send draft {i}\n---\n"
        (root / f"Mentor {i}.md").write_text(note, encoding="utf-8")
    (root / "Loose 1.md").write_text("---\nsegment: later\n---\n", encoding="utf-8")
    (root / "Loose 2.md").write_text("---\nsegment: someday\n---\n", encoding="utf-8")


def test_long_lists_show_their_first_rows_and_count_the_rest(tmp_path: Path) -> None:
    _crowd(tmp_path)
    settings = settings_from_toml({"agenda": {"max_rows": 2, "touchpoints": 0}})
    text = render(tmp_path, "2026-11-18", settings)
    assert text.splitlines()[2] == (
        "6 overdue · 4 promises open · 4 never touched · 2 not sorted yet"
    )
    overdue = text.split("## Overdue\n", 1)[1].split("\n## ", 1)[0]
    assert overdue == (
        "\n### Peer\n\n"
        "| Contact | Overdue by | Last touch | Last note | Channel |\n"
        "|---|---|---|---|---|\n"
        "| [[Peer 0]] | 251 days | 1 Jan |  |  |\n"
        "| [[Peer 1]] | 220 days | 1 Feb |  |  |\n"
        "\n"
        "…and 4 more; `vaultkeeper list --overdue --segment peer` lists them all.\n"
    )
    assert "- [[Mentor 1]]: Send draft 1\n- …and 2 more.\n" in text
    assert "- [[Mentor 1]] (mentor)\n- …and 2 more.\n" in text
    assert "- [[Loose 1]] (segment “later” is not defined)\n- [[Loose 2]]" in text
    assert "Loose 2]] (segment “someday” is not defined)\n\n" in text  # both shown, no "more"


def test_max_rows_0_shows_every_row(tmp_path: Path) -> None:
    _crowd(tmp_path)
    settings = settings_from_toml({"agenda": {"max_rows": 0}})
    text = render(tmp_path, "2026-11-18", settings)
    assert text.count("| [[Peer ") == 6
    assert "more" not in text
    assert text == render(tmp_path, "2026-11-18", settings_from_toml({"agenda": {"max_rows": 6}}))


def test_max_rows_below_0_is_a_config_error() -> None:
    import pytest

    from vaultkeeper.errors import ConfigError

    with pytest.raises(
        ConfigError, match=r"agenda.max_rows must be 0 \(show all\) or more, not -1"
    ):
        settings_from_toml({"agenda": {"max_rows": -1}})


def test_talking_points_carry_no_markdown_or_plugin_syntax(tmp_path: Path) -> None:
    """Real notes gave the agenda an embed, a Dataview query, inline fields and comments as
    the talking point; it quotes the note's first paragraph of prose, as text."""
    note = (
        "---\nsegment: peer\n---\n"
        "![[Books.base#Author]]\n"
        "Customer:: [[Acme]]\n\n"
        "%% private: ask about the reorg %%\n"
        "Met [[Ana Lima|Ana]] at the *data* meetup; she runs the "
        "[analytics guild](https://example.org) at `$= dv.current().company`.\n"
        "# Notes\n- a list item\n"
    )
    (tmp_path / "Ana Lima.md").write_text(note, encoding="utf-8")
    text = render(tmp_path, "2026-11-18")
    start = text.split("## Start here\n", 1)[1].split("\n\n", 1)[0]
    assert start == (
        "1. [[Ana Lima]] (peer, not in touch yet): Met Ana at the data meetup; she runs the "
        "analytics guild at."
    )


def test_the_monthly_review_heads_the_agenda_in_the_week_of_the_first_monday() -> None:
    text = render(EXAMPLE, "2026-12-07")
    block = text.split("## Monthly review (30 minutes)\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert block.split("\n\n") == [
        "Overdue:\n- close allies: 3\n- peers: 2\n- mentors: 2\n- aspirational: 4",
        "Relationship map:\n- close allies: 5 of 5\n- peers: 10 of 10\n- mentors: 3 of 3\n"
        "- aspirational: 10 of 10\n- 2 not sorted yet: `vaultkeeper sort` files them",
        "One community action:\n"
        "- Offer to introduce [[Hannah Schulz]] (peer) and [[Kwame Mensah]] (peer):\n"
        "  Hannah Schulz offers a structured interview loop for ML platform engineers, Kwame "
        "Mensah is looking for an interview loop for ML engineers; both work on hiring\n"
        "  Ask each person first, and introduce them only if both would like it.",
        "One mentor update:\n- [[Margaret Chen]] (mentor): share one piece of progress since you "
        'last spoke (last time, 15 Jul: "asked how she structured on-call for a team of '
        'twelve") and ask one question',
    ]
    assert "## Monthly review" not in render(EXAMPLE, "2026-12-14")


def test_the_quarterly_review_heads_the_agenda_in_the_week_that_holds_the_first() -> None:
    text = render(EXAMPLE, "2026-12-28")
    assert "## Quarterly review (45 minutes)\n\nPeople to deepen:\n- [[Omar Farouk]] (peer)" in text
    assert "## Monthly review" not in text
    assert "## Quarterly review" not in render(EXAMPLE, "2027-01-11")
