"""A horizontal bar of a case's stages, each as wide as the working days spent in it."""

from rich.text import Text
from textual.widgets import Static

COLOURS = ["#5e81ac", "#a3be8c", "#d08770", "#b48ead", "#88c0d0", "#ebcb8b", "#bf616a", "#8fbcbb"]


def bar(stages: list[tuple[str, int, bool | None]], width: int) -> Text:
    """`stages`: (title, working days, deadline met). Every stage gets at least one cell."""
    total = sum(max(days, 1) for _, days, _ in stages) or 1
    width = max(width, len(stages))
    text, legend = Text(), Text()
    for i, (title, days, met) in enumerate(stages):
        cells = max(1, round(width * max(days, 1) / total))
        colour = COLOURS[i % len(COLOURS)]
        text.append(" " * cells, style=f"on {colour}")
        mark = {True: "", False: " missed", None: ""}[met]
        legend.append("■ ", style=colour)
        legend.append(f"{title} {days}d{mark}  ", style="bold red" if met is False else "")
    return text + Text("\n") + legend


class StageBar(Static):
    def __init__(self, **kw):
        super().__init__("", **kw)
        self.stages: list[tuple[str, int, bool | None]] = []

    def show(self, stages) -> None:
        self.stages = stages
        self.update(bar(stages, max(self.size.width - 2, 10)))

    def on_resize(self) -> None:
        if self.stages:
            self.update(bar(self.stages, max(self.size.width - 2, 10)))
