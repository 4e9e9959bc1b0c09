"""textual-serve's web server, with what serving case files from this machine needs on top.

Any web page the user visits can try ws://127.0.0.1:PORT/ws (browsers do not hold WebSockets
to the same-origin rule) or reach the port under its own name by DNS rebinding; either would
drive the application as the acting user. So the page is served only under the names it was
asked for, and its WebSocket only to itself.
"""

import asyncio
import ipaddress
import logging
import re
import sys

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")

_HOST_HEADER = re.compile(r"(\[[0-9A-Fa-f:.%]+\]|[A-Za-z0-9.-]+)(:\d+)?")


class CaseworkServer(Server):
    def __init__(self, command: str, where) -> None:
        super().__init__(command, host=where.host, port=where.port, title="casework",
                         public_url=where.url)
        self.where = where
        self._sessions: set[asyncio.Task] = set()

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

    async def on_shutdown(self, app: web.Application) -> None:
        # An open tab would otherwise hold its connection until the shutdown timeout.
        for task in list(self._sessions):
            task.cancel()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's own, but the tab's app is stopped and waited for before its
        connection closes, so that ctrl+c leaves no app running or unreaped behind it."""
        # A tab that has gone away does not answer a close: do not wait the default 10 s.
        websocket = web.WebSocketResponse(heartbeat=15, timeout=2)
        session = None
        self._sessions.add(asyncio.current_task())
        try:
            await websocket.prepare(request)
            session = _Session(self.command, write_bytes=websocket.send_bytes,
                               write_str=websocket.send_str, close=websocket.close,
                               download_manager=self.download_manager, debug=self.debug)
            await session.start(to_int(request.query.get("width", "80"), 80),
                                to_int(request.query.get("height", "24"), 24))
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            pass
        except Exception as error:
            log.exception(error)
        finally:
            self._sessions.discard(asyncio.current_task())
            if session is not None:
                await session.stop()
            if websocket.prepared:
                await websocket.close()
        return websocket

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    async def handle_index(self, request: web.Request):
        # The page's WebSocket URL follows the name the browser used (localhost or 127.0.0.1),
        # so it stays same-origin; the guard has already checked that name.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        refusal = self.refusal(request.host, request.headers.get("Origin"))
        if refusal:
            return web.Response(status=403, text=f"casework serve: {refusal}\n")
        return await handler(request)

    def refusal(self, host: str, origin: str | None) -> str | None:
        """Why a request is not served, or None."""
        match = _HOST_HEADER.fullmatch(host or "")
        if not match:
            return "no usable Host header"
        if not self.where.remote and not _local_name(match.group(1)):
            return f"served only as {self.where.url}"
        # Browsers always send Origin on a WebSocket and on cross-site requests.
        if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
            return "requests from other web pages are refused"
        return None


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
