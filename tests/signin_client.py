"""A browser's side of signing in to `casework serve`, over plain HTTP: forms posted with the
page's own Origin, the session cookie kept, redirects not followed (so each answer is seen)."""

import http.client
import re
import ssl
import urllib.parse

import pyotp


class Client:
    def __init__(self, port: int, host: str = "127.0.0.1", tls: str | None = None):
        """`tls`: the certificate the server presents, trusted as its own authority."""
        self.port, self.host, self.cookie, self.tls = port, host, None, tls

    def request(self, method: str, path: str, form: dict | None = None, origin: str | None = "own",
                headers: dict | None = None):
        if self.tls:
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30,
                                               context=ssl.create_default_context(cafile=self.tls))
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if origin == "own":
            sent["Origin"] = f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"
        elif origin:
            sent["Origin"] = origin
        if self.cookie:
            sent["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("casework_session="):
                token = value.split(";", 1)[0]
                self.cookie = None if token == 'casework_session=""' or token.endswith("=") else token
                self.set_cookie = value
        conn.close()
        return response, text

    def enrol(self, login: str, code: str, password: str) -> str:
        """Enrols with the one-time code; returns the TOTP secret the page showed."""
        response, page = self.request("POST", "/enrol", {"login": login, "code": code,
                                                         "password": password, "again": password})
        assert response.status == 200, page
        secret = re.search(r'<span class="secret">([A-Z2-7]+)</span>', page)[1]
        token = re.search(r'name="token" value="([^"]+)"', page)[1]
        assert "<svg" in page  # the QR code, drawn into the page
        response, page = self.request("POST", "/enrol/confirm", {"token": token, "totp": pyotp.TOTP(secret).now()})
        assert response.status == 303 and response.getheader("Location") == "/signin?enrolled=1", page
        return secret

    def sign_in(self, login: str, password: str, code: str):
        return self.request("POST", "/signin", {"login": login, "password": password, "code": code})
