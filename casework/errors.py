"""The one exception type a user can cause, and its kinds.

The command line prints the message on one line and exits 2; the TUI shows it as a
notification. Messages say what is wrong and what would make it allowed.
"""

import re
import unicodedata
from contextlib import contextmanager


def quote(value: object, limit: int = 60) -> str:
    """What the user typed, shown safely inside a one-line message."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if has_control(text):
        text = "".join(repr(ch)[1:-1] if unicodedata.category(ch) in _BREAKING else ch for ch in text)
    return f"'{text}'"


# Control characters, and the Unicode line and paragraph separators that end a line as a
# newline does.
_BREAKING = frozenset({"Cc", "Zl", "Zp"})


# Bidirectional overrides and isolates: they make text display in another order than it is
# stored ("Trojan Source"), so a name or a line on screen could read as something else.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_bidi_control(text: str) -> bool:
    return any(ch in BIDI_CONTROLS for ch in text)


# Everything printable() escapes but newline and tab: the Cc category, line and paragraph
# separators, bidirectional controls. One regular expression, so a long output costs little.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text as a terminal may be given it: control characters (escape sequences, a carriage
    return that overwrites a line), line separators and bidirectional overrides are shown
    escaped; newlines and tabs pass as they are."""
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match) -> str:
    ch = match.group()
    return repr(ch)[1:-1] if unicodedata.category(ch) in _BREAKING else f"\\u{ord(ch):04x}"


def has_control(text: str) -> bool:
    """Control characters (NUL, newline, bell...) and line separators, which no name or
    reference contains. Format characters such as right-to-left marks are kept: they belong
    to real names."""
    return any(unicodedata.category(ch) in _BREAKING for ch in text)


def one_line(message: str) -> str:
    """A message as one line whatever it quotes: anything that would break the line is shown
    escaped, so a script reading the first line of stderr reads all of it."""
    return "".join(repr(ch)[1:-1] if unicodedata.category(ch) in _BREAKING else ch for ch in message)


class UserError(Exception):
    """Something the acting user asked for cannot be done as asked."""

    exit_code = 2

    def __init__(self, message: str, field: str | None = None):
        # Which input was wrong, so a form can show the message beside it; a message that
        # starts from an option ("--review '31/02' is not a date") is about that input.
        self.field = field or _option_named(message)
        # One line, always: a message that echoes input must not break a script's log.
        if has_control(message):
            message = "".join(
                repr(ch)[1:-1] if unicodedata.category(ch) == "Cc" else ch for ch in message
            )
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    @property
    def beside(self) -> str:
        """The message as shown beside its input on a form, whose label already names it: the
        option it starts from left out."""
        return _OPTION.sub("", self.message, count=1) if self.field else self.message


_OPTION = re.compile(r"^--[a-z][a-z-]*:? ")


def _option_named(message: str) -> str | None:
    found = _OPTION.match(message)
    return found.group().strip(" :").removeprefix("--") if found else None


@contextmanager
def blame(field: str):
    """Marks errors raised inside as being about one input field."""
    try:
        yield
    except UserError as exc:
        if exc.field is None:
            exc.field = field
        raise


class Several(UserError):
    """Every input found wrong at once: a form says each beside its field, the command line
    names them all on its one line."""

    def __init__(self, errors: list[UserError]):
        self.errors = list(errors)
        super().__init__("; ".join(e.message for e in self.errors), field=self.errors[0].field)


def every(exc: UserError) -> list[UserError]:
    """The errors a refusal holds: several found at once, or the one."""
    return exc.errors if isinstance(exc, Several) else [exc]


class Checks:
    """Collects what is wrong with each input before refusing, so that a person correcting a
    form meets every mistake at once rather than one per try. A refusal by role or guard is
    not about an input and stops at once."""

    def __init__(self, found: list[UserError] | None = None):
        self.found = list(found or [])

    @contextmanager
    def about(self, field: str):
        try:
            yield
        except Refused:
            raise
        except UserError as exc:
            if exc.field is None:
                exc.field = field
            self.found.append(exc)

    def settle(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise Several(self.found)


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


class Clash(UserError):
    """A unique name or reference taken by a concurrent writer."""
