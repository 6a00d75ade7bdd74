"""Property tests: for generated notes, a write changes only what it means to change."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support import edit_note

from vaultkeeper import note
from vaultkeeper.edit import plans as planners
from vaultkeeper.log import parse_log

TODAY = date(2026, 11, 20)
WORDS = st.text(
    alphabet=st.sampled_from("abcXYZ019 :#-'\"[],{}é&*!?%@`|>"), min_size=1, max_size=20
).filter(lambda s: s.strip() != "")
TRAPS = st.sampled_from(["yes", "no", "on", "01234", "12:30", "1e3", "null", "~", "2026-13-01"])
TEXT = st.one_of(WORDS, TRAPS)
KEYS = st.sampled_from(
    ["company", "role", "channel", "notes", "met_at", "x-1", "aliases", "tags", "promises"]
)
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=TODAY)


def _scalar(value: str, quoted: bool) -> str:
    return json.dumps(value, ensure_ascii=False) if quoted else note.scalar(value)


@st.composite
def front_matter(draw: st.DrawFn) -> tuple[list[str], date | None]:
    lines = ["segment: peer"]
    for key in draw(st.lists(KEYS, unique=True, max_size=5)):
        comment = draw(st.sampled_from(["", "  # a comment", "   #x"]))
        kind = draw(st.sampled_from(["scalar", "flow", "block", "indentless", "empty"]))
        quoted = draw(st.booleans())
        if kind == "scalar":
            lines.append(f"{key}: {_scalar(draw(TEXT), quoted)}{comment}")
        elif kind == "empty":
            lines.append(f"{key}:{comment}")
        else:
            items = draw(st.lists(TEXT, min_size=1, max_size=3))
            if kind == "flow":
                rendered = ", ".join(json.dumps(item, ensure_ascii=False) for item in items)
                lines.append(f"{key}: [{rendered}]{comment}")
            else:
                lines.append(f"{key}:{comment}")
                pad = "  " if kind == "block" else ""
                lines.extend(f"{pad}- {_scalar(item, quoted)}" for item in items)
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["# a full-line comment", "", "  # indented"])))
    last = None
    if draw(st.booleans()):
        last = draw(DAYS)
        style = draw(st.sampled_from(["", '"', "'"]))
        starts = [i for i, line in enumerate(lines) if line[:1].isalpha()] + [len(lines)]
        position = draw(st.sampled_from(starts))  # between keys, never inside a list
        lines.insert(position, f"last_touch: {style}{last.isoformat()}{style}")
    return lines, last


@st.composite
def body(draw: st.DrawFn) -> list[str]:
    prose = st.text(alphabet=st.sampled_from("abc XYZ.,:#*[]()é"), max_size=30).map(str.rstrip)
    lines: list[str] = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        lines.append(draw(prose))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["## Log", "## log", "##  Log  "])))
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            day = draw(DAYS)
            bullet = draw(st.sampled_from(["- ", "* ", "  - ", "+ "]))
            stamp = draw(st.sampled_from([day.isoformat(), f"[[{day.isoformat()}]]"]))
            lines.append(f"{bullet}{stamp} {draw(prose)}".rstrip())
            if draw(st.booleans()):
                lines.append("    - a nested detail")
        if draw(st.booleans()):
            lines.extend(["", "## Later", draw(prose)])
    return [line for line in lines if not line.lstrip().startswith("---")]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    front=front_matter(),
    lines=body(),
    crlf=st.booleans(),
    bom=st.booleans(),
    final_newline=st.booleans(),
    offset=st.integers(min_value=0, max_value=60),
    note_text=st.one_of(
        st.just(""),
        st.text(alphabet=st.sampled_from("abcXYZ 019é,."), max_size=20).map(
            lambda s: " ".join(s.split()).strip(",. ")
        ),
    ),
)
def test_a_touch_changes_exactly_last_touch_and_one_log_entry(
    front: tuple[list[str], date | None],
    lines: list[str],
    crlf: bool,
    bom: bool,
    final_newline: bool,
    offset: int,
    note_text: str,
) -> None:
    meta_lines, last = front
    nl = "\r\n" if crlf else "\n"
    text = nl.join(["---", *meta_lines, "---", *lines]) + (nl if final_newline else "")
    data = (note.BOM if bom else "").encode() + text.encode("utf-8")
    try:
        before = note.read_bytes(data)
    except note.NoteError:
        assume(False)
        raise
    assume(before.meta is not None)
    assert before.meta is not None
    day = max(last or TODAY, TODAY - timedelta(days=offset))
    assume(note_text.strip() != "" or not note_text)

    with TemporaryDirectory() as folder:
        path = Path(folder) / "note.md"
        path.write_bytes(data)
        request = planners.TouchRequest(day, "email", ("give",), note_text)
        edit_note(path, "note.md", planners.plan_touch(request, TODAY))
        new_data = path.read_bytes()

    after = note.read_bytes(new_data)
    assert after.meta is not None
    expected = dict(before.meta)
    expected["last_touch"] = day.isoformat()
    assert after.meta == expected
    assert [k for k in after.meta if k != "last_touch"] == [
        k for k in before.meta if k != "last_touch"
    ]
    old_log, new_log = Counter(parse_log(before.body)), Counter(parse_log(after.body))
    added = new_log - old_log
    assert sum(added.values()) == 1 and not (old_log - new_log)
    (entry,) = added
    assert (entry.date, entry.kinds) == (day, ("give",))
    # `- DATE email #give` (no note) reads as the note "email": the reader's `via:` needs text
    assert (entry.via, entry.note) == (("email", note_text) if note_text else (None, "email"))
    # everything else is byte for byte: the file's own BOM, line endings and final newline
    assert new_data.startswith(note.BOM.encode()) == bom
    new_text = new_data.decode("utf-8").removeprefix(note.BOM)
    assert new_text.endswith("\n") == text.endswith("\n")
    if crlf:
        assert new_text.count("\n") == new_text.count("\r\n")
    else:
        assert "\r" not in new_text
    old_lines, new_lines = before.body.splitlines(), after.body.splitlines()
    for line in new_lines:
        if line in old_lines:
            old_lines.remove(line)
    assert old_lines == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    front=front_matter(),
    lines=body(),
    crlf=st.booleans(),
    what=TEXT,
    due=st.one_of(st.none(), DAYS),
)
def test_a_promise_appends_exactly_one_item(
    front: tuple[list[str], date | None],
    lines: list[str],
    crlf: bool,
    what: str,
    due: date | None,
) -> None:
    nl = "\r\n" if crlf else "\n"
    data = (nl.join(["---", *front[0], "---", *lines]) + nl).encode("utf-8")
    try:
        before = note.read_bytes(data)
    except note.NoteError:
        assume(False)
        raise
    assert before.meta is not None
    old = before.meta.get("promises")
    assume(old in (None, "") or isinstance(old, list))
    what = " ".join(what.split())
    open_texts = {str(p).strip().casefold() for p in old or [] if not isinstance(p, dict)}
    assume(what and what.casefold() not in open_texts)  # the same open promise is refused

    with TemporaryDirectory() as folder:
        path = Path(folder) / "note.md"
        path.write_bytes(data)
        edit_note(path, "note.md", planners.plan_promise(what, due))
        after = note.read_bytes(path.read_bytes())

    item: object = what if due is None else {"what": what, "due": due.isoformat()}
    expected = dict(before.meta)
    expected["promises"] = [*(old or []), item]
    assert after.meta == expected
    assert after.body == before.body
