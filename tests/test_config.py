"""The settings file's parse kept beside the index (`config._parsed`): used only for the very
text it came from, and never in the way of an error or an odd cache."""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path

import pytest

from vaultkeeper.config import KEPT_TOML, _parsed, load_settings
from vaultkeeper.errors import ConfigError
from vaultkeeper.scan import CACHE_DIR

CONFIG = """\
[segments.investor]
cadence = "6w"
label = "Investors"

[segments.ally]
cadence = "2w"

[vault]
ignore = ["archive"]
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "vaultkeeper.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / CACHE_DIR).mkdir()
    return tmp_path


def _no_tomllib(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(text: str) -> object:
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", refused)


def test_the_same_text_is_not_parsed_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_settings(root)
    assert (root / CACHE_DIR / KEPT_TOML).is_file()
    _no_tomllib(monkeypatch)
    again = load_settings(root)
    assert again == first
    assert again.same_as(first)  # the segments' order too
    assert again.fingerprint() == first.fingerprint()


def test_other_text_is_parsed_even_with_the_same_size_and_mtime(root: Path) -> None:
    config = root / "vaultkeeper.toml"
    load_settings(root)
    info = config.stat()
    config.write_text(CONFIG.replace('"6w"', '"5w"'), encoding="utf-8")
    os.utime(config, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert config.stat().st_size == info.st_size
    assert str(load_settings(root).segments["investor"].cadence) == "5w"


@pytest.mark.parametrize(
    "kept",
    [
        b"",
        b"garbage",
        b"\xe3\x00\x00",
        b"(\x00\x00\x00\x40",  # to `marshal`, a tuple of 2**30 items: 8 GiB before failing
        b"[" * 100_000,  # nested past any recursion limit
        b'["text", [1, 2]]',  # not a table
    ],
    ids=repr,
)
def test_a_garbled_kept_parse_is_made_again(root: Path, kept: bytes) -> None:
    first = load_settings(root)
    (root / CACHE_DIR / KEPT_TOML).write_bytes(kept)
    assert load_settings(root) == first
    assert (root / CACHE_DIR / KEPT_TOML).read_bytes() != kept  # kept afresh


def test_toml_dates_are_parsed_every_time(root: Path) -> None:
    """`marshal` cannot hold a date: such a file is simply not kept."""
    dated = CONFIG + "\n[agenda]\nfrom = 2026-11-20\n"
    assert _parsed(root, dated)["agenda"]["from"] == date(2026, 11, 20)
    assert list((root / CACHE_DIR).iterdir()) == []  # neither kept nor a temp file left


def test_a_mistake_is_never_kept(root: Path) -> None:
    (root / "vaultkeeper.toml").write_text("[agenda\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError, match=r"vaultkeeper\.toml: "):
            load_settings(root)
    assert not (root / CACHE_DIR / KEPT_TOML).exists()


def test_no_cache_folder_is_made_for_it(tmp_path: Path) -> None:
    (tmp_path / "vaultkeeper.toml").write_text(CONFIG, encoding="utf-8")
    load_settings(tmp_path)
    assert not (tmp_path / CACHE_DIR).exists()


def test_a_kept_parse_that_cannot_be_read_or_written_only_means_parsing(root: Path) -> None:
    first = load_settings(root)
    kept = root / CACHE_DIR / KEPT_TOML
    kept.unlink()
    kept.mkdir()  # neither readable as a file nor replaceable by one
    assert load_settings(root) == first
    assert [p.name for p in (root / CACHE_DIR).iterdir()] == [KEPT_TOML]  # no temp file left


def test_a_link_at_the_kept_parse_is_never_followed(
    root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Found in review: a synced vault may hold a link where the kept parse goes: to a device
    that never ends (read), or to a file of the user's (written over)."""
    first = load_settings(root)
    kept = root / CACHE_DIR / KEPT_TOML
    victim = tmp_path_factory.mktemp("elsewhere") / "precious.txt"
    victim.write_text("mine", encoding="utf-8")
    for target in (Path("/dev/zero"), victim):
        kept.unlink()
        kept.symlink_to(target)
        assert load_settings(root) == first
        assert not kept.is_symlink()  # replaced by a file of its own
    assert victim.read_text(encoding="utf-8") == "mine"
