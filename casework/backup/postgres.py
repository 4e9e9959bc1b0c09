"""The PostgreSQL side of backup and restore: pg_dump's custom format, read with pg_restore.

pg_dump reads every table in one snapshot, so a dump taken while handlers work is one
moment of the database. The dump is checked without restoring it: pg_restore turns its
data back into COPY text, which is read here table by table.
"""

import binascii
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError

from casework.backup.bad import BadBackup
from casework.errors import UserError

DEBIAN_ROOT = Path("/usr/lib/postgresql")
BATCH = 5000
_COPY = re.compile(rb'^COPY (?:"?[^".]+"?\.)?"?([^" ]+)"? \((.*)\) FROM stdin;$')
_ESCAPE = re.compile(rb"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")
_SIMPLE = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    # Debian keeps each major version's tools apart; a newer one reads older servers' data.
    versions = []
    for path in DEBIAN_ROOT.glob(f"*/bin/{name}"):
        versions.append((tuple(int(n) for n in re.findall(r"\d+", path.parent.parent.name)), path))
    if versions:
        return str(max(versions)[1])
    raise UserError(
        f"{name} is not installed; install the PostgreSQL client tools (Debian: apt install "
        "postgresql-client) and try again"
    )


def connection(url: str) -> tuple[str, dict]:
    """A libpq connection string, and the environment that carries the password: a
    password on a command line would be visible to every user of the machine."""
    parsed = make_url(url)
    parts = {"host": parsed.host, "port": parsed.port, "user": parsed.username,
             "dbname": parsed.database, "connect_timeout": 10}
    parts.update({k: v for k, v in parsed.query.items() if isinstance(v, str)})
    text = " ".join(f"{k}={_quoted(v)}" for k, v in parts.items() if v not in (None, ""))
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return text, env


def _quoted(value) -> str:
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def dump(url: str, dest: Path) -> None:
    conninfo, env = connection(url)
    _run([tool("pg_dump"), "--format=custom", "--no-password", f"--file={dest}",
          f"--dbname={conninfo}"], env, "pg_dump could not back up the database")


def restore(path: Path, url: str) -> None:
    """One transaction: if anything fails, the target is as it was. The archive's functions,
    triggers and row policies are never run: casework's own (db.pg_guard, db.pg_rows) and the
    groups' grants are put back from this casework once the rows are in."""
    conninfo, env = connection(url)
    with tempfile.NamedTemporaryFile("w", suffix=".list") as chosen:
        listing = subprocess.run([tool("pg_restore"), "--list", str(path)], stdin=subprocess.DEVNULL,
                                 capture_output=True, text=True).stdout
        chosen.write("".join(line + "\n" for line in listing.splitlines()
                             if not re.match(r"^\d+; \d+ \d+ (FUNCTION|TRIGGER|POLICY|ROW SECURITY) ",
                                             line)))
        chosen.flush()
        # Owners and grants belong to the server the dump came from; the restoring login owns
        # what it restores.
        _run([tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-acl",
              "--single-transaction", "--exit-on-error", "--no-password",
              f"--use-list={chosen.name}", f"--dbname={conninfo}", str(path)],
             env, "pg_restore could not restore the backup; the database is unchanged")
    _guard_again(url)


def _guard_again(url: str) -> None:
    from db import pg_guard, pg_rows, privileges
    from db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            if conn.exec_driver_sql("SELECT to_regclass('audit_event') IS NOT NULL").scalar():
                pg_guard.install(conn)
                if conn.exec_driver_sql("SELECT version_num >= '0024' FROM alembic_version").scalar():
                    pg_rows.install(conn)
                privileges.regrant(conn)
    finally:
        engine.dispose()


def _run(cmd: list[str], env: dict, failure: str) -> None:
    result = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if result.returncode != 0:
        raise UserError(f"{failure}: {_reason(result.stderr)}")


def _reason(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if "error" in ln.lower() or "fatal" in ln.lower()] or lines
    if not errors:
        return "no reason given"
    return re.sub(r"^(pg_dump|pg_restore): (error|fatal): ", "", errors[0].strip())


def read(path: Path, shown: str, image: Engine, tables: dict) -> dict:
    """Streams every table's data out of the dump. Rows of the `tables` given (name ->
    SQLAlchemy table in `image`) are copied into the image; alembic_version's rows are
    returned; every paper's bytes are hashed, and those that no longer match their SHA-256
    returned as "damaged"; every table's rows are counted ("counts"). Reading every byte is
    what finds a truncated or damaged dump."""
    counts: dict[str, int] = {}
    small: dict[str, list] = {"damaged": []}
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [tool("pg_restore"), "--data-only", "--file=-", str(path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors,
        )
        garbled = None
        try:
            _consume(proc.stdout, image, tables, counts, small)
        except (ValueError, KeyError, IndexError, DBAPIError) as exc:
            # Text that came out of the archive but is not what casework wrote: damage that
            # the archive's own checks let through.
            garbled = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        finally:
            proc.stdout.close()
            code = proc.wait()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if garbled is not None:
        raise BadBackup(f"{shown} is damaged: its data does not read back ({garbled})")
    if code != 0:
        raise BadBackup(
            f"{shown} cannot be read as a PostgreSQL backup ({_reason(stderr)}): it is damaged, "
            "truncated, or written by a newer PostgreSQL"
        )
    return {"counts": counts, **small}


def _consume(stream, image: Engine, tables: dict, counts: dict, small: dict) -> None:
    table, columns, batch = None, [], []
    for line in stream:
        if table is None:
            match = _COPY.match(line.rstrip(b"\n"))
            if match:
                table = match.group(1).decode()
                columns = [c.strip().strip('"') for c in match.group(2).decode().split(",")]
                counts[table] = 0
            continue
        if line == b"\\.\n":
            _flush(image, tables.get(table), batch)
            table, batch = None, []
            continue
        counts[table] += 1
        if table == "blob":
            _check_paper(columns, line, small["damaged"])
        elif table in tables or table == "alembic_version":
            row = dict(zip(columns, (_field(f) for f in line.rstrip(b"\n").split(b"\t"))))
            if table == "alembic_version":
                small.setdefault(table, []).append(row)
                continue
            batch.append(_typed(tables[table], row))
            if len(batch) >= BATCH:
                _flush(image, tables[table], batch)
                batch = []


def _check_paper(columns: list[str], line: bytes, damaged: list[str]) -> None:
    fields = line.rstrip(b"\n").split(b"\t")
    sha, data = fields[columns.index("sha256")].decode(), fields[columns.index("data")]
    # bytea's hex output, \x then digits, with COPY doubling the backslash. Papers can be
    # hundreds of megabytes, so they are decoded straight from the line's bytes.
    if data.startswith(b"\\\\x"):
        if hashlib.sha256(binascii.unhexlify(memoryview(data)[3:])).hexdigest() != sha:
            damaged.append(sha)


def _flush(image: Engine, table, batch: list) -> None:
    if table is not None and batch:
        with image.begin() as conn:
            conn.execute(insert(table), batch)


def _field(raw: bytes) -> str | None:
    if raw == b"\\N":
        return None
    if b"\\" in raw:
        raw = _ESCAPE.sub(_unescape, raw)
    return raw.decode("utf-8")


def _unescape(match: re.Match) -> bytes:
    code = match.group(1)
    if code[:1] == b"x":
        return bytes([int(code[1:], 16)])
    if code[:1].isdigit():
        return bytes([int(code, 8) & 0xFF])
    return _SIMPLE.get(code, code)


def _typed(table, row: dict) -> dict:
    out = {}
    for name, value in row.items():
        column = table.c.get(name)
        if column is None:
            continue
        if value is not None:
            kind = column.type.python_type
            if kind is int:
                value = int(value)
            elif kind is bool:
                value = value == "t"
            elif kind is date:
                value = date.fromisoformat(value)
        out[name] = value
    return out
