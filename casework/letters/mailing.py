"""Emailing a letter already filed, and filing what happened: the exact message sent (.eml,
with its Message-ID) or why the server did not take it. The letter stays filed either way."""

import smtplib

from sqlmodel import Session

from casework.access.actors import acting_user
from casework.audit import chain as audit
from casework.cases.casefile import load_case
from casework.cases.papers import file_bytes
from casework.letters.send import Settings, deliver, message, reason
from casework.transaction import write
from casework.workspace import Workspace


def send_issued(ws: Workspace, ref: str, login: str, done, mail: Settings) -> None:
    """`done` is the Issued letter; its address, Message-ID or reason are set here."""
    p = done.prepared
    done.address = p.address
    subject = (f"{p.welsh[0].heading} / {p.written.heading}" if p.welsh else p.written.heading)
    msg = message(mail, ws.profile.council, p.fields["recipient"], p.address, subject,
                  _covering(p), done.pdf, done.filename)
    try:
        deliver(mail, msg)
    except (smtplib.SMTPException, OSError) as exc:
        done.not_sent = reason(exc)
        _record(ws, ref, login, "letter-not-sent",
                {"document_id": done.document_id, "kind": p.kind, "to": p.party,
                 "reason": done.not_sent})
        return
    done.message_id = msg["Message-ID"]
    eml = msg.as_bytes()

    def change(s: Session) -> None:
        user = acting_user(s, login)
        case = load_case(s, ref)
        doc = file_bytes(s, case, user, eml, done.filename.removesuffix(".pdf") + ".eml",
                         "message/rfc822", p.spec.section,
                         f"Email sending {p.spec.title.lower()}, to {p.fields['recipient']}",
                         done.prepared.fields["identity_withheld"] and p.party == "complainant",
                         p.day)
        audit.append(s, login, "letter-sent", case.ref, None, None, {
            "document_id": done.document_id, "eml_document_id": doc.id, "kind": p.kind,
            "to": p.party, "message_id": done.message_id, "sha256": doc.sha256,
        })

    write(ws.engine, change, retry_integrity=True)


def _covering(p) -> str:
    english = (f"{p.written.heading}\n\nDear {p.fields['dear']},\n\nPlease find attached a "
               f"letter from {p.fields['council']} about case {p.fields['ref']}.\n\n"
               f"{p.fields['handler']}\n{p.fields['handler_role']}\n")
    if not p.welsh:
        return english
    heading, cy = p.welsh[0].heading, p.welsh[1]
    return (f"{heading}\n\nAnnwyl {cy['dear']},\n\nAmgaeir llythyr gan {cy['council']} am "
            f"achos {cy['ref']}.\n\n{cy['handler']}\n{cy['handler_role']}\n\n{'-' * 40}\n\n{english}")


def _record(ws: Workspace, ref: str, login: str, action: str, data: dict) -> None:
    def change(s: Session) -> None:
        acting_user(s, login)
        audit.append(s, login, action, load_case(s, ref).ref, None, None, data)

    write(ws.engine, change)
