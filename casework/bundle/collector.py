"""Full garbage collections wait while a bundle is bound; young ones run as always.

Python's full collection walks every object that has lived a while. In a fresh process (the
command line, the benchmark) that is the 90,000 or so objects its imports made (SQLAlchemy,
reportlab, pikepdf, casework); reading the bundle's two fonts makes enough lasting objects to
set one off, 40 ms of a 500-page bundle that took 0.27 s, and it found nothing to free
(measured). The application already keeps full collections for a pause in the typing
(tui.app._settled); this does the same for the length of a bundle wherever it is bound. The
bundle's own short-lived garbage is still collected by the young collections.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

NEVER = 1_000_000_000  # as tui.app: a full collection only when asked for
_lock = threading.Lock()
_held = 0
_saved: tuple[int, int, int] = (0, 0, 0)


@contextmanager
def young_only() -> Iterator[None]:
    """Puts off full collections until the last of any bundles being bound at once is done,
    then puts back the caller's thresholds."""
    global _held, _saved
    with _lock:
        if _held == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], NEVER)
        _held += 1
    try:
        yield
    finally:
        with _lock:
            _held -= 1
            if _held == 0:
                gc.set_threshold(*_saved)
