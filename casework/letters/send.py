"""Sending an issued letter by email: the standard library's smtplib and email packages, over
TLS (STARTTLS, or TLS from the first byte) with the server's certificate and name verified.

The settings come from the environment, or the [smtp] table of the user's settings file
(casework.config, readable by its owner only), so the password is never in the database, the
audit trail or the process list:

    CASEWORK_SMTP_HOST       the council's mail server (required to send)
    CASEWORK_SMTP_PORT       587 for starttls (the default), 465 for tls, 25 for none
    CASEWORK_SMTP_SECURITY   starttls | tls | none (none only to a server on this machine)
    CASEWORK_SMTP_USER       the account to log in as, if the server asks for one
    CASEWORK_SMTP_PASSWORD   its password
    CASEWORK_SMTP_FROM       the address letters come from, as standards@council.gov.uk
"""

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from casework.errors import UserError

SECURITY = {"starttls": 587, "tls": 465, "none": 25}
LOCAL = ("localhost", "127.0.0.1", "::1")


@dataclass
class Settings:
    host: str
    port: int
    security: str
    user: str | None
    password: str | None
    sender: str


def settings() -> Settings:
    """From the environment, else the [smtp] table of the user's settings file (casework.config)."""
    from casework.config import setting
    from casework.people.addresses import clean_address

    def get(name: str) -> str:
        return (setting(f"smtp.{name}") or "").strip()

    host = get("host")
    sender = get("from")
    if not host or not sender:
        raise UserError("to send letters, set CASEWORK_SMTP_HOST (the council's mail server) and "
                        "CASEWORK_SMTP_FROM (the address letters come from)")
    security = (get("security") or "starttls").lower()
    if security not in SECURITY:
        raise UserError(f"CASEWORK_SMTP_SECURITY={security!r}: use starttls, tls or none")
    if security == "none" and host not in LOCAL:
        raise UserError(f"CASEWORK_SMTP_SECURITY=none sends letters in the clear; only to a server "
                        f"on this machine, not {host}: use starttls or tls")
    port = get("port") or str(SECURITY[security])
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise UserError(f"CASEWORK_SMTP_PORT={port!r} is not a port number")
    return Settings(host, int(port), security, get("user") or None, get("password") or None,
                    clean_address(sender))


def message(s: Settings, council: str, to_name: str, to_address: str, subject: str,
            text: str, pdf: bytes, filename: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((council, s.sender))
    msg["To"] = formataddr((to_name, to_address))
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=s.sender.partition("@")[2])
    msg.set_content(text)
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return msg


def deliver(s: Settings, msg: EmailMessage) -> None:
    """Raises smtplib.SMTPException or OSError when the server cannot take it."""
    context = ssl.create_default_context()
    if s.security == "tls":
        server = smtplib.SMTP_SSL(s.host, s.port, timeout=30, context=context)
    else:
        server = smtplib.SMTP(s.host, s.port, timeout=30)
    with server:
        if s.security == "starttls":
            server.starttls(context=context)
        if s.user:
            server.login(s.user, s.password or "")
        server.send_message(msg)


def reason(exc: Exception) -> str:
    """What went wrong, in a line, for the case and the person sending."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        said = next(iter(exc.recipients.values()), (0, b""))
        return f"the mail server refused the address ({said[0]} {_text(said[1])})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the mail server said {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPException):
        return f"the mail server failed: {exc}"
    return f"the mail server could not be reached: {getattr(exc, 'strerror', None) or exc}"


def _text(raw) -> str:
    return (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)).strip()
