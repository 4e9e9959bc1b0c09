"""Every binding of every screen, and the ones of the screen you came from first."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.screens.audit import AuditScreen
from tui.screens.case import CaseScreen
from tui.screens.new_complaint import NewComplaintScreen
from tui.screens.timeline import TimelineScreen
from tui.screens.triage import TriageScreen

SCREENS = [("Triage queue", TriageScreen), ("Case", CaseScreen), ("Timeline", TimelineScreen),
           ("Audit", AuditScreen), ("New complaint", NewComplaintScreen)]
EVERYWHERE = [("?", "this help"), ("ctrl+p", "command palette: every action by name"),
              ("ctrl+q", "quit"), ("tab / shift+tab", "move between fields")]


def _lines(bindings) -> list[str]:
    out = []
    for b in bindings:
        if isinstance(b, Binding) and b.description:
            out.append(f"  {(b.key_display or b.key):<14} {b.description}")
    return out


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, current=None):
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        lines = ["[b]Everywhere[/b]"] + [f"  {k:<14} {d}" for k, d in EVERYWHERE]
        ordered = sorted(SCREENS, key=lambda s: not isinstance(self.current, s[1]))
        for title, cls in ordered:
            lines += ["", f"[b]{title}[/b]"] + _lines(cls.BINDINGS)
        with VerticalScroll(classes="dialog help"):
            yield Static("\n".join(lines), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
