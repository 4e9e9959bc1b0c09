"""Measures on the case screen: the line under the case's head, and the dialog (`m`) that puts
a suspension or a protective measure in place, keeps it after a review, or ends it."""

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static, TextArea

from casework.errors import UserError
from casework.workflow.measures import MEASURES, ROUTE_OF
from tui.screens.form_base import ActionForm, date_input
from tui.text import plain


def measures_head(c: dict, error: str) -> tuple:
    """The measures in force, as a line of the case's head; a review that is late in the
    theme's `error` colour."""
    parts: list = []
    for m in c["measures"]:
        if m["ended"]:
            continue
        parts += ["\n", f"#{m['id']} {m['title']} since {m['started']} · ",
                  (f"review by {m['review']}" + (" (overdue)" if m["review_overdue"] else ""),
                   f"bold {error}" if m["review_overdue"] else "")]
    return tuple(parts)


class MeasureForm(ActionForm):
    title_text = "Measures while the case runs"

    def __init__(self, submit, on_conflict, case: dict):
        super().__init__(submit, on_conflict)
        self.case = case

    def fields(self) -> ComposeResult:
        running = [m for m in self.case["measures"] if not m["ended"]]
        choices = [(f"Put in place: {title}", f"start:{kind}") for kind, title in MEASURES.items()
                   if ROUTE_OF[kind] == self.case["route"]]
        for m in running:
            choices += [(f"Keep #{m['id']} after a review ({m['title']})", f"review:{m['id']}"),
                        (f"End #{m['id']} ({m['title']})", f"end:{m['id']}")]
        now = "\n".join(f"#{m['id']} {m['title']}: {m['detail']}" for m in running)
        yield Static(plain("In force: " + (now or "none")), id="measures-now")
        yield Select(choices, prompt="What", id="what")
        yield Label("Why (or, for protection, what the measure is)")
        yield TextArea(id="text", soft_wrap=True)
        yield Label("Next review (not needed to end one)")
        yield date_input("review")

    def values(self) -> dict:
        picked = self.query_one("#what", Select).value
        if picked in (None, Select.NULL):
            raise UserError("choose what to do from the list")
        step, _, which = picked.partition(":")
        return {"step": step, "which": which, "text": self.query_one("#text", TextArea).text,
                "review": self.query_one("#review", Input).value or None}
