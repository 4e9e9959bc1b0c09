"""Textual's footer with `? Help` kept at the right beside the command palette: on a narrow
terminal a screen's own keys run off the edge, and help is where they are all listed."""

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey  # not exported; the keys the footer composes

HELP = "help"  # the application's `?` binding (tui.app)


class Footer(TextualFooter):
    DEFAULT_CSS = """
    Footer > #always {
        dock: right;
        width: auto;
        height: 1;
        background: $footer-background;
        border-left: vkey $foreground 20%;
    }
    Footer > #always .palette {
        border-left: vkey $foreground 20%;
        padding-right: 1;
    }
    """

    def compose(self) -> ComposeResult:
        kept: list[FooterKey] = []
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action == HELP:
                kept.insert(0, widget)
            elif isinstance(widget, FooterKey) and widget.has_class("-command-palette"):
                # Docked within the group rather than on its own, which would cover the help key.
                widget.remove_class("-command-palette")
                widget.add_class("palette")
                kept.append(widget)
            else:
                yield widget
        if kept:
            with HorizontalGroup(id="always"):
                yield from kept
