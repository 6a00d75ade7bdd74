"""Which of a note's lines stay out of a model's prompt: the ones the lint privacy and
speculation rules flag (health, money, family matters, guesses about someone).

A prompt leaves the machine; a note does not. The rule itself belongs to `vaultkeeper lint`
(`vaultkeeper.lint.text.sensitive`), so the two stay one rule; it is imported when first
needed, so a template draft (and the agenda) never loads lint's word lists.
"""

from __future__ import annotations

from ..config import Settings


def sensitive(text: str, settings: Settings) -> bool:
    """Whether lint's privacy or speculation rules flag `text`."""
    from ..lint.text import sensitive as flagged

    return flagged(text, settings)
