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


def certificate(folder) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 and its key, as a mail server would present."""
    import subprocess

    cert, key = folder / "mail-cert.pem", folder / "mail-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return str(cert), str(key)


class Logins:
    """The account casework signs in to the mail server with; anything else is refused."""

    def __init__(self, user: str, password: str):
        self.user, self.password, self.tried = user, password, []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.tried.append((auth_data.login.decode(), encrypted))
        return AuthResult(success=(auth_data.login.decode(), auth_data.password.decode())
                          == (self.user, self.password))


def secure_inbox(folder, implicit: bool, logins: Logins):
    """A server that speaks only over TLS: STARTTLS required before anything (port 587's way)
    or TLS from the first byte (465's), and a login only once encrypted."""
    import ssl

    cert, key = certificate(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    if implicit:
        # Encrypted from the first byte: aiosmtpd's "require TLS for AUTH" knows only STARTTLS,
        # and warns (each time it starts a session) of a risk this server does not run.
        import warnings

        warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS", UserWarning)
        controller = Controller(box, hostname="127.0.0.1", port=port, ssl_context=context,
                                authenticator=logins, auth_required=True, auth_require_tls=False)
    else:
        controller = Controller(box, hostname="127.0.0.1", port=port, tls_context=context,
                                require_starttls=True, authenticator=logins, auth_required=True)
    return box, controller, port, cert
