"""The optional model path of `draft`, offline: a fake model registered through llm's plugin
hook, `LLM_USER_PATH` in a temporary folder. The prompt carries the cited facts and not the
lines lint flags; every failure keeps the template draft, with one line why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import llm
import pytest
from support import MakeVault, run

NOTE = """\
---
segment: peer
tags: [pricing]
channel: email
company: Kontor
promises:
  - Send the partner-tier pricing teardown
---
## Log
- 2026-11-10 call: she mentioned her divorce is final #checkin
- 2026-10-01 email: compared notes on packaging for mid-market SaaS #give
"""
TEMPLATE_VALUE = "As promised, here is the partner-tier pricing teardown: [add it here]."


class FakeModel(llm.Model):
    model_id = "fake-draft"

    def __init__(self) -> None:
        self.prompts: list[str] = []
        self.answer: str | Exception = ""

    def execute(self, prompt: Any, stream: bool, response: Any, conversation: Any) -> Iterator[str]:
        self.prompts.append(str(prompt.prompt))
        if isinstance(self.answer, Exception):
            raise self.answer
        yield self.answer


class Plugin:
    def __init__(self, model: FakeModel) -> None:
        self.model = model

    @llm.hookimpl
    def register_models(self, register: Any) -> None:
        register(self.model)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeModel]:
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm"))
    model = FakeModel()
    plugin = Plugin(model)
    llm.plugins.pm.register(plugin, name="vaultkeeper-fake-draft")
    try:
        yield model
    finally:
        llm.plugins.pm.unregister(plugin)


@pytest.fixture
def root(make_vault: MakeVault) -> Path:
    return make_vault({"Lena Vogel.md": NOTE})


def draft(root: Path, *args: str) -> tuple[int, str, str]:
    result = run("--vault", str(root), "--today", "2026-11-23", "draft", "lena", *args)
    return result.exit_code, result.stdout, result.stderr


def test_the_model_answer_is_printed_and_the_prompt_holds_only_safe_facts(
    root: Path, fake: FakeModel
) -> None:
    fake.answer = (
        "Subject: The pricing teardown\n\nHi Lena,\n\nHere is the partner-tier pricing teardown "
        "I mentioned. No need to reply."
    )
    code, out, err = draft(root, "--model", "fake-draft")
    assert code == 0 and err == ""
    assert out.endswith(
        "Subject: The pricing teardown\n\nHi Lena,\n\nHere is the partner-tier pricing "
        "teardown I mentioned. No need to reply.\n"
    )
    (prompt,) = fake.prompts
    assert "promise: Send the partner-tier pricing teardown" in prompt
    assert "divorce" not in prompt  # the newest log line is flagged by lint: left out
    assert '"just checking in"' in prompt and "ledger" in prompt
    assert "Hi Lena," in prompt


def test_the_config_names_the_model(root: Path, fake: FakeModel) -> None:
    (root / "vaultkeeper.toml").write_text('[draft]\nmodel = "fake-draft"\n', encoding="utf-8")
    fake.answer = "Subject: Hi\n\nHi Lena, here is the teardown. No need to reply."
    code, out, _ = draft(root)
    assert code == 0 and "here is the teardown" in out


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("Hi Lena, just checking in about the teardown!", "leans on filler"),
        ("Hi Lena, here is the teardown, so we are square on the ledger.", "keeps score"),
        ("Hello there, here is the teardown. No need to reply.", "first name"),
        (RuntimeError("No key found - add one using 'llm keys set fake'"), "No key found"),
    ],
)
def test_a_failed_answer_keeps_the_template_draft_with_a_note(
    root: Path, fake: FakeModel, answer: str | Exception, why: str
) -> None:
    fake.answer = answer
    code, out, err = draft(root, "--model", "fake-draft")
    assert code == 0
    assert TEMPLATE_VALUE in out
    assert err.startswith("Note: ") and why in err and err.count("\n") == 1
    assert "this is the template draft" in err


def test_a_chat_answer_over_the_limit_is_not_used(root: Path, fake: FakeModel) -> None:
    (root / "Lena Vogel.md").write_text(NOTE.replace("email", "slack", 1), encoding="utf-8")
    fake.answer = "Hi Lena, " + "here is a long message. " * 20
    code, out, err = draft(root, "--model", "fake-draft")
    assert code == 0 and "over 280" in err and "Subject:" not in out


def test_an_unknown_model_or_a_timeout_falls_back(root: Path, fake: FakeModel) -> None:
    code, out, err = draft(root, "--model", "no-such-model")
    assert code == 0 and TEMPLATE_VALUE in out and "no model called 'no-such-model'" in err

    from vaultkeeper.config import Settings
    from vaultkeeper.draft.choose import Request
    from vaultkeeper.draft.compose import Draft
    from vaultkeeper.draft.model import _within, reword

    with pytest.raises(TimeoutError):
        _within(0.01, lambda: __import__("time").sleep(1) or "")
    template = Draft("Lena Vogel", "checkin", "email", "S", "Hi Lena, body.", "why", ())
    fake.answer = "Hi Lena, fine. No need to reply."
    result, note = reword(template, "fake-draft", Settings(), Request(), timeout=5)
    assert note is None and result.body == "Hi Lena, fine. No need to reply."
