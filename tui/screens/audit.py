"""The hash-chained audit trail, filterable, with the result of a verification run on top;
Enter reads one event whole."""

from rich.json import JSON
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, ProgressBar, Select, Static
from textual.worker import get_current_worker

from casework.audit.log import ACTIONS, events, seal, verify_all, verify_one
from casework.clock import council_time
from casework.errors import UserError
from tui.colours import tone
from tui.keys import named
from tui.screens.reader import Reader, field
from tui.text import plain_row
from tui.widgets.footer import Footer

PAGE = 200


class AuditScreen(Screen):
    BINDINGS = named("audit", [
        Binding("v", "verify", "Verify again"),
        Binding("s", "seal", "Seal"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("right_square_bracket", "next_page", "Next page", key_display="]", show=False),
        Binding("left_square_bracket", "previous_page", "Previous page", key_display="[", show=False),
        Binding("escape", "back", "Back"),
    ])

    def __init__(self, case: str = ""):
        super().__init__()
        self.case, self.start = case, 0
        self.shown: dict[str, dict] = {}  # the page's events by sequence number, to read one whole

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Verifying the chain…", id="verdict")
        yield ProgressBar(id="verify-progress", show_eta=False)
        with Horizontal(id="audit-filters"):
            yield Input(value=self.case, placeholder="case", id="f-case")
            yield Input(placeholder="user", id="f-user")
            yield Select([(a, a) for a in ACTIONS], prompt="any action", id="f-action")
        yield DataTable(id="audit", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#audit", DataTable)
        # Fixed widths: columns sized by whichever page loads first would jump as filters change.
        for heading, width in [("#", 7), ("When (UK time)", 23), ("Who", 14), ("Action", 10),
                               ("Case", 14), ("Change", 36)]:
            table.add_column(heading, width=width)
        self.query_one("#audit", DataTable).focus()
        self.action_verify()
        self.load()

    @work(thread=True, exclusive=True, group="verify")
    def action_verify(self) -> None:
        """The whole chain, or only the filtered case's links into it, which is quick."""
        ref = self.query_one("#f-case", Input).value.strip()

        def check(progress) -> Text:
            result = (verify_one(self.app.ws, self.app.login, ref) if ref
                      else verify_all(self.app.ws, self.app.login, progress))
            good, bad = tone(self.app, "success"), tone(self.app, "error")
            return Text(result.message, style=f"bold {good}" if result.ok else f"bold {bad}")

        self._run("Verifying " + (ref.upper() if ref else "the chain") + "…", check)

    @work(thread=True, exclusive=True, group="verify")
    def action_seal(self) -> None:
        def give(progress) -> Text:
            given = seal(self.app.ws, self.app.login, progress)
            self.app.call_from_thread(self.load)  # the seal is itself an event of the trail
            return Text(f"For the minutes: {given}", style="bold")

        self._run("Verifying the chain before sealing it…", give)

    def _run(self, doing: str, task) -> None:
        """Runs a check or a seal in this worker's thread, the bar showing how far it got."""
        bar = self.query_one("#verify-progress", ProgressBar)
        verdict = self.query_one("#verdict", Static)
        self.app.call_from_thread(verdict.update, doing)
        self.app.call_from_thread(setattr, bar, "display", True)

        def progress(checked: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=checked)

        try:
            text = task(progress)
        except UserError as exc:
            text = Text(exc.message, style=f"bold {tone(self.app, 'error')}")
        # A check overtaken by a newer one (v, or s, pressed again) must not overwrite its verdict.
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(verdict.update, text)
            self.app.call_from_thread(setattr, bar, "display", False)

    def _filters(self) -> dict:
        action = self.query_one("#f-action", Select).value
        return {"case": self.query_one("#f-case", Input).value,
                "actor": self.query_one("#f-user", Input).value,
                "action": "" if action is Select.NULL else action}

    def load(self) -> None:
        self._load(self._filters(), self.start)

    @work(thread=True, exclusive=True, group="audit")
    def _load(self, filters: dict, offset: int) -> None:
        try:
            rows, total = events(self.app.ws, self.app.login, offset=offset, limit=PAGE, **filters)
        except UserError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, rows, total, offset)

    def _show(self, rows: list[dict], total: int, offset: int) -> None:
        self.start = offset
        table = self.query_one("#audit", DataTable)
        table.clear()
        for e in rows:
            change = f"{e['from'] or ''} → {e['to']}" if e["to"] else e["data"].get("event", "")
            table.add_row(*plain_row((e["seq"], council_time(e["at"]), e["actor"], e["action"],
                                      e["case"] or "", change)), key=str(e["seq"]))
        self.shown = {str(e["seq"]): e for e in rows}
        shown = f"{offset + 1}–{offset + len(rows)}" if rows else "0"
        self.query_one("#audit-status", Static).update(f" {shown} of {total:,} events, newest first")

    @on(DataTable.RowSelected, "#audit")
    def _event_chosen(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(EventScreen(self.shown[event.row_key.value]))

    @on(Input.Changed)
    @on(Select.Changed)
    def _refilter(self) -> None:
        self.start = 0
        self.load()

    def action_filter(self) -> None:
        self.query_one("#f-case", Input).focus()

    def action_next_page(self) -> None:
        self._load(self._filters(), self.start + PAGE)

    def action_previous_page(self) -> None:
        if self.start:
            self._load(self._filters(), max(0, self.start - PAGE))

    def action_back(self) -> None:
        self.app.pop_screen()


class EventScreen(Reader):
    """One event of the trail whole: every field, its data laid out, the links of the chain."""

    def __init__(self, event: dict):
        super().__init__()
        self.event = event

    def body(self) -> Text:
        e = self.event
        text = Text()
        text.append(f"Event #{e['seq']} · {e['action']}\n\n", style="bold")
        field(text, "When", council_time(e["at"]))
        field(text, "UTC", f"{e['at']} (as hashed)")
        field(text, "Who", e["actor"])
        field(text, "Case", e["case"] or "–")
        if e["from"] or e["to"]:
            field(text, "Change", f"{e['from'] or '–'} → {e['to'] or '–'}")
        field(text, "Hash", e["hash"])
        field(text, "Previous", e["prev_hash"])
        text.append("\nData\n", style="bold")
        # Highlighted as JSON, never read as markup: the data holds what people typed.
        text.append_text(JSON.from_data(e["data"], indent=2, ensure_ascii=False).text)
        return text
