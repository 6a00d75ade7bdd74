"""`vaultkeeper sort`: one contact directly, the key-per-contact loop (scripted, and on a real
pseudo-terminal), and the engine's one opening for notes without front matter."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from support import TODAY, MakeVault, edit_note, leftovers, run, touch, write

from vaultkeeper import sorting
from vaultkeeper.config import Settings, load_settings, settings_from_toml
from vaultkeeper.contact import Contact
from vaultkeeper.edit import plans
from vaultkeeper.edit.engine import CreatesFrontMatter
from vaultkeeper.errors import ConfigError, EditError
from vaultkeeper.vault import load_vault

CONFIG = '[vault]\ncontacts_folder = "people"\n'
PEOPLE_ARE_CONTACTS = CONFIG + '[contacts]\nfolders = ["people"]\n'
PROMPT = "1 close ally  2 peer  3 mentor  4 aspirational  s skip  q stop"


def _folders_make_contacts() -> bool:
    """Whether `[contacts] folders` can make a note without a segment a contact (the only
    way a note with no `segment` key, or no front matter, is a contact NAME can find)."""
    try:
        settings_from_toml({"contacts": {"folders": ["people"]}})
    except ConfigError:
        return False
    return True


needs_contact_folders = pytest.mark.skipif(
    not _folders_make_contacts(), reason="this build has no [contacts] folders setting"
)


def run_in(vault: Path, *args: str) -> Result:
    return run("--vault", str(vault), "--today", "2026-11-20", *args)


def note(vault: Path, name: str) -> bytes:
    return (vault / "people" / f"{name}.md").read_bytes()


# --- sort NAME SEGMENT ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "segment", "after", "summary"),
    [
        (  # an empty `segment:`: the value goes after the colon
            "---\nname: Sam Roy\nsegment:\ntags: [saas]\n---\nMet at a meetup.\n",
            "peer",
            "---\nname: Sam Roy\nsegment: peer\ntags: [saas]\n---\nMet at a meetup.\n",
            "segment unset → peer",
        ),
        (  # an unknown segment, with a comment
            "---\nsegment: later   # decide after the call\nrole: CTO\n---\n",
            "peer",
            "---\nsegment: peer   # decide after the call\nrole: CTO\n---\n",
            "segment 'later' → peer",
        ),
        (  # quoted: the quotes stay, and so does the comment
            '---\nsegment: "later"  # soon\n---\nBody\n',
            "peer",
            '---\nsegment: "peer"  # soon\n---\nBody\n',
            "segment 'later' → peer",
        ),
        (
            "---\nsegment: 'Later'\n---\nBody\n",
            "Close allies",
            "---\nsegment: 'ally'\n---\nBody\n",
            "segment 'Later' → ally",
        ),
        (  # an empty value with a comment
            "---\nsegment:  # sort me\n---\n",
            "mentor",
            "---\nsegment: mentor  # sort me\n---\n",
            "segment unset → mentor",
        ),
        (  # CRLF line endings stay CRLF
            "---\r\nsegment:\r\nrole: CTO\r\n---\r\nBody\r\n",
            "aspirational",
            "---\r\nsegment: aspirational\r\nrole: CTO\r\n---\r\nBody\r\n",
            "segment unset → aspirational",
        ),
    ],
    ids=["empty", "unknown-comment", "double-quoted", "single-quoted", "empty-comment", "crlf"],
)
def test_sort_name_segment_writes_exactly_the_segment(
    make_vault: MakeVault, before: str, segment: str, after: str, summary: str
) -> None:
    vault = make_vault({"vaultkeeper.toml": CONFIG, "people/Sam Roy.md": before})
    result = run_in(vault, "sort", "sam", segment)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"people/Sam Roy.md: {summary}\n"
    assert note(vault, "Sam Roy") == after.encode()
    assert leftovers(vault / "people") == []
    contact = load_vault(vault, load_settings(vault)).resolve("sam")
    assert contact.segment == Settings().resolve_segment(segment)


@needs_contact_folders
@pytest.mark.parametrize(
    ("before", "after", "summary"),
    [
        (  # no `segment` key: added as the front matter's last line
            "---\nname: Sam Roy\nrole: CTO  # since May\n---\nMet at a meetup.\n",
            "---\nname: Sam Roy\nrole: CTO  # since May\nsegment: peer\n---\nMet at a meetup.\n",
            "segment unset → peer",
        ),
        (  # no front matter at all: a block on top, and every old byte after it
            "Met at a meetup.\n\n## Log\n- 2026-10-01 coffee\n",
            "---\nsegment: peer\n---\nMet at a meetup.\n\n## Log\n- 2026-10-01 coffee\n",
            "segment unset → peer; front matter added",
        ),
        (  # ... in the file's own line endings, after its BOM
            "\ufeffMet at a meetup.\r\nLikes tea.\r\n",
            "\ufeff---\r\nsegment: peer\r\n---\r\nMet at a meetup.\r\nLikes tea.\r\n",
            "segment unset → peer; front matter added",
        ),
    ],
    ids=["no-segment-key", "no-front-matter", "no-front-matter-bom-crlf"],
)
def test_notes_a_contacts_folder_makes_contacts_get_a_segment(
    make_vault: MakeVault, before: str, after: str, summary: str
) -> None:
    vault = make_vault({"vaultkeeper.toml": PEOPLE_ARE_CONTACTS, "people/Sam Roy.md": before})
    result = run_in(vault, "sort", "sam roy", "peer")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"people/Sam Roy.md: {summary}\n"
    assert note(vault, "Sam Roy") == after.encode()
    assert load_vault(vault, load_settings(vault)).resolve("sam").segment == "peer"


@needs_contact_folders
def test_other_commands_still_refuse_a_note_without_front_matter(make_vault: MakeVault) -> None:
    vault = make_vault({"vaultkeeper.toml": PEOPLE_ARE_CONTACTS, "people/Sam Roy.md": "Hi.\n"})
    result = run_in(vault, "snooze", "sam", "next", "monday")
    assert result.exit_code == 1
    assert "people/Sam Roy.md has no front matter" in result.output
    assert note(vault, "Sam Roy") == b"Hi.\n"


def test_dry_run_prints_the_diff_and_writes_nothing(make_vault: MakeVault) -> None:
    before = "---\nsegment: later # decide\ntags: [saas]\n---\nBody\n"
    vault = make_vault({"vaultkeeper.toml": CONFIG, "people/Sam Roy.md": before})
    result = run_in(vault, "sort", "sam", "allies", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "--- a/people/Sam Roy.md\n"
        "+++ b/people/Sam Roy.md\n"
        "@@ -1,5 +1,5 @@\n"
        " ---\n"
        "-segment: later # decide\n"
        "+segment: ally # decide\n"
        " tags: [saas]\n"
        " ---\n"
        " Body\n"
    )
    assert result.stderr == "Dry run, nothing written: people/Sam Roy.md: segment 'later' → ally\n"
    assert note(vault, "Sam Roy") == before.encode()


def test_the_same_segment_again_changes_nothing(make_vault: MakeVault) -> None:
    before = "---\nsegment: Peers  # written my way\n---\n"
    vault = make_vault({"vaultkeeper.toml": CONFIG, "people/Sam Roy.md": before})
    result = run_in(vault, "sort", "sam", "peer")
    assert result.exit_code == 0, result.output
    assert result.stdout == "people/Sam Roy.md: already peer (unchanged)\n"
    assert note(vault, "Sam Roy") == before.encode()


def test_a_sorted_contact_can_be_given_another_segment(make_vault: MakeVault) -> None:
    vault = make_vault({"people/Sam Roy.md": "---\nsegment: peer\n---\n"})
    result = run_in(vault, "sort", "sam", "mentor")
    assert result.stdout == "people/Sam Roy.md: segment peer → mentor\n"
    assert note(vault, "Sam Roy") == b"---\nsegment: mentor\n---\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("sort", "sam", "bestie"), "unknown segment 'bestie'"),
        (("sort", "sam"), "missing SEGMENT for 'sam'"),
        (("sort", "--dry-run"), "--dry-run needs NAME SEGMENT"),
        (("sort",), "sort needs a terminal to read one key at a time; use `vaultkeeper sort NAME"),
    ],
    ids=["bad-segment", "name-without-segment", "dry-run-without-name", "not-a-terminal"],
)
def test_usage_mistakes_exit_2(make_vault: MakeVault, args: tuple[str, ...], message: str) -> None:
    before = "---\nsegment:\n---\n"
    vault = make_vault({"people/Sam Roy.md": before})
    result = run_in(vault, *args)  # CliRunner's streams are not a terminal
    assert result.exit_code == 2, result.output
    assert "Usage: vaultkeeper sort [OPTIONS] [NAME] [SEGMENT]" in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert note(vault, "Sam Roy") == before.encode()


# --- the engine: only a planner that opts in may create front matter ------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Plain.\n", "---\nsegment: peer\n---\nPlain.\n"),
        ("no final newline", "---\nsegment: peer\n---\nno final newline"),
        (
            "\n\n  Indented after blank lines\n",
            "---\nsegment: peer\n---\n\n\n  Indented after blank lines\n",
        ),
        ("\ufeffCRLF\r\nnote\r\n", "\ufeff---\r\nsegment: peer\r\n---\r\nCRLF\r\nnote\r\n"),
        ("", "---\nsegment: peer\n---\n"),
    ],
    ids=["lf", "no-final-newline", "leading-blank-lines", "bom-crlf", "empty"],
)
def test_the_sort_plan_adds_front_matter_on_top(tmp_path: Path, before: str, after: str) -> None:
    path = tmp_path / "Sam Roy.md"
    write(path, before)
    dry = edit_note(path, "Sam Roy.md", plans.plan_sort("peer"), dry_run=True)
    assert dry.diff.startswith("--- a/Sam Roy.md\n+++ b/Sam Roy.md\n")
    assert path.read_bytes() == before.encode()
    result = edit_note(path, "Sam Roy.md", plans.plan_sort("peer"))
    assert (result.written, result.summary) == (True, "segment unset → peer; front matter added")
    assert path.read_bytes() == after.encode()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "planner",
    [
        touch(),
        plans.plan_promise("Send the deck", None),
        plans.plan_remind(date(2026, 12, 1), "Ask about it", TODAY),
        plans.plan_snooze(date(2026, 12, 1), TODAY),
        plans.plan_done("deck", TODAY, TODAY),
        lambda doc: plans.plan_sort("peer")(doc),  # the same plan, without the opt-in
    ],
    ids=["touch", "promise", "remind", "snooze", "done", "sort-unwrapped"],
)
def test_every_other_planner_still_refuses_a_note_without_front_matter(
    tmp_path: Path, planner: plans.Planner
) -> None:
    path = tmp_path / "x.md"
    write(path, "Plain.\n")
    with pytest.raises(EditError, match=r"^x\.md has no front matter \(--- lines at the top\)"):
        edit_note(path, "x.md", planner)
    assert path.read_bytes() == b"Plain.\n"


def test_the_sort_plan_is_the_one_that_opts_in() -> None:
    assert isinstance(plans.plan_sort("peer"), CreatesFrontMatter)
    assert not isinstance(plans.plan_snooze(TODAY, TODAY), CreatesFrontMatter)


def test_a_front_matter_block_that_would_not_read_back_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    write(path, "Plain.\n")

    def sloppy(doc: object) -> plans.Plan:  # also eats the note's first line
        return plans.Plan(
            "oops", (plans.Splice(0, 7, "---\nsegment: peer\n---\n"),), {"segment": "peer"}
        )

    with pytest.raises(EditError, match=r"could not change x\.md safely"):
        edit_note(path, "x.md", CreatesFrontMatter(sloppy))
    assert path.read_bytes() == b"Plain.\n"


def test_the_loop_never_changes_a_note_sorted_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    write(path, "---\nsegment: ally\n---\n")
    with pytest.raises(EditError, match=r"^x\.md is ally now; left as it is"):
        edit_note(path, "x.md", plans.plan_sort("peer", only_unsorted=True))
    assert edit_note(path, "x.md", plans.plan_sort("ally", only_unsorted=True)).summary == (
        "already ally"
    )


# --- the loop, scripted ---------------------------------------------------------------------------

FOUR = {
    "vaultkeeper.toml": CONFIG,
    "people/Ann Archer.md": (
        "---\nsegment:\nrole: Founder\ncompany: Acme\ntags: [Pricing, saas]\nchannel: email\n"
        "last_touch: 2026-10-01\n---\nMet at the pricing meetup.\n"
    ),
    "people/Bob Brown.md": "---\nsegment: later  # after the call\n---\n",
    "people/cy.md": "---\nname: Cy Chen\nsegment: ''\ncompany: Initech\n---\nOld colleague.\n",
    "people/Dee Diaz.md": "---\nsegment:\n---\n",
    "people/Eve Early.md": "---\nsegment: peer\n---\nAlready sorted.\n",
}


def keys(*pressed: str) -> Iterator[str]:
    yield from pressed
    raise AssertionError("the loop read more keys than the script has")  # pragma: no cover


def test_the_loop_sorts_skips_reprompts_and_stops(make_vault: MakeVault) -> None:
    vault = make_vault(FOUR)
    settings = load_settings(vault)
    script = keys("2", "s", "x", "1", "q")
    lines: list[str] = []

    def write_one(contact: Contact, segment: str) -> str:
        result = sorting.write_segment(vault, settings, contact, segment)
        return "\n".join(sorting.result_lines(result))

    counts = sorting.sort_contacts(
        load_vault(vault, settings).contacts,
        settings,
        read_key=lambda: next(script),
        echo=lines.append,
        write=write_one,
    )
    assert counts == sorting.SortCounts(total=4, sorted=2, skipped=1, failed=0)
    assert counts.left == 2
    assert lines == [
        "",
        "[1/4] Ann Archer (people/Ann Archer.md)",
        "  Founder at Acme",
        "  Tags: pricing, saas",
        "  Channel: email",
        "  Last touch: 2026-10-01",
        "  Met at the pricing meetup.",
        PROMPT,
        "people/Ann Archer.md: segment unset → peer",
        "",
        "[2/4] Bob Brown (people/Bob Brown.md)",
        "  Last touch: never",
        "  Segment now: 'later', which is not a segment here",
        PROMPT,
        "Skipped.",
        "",
        "[3/4] Cy Chen (people/cy.md)",
        "  Initech",
        "  Last touch: never",
        "  Old colleague.",
        PROMPT,
        "Press 1-4 for a segment, s to skip, q to stop.",
        PROMPT,
        "people/cy.md: segment unset → ally",
        "",
        "[4/4] Dee Diaz (people/Dee Diaz.md)",
        "  Last touch: never",
        PROMPT,
        "Sorted 2 of 4; 2 left (run `vaultkeeper sort` again to continue).",
    ]
    assert note(vault, "Ann Archer").startswith(b"---\nsegment: peer\nrole: Founder\n")
    assert note(vault, "Bob Brown") == FOUR["people/Bob Brown.md"].encode()
    assert note(vault, "cy") == FOUR["people/cy.md"].replace("''", "'ally'").encode()
    assert note(vault, "Dee Diaz") == FOUR["people/Dee Diaz.md"].encode()
    assert note(vault, "Eve Early") == FOUR["people/Eve Early.md"].encode()
    left = sorting.unsorted(load_vault(vault, settings).contacts)
    assert [c.name for c in left] == ["Bob Brown", "Dee Diaz"]


def _contact(name: str, **fields: object) -> Contact:
    return Contact(f"people/{name}.md", name, None, **fields)  # type: ignore[arg-type]


def test_the_loop_goes_on_after_a_failed_write_and_stops_at_the_end() -> None:
    lines: list[str] = []
    script = keys("3", "1")

    def write(contact: Contact, segment: str) -> str:
        if contact.name == "Ann":
            raise EditError("people/Ann.md is read-only; make it writable to change it")
        return f"{contact.path}: segment unset → {segment}"

    counts = sorting.sort_contacts(
        [_contact("Bo"), _contact("Ann")],
        Settings(),
        read_key=lambda: next(script),
        echo=lines.append,
        write=write,
    )
    assert counts == sorting.SortCounts(total=2, sorted=1, skipped=0, failed=1)
    assert lines == [
        "",
        "[1/2] Ann (people/Ann.md)",
        "  Last touch: never",
        PROMPT,
        "Not sorted: people/Ann.md is read-only; make it writable to change it",
        "",
        "[2/2] Bo (people/Bo.md)",
        "  Last touch: never",
        PROMPT,
        "people/Bo.md: segment unset → ally",
        "Sorted 1 of 2; 1 left (run `vaultkeeper sort` again to continue).",
    ]


@pytest.mark.parametrize("stop", ["q", "Q", "\x03", "\x04", "\x1b", ""])
def test_q_ctrl_c_ctrl_d_escape_and_a_closed_terminal_stop(stop: str) -> None:
    def write(contact: Contact, segment: str) -> str:  # pragma: no cover
        raise AssertionError("nothing is written")

    lines: list[str] = []
    script = keys("\x1b[A", "9", stop)  # an arrow key and a digit with no segment re-prompt
    counts = sorting.sort_contacts(
        [_contact("Ann")], Settings(), read_key=lambda: next(script), echo=lines.append, write=write
    )
    assert counts == sorting.SortCounts(total=1)
    assert lines[-1] == "Sorted 0 of 1; 1 left (run `vaultkeeper sort` again to continue)."
    assert lines.count("Press 1-4 for a segment, s to skip, q to stop.") == 2


def test_nothing_to_sort_is_one_kind_line() -> None:
    lines: list[str] = []
    sorted_one = Contact("people/Eve.md", "Eve", "peer")
    counts = sorting.sort_contacts(
        [sorted_one], Settings(), read_key=lambda: "1", echo=lines.append, write=lambda c, s: ""
    )
    assert counts == sorting.SortCounts(total=0)
    assert lines == ["Nothing to sort: every contact has a segment."]


def test_the_prompt_follows_the_config_order_and_labels() -> None:
    settings = settings_from_toml(
        {"segments": {"family": {"cadence": "1-2w", "label": "Family"}, "peer": {"label": "Peer"}}}
    )
    assert sorting.prompt_line(settings) == (
        "1 close ally  2 Peer  3 mentor  4 aspirational  5 Family  s skip  q stop"
    )
    script = keys("5")
    written: list[tuple[str, str]] = []
    sorting.sort_contacts(
        [_contact("Ann")],
        settings,
        read_key=lambda: next(script),
        echo=lambda line: None,
        write=lambda c, s: written.append((c.name, s)) or "",
    )
    assert written == [("Ann", "family")]


def test_unsorted_contacts_come_by_name_then_path() -> None:
    found = sorting.unsorted(
        [
            Contact("b/Zed.md", "zed", None),
            Contact("a/Amy.md", "Amy", "peer"),
            Contact("z/Amy.md", "Amy", None, segment_text="later"),
            Contact("a/Amy.md", "Amy", None),
        ]
    )
    assert [c.path for c in found] == ["a/Amy.md", "z/Amy.md", "b/Zed.md"]


# --- the loop on a real terminal ------------------------------------------------------------------

CONSOLE_SCRIPT = Path(sys.executable).parent / "vaultkeeper"


class Terminal:
    """A process on a pseudo-terminal: what it printed so far, and keys sent one at a time."""

    def __init__(self, args: list[str], timeout: float = 20) -> None:
        self.master, self.slave = os.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith("VAULTKEEPER_")}
        env.update(PYTHONUTF8="1", TERM="xterm")
        self.proc = subprocess.Popen(
            args,
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env=env,
            start_new_session=True,
        )
        self.deadline = time.monotonic() + timeout
        self.output = b""

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"timed out; the screen so far:\n{self.screen}")
        return left

    @property
    def screen(self) -> str:
        return self.output.decode("utf-8", "replace").replace("\r\n", "\n")

    def read_until(self, text: str, count: int = 1) -> None:
        while self.screen.count(text) < count:
            ready, _, _ = select.select([self.master], [], [], min(self.left(), 0.5))
            if ready:
                self.output += os.read(self.master, 4096)
            elif self.proc.poll() is not None:
                raise AssertionError(f"exited {self.proc.returncode}:\n{self.screen}")

    def press(self, key: str) -> None:
        """Send one key once the program reads keys (raw mode: no line editing, no echo)."""
        while termios.tcgetattr(self.slave)[3] & (termios.ICANON | termios.ECHO):
            self.left()
            time.sleep(0.01)
        os.write(self.master, key.encode())

    def wait(self) -> int:
        code = self.proc.wait(timeout=self.left())
        while select.select([self.master], [], [], 0.1)[0]:
            self.output += os.read(self.master, 4096)
        return code

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)
        os.close(self.slave)


@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="the console script is not installed")
def test_sort_on_a_real_terminal_reads_single_key_presses(make_vault: MakeVault) -> None:
    vault = make_vault(FOUR)
    term = Terminal([str(CONSOLE_SCRIPT), "--vault", str(vault), "--today", "2026-11-20", "sort"])
    try:
        term.read_until(PROMPT)
        term.press("1")  # no Enter
        term.read_until(PROMPT, count=2)
        term.press("s")
        term.read_until(PROMPT, count=3)
        term.press("q")
        term.read_until("continue).")
        assert term.wait() == 0
    finally:
        term.close()
    assert term.screen == (
        "\n"
        "[1/4] Ann Archer (people/Ann Archer.md)\n"
        "  Founder at Acme\n"
        "  Tags: pricing, saas\n"
        "  Channel: email\n"
        "  Last touch: 2026-10-01\n"
        "  Met at the pricing meetup.\n"
        f"{PROMPT}\n"
        "people/Ann Archer.md: segment unset → ally\n"
        "\n"
        "[2/4] Bob Brown (people/Bob Brown.md)\n"
        "  Last touch: never\n"
        "  Segment now: 'later', which is not a segment here\n"
        f"{PROMPT}\n"
        "Skipped.\n"
        "\n"
        "[3/4] Cy Chen (people/cy.md)\n"
        "  Initech\n"
        "  Last touch: never\n"
        "  Old colleague.\n"
        f"{PROMPT}\n"
        "Sorted 1 of 4; 3 left (run `vaultkeeper sort` again to continue).\n"
    )
    assert (
        note(vault, "Ann Archer")
        == FOUR["people/Ann Archer.md"].replace("segment:\n", "segment: ally\n").encode()
    )
    for name in ("Bob Brown", "cy", "Dee Diaz", "Eve Early"):
        assert note(vault, name) == FOUR[f"people/{name}.md"].encode()
