"""What a pg_dump archive would create, read before anything of it runs: its table of contents
(`pg_restore --list`) and its schema as SQL (`pg_restore --schema-only`). casework's schema on
PostgreSQL is tables, their sequences, keys and indexes, pg_trgm for its search (db.pg_text), and
its own guards of the audit trail (db.pg_guard, which a restore installs afresh rather than
taking from the archive): any other trigger or function, or a view, rule, policy or other
extension in a backup, a table or index casework never writes, or a default, check or
generated column computing anything but the next id, is named and not restored."""

import re
import subprocess
from pathlib import Path

from casework.backup.postgres import tool
from casework.words import with_article
from db import pg_guard, pg_rows, pg_text

# Kinds of entry pg_dump writes for casework's schema; any other kind is refused by name.
ALLOWED = ("TABLE DATA", "TABLE", "SEQUENCE OWNED BY", "SEQUENCE SET", "SEQUENCE", "DEFAULT",
           "FK CONSTRAINT", "CONSTRAINT", "INDEX", "ACL", "COMMENT", "SCHEMA", "ENCODING",
           "STDSTRINGS", "SEARCHPATH")
_ENTRY = re.compile(r"^\d+; \d+ \d+ (.+)$")
_DEFAULT = re.compile(r"SET DEFAULT nextval\('public\.\w+'::regclass\);?$")
_KEY = re.compile(r"ADD CONSTRAINT \w+ (PRIMARY KEY|UNIQUE|FOREIGN KEY) ")


def foreign_objects(path: Path, tables: set[str], indexes: set[str]) -> str | None:
    """How the archive's schema differs from casework's (`tables`, `indexes` at its revision)."""
    listing = _pg_restore("--list", path)
    for line in listing.splitlines():
        found = _ENTRY.match(line.strip())
        if not found:
            continue
        rest = found.group(1)
        kind = next((k for k in ALLOWED if rest.startswith(k + " ")), None)
        if kind is None and _our_guard(rest):
            continue  # named as casework's own; restore never runs it, but installs its own
        if kind is None and rest.split()[:3:2] == ["EXTENSION", pg_text.EXTENSION]:
            continue  # the trigram indexes' (db.pg_text), which ships with PostgreSQL
        if kind is None:
            words = rest.split()
            return f"it would create {with_article(words[0].lower())} {' '.join(words[2:3])!r}, which casework never writes"
        names = rest[len(kind):].split()
        if kind in ("TABLE", "TABLE DATA") and len(names) > 1 and names[1] not in tables:
            return f"it has a table {names[1]!r} that casework never writes"
        if kind == "INDEX" and len(names) > 1 and names[1] not in indexes:
            return f"it has an index {names[1]!r} that casework never writes"
    for statement in _statements(_pg_restore("--schema-only", path, "--file=-")):
        if statement.startswith("CREATE TABLE") and re.search(r"\b(DEFAULT|GENERATED|CHECK)\b", statement):
            return "a table in it computes a value (a default, a check or a generated column) " \
                   "casework never writes"
        if "SET DEFAULT" in statement and not _DEFAULT.search(statement):
            return "a column default in it computes something other than the next id"
        if "ADD CONSTRAINT" in statement and not _KEY.search(statement):
            return "a constraint in it is neither a key nor a reference, as casework writes them"
    return None


def _our_guard(entry: str) -> bool:
    """A function, trigger or row policy of casework's (db.pg_guard, db.pg_rows), by name:
    `FUNCTION public name(args) owner`, `TRIGGER public table name owner`, `POLICY public
    table name owner`, `ROW SECURITY public table owner`."""
    words = entry.split()
    if words[0] == "FUNCTION" and len(words) > 2:
        return words[2].split("(", 1)[0] in pg_guard.FUNCTIONS + pg_rows.FUNCTIONS
    if words[:2] == ["ROW", "SECURITY"]:
        return len(words) > 3 and words[3] in pg_rows.TABLES
    if words[0] == "POLICY" and len(words) > 3:
        return words[2] in pg_rows.TABLES and words[3] in pg_rows.POLICIES
    return words[0] == "TRIGGER" and len(words) > 3 and words[3] in pg_guard.TRIGGERS


def _statements(sql: str) -> list[str]:
    body = [ln for ln in sql.splitlines() if ln.strip() and not ln.startswith("--")]
    return [" ".join(s.split()) for s in "\n".join(body).split(";\n")]


def _pg_restore(*args) -> str:
    path = [a for a in args if isinstance(a, Path)][0]
    flags = [a for a in args if not isinstance(a, Path)]
    done = subprocess.run([tool("pg_restore"), *flags, str(path)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    return done.stdout
