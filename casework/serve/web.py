"""textual-serve's web server, with what serving case files from this machine needs on top.

Any web page the user visits can try ws://127.0.0.1:PORT/ws (browsers do not hold WebSockets
to the same-origin rule) or reach the port under its own name by DNS rebinding; either would
drive the application as the acting user. So the page is served only under the names it was
asked for, its WebSocket and forms only to itself, and nothing but the sign-in pages to anyone
without a session (casework.serve.signin).
"""

import asyncio
import ipaddress
import logging
import re
import sys
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")

_HOST_HEADER = re.compile(r"(\[[0-9A-Fa-f:.%]+\]|[A-Za-z0-9.-]+)(:\d+)?")
_HERE = Path(__file__).parent
# The application's page runs only its own scripts, styles and fonts, and talks only to this
# server: a council's network may reach no other site, and a person's work is seen by none.
APP_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
              "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


class CaseworkServer(Server):
    def __init__(self, command_for, where, gate=None, hosts: tuple[str, ...] = ()) -> None:
        """`command_for(login)` is the command a tab runs for the person signed in (`gate`, a
        casework.serve.signin.Gate), or for the one user served when there is no gate."""
        # With sign-ins the command is made per tab, for its person; there is none beforehand.
        super().__init__(command_for(None) if gate is None else "", host=where.host, port=where.port,
                         title="casework", public_url=where.url)
        self.where, self.command_for, self.gate = where, command_for, gate
        self.hosts = {h.lower() for h in hosts}
        self._sessions: set[asyncio.Task] = set()
        self._sweeper: asyncio.Task | None = None

    def initialize_logging(self) -> None:
        # One line per problem, as on the rest of the command line; the app's own refusal (its
        # stderr) is copied to this console by textual-serve.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_OneLine())
        for name in ("textual-serve", "aiohttp"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(logging.WARNING)
            logger.propagate = False

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: `casework serve` says where it serves once the sockets listen."""
        if self.gate is not None:
            self._sweeper = asyncio.ensure_future(self.gate.sweep())

    async def on_shutdown(self, app: web.Application) -> None:
        # An open tab would otherwise hold its connection until the shutdown timeout.
        for task in [*self._sessions, *([self._sweeper] if self._sweeper else [])]:
            task.cancel()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's own, but the tab's app is stopped and waited for before its
        connection closes, so that ctrl+c leaves no app running or unreaped behind it."""
        # A tab that has gone away does not answer a close: do not wait the default 10 s.
        signed = request.get("signed")
        if signed is not None:
            refusal = self.gate.may_open_tab(signed)
            if refusal:
                return web.Response(status=429, text=f"casework serve: {refusal}\n")
            from casework.serve.signin import Watched

            websocket = Watched(signed, heartbeat=15, timeout=2)
            signed.sockets.add(websocket)
        else:
            websocket = web.WebSocketResponse(heartbeat=15, timeout=2)
        command = self.command_for(signed.login if signed is not None else None)
        session = None
        self._sessions.add(asyncio.current_task())
        try:
            await websocket.prepare(request)
            session = _Session(command, write_bytes=websocket.send_bytes,
                               write_str=websocket.send_str, close=websocket.close,
                               download_manager=self.download_manager, debug=self.debug)
            await session.start(to_int(request.query.get("width", "80"), 80),
                                to_int(request.query.get("height", "24"), 24))
            # textual-serve 1.1 offers no public way to run a tab's message loop; pinned to
            # 1.1 (pyproject.toml) for this and _make_app, and tested on it.
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            pass
        except Exception as error:
            log.exception(error)
        finally:
            self._sessions.discard(asyncio.current_task())
            if signed is not None:
                signed.sockets.discard(websocket)
            if session is not None:
                await session.stop()
            if websocket.prepared:
                await websocket.close()
        return websocket

    async def _make_app(self) -> web.Application:
        # textual-serve's routes, but its static files without a folder listing, casework's own
        # page and files beside them, and the sign-in pages in front (textual-serve 1.1's own
        # _make_app lists folders and serves a page that fetches a font from another site).
        app = web.Application(middlewares=[self._guard, self._signed_in])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static/casework", _HERE / "static", show_index=False, name="casework-static"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
            *(self.gate.routes() if self.gate is not None else []),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        app.on_response_prepare.append(_headers)
        return app

    async def handle_index(self, request: web.Request) -> web.Response:
        # The WebSocket URL follows the name the browser used (localhost or 127.0.0.1), so it
        # stays same-origin; the guard has already checked that name.
        scheme = "wss" if request.scheme == "https" else "ws"
        response = aiohttp_jinja2.render_template("app.html", request, {
            "websocket_url": f"{scheme}://{request.host}/ws",
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "sign_out": self.gate is not None and self.gate.trusted is None,
        })
        response.headers["Content-Security-Policy"] = APP_POLICY
        return response

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        refusal = self.refusal(request.host, request.headers.get("Origin"),
                               writes=request.method != "GET" or request.path == "/ws")
        if refusal:
            return web.Response(status=403, text=f"casework serve: {refusal}\n")
        return await handler(request)

    @web.middleware
    async def _signed_in(self, request: web.Request, handler):
        """Nothing but the sign-in pages without a session."""
        if self.gate is None:
            return await handler(request)
        from casework.serve.signin import OPEN_PATHS

        if self.gate.trusted is not None:
            signed = await self.gate.from_proxy(request)
            if isinstance(signed, str):
                return web.Response(status=403, text=f"casework serve: {signed}\n")
            request["signed"] = signed
            return await handler(request)
        if request.path in OPEN_PATHS:
            return await handler(request)
        signed = self.gate.current(request)
        if signed is None:
            if request.method == "GET" and request.path == "/":
                raise web.HTTPSeeOther("/signin")
            return web.Response(status=403, text="casework serve: sign in first\n")
        request["signed"] = signed
        return await handler(request)

    def refusal(self, host: str, origin: str | None, writes: bool = False) -> str | None:
        """Why a request is not served, or None."""
        match = _HOST_HEADER.fullmatch(host or "")
        if not match:
            return "no usable Host header"
        name = match.group(1).lower()
        if not self.where.remote and not _local_name(name):
            return f"served only as {self.where.url}"
        if self.where.remote and self.hosts and name not in self.hosts:
            return f"served only under the names it was given ({', '.join(sorted(self.hosts))})"
        # Browsers always send Origin on a WebSocket and on a form's POST: one without is not
        # a browser of this page's own.
        if origin is None:
            return "a request that changes something must come from this page" if writes else None
        if origin not in (f"http://{host}", f"https://{host}"):
            return "requests from other web pages are refused"
        return None


async def _headers(request: web.Request, response: web.StreamResponse) -> None:
    """No page of casework's is framed by another, sniffed, named to other sites, or kept."""
    response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Not "no-referrer": under it a browser sends "Origin: null" with the page's own forms.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    if request.path.startswith("/static/casework/fonts/") and request.path.endswith(".ttf"):
        # aiohttp guesses types from Python's built-in table, which on 3.11 has no font types.
        response.content_type = "font/ttf"
    if request.path.startswith("/download/") and response.content_type != "application/pdf":
        # A paper handed to the browser runs nothing of its own under this page's origin.
        response.headers["Content-Security-Policy"] = "sandbox; frame-ancestors 'none'"


class _Session(AppService):
    async def stop(self) -> None:
        await super().stop()  # asks the app to quit, and reads it to the end
        process = self._process
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), 5)
            except asyncio.TimeoutError:
                process.kill()
                await process.wait()


def _local_name(name: str) -> bool:
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.strip("[]").split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = " ".join(record.getMessage().split())
        if record.exc_info and record.exc_info[1] is not None and not text:
            text = type(record.exc_info[1]).__name__
        return f"casework serve: {text}"
