"""Disposal of a case's personal data when the council's retention schedule says it is due: by the
Monitoring Officer or a deputy, in one transaction that holds the case, with its audit event and
its certificate. The trail still verifies afterwards: its events commit to personal values by a
keyed hash (casework.audit.personal), and disposal destroys the values and the key.
"""

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from casework.access.actors import require
from casework.audit import chain as audit
from casework.audit.seal import Seal
from casework.cases.casefile import claim
from casework.cases.papers import open_for_change
from casework.errors import Refused
from casework.records import copies as exported
from casework.records import erasure
from casework.records.certificate import certificate
from casework.records.holds import hold_on
from casework.records.remains import remains
from casework.transaction import write
from casework.workflow.outcomes import OUTCOME_TITLES, outcome_of
from casework.workflow.stages import state_title
from casework.workspace import Workspace
from db.models import AuditEvent, AuditHead, CaseDisposal, Person


@dataclass
class Disposed:
    ref: str
    seq: int
    certificate: bytes
    sha256: str
    erased: dict
    copies: list  # exported copies it knew of (casework.records.copies), with what became of each
    database: str

    def lines(self) -> list[str]:
        """What the command says after its first line: the exported copies, and what remains
        for the database's administrator."""
        return [*exported.lines(self.copies, self.erased.get("exports_unplaced", 0)),
                *remains(self.database)]


def refusal(ws: Workspace, s: Session, case) -> str | None:
    """Why a case may not be disposed of today, in one line; None when it may."""
    if s.get(CaseDisposal, case.id) is not None:
        return f"{case.ref} was disposed of already: there is nothing left to erase"
    if case.is_open:
        return (f"{case.ref} has not ended (it is at {state_title(case.route, case.state)}): "
                "only an ended case's records fall due for disposal")
    held = hold_on(s, case.id)
    if held is not None:
        return (f"{case.ref} is under a legal hold, since {held.placed_at[:10]}: lift it with "
                "casework hold --lift before its records can be disposed of")
    ends, _rule = retention_end(ws, s, case)
    if ends is None:
        return (f"{case.ref} is not due for disposal: its records are kept while the subject "
                "Member is in office (casework retention)")
    if ends > ws.today():
        return (f"{case.ref} is not due for disposal until {ends.isoformat()} "
                f"({_rule.describe()}; casework retention)")
    return None


def retention_end(ws: Workspace, s: Session, case):
    rule = ws.profile.retention.rule(case.route, outcome_of(case.state))
    left = s.execute(select(Person.left_office).where(Person.id == case.subject_id)).scalar()
    return rule.ends(case.stage_entered, left), rule


def dispose(ws: Workspace, ref: str, login: str, expected_version: int | None = None) -> Disposed:
    seen = [expected_version]
    deleted: dict[str, str] = {}  # exported copies deleted by an earlier try of this change

    def change(s: Session) -> Disposed:
        user, case, _ = open_for_change(s, ws, ref, login, seen)
        require(user, "dispose", "dispose of a case's records")
        why = refusal(ws, s, case)  # again under the case's lock: a hold placed since counts
        if why:
            raise Refused(why)
        claim(s, case, seen[0])
        conn = s.connection()
        # The trail's end held from here, so the seal before is the link the dispose event follows.
        head = conn.execute(select(AuditHead.seq).where(AuditHead.id == 1).with_for_update()).scalar_one()
        before = s.get(AuditEvent, head)
        ends, rule = retention_end(ws, s, case)
        # Where the case was exported to, read before its values beside the trail are erased.
        copies, exported_digests, unplaced = exported.recorded(conn, case.ref)
        counts = erasure.erase_case(conn, case.id, case.ref)
        digests, others = counts.pop("_digests"), counts.pop("_others")
        counts["values_in_trail"] = erasure.erase_values(conn, f"case:{case.ref}",
                                                         erasure.case_events(conn, case.ref))
        parties = erasure.detach_parties(conn, case.id, case.ref)
        erased, kept = erasure.erase_people(conn, case.id, {*parties, *others})
        counts["people_erased_from_register"], counts["people_kept_in_register"] = erased, kept
        # Copies put out for the system's viewer go with the bytes they copy; files are not
        # rolled back, but they are copies of what this disposal erases (a retry finds none).
        counts["viewer_copies"] = erasure.viewer_copies(digests)
        counts["exports_recorded"] = s.execute(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.case_ref == case.ref, AuditEvent.action == "export")).scalar()
        # Last, once nothing above can refuse: a file deleted is not rolled back.
        exported.settle(copies, exported_digests, deleted)
        left = [c for c in copies if c.state != "deleted"]
        counts["exported_copies_deleted"] = len(copies) - len(left)
        counts["exported_copies_left"] = len(left)
        counts["exports_unplaced"] = unplaced
        outcome = outcome_of(case.state)
        data = {"rule": rule.describe(), "rule_years": rule.years, "rule_from": rule.since,
                "outcome": outcome, "closed": case.stage_entered.isoformat(),
                "retention_ends": ends.isoformat(), "profile": ws.profile.version,
                "seal_before": Seal(before.seq, before.hash, before.at).digest,
                "erased": dict(sorted(counts.items())),
                # Which exports' copies are still out there, by their events (no paths: those
                # were personal values of the case, erased with it).
                "copies_left": [{"seq": c.seq, "state": c.state} for c in left]}
        event = audit.append(s, user.login, "dispose", case.ref, None, None, data, case_version=case.version)
        facts = {**data, "ref": case.ref, "route": case.route, "outcome_title": OUTCOME_TITLES[outcome],
                 "stage": state_title(case.route, case.state), "received": case.received.isoformat(),
                 "by": user.login, "by_name": user.name, "role": user.role, "at": event.at,
                 "database": conn.dialect.name, "council": ws.profile.council,
                 "seal_before_at": before.at, "seal_after": Seal(event.seq, event.hash, event.at).digest,
                 "copies_left": [c.told() for c in left]}
        pdf = certificate(facts)
        digest = hashlib.sha256(pdf).hexdigest()
        s.add(CaseDisposal(case_id=case.id, disposed_at=event.at, disposed_by=user.id, seq=event.seq,
                           certificate=pdf, certificate_sha256=digest))
        return Disposed(case.ref, event.seq, pdf, digest, counts, copies, conn.dialect.name)

    done = write(ws.engine, change)
    erasure.settle_file(ws.engine)
    return done


def disposable(ws: Workspace, ref: str, login: str) -> str:
    """The case's reference if its records may be disposed of now; else the refusal, before
    anyone is asked to confirm. `dispose` asks again under the case's lock."""
    from casework.access.actors import acting_user
    from casework.cases.casefile import load_case
    from casework.transaction import read

    with read(ws.engine) as s:
        user = acting_user(s, login)
        require(user, "dispose", "dispose of a case's records")
        case = load_case(s, ref)
        why = refusal(ws, s, case)
        if why:
            raise Refused(why)
        return case.ref


def certificate_of(ws: Workspace, ref: str, login: str) -> tuple[bytes, str]:
    """A disposed case's certificate, as filed when it was disposed of."""
    from casework.access.actors import acting_user
    from casework.cases.casefile import load_case
    from casework.transaction import read

    with read(ws.engine) as s:
        require(acting_user(s, login), "dispose", "read a disposal certificate")
        case = load_case(s, ref)
        row = s.get(CaseDisposal, case.id)
        if row is None:
            raise Refused(f"{case.ref} has not been disposed of: it has no disposal certificate")
        return row.certificate, row.certificate_sha256
