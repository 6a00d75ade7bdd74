"""The shipped templates rendered as plain Python (`builtin_render.py`) give what Jinja gives
for the `.j2` files, byte for byte, over generated values: the same text a vault's own copy of
a shipped template renders to."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SMALL, render

from vaultkeeper import templates
from vaultkeeper.agenda import Agenda, Group, Share
from vaultkeeper.builtin_render import RENDERERS
from vaultkeeper.config import Settings, settings_from_toml
from vaultkeeper.draft.facts import Fact
from vaultkeeper.errors import TemplateError
from vaultkeeper.picks import Pick
from vaultkeeper.week import Item, Row

EXAMPLES = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])

# Short texts, empty ones among them (a template's `if` tests them), any characters.
text = st.text(max_size=8)
some = st.one_of(st.just(""), st.just("not sorted"), text)
count = st.integers(min_value=0, max_value=3)


def _lists(items: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(items, max_size=3)


rows = st.builds(
    Row,
    link=text,
    cell_link=text,
    name=text,
    segment=some,
    status=text,
    when=text,
    last_touch=text,
    last_note=text,
    channel=text,
    details=some,
)
items = st.builds(Item, link=text, text=text, when=some, late=st.booleans())
picks = st.builds(
    Pick,
    link=text,
    reason=text,
    idea=text,
    contact=st.none(),
    draft=st.lists(some, max_size=4).map(tuple),
)
shares = st.builds(
    Share,
    title=text,
    url=st.none() | text,
    people=_lists(st.tuples(text, text)),
)
groups = st.builds(
    Group, label=text, rows=_lists(rows), more=count, segment=st.none() | st.just("peer x")
)
agendas = st.builds(
    Agenda,
    title=text,
    today=st.just(date(2026, 11, 18)),
    week_start=st.just(date(2026, 11, 16)),
    week_end=st.just(date(2026, 11, 22)),
    generated=text,
    summary=_lists(text),
    start_here=_lists(picks),
    worth_sharing=_lists(shares),
    reviews=_lists(text),
    loops=_lists(text),
    dates=_lists(items),
    overdue=_lists(groups),
    due=_lists(rows),
    reminders=_lists(items),
    promises=_lists(items),
    never_touched=_lists(rows),
    unsorted=_lists(rows),
    problems=_lists(text),
    welcome=_lists(text),
    due_more=count,
    loops_more=count,
    reminders_more=count,
    promises_more=count,
    never_touched_more=count,
    unsorted_more=count,
)


def _jinja(name: str, context: dict[str, Any]) -> str:
    """What a vault's own copy of the shipped template renders to."""
    return templates.sandboxed(templates.builtin_text(name)).render(**context)


@EXAMPLES
@given(agendas)
def test_the_agenda_is_the_template_s_text(agenda: Agenda) -> None:
    context = {"agenda": agenda}
    assert RENDERERS["agenda.md.j2"](context) == _jinja("agenda.md.j2", context)


facts = st.builds(Fact, source=st.just("log"), label=text, sentence=text)
other = st.fixed_dictionaries({"name": text, "first": text, "work": some})
drafts = st.fixed_dictionaries(
    {
        "first": text,
        "name": text,
        "kind": text,
        "chat": st.booleans(),
        "channel": text,
        "warmth": st.none() | facts,
        "value": facts,
        "subject": text,
        "question": text,
        "context": text,
        "context_inline": text,
        "ask": text,
        "size": text,
        "other": other,
    }
)
KINDS = sorted(name for name in RENDERERS if name.startswith("drafts/"))


@EXAMPLES
@pytest.mark.parametrize("name", KINDS)
@given(context=drafts)
def test_each_draft_is_its_template_s_text(name: str, context: dict[str, Any]) -> None:
    if name == "drafts/thanks.md.j2" and context["warmth"] is None:
        context["warmth"] = Fact("ask", "their ask", "Thanks again for asking.")  # always one
    assert RENDERERS[name](context) == _jinja(name, context)


def test_every_shipped_template_has_its_renderer() -> None:
    folder = Path(templates.builtin_dir())  # type: ignore[arg-type]
    shipped = {path.relative_to(folder).as_posix() for path in folder.rglob("*.md.j2")} - {
        "contact.md.j2"
    }  # a new note's text, rendered by `scaffold.py` in the sandbox
    assert shipped == set(RENDERERS)


def test_a_renderer_s_mistake_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"drafts/thanks\.md\.j2: AttributeError"):
        templates.render(
            "drafts/thanks.md.j2",
            {"chat": True, "first": "A", "warmth": None, "value": None},
            tmp_path,
            None,
        )
    share = Share("Title", None, [("a", "b", "c")])  # type: ignore[list-item]
    broken = Agenda("T", date(2026, 11, 18), date(2026, 11, 16), date(2026, 11, 22), "", [])
    broken.worth_sharing = [share]
    with pytest.raises(TemplateError, match=r"agenda\.md\.j2: ValueError: too many values"):
        templates.render("agenda.md.j2", {"agenda": broken}, tmp_path, None)
    with pytest.raises(TemplateError, match="no template drafts/nope"):
        templates.render("drafts/nope.md.j2", {}, tmp_path, None)


def test_a_vault_s_copy_of_the_shipped_agenda_renders_the_same(tmp_path: Path) -> None:
    shutil.copytree(SMALL / "people", tmp_path / "people")
    shipped = render(tmp_path, "2026-11-18", Settings())
    (tmp_path / "mine.md.j2").write_text(templates.builtin_text("agenda.md.j2"), "utf-8")
    own = settings_from_toml({"agenda": {"template": "mine.md.j2"}})
    assert render(tmp_path, "2026-11-18", own) == shipped
    assert "## Start here" in shipped and "> [!example]- Draft" in shipped  # drafts too


def test_an_agenda_with_drafts_loads_no_jinja(tmp_path: Path) -> None:
    """A real process: the agenda and its drafts rendered from scratch, then whether Jinja
    was imported."""
    shutil.copytree(SMALL / "people", tmp_path / "people")
    script = (
        "import sys\n"
        "from vaultkeeper.shortcut import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('jinja2 loaded' if 'jinja2' in sys.modules else 'no jinja2')\n"
    )
    argv = ["--vault", str(tmp_path), "--today", "2026-11-18", "agenda", "--stdout"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, env=env
    )
    assert "## Start here" in done.stdout and "Draft" in done.stdout
    assert done.stderr.endswith("no jinja2")


def test_a_vault_s_copies_of_the_drafts_give_the_same_drafts(tmp_path: Path) -> None:
    """`draft` for every contact of the example vault, in each kind, with and without the
    vault's own copies of the shipped draft templates: the same words, or the same refusal."""
    from support import EXAMPLE, run

    plain, copied = tmp_path / "plain", tmp_path / "copied"
    for root in (plain, copied):
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".vaultkeeper"))
    for name in KINDS:
        (copied / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (copied / "templates" / name).write_text(templates.builtin_text(name), "utf-8")
    people = sorted(path.stem for path in (plain / "people").glob("*.md"))
    kinds = [[], *(["--kind", name.split("/")[1].split(".")[0]] for name in KINDS)]
    compared = drafted = 0
    for person in people:
        for kind in kinds:
            if kind[-1:] == ["intro"]:
                kind = [*kind, "--with", "Amara Okafor"]
            said = [
                run("--vault", str(root), "--today", "2026-11-18", "draft", person, *kind)
                for root in (plain, copied)
            ]
            assert said[0].exit_code == said[1].exit_code, (person, kind)
            assert said[0].stdout == said[1].stdout, (person, kind)
            compared += 1
            drafted += said[0].exit_code == 0
    assert compared == len(people) * len(kinds) and drafted > len(people)
