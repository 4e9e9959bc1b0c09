"""A file that is not a readable sheet is one line naming it and what to do; nothing is
written. Through the command line, as a clerk meets it."""

import json
import re
import zipfile
from pathlib import Path

import pytest
from cli_runner import run_cli
from helpers import dump
from import_sheets import PEOPLE_HEADER, write_sheet

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def _files(tmp: Path) -> dict:
    (tmp / "empty.csv").write_bytes(b"")
    (tmp / "blank.csv").write_bytes(b"  \n\n")
    (tmp / "header.csv").write_text("name,kind\n,\n")
    (tmp / "report.pdf").write_bytes(b"%PDF-1.4 a report")
    (tmp / "text.xlsx").write_text("name,kind\nA,member\n")
    (tmp / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (tmp / "old.csv").write_bytes((tmp / "old.xls").read_bytes())
    (tmp / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
                                      + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100)
    with zipfile.ZipFile(tmp / "notbook.xlsx", "w") as z:
        z.writestr("hello.txt", "not a workbook")
    (tmp / "binary.csv").write_bytes(b"name,kind\x00\x01\x02")
    (tmp / "zipped.csv").write_bytes((tmp / "notbook.xlsx").read_bytes())
    (tmp / "folder.csv").mkdir()
    return {
        "empty.csv": "is empty", "blank.csv": "is empty",
        "header.csv": "has a header but no rows under it",
        "report.pdf": "is not a .csv, .xlsx, .xls or .ods file",
        "text.xlsx": "is not an Excel workbook although it is named .xlsx",
        "old.xls": "cannot be read as a spreadsheet: open it and save it again",
        "old.csv": "is an old-style .xls workbook although it is named .csv: name it .xls",
        "locked.xlsx": "is password-protected: save an unprotected copy",
        "notbook.xlsx": "cannot be read as an Excel workbook",
        "binary.csv": "is not a text file",
        "zipped.csv": "is a workbook, not CSV: name it .xlsx",
        "folder.csv": "is a folder",
        "missing.csv": "no file",
    }


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path}/c.db"
    assert run_cli(url, "init").code == 0
    return url


def test_a_bad_file_is_one_line_and_changes_nothing(db, tmp_path):
    from helpers import make_workspace

    ws = make_workspace(db)
    before = dump(ws)
    for name, words in _files(tmp_path).items():
        for what in ("people", "cases"):
            r = run_cli(db, "import", what, str(tmp_path / name))
            assert r.code == 2 and r.out == "", (name, r)
            assert len(r.err.splitlines()) == 1 and words in r.err, (name, r.err)
    assert dump(ws) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_examples_import_cleanly_into_a_new_database(tmp_path, fmt):
    db = f"sqlite:///{tmp_path}/council.db"
    assert run_cli(db, "init").code == 0
    dry = run_cli(db, "import", "people", str(EXAMPLES / f"people.{fmt}"), "--dry-run")
    assert dry.code == 0 and "dry run: 16 people would be imported" in dry.out
    people = run_cli(db, "import", "people", str(EXAMPLES / f"people.{fmt}"))
    assert people.code == 0 and "imported 16 people" in people.out, people
    cases = run_cli(db, "import", "cases", str(EXAMPLES / f"cases.{fmt}"))
    assert cases.code == 0 and "imported 8 cases" in cases.out, cases
    listed = run_cli(db, "list", "--json")
    rows = json.loads(listed.out)
    assert len(rows) == 8 and {r["route"] for r in rows} == {"member", "officer"}
    assert len({r["state"] for r in rows}) == 8
    shown = json.loads(run_cli(db, "show", "SDC/2026/003", "--json").out)
    assert shown["subject"]["protocol_missing"] and shown["subject"]["protocol"].startswith(
        "has not signed the protocol")
    assert run_cli(db, "advance", "SDC/2026/009", "escalate").code == 0
    assert "intact" in run_cli(db, "audit", "verify").out
    unsigned = run_cli(db, "people", "list", "--unsigned").out
    assert "Cllr Gareth Lowe" in unsigned and "Colin Baxter" in unsigned and "Liam" not in unsigned


def test_the_workbooks_hold_the_same_register_and_cases_as_the_csv_files(tmp_path):
    """examples/make_xlsx.py writes the workbooks from the CSV files; a hand edit of one
    without the other shows here."""
    seen = []
    for fmt in ("csv", "xlsx"):
        db = f"sqlite:///{tmp_path}/{fmt}.db"
        run_cli(db, "init")
        run_cli(db, "import", "people", str(EXAMPLES / f"people.{fmt}"))
        run_cli(db, "import", "cases", str(EXAMPLES / f"cases.{fmt}"))
        seen.append((run_cli(db, "people", "list", "--json").out,
                     [run_cli(db, "show", r, "--json").out.replace(f"cases.{fmt}", "")
                      for r in ("SDC/2026/002", "MOP-2026-0003")]))
    assert seen[0][0] == seen[1][0] and "Helen Marsh" in seen[0][0]
    strip = [[{k: v for k, v in json.loads(x).items() if k != "history"} for x in shown] for _, shown in seen]
    assert strip[0] == strip[1]


def test_refused_rows_are_listed_on_stdout_with_one_line_on_stderr(db, tmp_path):
    path = write_sheet(tmp_path / "r", [PEOPLE_HEADER,
                                        ["A Person", "officer"] + [None] * 7,
                                        ["B Person", "wizard"] + [None] * 7], "csv")
    for extra in ([], ["--dry-run"]):
        r = run_cli(db, "import", "people", str(path), *extra)
        assert r.code == 2 and len(r.err.splitlines()) == 1, r
        assert "line 3: kind 'wizard' is not member or officer" in r.out
        assert "line 2: officer A Person" in r.out
    assert "A Person" not in run_cli(db, "people", "list").out
    assert run_cli(db, "import", "people", str(path), user="nobody").code == 2


def test_signing_and_training_from_the_command_line(db, tmp_path):
    assert run_cli(db, "people", "add", "--kind", "officer", "--name", "Bob Smith", "--tier", "2").code == 0
    r = run_cli(db, "people", "show", "Bob Smith")
    assert "protocol     not signed" in r.out and "tier         2" in r.out
    assert run_cli(db, "people", "add", "--kind", "officer", "--name", "Ann Other").code == 0
    listed = run_cli(db, "people", "list").out.splitlines()
    assert "need not sign      training none" in listed[0] and listed[0].startswith("Ann Other")
    assert "not signed         training none" in listed[1] and listed[1].startswith("Bob Smith")
    assert run_cli(db, "people", "sign", "bob smith", "--on", "2025-05-12").code == 0
    assert run_cli(db, "people", "train", "Bob Smith", "--course", "Member/Officer protocol",
                   "--on", "2025-06-01").code == 0
    again = run_cli(db, "people", "train", "Bob Smith", "--course", "Member/Officer protocol",
                    "--on", "2025-06-01")
    assert again.code == 2 and "already recorded" in again.err
    assert run_cli(db, "people", "list", "--unsigned").out == "no one matches\n"
    assert "Bob Smith                    officer tier 2 signed 2025-05-12  training 2025-06-01" \
        in run_cli(db, "people", "list").out
    shown = json.loads(run_cli(db, "people", "show", "Bob Smith", "--json").out)
    assert shown["protocol_signed"] == "2025-05-12" and shown["training"] == [
        {"course": "Member/Officer protocol", "completed": "2025-06-01"}]
    assert run_cli(db, "people", "tier", "Bob Smith", "none").code == 0
    future = run_cli(db, "people", "sign", "Bob Smith", "--on", "2999-01-01")
    assert future.code == 2 and "in the future" in future.err
    from helpers import make_workspace

    from casework.audit import log as audit_log

    ws = make_workspace(db)
    for action in ("person-sign", "person-train", "person-tier"):
        (event,), _ = audit_log.events(ws, "mo", action=action)
        assert event["data"]["name"] == "Bob Smith"
    assert audit_log.verify_all(ws, "mo").ok


def _as_ods(rows: list[list[str]], out: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="People")
    for row in rows:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(out))
    return out


def _as_xls(rows: list[list[str]], out: Path) -> Path:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("People")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(out))
    return out


@pytest.mark.parametrize("write", [_as_ods, _as_xls], ids=["ods", "xls"])
def test_libreoffice_and_old_excel_sheets_import_as_csv_does(tmp_path, write):
    import csv

    rows = list(csv.reader((EXAMPLES / "people.csv").read_text(encoding="utf-8-sig").splitlines()))
    sheet = write(rows, tmp_path / f"people.{write.__name__[4:]}")
    db = f"sqlite:///{tmp_path}/council.db"
    assert run_cli(db, "init").code == 0
    from_csv = run_cli(db, "import", "people", str(EXAMPLES / "people.csv"), "--dry-run").out
    got = run_cli(db, "import", "people", str(sheet), "--dry-run")
    assert got.code == 0 and "dry run: 16 people would be imported" in got.out, got
    # The same people, the same refusals and warnings: only the file's name and hash differ.
    same = lambda out, name: re.sub(r"sha256 [0-9a-f]+", "sha256 H", out.replace(name, "X"))  # noqa: E731
    assert same(got.out, sheet.name) == same(from_csv, "people.csv")
