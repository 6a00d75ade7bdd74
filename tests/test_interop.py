"""`import linkedin` and `import vcard`: the notes they write, byte for byte, and what they
refuse. Fixtures in tests/fixtures/interop are written here in each exporter's shape (the
LinkedIn eras, iOS, Outlook 2.1, Android, Google, Thunderbird, 4.0), with made-up people."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject
from support import MakeVault, run

from vaultkeeper.interop.linkedin import parse_connected, parse_connections
from vaultkeeper.interop.people import profile_key
from vaultkeeper.interop.vcard import parse_bday, parse_vcards

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
TODAY = "2026-01-10"


def _import(root: Path, kind: str, *files: str, extra: tuple[str, ...] = ()) -> str:
    paths = [str(FIXTURES / f) for f in files]
    result = run("--vault", str(root), "--today", TODAY, "import", kind, *paths, *extra)
    assert result.exit_code == 0, result.output
    return result.output


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*.md"))
        if ".vaultkeeper" not in p.parts
    }


# --- LinkedIn ------------------------------------------------------------------------------------


def test_each_era_is_read_and_the_nasty_rows_are_cleaned_or_skipped() -> None:
    new = parse_connections((FIXTURES / "Connections_2024.csv").read_bytes())
    names = [p.name for p in new.people]
    assert names == [
        "Tilda Marsh",
        "Oskar Lindqvist",  # emoji and a flag gone
        "Petra Novak",  # a tab and stray spaces
        "Rene Okoro",  # (he/him)
        "Ines Varga",  # ", MBA, PMP"
        'Wes "Dusty" Harlow',  # doubled quotes
        "Zoran Petrović",
        "Yusuf Demir",
    ]
    assert {s.position: s.reason for s in new.skipped} == {
        "line 12": "'Marigold Bakery' looks like an organisation, not a person",
        "line 13": "no name (a member who hides their profile from exports)",
    }
    zoran = new.people[6]
    assert zoran.company == "10,000 Steps"
    assert profile_key(zoran.linkedin) == "linkedin.com/in/zoran-petrović-8f"
    assert new.people[7].company is None  # ` -`
    old = parse_connections((FIXTURES / "Connections_2021.csv").read_bytes())
    assert [(p.name, p.connected and p.connected.isoformat()) for p in old.people] == [
        ("Hana Ito", "2021-11-28"),
        ("Mei, Lan Chou", "2021-05-18"),
        ("Tilda Marsh", "2021-03-13"),
    ]
    assert old.people[0].role == "Lead, Data Platform"
    legacy = parse_connections((FIXTURES / "Connections_2018.csv").read_bytes())
    assert [(p.name, str(p.connected), p.email) for p in legacy.people] == [
        ("Bruno Keller", "2018-01-08", "bruno.k@example.net"),
        ("Ada Quinn", "2017-11-17", "ada.q@example.net"),
        ("Linh Trần Văn", "2018-07-29", "l.tran@example.net"),
        ("Sol Reyes", "2018-08-18", None),  # `urn:li:member:...` is not an email
    ]


def test_a_bom_and_crlf_change_nothing() -> None:
    data = (FIXTURES / "Connections_2024.csv").read_bytes()
    twisted = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    assert parse_connections(twisted) == parse_connections(data)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("09 Oct 2024", "2024-10-09"),
        ("9 September 2024", "2024-09-09"),
        ("1/8/18, 6:14 PM", "2018-01-08"),
        ("2024-02-29", "2024-02-29"),
        ("31 Feb 2024", None),
        ("Okt 09 2024", None),
    ],
)
def test_connection_dates_without_the_locale(text: str, day: str | None) -> None:
    found = parse_connected(text)
    assert (found.isoformat() if found else None) == day


def test_a_new_connection_becomes_this_note(make_vault: MakeVault) -> None:
    root = make_vault()
    out = _import(root, "linkedin", "Connections_2024.csv", extra=("--tag", "linkedin-2024"))
    assert out.splitlines()[-1] == "8 created, 0 updated, 0 unchanged, 2 skipped."
    assert "line 13: skipped: no name" in out
    assert (root / "Oskar Lindqvist.md").read_text(encoding="utf-8") == (
        "---\n"
        "name: Oskar Lindqvist\n"
        "segment:\n"
        "tags: [linkedin-2024]\n"
        "company: Quillmate\n"
        "role: Product Lead\n"
        "linkedin: https://www.linkedin.com/in/oskarlindqvist\n"
        "email: oskar@example.org\n"
        "connected: 2024-10-07\n"
        "---\n"
        "\n"
        "## Log\n"
        "- 2024-10-07 linkedin: connected #linkedin\n"
    )
    assert (
        (root / "Wes Dusty Harlow.md")
        .read_text(encoding="utf-8")
        .startswith('---\nname: Wes "Dusty" Harlow\n')
    )
    shown = run("--vault", str(root), "--today", TODAY, "list", "--json")
    assert shown.exit_code == 0 and "Oskar Lindqvist" in shown.output


def test_reimporting_the_same_file_changes_nothing(make_vault: MakeVault) -> None:
    root = make_vault()
    _import(root, "linkedin", "Connections_2024.csv")
    before = _snapshot(root)
    out = _import(root, "linkedin", "Connections_2024.csv")
    assert out.splitlines()[-1] == "0 created, 0 updated, 8 unchanged, 2 skipped."
    assert _snapshot(root) == before


def test_a_job_change_adds_one_log_line_and_changes_nothing_else(make_vault: MakeVault) -> None:
    root = make_vault()
    _import(root, "linkedin", "Connections_2024.csv")
    note = root / "Tilda Marsh.md"
    before = note.read_text(encoding="utf-8")
    out = _import(root, "linkedin", "Connections_2025.csv")
    assert "Tilda Marsh.md: logged: now Head of Alliances at Northwind" in out
    assert out.splitlines()[-1] == "0 created, 1 updated, 1 unchanged, 0 skipped."
    after = note.read_text(encoding="utf-8")
    assert after == before.replace(
        "## Log\n",
        f"## Log\n- {TODAY} linkedin: now Head of Alliances at Northwind #linkedin\n",
    )
    again = _import(root, "linkedin", "Connections_2025.csv")
    assert again.splitlines()[-1] == "0 created, 0 updated, 2 unchanged, 0 skipped."
    assert note.read_text(encoding="utf-8") == after


def test_an_older_export_fills_in_the_profile_url(make_vault: MakeVault) -> None:
    """2021 has no URL column: 2024 finds Tilda by name and company, logs the promotion and
    adds the `linkedin:` key the note lacks (a key the owner wrote would be left alone)."""
    root = make_vault()
    _import(root, "linkedin", "Connections_2021.csv")
    out = _import(root, "linkedin", "Connections_2024.csv")
    assert "Tilda Marsh.md: logged: now Head of Partnerships at Fernbrook; added linkedin" in out
    text = (root / "Tilda Marsh.md").read_text(encoding="utf-8")
    assert "role: Partnerships Manager\n" in text  # what the note says stays
    assert "linkedin: https://www.linkedin.com/in/tilda-marsh-1a2b3c\n---" in text


def test_two_notes_that_could_be_one_person_are_reported_not_merged(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            "Oskar L.md": "---\nsegment: peer\nemail: oskar@example.org\n---\n",
            "O Lindqvist.md": (
                "---\nsegment: peer\nlinkedin: https://linkedin.com/in/OskarLindqvist/\n---\n"
            ),
            "Petra Novak.md": "---\nsegment: ally\ncompany: Elsewhere\n---\n",
        }
    )
    before = _snapshot(root)
    out = _import(root, "linkedin", "Connections_2024.csv")
    assert "line 6: skipped: Oskar Lindqvist: conflict: could be any of" in out
    assert "O Lindqvist.md" in out and "Oskar L.md" in out
    assert (
        "line 7: skipped: Petra Novak: conflict: Petra Novak.md has this name but works at "
        "Elsewhere (here: Halden Labs); not merged" in out
    )
    after = _snapshot(root)
    assert {k: after[k] for k in before} == before


def test_a_dry_run_writes_nothing(make_vault: MakeVault) -> None:
    tilda = "---\nsegment: peer\nlinkedin: linkedin.com/in/tilda-marsh-1a2b3c\n---\n"
    root = make_vault({"Tilda Marsh.md": tilda})
    before = _snapshot(root)
    out = _import(root, "linkedin", "Connections_2025.csv", extra=("--dry-run",))
    assert out.splitlines()[-1] == (
        "Dry run, nothing written: 1 created, 1 updated, 0 unchanged, 0 skipped."
    )
    assert _snapshot(root) == before


def test_an_unknown_segment_or_a_file_without_the_header_is_one_error(
    make_vault: MakeVault, tmp_path: Path
) -> None:
    root = make_vault()
    bad = run("--vault", str(root), "import", "linkedin", str(FIXTURES / "v4.vcf"))
    assert bad.exit_code == 1 and "no header line" in bad.output
    wrong = run(
        "--vault", str(root), "import", "linkedin", "--segment", "nobody",
        str(FIXTURES / "Connections_2018.csv"),
    )  # fmt: skip
    assert wrong.exit_code == 2 and "unknown segment" in wrong.output
    assert _snapshot(root) == {}


def test_segment_puts_new_people_in_it(make_vault: MakeVault) -> None:
    root = make_vault()
    _import(root, "linkedin", "Connections_2018.csv", extra=("--segment", "peers"))
    assert "segment: peer\n" in (root / "Ada Quinn.md").read_text(encoding="utf-8")


# --- vCard ---------------------------------------------------------------------------------------


def test_one_bad_photo_would_sink_the_whole_file_in_vobject_but_not_here() -> None:
    data = (FIXTURES / "android.vcf").read_text(encoding="utf-8")
    with pytest.raises(Exception, match="base64"):
        list(vobject.readComponents(data, allowQP=True))
    parsed = parse_vcards((FIXTURES / "android.vcf").read_bytes())
    assert [p.name for p in parsed.people] == ["Nuria Álvarez", "Broken Photo"]
    assert [s.position for s in parsed.skipped] == ["card 3 (line 14)", "card 4 (line 19)"]
    assert "cannot be read" in parsed.skipped[0].reason
    assert parsed.skipped[1].reason == (
        "the card has no name (FN or N); email nameless@example.com"
    )


@pytest.mark.parametrize(
    ("value", "params", "expected"),
    [
        ("1979-03-22", {}, "1979-03-22"),
        ("19790322", {}, "1979-03-22"),
        ("1979-03-22T00:00:00Z", {}, "1979-03-22"),
        ("--0414", {}, "--04-14"),
        ("--04-14", {}, "--04-14"),
        ("1604-05-09", {"X-APPLE-OMIT-YEAR": ["1604"]}, "--05-09"),
        ("circa 1800", {}, None),
        ("2023-02-29", {}, None),
    ],
)
def test_birthdays_with_and_without_a_year(
    value: str, params: dict[str, list[str]], expected: str | None
) -> None:
    assert parse_bday(value, params) == expected


def test_each_address_book_becomes_these_notes(make_vault: MakeVault) -> None:
    root = make_vault()
    files = ("ios.vcf", "outlook21.vcf", "android.vcf", "google.vcf", "thunderbird.vcf", "v4.vcf")
    out = _import(root, "vcard", *files)
    assert out.splitlines()[-1] == "7 created, 0 updated, 0 unchanged, 2 skipped."
    assert "v4.vcf card 1 (line 1)" not in out  # created, with a warning
    assert (
        "Pim de Vries.md: new contact 'Pim de Vries'; birthday 'around 1990' is not a date" in out
    )
    assert (root / "Greta Falk.md").read_text(encoding="utf-8") == (
        "---\n"
        "name: Greta Falk\n"
        "segment:\n"
        "tags: []\n"
        "company: Brightwater\n"
        "role: Lab Manager\n"
        "email: greta@example.com\n"
        "tel: +44 20 7946 0018\n"
        "url: https://greta.example.com\n"
        "birthday: --07-02\n"
        "---\n"
        "\n"
        "## Log\n"
    )
    assert (root / "Colette Moreau.md").read_text(encoding="utf-8") == (
        "---\n"
        "name: Colette Moreau\n"
        "segment:\n"
        "tags: []\n"
        "company: Harbourline\n"
        "role: Finance Director\n"
        "email: colette@example.fr\n"
        "birthday: 1979-03-22\n"
        "---\n"
        "Met at the treasury forum. Prefers calls in the morning.\n"
        "\n"
        "## Log\n"
    )
    anton = (root / "Anton Berg.md").read_text(encoding="utf-8")
    assert "tags: [climbing-club]\n" in anton and "birthday: --04-14\n" in anton
    elsie = (root / "Elsie Ward.md").read_text(encoding="utf-8")
    assert "tags: [board-games, cycling]\n" in elsie
    assert "Neighbour. Lends tools; never asks back.\n" in elsie
    again = _import(root, "vcard", *files)
    assert again.splitlines()[-1] == "0 created, 0 updated, 7 unchanged, 2 skipped."


def test_a_file_that_is_not_a_vcard_is_one_line_and_exit_1(tmp_path: Path) -> None:
    fake = tmp_path / "photo.vcf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary")
    (tmp_path / "vault").mkdir()
    result = run("--vault", str(tmp_path / "vault"), "import", "vcard", str(fake))
    assert result.exit_code == 1
    assert result.output == (
        "Error: no BEGIN:VCARD line: this is not a vCard file (export contacts as .vcf from "
        "your address book)\n"
    )


def test_an_import_says_which_notes_it_could_not_match_against(
    make_vault: MakeVault, tmp_path: Path
) -> None:
    """Jane's own note is broken, so the import cannot know her and would write a new note:
    the report says so on stderr, naming the broken note and why (here, of a dry run)."""
    root = make_vault({"people/Jane Roe.md": "---\nsegment: [ally\n---\nOld friend.\n"})
    card = tmp_path / "jane.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jane Roe\nN:Roe;Jane;;;\nEMAIL:jane@example.com\nEND:VCARD\n",
        encoding="utf-8",
    )
    result = run("--vault", str(root), "import", "vcard", str(card), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith("1 created, 0 updated, 0 unchanged, 0 skipped.")
    assert result.stderr.splitlines() == [
        "1 note could not be read, so anyone in it is not recognised, and may be given a "
        "second note:",
        "  people/Jane Roe.md: invalid YAML on line 3: did not find expected ',' or ']' "
        "(in a [ ] list that starts on line 2)",
    ]
