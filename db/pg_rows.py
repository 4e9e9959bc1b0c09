"""On PostgreSQL, who may read which rows is enforced by the database too (row-level security), so a
handler who opens psql with their own login sees what casework would show them and no more.

The rule is casework.access.rules, written again in SQL; tests/test_pg_rows.py compares the two
for every role. A restricted case is for those entitled to it: the Monitoring Officer and
deputies, HR on complaints about Officers, the committee clerk once a Member complaint has gone
to a hearing, an Investigating Officer or Independent Person on a case they handle or are
assigned to. Its confidential notes and papers likewise, on any case. A user who is a party to a
case, a witness in it or an earlier adviser on it never reads it. The trail is read whole by
those who may read the audit log, and otherwise as part of the cases one may read.

The schema owner and superusers are not subject to these policies (the database's
administrators, as in db.pg_guard). The functions that look up the acting user, assignments and
involvement run as the owner, so one table's policy never recurses through another's.
"""

TABLES = ("case_file", "note", "document", "blob", "sanction", "case_measure", "case_access",
          "case_role", "audit_event", "case_hold", "subject_access", "audit_key", "audit_value",
          "case_disposal")
POLICIES = ("casework_read", "casework_add", "casework_change", "casework_remove")
FUNCTIONS = ("casework_me_id", "casework_me_role", "casework_me_person", "casework_entitled",
             "casework_conflicted", "casework_case_readable", "casework_case_entitled",
             "casework_ref_readable", "casework_blob_readable", "casework_last_ref",
             "casework_blob_orphan")
# As casework.workflow.roles (MO, AUDIT_READERS), casework.access.rules (ASSIGNED_ROLES) and
# casework.workflow.involvement (CONFLICTING) have them; a test keeps them the same.
MO = ("monitoring-officer", "deputy-monitoring-officer")
AUDIT_READERS = (*MO, "hr", "clerk")
ASSIGNED = ("investigator", "independent-person")
CONFLICTING = ("adviser", "witness")


def _list(values) -> str:
    return ", ".join("'" + v + "'" for v in values)


# Over a case_file row named {c}: "this user may open the case".
_READABLE = """(
  (NOT {c}.confidential OR casework_entitled({c}.id, {c}.ref, {c}.route, {c}.handler_id))
  AND ((SELECT casework_me_person()) IS NULL
       OR ({c}.subject_id <> (SELECT casework_me_person())
           AND {c}.complainant_id <> (SELECT casework_me_person())
           AND NOT casework_conflicted({c}.id))))"""

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION casework_me_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  SELECT id FROM user_account WHERE login = casework_login() AND active
$$;
CREATE OR REPLACE FUNCTION casework_me_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  SELECT role FROM user_account WHERE login = casework_login() AND active
$$;
CREATE OR REPLACE FUNCTION casework_me_person() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  SELECT person_id FROM user_account WHERE login = casework_login() AND active
$$;

CREATE OR REPLACE FUNCTION casework_entitled(cid integer, cref text, croute text, chandler integer)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  SELECT coalesce(CASE
    WHEN casework_me_role() IN ({mo}) THEN true
    WHEN casework_me_role() = 'hr' THEN croute = 'officer'
    WHEN casework_me_role() = 'clerk' THEN croute = 'member' AND EXISTS (
      SELECT 1 FROM audit_event e WHERE e.case_ref = cref AND e.to_state = 'hearing')
    WHEN casework_me_role() IN ({assigned}) THEN chandler = casework_me_id() OR EXISTS (
      SELECT 1 FROM case_access a WHERE a.case_id = cid AND a.user_id = casework_me_id())
    ELSE false END, false)
$$;

CREATE OR REPLACE FUNCTION casework_conflicted(cid integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  SELECT EXISTS (SELECT 1 FROM case_role r WHERE r.case_id = cid
                 AND r.person_id = casework_me_person() AND r.capacity IN ({conflicting}))
$$;

CREATE OR REPLACE FUNCTION casework_case_readable(cid integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  SELECT coalesce((SELECT {readable} FROM case_file c WHERE c.id = cid), false)
$$;

CREATE OR REPLACE FUNCTION casework_case_entitled(cid integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  SELECT coalesce((SELECT casework_entitled(c.id, c.ref, c.route, c.handler_id)
                   FROM case_file c WHERE c.id = cid), false)
$$;

CREATE OR REPLACE FUNCTION casework_ref_readable(cref text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  SELECT coalesce((SELECT {readable} FROM case_file c WHERE c.ref = cref), false)
$$;

CREATE OR REPLACE FUNCTION casework_last_ref(prefix text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  -- The next reference must follow restricted cases too; only their references are told.
  SELECT ref FROM case_file WHERE left(ref, length(prefix)) = prefix
  ORDER BY length(ref) DESC, ref DESC LIMIT 1
$$;

CREATE OR REPLACE FUNCTION casework_blob_orphan(digest text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  -- No paper of any case files these bytes: disposal has just removed the last that did.
  SELECT NOT EXISTS (SELECT 1 FROM document d WHERE d.sha256 = digest)
$$;

CREATE OR REPLACE FUNCTION casework_blob_readable(digest text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$
  SELECT EXISTS (SELECT 1 FROM document d WHERE d.sha256 = digest
                 AND casework_case_readable(d.case_id)
                 AND (NOT d.confidential OR casework_case_entitled(d.case_id)))
$$;
"""

# table -> who may read a row of it
_READ = {
    "case_file": _READABLE.format(c="case_file"),
    "note": "casework_case_readable(case_id) AND (NOT confidential OR casework_case_entitled(case_id))",
    "document": "casework_case_readable(case_id) AND (NOT confidential OR casework_case_entitled(case_id))",
    # Bytes no paper files any more are the Monitoring Officer's and deputies' to remove: a
    # disposal deletes its papers first (their key names the bytes), then the bytes.
    "blob": f"casework_blob_readable(sha256) OR ((SELECT casework_me_role()) IN ({_list(MO)}) "
            "AND casework_blob_orphan(sha256))",
    "sanction": "casework_case_readable(case_id)",
    "case_measure": "casework_case_readable(case_id)",
    "case_access": "casework_case_readable(case_id)",
    "case_role": "casework_case_readable(case_id)",
    "case_hold": "casework_case_readable(case_id)",
    "subject_access": f"(SELECT casework_me_role()) IN ({_list(MO)})",
    # And everyone their own events about no case (a sign-in, a sign-out): PostgreSQL hands
    # back only a row its writer may read, so without this a viewer could not sign in. The
    # actor is the server's stamp (db.pg_guard), not what the client sent.
    "audit_event": f"(SELECT casework_me_role()) IN ({_list(AUDIT_READERS)}) "
                   "OR (case_ref IS NOT NULL AND casework_ref_readable(case_ref)) "
                   "OR (case_ref IS NULL AND actor = (SELECT casework_login()))",
    # A case's key to those who may read the case; a person's to everyone, as the register is.
    "audit_key": f"scope NOT LIKE 'case:%' OR (SELECT casework_me_role()) IN ({_list(AUDIT_READERS)}) "
                 "OR casework_ref_readable(substr(scope, 6))",
    # A personal value to whoever may read its event (that table's policy applies in here).
    "audit_value": "EXISTS (SELECT 1 FROM audit_event e WHERE e.seq = audit_value.seq)",
    "case_disposal": "casework_case_readable(case_id)",
}


def statements(path: str, tables=TABLES) -> list[str]:
    out = [_FUNCTIONS.format(path=path, mo=_list(MO), assigned=_list(ASSIGNED),
                             conflicting=_list(CONFLICTING), readable=_READABLE.format(c="c"))]
    for table in tables:
        out += [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
                f"DROP POLICY IF EXISTS casework_read ON {table}",
                f"CREATE POLICY casework_read ON {table} FOR SELECT USING ({_READ[table]})",
                # What a handler may write is their privileges' business (db.privileges) and the
                # guards' (db.pg_guard); a row they change must be one they may read.
                f"DROP POLICY IF EXISTS casework_add ON {table}",
                f"CREATE POLICY casework_add ON {table} FOR INSERT WITH CHECK (true)",
                f"DROP POLICY IF EXISTS casework_change ON {table}",
                f"CREATE POLICY casework_change ON {table} FOR UPDATE USING ({_READ[table]})",
                f"DROP POLICY IF EXISTS casework_remove ON {table}",
                f"CREATE POLICY casework_remove ON {table} FOR DELETE USING ({_READ[table]})"]
    return out


def install(conn) -> None:
    """Creates or replaces the functions and policies, in the caller's transaction."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    path = 'pg_catalog, "' + schema.replace('"', '""') + '"'
    plain = conn.execution_options(no_parameters=True)
    run_pending_checks(conn)
    for sql in statements(path, present(conn, TABLES)):
        plain.exec_driver_sql(sql)


def run_pending_checks(conn) -> None:
    """Rows an earlier migration of the same upgrade changed leave deferred checks pending, and
    PostgreSQL will not alter a table with checks pending: run them now (they pass for the
    schema owner, who runs upgrades and restores)."""
    conn.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")


def present(conn, tables) -> list[str]:
    """The tables that exist yet: an earlier migration installs the policies of the tables it
    knows, and the migration that adds a table installs them again."""
    found = conn.exec_driver_sql("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    have = {name for (name,) in found}
    return [t for t in tables if t in have]
