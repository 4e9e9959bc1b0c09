"""The command line's floor: the least a program can do to answer what `casework show REF --json`,
`casework list --json` and `casework advance` answer. It imports click, opens the same database
with the plain driver (sqlite3, or psycopg for a postgresql URL), reads the same rows and prints
them as JSON; its advance restores the route's machine and writes the same rows as the service
(bench.advance_rows). Nothing here checks who may see what: that is what casework adds.

    python -m bench.cli_floor --db FILE|URL show REF | list | advance REF EVENT --note TEXT
"""

import json
import sqlite3
import sys
from datetime import date

import click

from bench.advance_rows import connect_floor, write_advance

CASE = ("SELECT c.id, c.ref, c.route, c.state, c.clause, c.received, c.summary, c.version, "
        "c.stage_entered, c.next_due, c.is_open, c.confidential, s.name, s.kind, p.name, p.kind, "
        "u.login FROM case_file c JOIN person s ON s.id = c.subject_id "
        "JOIN person p ON p.id = c.complainant_id LEFT JOIN user_account u ON u.id = c.handler_id ")
HISTORY = ("SELECT seq, at, actor, action, from_state, to_state, data FROM audit_event "
           "WHERE case_ref = ? AND action <> 'read' ORDER BY seq")
BELONGING = {"notes": "SELECT id, kind, author_id, created_at, text, confidential, amends_id FROM note",
             "documents": "SELECT id, filename, description, section, media_type, size, sha256, "
                          "confidential, exemption, dated, added_by, added_at FROM document",
             "sanctions": "SELECT id, kind, detail, due, complied, non_compliance, recorded_by, "
                          "recorded_at, ends FROM sanction"}
OPEN = CASE + "WHERE c.is_open ORDER BY c.received DESC, c.ref"


class Db:
    """One connection and its driver's placeholder: the statements above are written with `?`."""

    def __init__(self, url: str):
        self.conn, self.pg = connect_floor(url)

    def rows(self, sql: str, *params) -> list:
        return self.conn.execute(sql.replace("?", "%s") if self.pg else sql, params).fetchall()


def _case(row) -> dict:
    keys = ("id", "ref", "route", "state", "clause", "received", "summary", "version", "stage_entered",
            "next_due", "is_open", "confidential", "subject", "subject_kind", "complainant",
            "complainant_kind", "handler")
    case = dict(zip(keys, row))
    case["overdue"] = bool(case["is_open"] and case["next_due"]
                           and str(case["next_due"]) < date.today().isoformat())
    return case


def _echo(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@click.group()
@click.option("--db", required=True)
@click.pass_context
def cli(ctx, db):
    ctx.obj = Db(db)


@cli.command()
@click.argument("ref")
@click.pass_obj
def show(db: Db, ref: str):
    found = db.rows(CASE + "WHERE c.ref = ?", ref)
    if not found:
        sys.exit(f"no case {ref}")
    case = _case(found[0])
    case["history"] = [dict(zip(("seq", "at", "actor", "action", "from", "to"), e[:6]),
                            data=json.loads(e[6])) for e in db.rows(HISTORY, ref)]
    for name, sql in BELONGING.items():
        case[name] = [list(r) for r in db.rows(f"{sql} WHERE case_id = ? ORDER BY id", case["id"])]
    _echo(case)


@cli.command("list")
@click.pass_obj
def list_(db: Db):
    _echo([_case(r) for r in db.rows(OPEN)])


@cli.command()
@click.argument("ref")
@click.argument("event")
@click.option("--note", required=True)
@click.option("--as", "login", default="mo")
@click.pass_obj
def advance(db: Db, ref: str, event: str, note: str, login: str):
    """The machine restored at the case's state and fired, then the rows written by hand."""
    from bench.advance_rows import fire

    route, state = db.rows("SELECT route, state FROM case_file WHERE ref = ?", ref)[0]
    target = fire(route, state, event)
    write_advance(db.conn, db.pg, ref, login, event, state, target, note)
    click.echo(f"{ref}: {state} -> {target}")


if __name__ == "__main__":
    try:
        cli()
    except sqlite3.Error as exc:
        sys.exit(str(exc))
