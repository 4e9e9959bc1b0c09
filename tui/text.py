"""What people typed, shown as they typed it. Textual reads a plain string in a table cell, a
Static or a notification as markup, so "[b]" would turn bold, "[@click=app.quit]" into an
action, and "[/x]" stop the application; every piece of data goes to the screen as Text."""

from rich.cells import cell_len
from rich.text import Text


def plain(value) -> Text:
    """Data as literal text; Text already built (with styles chosen here) passes through."""
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value))


def plain_row(cells) -> list[Text]:
    return [plain(c) for c in cells]


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells: whole if it fits, else cut after the last word that fits
    with an ellipsis, so "Cllr Rebecca Winstanley" reads "Cllr Rebecca…", not "Cllr Rebecca Wi".
    A single word wider than the room is cut where it must be."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head, used = [], 0
    for ch in text:
        used += cell_len(ch)
        if used > width - 1:  # one cell kept for the ellipsis
            break
        head.append(ch)
    kept = "".join(head)
    if not text[len(kept)].isspace() and not kept[-1:].isspace() and " " in kept.strip():
        kept = kept[:kept.rstrip().rfind(" ")]
    return kept.rstrip(" ,;:-–(") + "…"
