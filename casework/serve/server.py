"""The full-screen application in a browser (textual-serve).

Each browser tab gets its own `casework` process, started with the database and profile
`casework serve` was given, acting as the person signed in (casework.serve.signin). With
--no-login, every tab acts as the one user serve was started for, on this machine only.
"""

import asyncio
import errno
import ipaddress
import re
import shlex
import signal
import socket
import sys
from dataclasses import dataclass, field
from typing import Callable

from sqlmodel import Session

from casework.access.actors import acting_user
from casework.errors import UserError, quote
from casework.workflow.roles import ROLE_TITLES

# Characters of a host name, an IPv4 or IPv6 address (with a zone): anything else is refused
# before a resolver sees it.
_HOST = re.compile(r"[A-Za-z0-9.:%\[\]-]{1,253}")


def database_mode(ws) -> str:
    """How the server stands to the database: "file" (SQLite, whose account acts), "admin" (the
    schema owner or a superuser, whose tabs act for the person and say so in the trail),
    "authenticator" (the web role, whose tabs become the person's own role), or "personal" (a
    handler's own login, which may serve nobody else)."""
    if ws.engine.dialect.name != "postgresql":
        return "file"
    from sqlalchemy import text

    from casework.access.identity import account, administrator

    with ws.engine.connect() as conn:
        if administrator(conn):
            return "admin"
        if conn.execute(text("SELECT 1 FROM user_account WHERE login = :me"), {"me": account(conn)}).first():
            return "personal"
    return "authenticator"


def check_user(ws, login: str) -> tuple[str, str]:
    """The acting user's login and role title; refused as on any command if not a user."""
    with Session(ws.engine) as s:
        user = acting_user(s, login)
        return user.login, ROLE_TITLES[user.role]


def app_command(db: str | None, login: str, profile: str | None, set_role: bool = False) -> str:
    """The shell command textual-serve runs per browser tab. --db only when it was typed: a
    URL kept in CASEWORK_DB (perhaps for its password) stays out of the process list. With
    `set_role`, the tab's connections become the person's own database role (db.engine)."""
    argv = [sys.executable, "-m", "casework", "--as", login]
    if set_role:
        from db.engine import SET_ROLE

        argv = ["env", f"{SET_ROLE}={login}", *argv]
    if db:
        argv += ["--db", db]
    if profile:
        argv += ["--profile", profile]
    # exec: the shell textual-serve starts becomes the app, so stopping it stops the app.
    return "exec " + shlex.join(argv)


@dataclass
class Listen:
    """Sockets already bound, so every reason the server cannot start is known before it does."""

    host: str
    port: int
    remote: bool
    sockets: list[socket.socket] = field(default_factory=list)
    tls: bool = False

    @property
    def url(self) -> str:
        host = self.host
        if host in ("0.0.0.0", "::"):
            host = socket.gethostname()
        elif ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    def __enter__(self) -> "Listen":
        return self

    def __exit__(self, *_) -> None:
        for sock in self.sockets:
            sock.close()


def listen(host: str, port: int, allow_remote: bool, tls: bool = False, login: bool = False,
           hosts: tuple[str, ...] = ()) -> Listen:
    if not _HOST.fullmatch(host or ""):
        raise UserError(f"--host {quote(host)} is not a host name or address; leave it out to "
                        f"serve on 127.0.0.1")
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UserError(f"--host {quote(host)} cannot be listened on ({reason}); leave it out "
                        f"to serve on 127.0.0.1") from None
    remote = not all(_loopback(info[4][0]) for info in infos)
    if remote:
        _may_serve_remote(host, allow_remote, tls, login, hosts)
    where = Listen(host, port, remote, tls=tls)
    try:
        for family, type_, proto, _, address in dict.fromkeys(infos):
            sock = socket.socket(family, type_, proto)
            where.sockets.append(sock)
            # As asyncio's own create_server does, so a restart is not refused for a minute.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                if family == socket.AF_INET6 and exc.errno == errno.EADDRNOTAVAIL and len(infos) > 1:
                    sock.close()  # "localhost" on a machine without IPv6: IPv4 will do
                    where.sockets.remove(sock)
                    continue
                raise _bind_refusal(exc, host, port) from None
    except BaseException:
        where.__exit__()
        raise
    return where


def trusted_proxy(header: str | None, proxies: tuple[str, ...], no_login: bool):
    """(header, proxy addresses) for single sign-on through a proxy in front, or None."""
    if not header and not proxies:
        return None
    if not (header and proxies):
        raise UserError("give --trusted-header and --trusted-proxy together: the header the proxy "
                        "sets and the address it calls from")
    if no_login:
        raise UserError("--no-login and a trusted proxy are two different ways in; choose one")
    if not re.fullmatch(r"[A-Za-z0-9-]{1,100}", header):
        raise UserError(f"--trusted-header {quote(header)} is not a header name")
    addresses = set()
    for given in proxies:
        try:
            addresses.add(str(ipaddress.ip_address(given)))
        except ValueError:
            raise UserError(f"--trusted-proxy {quote(given)} is not an IP address; give the proxy's "
                            "address as the server sees it") from None
    return header, frozenset(addresses)


def _may_serve_remote(host: str, allow_remote: bool, tls: bool, login: bool,
                      hosts: tuple[str, ...]) -> None:
    if not login:
        raise UserError(f"--host {quote(host)} would let other machines act as you with no sign-in: "
                        "--no-login serves this machine only (127.0.0.1, the default)")
    if not allow_remote:
        raise UserError(f"--host {quote(host)} would serve case files to other machines; serve on "
                        "127.0.0.1 (the default), or add --allow-remote with --cert and --key")
    if not tls:
        raise UserError("--allow-remote needs --cert FILE and --key FILE (or a sign-in proxy in "
                        "front, --trusted-proxy): passwords and case files cross the network only "
                        "encrypted")
    if host.strip("[]") in ("0.0.0.0", "::") and not hosts:
        raise UserError(f"--host {host} answers to any name: say which names the page is reached "
                        "by with --allow-host NAME, so no other site's name can reach it")


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _bind_refusal(exc: OSError, host: str, port: int) -> UserError:
    if exc.errno == errno.EADDRINUSE:
        return UserError(f"port {port} on {host} is already in use (another casework serve?); "
                         f"choose another with --port")
    if exc.errno == errno.EACCES:
        return UserError(f"port {port} needs administrator rights here; choose one above 1023 "
                         f"with --port")
    if exc.errno == errno.EADDRNOTAVAIL:
        return UserError(f"--host {quote(host)} is not an address of this machine; leave it out "
                         f"to serve on 127.0.0.1")
    return UserError(f"cannot listen on {host} port {port}: {exc.strerror or exc}")


def run(command_for: Callable[[str | None], str], where: Listen, announce: Callable[[], None],
        gate=None, hosts: tuple[str, ...] = (), ssl=None) -> None:
    """Serves until ctrl+c (SIGINT) or SIGTERM; `announce` is called once the page can be had."""
    from casework.serve.web import CaseworkServer

    names = hosts or ((where.host,) if where.remote else ())
    server = CaseworkServer(command_for, where, gate, names)
    server.initialize_logging()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, server.request_exit)
    from aiohttp import web

    web.run_app(server._make_app(), sock=where.sockets, handle_signals=False, loop=loop, ssl_context=ssl,
                print=lambda *_: announce(), access_log=None, shutdown_timeout=5)
