"""Bytes to front matter and body: the reader's fast YAML construction gives exactly what
PyYAML's own path gives, and what a note may hold (tags, nesting, aliases, BOM, CRLF)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from support import FULL_NOTE, read, record

from vaultkeeper import note
from vaultkeeper.note import NoteError, load_yaml
from vaultkeeper.note_yaml import _Loader, _ReferenceLoader


def both(text: str) -> tuple[Any, Any]:
    return yaml.load(text, Loader=_Loader), yaml.load(text, Loader=_ReferenceLoader)


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.dates().map(str)
    | st.sampled_from(
        [
            "yes",
            "No",
            "on",
            "~",
            "0o17",
            "0x1F",
            "1_000",
            "12:30",
            "1:20:30",
            ".inf",
            "-.Inf",
            "2026-02-30",
            "2026-11-12T09:30:00Z",
            "=",
            "<<",
            "",
        ]
    )
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            SCALARS.filter(lambda k: k is not None and not isinstance(k, float)), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(VALUES, st.booleans())
def test_fast_path_equals_pyyaml(value: Any, flow: bool) -> None:
    text = yaml.safe_dump({"segment": "peer", "value": value}, default_flow_style=flow)
    fast, reference = both(text)
    assert fast == reference
    assert repr(fast) == repr(reference)  # same types too (1 vs 1.0 vs True)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {a: 1}\nchild:\n  <<: *b\n  c: 2\n",
        "= : x\nk: v\n",
        "s: !!set {a, b}\nb: !!binary aGVsbG8=\n",
        "? [a, b]\n: complex\n",
        "o: !!omap [a: 1, b: 2]\n",
        "t: 2026-11-12\nu: 2026-11-12 10:00:00\nsexa: 1:20\noct: 0o17\n",
        "dates: [2026-01-01, '2026-01-02']\n",
    ],
)
def test_unusual_yaml_matches_pyyaml(text: str) -> None:
    try:
        reference = yaml.load(text, Loader=_ReferenceLoader)
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)):
            yaml.load(text, Loader=_Loader)
        return
    assert yaml.load(text, Loader=_Loader) == reference


def test_unknown_tags_are_a_note_error() -> None:
    with pytest.raises(NoteError, match="could not determine a constructor"):
        load_yaml("a: !python/object:os.system x\n")


@pytest.mark.parametrize(
    "value",
    [
        "[" * 5000 + "]" * 5000,  # a flow list: used to end in a RecursionError
        "[" * 30000 + "]" * 30000,  # used to crash the interpreter in libyaml's composer
        "\n" + "".join(" " * i + "-\n" for i in range(1, 200)) + " " * 200 + "x",  # block lists
        "\n  " + "- " * 2000 + "x",  # block lists on one line
        "{a: " * 3000 + "1" + "}" * 3000,  # flow mappings
    ],
)
def test_deep_nesting_is_a_problem_not_a_crash(value: str) -> None:
    with pytest.raises(NoteError, match="more than 100 levels deep"):
        load_yaml("segment: peer\nx: " + value + "\n")


def test_nesting_a_real_note_could_have_still_loads() -> None:
    value = "[" * 90 + "1" + "]" * 90
    data = load_yaml(f"segment: peer\nx: {value}\n")
    depth, inner = 0, data["x"]
    while isinstance(inner, list):
        depth, inner = depth + 1, inner[0]
    assert (depth, inner) == (90, 1)


# --- what a note's bytes may hold ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "kind"), [("- segment: peer", "list"), ("the segment is peer", "plain text")]
)
def test_non_mapping_front_matter(front: str, kind: str) -> None:
    result = record(f"---\n{front}\n---\n", "people/x.md")
    assert [p.message for p in result.problems] == [
        f"the front matter is a {kind}, not a set of key: value lines"
    ]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["---", "segment: peer", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 30):
        prev = chr(ord("a") + (i - 1) % 26) + str(i - 1)
        lines.append(
            f"b{i}: &b{i} [*{'a' if i == 1 else f'b{i - 1}'}, *{'a' if i == 1 else f'b{i - 1}'}]"
        )
        del prev
    result = record("\n".join([*lines, "---", ""]).encode(), "people/x.md")
    assert result.contact is None
    assert "YAML aliases" in result.problems[0].message


def test_bom_and_crlf_read_like_any_note() -> None:
    plain = read(FULL_NOTE)
    assert read(("\ufeff" + FULL_NOTE).encode("utf-8")) == plain
    assert read(FULL_NOTE.replace("\n", "\r\n").encode("utf-8")) == plain


def test_a_key_written_twice_is_a_problem_for_the_file() -> None:
    """PyYAML keeps the last of two equal keys; the writers refuse such a note, so the reader
    says so too, with both lines (counted from the opening --- line, as in the file)."""
    with pytest.raises(note.NoteError) as caught:
        note.parse("---\nsegment: peer\ncompany: A\nsegment: ally\n---\nBody\n")
    assert str(caught.value) == (
        "the key `segment` is written twice (lines 2 and 4); keep one of them"
    )
    with pytest.raises(note.NoteError, match=r"`due` is written twice \(lines 4 and 5\)"):
        note.parse("---\npromises:\n  - what: x\n    due: 2026-01-01\n    due: 2026-02-01\n---\n")


def test_a_value_of_more_digits_than_python_converts_is_written_quoted() -> None:
    """Found in review: `scalar` let Python's ValueError out for 5,000 digits (a pasted
    number as a role, say); it is quoted now, and reads back as the same text."""
    digits = "1" * 5000
    written = note.scalar(digits)
    assert written == f'"{digits}"'
    assert load_yaml(f"role: {written}\n") == {"role": digits}
