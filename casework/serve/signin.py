"""Signing in to the browser view, and the sessions that follow.

Nothing of the application is served without a session: the page, its scripts, its WebSocket and
its downloads all need the session cookie (HttpOnly, SameSite=Strict, Secure over TLS), which
only a sign-in with password and authenticator code gives. A session ends when its person signs
out, after a quarter of an hour without a keystroke, or when they are deactivated; its tabs'
applications end with it. Every sign-in, refusal and sign-out is an audit event.
"""

import asyncio
import logging
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import WSMsgType, web

from casework.access import signins
from casework.serve import logins, pages

log = logging.getLogger("textual-serve")  # the server's console, one line each (web.py)

COOKIE = "casework_session"
OPEN_PATHS = ("/signin", "/enrol", "/enrol/confirm")
IDLE = 15 * 60
PER_PERSON, IN_ALL = 4, 32  # live tabs: each is an application process on this machine
PENDING_FOR = 10 * 60


@dataclass
class SignedIn:
    login: str
    address: str
    seen: float = field(default_factory=time.monotonic)
    sockets: set = field(default_factory=set)


class Gate:
    def __init__(self, ws, store_path, council: str, secure: bool, idle: float = IDLE,
                 trusted: tuple[str, frozenset] | None = None, as_person: bool = False):
        """`trusted`: (header, proxy addresses) when a single sign-on proxy in front names the
        person, instead of casework's own password and code. `as_person`: the server connects
        as the web authenticator role, which writes nothing but as the person signing in."""
        self.ws, self.store_path, self.council, self.secure, self.idle = ws, store_path, council, secure, idle
        self.trusted, self.as_person = trusted, as_person
        self._people: dict[str, object] = {}
        self.sessions: dict[str, SignedIn] = {}
        self.pending: dict[str, tuple] = {}  # enrolment between choosing a password and scanning

    async def from_proxy(self, request: web.Request) -> SignedIn | str:
        """The person the trusted proxy names, taken only from the proxy's own address; a
        session per person, so their tabs are counted and end as others' do."""
        header, proxies = self.trusted
        if (request.remote or "") not in proxies:
            return "only through the council's sign-in proxy"
        login = request.headers.get(header, "").strip()
        if not login:
            return f"the sign-in proxy named nobody ({header} is missing)"
        token = "proxy:" + login
        signed = self.sessions.get(token)
        if signed is not None and time.monotonic() - signed.seen <= self.idle:
            signed.seen = time.monotonic()
            return signed
        if not await asyncio.to_thread(signins.active, self.ws, login):
            await asyncio.to_thread(self._record, login, "sign-in-refused", request.remote,
                                    "named by the sign-in proxy but not an active casework user")
            return "you are not an active casework user; ask the Monitoring Officer"
        self._drop(token)
        self.sessions[token] = signed = SignedIn(login, request.remote)
        await asyncio.to_thread(self._record, login, "sign-in", request.remote, f"by {header}")
        return signed

    def _record(self, login: str, action: str, address: str, reason: str | None = None) -> None:
        """An audit event of signing in. Through the web authenticator role it is written as
        the person's own role; a name that is no one's goes to the server's log instead."""
        ws = self.ws
        if self.as_person:
            ws = self._person(login)
            if ws is None:
                log.warning(f"{action} for a login that is no casework user, from {address}")
                return
        signins.record(ws, login, action, address, reason)

    def _person(self, login: str):
        """A workspace whose connections are `login`'s own role, for an active user only (the
        database stamps no event for anyone else)."""
        if login not in self._people:
            if not signins.active(self.ws, login):
                return None
            from casework.workspace import Workspace
            from db.engine import make_engine

            url = self.ws.engine.url.render_as_string(hide_password=False)
            self._people[login] = Workspace(make_engine(url, set_role=login), self.ws.profile)
        return self._people[login]

    # -- sessions ------------------------------------------------------------------------------

    def current(self, request: web.Request) -> SignedIn | None:
        token = request.cookies.get(COOKIE, "")
        signed = self.sessions.get(token)
        if signed is not None and time.monotonic() - signed.seen > self.idle:
            self._drop(token)
            return None
        return signed

    def may_open_tab(self, signed: SignedIn) -> str | None:
        tabs = sum(len(s.sockets) for s in self.sessions.values())
        mine = sum(len(s.sockets) for s in self.sessions.values() if s.login == signed.login)
        if mine >= PER_PERSON:
            return f"you have {mine} tabs open already; close one first"
        if tabs >= IN_ALL:
            return "the server has as many tabs open as it runs; try again later"
        return None

    def _drop(self, token: str) -> SignedIn | None:
        signed = self.sessions.pop(token, None)
        if signed is not None:
            for socket in list(signed.sockets):
                asyncio.ensure_future(socket.close())
        return signed

    async def sweep(self) -> None:
        """Ends idle sessions and those of people deactivated meanwhile, every half minute."""
        while True:
            await asyncio.sleep(30)
            now = time.monotonic()
            for token, signed in list(self.sessions.items()):
                if now - signed.seen > self.idle or not await asyncio.to_thread(
                        signins.active, self.ws, signed.login):
                    self._drop(token)

    # -- pages ---------------------------------------------------------------------------------

    def _html(self, text: str, status: int = 200) -> web.Response:
        response = web.Response(text=text, content_type="text/html", status=status)
        response.headers["Content-Security-Policy"] = pages.POLICY
        return response

    async def signin_page(self, request: web.Request) -> web.Response:
        done = "You have signed out." if request.query.get("out") else (
            "Your password and authenticator app are set: sign in." if request.query.get("enrolled") else "")
        return self._html(pages.sign_in(self.council, done=done))

    async def signin(self, request: web.Request) -> web.Response:
        form = await request.post()
        login, password, code = (str(form.get(k, ""))[:200] for k in ("login", "password", "code"))
        login = login.strip()
        outcome = await asyncio.to_thread(self._check, login, password, code)
        address = request.remote or ""
        if outcome.ok and not await asyncio.to_thread(signins.active, self.ws, login):
            outcome = logins.Outcome(False, "this login is not an active casework user; ask the "
                                            "Monitoring Officer", 1.0)
        await asyncio.to_thread(self._record, login,
                                "sign-in" if outcome.ok else "sign-in-refused", address,
                                None if outcome.ok else outcome.said)
        if not outcome.ok:
            await asyncio.sleep(outcome.delay)
            return self._html(pages.sign_in(self.council, said=outcome.said, login=login), 401)
        token = secrets.token_urlsafe(32)
        self.sessions[token] = SignedIn(login, address)
        response = web.HTTPSeeOther("/")
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", secure=self.secure, path="/")
        raise response

    def _check(self, login: str, password: str, code: str) -> logins.Outcome:
        store = logins.Store(self.store_path)
        try:
            return store.sign_in(login, password, code)
        finally:
            store.close()

    async def signout(self, request: web.Request) -> web.Response:
        token = request.cookies.get(COOKIE, "")
        signed = self._drop(token)
        if signed is not None:
            await asyncio.to_thread(self._record, signed.login, "sign-out", request.remote or "")
        response = web.HTTPSeeOther("/signin?out=1")
        response.del_cookie(COOKIE, path="/")
        raise response

    async def enrol_page(self, request: web.Request) -> web.Response:
        return self._html(pages.enrol(self.council))

    async def enrol(self, request: web.Request) -> web.Response:
        form = await request.post()
        login, code, password, again = (str(form.get(k, ""))[:200] for k in ("login", "code", "password", "again"))
        login = login.strip()
        said = ("the two passwords are not the same" if password != again
                else logins.password_refusal(login, password))
        if not said and not await asyncio.to_thread(self._enrolment_holds, login, code):
            await asyncio.sleep(1.0)
            said = "that login and one-time code do not match, or the code has expired"
        if said:
            return self._html(pages.enrol(self.council, said=said, login=login), 400)
        secret, token = logins.new_secret(), secrets.token_urlsafe(24)
        self.pending[token] = (login, code, password, secret, time.monotonic())
        uri = logins.provisioning_uri(login, secret, self.council)
        return self._html(pages.scan(self.council, uri, secret, token))

    def _enrolment_holds(self, login: str, code: str) -> bool:
        store = logins.Store(self.store_path)
        try:
            return store.enrolment_holds(login, code)
        finally:
            store.close()

    async def enrol_confirm(self, request: web.Request) -> web.Response:
        form = await request.post()
        token, totp = str(form.get("token", ""))[:100], str(form.get("totp", ""))[:20]
        held = self.pending.get(token)
        if held is None or time.monotonic() - held[4] > PENDING_FOR:
            self.pending.pop(token, None)
            return self._html(pages.enrol(self.council, said="that took too long; start again"), 400)
        login, code, password, secret, _ = held
        outcome = await asyncio.to_thread(self._enrol, login, code, password, secret, totp)
        if not outcome.ok:
            uri = logins.provisioning_uri(login, secret, self.council)
            return self._html(pages.scan(self.council, uri, secret, token, said=outcome.said), 400)
        del self.pending[token]
        raise web.HTTPSeeOther("/signin?enrolled=1")

    def _enrol(self, login, code, password, secret, totp) -> logins.Outcome:
        store = logins.Store(self.store_path)
        try:
            return store.enrol(login, code, password, secret, totp)
        finally:
            store.close()

    def routes(self) -> list:
        return [web.get("/signin", self.signin_page), web.post("/signin", self.signin),
                web.post("/signout", self.signout), web.get("/enrol", self.enrol_page),
                web.post("/enrol", self.enrol), web.post("/enrol/confirm", self.enrol_confirm)]


class Watched(web.WebSocketResponse):
    """A tab's WebSocket whose keystrokes keep its session from going idle; the browser's own
    pings and resizes do not."""

    def __init__(self, signed: SignedIn, **kwargs):
        super().__init__(**kwargs)
        self.signed = signed

    async def receive(self, timeout: float | None = None):
        message = await super().receive(timeout)
        if message.type == WSMsgType.TEXT and message.data.startswith('["stdin"'):
            self.signed.seen = time.monotonic()
        return message
