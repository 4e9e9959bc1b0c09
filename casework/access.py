"""Who may read what. Every face (command line, TUI, exports) reads through these."""

from casework.errors import Refused
from casework.workflow.roles import MO
from db.models import Case, User


def may_see_confidential(user: User, case: Case) -> bool:
    if user.role in MO:
        return True
    if case.route == "officer":
        return user.role == "hr"
    return user.role in ("investigator", "independent-person")


def check_may_read(user: User, case: Case) -> None:
    if user.person_id is not None and user.person_id in (case.subject_id, case.complainant_id):
        raise Refused(f"you are a party to {case.ref}, so you cannot read its file")
    if case.confidential and not may_see_confidential(user, case):
        raise Refused(f"{case.ref} is restricted; ask the Monitoring Officer for access")
