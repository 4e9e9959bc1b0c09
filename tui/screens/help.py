"""Every binding of every screen, and the ones of the screen you came from first."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import named, shown
from tui.screens.audit import AuditScreen
from tui.screens.case import CaseScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.new_complaint import NewComplaintScreen
from tui.screens.retention import RetentionScreen
from tui.screens.subject_access import SubjectAccessScreen
from tui.screens.timeline import TimelineScreen
from tui.screens.triage import TriageScreen
from tui.screens.users import UsersScreen

SCREENS = [("Triage queue", TriageScreen), ("Case", CaseScreen), ("Timeline", TimelineScreen),
           ("Audit", AuditScreen), ("New complaint", NewComplaintScreen), ("Dashboard", DashboardScreen),
           ("Users", UsersScreen), ("Retention schedule", RetentionScreen),
           ("Subject access requests", SubjectAccessScreen)]
# What the triage queue's marks mean: a word on a wide terminal, a sign on a narrow one.
MARKS = {"Triage queue": [("• or NEW", "a new complaint, still at Received"),
                          ("! or OVERDUE", "past its deadline")]}
EVERYWHERE = [("?", "this help"), ("ctrl+p", "command palette: every action by name"),
              ("ctrl+q", "quit"), ("tab / shift+tab", "move between fields"),
              ("j / k", "down / up in any list or table")]


def _section(text: Text, title: str, rows: list[tuple[str, str]]) -> None:
    text.append(f"{title}\n", style="bold")
    for key, what in rows:
        text.append(f"  {key:<16}", style="bold")
        text.append(f"{what}\n")
    text.append("\n")


def _rows(bindings, keys: dict[str, str]) -> list[tuple[str, str]]:
    """Each binding's key as the person set it ([keys]), what it does, and its id to set it by."""
    return [(shown(b, keys), f"{b.description}  ({b.id})" if b.id else b.description)
            for b in bindings if isinstance(b, Binding) and b.description]


def every_holder() -> list:
    """Every class whose bindings a [keys] table may move."""
    from tui.screens.dialogs import Confirm, Fatal
    from tui.screens.form_base import ActionForm
    from tui.screens.import_sheet import ImportScreen
    from tui.screens.notice import NoticeScreen
    from tui.screens.papers import NoteScreen, PaperScreen
    from tui.screens.pickers import Picker
    from tui.screens.reader import Reader
    from tui.screens.redact import DocumentsTable
    from tui.screens.welcome import Welcome
    from tui.widgets.queue_table import QueueTable

    return [cls for _, cls in SCREENS] + [HelpScreen, Confirm, Fatal, ActionForm, NoteScreen,
                                          PaperScreen, Picker, QueueTable, Reader, DocumentsTable,
                                          ImportScreen, NoticeScreen, Welcome]


class HelpScreen(ModalScreen):
    BINDINGS = named("help", [Binding("escape,question_mark,q", "close", "Close")])

    def __init__(self, current=None):
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        # Built as Text, not markup: keys such as [ and ] would read as tags.
        text = Text()
        _section(text, "Everywhere", EVERYWHERE)
        ordered = sorted(SCREENS, key=lambda s: not isinstance(self.current, s[1]))
        for title, cls in ordered:
            _section(text, title, MARKS.get(title, [])
                     + _rows(cls.BINDINGS, getattr(self.app, "user_keys", {})))
        with VerticalScroll(classes="dialog help"):
            yield Static(text, id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
