"""The statements of opening a case (casework.cases.view_reads), shipped with casework for SQLite
and PostgreSQL.

SQLAlchemy writes them from view_reads' own statements into case_reads.json beside this file
(and, for SQLite, the audit trail's statements that record a read of restricted papers),
with the reader's login and the case's reference as their only parameters, and the type of
each column SQLAlchemy would have turned back into Python (dates, booleans). A test fails
when the file is not what the code writes now, and says how to write it again:

    python -m casework.cases.case_reads

The file also names every module of casework the statements were written from, and a digest of
them: a working copy changed since is not trusted, and `casework show` goes the ordinary way.
"""

import hashlib
import json
import subprocess
import sys
from collections import namedtuple
from datetime import date
from functools import lru_cache
from pathlib import Path

FILE = Path(__file__).with_name("case_reads.json")
ROOT = Path(__file__).resolve().parent.parent.parent  # where the casework and db packages are
PARAMETERS = ("login", "ref")
_TYPES = {"Date": "date", "Boolean": "bool"}


def _digest(sources: list[str]) -> str | None:
    digest = hashlib.sha256()
    for name in sources:
        try:
            digest.update((ROOT / name).read_bytes())
        except OSError:
            return None
    return digest.hexdigest()[:20]


@lru_cache(maxsize=2)
def shipped(database: str = "sqlite") -> dict | None:
    """{name: statement} as written for `database` ("sqlite" or "postgresql"; "sqlite_event" for
    the audit event of a read), or None if none were written for this code."""
    try:
        data = json.loads(FILE.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or _digest(data.get("sources", [])) != data.get("fingerprint"):
        return None
    return data.get(database)


def read(conn, statements: dict, login: str, ref: str) -> dict[str, list]:
    """Each statement's rows on a plain sqlite3 connection, by name, as view_reads.read_case
    gives them: columns by name, dates as dates, booleans as booleans."""
    given = {"login": login, "ref": ref}
    found = {}
    for name, st in statements.items():
        row = _row(tuple(st["columns"]))
        convert = [(n, date.fromisoformat if kind == "date" else bool) for n, kind in st["types"].items()]
        rows = []
        for values in conn.execute(st["sql"], [given.get(n, st["values"].get(n)) for n in st["names"]]):
            values = list(values)
            for n, to in convert:
                if values[int(n)] is not None:
                    values[int(n)] = to(values[int(n)])
            rows.append(row(*values))
        found[name] = rows
    return found


def read_pg(conn, statements: dict, login: str, ref: str) -> dict[str, list]:
    """As `read`, on a psycopg connection in autocommit, which gives dates and booleans as they
    are: every statement in one read-only snapshot, sent with its BEGIN and COMMIT as one
    pipeline, so the server is waited on once, not once for each of them (on a council's
    network each wait is a millisecond or more)."""
    given = {"login": login, "ref": ref}
    with conn.pipeline():
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        sent = [(name, st, conn.execute(st["sql"], {**st["values"], **given}))
                for name, st in statements.items()]
        conn.execute("COMMIT")
    found = {}
    for name, st, cursor in sent:
        row = _row(tuple(st["columns"]))
        found[name] = [row(*values) for values in cursor.fetchall()]
    return found


@lru_cache(maxsize=64)
def _row(columns: tuple):
    return namedtuple("Row", columns, rename=True)


def _sources() -> list[str]:
    """The modules of casework and db that writing the statements imports, found in a fresh
    interpreter so what else a process has imported does not change the list."""
    code = ("import sys, casework.cases.view_reads, casework.audit.chain\n"
            "print('\\n'.join(sorted(m.__file__ for m in list(sys.modules.values())\n"
            "    if (getattr(m, '__name__', '').split('.')[0] in ('casework', 'db')) and getattr(m, '__file__', None))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return sorted(str(Path(f).resolve().relative_to(ROOT)) for f in out.split())


def written() -> dict:
    """What the code writes now, as the file should hold it."""
    from sqlalchemy.dialects.postgresql import psycopg
    from sqlalchemy.dialects.sqlite import pysqlite

    from casework.cases.view_reads import _READS
    from db.together import pg_sql, sqlite_sql

    lite, pg, on_pg = pysqlite.dialect(), {}, psycopg.dialect()
    statements = {}
    for name, stmt in _READS.items():
        sql, names, values = sqlite_sql(stmt, lite, PARAMETERS)
        columns = [c.key for c in stmt.selected_columns]
        types = {str(n): _TYPES[type(c.type).__name__] for n, c in enumerate(stmt.selected_columns)
                 if type(c.type).__name__ in _TYPES}
        statements[name] = {"sql": sql, "names": list(names), "columns": columns, "types": types,
                            "values": {k: v for k, v in values.items() if k not in PARAMETERS}}
        sql, values = pg_sql(stmt, on_pg, PARAMETERS)
        pg[name] = {"sql": sql, "columns": columns,
                    "values": {k: v for k, v in values.items() if k not in PARAMETERS}}
    sources = _sources()
    return {"fingerprint": _digest(sources), "sources": sources, "sqlite": statements, "postgresql": pg,
            "sqlite_event": _event_statements(lite, sqlite_sql)}


def _event_statements(dialect, sqlite_sql) -> dict:
    """The audit trail's own statements (casework.audit.chain) for the event that records a read
    of restricted papers on plain sqlite3 (casework.audit.read_recorded)."""
    from casework.audit import chain

    row = ("seq", "at", "actor", "action", "case_ref", "from_state", "to_state", "data", "prev_hash", "hash")
    out = {}
    for name, stmt, keys in (("head", chain._HEAD_LOCKED, ()), ("case_count", chain._CASE_COUNT, ("ref",)),
                             ("case_version", chain._CASE_VERSION, ("ref",)), ("insert", chain.INSERT, row),
                             ("first_head", chain.FIRST_HEAD, ("id", "seq", "hash")),
                             ("move_head", chain.MOVE_HEAD, ("new_seq", "new_hash"))):
        sql, names, values = sqlite_sql(stmt, dialect, keys)
        out[name] = {"sql": sql, "names": list(names), "values": {k: v for k, v in values.items() if k not in keys}}
    return out


def main() -> None:
    FILE.write_text(json.dumps(written(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {FILE}")


if __name__ == "__main__":
    main()
