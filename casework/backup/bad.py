"""The refusal of a file offered as a backup, shared by the reader and each database's side."""

from casework.errors import UserError


class BadBackup(UserError):
    """A file offered as a backup that casework cannot restore."""
