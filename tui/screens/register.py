"""Publishing the register of complaints about Members (from the command palette, for the
Monitoring Officer, deputies and committee clerks): the page or the open-data CSV, the period it
covers, through the same service and refusals as `casework publish register`."""

import shutil
from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from casework.errors import UserError
from tui.screens.form_base import ActionForm, date_input, export_folder, typed_path

KINDS = [("A web page (.html)", ".html"), ("Open data for a spreadsheet (.csv)", ".csv")]


def default_path(suffix: str, today) -> str:
    return typed_path(export_folder() / f"register-of-complaints-{today.isoformat()}{suffix}")


class RegisterForm(ActionForm):
    """`submit(values)` publishes; dismisses with what it returned (a `Published`)."""

    title_text = "Publish the register of complaints about Members"
    submit_label = "Publish"
    required = {"out": "say where to write it: a file ending .html or .csv"}

    def __init__(self, submit, today, web: bool = False):
        super().__init__(submit)
        self.today, self.web = today, web
        self.default = self._proposed(".html")

    def _proposed(self, suffix: str) -> str:
        path = default_path(suffix, self.today)
        # In a browser tab only a name: the browser downloads it wherever the person keeps files.
        return Path(path).name if self.web else path

    def fields(self) -> ComposeResult:
        yield Label("What to publish")
        yield Select(KINDS, value=".html", allow_blank=False, id="kind")
        yield Label("Name of the file (your browser downloads it)" if self.web else "Save it as")
        yield Input(value=self.default, placeholder="FILE.html or FILE.csv", id="out")
        yield Label("Complaints received from (blank: the first)")
        yield date_input("from")
        yield Label("Up to (blank: today)")
        yield date_input("to")

    def on_select_changed(self, event: Select.Changed) -> None:
        out = self.query_one("#out", Input)
        if out.value == self.default:  # follow the choice until the user writes their own path
            out.value = self.default = self._proposed(str(event.value))

    def values(self) -> dict:
        def day(name):
            return self.query_one(f"#{name}", Input).value.strip() or None

        return {"out": self.query_one("#out", Input).value.strip(), "from": day("from"), "to": day("to")}


def open_register(app) -> None:
    """Writes where the user says, or, in a browser tab, to a private scratch folder handed to
    their browser as a download."""
    from casework.publication.register import publish_register
    from tui.delivery import deliver, scratch

    def submit(v):
        if not app.is_web:
            return publish_register(app.ws, app.login, v["out"], v["from"], v["to"])
        target = scratch(v["out"])
        try:
            return publish_register(app.ws, app.login, target, v["from"], v["to"])
        except UserError:
            shutil.rmtree(target.parent, ignore_errors=True)  # nothing of a refusal stays on the server
            raise

    def done(published) -> None:
        if not published:
            return
        entries = f"{published.entries} entr{'ies' if published.entries != 1 else 'y'}"
        if app.is_web:
            deliver(app, published.path)
            app.notify(f"{published.path.name} ({entries}) is downloading in your browser")
        else:
            app.notify(f"register of complaints written to {published.path}: {entries}")

    app.push_screen(RegisterForm(submit, app.ws.today(), web=app.is_web), done)
