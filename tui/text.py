"""What people typed, shown as they typed it. Textual reads a plain string in a table cell, a
Static or a notification as markup, so "[b]" would turn bold, "[@click=app.quit]" into an
action, and "[/x]" stop the application; every piece of data goes to the screen as Text."""

from rich.text import Text


def plain(value) -> Text:
    """Data as literal text; Text already built (with styles chosen here) passes through."""
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value))


def plain_row(cells) -> list[Text]:
    return [plain(c) for c in cells]
