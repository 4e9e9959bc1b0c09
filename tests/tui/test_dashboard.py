"""The dashboard: the figures it draws are the service's, and it looks as a person checked."""

import pytest
from driving import settle

from casework.reports.dashboard import dashboard
from tui.app import CaseworkApp
from tui.screens.dashboard import DashboardScreen, whole_ticks

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def app_for(ws, login="mo"):
    return CaseworkApp(ws, login, offer_demo=False)


async def open_dashboard(pilot):
    await settle(pilot)
    await pilot.press("D")
    await settle(pilot)


async def test_the_dashboard_shows_the_services_figures(demo_council):
    app = app_for(demo_council)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_dashboard(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        expected = dashboard(demo_council, "mo")
        assert screen.figures == expected
        assert expected.open_cases == sum(n for _, n in expected.by_stage) > 0
        assert sum(n for _, n in expected.ageing) == expected.open_cases
        summary = str(screen.query_one("#dash-summary").render())
        assert f"{expected.open_cases:,} open cases, {expected.overdue:,} overdue" in summary
        assert screen.drawn == {"by-stage": expected.by_stage, "ageing": expected.ageing,
                                "due-soon": expected.due_soon, "by-month": expected.received_by_month}
        await pilot.press("escape")
        assert not isinstance(app.screen, DashboardScreen)


async def test_a_viewer_sees_only_the_cases_their_queue_shows(demo_council):
    from sqlmodel import Session, select

    from casework.cases.listing import list_cases
    from casework.cases.opening import open_case
    from casework.people.register import add_user
    from casework.workflow.stages import ENDED
    from db.models import Case

    open_case(demo_council, "mo", "Cllr David Okonkwo", "Graham Tully", "21.9.3", "Restricted", "2026-11-02",
              confidential=True)
    add_user(demo_council, "mo", "viewer1", "Val Viewer", "viewer")
    with Session(demo_council.engine) as s:
        restricted = [c for c in s.exec(select(Case).where(Case.confidential)).all() if c.state not in ENDED]
    assert restricted  # the one just opened, and any the demo restricted
    assert dashboard(demo_council, "viewer1").open_cases == len(list_cases(demo_council, "viewer1"))
    assert dashboard(demo_council, "viewer1").open_cases == dashboard(demo_council, "mo").open_cases - len(restricted)


def test_the_dashboard_is_in_the_command_palette_and_help(demo_council):
    from tui.screens.help import SCREENS
    from tui.screens.triage import TriageScreen

    assert any(b.key == "D" and b.action == "dashboard" for b in TriageScreen.BINDINGS)
    assert ("Dashboard", DashboardScreen) in SCREENS


def test_ticks_are_whole_round_numbers():
    assert whole_ticks(3) == [0, 1, 2, 3]
    assert whole_ticks(17) == [0, 5, 10, 15, 20]
    assert whole_ticks(15310) == [0, 5000, 10000, 15000, 20000]


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_snapshot(snap_compare, demo_council, size):
    assert snap_compare(app_for(demo_council), terminal_size=size, run_before=open_dashboard)


def test_on_a_friday_the_deadlines_due_are_those_of_the_coming_five_working_days(council):
    """2026-11-20 is a Friday: a complaint received on Wednesday 18th is due to be
    acknowledged on Wednesday 25th, which the week that is ending would not show."""
    from datetime import date

    from casework.cases.opening import open_case

    open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-11-18")
    assert dashboard(council, "mo").due_soon == [
        ("Fri 20/11", 0), ("Mon 23/11", 0), ("Tue 24/11", 0), ("Wed 25/11", 1), ("Thu 26/11", 0)]
    council.today = lambda: date(2026, 12, 24)  # Christmas and New Year's bank holidays skipped
    assert [label for label, _ in dashboard(council, "mo").due_soon] == [
        "Thu 24/12", "Tue 29/12", "Wed 30/12", "Thu 31/12", "Mon 04/01"]
