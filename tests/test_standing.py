"""The agenda's lists kept in the index between commands (`standing.py`): after any change the
index's agenda, brought up to date from the kept lists and the `changes` log, renders what a
full load renders, and it weighs only the contacts that changed; whatever it cannot follow
(a short list, another day or settings, a log that does not reach back) weighs everyone."""

from __future__ import annotations

import random
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from support import MakeVault, run, write
from test_shortlist import START, _both, _random_change, _vault, _weekday_outside_reviews

from vaultkeeper import standing, store
from vaultkeeper.config import load_settings
from vaultkeeper.index import load_indexed
from vaultkeeper.index_tables import CHANGES_KEPT, CHANGES_LOGGED


@pytest.fixture
def weighed(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the agenda's lists were `brought up` to date (the changed contacts weighed
    again) or weighed for `everyone`, and how many contacts were placed in all."""
    counts = {"brought up": 0, "everyone": 0, "placed": 0}
    real_of, place = standing.Standing.of, standing.Scales.place

    def counting_of(*args: object) -> standing.Standing:
        counts["everyone"] += 1
        return real_of(*args)  # type: ignore[arg-type]

    def counting_place(self: standing.Scales, *args: object) -> object:
        counts["placed"] += 1
        return place(self, *args)  # type: ignore[arg-type]

    real_brought_up = standing._brought_up

    def counting_brought_up(*args: object) -> bool:
        done = real_brought_up(*args)  # type: ignore[arg-type]
        counts["brought up"] += done
        return done

    monkeypatch.setattr(standing.Standing, "of", classmethod(lambda cls, *a: counting_of(*a)))
    monkeypatch.setattr(standing.Scales, "place", counting_place)
    monkeypatch.setattr(standing, "_brought_up", counting_brought_up)
    return counts


@pytest.mark.parametrize("keep", [0, 1, 24])
@pytest.mark.parametrize("seed", range(5))
def test_after_any_changes_the_kept_lists_render_what_a_full_load_renders(
    make_vault: MakeVault,
    monkeypatch: pytest.MonkeyPatch,
    weighed: dict[str, int],
    seed: int,
    keep: int,
) -> None:
    """Saves, renames, deletes, daily-note links, aliases and names two contacts share, a day
    later now and then, with lists cut at 1-3 rows and 0, 1 or 24 rows kept past them (so
    removals run lists short and everyone is weighed again)."""
    monkeypatch.setattr(standing, "KEEP", keep)
    rng = random.Random(200 + seed)
    root = _vault(make_vault, seed)
    settings = load_settings(root)
    load_indexed(root, settings)
    people = sorted(p.relative_to(root).as_posix() for p in root.glob("*/*.md"))
    today = START + timedelta(days=rng.randrange(60, 400))
    for step in range(16):
        if step % 5 == 4:
            today += timedelta(days=1)
        while not _weekday_outside_reviews(today, settings):
            today += timedelta(days=7)
        for _ in range(rng.randint(1, 3)):
            _random_change(rng, root, people, step)
        both = _both(root, today)
        assert both is not None
        assert both[0] == both[1], step
    assert weighed["brought up"] >= 3  # the kept lists did the work, not only the fallback
    if keep == 24:
        assert weighed["brought up"] > weighed["everyone"]


_SEGMENTS = """
[segments.fan]
cadence = "2-4w"
[segments.friend]
cadence = "1-3m"
"""


def _ana(last: str, segment: str = "peer") -> str:
    return f"---\nsegment: {segment}\nlast_touch: {last}\n---\nAna.\n"


def _many(make_vault: MakeVault, count: int = 60) -> Path:
    files = {
        f"people/P{i:02}.md": _ana(f"2026-0{1 + i % 9}-1{i % 10}", ["friend", "fan"][i % 2])
        for i in range(count)
    }
    files["vaultkeeper.toml"] = "[agenda]\nmax_rows = 3\n" + _SEGMENTS
    return make_vault(files)


TODAY = date(2026, 11, 18)


def test_one_edit_weighs_one_contact_again(make_vault: MakeVault, weighed: dict[str, int]) -> None:
    root = _many(make_vault)
    load_indexed(root, load_settings(root))
    assert _both(root, TODAY) is not None  # the first agenda weighs everyone, and keeps it
    assert weighed["everyone"] == 1
    write(root / "people/P07.md", _ana("2026-11-01"))
    weighed["placed"] = 0
    short, full = _both(root, TODAY) or ("", "")
    assert short == full
    assert (weighed["everyone"], weighed["brought up"]) == (1, 1)
    assert weighed["placed"] == 2  # as it stood, and as it is


def test_nothing_changed_reuses_the_kept_lists_as_they_are(
    make_vault: MakeVault, weighed: dict[str, int]
) -> None:
    root = _many(make_vault)
    load_indexed(root, load_settings(root))
    _both(root, TODAY)
    weighed["placed"] = 0
    _both(root, TODAY)
    assert (weighed["everyone"], weighed["placed"]) == (1, 0)


@pytest.mark.parametrize(("keep", "gone", "everyone"), [(0, 1, 2), (1, 1, 1), (1, 2, 2)])
def test_a_list_run_short_of_kept_rows_weighs_everyone(
    make_vault: MakeVault,
    monkeypatch: pytest.MonkeyPatch,
    weighed: dict[str, int],
    keep: int,
    gone: int,
    everyone: int,
) -> None:
    """Deleting the first rows of a list cut at three: the kept rows past them take their
    place while there are any; after that everyone is weighed again."""
    monkeypatch.setattr(standing, "KEEP", keep)
    root = _many(make_vault)
    load_indexed(root, load_settings(root))
    first = _both(root, TODAY)
    assert first is not None
    friends = first[0].split("### Friend")[1]  # a list no other list's first rows cover
    shown = re.findall(r"^\| \[\[(P\d\d)\]\]", friends, re.MULTILINE)
    for stem in shown[:gone]:
        (root / f"people/{stem}.md").unlink()
    short, full = _both(root, TODAY) or ("", "")
    assert short == full
    assert f"[[{shown[gone]}]]" in short
    assert all(f"[[{stem}]]" not in short for stem in shown[:gone])
    assert weighed["everyone"] == everyone


@pytest.mark.parametrize("what", ["day", "settings", "order"])
def test_another_day_or_settings_weigh_everyone_again(
    make_vault: MakeVault, weighed: dict[str, int], what: str
) -> None:
    root = _many(make_vault)
    toml = root / "vaultkeeper.toml"
    load_indexed(root, load_settings(root))
    _both(root, TODAY)
    today = TODAY
    if what == "day":
        today += timedelta(days=1)
    elif what == "settings":
        toml.write_text("[agenda]\nmax_rows = 2\n" + _SEGMENTS, encoding="utf-8")
    else:
        reordered = '[segments.friend]\ncadence = "1-3m"\n[segments.fan]\ncadence = "2-4w"\n'
        toml.write_text("[agenda]\nmax_rows = 3\n" + reordered, encoding="utf-8")
    short, full = _both(root, today) or ("", "")
    assert short == full
    assert weighed["everyone"] == 2


def test_a_write_of_more_notes_than_are_logged_weighs_everyone(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, weighed: dict[str, int]
) -> None:
    from vaultkeeper import index_tables

    assert CHANGES_LOGGED > 3
    monkeypatch.setattr(index_tables, "CHANGES_LOGGED", 3)
    root = _many(make_vault)
    load_indexed(root, load_settings(root))
    _both(root, TODAY)
    for i in range(4):
        write(root / f"people/P{i:02}.md", _ana("2026-10-30"))
    short, full = _both(root, TODAY) or ("", "")
    assert short == full
    assert (weighed["everyone"], weighed["brought up"]) == (2, 0)


def test_kept_lists_older_than_the_log_weigh_everyone(
    make_vault: MakeVault, weighed: dict[str, int]
) -> None:
    root = _many(make_vault)
    load_indexed(root, load_settings(root))
    _both(root, TODAY)
    for step in range(CHANGES_KEPT):  # each command's write moves the generation on by one
        write(root / "people/P01.md", _ana(f"2026-10-{1 + step % 28:02}"), ago=30 + step)
        run("--vault", str(root), "--today", TODAY.isoformat(), "list")
    short, full = _both(root, TODAY) or ("", "")
    assert short == full
    assert (weighed["everyone"], weighed["brought up"]) == (2, 0)
    db = sqlite3.connect(store.cache_path(root))
    generations = {g for (g,) in db.execute("SELECT generation FROM changes")}
    db.close()
    assert len(generations) == CHANGES_KEPT  # the log keeps its last 64 writes, no more


def test_a_standing_that_cannot_be_read_is_weighed_again(
    make_vault: MakeVault, weighed: dict[str, int]
) -> None:
    root = _many(make_vault)
    load_indexed(root, load_settings(root))
    _both(root, TODAY)
    db = sqlite3.connect(store.cache_path(root))
    db.execute("UPDATE standing SET body = ?", (b"\x80\x05garbage",))
    db.commit()
    db.close()
    short, full = _both(root, TODAY) or ("", "")
    assert short == full
    assert weighed["everyone"] == 2


def test_a_write_while_an_agenda_reads_leaves_no_kept_lists_behind(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: the mentions were read before the lists' snapshot, so a write between
    the two (another process's `list` after a new daily note) was kept at the new generation
    with the old mentions, and every later agenda reused it. Every query is one snapshot now,
    and lists weighed from an older generation are not kept."""
    from vaultkeeper import index_source

    root = _many(make_vault, 6)
    load_indexed(root, load_settings(root))
    _both(root, TODAY)
    real = index_source.IndexSource.mentions

    def mentions_then_a_write(self: index_source.IndexSource) -> object:
        found = real(self)
        write(root / "daily/2026-11-17.md", "Lunch with [[P00]].\n")
        assert run("--vault", str(root), "--today", TODAY.isoformat(), "list").exit_code == 0
        return found

    with monkeypatch.context() as patched:
        patched.setattr(index_source.IndexSource, "mentions", mentions_then_a_write)
        _both(root, TODAY)
    short, full = _both(root, TODAY) or ("", "")
    assert short == full
    assert "[[P00]]" not in short.split("## Overdue")[1]  # touched on the 17th


def test_keeping_the_lists_never_waits_for_another_writer(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: keeping the lists waited the busy timeout (10 s) behind another
    process's long write. It asks for no wait now, and a locked index keeps nothing."""
    root = _many(make_vault, 6)
    load_indexed(root, load_settings(root))
    _both(root, TODAY)
    path = store.cache_path(root)
    timeouts: list[object] = []
    connect = sqlite3.connect

    def recording(*args: object, **kwargs: object) -> sqlite3.Connection:
        timeouts.append(kwargs.get("timeout"))
        return connect(*args, **kwargs)  # type: ignore[arg-type]

    other = sqlite3.connect(path, isolation_level=None)
    (generation,) = other.execute("SELECT generation FROM seal").fetchone()
    other.execute("BEGIN IMMEDIATE")  # another process's write, under way
    try:
        with monkeypatch.context() as patched:
            patched.setattr(sqlite3, "connect", recording)
            store.keep_standing(root, store.stamp(load_settings(root)), generation, b"body")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert timeouts == [0]
    db = sqlite3.connect(path)
    assert db.execute("SELECT body FROM standing").fetchone()[0] != b"body"
    db.close()
