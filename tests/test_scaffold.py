"""`vaultkeeper init` in a folder that already has notes: no sample contact, and a
`[contacts]` rule from the signs the vault already uses for people."""

from __future__ import annotations

import json
from pathlib import Path

from support import run, write

from vaultkeeper.config import load_settings


def _obsidian_vault(root: Path) -> None:
    for name in ("Ana Lima", "Ben Okoro"):
        write(root / "People" / f"{name}.md", "---\ntags: [person]\n---\nMet at a meetup.\n")
    write(root / "Zettel" / "Cy Park.md", "---\ntype: person\n---\n")
    write(root / "Templates" / "Person.md", "---\nsegment: peer\ncreated: {{date}}\n---\n")
    write(root / "Inbox.md", "Things to read.\n")
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "templates.json").write_text(json.dumps({"folder": "Templates"}))


def test_init_in_an_existing_vault_adds_a_rule_not_a_sample(tmp_path: Path) -> None:
    _obsidian_vault(tmp_path)
    result = run("init", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2:] == [
        "Found 4 notes already here; no sample contact added.",
        "2 notes in People/ will be contacts (the [contacts] rule in vaultkeeper.toml); "
        "give each a segment with `vaultkeeper sort`.",
        "Next: run `vaultkeeper agenda`.",
    ]
    config = (tmp_path / "vaultkeeper.toml").read_text(encoding="utf-8")
    assert config.endswith('[contacts]\nfolders = ["People"]\n')
    assert 'contacts_folder = "People"' in config
    assert "# 2 notes in People/ and made this rule" in config
    assert not list(tmp_path.rglob("Sam Example.md"))
    listed = json.loads(run("--vault", str(tmp_path), "list", "--json").output)
    assert [(c["name"], c["segment"]) for c in listed] == [("Ana Lima", None), ("Ben Okoro", None)]
    assert load_settings(tmp_path).contact_folders == ("People",)


def test_init_where_nothing_looks_like_a_person_says_how_to_start(tmp_path: Path) -> None:
    write(tmp_path / "Inbox.md", "Things to read.\n")
    result = run("init", str(tmp_path))
    assert result.exit_code == 0
    assert result.output.splitlines()[2:] == [
        "Found 1 note already here; no sample contact added.",
        "No note looks like a person yet: add `segment: peer` (or ally, mentor, aspirational) "
        "to a person's note, or a [contacts] rule to vaultkeeper.toml.",
        "Next: run `vaultkeeper agenda`.",
    ]
    config = (tmp_path / "vaultkeeper.toml").read_text(encoding="utf-8")
    assert '# [contacts]\n# folders = ["People"]' in config
    assert load_settings(tmp_path).contact_folders == ()


def test_a_template_folder_never_becomes_a_contact(tmp_path: Path) -> None:
    _obsidian_vault(tmp_path)
    run("init", str(tmp_path))
    agenda = run("--vault", str(tmp_path), "--today", "2026-11-20", "agenda", "--stdout").output
    assert "[[Person]]" not in agenda and "Templates/" not in agenda
    assert "unhashable" not in agenda
    assert "- [[Ana Lima]]: tags: person\n- [[Ben Okoro]]: tags: person\n" in agenda
