"""Complaints walked through the real application by keys alone, then checked in the database."""

from driving import advance, pick_in_select, settle, type_text
from sqlmodel import Session, select

from db.models import AuditEvent, Case, Document, Sanction
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.triage import TriageScreen


async def log_complaint(pilot, about: str, by: str, clause: str, summary: str) -> None:
    await pilot.press("n")
    await settle(pilot)
    await pick_in_select(pilot, about)
    await pilot.press("tab")
    await pick_in_select(pilot, by)
    await pilot.press("tab")
    await pick_in_select(pilot, clause)
    await pilot.press("tab", "tab")  # received keeps today; on to the summary
    await type_text(pilot, summary)
    await pilot.press("ctrl+s")
    await settle(pilot)


def _case(ws):
    with Session(ws.engine) as s:
        return s.exec(select(Case)).one()


async def test_member_complaint_from_intake_to_sanction(council, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    report = home / "final-report.txt"
    report.write_text("The Investigating Officer's final report")
    (home / "draft-report.txt").write_text("Draft report, for the parties' comments")
    (home / "notice-to-member.txt").write_text("Cllr Jones: a complaint has been made; your comments?")
    (home / "panel-hearing-notice.txt").write_text("The Standards Sub-Committee will hear the complaint.")
    monkeypatch.setenv("HOME", str(home))  # the file picker opens in the home folder
    # Papers are picked by their place in the home folder: casework's own data (the key that
    # seals its caches) goes elsewhere, or a first test in a process finds .local among them.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await log_complaint(pilot, "Cllr Ann", "Bob", "21.9.3", "Shouted at officer")
        assert isinstance(app.screen, TriageScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await advance(pilot, "refer_to_monitoring_officer")
        # The assessment: Bob, an officer, chose the protocol; classified as a code complaint,
        # the member told and invited to comment.
        await pilot.press("i")
        await settle(pilot)
        await pick_in_select(pilot, "The officer chose this protocol")
        await pilot.press("tab")
        await type_text(pilot, "Bob asked for the protocol route by email")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pick_in_select(pilot, "Classify: a complaint under the Members")
        await pilot.press("tab")
        await type_text(pilot, "Bullying alleged under the code")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("tab", "tab")
        await pick_in_select(pilot, "Notice of the complaint")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await advance(pilot, "investigate")
        # The draft goes to both parties for comment before the report is final.
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("tab", "tab")
        await pick_in_select(pilot, "The Investigating Officer's d")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await advance(pilot, "complete_investigation")
        # The Monitoring Officer assigns an Independent Person to give a view (s.28(7)(a)).
        await pilot.press("g")
        await settle(pilot)
        await pick_in_select(pilot, "Ip")
        await pilot.press("ctrl+s")
        await settle(pilot)
    # The Independent Person signs in and gives the view, through the note dialog.
    app = CaseworkApp(council, "ip", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "A breach is likely")
        await pilot.press("tab", "tab", "space", "ctrl+s")  # skip confidential, tick IP view
        await settle(pilot)
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # The report, through the attach dialog: pick it in the file tree, file it to its section.
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("tab", "tab")
        await pick_in_select(pilot, "The Investigating Officer's f")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await advance(pilot, "refer_to_hearing", note="Report finds a case to answer; for the Standards Committee")
        # The notice of the hearing served, and who sits on the panel, before its decision.
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("down", "down", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("tab", "tab")
        await pick_in_select(pilot, "Notice of the hearing")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pick_in_select(pilot, "Cllr Tom")
        await pilot.press("tab")
        await pick_in_select(pilot, "on the hearing")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Also in the case: Cllr Tom Price (on the hearing panel)" in str(
            app.screen.query_one("#case-head").render())
        await advance(pilot, "find_breach", "Panel found a breach")
        await pilot.press("s")
        await settle(pilot)
        await pick_in_select(pilot, "Cen")
        await pilot.press("ctrl+s")
        await settle(pilot)

    case = _case(council)
    assert case.state == "sanctions"
    with Session(council.engine) as s:
        assert s.exec(select(Sanction.kind)).all() == ["censure"]
        assert s.exec(select(Document.section)).all() == ["subject-notice", "draft-report",
                                                          "investigation-report", "hearing-notice"]
        assert s.exec(select(Case.classification)).one() == "code"
        moves = s.exec(select(AuditEvent.to_state).where(AuditEvent.action == "transition")
                       .order_by(AuditEvent.seq)).all()
    assert moves == ["assessment", "investigation", "decision", "hearing", "sanctions"]


async def test_officer_complaint_to_informal_resolution(council_any):
    council = council_any
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await log_complaint(pilot, "Bob", "Cllr Tom", "21.9.1", "Curt at a ward surgery")
        await pilot.press("enter")
        await settle(pilot)
        await advance(pilot, "try_informal")
        await advance(pilot, "resolve", note="Resolved: apology given and accepted")
    case = _case(council)
    assert case.state == "resolved" and not case.is_open
