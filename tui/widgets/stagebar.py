"""A horizontal bar of a case's stages, each as wide as the working days spent in it."""

from rich.text import Text
from textual.widgets import Static

from tui.colours import STAGE_TONES, tones


def bar(stages: list[tuple[str, int, bool | None]], width: int, colours: dict[str, str]) -> Text:
    """`stages`: (title, working days, deadline met). Every stage gets at least one cell, in the
    theme's colours (tui.colours)."""
    palette = [colours[name] for name in STAGE_TONES]
    total = sum(max(days, 1) for _, days, _ in stages) or 1
    width = max(width, len(stages))
    text, legend = Text(), Text()
    for i, (title, days, met) in enumerate(stages):
        cells = max(1, round(width * max(days, 1) / total))
        colour = palette[i % len(palette)]
        text.append(" " * cells, style=f"on {colour}")
        mark = {True: "", False: " missed", None: ""}[met]
        legend.append("■ ", style=colour)
        legend.append(f"{title} {days}d{mark}  ", style=f"bold {colours['error']}" if met is False else "")
    return text + Text("\n") + legend


class StageBar(Static):
    def __init__(self, **kw):
        super().__init__("", **kw)
        self.stages: list[tuple[str, int, bool | None]] = []

    def show(self, stages) -> None:
        self.stages = stages
        self.update(bar(stages, max(self.size.width - 2, 10), tones(self.app, *STAGE_TONES, "error")))

    def on_resize(self) -> None:
        if self.stages:
            self.update(bar(self.stages, max(self.size.width - 2, 10), tones(self.app, *STAGE_TONES, "error")))
