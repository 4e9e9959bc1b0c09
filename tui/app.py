"""The full-screen application: where a Monitoring Officer spends the day.

Every screen reads and writes through casework's services, never the database.
"""

import gc
import io
import threading
import time
from typing import TYPE_CHECKING, Callable

from rich.console import Console
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from casework.errors import UserError
from casework.workflow.roles import MO, may
from casework.workflow.steps import SCREEN
from tui.keys import named
from tui.screens.dialogs import Fatal, Progress

if TYPE_CHECKING:
    from casework.queue.first_page import FirstPage
    from casework.workspace import Workspace


class CaseworkApp(App):
    TITLE = "casework"
    CSS_PATH = "casework.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = named("app", [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # As in lazygit and k9s: j and k move in whatever list or table has focus (a text box
        # takes them as letters first).
        Binding("j", "focused_cursor('down')", "Down", show=False),
        Binding("k", "focused_cursor('up')", "Up", show=False),
    ])

    def __init__(self, ws: "Workspace | None", login: str, offer_demo: bool = True, *,
                 opener: "Callable[[], Workspace] | None" = None, first: "FirstPage | None" = None,
                 launched: bool = False):
        """Either `ws`, open; or `opener` and the `first` page read without it
        (casework.queue.first_page): the page is painted at once and the workspace opened behind it.
        `launched`: started by `casework` for a working session, not by a test; it keeps the
        first page's statements for the next start and tunes the garbage collector."""
        super().__init__()
        self._ws, self._opener, self.first = ws, opener, first
        if ws is not None:
            ws.face = SCREEN  # refusals say their remedy in this application's keys
        self.login, self.offer_demo, self.launched = login, offer_demo, launched
        self._ws_ready = threading.Event()
        self._behind_done = threading.Event()  # _open has run to its end
        self._ws_failed: str | None = None
        if ws is not None:
            self._ws_ready.set()
        self._last_input = time.monotonic()
        self.me: dict | None = None
        # The login this start registered as a new database's Monitoring Officer: welcomed.
        self.registered: str | None = None
        self.startup_warning: str | None = None
        self.exit_message: str | None = None

    IDLE = 2.0  # seconds without a key or a click before a full collection may run

    def _own_theme(self) -> None:
        """The theme the user's settings file names (casework.config), if it is one."""
        from casework.config import setting

        try:
            theme = setting("theme")
        except UserError:
            return  # the command line has already said what is wrong with the file
        if theme in self.available_themes:
            self.theme = theme

    def _own_keys(self) -> None:
        """The `[keys]` table of the settings file, as Textual's keymap; a binding it names
        that does not exist is said, not silently ignored."""
        from casework.config import load

        try:
            keys = {k: v.strip() for k, v in load().get("keys", {}).items()}
        except UserError:
            return  # the command line has already said what is wrong with the file
        if not keys:
            return  # nothing to check, so the help's screens need not be loaded at start
        from tui.keys import ids
        from tui.screens.help import every_holder

        unknown = sorted(set(keys) - ids(*every_holder(), type(self)))
        if unknown:
            self.notify(f"[keys] names no binding {', '.join(unknown)}; the help (?) lists them",
                        severity="warning", timeout=15, markup=False)
        self.user_keys = {k: v for k, v in keys.items() if k not in unknown}
        self.set_keymap(self.user_keys)

    def _keep_theme(self, theme) -> None:
        from casework.config import save, setting

        try:
            if setting("theme") != theme.name:
                save("theme", theme.name)
        except UserError as exc:
            self.notify(exc.message, severity="warning")

    async def on_event(self, event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.note_input()
        await super().on_event(event)

    def note_input(self) -> None:
        """Someone is typing or clicking: a full collection now would be felt."""
        self._last_input = time.monotonic()

    def _collect_when_idle(self) -> None:
        if time.monotonic() - self._last_input >= self.IDLE and gc.get_count()[1]:
            gc.collect()

    @property
    def ws(self) -> "Workspace":
        """The open workspace; waits for it in the moment after the first page is painted,
        when it may still be opening (a key pressed that soon waits a fraction of a second)."""
        self._ws_ready.wait()
        if self._ws is None:
            raise UserError(self._ws_failed or "the database could not be opened")
        return self._ws

    def on_mount(self) -> None:
        self.set_interval(self.IDLE, self._collect_when_idle)
        if self.launched:
            self._own_theme()
            self._own_keys()
            # After the file's own theme is on: a theme the person then picks is kept for
            # their next start.
            self.theme_changed_signal.subscribe(self, self._keep_theme)
        if self.first is not None:
            self.me, council = self.first.me, self.first.council
        else:
            from casework.people.directory import whoami

            try:
                self.me = whoami(self.ws, self.login)
            except UserError as exc:
                self.push_screen(Fatal(exc.message))
                return
            council = self.ws.profile.council
        self.title = f"casework · {council}"
        self.sub_title = f"{self.me['name']} ({self.me['role_title']})"
        from tui.screens.triage import TriageScreen

        self.push_screen(TriageScreen(self.first.rows if self.first is not None else None))
        if self._ws is not None and self.launched:
            self.call_after_refresh(self._open_behind)
        if self.startup_warning:
            self.notify(self.startup_warning, severity="warning", timeout=30)
        if self.registered and self.offer_demo:
            from tui.screens.welcome import Welcome

            self.push_screen(Welcome(self.login, self.me["name"], council), self._welcomed)

    def first_page_painted(self) -> None:
        """The triage queue's first page is on screen: only now is the workspace opened, so
        its imports do not hold back that first frame."""
        if self._ws is None and getattr(self, "_opening", None) is None:
            self._open_behind()

    def _open_behind(self) -> None:
        self._opening = threading.Thread(target=self._open, name="open-workspace", daemon=True)
        self._opening.start()

    def ws_open_here(self) -> bool:
        """The workspace is open and its database is the embedded file: a read returns at
        once, nothing to wait for on a wire or on the opening."""
        return self._ws_ready.is_set() and self._ws is not None and self._ws.engine.dialect.name == "sqlite"

    def wait_opened(self) -> None:
        """Until the workspace is open behind the first page and its statements kept."""
        # A launched application always opens behind its first page, possibly in a moment:
        # the first page can be painted before the thread is started.
        if self.launched or getattr(self, "_opening", None) is not None:
            self._behind_done.wait()

    def _open(self) -> None:
        """Runs in its own thread once the first page is on screen."""
        try:
            self._open_and_keep()
        finally:
            self._behind_done.set()

    def _open_and_keep(self) -> None:
        if self._ws is None:
            try:
                self._ws = self._opener()
                self._ws.face = SCREEN
                # What the queue's readers import is imported here, before anything waiting
                # on the workspace goes on: two threads importing SQLAlchemy's modules at once
                # can each meet the other's half-made module.
                import casework.queue.pages  # noqa: F401
                import casework.queue.standing  # noqa: F401
            except UserError as exc:
                self._ws_failed = exc.message
            except Exception as exc:  # a thread's traceback would be drawn over the screen
                self._ws_failed = f"the database could not be opened: {exc}"
            finally:
                # Set before anything waits on the screen's thread, which may itself be
                # waiting on this.
                self._ws_ready.set()
            if self._ws_failed:
                self.call_from_thread(self.push_screen, Fatal(self._ws_failed))
                return
        if self.launched:
            from casework.queue.pages import prepare

            try:
                prepare(self._ws, self.login)
            except UserError:
                pass  # only a speed-up is lost
            _settled()

    def _welcomed(self, choice: str) -> None:
        from casework.people.directory import whoami

        self.me = whoami(self.ws, self.login)
        self.sub_title = f"{self.me['name']} ({self.me['role_title']})"
        if choice == "demo":
            self._load_demo()
        elif choice == "import":
            from tui.screens.import_sheet import ImportScreen

            self.push_screen(ImportScreen(), self.imported)

    def imported(self, said: str | None) -> None:
        if said:
            self.notify(said)
            self.refresh_cases()

    def _load_demo(self) -> None:
        from casework.demo.council import build

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

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None,
               markup: bool = True) -> None:
        # Every notification here carries data (a reference, a file's name, a refusal quoting
        # what was typed): shown as written, never read as markup (see tui/text.py).
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_focused_cursor(self, direction: str) -> None:
        move = getattr(self.focused, f"action_cursor_{direction}", None)
        if move is not None:
            move()

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        # What the screen in front offers by name beyond its keys (a case's events).
        offered = getattr(screen, "palette_commands", None)
        if offered is not None:
            yield from offered()
        if getattr(screen, "APP_COMMANDS", True):
            yield from self._app_commands()
        # Every binding of the screen in front is a command too, found by its words.
        for binding in getattr(screen, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.description:
                yield SystemCommand(
                    binding.description, f"key: {binding.key_display or binding.key}",
                    lambda action=binding.action: screen.run_action(action),
                )

    def _app_commands(self):
        """What casework offers by name from any screen but one that must be answered first
        (the welcome's name and start)."""
        if (self.me or {}).get("role") in MO:
            yield SystemCommand("Subject access requests", "requests, their due days and packs",
                                self._subject_access)
        if may((self.me or {}).get("role", ""), "retention"):
            yield SystemCommand("Retention schedule", "ended cases, when their keeping ends, legal holds",
                                self._retention)
        if may((self.me or {}).get("role", ""), "publish"):
            yield SystemCommand("Publish the register of complaints", "the page or CSV of complaints "
                                "about Members, their outcomes and notices", self._publish_register)


    def _retention(self) -> None:
        from tui.screens.retention import RetentionScreen

        self.push_screen(RetentionScreen())

    def _publish_register(self) -> None:
        from tui.screens.register import open_register

        open_register(self)

    def _subject_access(self) -> None:
        from tui.screens.subject_access import SubjectAccessScreen

        self.push_screen(SubjectAccessScreen())


def _settled() -> None:
    """Python's full garbage collection walks every object that has lived a while: 60-170 ms
    at a time while typing in the queue at 100,000 cases (bench/tui_queue.py), about once in
    four keystrokes. What is loaded by now (Textual, SQLAlchemy, the profile, the screens)
    lives as long as the application, so it is frozen out of the collector's sight; and full
    collections wait for a pause in the typing (CaseworkApp._collect_when_idle). Young
    objects are still collected as they always are."""
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1_000_000_000)


def launch(ws: "Workspace | None", login: str, registered: str | None = None, *,
           opener: "Callable[[], Workspace] | None" = None,
           first: "FirstPage | None" = None, warning: str | None = None) -> tuple[int, str | None]:
    """Runs the application; returns its exit code and the reason it gave, if any. `warning`
    is shown as it opens (a database others can read)."""
    app = CaseworkApp(ws, login, opener=opener, first=first, launched=True)
    app.startup_warning = warning
    app.registered = registered
    # Textual prints an unexpected error's traceback, local variables and all, to its
    # error_console as the application ends; it goes to a crash report instead.
    details = io.StringIO()
    app.error_console = Console(file=details, width=120, color_system=None, markup=False,
                                highlight=False)
    app.run()
    if app.return_code == 1 and details.getvalue().strip():
        return 1, _reported(details.getvalue())
    return app.return_code or 0, app.exit_message


def _reported(details: str) -> str:
    from casework.failures import crash_report

    try:
        path = crash_report(details)
    except OSError as exc:
        return (f"the application stopped on an unexpected error, and its report could not be "
                f"written ({exc.strerror or exc})")
    return f"the application stopped on an unexpected error; a report for whoever supports casework is in {path}"
