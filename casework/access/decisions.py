"""Who may read a case, decided on facts already read (casework.access.rules reads them, or
says in a statement what to read). Nothing here reads a database, so a read that does not
load SQLAlchemy (casework.cases.kept_show) decides by the same rules as every other face."""

from casework.errors import Refused
from casework.workflow.involvement import CAPACITIES
from casework.workflow.roles import MO


def may_read(user, case, held, entitled) -> bool:
    """check_may_read's decision, on facts read however its caller reads them: `held()` gives
    a capacity of conflict_held or None, `entitled()` whether the reader may read the case's
    confidential papers; each is asked for only when the decision comes to it."""
    if user.person_id is not None and user.person_id in (case.subject_id, case.complainant_id):
        raise Refused(f"you are a party to {case.ref}, so you cannot read its file")
    if user.person_id is not None:
        capacity = held()
        if capacity:
            raise Refused(f"you are {CAPACITIES[capacity]} in {case.ref}, so you cannot read its file")
    secret = entitled()
    if case.confidential and not secret:
        raise Refused(f"{case.ref} is restricted; ask the Monitoring Officer for access")
    return secret


def may_bundle(user, route: str) -> bool:
    return user.role in MO or (user.role, route) in (("clerk", "member"), ("hr", "officer"))
