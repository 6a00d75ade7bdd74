"""What the read commands print: the JSON writer that replaces the standard library's slow
indenting path must give its bytes exactly."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkeeper.cadence import Cadence
from vaultkeeper.listing import indented_rows, list_json
from vaultkeeper.query import Card
from vaultkeeper.schedule import Schedule, Status
from vaultkeeper.views import contact_summary

_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
_VALUE = st.one_of(_TEXT, st.none(), st.booleans(), st.integers(), st.lists(_TEXT, max_size=3))
_ROWS = st.lists(st.dictionaries(_TEXT, _VALUE, max_size=5), max_size=4)


@given(_ROWS)
def test_rows_are_written_exactly_as_the_standard_library_indents_them(
    rows: list[dict[str, Any]],
) -> None:
    assert indented_rows(rows) == json.dumps(rows, indent=2, ensure_ascii=False)


@given(st.lists(st.dictionaries(_TEXT, st.floats() | st.dictionaries(_TEXT, _TEXT)), max_size=3))
def test_anything_else_goes_to_the_standard_library(rows: list[dict[str, Any]]) -> None:
    assert indented_rows(rows) == json.dumps(rows, indent=2, ensure_ascii=False)


def test_an_example_row() -> None:
    row = {"name": 'Zoë "Z" Ng', "tags": ["a", "b/c"], "aliases": [], "due_on": None}
    assert indented_rows([row]) == (
        '[\n  {\n    "name": "Zoë \\"Z\\" Ng",\n    "tags": [\n      "a",\n      "b/c"\n'
        '    ],\n    "aliases": [],\n    "due_on": null\n  }\n]'
    )


_CELL = st.text(alphabet=st.sampled_from("ab Z-,é漢\t 0.5\n\x1b"), max_size=12)


@settings(max_examples=400)
@given(
    st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=6),
    st.lists(st.sampled_from(["Name", "Segment", "Tags", "", " X "]), min_size=3, max_size=3),
)
def test_the_simple_table_is_tabulate_s_byte_for_byte(
    rows: list[list[str]], headers: list[str]
) -> None:
    from tabulate import tabulate

    from vaultkeeper.views import simple_table

    expected = tabulate(rows, headers, tablefmt="simple", disable_numparse=True)
    assert simple_table(rows, headers) == expected


_MAYBE = st.none() | _TEXT
_DAY = st.none() | st.dates()
_CADENCE = st.none() | st.builds(
    Cadence, st.integers(1, 9), st.integers(9, 20), st.sampled_from(["d", "w", "m", "y"])
)
_CARD = st.builds(
    Card,
    _TEXT,
    _TEXT,
    _MAYBE,
    _MAYBE,
    st.lists(_TEXT, max_size=3).map(tuple),
    st.lists(_TEXT, max_size=3).map(tuple),
    _DAY,
    _DAY,
    _MAYBE,
    _MAYBE,
    _MAYBE,
)
_PLAN = st.builds(Schedule, st.sampled_from(list(Status)), _DAY, _DAY, _CADENCE)


@given(st.lists(st.tuples(_CARD, _PLAN), max_size=4))
def test_list_json_is_the_summaries_as_the_standard_library_writes_them(
    plans: list[tuple[Card, Schedule]],
) -> None:
    expected = [contact_summary(card, plan) for card, plan in plans]
    assert list_json(plans) == json.dumps(expected, indent=2, ensure_ascii=False)


def test_list_json_takes_the_long_way_for_a_value_of_another_type() -> None:
    card = Card("a.md", "A", None, None, (), ("x",), None, None, 5, None, None)  # type: ignore[arg-type]
    plan = Schedule(Status.OK, None, None, None)
    expected = [contact_summary(card, plan)]
    assert expected[0]["channel"] == 5
    assert list_json([(card, plan)]) == json.dumps(expected, indent=2, ensure_ascii=False)
