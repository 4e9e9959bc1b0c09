"""A typed key and the page it brings, drawn in one frame rather than two."""

from textual.dom import DOMNode

HOLD = 0.05  # seconds a typed character waits for its page at most, then it is drawn alone


class OneFrame:
    """Holds the application's repaints from a keystroke until the page it asked for is shown.

    Drawn apart, the box's echo takes one frame and the page the next: the page waits a frame
    period (Textual draws at most 60 a second) and a second composition of the screen after
    the bare Textual app, which draws both at once (bench/tui_bare.py). Held, they are drawn
    together; a page slower than HOLD lets the echo be drawn alone first, so typing never
    waits on the database for long. Release before anything asks to run after the next
    refresh: while repaints are held Textual runs those callbacks without one.
    """

    def __init__(self, node: DOMNode):
        self._node = node
        self._held = None
        self._timer = None

    def hold(self) -> None:
        if self._held is None:
            self._held = self._node.app.batch_update()
            self._held.__enter__()
            self._timer = self._node.set_timer(HOLD, self.release, name="one frame")

    def release(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            self._timer.stop()
            held.__exit__(None, None, None)
