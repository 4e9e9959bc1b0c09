"""The first page's statements, shipped with casework.

SQLAlchemy writes them from the queue's own query code (casework.queue.written
.first_page_statements), for every role and for SQLite and PostgreSQL, into first_page.json
beside this file; a test fails when the file is not what the code writes now, and says how to
write it again:

    python -m casework.queue.shipped

At start the application reads them, without SQLAlchemy, with the acting user's id and person
as their only parameters. Code changed since they were written (a working copy) is not trusted:
the application then starts the ordinary way.
"""

import json
from functools import lru_cache
from pathlib import Path

from casework.queue.sources import fingerprint

FILE = Path(__file__).with_name("first_page.json")
PAGE = 100


@lru_cache(maxsize=1)
def _shipped() -> dict | None:
    try:
        data = json.loads(FILE.read_text())
    except (OSError, ValueError):
        return None
    return data if data.get("fingerprint") == fingerprint() else None


def available() -> bool:
    """Whether statements were shipped for this code (a changed working copy has none)."""
    return _shipped() is not None


def first_page(database: str, role: str, person_id: int | None) -> list[dict] | None:
    """The first page's statements on `database` ("sqlite" or "postgresql") for a user of this
    role, with or without a person in the register; None if none were shipped for this code."""
    data = _shipped()
    return None if data is None else data.get(database, {}).get(f"{role}|{int(person_id is not None)}")


def positional(statement: dict, uid: int, pid: int | None) -> tuple:
    """The parameters of a SQLite statement, in order."""
    given = {"uid": uid, "pid": pid}
    return tuple(given[n] if n in given else statement["values"][n] for n in statement["names"])


def named(statement: dict, uid: int, pid: int | None) -> dict:
    """The parameters of a PostgreSQL (psycopg) statement, by name."""
    return {**statement["values"], "uid": uid, "pid": pid}


def written() -> dict:
    """What the code writes now, as the file should hold it."""
    from casework.queue.written import first_page_statements

    return {"fingerprint": fingerprint(), **first_page_statements(PAGE)}


def main() -> None:
    FILE.write_text(json.dumps(written(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {FILE}")


if __name__ == "__main__":
    main()
