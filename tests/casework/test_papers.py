"""Notes, evidence and what each reader sees of them."""

import hashlib

import pytest
from helpers import assessed
from sqlmodel import Session, select

from casework.cases.assignments import grant
from casework.cases.listing import list_cases
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach
from casework.cases.timeline import render, timeline
from casework.cases.views import show_case
from casework.errors import NotFound, UserError
from db.models import Blob


@pytest.fixture
def ref(ws):
    return open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted at committee", "2026-11-02")


def test_a_correction_amends_and_never_edits(ws, ref):
    first = annotate(ws, ref, "Meeting on 3 Nov", "mo")
    second = annotate(ws, ref, "Meeting was on 4 Nov, not 3 Nov", "mo", amends=first)
    notes = show_case(ws, ref, "mo")["notes"]
    assert [(n["id"], n["amends"]) for n in notes] == [(first, None), (second, first)]
    assert notes[0]["text"] == "Meeting on 3 Nov"
    with pytest.raises(NotFound, match="has no note 999"):
        annotate(ws, ref, "x", "mo", amends=999)


def test_confidential_papers_hidden_from_those_not_entitled(ws, ref, tmp_path):
    annotate(ws, ref, "Witness fears reprisal", "mo", confidential=True)
    annotate(ws, ref, "Acknowledged", "mo")
    f = tmp_path / "statement.txt"
    f.write_text("statement")
    attach(ws, ref, str(f), "mo", section="witness-statements", confidential=True)
    assert len(show_case(ws, ref, "mo")["notes"]) == 2
    assert len(show_case(ws, ref, "inv")["documents"]) == 0  # not assigned to the case
    grant(ws, ref, "inv", "mo")
    assert len(show_case(ws, ref, "inv")["documents"]) == 1
    seen_by_viewer = show_case(ws, ref, "view")
    assert [n["text"] for n in seen_by_viewer["notes"]] == ["Acknowledged"]
    assert seen_by_viewer["documents"] == []
    # Search never finds a case by words that only a confidential note holds.
    assert list_cases(ws, "mo", text="reprisal") == []
    assert [c["ref"] for c in list_cases(ws, "mo", text="acknowledged")] == [ref]
    assert [c["ref"] for c in list_cases(ws, "mo", text="committee")] == [ref]


def test_evidence_is_stored_once_by_its_hash_and_survives_the_original(ws, ref, tmp_path):
    data = b"%PDF-1.4 email printout"
    f = tmp_path / "email.pdf"
    f.write_bytes(data)
    attach(ws, ref, str(f), "mo", on="2026-10-30")
    attach(ws, ref, str(f), "mo", section="complaint")
    f.unlink()
    docs = show_case(ws, ref, "mo")["documents"]
    digest = hashlib.sha256(data).hexdigest()
    assert {d["sha256"] for d in docs} == {digest} and docs[0]["dated"] == "2026-10-30"
    with Session(ws.engine) as s:
        blobs = s.exec(select(Blob)).all()
        assert [(b.sha256, b.data) for b in blobs] == [(digest, data)]


@pytest.mark.parametrize("make,match", [
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.with_suffix(".pdf").write_bytes(b"not a pdf") or None, "no such file"),
])
def test_bad_evidence_files_are_refused(ws, ref, tmp_path, make, match):
    target = tmp_path / "evidence"
    make(target)
    with pytest.raises(UserError, match=match):
        attach(ws, ref, str(target), "mo")


def test_a_file_named_pdf_that_is_not_one(ws, ref, tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(b"plain text pretending")
    with pytest.raises(UserError, match="named as PDF but its contents are not"):
        attach(ws, ref, str(f), "mo")


def test_timeline_counts_working_days_in_each_stage(ws, ref):
    from casework.cases.advance import advance

    advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-11-06")  # Mon 2 -> Fri 6
    assessed(ws, ref, on="2026-11-16")
    advance(ws, ref, "investigate", "mo", on="2026-11-16")
    tl = timeline(ws, ref, "mo")
    moves = [r for r in tl["rows"] if r["to"]]
    assert [m["days_in_stage"] for m in moves] == [None, 4, 6]
    assert moves[1]["met"] is True
    text = render(tl, "text")
    assert "4 working days in Received; due 2026-11-09 met" in text


@pytest.mark.parametrize("name,body,match", [
    ("letter.txt", "caf\xe9".encode("latin-1"), "is text but not UTF-8"),
    ("photo.png", b"%PDF-1.4 a pdf really", "named as PNG but its contents are not"),
    ("photo.jpg", b"GIF89a", "named as JPEG but its contents are not"),
    ("report.docx", b"plain words", "named as DOCUMENT but its contents are not"),
])
def test_files_that_are_not_what_their_name_says_are_refused(ws, ref, tmp_path, name, body, match):
    from helpers import dump

    f = tmp_path / name
    f.write_bytes(body)
    before = dump(ws)
    with pytest.raises(UserError, match=match):
        attach(ws, ref, str(f), "mo")
    assert dump(ws) == before


def test_a_path_the_system_refuses_is_one_line(ws, ref):
    with pytest.raises(UserError, match="cannot use x+: File name too long"):
        attach(ws, ref, "x" * 5000, "mo")


def test_a_damaged_stored_copy_is_reported_not_replaced(ws, ref, tmp_path):
    from helpers import dump
    from sqlalchemy import text

    f = tmp_path / "letter.txt"
    f.write_text("the letter")
    attach(ws, ref, str(f), "mo")
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE blob SET data = :d"), {"d": b"tampered"})
    before = dump(ws)
    with pytest.raises(UserError, match="stored copy of letter.txt .* no longer matches its SHA-256"):
        attach(ws, ref, str(f), "mo")
    assert dump(ws) == before


def test_a_home_folder_that_does_not_exist_is_one_line(ws, ref):
    with pytest.raises(UserError, match="no such user's home folder"):
        attach(ws, ref, "~no-such-user-here/letter.pdf", "mo")


def test_a_path_holding_a_nul_is_refused_in_one_line(ws_sqlite):
    """The application's forms can carry a NUL the shell never could (found by the form fuzz):
    attach, import and any export name it rather than fail inside the system call."""
    import pytest
    from helpers import dump

    from casework.cases.opening import open_case
    from casework.cases.papers import attach
    from casework.errors import UserError
    from casework.imports.sheet import read_sheet
    from casework.outfile import check_out

    ref = open_case(ws_sqlite, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-02")
    before = dump(ws_sqlite)
    for call in (lambda: attach(ws_sqlite, ref, "\x00", "mo"), lambda: read_sheet("people\x00.csv"),
                 lambda: check_out("bundle\x00.pdf", (".pdf",))):
        with pytest.raises(UserError, match="is not a file name: it holds a NUL character"):
            call()
    assert dump(ws_sqlite) == before
