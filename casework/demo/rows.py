"""Rows for the bulk demo (casework.demo.bulk): planned actions (casework.demo.plan) turned
into table rows with the columns and audit data the services write, numbered and
hash-chained as the services would number and chain them.
"""

import hashlib
import json
import mimetypes
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, insert, select, text, update

from casework.audit.chain import canonical, event_hash
from casework.cases.advance import sha256_text
from casework.demo.documents import DOCUMENTS
from casework.demo.plan import VARIANTS, _Case
from casework.demo.world import _World
from casework.profile.deadlines import due_date
from casework.workflow.events import DECISION_NOTICE
from casework.workflow.stages import ENDED
from db.audit_personal import commit, new_key, touches
from db.models import (
    AuditEvent,
    AuditHead,
    AuditKey,
    AuditValue,
    Blob,
    Case,
    CaseAccess,
    CaseRole,
    Document,
    Note,
    Sanction,
)

MEDIA = mimetypes.guess_type("x.txt")[0]


def _blobs(samples: dict) -> dict:
    """(route, kind, variant) -> (sha256, bytes): the few texts every case's documents share."""
    out = {}
    for route, cases in samples.items():
        for v in range(VARIANTS if cases else 0):
            ref, facts = cases[v % len(cases)]
            for kind, (_section, _secret, _what, template) in DOCUMENTS.items():
                data = template.format(ref=ref, **facts).encode()
                out[route, kind, v] = (hashlib.sha256(data).hexdigest(), data)
    return out


class _Writer:
    """One transaction's rows, numbered and chained as the services would number them."""

    def __init__(self, conn, world: _World, blobs: dict, stored: set, keys: dict[str, bytes]):
        self.conn, self.w, self.blobs, self.stored = conn, world, blobs, stored
        self.pg = conn.dialect.name == "postgresql"
        # Lock before reading the numbers: on PostgreSQL the tables whose ids we give out,
        # on SQLite the whole file (the head's update is this transaction's first write).
        if self.pg:
            conn.execute(text("LOCK TABLE case_file, note, document, sanction, case_access, case_role IN EXCLUSIVE MODE"))
        conn.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq))
        self.seq, self.prev = conn.execute(
            select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
        self.rows = {m.__table__: [] for m in (Blob, Case, Note, Document, Sanction, CaseAccess,
                                                 CaseRole, AuditEvent, AuditKey, AuditValue)}
        self.keys = keys  # by case reference, kept from batch to batch
        self.next = {t: (conn.execute(select(func.max(t.c.id))).scalar() or 0) + 1
                     for t in self.rows if "id" in t.c}

    def _row(self, model, **row) -> int | None:
        table = model.__table__
        if table in self.next:
            row["id"], self.next[table] = self.next[table], self.next[table] + 1
        self.rows[table].append(row)
        return row.get("id")

    def play(self, c: _Case, j: int) -> None:
        """One action: its rows and its audit event, with the data keys its service writes."""
        day, login, kind, *details = c.actions[j]
        w, uid, now, on = self.w, self.w.users[login][0], recorded_at(day, j), day.isoformat()
        if kind == "open":
            c.ids[:] = [self._row(
                Case, ref=c.ref, route=c.route, complainant_id=w.people[c.complainant],
                subject_id=w.people[c.subject], clause=c.clause, summary=c.summary,
                received=c.received, state=c.state, is_open=c.state not in ENDED,
                stage_entered=c.entered,
                next_due=None if c.noticed else due_date(w.profile, w.cal, c.state, c.entered),
                handler_id=w.users[c.handler][0] if c.handler else None,
                confidential=c.confidential, profile_version=w.profile.version,
                classification=c.classification, complainant_choice=c.complainant_choice,
                paused_from=c.withdrawn_from,
                # one audit event per change, as the services count; issuing a notice changes
                # nothing of the case
                version=sum(a[2] != "notice" for a in c.actions))]
            self._event(now, login, "open", c, None, "received", {
                "route": c.route, "complainant": c.complainant, "subject": c.subject,
                "clause": c.clause, "received": on, "on": on, "profile": w.profile.version,
                "summary_sha256": sha256_text(c.summary), "confidential": c.confidential})
        elif kind == "move":
            event, source, target, note, reason = details
            data = {"event": event, "on": on}
            if event == "no_further_action":
                data.update(reason=reason)
            if note:
                data.update(note_id=self._note(c, uid, now, note, "note", False),
                            note_sha256=sha256_text(note))
            self._event(now, login, "transition", c, source, target, data)
        elif kind == "classify":  # as casework.cases.assessment.classify records it
            value, was, note = details
            self._event(now, login, "classify", c, None, None, {
                "classification": value, "was": was, "on": on,
                "note_id": self._note(c, uid, now, note, "note", False),
                "note_sha256": sha256_text(note)})
        elif kind == "choice":  # as casework.cases.assessment.choose records it
            value, was, note = details
            self._event(now, login, "choice", c, None, None, {
                "complainant_choice": value, "was": was, "on": on,
                "note_id": self._note(c, uid, now, note, "note", False),
                "note_sha256": sha256_text(note)})
        elif kind == "note":
            note, note_kind, secret, companion = details
            self._event(now, login, "note", c, None, None, {
                "note_id": self._note(c, uid, now, note, note_kind, secret, companion), "kind": note_kind,
                "confidential": secret, "amends": None, "sha256": sha256_text(note), "on": on,
                **({"companion_sha256": sha256_text(companion)} if companion else {})})
        elif kind == "doc":
            doc, variant, nth = details
            section, secret, description, _ = DOCUMENTS[doc]
            sha, data = self.blobs[c.route, doc, variant]
            if sha not in self.stored:
                self.stored.add(sha)
                self._row(Blob, sha256=sha, size=len(data), data=data)
            name = f"{c.ref}-{doc}{f'-{nth + 1}' if nth else ''}.txt"
            did = self._row(Document, case_id=c.ids[0], sha256=sha, size=len(data),
                            media_type=MEDIA, filename=name, description=description or name,
                            section=section, confidential=secret, dated=day, added_by=uid,
                            added_at=now)
            self._event(now, login, "attach", c, None, None, {
                "document_id": did, "sha256": sha, "size": len(data), "filename": name,
                "section": section, "confidential": secret, "on": on})
        elif kind == "involve":  # as casework.cases.involvement.involve records it
            name, capacity = details
            self._row(CaseRole, case_id=c.ids[0], person_id=w.people[name], capacity=capacity,
                      recorded_by=uid, recorded_at=now)
            self._event(now, login, "involve", c, None, None, {
                "person_id": w.people[name], "name": name, "capacity": capacity, "on": on})
        elif kind == "assign":
            handler, before = details
            self._event(now, login, "assign", c, None, None, {
                "handler": handler, "previous_handler_id": w.users[before][0] if before else None,
                "on": on})
        elif kind == "notice":  # as casework.exports.decision.publish records it
            self._event(now, login, "export", c, None, None, {
                "what": DECISION_NOTICE, "sha256": sha256_text(f"{c.ref} {on}"), "on": on})
        elif kind == "grant":
            grantee = details[0]
            self._row(CaseAccess, case_id=c.ids[0], user_id=w.users[grantee][0], granted_by=uid,
                      granted_at=now)
            self._event(now, login, "grant", c, None, None,
                        {"user": grantee, "role": w.users[grantee][1], "on": on})
        elif kind == "sanction":
            skind, detail, due, complied, reason, until = c.sanctions[details[0]]
            c.ids.append(self._row(Sanction, case_id=c.ids[0], kind=skind, detail=detail,
                                   due=due, ends=until, complied=complied, non_compliance=reason,
                                   recorded_by=uid, recorded_at=now))
            self._event(now, login, "sanction", c, None, None, {
                "sanction_id": c.ids[-1], "kind": skind, "detail": detail,
                "due": due.isoformat() if due else None, "on": on,
                **({"until": until.isoformat()} if until else {})})
        else:  # comply
            index, complied, reason = details
            self._event(now, login, "compliance", c, None, None, {
                "sanction_id": c.ids[index + 1], "not_complied": reason, "on": on,
                "complied": complied.isoformat() if complied else None})

    def _note(self, c, uid, now, note, kind, secret, companion=None) -> int:
        return self._row(Note, case_id=c.ids[0], author_id=uid, kind=kind, text=note,
                         confidential=secret, amends_id=None, created_at=now, companion=companion,
                         dated=date.fromisoformat(now[:10]))

    def _event(self, at, actor, action, c, source, target, data) -> None:
        seq = self.seq + 1
        if touches(action, data):  # committed to as casework.audit.personal commits
            if c.ref not in self.keys:
                secret = new_key()
                self.keys[c.ref] = bytes.fromhex(secret)
                self._row(AuditKey, scope=f"case:{c.ref}", secret=secret, made_at=at, erased_at=None)
            data, values = commit(self.keys[c.ref], action, data)
            for field, value in values.items():
                self._row(AuditValue, seq=seq, field=field, value=json.dumps(value, ensure_ascii=False))
        body = canonical(data)
        digest = event_hash(seq, at, actor, action, c.ref, source, target, body, self.prev)
        self._row(AuditEvent, seq=seq, at=at, actor=actor, action=action, case_ref=c.ref,
                  from_state=source, to_state=target, data=body, prev_hash=self.prev, hash=digest)
        self.seq, self.prev = seq, digest

    def flush(self) -> None:
        for table, rows in self.rows.items():  # parents first, for the foreign keys
            if rows:
                self.conn.execute(insert(table), rows)
        self.conn.execute(update(AuditHead).where(AuditHead.id == 1)
                          .values(seq=self.seq, hash=self.prev))
        if self.pg:  # the services' next rows must be numbered after ours
            for table, after in self.next.items():
                if after > 1:
                    self.conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                                      {"t": table.name, "n": after - 1})


def recorded_at(day: date, j: int) -> str:
    """When the demo records action j of a case: on the case's own calendar, its day in office
    hours, so its trail, notes and papers tell one story (a demo made today of a complaint from
    March does not read as written today); never later than now."""
    at = datetime.combine(day, time(9, 0), timezone.utc) + timedelta(minutes=7 * j)
    return min(at, datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
