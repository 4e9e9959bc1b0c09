"""casework import people: a register from CSV or Excel, every refusal with its line, and
nothing written unless every row is good. On SQLite and PostgreSQL."""

from datetime import date, datetime

import pytest
from helpers import dump
from import_sheets import PEOPLE_HEADER, write_sheet
from sqlalchemy import select

from casework.audit import log as audit_log
from casework.errors import Refused, UserError
from casework.imports.people import import_people
from casework.imports.run import ImportRefused
from casework.people.protocol import person_record, register_records
from casework.transaction import read
from db.models import AuditEvent


def _events(ws, action):
    """As the trail's readers see them, personal values in their places, oldest first."""
    return [e["data"] for e in reversed(audit_log.events(ws, "mo", action=action)[0])]


def _raw(ws, action):
    import json

    with read(ws.engine) as s:
        return [json.loads(e.data) for e in s.execute(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).scalars()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_register_imports_with_managers_found_later_in_the_sheet(ws, tmp_path, fmt):
    signed = date(2025, 5, 12) if fmt == "xlsx" else "12/05/2025"
    path = write_sheet(tmp_path / "register", [
        PEOPLE_HEADER,
        ["Cllr Rhian Powell", "member", "Harbour ward", None, None, signed, None,
         "Member/Officer protocol", "2025-06-01"],
        ["Liam O'Connor", "officer", "Planning", "Priya Shah", "no", None, None, None, None],
        ["Priya Shah", "Officer", "Planning", "Olive Manager", "yes", "2024-10-14", 4, None, None],
    ], fmt)
    report = import_people(ws, "mo", str(path))
    assert report.written and [n for n, _ in report.created] == [2, 3, 4] and not report.refused
    liam = person_record(ws, "mo", "Liam O'Connor")
    assert (liam["manager"], liam["tier"], liam["protocol_signed"], liam["should_sign"]) == (
        "Priya Shah", None, None, False)
    priya = person_record(ws, "mo", "Priya Shah")
    assert (priya["manager"], priya["tier"], priya["politically_restricted"]) == ("Olive Manager", 4, True)
    rhian = person_record(ws, "mo", "Cllr Rhian Powell")
    assert rhian["protocol_signed"] == "2025-05-12"
    assert rhian["training"] == [{"course": "Member/Officer protocol", "completed": "2025-06-01"}]
    added = [e for e in _events(ws, "person-add") if e.get("source") == path.name]
    assert [e["line"] for e in added] == [2, 3, 4]
    assert all(len(e["row_sha256"]) == 64 and e["source_sha256"] == report.sha256 for e in added)
    assert _events(ws, "person-train")[-1]["line"] == 2
    summary = _events(ws, "import")[-1]
    assert (summary["what"], summary["rows"], summary["created"]) == ("people", 3, 3)
    # The sheet's name may name someone: the trail holds a keyed hash of it, in the people's
    # events under each one's key, in the import's own under the month's.
    assert summary["source"] == path.name and len(summary["log_month"]) == len("2026-12")
    for raw in (_raw(ws, "import")[-1], *_raw(ws, "person-add")[-3:], _raw(ws, "person-train")[-1]):
        assert raw["source"].startswith("hmac-sha256:") and path.name not in str(raw)
    assert audit_log.verify_all(ws, "mo").ok


def test_clerks_spellings_are_understood(ws_sqlite, tmp_path):
    ws = ws_sqlite
    path = write_sheet(tmp_path / "r", [
        ["  NAME ", "kind", "Ward or group", "Line-Manager", "POLITICALLY_RESTRICTED", "signed",
         "officer tier", "Course", "Trained", "Notes"],
        ["Cllr A", "Councillor", "Abbey", None, None, 45678, None, None, None, "ignore me"],
        ["Officer B", "employee", None, None, "Y", datetime(2024, 1, 2, 9, 30), "Tier 2", None, None, None],
        ["Officer C", "officer", None, "officer b", "FALSE", "2024-01-02", 3.0, "Standards", "3/4/2025", None],
    ], "xlsx")
    report = import_people(ws, "mo", str(path))
    assert report.ignored == ["Notes"]
    assert person_record(ws, "mo", "Cllr A")["protocol_signed"] == "2025-01-21"  # Excel serial 45678
    b = person_record(ws, "mo", "Officer B")
    assert (b["kind"], b["tier"], b["politically_restricted"], b["protocol_signed"]) == (
        "officer", 2, True, "2024-01-02")
    c = person_record(ws, "mo", "Officer C")
    assert (c["manager"], c["tier"], c["training"][0]["completed"]) == ("Officer B", 3, "2025-04-03")


def test_every_refused_row_is_named_with_its_line_and_nothing_is_written(ws, tmp_path):
    path = write_sheet(tmp_path / "bad", [
        PEOPLE_HEADER,
        ["Good Person", "officer", None, None, None, None, None, None, None],                 # 2
        ["Cllr Ann Jones", "member", None, None, None, None, None, None, None],               # 3
        ["good person", "officer", None, None, None, None, None, None, None],                 # 4
        ["X One", "officer", None, "Nobody Known", None, None, None, None, None],             # 5
        ["X Two", "member", None, "Olive Manager", None, None, None, None, None],             # 6
        ["X Three", "officer", None, None, "perhaps", "31/02/2025", None, None, None],        # 7
        ["X Four", "alien", None, None, None, None, None, None, None],                        # 8
        ["X Five", "member", None, None, None, None, "2", None, None],                        # 9
        ["X Six", "officer", None, None, None, None, "7", "Protocol", None],                  # 10
        ["X Seven", "officer", None, None, None, "2030-01-01", None, None, None],             # 11
        [None, "officer", None, None, None, None, None, None, None],                          # 12
        ["X Eight", "officer", None, "Cllr Tom Price", None, None, None, None, None],         # 13
        ["X Nine", "officer", None, "X Nine", None, None, None, None, None],                  # 14
    ], "csv")
    before = dump(ws)
    with pytest.raises(ImportRefused) as err:
        import_people(ws, "mo", str(path))
    assert dump(ws) == before
    refused = dict(err.value.report.refused)
    assert sorted(refused) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert "'Cllr Ann Jones' is already in the register" in refused[3]
    assert "is also on line 2" in refused[4]
    assert "manager 'Nobody Known' is neither in the register nor in this sheet" in refused[5]
    assert "manager applies to officers" in refused[6]
    assert "'perhaps' is not yes or no" in refused[7] and "'31/02/2025' is not a date" in refused[7]
    assert "kind 'alien' is not member or officer" in refused[8]
    assert "a tier applies to officers" in refused[9]
    assert "'7' is not a tier" in refused[10]
    assert "protocol_signed 2030-01-01 is in the future" in refused[11]
    assert "name is empty" in refused[12]
    assert "is a Member; a line manager is an officer" in refused[13]
    assert "their own manager" in refused[14]
    assert "12 rows refused" in err.value.message and "nothing was imported" in err.value.message
    assert err.value.report.created == [(2, "officer Good Person · not signed")]


def test_a_dry_run_reports_and_writes_nothing(ws, tmp_path):
    path = write_sheet(tmp_path / "r", [PEOPLE_HEADER, ["New Officer", "officer"] + [None] * 7], "csv")
    before = dump(ws)
    report = import_people(ws, "mo", str(path), dry_run=True)
    assert report.created == [(2, "officer New Officer · not signed")] and not report.written
    assert dump(ws) == before
    assert "would create:" in report.lines()


def test_a_missing_column_is_one_message_naming_it(ws_sqlite, tmp_path):
    path = write_sheet(tmp_path / "r", [["Name", "Service"], ["A", "B"]], "csv")
    with pytest.raises(UserError, match=r"r.csv has no 'kind' column: add a column headed kind "
                                        r"\(member or officer\) to row 1"):
        import_people(ws_sqlite, "mo", str(path))
    twice = write_sheet(tmp_path / "t", [["Name", "Kind", "name"], ["A", "member", "B"]], "csv")
    with pytest.raises(UserError, match="has the column name twice"):
        import_people(ws_sqlite, "mo", str(twice))


def test_only_the_monitoring_officer_or_a_deputy_imports(ws_sqlite, tmp_path):
    path = write_sheet(tmp_path / "r", [PEOPLE_HEADER, ["New Officer", "officer"] + [None] * 7], "csv")
    for login in ("hr", "clerk", "view"):
        with pytest.raises(Refused, match="cannot import people"):
            import_people(ws_sqlite, login, str(path))
    assert import_people(ws_sqlite, "dep", str(path)).written
    assert [r["name"] for r in register_records(ws_sqlite, "view", unsigned=True)] == [
        "Cllr Ann Jones", "Cllr Tom Price"]


@pytest.mark.parametrize("text", ["¹", "²", "٢", "Tier ³"])
def test_a_tier_in_digits_that_are_not_0_to_9_is_refused_in_words(text):
    # Found by the command-line fuzz: str.isdigit() takes these, int() does not.
    from casework.people.protocol import parse_tier

    with pytest.raises(UserError, match="--tier"):
        parse_tier(text)
    assert parse_tier("Tier 2") == 2
