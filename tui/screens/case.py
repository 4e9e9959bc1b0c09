"""One case: parties, stage and deadline, what may happen next (and why not), and its papers."""

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from casework.cases import advance as moving
from casework.cases import opening as cases
from casework.cases import papers
from casework.cases.views import show_case
from casework.errors import UserError
from casework.people.directory import people, users
from casework.profile.deadlines import verdict
from casework.workflow.papers import note_mark
from tui.colours import tone, tones
from tui.keys import named
from tui.screens import forms
from tui.screens.case_head import case_head, marks, sanction_row
from tui.screens.letters import LetterForm
from tui.screens.measures import MeasureForm
from tui.screens.redact import DocumentsTable
from tui.text import plain, plain_row
from tui.widgets.footer import Footer

# Which action each binding needs, from show_case's "can" (None: always there).
NEEDS = {"note": "note", "attach": "attach", "sanction": "sanction", "comply": "sanction",
         "assign": "assign", "bundle": "bundle", "grant": "grant", "assess": "assess",
         "involve": "involve", "measure": "measure", "letter": "attach", "dispose": "dispose"}


class CaseScreen(Screen):
    BINDINGS = named("case", [
        Binding("a", "advance", "Advance"),
        Binding("n", "note", "Note"),
        Binding("f", "attach", "Attach"),
        Binding("s", "sanction", "Sanction"),
        Binding("c", "comply", "Comply"),
        Binding("h", "assign", "Handler"),
        Binding("g", "grant", "Assign IO/IP"),
        Binding("i", "assess", "Assess"),
        Binding("w", "involve", "Who else"),
        Binding("m", "measure", "Measures"),
        Binding("l", "letter", "Letter"),
        Binding("N", "notice", "Decision notice", show=False),
        Binding("b", "bundle", "Bundle"),
        Binding("t", "timeline", "Timeline"),
        Binding("D", "dispose", "Dispose", show=False),
        Binding("ctrl+r", "reload", "Reload", show=False),
        Binding("escape", "back", "Back"),
    ])

    def __init__(self, ref: str):
        super().__init__()
        self.ref = ref
        self.case: dict | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="case-head")
        with Horizontal(id="case-body"):
            with Vertical(id="events-pane"):
                yield Label("Possible now", classes="pane-title")
                yield OptionList(id="events")
            with TabbedContent(id="papers"):
                with TabPane("Summary", id="tab-summary"):
                    yield Static("", id="summary")
                with TabPane("Notes", id="tab-notes"):
                    yield DataTable(id="notes", cursor_type="row")
                with TabPane("Documents", id="tab-docs"):
                    yield DocumentsTable(id="docs", cursor_type="row")
                with TabPane("Sanctions", id="tab-sanctions"):
                    yield DataTable(id="sanctions", cursor_type="row")
                with TabPane("Deadlines", id="tab-deadlines"):
                    yield DataTable(id="deadlines", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        for table, cols in [("notes", ("#", "When", "By", "Note")),
                            ("docs", ("#", "Dated", "File", "Section")),  # the long titles last
                            ("sanctions", ("#", "Sanction", "Due", "Settled", "Details", "Recorded")),
                            ("deadlines", ("Step", "Due", "Met"))]:
            self.query_one(f"#{table}", DataTable).add_columns(*cols)
        self.reload()
        self.query_one("#events", OptionList).focus()

    def reload(self) -> None:
        try:
            self.case = show_case(self.app.ws, self.ref, self.app.login)
        except UserError as exc:
            self.notify(exc.message, severity="error")
            self.app.pop_screen()
            return
        self._paint()
        self.refresh_bindings()

    def _paint(self) -> None:
        c = self.case
        head = case_head(c, tones(self.app, "error", "warning", "accent"))
        self.query_one("#case-head", Static).update(head)
        self.query_one("#summary", Static).update(plain(c["summary"]))
        events = self.query_one("#events", OptionList)
        # After a save the list is rebuilt: keep the event the user was on if it is still there.
        was = events.get_option_at_index(events.highlighted).id if events.highlighted is not None else None
        events.clear_options()
        shown = [e for e in c["events"] if e["role_allowed"]]
        for e in shown:
            label = Text.assemble((e["title"], "bold" if e["allowed"] else "dim"),
                                  (f" → {e['to_title']}", "" if e["allowed"] else "dim"))
            if not e["allowed"]:
                label.append(f"\n  why not: {e['reason']}", style=f"italic {tone(self.app, 'warning')}")
            events.add_option(Option(label, id=e["name"], disabled=not e["allowed"]))
        if not shown:
            events.add_option(Option(Text("Nothing you may do on this case now", style="dim"),
                                     disabled=True))
        allowed = [i for i, e in enumerate(shown) if e["allowed"]]
        again = [i for i, e in enumerate(shown) if e["name"] == was and e["allowed"]]
        if again or allowed:
            events.highlighted = (again or allowed)[0]
        self._table("notes", [(str(n["id"]), n["day"], n["author"],
                               note_mark(n)
                               + ("[confidential] " if n["confidential"] else "") + n["text"])
                              for n in c["notes"]])
        sections = self.app.ws.profile.bundle_sections
        self._table("docs", [(str(d["id"]), d["dated"] or d["added_at"][:10], d["filename"] + marks(d),
                              sections.get(d["section"], d["section"]))
                             for d in c["documents"]])
        self._table("sanctions", [sanction_row(s) for s in c["sanctions"]])
        self._table("deadlines", [(d["step"], d["due"], verdict(d["met"], d["paused"]))
                                  for d in c["deadlines"]])

    def _table(self, name: str, rows: list[tuple]) -> None:
        table = self.query_one(f"#{name}", DataTable)
        place = table.cursor_row
        table.clear()
        for cells in rows:
            # Papers are keyed by their number (the first cell), to open them from their row.
            table.add_row(*plain_row(cells), key=cells[0] if name in ("notes", "docs", "sanctions") else None)
        if rows:
            table.move_cursor(row=min(place, len(rows) - 1))  # the same place after a save

    def check_action(self, action: str, parameters) -> bool | None:
        """Hides what this user may never do here, so the footer only offers real actions."""
        if self.case is None:
            return True
        if action == "advance":
            return any(e["role_allowed"] for e in self.case["events"])
        need = NEEDS.get(action)
        if need and not self.case["can"][need]:
            return False
        if action == "notice" and self.case["route"] != "member":
            return False  # an officer's outcome is a personnel matter, never published
        if action == "sanction" and not self.case["breach_found"]:
            return None  # shown but greyed: sanctions follow a finding of breach
        if action == "comply" and not any(s["due"] and not s["complied"] and not s["not_complied"]
                                          for s in self.case["sanctions"]):
            return None  # shown but greyed: nothing awaits compliance
        return True

    # --- actions -----------------------------------------------------------------------
    @property
    def _ctx(self):
        return self.app.ws, self.ref, self.app.login

    def _open(self, form) -> None:
        self.app.push_screen(form, lambda done: done and self._changed())

    def _changed(self) -> None:
        self.reload()
        self.notify("saved")

    @on(OptionList.OptionSelected, "#events")
    def _event_chosen(self, event: OptionList.OptionSelected) -> None:
        self._advance(event.option.id)

    def action_advance(self) -> None:
        events = self.query_one("#events", OptionList)
        if events.highlighted is None:
            events.focus()
            self.notify("choose an event from the list, then press enter")
            return
        self._advance(events.get_option_at_index(events.highlighted).id)

    def _advance(self, name: str | None) -> None:
        event = next((e for e in self.case["events"] if e["name"] == name), None)
        if event is None or not event["allowed"]:
            return
        ws, ref, login = self._ctx

        def submit(v):
            return moving.advance(ws, ref, name, login, note=v["note"] or None, on=v["on"] or None,
                                 expected_version=self.case["version"], reason=v["reason"],
                                 review=v["review"])

        self._open(forms.AdvanceForm(self.case, event, ws.today(), submit, self.reload))

    def action_note(self) -> None:
        ws, ref, login = self._ctx
        self._open(forms.NoteForm(
            lambda v: papers.annotate(ws, ref, v["text"], login, v["confidential"], v["kind"],
                                      expected_version=self.case["version"],
                                      companion=v["companion"]),
            self.reload, self.case["can"]["ip_view"], self.case["can"]["meeting_note"]))

    def action_attach(self) -> None:
        ws, ref, login = self._ctx
        self._open(forms.AttachForm(
            lambda v: papers.attach(ws, ref, v["path"], login, v["section"], v["confidential"],
                                    v["description"], expected_version=self.case["version"], on=v["on"],
                                    exemption=v["exemption"]),
            self.reload, ws.profile.bundle_sections, start=str(Path.home()),
            exemptions=self.case["exemptions"]))

    def action_sanction(self) -> None:
        ws, ref, login = self._ctx
        self._open(forms.SanctionForm(
            lambda v: papers.record_sanction(ws, ref, v["kind"], login, v["detail"], v["due"],
                                             expected_version=self.case["version"],
                                             until=v["until"]),
            self.reload, self.case["sanction_kinds"], self.case["lapsing_kinds"]))

    def action_comply(self) -> None:
        ws, ref, login = self._ctx
        waiting = [s for s in self.case["sanctions"] if not s["complied"] and not s["not_complied"]]
        if not waiting:
            self.notify("no sanction awaits compliance")
            return

        def submit(v):
            if v["sanction"] is None:
                raise UserError("choose the sanction")
            return papers.record_compliance(
                ws, ref, v["sanction"], login, complied=None if v["not"] else v["on"],
                not_complied=v["reason"] if v["not"] else None, on=v["on"] if v["not"] else None,
                expected_version=self.case["version"])

        self._open(forms.ComplyForm(submit, self.reload, waiting, ws.today()))

    def action_assign(self) -> None:
        ws, ref, login = self._ctx
        self._open(forms.AssignForm(
            lambda v: cases.assign(ws, ref, v["handler"], login, expected_version=self.case["version"]),
            self.reload, [u for u in users(ws) if u["role"] in cases.HANDLER_ROLES[self.case["route"]]]))

    def action_assess(self) -> None:
        from casework.cases.assessment import anonymity, choose, classify

        ws, ref, login = self._ctx

        def submit(v):
            if not v["what"]:
                raise UserError("choose a decision from the list")
            change = {"classify": classify, "anonymity": anonymity, "choice": choose}[v["what"]]
            return change(ws, ref, v["value"], login, v["note"] or None,
                          expected_version=self.case["version"])

        self._open(forms.AssessForm(submit, self.reload, self.case))

    def action_involve(self) -> None:
        from casework.cases.involvement import involve

        ws, ref, login = self._ctx

        def submit(v):
            return involve(ws, ref, v["name"], v["capacity"], login,
                           expected_version=self.case["version"])

        self._open(forms.InvolveForm(submit, self.reload, people(ws), self.case))

    def action_measure(self) -> None:
        from casework.cases import measures as service

        ws, ref, login = self._ctx
        version = self.case["version"]

        def submit(v):
            if v["step"] == "start":
                return service.start_measure(ws, ref, v["which"], login, v["text"], v["review"],
                                             expected_version=version)
            if v["step"] == "review":
                return service.review_measure(ws, ref, int(v["which"]), login, v["review"], v["text"],
                                              expected_version=version)
            return service.end_measure(ws, ref, int(v["which"]), login, v["text"],
                                       expected_version=version)

        self._open(MeasureForm(submit, self.reload, self.case))

    def action_letter(self) -> None:
        from casework.letters.issue import choices, issue_letter, prepare

        ws, ref, login = self._ctx
        version = self.case["version"]

        def preview(kind, party, text):
            return prepare(ws, ref, kind, login, party, text).text

        def submit(v):
            done = issue_letter(ws, ref, v["kind"], login, v["to"], v["text"],
                                expected_version=version)
            return f"{done.filename} filed"

        def issued(said) -> None:
            if said:
                self.reload()
                self.notify(said)

        self.app.push_screen(LetterForm(submit, self.reload,
                                        choices(self.case["route"], ws.profile.regime), preview),
                             issued)

    def action_notice(self) -> None:
        from tui.screens.notice import open_notice

        open_notice(self)

    def action_grant(self) -> None:
        from casework.access.rules import ASSIGNED_ROLES
        from casework.cases.assignments import grant, revoke

        ws, ref, login = self._ctx

        def submit(v):
            change = revoke if v["revoke"] else grant
            return change(ws, ref, v["login"], login, expected_version=self.case["version"])

        eligible = [u for u in users(ws) if u["role"] in ASSIGNED_ROLES]
        self._open(forms.GrantForm(submit, self.reload, eligible, self.case["assigned"]))

    def action_bundle(self) -> None:
        from tui.screens.bundle import open_bundle

        open_bundle(self)

    def action_dispose(self) -> None:
        from tui.screens.disposal import open_disposal

        open_disposal(self)

    @on(DataTable.RowSelected, "#notes")
    def _note_chosen(self, event: DataTable.RowSelected) -> None:
        from tui.screens.papers import NoteScreen

        self.app.push_screen(NoteScreen(self.case, int(event.row_key.value)))

    @on(DataTable.RowSelected, "#sanctions")
    def _sanction_chosen(self, event: DataTable.RowSelected) -> None:
        from tui.screens.papers import SanctionScreen

        chosen = next(s for s in self.case["sanctions"] if str(s["id"]) == event.row_key.value)
        self.app.push_screen(SanctionScreen(self.ref, chosen))

    @on(DataTable.RowSelected, "#docs")
    def _paper_chosen(self, event: DataTable.RowSelected) -> None:
        from casework.cases.reading import open_document
        from tui.screens.papers import PaperScreen

        try:
            paper = open_document(self.app.ws, self.ref, int(event.row_key.value), self.app.login)
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        self.app.push_screen(PaperScreen(paper))

    def palette_commands(self):
        """Each event possible now, by name, in the command palette."""
        for e in (self.case or {}).get("events", []):
            if e["allowed"]:
                yield SystemCommand(f"{e['title']} → {e['to_title']}", f"advance {self.ref}",
                                    lambda name=e["name"]: self._advance(name))

    def action_timeline(self) -> None:
        from tui.screens.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.ref))

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
        self.app.refresh_cases()
