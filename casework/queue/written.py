"""The queue's statements written out as text, for reads that run without SQLAlchemy: the
first page's, shipped with casework (casework.queue.shipped), and `casework list`'s, kept
after its first call (casework.queue.listed). Written from the queue's own query code
(casework.queue.statements), so they cannot disagree with the pages the application reads."""

from datetime import date

from sqlalchemy import Integer, bindparam, select

from casework.access.actors import acting_user
from casework.queue.pages import _fts
from casework.queue.query import CaseQuery
from casework.queue.statements import _columns, _filtered, _ids, _sorted, _triage_first, _triage_parts, _Who
from casework.transaction import read
from casework.workflow.roles import ROLE_TITLES
from casework.workspace import Workspace


def first_page_statements(limit: int) -> dict:
    """The statements of the default queue's first page, for every role with and without a
    person in the register, for each database casework runs on, with the acting user's id and
    person as the parameters `uid` and `pid`: written by SQLAlchemy from the queue's own query
    code and shipped with casework (casework.queue.shipped), so that no start, the first after
    an upgrade included, waits for SQLAlchemy to load before its first page. The same
    statements `page` runs for the default queue, so the two cannot disagree."""
    from sqlalchemy.dialects.postgresql import psycopg
    from sqlalchemy.dialects.sqlite import pysqlite

    out = {}
    for name, dialect in (("sqlite", pysqlite.dialect()), ("postgresql", psycopg.dialect())):
        fts, shapes = name == "sqlite", {}
        for role in ROLE_TITLES:
            for has_person in (False, True):
                who = _Who(bindparam("uid", 0, type_=Integer), role,
                           bindparam("pid", 0, type_=Integer) if has_person else None)
                if fts:  # SQLite: each part walks its index and stops (_triage)
                    base = _filtered(select(*_columns()), CaseQuery(), who, date.min, fts)
                    _, new, rest = _triage_parts(base, CaseQuery(), limit)
                    statements = (new.limit(limit), rest.limit(limit))
                else:  # PostgreSQL: one statement, one wait on the server
                    statements = (_triage_first(_ids(CaseQuery(), who, date.min), CaseQuery(), limit),)
                shapes[f"{role}|{int(has_person)}"] = [_shipped_text(q, dialect) for q in statements]
        out[name] = shapes
    return out


def _shipped_text(stmt, dialect) -> dict:
    done = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    values = {k: v for k, v in done.params.items() if k not in ("uid", "pid")}
    return {"sql": str(done), "names": list(done.positiontup or []), "values": values}


def list_sql(ws: Workspace, login: str, query: CaseQuery) -> tuple[str, dict]:
    """The statement of `casework list` for this user and a query with no text, as SQLite text
    with every value written in, and the user it was written for: the statement `page` runs for
    it (casework.queue.listed keeps it)."""
    with read(ws.engine) as s:
        user = acting_user(s, login)
        base = _filtered(select(*_columns()), query, user, ws.today(), _fts(ws))
    sql = str(_sorted(base, query).compile(ws.engine, compile_kwargs={"literal_binds": True}))
    return sql, {"id": user.id, "role": user.role, "person_id": user.person_id}
