"""The shape of a SQLite database: its tables and their columns, indexes, triggers and views.
A restore compares a backup's shape with the one casework's migrations write for the backup's
revision: nothing more (a planted trigger or view), nothing less, nothing different."""

import sqlite3

# What each kind of object is called in a refusal.
KINDS = {"table": "table", "index": "index", "trigger": "trigger", "view": "view"}


def shape(conn: sqlite3.Connection) -> dict[tuple[str, str], object]:
    """(kind, name) -> what defines it: a table's columns, an index's table, uniqueness and
    columns, a trigger's or view's statement with its spacing evened out."""
    out: dict[tuple[str, str], object] = {}
    objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                           "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall()
    for kind, name, table, sql in objects:
        if kind == "table":
            out[kind, name] = tuple((c[1], (c[2] or "").upper(), c[3], c[5])
                                    for c in conn.execute(f'PRAGMA table_info("{_q(name)}")'))
        elif kind == "index":
            unique = next((row[2] for row in conn.execute(f'PRAGMA index_list("{_q(table)}")')
                           if row[1] == name), None)
            columns = tuple(row[2] for row in conn.execute(f'PRAGMA index_info("{_q(name)}")'))
            out[kind, name] = (table, unique, columns)
        else:
            out[kind, name] = " ".join((sql or "").split())
    return out


def difference(found: dict, expected: dict) -> str | None:
    """The first way `found` differs from `expected`, in words, or None."""
    for key in sorted(found.keys() - expected.keys()):
        return f"it has a {KINDS.get(key[0], key[0])} {key[1]!r} that casework never writes"
    # A missing index changes nothing a restore keeps: the rows go into casework's own schema,
    # indexes and all. A missing table or trigger is named.
    for key in sorted(k for k in expected.keys() - found.keys() if k[0] != "index"):
        return f"it lacks the {KINDS.get(key[0], key[0])} {key[1]!r} that casework writes"
    for key in sorted(expected.keys() & found.keys()):
        if found[key] != expected[key]:
            return f"its {KINDS.get(key[0], key[0])} {key[1]!r} is not the one casework writes"
    return None


def _q(name: str) -> str:
    return name.replace('"', '""')
