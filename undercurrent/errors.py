"""Errors a user can act on. The CLI turns each into one line and an exit code."""


class UndercurrentError(Exception):
    """Base class: the message tells the user what is wrong and what to do."""

    exit_code = 1


class UsageError(UndercurrentError):
    """The command was called wrongly (exit status 2)."""

    exit_code = 2


class InputError(UndercurrentError):
    """A file or text could not be read as an article."""


class ConfigError(UndercurrentError):
    """A setting or a data file (YAML lexicon, dictionary) is invalid."""

    exit_code = 2


class StoreError(UndercurrentError):
    """The database could not be opened, migrated or written."""


class ModelError(UndercurrentError):
    """No usable spaCy pipeline is installed."""
