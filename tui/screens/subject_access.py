"""Subject access requests, for the Monitoring Officer and deputies (from the command palette):
the requests with their due days, and a new one, an extension, the pack and the answer, each
through the same services and refusals as `casework sar`."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Select, Static, TextArea

from casework.errors import UserError
from tui.keys import named
from tui.screens.form_base import ActionForm, date_input, export_folder, typed_path
from tui.text import plain
from tui.widgets.footer import Footer


def _lines(form, key: str) -> list[str]:
    return [t.strip() for t in form.query_one(f"#{key}", TextArea).text.splitlines() if t.strip()]


class OpenForm(ActionForm):
    title_text = "A subject access request received"
    submit_label = "Record it"
    required = {"person": "choose who asked", "received": "give the day it arrived"}

    def __init__(self, submit, people: list[str]):
        super().__init__(submit)
        self.people = people

    def fields(self) -> ComposeResult:
        yield Select([(p, p) for p in self.people], prompt="Who asked (in the register)", id="person")
        yield Label("Received on (day one of the month to answer it)")
        yield date_input("received")
        yield Label("Other names they are known by, one a line")
        yield TextArea(id="aliases")

    def values(self) -> dict:
        return {"person": self.query_one("#person", Select).value,
                "received": self.query_one("#received", Input).value, "aliases": _lines(self, "aliases")}


class ExtendForm(ActionForm):
    title_text = "Extend a subject access request"
    submit_label = "Extend"
    required = {"months": "choose one or two months", "reason": "say why it needs longer"}

    def fields(self) -> ComposeResult:
        yield Select([("One month", 1), ("Two months", 2)], prompt="By", id="months")
        yield Label("Why (complex, or many requests); tell the requester within the first month")
        yield Input(id="reason")

    def values(self) -> dict:
        return {"months": self.query_one("#months", Select).value,
                "reason": self.query_one("#reason", Input).value}


class PackForm(ActionForm):
    title_text = "Make the response pack"
    submit_label = "Write the pack"
    required = {"out": "name the folder to write it to"}

    def __init__(self, submit, number: int):
        super().__init__(submit)
        self.number = number

    def fields(self) -> ComposeResult:
        yield Label("Folder (made for you alone if missing)")
        yield Input(value=typed_path(export_folder() / f"sar-{self.number}"), id="out")
        yield Label("Items to withhold, ITEM=CODE (e.g. N12=privilege), one a line")
        yield TextArea(id="withhold")
        yield Label("Items held for review to give as they stand (e.g. D7), one a line")
        yield TextArea(id="release")
        yield Label("Others' names that may be given (they consented), one a line")
        yield TextArea(id="disclose")

    def values(self) -> dict:
        return {"out": self.query_one("#out", Input).value, "withhold": _lines(self, "withhold"),
                "release": _lines(self, "release"), "disclose": _lines(self, "disclose")}


class AnswerForm(ActionForm):
    title_text = "The request answered"
    submit_label = "Record the answer"
    required = {"pack": "name the response PDF sent, or its folder"}

    def __init__(self, submit, number: int, folder: str):
        super().__init__(submit)
        self.number, self.folder = number, folder

    def fields(self) -> ComposeResult:
        yield Label(f"The pack sent (the newest made for request {self.number})")
        yield Input(value=self.folder, id="pack")
        yield Label("Sent on (default today)")
        yield date_input("on")

    def values(self) -> dict:
        return {"pack": self.query_one("#pack", Input).value, "on": self.query_one("#on", Input).value or None}


class SubjectAccessScreen(Screen):
    BINDINGS = named("sar", [
        Binding("n", "open", "New request"),
        Binding("x", "extend", "Extend"),
        Binding("p", "pack", "Pack"),
        Binding("a", "answer", "Answered"),
        Binding("escape", "back", "Back"),
    ])

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.folders: dict[int, str] = {}  # where this session wrote each request's pack

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="requests", cursor_type="row", zebra_stripes=True)
        yield Static("", id="sar-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#requests", DataTable)
        for heading, width in [("No.", 5), ("From", 30), ("Received", 11), ("Due", 11), ("", 24)]:
            table.add_column(heading, width=width)
        table.focus()
        self.reload()

    def reload(self, *_) -> None:
        from casework.sar.requests import list_requests

        try:
            self.rows = list_requests(self.app.ws, self.app.login)
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        table = self.query_one("#requests", DataTable)
        table.clear()
        for r in self.rows:
            state = (f"answered {r['answered']}" if r["status"] != "open" else
                     f"OVERDUE by {-r['days_left']} days" if r["overdue"] else f"{r['days_left']} days left")
            table.add_row(str(r["id"]), plain(r["requester"]), r["received"], r["due"], state,
                          key=str(r["id"]))
        self.query_one("#sar-status", Static).update(
            f" {len(self.rows)} request{'s' if len(self.rows) != 1 else ''}" if self.rows
            else " no subject access requests: n records one")

    def highlighted(self) -> int | None:
        table = self.query_one("#requests", DataTable)
        if not table.row_count:
            self.notify("there is no request here yet: n records one")
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_open(self) -> None:
        from casework.people.directory import people
        from casework.sar.requests import open_request

        ws, login = self.app.ws, self.app.login
        self.app.push_screen(OpenForm(lambda v: open_request(
            ws, login, v["person"], v["received"], aliases=v["aliases"]),
            [p["name"] for p in people(ws)]), self.reload)

    def action_extend(self) -> None:
        from casework.sar.requests import extend_request

        number = self.highlighted()
        if number is not None:
            ws, login = self.app.ws, self.app.login
            self.app.push_screen(ExtendForm(lambda v: extend_request(
                ws, login, number, v["months"], v["reason"])), self.reload)

    def action_pack(self) -> None:
        from casework.sar.pack import make_pack

        number = self.highlighted()
        if number is None:
            return
        ws, login = self.app.ws, self.app.login

        def made(done) -> None:
            if done:
                self.folders[number] = str(done.pdf.parent)
                self.notify(f"request {number}: {done.included} items given, {done.withheld} withheld, "
                            f"in {done.pdf.parent}; {done.review} items name others: see "
                            f"{done.sheet.name}, which is for you, not the requester")

        self.app.push_screen(PackForm(lambda v: make_pack(
            ws, login, str(number), v["out"], v["withhold"], v["release"], v["disclose"]), number), made)

    def action_answer(self) -> None:
        from casework.sar.requests import answer_request

        number = self.highlighted()
        if number is not None:
            ws, login = self.app.ws, self.app.login
            folder = self.folders.get(number, typed_path(export_folder() / f"sar-{number}"))
            self.app.push_screen(AnswerForm(lambda v: answer_request(
                ws, login, number, v["pack"], v["on"]), number, folder), self.reload)

    def action_back(self) -> None:
        self.app.pop_screen()
