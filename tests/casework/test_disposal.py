"""Disposal of a case's personal data, on SQLite and PostgreSQL: afterwards none of its names,
words or papers' bytes are anywhere in the database (on SQLite, a byte search of the file after
VACUUM), the audit trail verifies whole, other cases are as they were, a certificate says what
went and names nobody; a case held, not yet due, or not ended, and a disposer who may not, are
refused in one line with nothing changed."""

import io
import sqlite3

import pytest
from alembic import command
from alembic.config import Config
from helpers import dump, populated_workspace
from pypdf import PdfReader

from casework.audit.log import check_seal, events, verify_all, verify_one
from casework.cases.advance import advance
from casework.cases.involvement import involve
from casework.cases.papers import annotate, attach
from casework.cases.views import show_case
from casework.errors import NotFound, Refused
from casework.exports.files import viewer_copy
from casework.imports.cases import import_cases
from casework.people import register
from casework.people.directory import people
from casework.people.protocol import left_office
from casework.records.disposal import certificate_of, dispose
from casework.records.holds import lift_hold, place_hold
from casework.records.schedule import schedule
from casework.reports.annual import annual, render
from db import schema

SHEET = """reference,about,by,clause,summary,received,stage,stage_since,handler
OLD/1,Cllr Zed Quill,Xavier Plumtree,21.9.3,Quill shouted at Plumtree in the lobby,2017-11-01,Closed,2018-03-01,
OLD/2,Cllr Tom Price,Olive Manager,21.9.1,Rude to an officer,2018-01-10,Closed,2018-06-01,
OLD/3,Cllr Ann Jones,Olive Manager,21.9.2,Pressed for a decision,2024-01-06,Withdrawn,2024-02-29,
OLD/4,Bob Smith,Cllr Ann Jones,21.9.1,Still running,2026-10-01,Received,,
"""
# Every personal string of OLD/1, and its papers' bytes.
NOTE = "Rang Xavier Plumtree at home; he wept about the lobby."
PAPER = b"Witness statement of Wanda Witherspoon: I saw Cllr Quill shout. ZQ-EVIDENCE-7f3a"
SHARED = b"Minutes of the Standards Committee, shared by both cases."
SECRET = [b"Zed Quill", b"Xavier Plumtree", b"Plumtree", b"Witherspoon", b"wept about the lobby",
          b"shouted at Plumtree", b"ZQ-EVIDENCE-7f3a", b"quill-statement.txt", b"Employment tribunal claim"]


@pytest.fixture
def council(db_url, tmp_path):
    ws = populated_workspace(db_url)
    for kind, name in (("member", "Cllr Zed Quill"), ("officer", "Xavier Plumtree"),
                       ("officer", "Wanda Witherspoon")):
        register.add_person(ws, "mo", kind, name)
    sheet = tmp_path / "old.csv"
    sheet.write_text(SHEET)
    import_cases(ws, "mo", str(sheet))
    left_office(ws, "mo", "Cllr Zed Quill", "2019-05-02")  # six years on: due
    annotate(ws, "OLD/1", NOTE, "mo", on="2018-02-01")
    (tmp_path / "quill-statement.txt").write_bytes(PAPER)
    (tmp_path / "minutes.txt").write_bytes(SHARED)
    attach(ws, "OLD/1", str(tmp_path / "quill-statement.txt"), "mo", on="2018-01-05")
    for ref in ("OLD/1", "OLD/2"):
        attach(ws, ref, str(tmp_path / "minutes.txt"), "mo", on="2018-02-05")
    involve(ws, "OLD/1", "Wanda Witherspoon", "witness", "mo")
    place_hold(ws, "OLD/1", "mo", "Employment tribunal claim")
    lift_hold(ws, "OLD/1", "mo", "Claim settled")
    yield ws
    ws.engine.dispose()


def _other(ws) -> dict:
    case = show_case(ws, "OLD/2", "mo", record_reads=False)
    return {k: case[k] for k in ("summary", "notes", "documents", "history", "complainant", "subject")}


def test_disposal_erases_every_personal_trace_and_the_trail_verifies(council, db_url, tmp_path):
    other = _other(council)
    opened = next(e for e in show_case(council, "OLD/1", "mo")["history"] if e["action"] == "import")
    assert opened["data"]["subject"] == "Cllr Zed Quill"  # shown while it is kept
    counted = render(annual(council, "mo", 2017), "csv")
    statement = next(d for d in show_case(council, "OLD/1", "mo")["documents"]
                     if d["filename"] == "quill-statement.txt")
    copy = viewer_copy(council, "OLD/1", statement["id"], "mo")  # put out for the system's viewer
    assert copy.read_bytes() == PAPER
    done = dispose(council, "old/1", "dep")
    assert not copy.exists() and done.erased["viewer_copies"] == 1
    assert done.erased["notes"] == 1 and done.erased["documents"] == 2
    assert (done.erased["files"], done.erased["files_kept_shared"]) == (1, 1)
    assert done.erased["people_erased_from_register"] == 3  # the Member left office; the others are in it alone
    assert verify_all(council, "mo").ok, verify_all(council, "mo").message
    assert verify_one(council, "mo", "OLD/1").ok
    assert _other(council) == other
    assert render(annual(council, "mo", 2017), "csv") == counted  # the statistics still count it
    # The skeleton is kept for the statistics, and the trail says when the rest went.
    row = next(r for r in schedule(council, "mo") if r["ref"] == "OLD/1")
    assert (row["outcome"], row["closed"]) == ("breach", "2018-03-01")
    assert (row["disposed"], row["due"]) == (True, False) and row["status"].startswith("disposed of on ")
    assert "OLD/1" not in [r["ref"] for r in schedule(council, "mo", due_only=True)]
    case = show_case(council, "OLD/1", "mo")
    assert case["notes"] == [] and case["documents"] == []
    # Nothing is offered on it any more, reopening included, each with why.
    assert row["status"].endswith(case["disposed"]) and not any(case["can"].values())
    assert case["events"] and not any(e["allowed"] for e in case["events"])
    assert all("disposed of on" in e["reason"] for e in case["events"])
    # The case names its parties no more, not even one the register keeps.
    assert case["subject"]["name"] == "(disposed of: OLD/1, subject)"
    assert case["complainant"]["name"] == "(disposed of: OLD/1, complainant)"
    assert not any(p["name"].startswith("(disposed of") for p in people(council))
    opened = next(e for e in case["history"] if e["action"] == "import")
    assert opened["data"]["subject"].startswith("erased on ")
    listed, _ = events(council, "mo", case="OLD/1", action="dispose")
    assert listed[0]["data"]["outcome"] == "breach" and listed[0]["data"]["retention_ends"] == "2025-05-02"
    # The seal before it, which the certificate prints, still holds over the trail after it.
    assert check_seal(council, "mo", listed[0]["data"]["seal_before"]).ok

    everything = repr(dump(council)).encode()
    for secret in SECRET:
        assert secret not in everything, secret
    assert SHARED.decode() in everything.decode()  # the other case's paper is kept
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")
        council.engine.dispose()
        # Freed pages are zeroed and the log folded in as disposal commits, before any VACUUM.
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("casework.db*"))
        for secret in SECRET:
            assert secret not in raw, secret
        with sqlite3.connect(path) as conn:
            conn.execute("VACUUM")
        conn.close()
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("casework.db*"))
        for secret in SECRET:
            assert secret not in raw, secret
        assert SHARED in raw

    # Down past 0029 and up again: a disposed case stays as it is.
    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    with council.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0028")
    schema.upgrade(council.engine)
    assert verify_all(council, "mo").ok

    pdf, digest = certificate_of(council, "OLD/1", "mo")
    assert digest == done.sha256
    words = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Certificate of disposal" in words and "OLD/1" in words and "dep" in words
    assert "Trail sealed before" in words and "Trail sealed after" in words
    for secret in SECRET:
        assert secret.decode() not in words


def test_a_case_held_not_due_or_open_and_a_disposer_who_may_not_are_refused(council):
    before = dump(council)
    place_hold(council, "OLD/2", "mo", "Subject access request")
    held = dump(council)
    for ref, login, words in (
            ("OLD/2", "mo", "OLD/2 is under a legal hold"),
            ("OLD/3", "mo", "OLD/3 is not due for disposal until 2030-03-01"),
            ("OLD/4", "mo", "OLD/4 has not ended"),
            ("OLD/1", "hr", "only"),
            ("OLD/1", "clerk", "only")):
        with pytest.raises(Refused) as refused:
            dispose(council, ref, login)
        assert words in str(refused.value) and "\n" not in str(refused.value)
        assert dump(council) == held
    assert before != held
    with pytest.raises(NotFound):
        dispose(council, "OLD/99", "mo")
    assert dump(council) == held
    dispose(council, "OLD/1", "mo")
    with pytest.raises(Refused, match="disposed of already"):
        dispose(council, "OLD/1", "mo")
    # Nothing personal is recorded on it again: the change is refused whole.
    after = dump(council)
    with pytest.raises(Refused, match="OLD/1 was disposed of on "):
        annotate(council, "OLD/1", "Xavier Plumtree rang again", "mo")
    with pytest.raises(Refused, match="cannot be reopened"):
        advance(council, "OLD/1", "reopen", "mo")
    assert dump(council) == after


def _words(pdf: bytes) -> str:
    return " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_exported_copies_it_knows_of_are_deleted_and_the_rest_listed_without_their_paths(
        council, db_url, tmp_path, monkeypatch):
    import socket

    from casework.exports.files import case_json, document_file, dumps, save, timeline_file

    # A folder named for the subject: where a copy was written is itself personal.
    out = tmp_path / "Zed Quill papers"
    out.mkdir()
    statement = next(d["id"] for d in show_case(council, "OLD/1", "mo")["documents"]
                     if d["filename"] == "quill-statement.txt")
    unchanged = timeline_file(council, "OLD/1", "mo", "text", out / "timeline.txt")
    changed = save(council, "clerk", "OLD/1", "case (json)", out / "case.json",
                   dumps(case_json(council, "OLD/1", "mo")).encode(), (".json",))
    gone = document_file(council, "OLD/1", statement, "mo", out / "statement.txt")
    again = document_file(council, "OLD/1", statement, "mo", out / "again.txt")
    monkeypatch.setattr(socket, "gethostname", lambda: "clerk-pc")
    elsewhere = timeline_file(council, "OLD/1", "mo", "csv", out / "timeline.csv")
    monkeypatch.undo()
    changed.write_text("edited by hand since")
    gone.unlink()
    # The trail commits to each place by the case's key; the place itself is beside it.
    listed, _ = events(council, "mo", case="OLD/1", action="export")
    assert {e["data"]["path"] for e in listed} == {str(p) for p in (unchanged, changed, gone, again, elsewhere)}
    assert "Zed Quill papers" not in repr(dump(council)["audit_event"])

    done = dispose(council, "OLD/1", "dep")
    assert not unchanged.exists() and not again.exists()
    assert changed.read_text() == "edited by hand since" and elsewhere.exists()
    assert (done.erased["exported_copies_deleted"], done.erased["exported_copies_left"]) == (2, 3)
    said = "\n".join(done.lines())
    assert said.startswith("exported copies: 2 deleted, 3 left to find and destroy:")
    assert f"  {changed} on {socket.gethostname()} (case (json), by clerk, " in said
    assert f"{changed}" in said and f"{gone}" in said and f"{elsewhere} on clerk-pc" in said
    assert str(unchanged) not in said
    assert verify_all(council, "mo").ok, verify_all(council, "mo").message
    assert "Zed Quill papers" not in repr(dump(council))  # the places went with the case's key

    words = _words(done.certificate)
    assert "Disposed of by Dep (dep), Deputy Monitoring Officer" in words
    assert "Exported copies not deleted" in words and "clerk-pc" in words
    assert "changed since it was exported" in words and "moved or deleted since" in words
    assert "Zed Quill" not in words and str(tmp_path) not in words
    if db_url.startswith("postgresql"):
        assert "VACUUM (FULL) case_file, note, document, blob" in words
        assert "VACUUM" in said and "Backups of the database taken before" in said
    else:
        assert "secure_delete" in words and "VACUUM" not in said
