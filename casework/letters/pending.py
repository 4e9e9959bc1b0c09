"""How many letters that were to be emailed were not, on the cases a user can see: read from
the letter events alone (a partial index of the trail keeps them), for the triage queue."""

import json

from sqlalchemy import select, text

from casework.access.actors import acting_user
from casework.access.rules import visible_clause
from casework.letters.status import unsent
from casework.transaction import read
from casework.workflow.roles import MO
from casework.workspace import Workspace
from db.models import LETTER_EVENTS, AuditEvent, Case


def unsent_count(ws: Workspace, login: str) -> int:
    with read(ws.engine) as s:
        user = acting_user(s, login)
        by_case: dict[str, list[dict]] = {}
        for ref, action, data in s.execute(
                select(AuditEvent.case_ref, AuditEvent.action, AuditEvent.data)
                # The index's own words, literally: SQLite uses a partial index only for a
                # query that says what its WHERE says, not with bound values.
                .where(text(LETTER_EVENTS)).order_by(AuditEvent.seq)):
            by_case.setdefault(ref, []).append({"action": action, "data": json.loads(data)})
        counted = {ref: len(unsent(events)) for ref, events in by_case.items()}
        waiting = {ref: n for ref, n in counted.items() if n}
        if not waiting:
            return 0
        seen = [Case.ref.in_(list(waiting)), Case.is_open]
        if user.role not in MO or user.person_id is not None:  # as the queue filters
            seen.append(visible_clause(user))
        refs = s.execute(select(Case.ref).where(*seen)).scalars().all()
    return sum(waiting[r] for r in refs)

