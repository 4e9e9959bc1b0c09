"""When the frame that shows a page is written out, for the start-up and typing figures of
bench.tui_queue and bench.tui_bare alike.

The queue's table stamps when it first draws a page's lines (QueueTable.drawn_at); the frame
holding them is written once the rest of the screen is drawn, 1 ms later while typing and 2 to
6 ms at start-up, more on the real screen than on the bare one (its footer holds its keys).
Textual has no public hook for a frame written, so the benchmark wraps App._display, where
the application hands each frame to its driver, and records when each one was handed over.
A callback after the refresh, which the figures used until this, ran 20 to 40 ms after the
first frame at start-up, behind the footer building its keys in the same queue of callbacks.
"""

import asyncio
import time
from typing import Callable

from textual.app import App

_WRAPPED = "_bench_frames_wrapped"


def watch() -> None:
    """From now on every application in this process records when it writes each frame."""
    if getattr(App._display, _WRAPPED, False):
        return
    display = App._display

    def recorded(self, screen, update):
        out = display(self, screen, update)
        self.__dict__.setdefault("bench_frames", []).append(time.perf_counter())
        return out

    setattr(recorded, _WRAPPED, True)
    App._display = recorded


def written_after(app: App, drawn: float | None) -> float | None:
    """When the first frame after `drawn` (a page's lines drawn into it) was written, or None."""
    if drawn is None:
        return None
    return next((t for t in app.__dict__.get("bench_frames", ()) if t >= drawn), None)


async def shown(app: App, drawn: Callable[[], float | None]) -> float:
    """When the frame showing a page was written: `drawn` gives when its lines were drawn into a
    frame, or None until they have been."""
    while (at := written_after(app, drawn())) is None:
        await asyncio.sleep(0.001)  # not 0: a busy loop would starve the application's workers
    return at


async def new_page_shown(app: App, t: float, new_page: Callable[[], bool],
                         drawn: Callable[[], float | None]) -> float:
    """Seconds from `t` to the frame showing the page a change at `t` brought: once `new_page`
    says it has come, and its lines (`drawn`) were drawn after `t`."""
    def since() -> float | None:
        at = drawn()
        return at if new_page() and at is not None and at >= t else None

    return await shown(app, since) - t
