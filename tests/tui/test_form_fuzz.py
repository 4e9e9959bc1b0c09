"""The app's forms fed hostile input (hypothesis): each refusal is one line on the form, the
form stays open with what was typed, and the database is exactly as it was."""

import asyncio

import evidence as ev
import pytest
from driving import settle
from helpers import assessed, draft_shared, dump, heard
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from textual.widgets import Input, TextArea

from casework.cases.assignments import grant
from casework.cases.opening import open_case
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.dialogs import Confirm
from tui.screens.new_complaint import NewComplaintScreen

HOSTILE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "   ", "bell\x07", "\x00", "\u202eevil", "x" * 200_000, "2026-02-30",
                     "01/02/2026", "2099-01-01", "\u0633\u0627\u0631\u0627 \u200fخان"]),
)
# Each example starts the app once (about a second) and tries a batch of inputs on the form,
# each on a form opened afresh: 3 batches of 3 try more inputs than 8 starts of one did, in
# less time. No shrinking: the failing input is printed as is.
SETTINGS = settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck),
                    phases=[Phase.explicit, Phase.reuse, Phase.generate])
BATCH = 3


def batch(strategy):
    return st.lists(strategy, min_size=BATCH, max_size=BATCH)


@pytest.fixture
def place(council, tmp_path):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    files = tmp_path / "files"
    files.mkdir()
    (files / "zero.pdf").write_bytes(b"")
    (files / "fake.png").write_bytes(b"not a png")
    (files / "latin1.txt").write_bytes(b"caf\xe9")
    ev.pdf(files / "good.pdf", 1)
    paths = [str(p) for p in files.iterdir()] + [str(files), str(tmp_path / "missing.pdf")]
    return council, ref, paths


def _one_line_refusal(screen, ids) -> bool:
    # Beside its field or below them all: every error the form shows, each on one line.
    shown = [str(e.render()) for e in screen.query(".error")]
    return any(t.strip() for t in shown) and all("\n" not in t.strip() for t in shown)


def _check(ws, before, app, form_type, ids):
    """Either the service accepted it (the form closed) or the form says why in one line."""
    if isinstance(app.screen, form_type):
        assert _one_line_refusal(app.screen, ids)
        assert dump(ws) == before


async def _close(pilot, form_type) -> None:
    """Leaves a form that refused what it was given, throwing away what was typed."""
    app = pilot.app
    if isinstance(app.screen, form_type):
        await pilot.press("escape")
        await settle(pilot)
        if isinstance(app.screen, Confirm):
            await pilot.press("y")  # the question whether to throw away what was typed
            await settle(pilot)
    assert not isinstance(app.screen, form_type)


async def _case_form(ws, key, fills, form_ids, ref=None):
    """Each of `fills` on the form `key` opens from the case screen, one form after another."""
    app = CaseworkApp(ws, "mo", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if ref:
            app.push_screen(CaseScreen(ref))
        else:
            await pilot.press("enter")
        await settle(pilot)
        for fill in fills:
            assert isinstance(app.screen, CaseScreen)
            await pilot.press(key)
            await settle(pilot)
            form = app.screen
            fill(form)
            before = dump(ws)
            await pilot.press("ctrl+s")
            await settle(pilot)
            _check(ws, before, app, type(form), form_ids)
            await _close(pilot, type(form))
    assert app.return_code in (None, 0)


@SETTINGS
@given(texts=batch(HOSTILE))
def test_note_form(place, texts):
    ws, _, _ = place

    def filling(text):
        return lambda form: form.query_one("#text", TextArea).load_text(text)

    asyncio.run(_case_form(ws, "n", [filling(t) for t in texts], ["form"]))


@SETTINGS
@given(data=st.data())
def test_attach_form(place, data):
    ws, _, paths = place

    def filling():
        path = data.draw(st.one_of(st.sampled_from(paths), HOSTILE))
        on, description = data.draw(HOSTILE), data.draw(HOSTILE)

        def fill(form):
            form.query_one("#path", Input).value = path
            form.query_one("#on", Input).value = on
            form.query_one("#description", Input).value = description
        return fill

    asyncio.run(_case_form(ws, "f", [filling() for _ in range(BATCH)], ["form"]))


@SETTINGS
@given(inputs=batch(st.tuples(HOSTILE, HOSTILE)))
def test_new_complaint_form(place, inputs):
    ws, _, _ = place

    async def scenario():
        app = CaseworkApp(ws, "mo", offer_demo=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for received, summary in inputs:
                await pilot.press("n")
                await settle(pilot)
                form = app.screen
                assert isinstance(form, NewComplaintScreen)
                form.query_one("#received", Input).value = received[:10]
                form.query_one("#summary", TextArea).load_text(summary)
                before = dump(ws)
                await pilot.press("ctrl+s")
                await settle(pilot)
                _check(ws, before, app, NewComplaintScreen,
                       ["about", "by", "clause", "received", "summary", "form"])
                await _close(pilot, NewComplaintScreen)

    asyncio.run(scenario())


@SETTINGS
@given(inputs=batch(st.tuples(HOSTILE, HOSTILE)))
def test_advance_form(place, inputs):
    ws, _, _ = place

    async def scenario():
        app = CaseworkApp(ws, "mo", offer_demo=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            for note, on in inputs:
                if not isinstance(screen, CaseScreen) or not screen.case["is_open"]:
                    return  # an earlier input withdrew it: it has left the queue of open cases
                assert any(e["name"] == "withdraw" and e["allowed"] for e in screen.case["events"])
                screen._advance("withdraw")
                await settle(pilot)
                form = app.screen
                form.query_one("#note", TextArea).load_text(note)
                form.query_one("#on", Input).value = on[:10]
                before = dump(ws)
                await pilot.press("ctrl+s")
                await settle(pilot)
                _check(ws, before, app, type(form), ["form"])
                await _close(pilot, type(form))

    asyncio.run(scenario())


@pytest.fixture
def found(place, tmp_path):
    """A second complaint, taken to a hearing and found proven, so sanctions may be recorded."""
    from casework.cases.advance import advance
    from casework.cases.papers import annotate, attach

    ws = place[0]
    ref = open_case(ws, "mo", "Cllr Tom Price", "Bob Smith", "21.9.1", "Rude", "2026-09-01")
    attach(ws, ref, str(ev.pdf(tmp_path / "report.pdf", 1)), "mo", "investigation-report")
    advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-10-01")
    assessed(ws, ref, on="2026-10-01")
    draft_shared(ws, ref, on="2026-10-01")
    for event in ("investigate", "complete_investigation"):
        advance(ws, ref, event, "mo", on="2026-10-01")
    grant(ws, ref, "ip", "mo")  # s.28(7)(a): an Independent Person assigned to the case
    annotate(ws, ref, "Breach likely", "ip", kind="ip-view")
    advance(ws, ref, "refer_to_hearing", "mo", on="2026-10-01", note="To a hearing")
    heard(ws, ref, panel=("Cllr Ann Jones",), on="2026-10-01")
    advance(ws, ref, "find_breach", "mo", note="Found", on="2026-10-02")
    return ref


@SETTINGS
@given(inputs=batch(st.tuples(HOSTILE, HOSTILE, st.booleans())))
@example(inputs=[("", "1\n2", False)] * BATCH)  # a pasted line break: still one line
def test_sanction_form(place, found, inputs):
    ws, _, _ = place

    def filling(detail, due, kind):
        def fill(form):
            if kind:
                select = form.query_one("#kind")
                select.value = next(iter(ws.profile.sanctions["member"]))
            form.query_one("#detail", Input).value = detail
            form.query_one("#due", Input).value = due[:10]
        return fill

    asyncio.run(_case_form(ws, "s", [filling(*i) for i in inputs], ["form"], ref=found))


@SETTINGS
@given(data=st.data())
def test_bundle_form(place, data, tmp_path_factory):
    import os

    ws, _, paths = place

    def filling():
        out = data.draw(st.one_of(st.sampled_from(paths + ["b.pdf", "b.txt", ""]), HOSTILE))
        hearing = data.draw(HOSTILE)

        def fill(form):
            form.query_one("#out", Input).value = out
            form.query_one("#hearing", Input).value = hearing[:10]
        return fill

    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("bundles"))  # a relative path lands here
    try:
        asyncio.run(_case_form(ws, "b", [filling() for _ in range(BATCH)], ["out", "hearing", "form"]))
    finally:
        os.chdir(here)
