"""Exporting a hearing bundle: where to write it, public or full, the hearing date. The
binding runs in a thread behind a progress dialog; a refusal comes back to this dialog,
beside the field it is about, with what was typed kept."""

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Static

from casework.errors import UserError
from tui.screens.dialogs import Progress
from tui.screens.form_base import ActionForm, date_input, export_folder, typed_path
from tui.text import plain

FIELDS = ("out", "hearing")


def default_path(ref: str, public: bool) -> str:
    """In the user's documents folder, never the folder the program was started in."""
    name = f"{ref}-public-bundle.pdf" if public else f"{ref}-bundle.pdf"
    return typed_path(export_folder() / name)


def field_of(exc: UserError) -> str:
    """Which input a refusal is about: the service's own mark, else the option it names."""
    if exc.field in FIELDS:
        return exc.field
    return next((name for name in FIELDS if exc.message.startswith(f"--{name} ")), "form")


class BundleForm(ActionForm):
    """`submit(values, report)` binds the bundle; dismisses with what it returned."""

    submit_label = "Export"

    def __init__(self, ref: str, submit, web: bool = False):
        super().__init__(submit)
        self.ref, self.web = ref, web
        self.title_text = f"{ref}: export the hearing bundle"
        self.default = self._proposed(False)

    def _proposed(self, public: bool) -> str:
        # In a browser tab, only a name: the browser downloads it wherever the person keeps files.
        path = default_path(self.ref, public)
        return path.rsplit("/", 1)[-1] if self.web else path

    def fields(self) -> ComposeResult:
        yield Label("Name of the PDF (your browser downloads it)" if self.web else "Save the PDF as")
        yield Input(value=self.default, placeholder="FILE.pdf", id="out")
        yield Static("", id="out-error", classes="error")
        yield Checkbox("Public bundle (withhold exempt papers)", id="public")
        yield Label("Hearing date (optional)")
        yield date_input("hearing")
        yield Static("", id="hearing-error", classes="error")

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        out = self.query_one("#out", Input)
        if out.value == self.default:  # follow the tick until the user writes their own path
            out.value = self.default = self._proposed(event.value)

    def values(self) -> dict:
        return {"out": self.query_one("#out", Input).value,
                "public": self.query_one("#public", Checkbox).value,
                "hearing": self.query_one("#hearing", Input).value or None}

    def action_submit(self) -> None:
        for name in (*FIELDS, "form"):
            self.query_one(f"#{name}-error", Static).update("")
        values = self.values()

        def job(report):
            try:
                return self.submit_fn(values, lambda done, total, label: report(label, done, total))
            except OSError as exc:  # a folder that refuses new files; said as the timeline screen says it
                raise UserError(f"cannot write {values['out']}: {exc.strerror or exc}", "out") from None

        self.app.push_screen(Progress(f"Binding the bundle for {self.ref}", job), self._done)

    def _done(self, result) -> None:
        if not isinstance(result, UserError):
            self.dismiss(result)
            return
        where = field_of(result)
        self.query_one(f"#{where}-error", Static).update(plain(result.message))
        if where != "form":
            self.query_one(f"#{where}", Input).focus()


def open_bundle(screen) -> None:
    """From the case screen: the form, then the bundle written (or, in a browser tab, sent)."""
    from pathlib import Path

    from casework.bundle.build import bundle
    from tui.delivery import deliver, scratch

    ws, ref, login = screen.app.ws, screen.ref, screen.app.login
    web = screen.app.is_web

    def submit(v, progress):
        out = scratch(v["out"] or f"{ref}-bundle.pdf") if web else v["out"]
        return bundle(ws, ref, login, out, public=v["public"], hearing=v["hearing"],
                      progress=progress)

    def bound(done) -> None:
        if not done:
            return
        if web:
            deliver(screen.app, Path(done.path))
            screen.notify(f"{ref}: the bundle ({done.pages} pages) is downloading in your browser")
            return
        screen.notify(f"{ref}: {done.path} written, {done.pages} pages")

    screen.app.push_screen(BundleForm(ref, submit, web=web), bound)
