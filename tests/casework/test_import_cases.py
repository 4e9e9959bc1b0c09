"""casework import cases: open cases at the stage each has reached, deadlines from the day it
entered that stage, an audit trail that verifies, and all or nothing. On SQLite and PostgreSQL."""

import json
from datetime import date

import pytest
from helpers import dump, link_user_to_person
from import_sheets import CASES_HEADER, write_sheet
from sqlalchemy import select

from casework.audit import log as audit_log
from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.views import show_case
from casework.imports.cases import import_cases
from casework.imports.run import ImportRefused
from casework.transaction import read
from db.models import AuditEvent, Case


def _row(about="Cllr Ann Jones", by="Bob Smith", clause="21.9.3", stage="Local resolution",
         received="2026-03-02", since=None, ref=None, handler=None, confidential=None,
         summary="Shouted at a planning officer"):
    return [ref, about, by, clause, summary, received, stage, since, handler, confidential]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_open_cases_come_in_at_their_stage_with_deadlines_from_stage_entry(ws, tmp_path, fmt):
    since = date(2026, 11, 2) if fmt == "xlsx" else "02/11/2026"
    path = write_sheet(tmp_path / "cases", [
        CASES_HEADER,
        _row(ref="sc/2026/014", since=since, confidential="yes"),
        _row(about="Bob Smith", by="Cllr Tom Price", clause="Respect and courtesy",
             stage="line_manager", received="2026-10-01", handler="hr"),
        _row(stage="Received", received="2026-11-16"),
    ], fmt)
    report = import_cases(ws, "mo", str(path))
    assert [r.split()[0] for _, r in report.created] == ["SC/2026/014", "MOP-2026-0001", "MOP-2026-0002"]
    first = show_case(ws, "SC/2026/014", "mo")
    assert (first["state"], first["stage_entered"], first["received"]) == (
        "local_resolution", "2026-11-02", "2026-03-02")
    # local resolution: 20 working days from 2 November 2026
    assert first["next_due"] == ws.calendar.add_working_days(date(2026, 11, 2), 20).isoformat()
    assert first["confidential"] and first["handler"] == "mo"
    assert first["deadlines"] == [{"step": "local resolution agreed", "stage": "local_resolution",
                                   "started": "2026-11-02", "due": first["next_due"], "met": None,
                                   "paused": False, "done": None}]
    second = show_case(ws, "MOP-2026-0001", "mo")
    assert (second["route"], second["state"], second["clause"], second["handler"]) == (
        "officer", "line_manager", "21.9.1", "hr")
    assert second["stage_entered"] == "2026-10-01" and second["overdue"]
    with read(ws.engine) as s:
        event = s.execute(select(AuditEvent).where(AuditEvent.case_ref == "SC/2026/014",
                                            AuditEvent.action == "import")).scalar_one()
    assert json.loads(event.data)["source"].startswith("hmac-sha256:")  # a name may be in it
    data = audit_log.events(ws, "mo", case="SC/2026/014", action="import")[0][0]["data"]
    assert (event.action, event.from_state, event.to_state) == ("import", None, "local_resolution")
    assert (data["source"], data["line"], data["source_sha256"], data["on"], data["reference_kept"]) == (
        path.name, 2, report.sha256, "2026-11-02", True)
    assert len(data["row_sha256"]) == 64
    assert audit_log.verify_all(ws, "mo").ok
    assert all(audit_log.verify_one(ws, "mo", ref).ok for ref in ("SC/2026/014", "MOP-2026-0001"))


def test_imported_cases_move_on_like_any_other(ws, tmp_path):
    path = write_sheet(tmp_path / "c", [CASES_HEADER, _row(ref="SC/1", since="2026-11-02")], "csv")
    import_cases(ws, "mo", str(path))
    with pytest.raises(Exception, match="before SC/1 entered its current stage"):
        advance(ws, "SC/1", "resolve", "mo", on="2026-10-30", note="Resolved: apology given and accepted")
    moved = advance(ws, "SC/1", "resolve", "mo", on="2026-11-10", note="Resolved: apology given and accepted")
    assert (moved.from_state, moved.to_state) == ("local_resolution", "resolved")
    case = show_case(ws, "SC/1", "mo")
    assert case["deadlines"][0]["met"] is True and not case["is_open"]
    advance(ws, "SC/1", "reopen", "mo", note="The apology was withdrawn")
    assert show_case(ws, "SC/1", "mo")["state"] == "assessment"
    assert audit_log.verify_one(ws, "mo", "SC/1").ok and audit_log.verify_all(ws, "mo").ok
    # new complaints keep numbering after imported ones
    assert open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Again", "2026-11-18") == "MOP-2026-0001"


def test_stages_and_clauses_as_a_clerk_writes_them(ws_sqlite, tmp_path):
    path = write_sheet(tmp_path / "c", [
        ["ref", "Subject", "Complainant", "CLAUSE", "Description", "Date received", "Current stage"],
        ["A1", "Cllr Ann Jones", "Bob Smith", "bullying or harassment", "x", "02/03/2026",
         "Monitoring Officer\u2019s initial assessment"],
        ["A2", "Cllr Ann Jones", "Bob Smith", "21.11", "x", "2026-03-02", "MO's initial assessment"],
        ["A3", "Bob Smith", "Cllr Ann Jones", "21.9.1", "x", "2026-03-02", "Disciplinary (HR)"],
        ["A4", "Bob Smith", "Cllr Ann Jones", "21.9.1", "x", "2026-03-02", "head-of-service"],
    ], "csv")
    report = import_cases(ws_sqlite, "mo", str(path))
    assert not report.refused
    states = [show_case(ws_sqlite, ref, "mo")["state"] for ref in ("A1", "A2", "A3", "A4")]
    assert states == ["assessment", "assessment", "disciplinary", "head_of_service"]
    assert show_case(ws_sqlite, "A1", "mo")["clause"] == "21.9.3"


def test_every_refused_row_is_named_with_its_line(ws, tmp_path):
    open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Existing", "2026-11-02")
    path = write_sheet(tmp_path / "bad", [
        CASES_HEADER,
        _row(ref="OK-1"),                                                      # 2
        _row(about="Cllr Nobody"),                                             # 3
        _row(clause="99.9"),                                                   # 4
        _row(stage="Pondering"),                                               # 5
        _row(stage="Line manager"),                                            # 6: officer stage
        _row(ref="ok-1"),                                                      # 7: duplicate in sheet
        _row(ref="MOP-2026-0001"),                                             # 8: already a case
        _row(about="Cllr Tom Price", by="Cllr Ann Jones"),                     # 9: two Members
        _row(since="2026-01-01"),                                              # 10: before received
        _row(handler="nobody"),                                                # 11
        _row(handler="hr"),                                                    # 12: HR, member route
        _row(received="2027-01-01"),                                           # 13: future
        _row(summary=None, received="soon"),                                   # 14
    ], "csv")
    before = dump(ws)
    with pytest.raises(ImportRefused) as err:
        import_cases(ws, "mo", str(path))
    assert dump(ws) == before
    refused = dict(err.value.report.refused)
    assert sorted(refused) == list(range(3, 15))
    assert "about: no one called 'Cllr Nobody' in the register" in refused[3]
    assert "clause '99.9' is not a clause of the protocol" in refused[4]
    assert "stage 'Pondering' is not a stage of a complaint about a Member" in refused[5]
    assert "'Line manager' is a stage of complaints about an Officer" in refused[6]
    assert "reference OK-1 is also on line 2" in refused[7]
    assert "reference MOP-2026-0001 is already a case here" in refused[8]
    assert "both are Members" in refused[9]
    assert "stage_since 2026-01-01 is before received 2026-03-02" in refused[10]
    assert "handler 'nobody' is not a login here" in refused[11]
    assert "handler hr is an HR adviser and cannot handle a complaint about a Member" in refused[12]
    assert "received 2027-01-01 is in the future" in refused[13]
    assert "summary is empty" in refused[14] and "received 'soon' is not a date" in refused[14]


def test_a_bad_row_at_the_end_leaves_every_table_as_it_was(ws, tmp_path):
    rows = [CASES_HEADER] + [_row(received=f"2026-0{m}-01") for m in range(1, 10)]
    rows.append(_row(clause="21.1"))
    path = write_sheet(tmp_path / "c", rows, "xlsx")
    before = dump(ws)
    with pytest.raises(ImportRefused) as err:
        import_cases(ws, "mo", str(path))
    assert err.value.report.refused == [(11, err.value.report.refused[0][1])]
    assert len(err.value.report.created) == 9
    assert dump(ws) == before
    with read(ws.engine) as s:
        assert s.execute(select(Case)).first() is None


def test_a_spreadsheet_that_turned_a_clause_into_a_number_is_told_why(ws_sqlite, tmp_path):
    path = write_sheet(tmp_path / "c", [CASES_HEADER, _row(clause=21.1)], "xlsx")
    with pytest.raises(ImportRefused) as err:
        import_cases(ws_sqlite, "mo", str(path))
    assert "format the clause column as text" in err.value.report.refused[0][1]


def test_references_made_for_blank_rows_never_take_one_the_sheet_brings(ws_sqlite, tmp_path):
    path = write_sheet(tmp_path / "c", [CASES_HEADER, _row(), _row(ref="MOP-2026-0001"), _row()], "csv")
    report = import_cases(ws_sqlite, "mo", str(path))
    assert [r.split()[0] for _, r in report.created] == ["MOP-2026-0002", "MOP-2026-0001", "MOP-2026-0003"]


def test_a_party_cannot_import_their_own_case(ws_sqlite, tmp_path):
    link_user_to_person(ws_sqlite, "mo", "Bob Smith")
    path = write_sheet(tmp_path / "c", [CASES_HEADER, _row()], "csv")
    with pytest.raises(ImportRefused) as err:
        import_cases(ws_sqlite, "mo", str(path))
    assert "you (mo) are a party to this complaint; a deputy must import it" in err.value.report.refused[0][1]
    assert import_cases(ws_sqlite, "dep", str(path)).written


def test_imported_cases_count_in_the_annual_report_at_the_stage_they_came_in(ws_sqlite, tmp_path):
    """The import event is where an imported case's trail starts: the report's stages reached
    and times in stage read it as they read a complaint's opening."""
    from casework.access.actors import acting_user
    from casework.reports.figures import gather

    path = write_sheet(tmp_path / "c", [
        CASES_HEADER, _row(ref="SC/1", since="2026-10-01"),
        _row(about="Bob Smith", by="Cllr Tom Price", clause="21.9.1", stage="line_manager",
             received="2026-10-01")], "csv")
    import_cases(ws_sqlite, "mo", str(path))
    advance(ws_sqlite, "SC/1", "resolve", "mo", on="2026-10-08", note="Resolved: apology given and accepted")
    with read(ws_sqlite.engine) as s:
        user = acting_user(s, "mo")
    fig = gather(ws_sqlite, user, 2026, with_cases=False)
    assert fig.reached["member", "local_resolution"] == 1 and fig.reached["member", "resolved"] == 1
    assert fig.reached["officer", "line_manager"] == 1
    # Local resolution from 1 to 8 October: 5 working days, within its 20.
    assert fig.stage_times["member", "local_resolution"][:2] == [1, 1]
