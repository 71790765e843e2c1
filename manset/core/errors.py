"""The project's exception hierarchy.

Every error a person may see says what was wrong, where, and how to fix it.
"""


class MansetError(Exception):
    """Base class of every error Manşet raises on purpose."""


class ConfigError(MansetError):
    """A setting from the environment is missing or malformed.

    The message names the variable and the fix, on one line.
    """


class ImportLineError(MansetError):
    """One line of an import file could not be used."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


class BackupError(MansetError):
    """A backup could not be written, or an archive cannot be restored; nothing was changed."""
