"""The annual report's files and command: Markdown, CSV read back, PDF read back with pypdf,
the public version free of names and references, exports audited, refusals in one line."""

import csv
import hashlib
import io
import json

import pytest
from cli_runner import run_cli
from helpers import dump
from pypdf import PdfReader
from report_cases import NAMES, build
from sqlalchemy import select

from casework.transaction import read
from db.models import AuditEvent


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report-files")
    url = f"sqlite:///{tmp}/report.db"
    ws, refs = build(url, tmp)
    yield ws, refs, url, tmp
    ws.engine.dispose()


def cli(council, *args, user="mo"):
    return run_cli(council[2], "report", "annual", *args, user=user)


def exports(ws) -> list[dict]:
    with read(ws.engine) as s:
        rows = s.execute(select(AuditEvent.actor, AuditEvent.case_ref, AuditEvent.data)
                         .where(AuditEvent.action == "export").order_by(AuditEvent.seq)).all()
    return [{"actor": a, "case": c, **json.loads(d)} for a, c, d in rows]


def private_words(refs) -> list[str]:
    return [*NAMES, *refs.values(), "MOP-", "Mona", "Spoke sharply"]


def test_markdown_to_stdout_has_every_section_and_is_audited(council):
    ws, refs, *_ = council
    r = cli(council, "--year", "2025")
    assert r.code == 0, r.err
    for heading in ("## Complaints received in 2025", "## By clause of the protocol alleged",
                    "## Stages reached", "## Outcomes", "## Time to resolution",
                    "## Stages against their timescales", "## Sanctions and compliance", "## Trends",
                    "## Complaints by reference"):
        assert heading in r.out
    assert "| Received | 2 | 2 | 4 |" in r.out
    assert "| Line manager (Officer) | 10 | 1 | 0 | 15 |" in r.out
    assert "| Formal letter or censure (Member) | 1 | 0 | 1 | 0 |" in r.out
    assert "| Complaints received | 2 | 4 |" in r.out
    assert f"| {refs['B4']} | Officer | 21.9.4 | 2025-12-31 | Open: Received |" in r.out
    last = exports(ws)[-1]
    assert last["actor"] == "mo" and last["case"] is None
    assert last["what"] == "annual report 2025 (full, md)" and last["public"] is False
    assert last["sha256"] == hashlib.sha256(r.out.encode()).hexdigest()


def test_public_markdown_names_no_one_and_no_case(council):
    ws, refs, *_ = council
    r = cli(council, "--year", "2026", "--public", user="view")
    assert r.code == 0, r.err
    assert "Public version" in r.out and "| Received | <5 | <5 | 5 |" in r.out
    assert [w for w in private_words(refs) if w in r.out] == []
    assert exports(ws)[-1]["what"] == "annual report 2026 (public, md)"


def test_csv_is_one_tidy_table_that_reads_back(council):
    _, refs, _, tmp = council
    out = tmp / "report-2026.csv"
    r = cli(council, "--year", "2026", "--out", str(out))
    assert r.code == 0, r.err
    assert "written to" in r.out
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert list(rows[0]) == ["section", "measure", "year", "value"]
    got = {(x["section"], x["measure"], x["year"]): x["value"] for x in rows}
    assert got["received", "Received: About a Member", "2026"] == "4"
    assert got["received", "Received: All", "2026"] == "6"
    assert got["outcome", "Breach found: About an Officer", "2026"] == "1"
    assert got["clause", "21.9.1 Respect and courtesy: All", "2026"] == "2"
    assert got["stage", "Monitoring Officer's initial assessment: About a Member", "2026"] == "3"
    assert ("stage", "Monitoring Officer's initial assessment: About an Officer", "2026") not in got
    assert got["resolution", "All complaints: Median working days", "2026"] == "8"
    assert got["timeliness", "Received (Member): Within timescale", "2026"] == "2"
    assert got["sanctions", "First written warning (Officer): Outstanding", "2026"] == "1"
    assert [got["trends", "Complaints received", y] for y in ("2024", "2025", "2026")] == ["2", "4", "6"]
    assert got["trends", "Median working days to conclusion", "2024"] == "9.5"
    assert got["cases", f"{refs['C4']}: Outcome", "2026"] == "Withdrawn"
    assert {x["section"] for x in rows} == {"received", "clause", "stage", "outcome", "classification",
                                            "no_further_action", "resolution", "timeliness",
                                            "sanctions", "trends", "cases"}


def test_public_csv_has_no_cases_and_no_small_numbers(council):
    _, refs, _, tmp = council
    out = tmp / "public.csv"
    assert cli(council, "--year", "2026", "--public", "--format", "csv", "--out", str(out)).code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert "cases" not in {x["section"] for x in rows}
    values = {x["value"] for x in rows}
    assert values <= {"0", "5", "<5", "10", "20", "30", "65"}  # counts, and the profile's timescales
    assert [w for w in private_words(refs) if w in out.read_text()] == []


def test_pdf_reads_back_as_the_same_report(council):
    ws, refs, _, tmp = council
    out = tmp / "annual.pdf"
    r = cli(council, "--year", "2026", "--out", str(out), user="clerk")
    assert r.code == 0, r.err
    reader = PdfReader(out)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Example District Council" in text and "NOT FOR PUBLICATION" in text
    for words in ("Complaints received in 2026", "Stages against their timescales", "Trends",
                  "Breach found", "Informal management advice (Officer) 1 0 0 1",
                  "Complaints about a Member 2 1 10.5", f"Page 1 of {len(reader.pages)}"):
        assert words in text, words
    assert refs["C1"] in text and refs["C5"] not in text  # C5 is restricted; clerks do not see it
    last = exports(ws)[-1]
    assert last["actor"] == "clerk" and last["what"] == "annual report 2026 (full, pdf)"
    assert last["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_public_pdf_names_no_one(council):
    _, refs, _, tmp = council
    out = tmp / "public.pdf"
    assert cli(council, "--year", "2026", "--public", "--out", str(out), user="view").code == 0
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Public version" in text and "<5" in text
    assert [w for w in private_words(refs) if w in text] == []


@pytest.mark.parametrize("args,user,says", [
    (("--year", "2999"), "mo", "--year 2999 is outside"),
    (("--year", "1999"), "mo", "--year 1999 is outside"),
    (("--year", "last"), "mo", "is not a year"),
    (("--year", "2026", "--format", "docx"), "mo", "'docx' is not one of"),
    (("--year", "2026", "--format", "pdf"), "mo", "--format pdf needs --out FILE.pdf"),
    (("--year", "2026", "--out", "report.docx"), "mo", "should end in .md, .csv or .pdf"),
    (("--year", "2026", "--format", "csv", "--out", "report.pdf"), "mo", "should end in .csv"),
    (("--year", "2026", "--out", "/no/such/folder/r.md"), "mo", "does not exist"),
    (("--year", "2026",), "view", "cannot run the full annual report"),
    (("--year", "2026",), "nobody", "no user 'nobody'"),
    (("--public",), "mo", "Missing option '--year'"),
])
def test_refusals_are_one_line_exit_2_and_change_nothing(council, args, user, says):
    before = dump(council[0])
    r = cli(council, *args, user=user)
    assert r.code == 2 and r.out == ""
    assert says in r.err and r.err.count("\n") == 1, r.err
    assert dump(council[0]) == before
