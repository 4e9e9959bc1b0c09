"""The full-screen application: where a Monitoring Officer spends the day.

Every screen reads and writes through casework's services, never the database.
"""

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from casework.directory import has_cases, whoami
from casework.errors import UserError
from casework.workspace import Workspace
from tui.screens.dialogs import Confirm, Fatal, Progress


class CaseworkApp(App):
    TITLE = "casework"
    CSS_PATH = "casework.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, ws: Workspace, login: str, offer_demo: bool = True):
        super().__init__()
        self.ws, self.login, self.offer_demo = ws, login, offer_demo
        self.me: dict | None = None
        self.startup_note: str | None = None
        self.exit_message: str | None = None

    def on_mount(self) -> None:
        try:
            self.me = whoami(self.ws, self.login)
        except UserError as exc:
            self.push_screen(Fatal(exc.message))
            return
        self.title = f"casework · {self.ws.profile.council}"
        self.sub_title = f"{self.me['name']} ({self.me['role_title']})"
        from tui.screens.triage import TriageScreen

        self.push_screen(TriageScreen())
        if self.startup_note:
            self.notify(self.startup_note)
        if self.offer_demo and self.me["role"] == "monitoring-officer" and not has_cases(self.ws):
            self.push_screen(
                Confirm("This database has no cases yet.\nLoad a demo council with 40 cases to try things on?",
                        yes="Load demo", no="Start empty"),
                self._load_demo,
            )

    def _load_demo(self, yes: bool | None) -> None:
        if not yes:
            return
        from casework.demo import build

        def job(report):
            return build(self.ws, self.login, 40, 2026, progress=report)

        self.push_screen(Progress("Loading the demo council", job), self._demo_loaded)

    def _demo_loaded(self, result) -> None:
        if isinstance(result, UserError):
            self.notify(result.message, severity="error")
            return
        self.notify(f"{result} demo cases loaded")
        self.refresh_cases()

    def refresh_cases(self) -> None:
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if reload:
                reload()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        # Every binding of the screen in front is a command too, found by its words.
        for binding in getattr(screen, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.description:
                yield SystemCommand(
                    binding.description, f"key: {binding.key_display or binding.key}",
                    lambda action=binding.action: screen.run_action(action),
                )


def launch(ws: Workspace, login: str, registered: str | None = None) -> tuple[int, str | None]:
    """Runs the application; returns its exit code and the reason it gave, if any."""
    app = CaseworkApp(ws, login)
    if registered:
        app.startup_note = f"New database: {registered} registered as the Monitoring Officer"
    app.run()
    return app.return_code or 0, app.exit_message
