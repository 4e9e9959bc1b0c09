"""On PostgreSQL the database itself keeps the audit trail honest against its own handlers.

A handler connects as their own login role (see db.privileges). An event they append must be
the next link of the chain, in their own name, hashed as db.audit_hash does, or it is refused;
the database then stamps it with the server's clock and hashes it again, so no client chooses
a link's time or its hash. Nobody
but the schema owner may move the chain's head except onto the newest link, and a case's row
and every other row a handler may write (a note, a paper, a sanction, an assignment, a person,
a user) may change only in a transaction that appended an event about it, so nothing changes
behind the trail. Handlers hold no UPDATE, DELETE or TRUNCATE on the trail at all.

The schema owner and superusers are trusted as the database's administrators (they can drop
a trigger anyway): their events are taken as the client wrote them, which migrations, restore
and bulk loading need. Their changes made for someone else carry the account in the event
(casework.access.identity), and seals and anchors outside the database cover the rest.

Installed by migration 0023 and again after a restore, by `install`: every statement is
idempotent, and the functions run with a fixed search_path so that a handler's own schema
cannot put a function or table of the same name in their way.
"""

# Every object this module makes: a backup's may carry these, and only these, by name.
FUNCTIONS = ("casework_login", "casework_is_admin", "casework_link_hash", "casework_audit_stamp",
             "casework_audit_moved", "casework_head_guard", "casework_case_audited",
             "casework_row_audited")
TRIGGERS = ("casework_audit_stamp", "casework_audit_moved", "casework_head_guard",
            "casework_case_audited", "casework_row_audited")


def link_hash(seq, at, actor, action, case_ref, from_state, to_state, data, prev) -> str:
    """db.audit_hash.event_hash as an SQL expression over nine others: the body of
    casework_link_hash, and what casework.audit.pg_append hashes a link with in the statement
    that appends it (so it needs no function installed)."""
    return (f"""encode(sha256(convert_to(
    '{{"action":' || to_json({action})::text || ',"actor":' || to_json({actor})::text
    || ',"at":' || to_json({at})::text || ',"case":' || coalesce(to_json({case_ref})::text, 'null')
    || ',"data":' || to_json({data})::text || ',"from":' || coalesce(to_json({from_state})::text, 'null')
    || ',"prev":' || to_json({prev})::text || ',"seq":' || {seq}::text
    || ',"to":' || coalesce(to_json({to_state})::text, 'null') || '}}', 'UTF8')), 'hex')""")


_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION casework_login() RETURNS text
LANGUAGE sql STABLE SET search_path = {path} AS $$
  -- The person the database authenticated; a browser tab's server SETs ROLE to them.
  SELECT coalesce(nullif(current_setting('role'), 'none'), session_user)::text
$$;

CREATE OR REPLACE FUNCTION casework_is_admin(who text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {path} AS $$
  SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = who), false)
      OR pg_has_role(who, (SELECT relowner FROM pg_class WHERE oid = 'audit_event'::regclass),
                     'MEMBER')
$$;

CREATE OR REPLACE FUNCTION casework_link_hash(seq bigint, at text, actor text, action text,
    case_ref text, from_state text, to_state text, data text, prev text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = {path} AS $$
  -- db.audit_hash.canonical: keys sorted, no spaces, strings escaped as JSON.
  SELECT {link_hash}
$$;

CREATE OR REPLACE FUNCTION casework_audit_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {path} AS $$
DECLARE
  who text := casework_login();
  head_seq bigint := 0;
  head_hash text := repeat('0', 64);
BEGIN
  IF casework_is_admin(who) THEN
    RETURN NEW;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM user_account WHERE login = who AND active) THEN
    RAISE EXCEPTION 'the database login % is not an active casework user', who
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_head h WHERE h.id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    head_seq := 0;
    head_hash := repeat('0', 64);
  END IF;
  IF NEW.seq IS DISTINCT FROM head_seq + 1 OR NEW.prev_hash IS DISTINCT FROM head_hash THEN
    RAISE EXCEPTION 'event #% is not the next link of the audit trail (#%)', NEW.seq, head_seq + 1
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.actor IS DISTINCT FROM who THEN
    RAISE EXCEPTION 'the database login % cannot write an event in the name of %', who, NEW.actor
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.hash IS DISTINCT FROM casework_link_hash(NEW.seq, NEW.at, NEW.actor, NEW.action,
      NEW.case_ref, NEW.from_state, NEW.to_state, NEW.data, NEW.prev_hash) THEN
    RAISE EXCEPTION 'event #% does not hash to the value it claims', NEW.seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  NEW.hash := casework_link_hash(NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.case_ref,
                                 NEW.from_state, NEW.to_state, NEW.data, NEW.prev_hash);
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION casework_audit_moved() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {path} AS $$
BEGIN
  IF casework_is_admin(casework_login()) THEN
    RETURN NULL;  -- the administrator's client moves the head itself, as on SQLite
  END IF;
  UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
  IF NOT FOUND THEN
    INSERT INTO audit_head (id, seq, hash) VALUES (1, NEW.seq, NEW.hash);
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION casework_head_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {path} AS $$
DECLARE
  last record;
BEGIN
  IF casework_is_admin(casework_login()) THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  SELECT e.seq, e.hash INTO last FROM audit_event e ORDER BY e.seq DESC LIMIT 1;
  IF TG_OP <> 'DELETE' AND NEW.id = 1 AND last.seq IS NOT NULL
     AND NEW.seq = last.seq AND NEW.hash = last.hash THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the end of the audit trail moves only with a new event'
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE FUNCTION casework_row_audited() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {path} AS $$
DECLARE
  row_case integer;
BEGIN
  IF casework_is_admin(casework_login()) THEN
    RETURN NULL;
  END IF;
  -- At commit: a row about a case changes only with an event about that case; any other row
  -- (the register, users, a profile) only in a transaction whose newest event is its own.
  IF TG_ARGV[0] = 'case' THEN
    row_case := CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END;
    IF EXISTS (SELECT 1 FROM audit_event e JOIN case_file c ON c.ref = e.case_ref
               WHERE c.id = row_case AND e.xmin = pg_current_xact_id()::xid) THEN
      RETURN NULL;
    END IF;
  ELSIF EXISTS (SELECT 1 FROM audit_event e JOIN audit_head h ON h.seq = e.seq
                WHERE e.xmin = pg_current_xact_id()::xid) THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION '% changed without an event in the audit trail', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE FUNCTION casework_case_audited() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {path} AS $$
BEGIN
  IF casework_is_admin(casework_login()) THEN
    RETURN NULL;
  END IF;
  -- Checked at commit, when the change's event has been appended (casework writes the
  -- row first and then the event that records it).
  IF NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.case_ref = NEW.ref
                 AND e.xmin = pg_current_xact_id()::xid) THEN
    RAISE EXCEPTION 'case_file changed without an event in the audit trail (case %)', NEW.ref
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$$;
"""

_TRIGGERS = """
DROP TRIGGER IF EXISTS casework_audit_stamp ON audit_event;
CREATE TRIGGER casework_audit_stamp BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION casework_audit_stamp();
DROP TRIGGER IF EXISTS casework_audit_moved ON audit_event;
CREATE TRIGGER casework_audit_moved AFTER INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION casework_audit_moved();
DROP TRIGGER IF EXISTS casework_head_guard ON audit_head;
CREATE TRIGGER casework_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION casework_head_guard();
DROP TRIGGER IF EXISTS casework_case_audited ON case_file;
CREATE CONSTRAINT TRIGGER casework_case_audited AFTER INSERT OR UPDATE ON case_file
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION casework_case_audited();
"""

# Tables a handler writes, beside case_file and the trail: those about one case, and the rest.
CASE_ROWS = ("note", "document", "sanction", "case_measure", "case_access", "case_role", "case_hold",
             "case_disposal")
OTHER_ROWS = ("person", "training", "user_account", "profile_version", "blob", "subject_access", "audit_key",
              "audit_value")


def _row_triggers(have) -> str:
    out = []
    for kind, tables in (("case", CASE_ROWS), ("any", OTHER_ROWS)):
        for table in have(tables):
            out.append(f"DROP TRIGGER IF EXISTS casework_row_audited ON {table};\n"
                       f"CREATE CONSTRAINT TRIGGER casework_row_audited AFTER INSERT OR UPDATE OR DELETE "
                       f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                       f"EXECUTE FUNCTION casework_row_audited('{kind}');")
    return "\n".join(out)


def install(conn) -> None:
    """Creates or replaces the functions and triggers, in the caller's transaction."""
    from sqlalchemy import text  # here: casework.audit.pg_append uses link_hash without SQLAlchemy

    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    path = f"pg_catalog, {_ident(schema)}"
    # Sent as they are: the bodies' % signs are PL/pgSQL's, not parameters.
    plain = conn.execution_options(no_parameters=True)
    from db.pg_rows import present, run_pending_checks

    run_pending_checks(conn)

    hashed = link_hash("seq", "at", "actor", "action", "case_ref", "from_state", "to_state", "data", "prev")
    for sql in (_FUNCTIONS.format(path=path, link_hash=hashed), _TRIGGERS, _row_triggers(lambda t: present(conn, t))):
        plain.exec_driver_sql(sql)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
