"""Every contact's places in the agenda's lists: a `Scales` kept between agendas (the watcher's,
`KeptScales`) finds, after any changes, the same first rows and counts as weighing everyone
again, while weighing only the contacts that changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkeeper.brief import Brief
from vaultkeeper.cadence import Cadence
from vaultkeeper.config import Settings, settings_from_toml
from vaultkeeper.contact import Birthday
from vaultkeeper.scales import KeptScales, Scales

TODAY = date(2026, 11, 20)
SETTINGS = settings_from_toml({"agenda": {"max_rows": 3, "touchpoints": 2}})
SEGMENTS = [None, "ally", "peer", "mentor", "aspirational", "investor"]


def _start(today: date, settings: Settings = SETTINGS) -> date:
    return today - timedelta(days=(today.weekday() - settings.week_start) % 7)


def _fresh(
    briefs: dict[str, Brief], mentions: dict[str, set[date]], today: date, s: Settings = SETTINGS
) -> Scales:
    scales = Scales(s, today, _start(today, s))
    for path, brief in briefs.items():
        scales.weigh(brief, mentions.get(path))
    return scales


def _same(kept: Scales, fresh: Scales) -> None:
    assert kept.shortlist() == fresh.shortlist()
    assert kept.totals() == fresh.totals()
    assert kept.weighed == fresh.weighed


days = st.dates(date(2026, 6, 1), date(2027, 2, 1))
maybe_day = st.none() | days


@st.composite
def briefs(draw: st.DrawFn, path: str) -> Brief:
    low = draw(st.integers(1, 6))
    cadence = draw(st.none() | st.just(Cadence(low, low + draw(st.integers(0, 4)), "w")))
    born = draw(st.none() | st.builds(Birthday, st.integers(1, 12), st.integers(1, 28)))
    return Brief(
        path,
        draw(st.sampled_from(["Ana", "ana", "Bo", "Émile", "Zoë"])) + path,
        draw(st.sampled_from(SEGMENTS)),
        cadence,
        draw(maybe_day),
        draw(maybe_day),
        draw(maybe_day),
        tuple(draw(st.lists(maybe_day, max_size=2))),
        tuple(draw(st.lists(st.tuples(days, st.booleans()), max_size=2))),
        born,
        tuple(draw(st.lists(days, max_size=1))),
        draw(st.booleans()),
    )


PATHS = [f"people/P{n}.md" for n in range(12)]
change = st.one_of(
    st.tuples(st.just("brief"), st.sampled_from(PATHS)),
    st.tuples(st.just("gone"), st.sampled_from(PATHS)),
    st.tuples(st.just("mention"), st.sampled_from(PATHS), days),
    st.tuples(st.just("unmention"), st.sampled_from(PATHS)),
    st.tuples(st.just("day"), st.integers(-8, 8)),
)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), rounds=st.lists(st.lists(change, max_size=4), min_size=1, max_size=5))
def test_kept_scales_after_any_changes_equal_weighing_everyone_again(
    data: st.DataObject, rounds: list[list[tuple[object, ...]]]
) -> None:
    current = {path: data.draw(briefs(path)) for path in PATHS}
    mentions: dict[str, set[date]] = {}
    today = TODAY
    kept = KeptScales()
    for changes in [[], *rounds]:
        changed: set[str] = set()
        for kind, *args in changes:
            if kind == "brief":
                path = str(args[0])
                current[path] = data.draw(briefs(path))
                changed.add(path)
            elif kind == "gone":
                current.pop(str(args[0]), None)
                changed.add(str(args[0]))
            elif kind == "mention":
                mentions.setdefault(str(args[0]), set()).add(args[1])  # type: ignore[arg-type]
            elif kind == "unmention":
                mentions.pop(str(args[0]), None)
            else:
                today = TODAY + timedelta(days=int(args[0]))  # type: ignore[call-overload]
        fresh = Scales(SETTINGS, today, _start(today))
        scales = kept.weighed(fresh, current, mentions, changed)
        _same(scales, _fresh(current, mentions, today))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    placed: list[str] = []
    real = Scales.place

    def place(self: Scales, brief: Brief, mentioned: object) -> object:
        placed.append(brief.path)
        return real(self, brief, mentioned)  # type: ignore[arg-type]

    monkeypatch.setattr(Scales, "place", place)
    return placed


def _vault() -> dict[str, Brief]:
    found = {}
    for n, path in enumerate(PATHS):
        last = TODAY - timedelta(days=9 * n)
        found[path] = Brief(
            path, f"P{n}", SEGMENTS[n % 6], None, last, None, None, (), (), None, (), False
        )
    return found


def test_after_a_save_only_that_contact_is_weighed_again(counted: list[str]) -> None:
    current, kept = _vault(), KeptScales()
    kept.weighed(Scales(SETTINGS, TODAY, _start(TODAY)), current, {}, PATHS)
    assert sorted(counted) == sorted(PATHS)
    counted.clear()
    current[PATHS[3]] = current[PATHS[3]]._replace(last_touch_field=TODAY)  # a new brief
    scales = kept.weighed(Scales(SETTINGS, TODAY, _start(TODAY)), current, {}, [PATHS[3]])
    assert counted == [PATHS[3]]
    _same(scales, _fresh(current, {}, TODAY))
    counted.clear()
    mentioned = {PATHS[5]: {TODAY}}
    scales = kept.weighed(Scales(SETTINGS, TODAY, _start(TODAY)), current, mentioned, [])
    assert counted == [PATHS[5]]  # a daily note mentions them today
    _same(scales, _fresh(current, {PATHS[5]: {TODAY}}, TODAY))
    counted.clear()
    del current[PATHS[7]]
    scales = kept.weighed(Scales(SETTINGS, TODAY, _start(TODAY)), current, mentioned, [PATHS[7]])
    assert counted == [] and scales.weighed == len(PATHS) - 1
    _same(scales, _fresh(current, mentioned, TODAY))


def test_another_day_or_other_settings_weigh_everyone_again(counted: list[str]) -> None:
    current, kept = _vault(), KeptScales()
    kept.weighed(Scales(SETTINGS, TODAY, _start(TODAY)), current, {}, PATHS)
    counted.clear()
    tomorrow = TODAY + timedelta(days=1)
    scales = kept.weighed(Scales(SETTINGS, tomorrow, _start(tomorrow)), current, {}, [])
    assert sorted(counted) == sorted(PATHS)
    _same(scales, _fresh(current, {}, tomorrow))
    counted.clear()
    wider = settings_from_toml({"agenda": {"max_rows": 1, "touchpoints": 1}})
    scales = kept.weighed(Scales(wider, tomorrow, _start(tomorrow, wider)), current, {}, [])
    assert sorted(counted) == sorted(PATHS)
    assert scales.shortlist() == _fresh(current, {}, tomorrow, wider).shortlist()


def test_a_failure_halfway_weighs_everyone_next_time(monkeypatch: pytest.MonkeyPatch) -> None:
    current, kept = _vault(), KeptScales()
    kept.weighed(Scales(SETTINGS, TODAY, _start(TODAY)), current, {}, PATHS)
    long_ago = TODAY - timedelta(days=400)  # overdue now: in a list, if weighed
    current[PATHS[2]] = current[PATHS[2]]._replace(last_touch_field=long_ago)
    real = Scales.place

    def broken(self: Scales, brief: Brief, mentioned: object) -> object:
        raise ValueError("a brief this code cannot weigh")

    monkeypatch.setattr(Scales, "place", broken)
    with pytest.raises(ValueError):
        kept.weighed(Scales(SETTINGS, TODAY, _start(TODAY)), current, {}, [PATHS[2]])
    monkeypatch.setattr(Scales, "place", real)
    scales = kept.weighed(Scales(SETTINGS, TODAY, _start(TODAY)), current, {}, [])
    _same(scales, _fresh(current, {}, TODAY))


def test_settings_that_only_reorder_the_segments_weigh_everyone_again(counted: list[str]) -> None:
    """Each rank starts with the segment's place in the settings (found in review: equal
    settings with the segments in another order kept the old ranks)."""
    one = settings_from_toml({"segments": {"friend": {"cadence": "1w"}, "fan": {"cadence": "1w"}}})
    other = settings_from_toml(
        {"segments": {"fan": {"cadence": "1w"}, "friend": {"cadence": "1w"}}}
    )
    assert one == other and list(one.segments) != list(other.segments)
    current = {
        path: Brief(
            path,
            path,
            segment,
            None,
            TODAY - timedelta(days=60),
            None,
            None,
            (),
            (),
            None,
            (),
            False,
        )
        for path, segment in (("a.md", "friend"), ("b.md", "fan"))
    }
    kept = KeptScales()
    kept.weighed(Scales(one, TODAY, _start(TODAY, one)), current, {}, list(current))
    counted.clear()
    scales = kept.weighed(Scales(other, TODAY, _start(TODAY, other)), current, {}, [])
    assert sorted(counted) == ["a.md", "b.md"]
    assert scales.picks == _fresh(current, {}, TODAY, other).picks
