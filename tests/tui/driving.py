"""Key-driving helpers for Pilot tests: only key presses reach the application."""

from textual.widgets import OptionList


async def settle(pilot) -> None:
    """Waits for the screens' own loading; a directory tree's loader never ends."""
    from textual.screen import Screen

    await pilot.pause()
    from textual.worker import WorkerCancelled, WorkerFailed

    # A finished load may start another (the count follows the page), so look again.
    while running := [w for w in pilot.app.workers if isinstance(w.node, Screen) and not w.is_finished]:
        for worker in running:
            try:
                await worker.wait()
            except WorkerCancelled:
                pass  # replaced by a newer load, which is waited for too
            except WorkerFailed as exc:
                raise exc.error
        await pilot.pause()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def choose_event(pilot, name: str) -> None:
    """Moves down the case's list of events to `name` and presses enter."""
    events = pilot.app.screen.query_one("#events", OptionList)
    ids = [events.get_option_at_index(i).id for i in range(events.option_count)]
    assert name in ids, f"{name} not offered; offered: {ids}"
    events.focus()
    await pilot.press("home")
    for _ in range(ids.index(name)):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)


async def pick_in_select(pilot, typed: str) -> None:
    """Opens the focused Select, types to jump to an option, picks it."""
    await pilot.press("enter")
    await type_text(pilot, typed)
    await pilot.press("enter")
    await pilot.pause()


async def advance(pilot, event: str, note: str = "") -> None:
    await choose_event(pilot, event)
    if note:
        await type_text(pilot, note)
    await pilot.press("ctrl+s")
    await settle(pilot)
