"""PostgreSQL roles for a shared casework database: one group role per casework role, each
person a login role in their group, and privileges that are the least each role's work needs.

Handlers own nothing. They may read the tables, append to the trail (db.pg_guard stamps what
they append), and write only the tables their role's work writes; nobody but the schema owner
may UPDATE, DELETE or TRUNCATE the trail or change a note or a paper once written. Which rows a
role may read is the application's rule (casework.access); the row policies that carry it
into the database come with them.
"""

from db.roles import ROLES

PREFIX = "casework_"
HANDLERS = PREFIX + "handler"  # every group below is a member: what all of them may do
# The browser view's server connects as this role (its administrator gives it LOGIN and a
# password): it holds nothing itself (NOINHERIT) and may only SET ROLE to a person's login.
AUTHENTICATOR = PREFIX + "web"


def group(role: str) -> str:
    """The group role of a casework role: casework_monitoring_officer, casework_hr..."""
    return PREFIX + role.replace("-", "_")


MO = ("monitoring-officer", "deputy-monitoring-officer")
WRITERS = tuple(r for r in ROLES if r != "viewer")
PEOPLE = (*MO, "hr", "clerk")

# table -> {privilege: roles}; SELECT and the trail's INSERT are every handler's.
WRITES: dict[str, dict[str, tuple[str, ...]]] = {
    # DELETE on notes, papers and bytes, and on the values beside the trail, is disposal's
    # (casework.records.disposal), the Monitoring Officer's and deputies' alone.
    "case_file": {"INSERT": PEOPLE, "UPDATE": WRITERS},
    "note": {"INSERT": WRITERS, "DELETE": MO},
    "blob": {"INSERT": WRITERS, "DELETE": MO},
    "document": {"INSERT": WRITERS, "DELETE": MO},
    "sanction": {"INSERT": WRITERS, "UPDATE": WRITERS},
    "case_measure": {"INSERT": WRITERS, "UPDATE": WRITERS},
    "case_access": {"INSERT": (*MO, "hr", "clerk"), "DELETE": (*MO, "hr", "clerk")},
    "case_role": {"INSERT": (*MO, "hr", "clerk"), "UPDATE": (*MO, "hr", "clerk"), "DELETE": MO},
    "case_hold": {"INSERT": MO, "UPDATE": MO},
    # Every login, a viewer's too, writes events with personal values beside them: the address
    # it signed in from, where it exported a case to (db.audit_personal).
    "audit_key": {"INSERT": ROLES, "UPDATE": MO},
    "audit_value": {"INSERT": ROLES, "DELETE": MO},
    "case_disposal": {"INSERT": MO},
    "person": {"INSERT": PEOPLE, "UPDATE": PEOPLE},
    "training": {"INSERT": PEOPLE, "DELETE": MO},
    "user_account": {"INSERT": MO, "UPDATE": MO},
    "profile_version": {"INSERT": WRITERS},
    # Subject access requests are the Monitoring Officer's and deputies' as the data-protection
    # contact for complaints; nobody else reads even that a request was made.
    "subject_access": {"SELECT": MO, "INSERT": MO, "UPDATE": MO},
}
# Tables whose SELECT is not every handler's: revoked from the handlers, granted as WRITES says.
PRIVATE = ("subject_access",)
READ_ONLY = ("audit_event", "audit_head", "schema_release", "alembic_version")


def setup_sql(schema: str = "public") -> list[str]:
    """The statements a database administrator runs once (and again after an upgrade adds a
    table): the group roles, if missing, and their privileges on this database's tables."""
    out = [_create(HANDLERS), _create(AUTHENTICATOR, "NOLOGIN NOINHERIT")]
    for role in ROLES:
        out += [_create(group(role)), f"GRANT {HANDLERS} TO {group(role)}"]
    return out + grants_sql(schema)


def grants_sql(schema: str) -> list[str]:
    s = quoted(schema)
    out = [f"GRANT USAGE ON SCHEMA {s} TO {HANDLERS}",
           f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",
           f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {HANDLERS}",
           f"GRANT INSERT ON {s}.audit_event TO {HANDLERS}",
           # Locking the trail's end serialises writers; its guard lets it move only onto
           # the newest event.
           f"GRANT UPDATE (seq, hash) ON {s}.audit_head TO {HANDLERS}",
           f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {HANDLERS}"]
    out += [f"REVOKE SELECT ON {s}.{table} FROM {HANDLERS}" for table in PRIVATE]
    # The web authenticator reads who may sign in, and which schema it serves; nothing else.
    out.append(f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AUTHENTICATOR}') THEN "
               f"GRANT SELECT (login, active) ON {s}.user_account TO {AUTHENTICATOR}; "
               f"GRANT SELECT ON {s}.alembic_version, {s}.schema_release TO {AUTHENTICATOR}; "
               f"GRANT USAGE ON SCHEMA {s} TO {AUTHENTICATOR}; END IF; END $$")
    for table, privileges in WRITES.items():
        for privilege, roles in privileges.items():
            grantees = ", ".join(group(r) for r in roles)
            out.append(f"GRANT {privilege} ON {s}.{table} TO {grantees}")
    return out


def regrant(conn) -> bool:
    """Grants the groups their privileges again where they exist: tables made by an upgrade,
    or remade by a restore, start with none. Run by the schema owner."""
    if conn.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{HANDLERS}'").first() is None:
        return False
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    for sql in grants_sql(schema):
        conn.exec_driver_sql(sql)
    return True


def person_sql(login: str, role: str, old_role: str | None = None) -> list[str]:
    """A person's login role in their group (a password is theirs to set, with \\password)."""
    who = quoted(login)
    out = [f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {literal(login)}) "
           f"THEN CREATE ROLE {who} LOGIN; END IF; END $$"]
    if old_role and old_role != role:
        out.append(f"REVOKE {group(old_role)} FROM {who}")
    out.append(f"GRANT {group(role)} TO {who}")
    # The browser view's server may act as them once they have signed in, and only then.
    out.append(f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AUTHENTICATOR}') "
               f"THEN GRANT {who} TO {AUTHENTICATOR}; END IF; END $$")
    return out


def may_sign_in(login: str, active: bool) -> str:
    return f"ALTER ROLE {quoted(login)} {'LOGIN' if active else 'NOLOGIN'}"


def _create(name: str, options: str = "NOLOGIN") -> str:
    return (f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {literal(name)}) "
            f"THEN CREATE ROLE {name} {options}; END IF; END $$")


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
