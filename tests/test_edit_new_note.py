"""`new`: a safe file name from any name, the template, and a create that never overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import leftovers, read_contact

from vaultkeeper.config import Settings
from vaultkeeper.edit import new_note as newcontact
from vaultkeeper.errors import EditError
from vaultkeeper.index import load_directory


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Jordan Lee", "Jordan Lee"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        (".hidden", "hidden"),
        ("Kim: Acme", "Kim Acme"),
        ('A/B "test"?', "A-B test"),
        ("CON", "CON_"),
        ("lpt1.notes", "lpt1_.notes"),
        ("Dr. Who.", "Dr. Who"),
        ("[[Priya]] | #vip", "Priya vip"),
        ("Anna / Bob", "Anna Bob"),
        ("Zoe\u0308", "Zo\u00eb"),
        ("x" * 300, "x" * newcontact.MAX_STEM_BYTES),
    ],
)
def test_file_names_are_made_safe(name: str, stem: str) -> None:
    assert newcontact.safe_file_stem(name) == stem


@pytest.mark.parametrize("name", ["...", "///", " - ", "??"])
def test_names_without_letters_are_refused(name: str) -> None:
    with pytest.raises(EditError, match="cannot make a file name"):
        newcontact.safe_file_stem(name)


def _new(root: Path, name: str, settings: Settings | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    settings = settings or Settings()
    vault = load_directory(root, settings)
    request = newcontact.NewContact(name=name, **kwargs)  # type: ignore[arg-type]
    return newcontact.create_contact(root, settings, vault, request)


def test_new_writes_the_template_into_the_contacts_folder(tmp_path: Path) -> None:
    settings = Settings(contacts_folder="people")
    result = _new(tmp_path, "A/B: Test", settings, segment="peer", tags=("b2b-saas",))
    assert result.label == "people/A-B Test.md"
    text = (tmp_path / "people" / "A-B Test.md").read_text(encoding="utf-8")
    assert text.startswith('---\nname: "A/B: Test"\nsegment: peer\ntags: [b2b-saas]\n---\n')
    assert " \n" not in text
    contact = read_contact(tmp_path / "people" / "A-B Test.md")
    assert contact.name == "A/B: Test" and contact.last_touch is None


def test_new_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "jordan lee.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(EditError, match="already exists"):
        _new(tmp_path, "Jordan Lee")
    assert (tmp_path / "jordan lee.md").read_text(encoding="utf-8") == "mine\n"


def test_new_refuses_a_name_another_contact_uses(tmp_path: Path) -> None:
    (tmp_path / "jl.md").write_text("---\nname: Jordan Lee\nsegment: peer\n---\n")
    with pytest.raises(EditError, match=r"already exists \(jl\.md\)"):
        _new(tmp_path, "jordan lee")


def test_new_refuses_a_file_that_appears_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "Jordan Lee.md"
    target.write_text("someone else's\n", encoding="utf-8")
    with pytest.raises(EditError, match="already exists"):
        newcontact.create_exclusive(target, "Jordan Lee.md", b"new\n")
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert leftovers(tmp_path) == []


def test_new_is_refused_for_a_folder_outside_the_vault(tmp_path: Path) -> None:
    with pytest.raises(EditError, match="outside the vault"):
        newcontact._refuse_outside(tmp_path / "vault", tmp_path / "other" / "x.md", "x.md")
