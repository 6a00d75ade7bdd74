"""The plain front matter reader: whatever it reads is exactly what PyYAML reads (types too),
it reads the front matter real notes are made of, and it leaves everything else to PyYAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from frontmatter.default_handlers import YAMLHandler
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import EXAMPLE, FULL_NOTE, probe_shortcut, run, write

from vaultkeeper import note, note_yaml
from vaultkeeper.note import NoteError
from vaultkeeper.plain_front import read_plain

TODAY = "2026-11-20"


def typed(value: Any) -> Any:
    """A value with every type spelled out: 1, 1.0, True and "1" all differ."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, value)


def same_as_pyyaml(text: str) -> Any:
    """What the plain reader says of `text`, checked against PyYAML when it says anything."""
    plain = read_plain(text)
    if plain is not None:
        assert typed(plain) == typed(note_yaml.load(text)), text
    return plain


# --- documents made of the pieces YAML is tricky about --------------------------------------------

TRICKY = [
    *("yes", "No", "ON", "off", "y", "n", "True", "null", "Null", "~", "Yes please", "nothing"),
    *("0", "7", "007", "089", "1_000", "0x1F", "0b101", "0o17", "12:30", "1:20:30", "-5", "+5"),
    *("1.5", ".5", "1e3", "1.0e+3", ".inf", "-.Inf", ".nan", "12abc", "4-6w", "10k", "3 años"),
    *("2026-11-20", "2026-1-5", "2026-13-45", "01-22", "--11-25", "2026-11-12T09:30:00Z"),
    *("2026-11-12 09:30:00", "2026-11-20 email", "=", "<<", "@x", "`x`", "%x", "!x", "&a x"),
    *("*a", "|", ">", "?", "? x", "-", "- x", ":", "a:", "a: b", "a:b", "a #b", "a# b", "C#"),
    *("http://x.io/a?b=c#d", "[a]", "{a: b}", "a, b", "a [b]", "é", "🙂", "a\u00a0b", "a\\b"),
    *("'a'", '"a"', "'it''s'", '"a\\tb"', '"a #b"', "'a' # c", "a  b", " a", "a ", "#x"),
]
WORDS = st.text("abcké -/", min_size=1, max_size=8).map(str.strip).filter(lambda t: t[:1].isalpha())
KEYS = (
    WORDS
    | WORDS
    | WORDS
    | st.sampled_from(
        [
            *("name", "segment", "tags", "yes", "On", "null", "~", "<<", "123", "2026-01-01"),
            *("-k", "?k", "é", "k#x", "k:x", "[k]", "'k'", "a b", "k ", "a" * 1030),
        ]
    )
    | st.text("abkyé -_", min_size=1, max_size=6)
)
TEXTS = (
    WORDS
    | WORDS
    | st.sampled_from(TRICKY)
    | st.text("abyn01-:#,[]{}'\" .~!&*|>%@\\é\u00a0\u2028\x85", max_size=8)
)


FAIR = WORDS | st.sampled_from(["2026-11-20", "4-6w", "17", "0", "no", "Yes please", "🙂"])
"""Texts of the kind notes hold: most documents made of these are read here."""


@st.composite
def values(draw: st.DrawFn, texts: st.SearchStrategy[str] = TEXTS) -> str:
    """What follows `key: ` on a line."""
    kind = draw(st.sampled_from(["plain", "single", "double", "flow", "comment"]))
    text = draw(texts)
    if kind == "single":
        text = f"'{text}'"
    elif kind == "double":
        text = f'"{text}"'
    elif kind == "flow":
        items = draw(st.lists(texts | texts.map(lambda t: f'"{t}"'), max_size=3))
        gap = draw(st.sampled_from([", ", ",", " , "]))
        end = draw(st.sampled_from(["", ",", " "]))
        text = "[" + gap.join(items) + end + "]"
    elif kind == "comment":
        text = f"{text}{draw(st.sampled_from([' # c', '  #c', '#c', ' #']))}"
    return text + draw(st.sampled_from(["", " ", "  "]))


@st.composite
def blocks(
    draw: st.DrawFn, texts: st.SearchStrategy[str], keys: st.SearchStrategy[str]
) -> list[str]:
    """The lines under a `key:` with nothing after it: a list, a mapping, or nothing."""
    kind = draw(st.sampled_from(["list", "items", "mapping", "none"]))
    indent = " " * draw(st.sampled_from([0, 2, 2, 4]))
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        if kind == "list":
            lines.append(f"{indent}- {draw(values(texts))}")
        elif kind == "items":
            first, *more = draw(st.lists(keys, min_size=1, max_size=3))
            lines.append(f"{indent}- {first}: {draw(values(texts))}")
            inner = indent + " " * draw(st.sampled_from([2, 2, 1, 3]))
            lines += [f"{inner}{key}: {draw(values(texts))}" for key in more]
        elif kind == "mapping" and indent:
            lines.append(f"{indent}{draw(keys)}: {draw(values(texts))}")
    return lines


@st.composite
def documents(
    draw: st.DrawFn, texts: st.SearchStrategy[str] = TEXTS, keys: st.SearchStrategy[str] = KEYS
) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        key = draw(keys)
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(values(texts))}")
        else:
            lines.append(f"{key}:{draw(st.sampled_from(['', ' ', ' # c']))}")
            lines += draw(blocks(texts, keys))
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", "# c", "  # c", " x", "\ty: 1", "..."])))
    return "\n" + "\n".join(lines) + "\n"


@settings(max_examples=3000, deadline=None)
@given(documents() | documents(FAIR, WORDS))
@example("\nk: [a, 'b, c', \"d # e\"]  # f\n")
@example("\nk:\n- a\n-\n- b\nj: 1\n")
def test_what_it_reads_pyyaml_reads_the_same(text: str) -> None:
    try:
        same_as_pyyaml(text)
    except NoteError:  # PyYAML refuses what the plain reader read
        raise AssertionError(f"read, though PyYAML refuses it: {text!r}") from None


SAFE_WORDS = st.text("abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=8).filter(
    lambda t: t not in ("y", "n", "yes", "no", "on", "off", "true", "false", "null")
)
SAFE = SAFE_WORDS | st.sampled_from(["2026-11-20", "4-6w", "17", "Head of Partnerships"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(SAFE_WORDS, SAFE | st.lists(SAFE, max_size=3), min_size=1, max_size=8))
def test_the_front_matter_notes_are_made_of_is_read_here(front: dict[str, Any]) -> None:
    """Keys with words, dates and counts, in either list style: read here, not left."""
    for flow in (False, True):
        text = yaml.safe_dump(front, default_flow_style=flow, allow_unicode=True, sort_keys=False)
        if not flow or "{" not in text:
            assert same_as_pyyaml(text) is not None, text


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXTS, TEXTS | st.lists(TEXTS, max_size=3), max_size=5), st.booleans())
def test_whatever_pyyaml_writes_is_read_the_same_or_left(front: dict[str, Any], flow: bool) -> None:
    same_as_pyyaml(yaml.safe_dump(front, default_flow_style=flow, allow_unicode=True))


# --- exact answers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("k: yes", {"k": True}),
        ("k: Yes please", {"k": "Yes please"}),
        ("k: null", {"k": None}),
        ("k:", {"k": None}),
        ("k: 17", {"k": 17}),
        ("k: 4-6w", {"k": "4-6w"}),
        ("k: 2026-11-20", {"k": "2026-11-20"}),  # dates stay text, as note.py keeps them
        ("k: 01-22", {"k": "01-22"}),
        ("k: a # why", {"k": "a"}),
        ("k: C# dev", None),
        ("k: 'a #b'", {"k": "a #b"}),
        ("k: [a, 'b, c', \"d\"]", {"k": ["a", "b, c", "d"]}),
        ("k: []", {"k": []}),
        ("k: [a, b,]", None),
        ("k:\n  - a\n  -\n  - b", {"k": ["a", None, "b"]}),
        ("k:\n- a\nj: b", {"k": ["a"], "j": "b"}),
        ("k: # c\n  - a", {"k": ["a"]}),
        (
            "k:\n  - what: a\n    due: 2026-11-26\n  - b",
            {"k": [{"what": "a", "due": "2026-11-26"}, "b"]},
        ),
        ("k:\n  x: 1\n  y: b", {"k": {"x": 1, "y": "b"}}),
        ("k: 007", None),
        ("k: 1.5", None),
        ("k: 0x1F", None),
        ("k: 12:30", None),
        ("k: a\n  b", None),  # folded over two lines
        ("k: |\n  a", None),
        ("k: &a x\nj: *a", None),
        ("k: a\nk: b", None),  # PyYAML says which lines
        ("yes: a", None),
        ("k:\ta", None),
        ('k: "a\\tb"', None),
        ("k: 'it''s'", None),
        ("k:\n  - what: a\n    more:\n      - b", None),
        ("# only a comment", None),
        ("k: " + "1" * 4301, None),  # found in review: Python refuses to convert it
    ],
)
def test_exact_readings(text: str, expected: Any) -> None:
    assert same_as_pyyaml(f"\n{text}\n") == expected


def test_the_front_matter_boundary_is_python_frontmatters() -> None:
    assert note.FM_BOUNDARY.pattern == YAMLHandler.FM_BOUNDARY.pattern
    assert note.FM_BOUNDARY.flags == YAMLHandler.FM_BOUNDARY.flags


def test_the_example_vault_is_read_here_but_for_two_notes() -> None:
    left = []
    for path in sorted(EXAMPLE.rglob("*.md")):
        text = note.decode(path.read_bytes())
        if note.FM_BOUNDARY.match(text):
            front = note.FM_BOUNDARY.split(text, 2)[1]
            if same_as_pyyaml(front) is None:
                left.append(path.name)
    assert left == ["Broken Note.md", "Mei Tanaka.md"]  # invalid YAML; `birthday: --11-25`
    assert same_as_pyyaml(note.FM_BOUNDARY.split(FULL_NOTE, 2)[1]) is not None


def test_an_edit_to_a_note_pyyaml_must_read_gives_the_same_agenda(tmp_path: Path) -> None:
    """After an edit, a plain note is read without importing PyYAML; a note that is not plain
    imports it, and both agendas are what a fresh index says."""
    import shutil

    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root)
    vault = ["--vault", str(root), "--today", TODAY, "agenda", "--stdout"]
    run(*vault)
    plain, folded = root / "people" / "Zoe Quinn.md", root / "people" / "Yara Quinn.md"
    write(plain, "---\nsegment: ally\nlast_touch: 2026-01-02\n---\nMet at a meetup.\n")
    first = probe_shortcut(*vault)
    assert first.stderr == "0 ['sqlite3', 'vaultkeeper.builtin_render']\n"
    write(folded, "---\nsegment: ally\nrole: >\n  Head of\n  Partnerships\n---\n")
    second = probe_shortcut(*vault)
    assert second.stderr == "0 ['sqlite3', 'vaultkeeper.builtin_render', 'yaml']\n"
    shutil.rmtree(root / ".vaultkeeper")
    assert second.stdout == run(*vault).stdout
    assert "Yara Quinn" in run("--vault", str(root), "show", "Yara Quinn").stdout
    assert "Head of Partnerships" in run("--vault", str(root), "show", "Yara Quinn").stdout


def test_a_number_too_long_to_convert_is_one_problem_not_a_crash(tmp_path: Path) -> None:
    """Found in review: 4,301 digits raised Python's own ValueError past the note's reader;
    now it is that note's problem, with why, and the agenda is still made."""
    import shutil

    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root)
    write(root / "people" / "Big Number.md", "---\nsegment: peer\nbig: 1" + "0" * 4400 + "\n---\n")
    result = run("--vault", str(root), "--today", TODAY, "agenda", "--stdout")
    assert result.exit_code == 0
    assert "- `people/Big Number.md`: invalid value in the front matter: Exceeds the limit" in (
        result.stdout
    )
