"""A case's papers read whole: a note with the note it amends and those that amend it, a
sanction with its terms and compliance, and a document's text (a PDF page by page), an image
described; `o` hands the stored copy to the system's viewer."""

import os
import shutil
import subprocess
import sys

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from casework.cases.reading import Paper, note_thread
from casework.clock import council_time
from casework.errors import UserError
from casework.workflow.papers import NOTE_TITLES
from tui.colours import tone
from tui.delivery import deliver
from tui.keys import named
from tui.screens.reader import Reader, field
from tui.widgets.footer import Footer


def _note_block(text: Text, note: dict, heading: str, accent: str) -> None:
    kind = NOTE_TITLES.get(note["kind"], "note")
    kind = kind[0].upper() + kind[1:]
    text.append(f"{heading}{kind} #{note['id']}", style="bold")
    text.append(f"  by {note['author']}, of {note['day']}")
    # When it was written down, if not on its own day: the audit trail's time, not the note's.
    recorded = council_time(note["at"])
    text.append(f", recorded {recorded}" if not recorded.startswith(note["day"]) else f", {recorded[11:]}")
    if note["confidential"]:
        text.append("  CONFIDENTIAL", style=f"bold {accent}")
    text.append("\n")
    text.append(note["text"].rstrip() + "\n\n")  # as written: plain text, never markup


class NoteScreen(Reader):
    """The note whole, then what it corrects and what corrects it."""
    BINDINGS = named("note", [Binding("escape", "back", "Back")])
    text_id = "note-text"

    def __init__(self, case: dict, note_id: int):
        super().__init__()
        self.thread = note_thread(case, note_id)
        self.ref = case["ref"]

    def body(self) -> Text:
        text = Text()
        accent = tone(self.app, "accent")
        _note_block(text, self.thread["note"], f"{self.ref} · ", accent)
        if self.thread["amends"]:
            _note_block(text, self.thread["amends"], "It amends ", accent)
        for later in self.thread["amended_by"]:
            _note_block(text, later, "Amended by ", accent)
        return text


class SanctionScreen(Reader):
    """One sanction: what it is, who recorded it and when, where compliance stands, its terms."""

    def __init__(self, ref: str, sanction: dict):
        super().__init__()
        self.ref, self.sanction = ref, sanction

    def body(self) -> Text:
        s = self.sanction
        text = Text()
        text.append(f"{self.ref} · sanction #{s['id']} · {s['title']}\n\n", style="bold")
        field(text, "Recorded", f"by {s['recorded_by'] or '–'}, {council_time(s['recorded_at'])}")
        if s["until"]:
            field(text, "Until", s["until"] + (" (lapsed)" if s["lapsed"] else ""))
        field(text, "Due", s["due"] or "no date set for compliance")
        if s["complied"]:
            field(text, "Complied", s["complied"])
        elif s["not_complied"]:
            field(text, "Not complied", s["not_complied"], f"bold {tone(self.app, 'warning')}")
        else:
            field(text, "Complied", "not yet" if s["due"] else "–")
        text.append("\nDetails\n", style="bold")
        text.append((s["detail"] or "none recorded").rstrip() + "\n")  # as written, never markup
        return text


class PaperScreen(Screen):
    """One document: what it is, then its contents as far as a terminal can show them."""
    BINDINGS = named("paper", [Binding("o", "open_outside", "Open in viewer"), Binding("escape", "back", "Back")])

    def __init__(self, paper: Paper):
        super().__init__()
        self.paper = paper

    def compose(self) -> ComposeResult:
        p = self.paper
        head = Text()
        head.append(f"{p.case_ref} · document #{p.id} · {p.filename}", style="bold")
        if p.confidential:
            head.append("  CONFIDENTIAL", style=f"bold {tone(self.app, 'accent')}")
        if p.exemption:
            head.append(f"  exempt (Schedule 12A para {p.exemption})", style=f"bold {tone(self.app, 'accent')}")
        head.append(f"\n{p.section_title}\n", style="italic")
        filed = (f"filed {p.filed} by {p.added_by or '–'} (recorded {council_time(p.added_at)})" if p.filed
                 else f"filed by {p.added_by or '–'}, {council_time(p.added_at)}")
        head.append(f"Dated {p.dated or '–'} · {filed} · {p.media_type}, {p.size:,} bytes\n")
        head.append(f"SHA-256 {p.sha256}", style="dim")
        if p.detail:
            head.append(f"\n{p.detail}")
        yield Header()
        yield Static(head, id="paper-head")
        with VerticalScroll(id="reader"):
            yield Static(self._body(), id="paper-text")
        yield Footer()

    def _body(self) -> Text:
        p = self.paper
        body = Text()
        if p.kind == "text":
            body.append(p.pages[0])
        elif p.kind == "pdf":
            for n, page in enumerate(p.pages, 1):
                body.append(f"── page {n} of {len(p.pages)} ──\n", style="bold dim")
                body.append((page or "(no text on this page)") + "\n\n")
        return body

    def action_open_outside(self) -> None:
        if self.app.is_web:
            self._to_browser()
            return
        viewer = _viewer()
        if viewer is None:
            self.notify(f"this machine has no viewer to hand it to; take a copy with "
                        f"casework document {self.paper.case_ref} {self.paper.id} --out FILE",
                        severity="warning")
            return
        from casework.exports.files import viewer_copy

        try:
            path = viewer_copy(self.app.ws, self.paper.case_ref, self.paper.id, self.app.login)
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        subprocess.Popen([viewer, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
        self.notify(f"opened {path.name} in the system's viewer (a private copy in {path.parent})")

    def _to_browser(self) -> None:
        """In a browser tab the paper opens in the person's browser (its own PDF or image
        viewer), from a copy checked against its SHA-256 and recorded as read."""
        from casework.exports.files import viewer_copy

        try:
            path = viewer_copy(self.app.ws, self.paper.case_ref, self.paper.id, self.app.login)
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        # Shown in the tab only where the browser cannot run what it holds; anything else (a
        # web page or an SVG sent in as evidence, say) is downloaded, never opened here.
        inline = path.suffix.lower() in (".pdf", ".png", ".jpg", ".jpeg", ".gif", ".txt")
        deliver(self.app, path, open_method="browser" if inline else "download")
        self.notify(f"{path.name} {'opens in' if inline else 'is downloading to'} your browser")

    def action_back(self) -> None:
        self.app.pop_screen()


def _viewer() -> str | None:
    """The desktop's opener; none in a bare terminal session (no display, or served to a browser)."""
    if sys.platform == "darwin":
        return shutil.which("open")
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    return shutil.which("xdg-open")
