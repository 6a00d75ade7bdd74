"""`vaultkeeper lint`: checks that a vault tracks people respectfully and stays tidy.

Kept empty on purpose: `config.py` imports `lint.settings` to read the `[lint]` table, and an
import here would pull the whole checker (and a cycle) into every command's start-up. The
modules, one job each: `rules` (the codes), `settings` (`[lint]`), `words` (the word lists as
patterns), `text` (privacy and speculation in any text), `details` (phone numbers and
addresses), `source` (a note's lines and allow comments), `tags`, `schema`, `check` (one run).
"""
