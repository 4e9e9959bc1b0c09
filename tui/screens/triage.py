"""The triage queue: every open case, filtered as you type, a page at a time."""

import asyncio
import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from casework.errors import UserError
from casework.queue.query import MAX_SEARCH, SORTS, CaseQuery
from tui.colours import tones
from tui.frames import OneFrame
from tui.keys import named
from tui.screens.pickers import pick
from tui.screens.triage_columns import NARROW, WIDE, WIDE_FROM, Lines, chips, fitted
from tui.widgets.footer import Footer
from tui.widgets.queue_table import QueueTable

PAGE = 100
COUNT_DELAY = 0.3  # seconds of quiet typing before every match is counted


class TriageScreen(Screen):
    BINDINGS = named("queue", [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("ctrl+f", "search_notes", "Search notes"),
        Binding("g", "pick_stage", "Stage"),
        Binding("r", "cycle_route", "Route"),
        Binding("w", "pick_handler", "Handler"),
        Binding("o", "toggle_overdue", "Overdue"),
        Binding("e", "toggle_ended", "Ended"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("S", "reverse_sort", "Reverse sort", show=False),
        Binding("n", "new_complaint", "New"),
        Binding("enter", "open_case", "Open", show=False),
        Binding("t", "timeline", "Timeline"),
        Binding("u", "audit", "Audit"),
        Binding("D", "dashboard", "Dashboard", show=False),
        Binding("U", "users", "Users", show=False),
        Binding("I", "import_sheet", "Import", show=False),
        Binding("right_square_bracket", "next_page", "Next page", key_display="]", show=False),
        Binding("left_square_bracket", "previous_page", "Previous page", key_display="[", show=False),
        Binding("ctrl+r", "reload", "Reload", show=False),
        Binding("escape", "clear_filters", "Clear filters", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ])

    def __init__(self, first: list[dict] | None = None):
        super().__init__()
        self.first = first  # the first page, when the application read it before it loaded
        self.query_ = CaseQuery()
        self.start = 0
        self.rows: list[dict] = []
        self.columns = NARROW
        self._count_timer = None
        self.first_painted_at: float | None = None  # when the first page was drawn on screen
        self._said: dict[str, str] = {}
        self._lines = Lines()
        self._unsent = ""  # "   2 letters not sent", once counted
        self._last: tuple = ("…", False)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filter-bar"):
            yield Input(placeholder="/ filter by reference, name or summary", id="filter",
                        max_length=MAX_SEARCH)
            yield Static("", id="chips")
        yield QueueTable(id="queue")
        yield Static("", id="queue-empty")
        with Horizontal(id="status-bar"):
            yield Static("", id="status")
            yield Static("", id="legend")
        yield Footer()

    def on_mount(self) -> None:
        self._frame = OneFrame(self)
        self.watch(self.query_one("#filter", Input), "value", self._typed, init=False)
        self._layout(self.size.width)
        self.query_one("#queue", QueueTable).focus()
        if self.first is not None:
            self._chips()
            self._show(self.first, 0)  # painted now; the count follows once the database is open
            self._count_soon(self.query_)
            self.count_unsent()
        else:
            self.reload()

    def on_unmount(self) -> None:
        self._frame.release()

    def on_resize(self, event) -> None:
        was = self.columns
        self._layout(event.size.width)
        if self.columns is not was:
            self._fill()

    def _layout(self, width: int) -> None:
        self.columns = WIDE if width >= WIDE_FROM else NARROW
        self.query_one("#queue", QueueTable).set_columns(fitted(self.columns, width))
        # The narrow columns mark cases with a sign, not a word: say what each sign means.
        legend = self.query_one("#legend", Static)
        legend.display = self.columns is NARROW
        if legend.display:
            marks = tones(self.app, "error", "warning")
            legend.update(Text.assemble(("•", f"bold {marks['warning']}"), " new complaint  ",
                                        ("!", f"bold {marks['error']}"), " overdue "))

    # Pages are read in the loop's pooled threads (not a new thread a key): typing never waits.
    def reload(self) -> None:
        self._chips()
        self.load(self.query_, self.start)
        self.count_unsent()

    def load(self, query: CaseQuery, offset: int) -> None:
        """On the embedded database a page is read where the key arrived: its statements are
        bounded (casework.queue.pages.WALK_BUDGET) to a few milliseconds at 100,000 cases,
        about what handing them to a thread costs (the thread and the loop taking turns with
        the interpreter; bench/tui_queue.py). Across a network a page waits on the wire, and
        until the database is open behind the first page a read would wait for it: then the
        page is read in the loop's pooled threads, so typing never waits."""
        if self.app.ws_open_here():
            from casework.queue.pages import page

            self.workers.cancel_group(self, "queue")  # a page still coming from a thread
            try:
                rows = page(self.app.ws, self.app.login, query, offset, PAGE)
            except UserError as exc:
                self._refused(exc)
                return
            self._arrived(rows, offset, query)
        else:
            self._load_aside(query, offset)

    @work(exclusive=True, group="queue")
    async def _load_aside(self, query: CaseQuery, offset: int) -> None:
        try:
            rows = await asyncio.to_thread(self._page_once_open, query, offset)
        except UserError as exc:
            self._refused(exc)
            return
        self._arrived(rows, offset, query)  # a newer key's load cancels this one before it gets here

    def _page_once_open(self, query: CaseQuery, offset: int) -> list[dict]:
        """The database layer is imported once the workspace has opened, never beside its
        opening: two threads importing SQLAlchemy at once can each meet the other's half-made
        module (the workers below wait the same way)."""
        ws = self.app.ws
        from casework.queue.pages import page

        return page(ws, self.app.login, query, offset, PAGE)

    def _refused(self, exc: UserError) -> None:
        self._frame.release()
        self.notify(exc.message, severity="error")

    def _arrived(self, rows: list[dict], offset: int, query: CaseQuery) -> None:
        self._show(rows, offset)
        self._count_soon(query)

    def _count_soon(self, query: CaseQuery) -> None:
        """The page shows at once; counting every match waits until typing pauses, so it
        never slows the next keystroke's page."""
        if self._count_timer is not None:
            self._count_timer.stop()
        if COUNT_DELAY <= 0:
            self.count_matches(query)
        else:
            self._count_timer = self.set_timer(COUNT_DELAY, lambda: self.count_matches(query))

    @work(thread=True, exclusive=True, group="count")
    def count_matches(self, query: CaseQuery) -> None:
        try:
            ws = self.app.ws
            from casework.queue.pages import count

            n, more = count(ws, self.app.login, query)
        except UserError:
            return
        if not get_current_worker().is_cancelled and query == self.query_:
            self.app.call_from_thread(self._status, f"{n:,}{'+' if more else ''}", n > PAGE)

    def _show(self, rows: list[dict], offset: int) -> None:
        self._frame.release()  # before call_after_refresh below, which a held frame runs at once
        self.rows, self.start = rows, offset
        self._fill()
        hint = "" if rows or offset else self._what_next()
        self._say("#queue-empty", hint)
        self.query_one("#queue-empty").display = bool(hint)
        self.call_after_refresh(self._painted)
        self._status("…", len(rows) == PAGE or offset > 0)

    @property
    def painted_at(self) -> float | None:
        """When the latest page was drawn on screen."""
        return self.query_one("#queue", QueueTable).drawn_at

    def _painted(self) -> None:
        if self.first_painted_at is None:
            # Drawn by now, unless the screen was not shown (another over it): then now.
            self.first_painted_at = self.painted_at or time.perf_counter()
            self.app.first_page_painted()

    def _status(self, total: str | None = None, paged: bool | None = None) -> None:
        self._last = (total, paged) if total is not None else self._last
        total, paged = self._last
        shown = f"{self.start + 1}–{self.start + len(self.rows)}" if self.rows else "0"
        self._say("#status", f" {shown} of {total} cases" + self._unsent
                  + ("   ] next page  [ previous" if paged else ""))

    @work(thread=True, exclusive=True, group="letters")
    def count_unsent(self) -> None:
        """Cases due in the coming working days, letters not sent and disposals due, beside the
        count of cases (casework.queue.standing)."""
        try:
            ws = self.app.ws
            from casework.queue.standing import standing

            said = standing(ws, self.app.login).words()
        except UserError:
            return
        self.app.call_from_thread(self._unsent_said, said)

    def _unsent_said(self, said: str) -> None:
        self._unsent = said
        self._status()

    def _say(self, where: str, text: str) -> None:
        """Updates a line only when its words change: a Static's update lays the whole screen out
        again (a keystroke's page would wait for it) unless its size is fixed, as the status's."""
        if self._said.get(where) != text:
            self._said[where] = text
            # None while the screen is taken down: a worker's last word can arrive after it.
            for line in self.query(where).results(Static):
                line.update(text, layout=where != "#status")  # sized by the screen

    def _fill(self) -> None:
        self.query_one("#queue", QueueTable).set_rows(
            self._lines.page(self.rows, self.columns, tones(self.app, "error", "warning")))

    def _what_next(self) -> str:
        """An empty queue says what can be done about it."""
        if self.query_.with_(sort="triage", descending=False) != CaseQuery():
            return " No case matches these filters: esc clears them."
        role = self.app.me["role"] if self.app.me else ""
        if role in ("monitoring-officer", "deputy-monitoring-officer"):
            return (" No open cases. n logs a new complaint; I imports the register, or cases "
                    "already open, from a spreadsheet; U adds the people who use casework; "
                    "e shows cases that have ended.")
        return (" No open cases that you may see. n logs a new complaint where your role may; "
                "e shows cases that have ended.")

    def _chips(self) -> None:
        self._say("#chips", chips(self.query_))

    def _requery(self, **changes) -> None:
        self.query_ = self.query_.with_(**changes)
        self.start = 0
        self._chips()  # what stands due does not hang on the filters: it is not counted again
        self.load(self.query_, self.start)

    def _typed(self, value: str) -> None:
        """Watched, not on Input.Changed, which arrives once the box's echo is drawn: the echo
        and the page are then drawn in one frame (tui.frames)."""
        self.app.note_input()  # however the text arrived: keys, a paste, a script
        self._frame.hold()
        self._requery(text=value)

    @on(Input.Submitted, "#filter")
    def _done_typing(self) -> None:
        self.query_one("#queue", QueueTable).focus()

    @on(QueueTable.RowSelected, "#queue")
    def _selected(self) -> None:
        self.action_open_case()

    def check_action(self, action: str, parameters) -> bool | None:
        """Hides what this user's role may never do, so the footer offers only real actions."""
        from casework.workflow.roles import AUDIT_READERS, may

        role = self.app.me["role"] if self.app.me else None
        if action == "new_complaint":
            return role is not None and may(role, "open")
        if action == "audit":
            return role in AUDIT_READERS
        if action in ("users", "import_sheet"):
            return role is not None and may(role, "users" if action == "users" else "import")
        return True

    def highlighted_ref(self) -> str | None:
        table = self.query_one("#queue", QueueTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]["ref"]

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_search_notes(self) -> None:
        self._requery(notes=not self.query_.notes)
        self.query_one("#filter", Input).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_ = CaseQuery(sort=self.query_.sort, descending=self.query_.descending)
        self.start = 0
        self.reload()
        self.query_one("#queue", QueueTable).focus()

    def action_pick_stage(self) -> None:
        from casework.workflow.stages import all_stages

        options = [("Any stage", None)] + [(title, sid) for sid, title in all_stages().items()]
        pick(self.app, "Show cases at stage", options, lambda v: self._requery(state=v))

    def action_pick_handler(self) -> None:
        from casework.people.directory import users

        options = [("Anyone", None)] + [(f"{u['login']} ({u['role_title']})", u["login"])
                                        for u in users(self.app.ws)]
        pick(self.app, "Show cases handled by", options, lambda v: self._requery(handler=v))

    def action_cycle_route(self) -> None:
        order = [None, "member", "officer"]
        self._requery(route=order[(order.index(self.query_.route) + 1) % 3])

    def action_toggle_overdue(self) -> None:
        self._requery(overdue=not self.query_.overdue)

    def action_toggle_ended(self) -> None:
        self._requery(include_ended=not self.query_.include_ended)

    def action_cycle_sort(self) -> None:
        keys = list(SORTS)
        self._requery(sort=keys[(keys.index(self.query_.sort) + 1) % len(keys)], descending=False)

    def action_reverse_sort(self) -> None:
        self._requery(descending=not self.query_.descending)

    def action_next_page(self) -> None:
        if len(self.rows) == PAGE:
            self.load(self.query_, self.start + PAGE)

    def action_previous_page(self) -> None:
        if self.start:
            self.load(self.query_, max(0, self.start - PAGE))

    def action_reload(self) -> None:
        self.reload()

    def action_open_case(self) -> None:
        ref = self.highlighted_ref()
        if ref:
            from tui.screens.case import CaseScreen

            self.app.push_screen(CaseScreen(ref))

    def action_timeline(self) -> None:
        ref = self.highlighted_ref()
        if ref:
            from tui.screens.timeline import TimelineScreen

            self.app.push_screen(TimelineScreen(ref))

    def action_audit(self) -> None:
        from tui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen())

    def action_dashboard(self) -> None:
        from tui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen())

    def action_users(self) -> None:
        from tui.screens.users import UsersScreen

        self.app.push_screen(UsersScreen())

    def action_import_sheet(self) -> None:
        from tui.screens.import_sheet import ImportScreen

        self.app.push_screen(ImportScreen(), self.app.imported)

    def action_new_complaint(self) -> None:
        from tui.screens.new_complaint import NewComplaintScreen

        self.app.push_screen(NewComplaintScreen(), lambda ref: ref and self._opened(ref))

    def _opened(self, ref: str) -> None:
        self.notify(f"{ref} logged")
        self.reload()

