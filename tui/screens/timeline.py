"""What HR reads: every event of a case in order, time in each stage, deadlines met or missed."""

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from casework.cases.timeline import timeline, until, verdict
from casework.clock import council_time
from casework.errors import UserError
from casework.exports.files import TIMELINE_SUFFIXES, timeline_file
from casework.outfile import check_out
from tui.colours import tone
from tui.delivery import deliver, scratch
from tui.keys import named
from tui.screens.dialogs import Confirm
from tui.screens.form_base import ActionForm, export_folder, typed_path
from tui.screens.reader import Reader, field
from tui.text import cut, plain, plain_row
from tui.widgets.footer import Footer
from tui.widgets.stagebar import StageBar


class TimelineScreen(Screen):
    BINDINGS = named("timeline", [
        Binding("x", "export('text')", "Export text"),
        Binding("v", "export('csv')", "Export CSV"),
        Binding("p", "export('pdf')", "Export PDF"),
        Binding("escape", "back", "Back"),
    ])

    def __init__(self, ref: str, export_dir: Path | None = None):
        """`export_dir`: where the export dialog proposes to write; the user's documents folder
        unless given, never the folder the program was started in."""
        super().__init__()
        self.ref = ref
        self.export_dir = export_dir or export_folder()
        self.tl: dict | None = None
        self.width_drawn = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="timeline-head")
        yield StageBar(id="stagebar")
        yield DataTable(id="stages", cursor_type="none")
        yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        try:
            self.tl = timeline(self.app.ws, self.ref, self.app.login)
        except UserError as exc:
            self.notify(exc.message, severity="error")
            self.app.pop_screen()
            return
        self.query_one("#timeline-head", Static).update(
            Text.assemble((self.tl["ref"], "bold"), f"  now: {self.tl['stage']}"))
        self._fill(self.size.width)
        self.query_one("#timeline", DataTable).focus()
        self.call_after_refresh(self._bar)

    def on_resize(self, event) -> None:
        if self.tl is not None and event.size.width != self.width_drawn:
            self._fill(event.size.width)

    def _fill(self, width: int) -> None:
        """Both tables to the terminal's width: the stage's name and the event's words take what
        the dates and days leave, so Days and Deadline are always in sight."""
        self.width_drawn = width
        stages = self.query_one("#stages", DataTable)
        stages.clear(columns=True)
        stage = max(25, width - 60)  # the longest short title whole
        for heading, w in [("Stage", stage), ("Entered", 10), ("Left", 10), ("Days", 4),
                           ("Deadline", 17)]:
            stages.add_column(heading, width=w)
        # Each stage's days and deadline on the stage's own row, from the timeline's one record.
        ok, late = tone(self.app, "success"), tone(self.app, "error")
        for st in self.tl["stages"]:
            mark = {True: Text("met", style=ok), False: Text("MISSED", style=f"bold {late}"),
                    None: Text("paused", style="dim") if st["paused"] else ""}[st["met"]]
            name = st["title"] if stage >= 40 else st["short"]
            stages.add_row(*plain_row((cut(name, stage), st["entered"], until(st))),
                           "" if st["working_days"] is None else str(st["working_days"]),
                           Text.assemble(st["due"], " ", mark) if st["due"] else "")
        table = self.query_one("#timeline", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        what = max(23, width - 59)  # the rest of the line, so nothing scrolls off
        for heading, w in [("Day", 10), ("Who", 12), ("What", what), ("Moved to", 25)]:
            table.add_column(heading, width=w)
        for r in self.tl["rows"]:
            table.add_row(*plain_row((r["on"], cut(r["actor"], 12), cut(r["what"], what),
                                      r["to_short"] or "")))
        if self.tl["rows"]:
            table.move_cursor(row=min(row, len(self.tl["rows"]) - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter reads the row whole: at 80 columns its words are cut to fit."""
        if event.data_table.id == "timeline" and self.tl and self.tl["rows"]:
            self.app.push_screen(TimelineRowScreen(self.tl["ref"], self.tl["rows"][event.cursor_row]))

    def _bar(self) -> None:
        self.query_one("#stagebar", StageBar).show(self.tl["bar"])

    def action_export(self, fmt: str) -> None:
        suffix = {"csv": "csv", "pdf": "pdf"}.get(fmt, "txt")
        name = f"{self.ref}-timeline.{suffix}"
        if self.app.is_web:
            # In a browser tab the file goes to the person's own browser as a download, never
            # into a folder of the server's.
            self._start(fmt, scratch(name))
            return
        proposed = self.export_dir / name
        self.app.push_screen(ExportForm(self.ref, fmt, proposed),
                             lambda path: path and self._start(fmt, path))

    def _start(self, fmt: str, path: Path) -> None:
        self.notify(f"writing {path} ...")
        # A PDF takes a moment to typeset: off the screen's thread, so keys keep working.
        self.run_worker(lambda: self._export(fmt, path), thread=True, group="export")

    def _export(self, fmt: str, path: Path) -> None:
        try:
            written = timeline_file(self.app.ws, self.ref, self.app.login, fmt, path)
        except UserError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        if self.app.is_web:
            self.app.call_from_thread(deliver, self.app, written)
            self.app.call_from_thread(self.notify, f"{written.name} is downloading in your browser")
            return
        self.app.call_from_thread(self.notify, f"timeline written to {written}")

    def action_back(self) -> None:
        self.app.pop_screen()


class TimelineRowScreen(Reader):
    """One event of the timeline whole: what happened, the day it took effect and when it was
    recorded, and the stage it ended with its working days and deadline."""

    def __init__(self, ref: str, row: dict):
        super().__init__()
        self.ref, self.row = ref, row

    def body(self) -> Text:
        r = self.row
        text = Text()
        text.append(f"{self.ref} · {r['on']}\n\n", style="bold")
        field(text, "What", r["what"])
        field(text, "Who", r["actor"])
        field(text, "Day", r["on"])
        field(text, "Recorded", council_time(r["at"]))
        if r["to"]:
            field(text, "Moved", f"{r['from'] or '–'} → {r['to']}")
        if r["days_in_stage"] is not None:
            said = verdict({"met": r["met"], "paused": r["paused"]})
            due = f"; due {r['due']} {said}".rstrip() if r["due"] else ""
            field(text, "In the stage", f"{r['days_in_stage']} working days{due}")
        return text


class ExportForm(ActionForm):
    """Where to write a timeline export; a file already there is replaced only if the user says
    so. Dismisses with the path to write."""

    submit_label = "Export"

    def __init__(self, ref: str, fmt: str, proposed: Path):
        super().__init__(None)
        self.fmt, self.proposed = fmt, proposed
        self.title_text = f"{ref}: export the timeline ({'text' if fmt == 'text' else fmt.upper()})"

    def fields(self) -> ComposeResult:
        yield Label("Save as")
        yield Input(value=typed_path(self.proposed), id="out")

    def action_submit(self) -> None:
        error = self.query_one("#form-error", Static)
        try:
            path = check_out(self.query_one("#out", Input).value, TIMELINE_SUFFIXES[self.fmt])
        except UserError as exc:
            error.update(plain(exc.message))
            return
        if path.exists():
            self.app.push_screen(Confirm(f"{path} exists. Replace it?", "Replace", "Keep it"),
                                 lambda yes: self.dismiss(path) if yes else None)
            return
        self.dismiss(path)

