"""The floor of `audit verify`'s second half: the live rows checked against the trail with plain
sqlite3, json and hashlib, the same reads and comparisons casework.audit.rows makes (papers'
and notes' hashes, each case's last stage and version, each user's role and standing)."""

import hashlib
import hmac
import json

PAPERS = ("SELECT action, case_ref, data FROM audit_event WHERE action IN ('note', 'attach', 'open', "
          "'import') OR (action IN ('transition', 'classify', 'anonymity', 'choice', 'measure') "
          "AND data LIKE '%\"note_id\"%') ORDER BY seq")
LAST_MOVE = ("SELECT e.case_ref, e.to_state FROM audit_event e JOIN (SELECT max(seq) AS seq FROM "
             "audit_event WHERE to_state IS NOT NULL AND case_ref IS NOT NULL GROUP BY case_ref) m "
             "ON m.seq = e.seq")
LAST = ("SELECT e.case_ref, e.data FROM audit_event e JOIN (SELECT max(seq) AS seq FROM audit_event "
        "WHERE case_ref IS NOT NULL GROUP BY case_ref) m ON m.seq = e.seq")


def rows_hold(conn) -> bool:
    sha = lambda t: hashlib.sha256(t.encode()).hexdigest()  # noqa: E731
    keys = {scope: bytes.fromhex(secret) for scope, secret in
            conn.execute("SELECT scope, secret FROM audit_key WHERE secret IS NOT NULL")}
    notes, papers, summaries = {}, {}, {}
    for action, ref, data in conn.execute(PAPERS):
        d = json.loads(data)
        if "note_id" in d:
            field = "sha256" if action == "note" else "note_sha256"
            notes[d["note_id"]] = (ref, field, d.get(field))
        if action == "attach":
            papers[d["document_id"]] = d.get("sha256")
        if action in ("open", "import") and d.get("summary_sha256"):
            summaries[ref] = (ref, "summary_sha256", d["summary_sha256"])

    def mac(key: bytes, field: str, value: str) -> str:  # db.audit_personal.mac, for one string
        body = field + "\x00" + json.dumps(value, ensure_ascii=False)
        return "hmac-sha256:" + hmac.new(key, body.encode(), hashlib.sha256).hexdigest()

    def differs(text: str, recorded) -> bool:
        # A text's hash as the trail holds it: keyed with its case's key (db.audit_personal).
        ref, field, digest = recorded
        if not digest:
            return False
        if not digest.startswith("hmac-sha256:"):
            return sha(text) != digest
        key = keys.get(f"case:{ref}")
        return key is not None and mac(key, field, sha(text)) != digest

    if any(i in notes and differs(t, notes[i]) for i, t in conn.execute("SELECT id, text FROM note")):
        return False
    if any(papers.get(i) and s != papers[i] for i, s in conn.execute("SELECT id, sha256 FROM document")):
        return False
    moved, last = dict(conn.execute(LAST_MOVE)), dict(conn.execute(LAST))
    for ref, state, version, summary in conn.execute("SELECT ref, state, version, summary FROM case_file"):
        recorded = json.loads(last[ref]).get("case_version") if ref in last else None
        if (ref in summaries and differs(summary, summaries[ref])) or moved.get(ref, state) != state \
                or recorded not in (None, version):
            return False
    told = {}
    for action, data in conn.execute("SELECT action, data FROM audit_event WHERE action IN ('init', "
                                     "'user-add', 'user-role', 'user-activate', 'user-deactivate') ORDER BY seq"):
        d = json.loads(data)
        if action in ("init", "user-add"):
            told[d["login"]] = (d["role"], True)
        elif d["login"] in told:
            role, active = told[d["login"]]
            told[d["login"]] = (d["to"], active) if action == "user-role" else (role, action == "user-activate")
    return all(told.get(login) == (role, bool(active))
               for login, role, active in conn.execute("SELECT login, role, active FROM user_account"))
