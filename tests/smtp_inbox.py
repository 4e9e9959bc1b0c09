"""A real SMTP server for the tests (aiosmtpd), on this machine: it keeps what arrives, and
refuses one address as a real server would."""

import socket

import pytest
from aiosmtpd.controller import Controller

REFUSED = "gone@example.gov.uk"


class Inbox:
    """Keeps what arrives; refuses recipients at `refuse` as a real server would."""

    def __init__(self, refuse: str | None = None):
        self.messages, self.refuse = [], refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox(monkeypatch):
    """The server, started; casework's CASEWORK_SMTP_* settings point at it."""
    box = Inbox(refuse=REFUSED)
    with socket.socket() as probe:  # a port nobody holds (Controller checks its own by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("CASEWORK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CASEWORK_SMTP_PORT", str(port))
    monkeypatch.setenv("CASEWORK_SMTP_SECURITY", "none")
    monkeypatch.setenv("CASEWORK_SMTP_FROM", "standards@example.gov.uk")
    yield box
    controller.stop()
