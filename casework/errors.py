"""The one exception type a user can cause, and its kinds.

The command line prints the message on one line and exits 2; the TUI shows it as a
notification. Messages say what is wrong and what would make it allowed.
"""


class UserError(Exception):
    """Something the acting user asked for cannot be done as asked."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    """A reference, login, person or file that does not exist."""


class Refused(UserError):
    """A role rule or a guard refused the action."""


class Conflict(UserError):
    """Someone else changed the case since it was read."""

    def __init__(self, ref: str):
        super().__init__(
            f"{ref} was changed by someone else since you read it; reload it "
            f"(casework show {ref}) and try again"
        )
        self.ref = ref


class DatabaseBusy(UserError):
    """The database stayed locked by other handlers for too long."""
