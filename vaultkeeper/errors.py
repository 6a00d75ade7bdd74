"""Named exceptions whose messages are written for users; the CLI prints them and exits 1."""


class VaultkeeperError(Exception):
    """A problem the user must fix; the message says what and how."""


class NoteError(ValueError):
    """A note could not be read; the message says why in words a user can act on. Reported
    as one of the vault's problems, with the note's path, never raised to the command line."""


class ConfigError(VaultkeeperError):
    """`vaultkeeper.toml` is missing a value, has a wrong type, or cannot be parsed."""


class VaultNotFoundError(VaultkeeperError):
    """The vault folder does not exist or is not a folder."""


class ContactNotFoundError(VaultkeeperError):
    """No contact matches the name the user typed."""


class AmbiguousNameError(VaultkeeperError):
    """Several contacts match the name the user typed."""


class TemplateError(VaultkeeperError):
    """The agenda template could not be loaded or rendered."""


class DateParseError(VaultkeeperError):
    """A date or a phrase such as `in 3 weeks` that could not be read."""


class EditError(VaultkeeperError):
    """A change to a note was refused or could not be made safely; nothing was written."""


class ConflictError(EditError):
    """The note changed on disk between reading it and replacing it."""
