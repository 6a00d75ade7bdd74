"""What the read commands print: the JSON writer that replaces the standard library's slow
indenting path must give its bytes exactly."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkeeper.views import indented_rows

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
