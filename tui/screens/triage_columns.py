"""The triage queue's columns, and their widths on a terminal of any width."""

# (key, heading, width); the narrow set keeps 80 columns readable without scrolling.
WIDE = [("ref", "Reference", 14), ("route", "Route", 8), ("stage", "Stage", 30),
        ("subject", "Subject", 20), ("complainant", "Complainant", 20), ("handler", "Handler", 12),
        ("days", "Days", 5), ("due", "Due", 10), ("mark", "", 8)]
NARROW = [("ref", "Reference", 14), ("stage", "Stage", 20), ("subject", "Subject", 16),
          ("days", "Days", 4), ("due", "Due", 10), ("mark", "", 2)]
WIDE_FROM = sum(width + 2 for _, _, width in WIDE) + 2  # cell padding and the scrollbar
# Columns to spare on a wider terminal go to the names and the stage, in these shares.
GROW = {"subject": 2, "complainant": 2, "stage": 1}


def fitted(columns: list[tuple[str, str, int]], width: int) -> list[tuple[str, int]]:
    """(heading, width) of each column, the spare width shared out by GROW."""
    spare = max(0, width - (sum(w + 2 for _, _, w in columns) + 2))
    shares = {key: GROW[key] for key, _, _ in columns if key in GROW}
    total = sum(shares.values())
    return [(heading, w + spare * shares.get(key, 0) // total) for key, heading, w in columns]
