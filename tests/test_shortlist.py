"""The agenda built from the index's briefs (only the contacts it can show unpacked) is the
agenda a full load gives, byte for byte, on vaults made to stress every list's order, counts
and links; and it steps aside whenever only a full load can answer."""

from __future__ import annotations

import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from support import EXAMPLE, MakeVault, age, run, write

from vaultkeeper.agenda import build_agenda, render_agenda
from vaultkeeper.config import load_settings
from vaultkeeper.index import load_indexed
from vaultkeeper.outputs import KEPT_NAME
from vaultkeeper.scan import CACHE_DIR
from vaultkeeper.shortlist import shortlisted_agenda
from vaultkeeper.walk import iter_notes

SEGMENTS = ["ally", "peer", "mentor", "aspirational", "close ally", "friend", None]
NAMES = ["Ana Silva", "Ben Okafor", "Chloé Martin", "Dan Wu", "Eve Adams", "Femi Ade", "Gus Li"]
START = date(2026, 1, 1)
TAGS = ["pricing", "b2b-saas", "event/pycon", "event/saastr", "hiring", "community", "Health"]
INBOX = """# Reading list

- [Pricing field guide](https://example.com/pricing) #pricing #b2b-saas
- [Notes on hiring a first engineer (for founders)](https://example.com/hire)
- [Conference notes](https://example.com/events) #event
- [x] [Community playbook](https://example.com/community) #community
- Office hours for community leads
"""


def _day(rng: random.Random, spread: int = 400) -> date:
    return START + timedelta(days=rng.randrange(spread))


def _contact(rng: random.Random, name: str) -> str:
    """A note with a random mix of what the agenda weighs."""
    lines = ["---", f"name: {name}"]
    segment = rng.choice(SEGMENTS)
    if segment is not None:
        lines.append(f"segment: {segment}")
    if rng.random() < 0.2:
        lines.append(f"cadence: {rng.randint(1, 4)}-{rng.randint(5, 9)}{rng.choice('dwm')}")
    if rng.random() < 0.3:
        lines.append(f"last_touch: {_day(rng)}")
    if rng.random() < 0.2:
        lines.append(f"next_touch: {_day(rng)}")
    if rng.random() < 0.2:
        lines.append("aliases: [" + rng.choice(["Sam", "Ana", "The Boss"]) + "]")
    if rng.random() < 0.3:
        lines.append(f"birthday: {rng.choice(['1990-02-29', '--12-31', '03-01', '1985-01-05'])}")
    if rng.random() < 0.2:
        lines.append(f"milestones:\n  - {{date: {_day(rng, 200) - timedelta(days=800)}, what: x}}")
    if rng.random() < 0.3:
        lines.append("promises:")
        for i in range(rng.randint(1, 3)):
            due = f", due: {_day(rng)}" if rng.random() < 0.6 else ""
            done = ", done: 2026-01-02" if rng.random() < 0.2 else ""
            lines.append(f"  - {{what: promise {i}{due}{done}}}")
    if rng.random() < 0.3:
        lines.append("reminders:")
        for i in range(rng.randint(1, 3)):
            done = ", done: 2026-01-02" if rng.random() < 0.2 else ""
            lines.append(f"  - {{date: {_day(rng)}, note: reminder {i}{done}}}")
    if rng.random() < 0.5:
        lines.append("tags: [" + ", ".join(rng.sample(TAGS, rng.randint(1, 3))) + "]")
    if rng.random() < 0.3:
        lines.append(f"offers: [{rng.choice(['pricing advice', 'hiring', 'intros to investors'])}]")
    if rng.random() < 0.3:
        lines.append(f"seeks: [{rng.choice(['a first hire', 'pricing', 'community tips'])}]")
    if rng.random() < 0.3:
        lines.append(f"role: {rng.choice(['Head of Pricing', 'Engineer', 'Community lead'])}")
    lines += ["---", "", "## Log"]
    for _ in range(rng.randint(0, 4)):
        kind = rng.choice(["", " #ask", " #give", " #ask #intro"])
        sent = rng.choice(["", "", " sent Pricing field guide"])
        lines.append(f"- {_day(rng)} talked{sent}{kind}")
    return "\n".join(lines) + "\n"


def _vault(make_vault: MakeVault, seed: int) -> Path:
    rng = random.Random(seed)
    files: dict[str, str] = {}
    for i in range(rng.randint(25, 45)):
        name = rng.choice(NAMES)
        folder = rng.choice(["people", "people", "work"])
        files[f"{folder}/{name} {i % 9}.md"] = _contact(rng, name)  # same stems, same names
    for _ in range(8):
        linked = " ".join(f"[[{rng.choice(NAMES)} {rng.randrange(9)}]]" for _ in range(3))
        files[f"daily/{_day(rng)}.md"] = f"Met {linked} and [[Sam]].\n"
    files["people/Broken.md"] = "---\nsegment: [peer\n---\n"
    files["people/Private.md"] = "---\nsegment: peer\n---\n## Log\n- 2026-03-01 Her divorce.\n"
    if rng.random() < 0.7:
        files["resources.md"] = INBOX
    rows, touchpoints = rng.choice([1, 2, 3]), rng.choice([1, 3, 12])
    files["vaultkeeper.toml"] = f"[agenda]\nmax_rows = {rows}\ntouchpoints = {touchpoints}\n"
    return make_vault(files)


def _both(root: Path, today: date) -> tuple[str, str] | None:
    from vaultkeeper.resources import read_resources

    settings = load_settings(root)
    files = list(iter_notes(root, settings))
    resources = read_resources(root, settings)
    found = shortlisted_agenda(root, settings, today, files, resources)
    if found is None:
        return None
    assert found.agenda is not None and found.text is None and found.key
    full = build_agenda(load_indexed(root, settings), today, resources=resources)
    return render_agenda(found.agenda, root, None), render_agenda(full, root, None)


@pytest.mark.parametrize("seed", range(12))
def test_the_shortlist_renders_what_the_whole_vault_renders(
    make_vault: MakeVault, seed: int
) -> None:
    root = _vault(make_vault, seed)
    load_indexed(root, load_settings(root))
    compared = 0
    for offset in range(0, 430, 11):
        today = START + timedelta(days=offset)
        both = _both(root, today)
        if both is not None:
            assert both[0] == both[1], today
            compared += 1
    assert compared > 20  # review weeks (about one in four) go to the full load


def test_each_list_is_cut_and_counted_as_the_whole_vault_counts_it(make_vault: MakeVault) -> None:
    root = _vault(make_vault, 3)
    load_indexed(root, load_settings(root))
    both = _both(root, date(2026, 6, 17))
    assert both is not None
    assert both[0] == both[1]
    assert "more" in both[0]  # lists were cut, and their counts come from every contact
    assert "[[people/" in both[0] or "[[work/" in both[0]  # a shared file name links by path


def test_a_vault_where_nobody_is_waiting_is_told_so_not_welcomed(make_vault: MakeVault) -> None:
    """Nobody in any list: the shortlist unpacks no one, yet the vault has contacts (found in
    review: it said "No contacts yet: vaultkeeper read 0 notes")."""
    today = date(2026, 11, 20)
    root = make_vault({"people/Ana.md": "---\nsegment: peer\nlast_touch: 2026-11-19\n---\nAna.\n"})
    load_indexed(root, load_settings(root))
    both = _both(root, today)
    assert both is not None
    assert both[0] == both[1]
    assert "Nobody is waiting on you this week." in both[0] and "No contacts yet" not in both[0]


def test_the_command_line_agenda_after_each_edit_matches_a_fresh_index(tmp_path: Path) -> None:
    """The example vault through the command line: after each edit (its lists brought up to
    date from the kept ones, `standing.py`) the agenda equals a fresh index's."""
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    age(root)
    args = ["--vault", str(root), "--today", "2026-11-25", "agenda", "--stdout"]
    run(*args)
    edits = [
        ("Aisha Bello", "segment: peer", "segment: ally"),
        ("Amara Okafor", "due: 2026-11-26", "due: 2026-11-20"),
        ("Naomi Brooks", "date: 2027-01-12", "date: 2026-11-26"),
    ]
    for name, old, new in edits:
        path = root / "people" / f"{name}.md"
        write(path, path.read_text(encoding="utf-8").replace(old, new))
        after = run(*args).output
        fresh = tmp_path / "fresh"
        shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(CACHE_DIR))
        assert after == run("--vault", str(fresh), *args[2:]).output, name
        shutil.rmtree(fresh)


@pytest.mark.parametrize(
    ("change", "today"),
    [
        ("unlimited", date(2026, 6, 17)),
        ("review week", date(2026, 7, 1)),
        ("no contacts", date(2026, 6, 17)),
    ],
)
def test_only_a_full_load_answers(make_vault: MakeVault, change: str, today: date) -> None:
    files = {"people/Ana.md": "---\nsegment: peer\n---\n"}
    if change == "unlimited":
        files["vaultkeeper.toml"] = "[agenda]\nmax_rows = 0\n"
    if change == "no contacts":
        files = {"notes/Idea.md": "An idea.\n"}
    root = make_vault(files)
    settings = load_settings(root)
    from vaultkeeper.resources import read_resources

    resources = read_resources(root, settings)
    files_now = list(iter_notes(root, settings))
    assert shortlisted_agenda(root, settings, today, files_now, resources) is None


def test_an_index_that_cannot_be_written_leaves_it_to_the_full_load(make_vault: MakeVault) -> None:
    root = make_vault({"people/Ana.md": "---\nsegment: peer\n---\n"})
    (root / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    settings = load_settings(root)
    files = list(iter_notes(root, settings))
    assert shortlisted_agenda(root, settings, date(2026, 6, 17), files, ()) is None
    result = run("--vault", str(root), "--today", "2026-06-17", "agenda", "--stdout")
    assert result.exit_code == 0
    assert "[[Ana]]" in result.output


@pytest.mark.parametrize("seed", range(6))
def test_list_from_the_index_prints_what_a_full_load_prints(
    make_vault: MakeVault, seed: int
) -> None:
    from vaultkeeper.listing import list_json
    from vaultkeeper.query import Filters, list_contacts, listed_from_index, listed_json_from_index
    from vaultkeeper.views import list_table

    root = _vault(make_vault, seed)
    settings = load_settings(root)
    vault = load_indexed(root, settings)
    today = START + timedelta(days=seed * 37)
    for filters in [
        Filters(),
        Filters(due=True),
        Filters(overdue=True),
        Filters(segments=("peer", "ally")),
        Filters(tags=("missing",)),
    ]:
        cards = listed_from_index(root, settings, today, filters)
        assert cards is not None
        full = list_contacts(vault, today, filters)
        assert list_json(cards) == list_json(full)
        assert listed_json_from_index(root, settings, today, filters) == list_json(full)
        assert list_table(cards, today) == list_table(full, today)


def test_list_json_from_the_index_at_the_calendar_s_edges(make_vault: MakeVault) -> None:
    """Plans that run past 9999, days before the year 1000, text JSON must escape, a segment
    the settings do not know: the rows written straight from the index say what a full load
    says."""
    from vaultkeeper.listing import list_json
    from vaultkeeper.query import Filters, list_contacts, listed_json_from_index

    root = make_vault(
        {
            "people/Late.md": "---\nsegment: peer\ncadence: 2-3m\nlast_touch: 9999-11-30\n---\n",
            "people/Planned.md": "---\nsegment: ally\nnext_touch: 9999-12-31\n---\n",
            "people/Early.md": "---\nsegment: mentor\nlast_touch: 0099-02-28\ncadence: 1y\n---\n",
            "people/Quote.md": '---\nsegment: peer\ncompany: "Acme \\"A\\" \\t\\u00e9\\u0001"\n'
            "role: \\u2028x\naliases: [Q, 'Q\\\\R']\ntags: [a/b, A]\n---\n",
            "people/Odd.md": "---\nsegment: investor\nnext_touch: 2026-06-01\n---\n",
            "people/None.md": "---\nname: Nobody\n---\n",
            "daily/2026-06-01.md": "With [[Early]] and [[Odd]].\n",
        }
    )
    settings = load_settings(root)
    vault = load_indexed(root, settings)
    for today in (date(2026, 6, 17), date(9999, 12, 31), date(1, 1, 1)):
        for filters in [Filters(), Filters(due=True), Filters(overdue=True), Filters(tags=("a",))]:
            full = list_json(list_contacts(vault, today, filters))
            assert listed_json_from_index(root, settings, today, filters) == full
    said = listed_json_from_index(root, settings, date(2026, 6, 17), Filters())
    rows = {row["name"]: row for row in json.loads(said or "")}
    assert (rows["Late"]["due_on"], rows["Late"]["status"]) == ("9999-12-31", "ok")
    assert rows["Early"]["last_touch"] == "2026-06-01"  # the daily note's mention
    assert rows["Quote"]["company"] == 'Acme "A" \t\u00e9\u0001'
    assert rows["Quote"]["aliases"] == ["Q", "Q\\\\R"]
    assert (rows["Odd"]["cadence"], rows["Odd"]["status"]) == (None, "ok")  # kept on the day


def test_list_json_without_a_note_s_own_text_goes_the_long_way(make_vault: MakeVault) -> None:
    """A contact whose card is not all text has no JSON kept (`card_json`); `list --json`
    then lists from the cards, with the same result."""
    import dataclasses
    import sqlite3

    from vaultkeeper.listing import card_json
    from vaultkeeper.query import Filters, listed_json_from_index

    root = make_vault({"people/Ana.md": "---\nsegment: peer\ncompany: Acme\n---\n"})
    args = ["--vault", str(root), "--today", "2026-06-17", "list", "--json"]
    expected = run(*args).stdout
    settings = load_settings(root)
    ana = load_indexed(root, settings).contacts[0]
    assert card_json(dataclasses.replace(ana, company=12)) == (None, None)  # type: ignore[arg-type]
    with sqlite3.connect(root / CACHE_DIR / "index.sqlite3") as db:
        db.execute("UPDATE briefs SET json_head = NULL")
    db.close()
    assert listed_json_from_index(root, settings, date(2026, 6, 17), Filters()) is None
    assert run(*args).stdout == expected


def test_a_tag_holding_a_control_character_is_reported_not_matched(make_vault: MakeVault) -> None:
    """Found in review: the index joins tags with U+001F, so `zz<US>yy` passed `--tag yy`."""
    root = make_vault({"people/P.md": '---\nsegment: peer\ntags: ["zz\\x1fyy", ok]\n---\n'})
    args = ["--vault", str(root), "--today", "2026-06-17"]
    assert run(*args, "list", "--json", "--tag", "yy").stdout == "[]\n"
    assert '"ok"' in run(*args, "list", "--json", "--tag", "ok").stdout
    report = run(*args, "index").stdout
    assert "people/P.md: tags: skipped 'zz\\x1fyy': it holds a control character" in report


def test_list_with_tags_and_mentions_from_the_index(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "people/Ana.md": "---\nsegment: peer\ntags: [Event/Pycon, b2b]\ncompany: Acme\n---\n",
            "people/Ben.md": "---\nsegment: ally\naliases: [B]\nchannel: Signal\n---\n",
            "daily/2026-06-01.md": "Lunch with [[Ana]] and [[B]].\n",
        }
    )
    args = ["--vault", str(root), "--today", "2026-06-17", "list", "--json"]
    first = run(*args).stdout
    assert '"last_touch": "2026-06-01"' in first
    tagged = run(*args[:-1], "--tag", "event", "--json").output
    assert '"Ana"' in tagged and '"Ben"' not in tagged
    import shutil

    shutil.rmtree(root / CACHE_DIR)
    (root / CACHE_DIR).write_text("not a folder", encoding="utf-8")  # the full load answers
    result = run(*args)
    assert result.stdout == first
    assert result.stderr.count("cannot save the index") == 1  # said once, not by each try


@pytest.mark.parametrize("seed", range(6))
def test_the_watcher_s_briefs_follow_every_save_as_a_full_assembly_would(
    make_vault: MakeVault, seed: int
) -> None:
    """The watcher weighs the agenda from briefs it keeps up to date save by save
    (`live_briefs.py`); after each kind of change its agenda equals one from every record."""
    from vaultkeeper.live import Changes, LiveVault
    from vaultkeeper.resources import read_resources
    from vaultkeeper.shortlist import agenda_from

    rng = random.Random(100 + seed)
    root = _vault(make_vault, seed)
    settings = load_settings(root)
    live = LiveVault(root, settings)
    live.read_all()
    resources = read_resources(root, settings)
    people = sorted(p.relative_to(root).as_posix() for p in root.glob("*/*.md"))
    today = START + timedelta(days=rng.randrange(60, 400))
    while not _weekday_outside_reviews(today, settings):
        today += timedelta(days=7)
    for step in range(12):
        touched = _random_change(rng, root, people, step)
        live.apply(touched, Changes(), from_events=True)
        short = agenda_from(live.briefs(), root, settings, today, resources)
        assert short is not None
        full = build_agenda(live.vault(), today, resources=resources)
        assert render_agenda(short, root, None) == render_agenda(full, root, None), step


def _weekday_outside_reviews(today: date, settings: object) -> bool:
    from vaultkeeper.shortlist import wanted

    return wanted(today, settings)  # type: ignore[arg-type]


def _random_change(rng: random.Random, root: Path, people: list[str], step: int) -> list[str]:
    """One save of the kinds that matter: a note rewritten, renamed, deleted or added, a
    daily note's links, an alias or a name another contact has."""
    kind = rng.choice(["rewrite", "rename", "delete", "daily", "alias", "same name", "broken"])
    path = rng.choice(people)
    if kind == "rewrite" or not (root / path).exists():
        write(root / path, _contact(rng, rng.choice(NAMES)))
        return [path]
    if kind == "rename":
        moved = f"people/Moved {step}.md"
        (root / path).rename(root / moved)
        people.append(moved)
        return [path, moved]
    if kind == "delete":
        (root / path).unlink()
        return [path]
    if kind == "daily":
        stem = rng.choice(people).rsplit("/", 1)[-1].removesuffix(".md")
        daily = f"daily/2026-03-{step + 1:02d}.md"
        write(root / daily, f"Called [[{stem}]] and [[Sam]].\n")
        return [daily]
    text = (root / path).read_text(encoding="utf-8")
    if kind == "alias":
        text = text.replace("---\n", "---\naliases: [Sam]\n", 1)
    elif kind == "same name":
        text = text.replace("name: ", "name: Ana Silva\nnickname: ", 1)
    else:
        text = text.replace("---\n", "---\nsegment: [peer\n", 1)
    write(root / path, text)
    return [path]


def test_a_brief_made_from_a_contact_equals_the_one_read_back_from_the_index() -> None:
    """The watcher makes briefs from contacts (`brief_from`), the index stores them as columns
    (`brief_row`) and reads them back (`brief_of`): both ways give the same brief."""
    from vaultkeeper.brief import brief_from, brief_of, brief_row
    from vaultkeeper.vault import load_vault

    vault = load_vault(EXAMPLE, load_settings(EXAMPLE))
    assert len(vault.contacts) > 20
    for contact in vault.contacts:
        row = brief_row(contact)
        assert brief_of(contact.path, contact.name, contact.segment, *row[:6]) == brief_from(
            contact
        )


def test_a_garbled_brief_sends_the_agenda_and_list_to_the_full_load(tmp_path: Path) -> None:
    """The index is never trusted: a brief that does not read back is no traceback, and the
    commands still print what a full load gives."""
    import shutil
    import sqlite3

    from vaultkeeper.store import cache_path

    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    (root / "Reading list.md").unlink()
    age(root)
    agenda = ["--vault", str(root), "--today", "2026-11-25", "agenda", "--stdout"]
    listing = ["--vault", str(root), "--today", "2026-11-25", "list", "--json"]
    expected = run(*agenda).stdout, run(*listing).stdout
    with sqlite3.connect(cache_path(root)) as db:
        db.execute("UPDATE briefs SET cadence = 'not a cadence', more = '[1, 2'")
    (root / CACHE_DIR / KEPT_NAME).unlink()
    first, second = run(*agenda), run(*listing)
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert (first.stdout, second.stdout) == expected


def test_an_agenda_asked_right_after_a_save_shows_the_save(tmp_path: Path) -> None:
    """An editor hook runs within a second of the save: the note is read, stored unsettled,
    and the agenda (from the index) shows it; asked again later, it is read once more."""
    import shutil
    import sqlite3

    from vaultkeeper.index import UNSETTLED
    from vaultkeeper.store import cache_path

    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    age(root)
    args = ["--vault", str(root), "--today", "2026-11-25", "agenda", "--stdout"]
    before = run(*args).stdout
    path = root / "people" / "Aisha Bello.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("segment: peer", "segment: ally"),
        encoding="utf-8",
    )  # saved just now
    after = run(*args).stdout
    assert after != before
    with sqlite3.connect(cache_path(root)) as db:
        query = "SELECT mtime_ns FROM notes WHERE path = 'people/Aisha Bello.md'"
        assert db.execute(query).fetchone()[0] == UNSETTLED
    shutil.rmtree(root / CACHE_DIR)
    assert run(*args).stdout == after
