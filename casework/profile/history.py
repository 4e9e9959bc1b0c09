"""Which council profiles cases were opened under, kept whole, and when each came into use.

A council edits its profile over the years; the cases opened under the old one keep its
version, and this keeps the old text, so "what were the timescales for this case?" has an
answer long after the file changed.
"""

from sqlalchemy import select
from sqlmodel import Session

from casework.access.actors import acting_user
from casework.audit import chain as audit
from casework.transaction import read
from casework.workspace import Workspace
from db.models import ProfileVersion


def note_profile_in_use(s: Session, ws: Workspace) -> dict:
    """Inside the transaction that opens a case: the first case under a new profile version
    stores that profile. Returns what the case's open event says about it: its version, and
    the version it replaced when it is new, so the trail shows when the profile changed."""
    profile = ws.profile
    marks = {"profile": profile.version}
    if s.get(ProfileVersion, profile.version) is not None:
        return marks
    previous = s.execute(select(ProfileVersion.version)
                         .order_by(ProfileVersion.first_used.desc()).limit(1)).scalar()
    s.add(ProfileVersion(version=profile.version, first_used=audit.now_utc(),
                         source=profile.source, body=profile.body))
    return {**marks, "profile_new": True, "profile_replaces": previous}


def history(ws: Workspace, login: str) -> list[dict]:
    with read(ws.engine) as s:
        acting_user(s, login)
        rows = s.execute(select(ProfileVersion).order_by(ProfileVersion.first_used)).scalars()
        return [{"version": r.version, "first_used": r.first_used, "source": r.source, "body": r.body}
                for r in rows]
