"""The model: values derived from a contact, and whether a promise or reminder is still open."""

from __future__ import annotations

from support import read

from vaultkeeper.contact import Promise
from vaultkeeper.log import last_entry


def test_never_touched() -> None:
    c = read("---\nsegment: peer\n---\nNo log yet.\n")
    assert c.last_touch is None
    assert last_entry(c) is None


def test_kept_promise_with_true() -> None:
    c = read("---\nsegment: peer\npromises:\n  - what: Send deck\n    done: true\n---\n")
    assert c.promises == (Promise("Send deck", None, None, kept=True),)
    assert c.open_promises == ()
