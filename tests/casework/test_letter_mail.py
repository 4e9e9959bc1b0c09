"""Letters sent by email (issue 19, item 3) through a real SMTP server the test starts
(aiosmtpd): the message arrives with the letter attached, and the exact message is filed to the
case with its Message-ID; a server that refuses leaves the letter filed, marked not sent with the
reason, shown on the case; a recipient with no address is one line and nothing is filed."""

import email
import json
from email import policy

import pytest
from helpers import dump
from sqlmodel import Session, select

from casework.cases.opening import open_case
from casework.cases.views import show_case
from casework.errors import UserError
from casework.letters.issue import issue_letter
from casework.people.addresses import set_person_email
from db.models import AuditEvent, Blob, Document


def _case(ws):
    return open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted in a meeting",
                     "2026-11-02")


def test_a_letter_is_sent_and_the_message_filed(ws_sqlite, inbox):
    ref = _case(ws_sqlite)
    set_person_email(ws_sqlite, "mo", "Bob Smith", "bob.smith@example.gov.uk")
    done = issue_letter(ws_sqlite, ref, "acknowledgement", "mo", send=True)
    assert done.message_id and done.not_sent is None
    [(to, raw)] = inbox.messages
    assert to == ["bob.smith@example.gov.uk"]
    got = email.message_from_bytes(raw, policy=policy.default)
    assert got["Message-ID"] == done.message_id and "Bob Smith" in got["To"]
    assert got["Subject"] == f"Your complaint: reference {ref}"
    [pdf] = [part for part in got.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf" and pdf.get_content() == done.pdf
    with Session(ws_sqlite.engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "letter-sent")).one()
        data = json.loads(event.data)
        eml = s.get(Document, data["eml_document_id"])
        filed = email.message_from_bytes(s.get(Blob, eml.sha256).data, policy=policy.default)
    assert data["message_id"] == done.message_id and data["document_id"] == done.document_id
    assert eml.media_type == "message/rfc822" and filed["Message-ID"] == done.message_id
    assert "bob.smith@example.gov.uk" not in event.data  # the trail names the part, not the address
    assert show_case(ws_sqlite, ref, "mo")["unsent_letters"] == []


def test_a_refused_letter_stays_filed_marked_not_sent(ws, inbox):
    ref = _case(ws)
    set_person_email(ws, "mo", "Bob Smith", "gone@example.gov.uk")
    done = issue_letter(ws, ref, "acknowledgement", "mo", send=True)
    assert done.message_id is None and "550" in done.not_sent and inbox.messages == []
    case = show_case(ws, ref, "mo")
    assert [d["id"] for d in case["documents"]] == [done.document_id]  # the letter, no message
    [unsent] = case["unsent_letters"]
    assert unsent["kind"] == "acknowledgement" and "550" in unsent["reason"]
    # What the server said is kept beside the trail, which holds only its keyed hash: it can
    # name the recipient's address, and a disposal must be able to erase it.
    trail = json.dumps(dump(ws)["audit_event"], default=str)
    assert done.not_sent not in trail and "letter-not-sent" in trail
    # Put right and sent again: nothing waits any more.
    set_person_email(ws, "mo", "Bob Smith", "bob.smith@example.gov.uk")
    issue_letter(ws, ref, "acknowledgement", "mo", send=True)
    assert show_case(ws, ref, "mo")["unsent_letters"] == []


def test_a_server_that_cannot_be_reached_is_said(ws_sqlite, inbox, monkeypatch):
    ref = _case(ws_sqlite)
    set_person_email(ws_sqlite, "mo", "Bob Smith", "bob.smith@example.gov.uk")
    monkeypatch.setenv("CASEWORK_SMTP_PORT", "1")  # nothing listens there
    done = issue_letter(ws_sqlite, ref, "acknowledgement", "mo", send=True)
    assert "could not be reached" in done.not_sent
    assert show_case(ws_sqlite, ref, "mo")["unsent_letters"][0]["reason"] == done.not_sent


def test_without_an_address_or_settings_nothing_is_filed(ws_sqlite, inbox, monkeypatch):
    ref = _case(ws_sqlite)
    before = dump(ws_sqlite)
    with pytest.raises(UserError, match="Bob Smith has no email address in casework"):
        issue_letter(ws_sqlite, ref, "acknowledgement", "mo", send=True)
    set_person_email(ws_sqlite, "mo", "Bob Smith", "bob.smith@example.gov.uk")
    before = dump(ws_sqlite)
    monkeypatch.setenv("CASEWORK_SMTP_HOST", "mail.example.gov.uk")
    with pytest.raises(UserError, match="sends letters in the clear"):
        issue_letter(ws_sqlite, ref, "acknowledgement", "mo", send=True)
    monkeypatch.delenv("CASEWORK_SMTP_HOST")
    with pytest.raises(UserError, match="set CASEWORK_SMTP_HOST"):
        issue_letter(ws_sqlite, ref, "acknowledgement", "mo", send=True)
    assert dump(ws_sqlite) == before
    for bad in ("bob", "bob@", "bob smith@example.gov.uk", "bob@localhost", "bob@exa\u202emple.gov.uk"):
        with pytest.raises(UserError, match="not an email address"):
            set_person_email(ws_sqlite, "mo", "Bob Smith", bad)
    assert dump(ws_sqlite) == before


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_letter_goes_only_encrypted_to_a_server_whose_certificate_holds(ws_sqlite, monkeypatch, tmp_path, security):
    from smtp_inbox import Logins, secure_inbox

    logins = Logins("standards", "mail-secret-123")
    box, controller, port, cert = secure_inbox(tmp_path, security == "tls", logins)
    controller.start()
    try:
        for name, value in {"HOST": "127.0.0.1", "PORT": str(port), "SECURITY": security,
                            "USER": "standards", "PASSWORD": "mail-secret-123",
                            "FROM": "standards@example.gov.uk"}.items():
            monkeypatch.setenv(f"CASEWORK_SMTP_{name}", value)
        ref = _case(ws_sqlite)
        set_person_email(ws_sqlite, "mo", "Bob Smith", "bob.smith@example.gov.uk")
        # A certificate this machine does not trust: nothing is sent, and the case says why.
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-authority.pem"))
        first = issue_letter(ws_sqlite, ref, "acknowledgement", "mo", send=True)
        assert first.not_sent and "certificate verify failed" in first.not_sent, first.not_sent
        assert box.messages == [] and logins.tried == []
        # Trusted: signed in over TLS, then sent.
        monkeypatch.setenv("SSL_CERT_FILE", cert)
        done = issue_letter(ws_sqlite, ref, "acknowledgement", "mo", send=True)
        assert done.not_sent is None and done.message_id
        assert logins.tried == [("standards", True)]
        [(to, raw)] = box.messages
        assert to == ["bob.smith@example.gov.uk"] and done.message_id.encode() in raw
    finally:
        controller.stop()
