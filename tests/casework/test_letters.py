"""Letters issued from casework (issue 19, the first part): every built-in letter, on each route
and regime, written from its template for each recipient, typeset, read back, and filed to the
case with its hash and an audit event; a withheld complainant is never named; a council's own
templates are used and checked; bad input is one line and files nothing."""

import hashlib
import io
import json

import pytest
from helpers import dump, populated_workspace
from pypdf import PdfReader
from sqlmodel import Session, select

from casework.cases.assessment import anonymity
from casework.cases.assignments import grant
from casework.cases.opening import open_case
from casework.errors import Refused, UserError
from casework.letters.issue import issue_letter
from casework.letters.kinds import KINDS
from casework.letters.templates import BUILT_IN, check_folder
from casework.profile.tools import check_profile
from db.models import AuditEvent, Blob, Document

DETAILS = "The panel meets on 14 January 2027 at 10am in Committee Room 2, County Hall."


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _cases(ws):
    member = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3",
                       "Shouted at Bob Smith in the planning meeting", "2026-11-02")
    officer = open_case(ws, "mo", "Bob Smith", "Cllr Tom Price", "21.9.1",
                        "Refused to pass on a Member's enquiry", "2026-11-03")
    grant(ws, member, "ip", "mo")
    return {"member": member, "officer": officer}


@pytest.mark.parametrize("regime", ["england", "wales"])
def test_every_letter_is_written_filed_and_read_back(tmp_path, regime):
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db", regime)
    refs = _cases(ws)
    issued = 0
    for kind, spec in KINDS.items():
        if regime not in spec.regimes:
            with pytest.raises(Refused, match=f"for councils in {spec.regimes[0].title()}"):
                issue_letter(ws, refs[spec.routes[0]], kind, "mo", details=DETAILS)
            continue
        for route in spec.routes:
            for party in spec.to:
                login = "hr" if route == "officer" else "mo"
                done = issue_letter(ws, refs[route], kind, login, party, details=DETAILS)
                issued += 1
                said = _text(done.pdf)
                # The merged facts: the council, the reference, the recipient, the date in UK form.
                assert ws.profile.council in said and refs[route] in said, (kind, said)
                assert f"To: {done.to}" in said and "20 November 2026" in said
                assert "Page 1 of" in said and "{{" not in said and "}}" not in said
                if "details" in spec.must:
                    assert DETAILS in said
                _filed(ws, refs[route], done, kind, party, spec.section)
    assert issued >= 16


def _filed(ws, ref, done, kind, party, section):
    with Session(ws.engine) as s:
        doc = s.get(Document, done.document_id)
        assert doc.section == section and doc.media_type == "application/pdf"
        assert doc.sha256 == hashlib.sha256(done.pdf).hexdigest()
        assert s.get(Blob, doc.sha256).data == done.pdf
        event = s.exec(select(AuditEvent).where(AuditEvent.seq == done.event)).one()
    data = json.loads(event.data)
    assert event.action == "letter" and event.case_ref == ref
    assert data["kind"] == kind and data["to"] == party and data["document_id"] == doc.id
    assert data["sha256"] == doc.sha256 and len(data["template_version"]) == 16
    assert done.to not in event.data  # the trail names the recipient's part, not their name


def test_the_deadlines_in_a_letter_are_working_days(ws_sqlite):
    ref = open_case(ws_sqlite, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-19")
    said = _text(issue_letter(ws_sqlite, ref, "acknowledgement", "mo").pdf)
    # Received Thursday 19 November; five working days to acknowledge: Thursday 26 November.
    assert "received on 19 November 2026" in said and "by 26 November 2026" in said
    said = _text(issue_letter(ws_sqlite, ref, "subject-notice", "mo").pdf)
    # Issued Friday 20 November; ten working days to comment: Friday 4 December.
    assert "by 4 December 2026 (10 working days" in said


def test_a_withheld_complainant_is_named_to_nobody_else(ws):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3",
                    "Bob Smith says the councillor shouted at him", "2026-11-02")
    grant(ws, ref, "ip", "mo")
    anonymity(ws, ref, "request", "mo", "Fears reprisal")
    anonymity(ws, ref, "grant", "mo", "Risk of reprisal")
    for kind, spec in KINDS.items():
        if "member" not in spec.routes or "england" not in spec.regimes:
            continue
        for party in spec.to:
            done = issue_letter(ws, ref, kind, "mo", party, details=DETAILS)
            said = _text(done.pdf)
            if party == "complainant":
                assert "Bob Smith" in said
                with Session(ws.engine) as s:
                    assert s.get(Document, done.document_id).confidential  # out of public bundles
            else:
                assert "Bob Smith" not in said and "Smith" not in said, (kind, party, said)
    before = dump(ws)
    with pytest.raises(Refused, match="would name the complainant"):
        issue_letter(ws, ref, "hearing-notice", "mo", "subject",
                     details="Bob Smith will give evidence first.")
    assert dump(ws) == before


def test_a_councils_own_template_is_used_and_recorded(tmp_path):
    prof = tmp_path / "council.toml"
    prof.write_bytes((BUILT_IN.parent.parent / "profile" / "builtin" / "england.toml").read_bytes())
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "acknowledgement.txt").write_text(
        "We have your complaint {{ ref }}\n\nDear {{ recipient }},\n\nWe received it on "
        "{{ received }} and will reply by {{ next_due }}.\n\nThe Standards Team\n")
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db", str(prof))
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-19")
    done = issue_letter(ws, ref, "acknowledgement", "mo")
    assert "The Standards Team" in _text(done.pdf) and "We have your complaint" in _text(done.pdf)
    with Session(ws.engine) as s:
        data = json.loads(s.exec(select(AuditEvent.data).where(AuditEvent.seq == done.event)).one())
    assert data["template"] == str(tmp_path / "letters" / "acknowledgement.txt")
    assert "letter templates of its own" in check_profile(str(prof))
    # The built-in one still writes the kinds the council did not write its own of.
    assert "Dear Bob Smith" in _text(issue_letter(ws, ref, "withdrawal", "mo", "complainant").pdf)


def test_the_built_in_templates_pass_their_own_check():
    for folder in (BUILT_IN / "england", BUILT_IN / "wales"):
        assert check_folder(folder) == []


@pytest.mark.parametrize("name, text, said", [
    ("acknowledgement.txt", "Line one {{ ref }} {{ received }} {{ next_due }}\n{% if %}\n",
     "acknowledgement.txt:2: "),
    ("acknowledgement.txt", "About {{ ref }}\n{{ received }} {{ next_due }}\nDear {{ name }}\n",
     "acknowledgement.txt:3: unknown field name"),
    ("subject-notice.txt", "About {{ ref }}\nDear {{ recipient }}\n",
     "subject-notice letter must use the field summary"),
    ("thank-you.txt", "Thanks\n", "thank-you.txt: not a kind of letter"),
    ("withdrawal.txt", "About {{ ref }}\n\nYou may go to the Ombudsman.\n",
     "withdrawal.txt:3: the letter names the Ombudsman; give its address with {{ ombudsman_address }}"),
    ("pause.txt", "About {{ ref }} {{ paused_reason }}\n{% if recipient_is == 'ombudsman' %}{% endif %}\n"
     "Write to the {{ ombudsman }}.\n", "pause.txt:3: the letter names the Ombudsman"),
])
def test_profile_check_names_what_is_wrong_in_a_template_with_its_line(tmp_path, name, text, said):
    prof = tmp_path / "council.toml"
    prof.write_bytes((BUILT_IN.parent.parent / "profile" / "builtin" / "england.toml").read_bytes())
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / name).write_text(text)
    with pytest.raises(UserError, match=said.replace(".", r"\.")):
        check_profile(str(prof))


def test_bad_input_is_one_line_and_files_nothing(tmp_path):
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db")
    refs = _cases(ws)
    bare = open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.3", "Rude", "2026-11-02")
    before = dump(ws)
    for args, said in [
        ((refs["member"], "thank-you", "mo"), "not a kind of letter"),
        ((refs["member"], "acknowledgement", "mo", "subject"), "goes to complainant, not the subject"),
        ((refs["member"], "acknowledgement", "mo", "boss"), "not a party"),
        ((refs["member"], "hearing-notice", "mo"), "write it with --text"),
        ((refs["officer"], "subject-notice", "hr"), "is for complaints about Members"),
        ((bare, "ip-consultation", "mo"), "has no Independent Person assigned"),
        ((refs["member"], "acknowledgement", "view"), "cannot issue letters"),
    ]:
        with pytest.raises(UserError, match=said):
            issue_letter(ws, *args)
    assert dump(ws) == before


def test_the_acknowledgement_meets_the_received_stages_deadline(ws):
    from casework.cases.advance import advance
    from casework.cases.views import show_case

    ws = ws
    on_time = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-16")
    late = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-02")
    assert show_case(ws, on_time, "mo")["next_due"] == "2026-11-23"
    issue_letter(ws, on_time, "acknowledgement", "mo", on="2026-11-18")
    issue_letter(ws, late, "acknowledgement", "mo")  # due 9 November; sent 20 November
    shown = show_case(ws, on_time, "mo")
    assert shown["next_due"] is None and not shown["overdue"]  # acknowledged: nothing due now
    [received] = [d for d in shown["deadlines"] if d["stage"] == "received"]
    assert received["met"] is True
    [received] = [d for d in show_case(ws, late, "mo")["deadlines"] if d["stage"] == "received"]
    assert received["met"] is False
    # Moving on starts the next stage's clock as before.
    advance(ws, on_time, "refer_to_monitoring_officer", "mo", on="2026-11-20")
    assert show_case(ws, on_time, "mo")["next_due"] is not None
