"""What every dialog form of casework shares: it gathers input, says every problem it can see
beside its field at once, calls one service, and stays open with what was typed when the service
refuses, so nothing a user wrote is lost; Esc asks before discarding typed text."""

from pathlib import Path

import platformdirs
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from casework.errors import Conflict, UserError, every
from casework.inputs import read_day
from tui.keys import named
from tui.text import plain


class ActionForm(ModalScreen):
    """`submit(values)` runs the service; `on_conflict()` reloads the screen beneath."""

    BINDINGS = named("form", [Binding("ctrl+s", "submit", "Save"), Binding("escape", "cancel", "Cancel")])
    title_text = ""
    submit_label = "Save"

    def __init__(self, submit, on_conflict=None):
        super().__init__()
        self.submit_fn, self.on_conflict = submit, on_conflict

    # field id -> what to say beside it when it is left empty
    required: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label(self.title_text, classes="title")
            widgets = list(self.fields())
            own = {w.id for w in widgets if w.id}
            for widget in widgets:
                yield widget
                if (widget.id and isinstance(widget, (Input, TextArea, Select, Checkbox))
                        and f"{widget.id}-error" not in own):
                    # Where this field's error is said, beside it.
                    yield Static("", id=f"{widget.id}-error", classes="error field-error")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.submit_label} (ctrl+s)", variant="primary", id="submit")
                yield Button("Cancel (esc)", id="cancel")

    def fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.as_opened = typed(self)
        # Typing goes straight into the first field, as in any dialog.
        for widget in self.query("TextArea, Input, Select, Checkbox, DirectoryTree"):
            if widget.focusable:
                widget.focus()
                break

    def values(self) -> dict:
        return {}

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        discard_or_stay(self, lambda: self.dismiss(None))

    def problems(self) -> dict[str, str]:
        """Everything wrong that the form can see for itself, said all at once before the
        service is asked: fields left empty, days that are no days."""
        found = {}
        for key, said in self.required.items():
            widget = self.query(f"#{key}")
            if widget and _empty(widget.first()):
                found[key] = said
        for box in self.query("Input.date"):
            if box.value.strip() and read_day(box.value) is None:
                # What was typed, on one line: a pasted line break must not split the refusal.
                typed = " ".join(box.value.split())
                found[box.id] = (f"{typed} is not a day: write it as DD/MM/YYYY, "
                                 "for example 01/12/2026")
        return found

    def say(self, field: str | None, message: str) -> bool:
        """Shows `message` beside `field`, if the form has it; False if it has not."""
        slot = self.query(f"#{field}-error") if field else None
        if not slot:
            return False
        slot.first(Static).update(plain(message))
        slot.first(Static).display = True
        return True

    def action_submit(self) -> None:
        error = self.query_one("#form-error", Static)
        for slot in self.query(".error"):
            slot.update("")
        for slot in self.query(".field-error"):
            slot.display = False  # takes no line until it has something to say
        found = self.problems()
        if found:
            for key, said in found.items():
                self.say(key, said)
            self.query_one(f"#{next(iter(found))}").focus()
            return
        try:
            result = self.submit_fn(self.values())
        except Conflict as exc:
            if self.on_conflict:
                self.on_conflict()
            error.update(plain(f"{exc.message}. The case has been reloaded behind this dialog; "
                               "what you typed is kept: check it and save again."))
            return
        except UserError as exc:
            # Each beside its field, the first of them focused; what no field holds, at the foot.
            placed = [err.field for err in every(exc) if self.say(err.field, err.beside)]
            rest = [err.message for err in every(exc) if err.field not in placed]
            if placed:
                self.query_one(f"#{placed[0]}").focus()
            error.update(plain("; ".join(rest)))
            return
        self.dismiss(result if result is not None else True)


def _empty(widget) -> bool:
    if isinstance(widget, TextArea):
        return not widget.text.strip()
    if isinstance(widget, Select):
        return widget.value in (None, Select.NULL)
    if isinstance(widget, Input):
        return not widget.value.strip()
    return False


def typed(screen) -> dict:
    """What the text boxes of a form hold, to tell whether the user has typed anything."""
    return {w.id: w.text if isinstance(w, TextArea) else w.value
            for w in screen.query("TextArea, Input") if w.id}


def discard_or_stay(screen, leave) -> None:
    """Esc on a form: leave at once if nothing was typed, else ask before losing it."""
    if typed(screen) == getattr(screen, "as_opened", {}):
        leave()
        return
    from tui.screens.dialogs import Confirm

    screen.app.push_screen(Confirm("Discard what you typed?", "Discard", "Keep typing"),
                           lambda yes: yes and leave())


def export_folder() -> Path:
    """Where exports are proposed: the user's documents folder, else their home; never the
    folder the program happened to be started in."""
    documents = platformdirs.user_documents_path()
    return documents if documents.is_dir() else Path.home()


def typed_path(path: Path) -> str:
    """A path as a person would type it: under their home folder, from "~"."""
    home = Path.home()
    return f"~/{path.relative_to(home)}" if path.is_relative_to(home) else str(path)


def date_input(id_: str, value: str = "") -> Input:
    # Selected when focused, so typing a date replaces the one proposed; day first, as written here.
    return Input(value=value, placeholder="DD/MM/YYYY", id=id_, max_length=10, select_on_focus=True,
                 classes="date")
