"""A throwaway PostgreSQL server for one test session or one benchmark run.

The server lives in a temporary directory, listens only on loopback on a
port nobody else holds, and is thrown away afterwards, so tests and the
benchmark never touch (or depend on) a cluster the machine may already run.
It lives in bench/ so that the benchmark (python -m bench --only pg) need
not import tests/; the tests' fixtures (tests/conftest.py) use it from here.
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PG_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "casework"
# Used only when the Debian package did not create `postgres`.
FALLBACK_OS_USER = "casework-pg"
INSTALL_HINT = "run scripts/test, which installs them"


def find_bin_dir() -> Path | None:
    """The bin directory of the newest installed major version, if any."""
    candidates = []
    for path in PG_ROOT.glob("*/bin"):
        if not (path / "initdb").exists():
            continue
        # Compare "9.6" and "15" as numbers, not strings.
        version = tuple(int(part) for part in re.findall(r"\d+", path.parent.name))
        candidates.append((version, path))
    if not candidates:
        return None
    return max(candidates)[1]


def _free_port() -> int:
    # The port is released before the server binds it, so another process
    # could grab it in between; start() retries once if that happens.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _is_root() -> bool:
    return os.geteuid() == 0


# A test run makes hundreds of small databases (about 11 MB each) and throws them all away: in
# memory they are made in a third of the time and gone at once. Only where memory has room.
RAM_DIR = Path("/dev/shm")
RAM_NEEDED = 8 * 2**30


def _ram_dir() -> str | None:
    try:
        room = shutil.disk_usage(RAM_DIR).free
    except OSError:
        return None
    return str(RAM_DIR) if room >= RAM_NEEDED and os.access(RAM_DIR, os.W_OK | os.X_OK) else None


class PgServer:
    def __init__(self, in_memory: bool = False) -> None:
        """`in_memory`: keep the server's files in /dev/shm when it has room (the tests' server;
        the benchmark's keeps them on disk, where a council's server keeps them)."""
        self.in_memory = in_memory
        self.bin_dir: Path | None = None
        self.port: int | None = None
        self._tmp: Path | None = None
        self._os_user: str | None = None
        self._db_numbers = itertools.count(1)

    @property
    def data_dir(self) -> Path:
        assert self._tmp is not None
        return self._tmp / "data"

    @property
    def socket_dir(self) -> Path:
        assert self._tmp is not None
        return self._tmp / "sock"

    @property
    def log_file(self) -> Path:
        assert self._tmp is not None
        return self._tmp / "server.log"

    def available(self) -> str | None:
        """None when the server can run here, else why it cannot."""
        if find_bin_dir() is None:
            return f"PostgreSQL server binaries not installed: {INSTALL_HINT}"
        if _is_root() and shutil.which("runuser") is None:
            return "running as root, and runuser (util-linux) is missing to drop privileges for PostgreSQL"
        try:
            import psycopg  # noqa: F401
        except ImportError:
            return "psycopg is not installed: run scripts/test, which installs the test extras"
        return None

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> None:
        reason = self.available()
        if reason is not None:
            raise RuntimeError(reason)
        self.bin_dir = find_bin_dir()
        # A short prefix keeps the unix socket path under the ~107 byte limit.
        # As root, /tmp rather than $TMPDIR: the unprivileged server user must
        # be able to traverse every parent directory.
        parent = "/tmp" if _is_root() and os.path.isdir("/tmp") else None
        if self.in_memory:
            parent = _ram_dir() or parent
        self._tmp = Path(tempfile.mkdtemp(prefix="cwpg-", dir=parent))
        try:
            if _is_root():
                self._os_user = self._ensure_os_user()
            self.data_dir.mkdir()
            self.socket_dir.mkdir()
            if self._os_user is not None:
                # PostgreSQL refuses to run as root, so everything it writes
                # must belong to the unprivileged user.
                self._chown_tree(self._tmp, self._os_user)
            self._run(
                "initdb",
                "-D", str(self.data_dir),
                "-A", "trust",
                "-U", SUPERUSER,
                "--no-sync",
                "-E", "UTF8",
                # UTF8 with the C locale works whatever locales the machine
                # has generated, and sorts the same everywhere.
                "--locale=C",
            )
            self._authenticate_people()
            last_error: RuntimeError | None = None
            for _attempt in range(2):
                self.port = _free_port()
                try:
                    self._pg_ctl_start()
                    return
                except RuntimeError as exc:
                    last_error = exc
            assert last_error is not None
            raise last_error
        except BaseException:
            self.stop()
            raise

    def _authenticate_people(self) -> None:
        """The tests' own superuser is trusted, as the administrator's local login would be;
        every other login proves who it is with a password (SCRAM), as handlers do on a
        council's server."""
        hba = self.data_dir / "pg_hba.conf"
        hba.write_text(
            f"local all {SUPERUSER} trust\n"
            f"host all {SUPERUSER} 127.0.0.1/32 trust\n"
            "local all all scram-sha-256\n"
            "host all all 127.0.0.1/32 scram-sha-256\n")
        if self._os_user is not None:
            shutil.chown(hba, self._os_user, self._os_user)

    def _pg_ctl_start(self) -> None:
        options = (
            f"-p {self.port} -F -c fsync=off "
            f"-c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.socket_dir}"
        )
        try:
            self._run(
                "pg_ctl", "start",
                "-D", str(self.data_dir),
                "-l", str(self.log_file),
                "-w", "-t", "60",
                "-o", options,
            )
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n--- server log ---\n{self._log_tail()}") from None

    def stop(self) -> None:
        """Stop the server and delete its files; safe to call more than once."""
        tmp, self._tmp = self._tmp, None
        if tmp is None:
            return
        try:
            if (tmp / "data" / "postmaster.pid").exists():
                # Immediate: the data is about to be deleted, so a clean
                # shutdown checkpoint would be wasted time.
                self._run("pg_ctl", "stop", "-D", str(tmp / "data"), "-m", "immediate", "-w", check=False)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            self.port = None

    def __enter__(self) -> PgServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- databases ---------------------------------------------------------

    def url(self, dbname: str) -> str:
        if self.port is None:
            raise RuntimeError("PgServer is not running")
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", **kwargs):
        import psycopg

        if self.port is None:
            raise RuntimeError("PgServer is not running")
        # Explicit parameters so PG* variables in the caller's environment
        # cannot point the connection at some other server.
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=dbname, **kwargs
        )

    def create_database(self, name: str) -> str:
        from psycopg import sql

        # CREATE DATABASE cannot run inside a transaction block.
        with self.connect("postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drops `name` with any connection still open to it; a database already gone is fine."""
        from psycopg import sql

        with self.connect("postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def new_database(self, hint: str = "") -> str:
        """Create a database under a name not used before; return its URL."""
        # The hint (a test's name) makes a database easy to trace back; the
        # counter keeps names unique across params and reruns of one test.
        slug = re.sub(r"[^a-z0-9]+", "_", hint.lower()).strip("_")
        name = f"t{next(self._db_numbers)}_{slug}".rstrip("_")
        # PostgreSQL's identifier limit, in bytes; slug is ASCII.
        return self.create_database(name[:63])

    # -- helpers -----------------------------------------------------------

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        assert self.bin_dir is not None
        cmd = [str(self.bin_dir / tool), *args]
        if self._os_user is not None:
            cmd = ["runuser", "-u", self._os_user, "--", *cmd]
        # cwd inside our own directory: the unprivileged user may be unable
        # to enter the caller's working directory (e.g. under /root).
        cwd = self._tmp if self._tmp is not None and self._tmp.exists() else "/"
        result = subprocess.run(
            cmd, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{tool} failed with exit code {result.returncode}:\n{result.stdout}{result.stderr}"
            )
        return result

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    @staticmethod
    def _ensure_os_user() -> str:
        for name in ("postgres", FALLBACK_OS_USER):
            try:
                pwd.getpwnam(name)
                return name
            except KeyError:
                pass
        subprocess.run(
            [
                "useradd", "--system", "--no-create-home",
                "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
                FALLBACK_OS_USER,
            ],
            check=True, capture_output=True,
        )
        return FALLBACK_OS_USER

    @staticmethod
    def _chown_tree(root: Path, user: str) -> None:
        entry = pwd.getpwnam(user)
        for dirpath, dirnames, filenames in os.walk(root):
            os.chown(dirpath, entry.pw_uid, entry.pw_gid)
            for name in filenames:
                os.chown(os.path.join(dirpath, name), entry.pw_uid, entry.pw_gid)
