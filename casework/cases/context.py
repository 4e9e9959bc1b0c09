"""What the guards know of a case (casework.workflow.guards.GuardContext), from the rows of
casework.cases.casefile.guard_facts read already: nothing here reads a database, so a read
without SQLAlchemy (casework.cases.kept_show) says why each step is or is not open as every
other face does."""

from datetime import date

from casework.workflow.events import NOTICE_STAGES
from casework.workflow.guards import GuardContext
from casework.workflow.involvement import PANELS
from casework.workflow.papers import ROUND_NOTES, ROUND_PAPERS


def context_from(ws, case, user, facts, note: str | None = None, reason: str | None = None,
                 day: date | None = None) -> GuardContext:
    """`ws` a workspace (its profile, calendar, day and face; no database is read), `case` a
    Case or a row of its columns, `user` a User or a row of its columns, `facts` the rows of
    guard_facts; `day` the day of the change (today unless given)."""
    open_sanctions, filed, roles, reopened, complainant_kind, measures = [], [], [], "", None, []
    drafts = []
    views, findings, notices, entered, involved = [], [], [], {}, {}
    for what, value, at in facts:
        if what in "ks":
            filed.append((what, value, at))
        elif what == "x":
            open_sanctions.append(value)
        elif what == "v":
            views.append(at)
        elif what == "t":
            entered[value] = max(entered.get(value, ""), at)
        elif what == "n":
            notices.append((at, value))
        elif what == "o":
            findings.append((at, value))
        elif what == "r":
            roles.append((value, *at.split(" ")))
        elif what == "z":
            reopened = max(reopened, at)
        elif what == "p":
            complainant_kind = value
        elif what == "m":
            measures.append((int(at), value))
        elif what == "d":
            drafts.append((at, value))
    kinds, sections, stale = set(), set(), set()
    for what, value, at in filed:
        if value in (ROUND_NOTES if what == "k" else ROUND_PAPERS) and at < reopened:
            stale.add(value)
        else:
            (kinds if what == "k" else sections).add(value)
    # The parties comment on this round's draft for the council's period from the day it went.
    sent = max((d for at, d in drafts if at > reopened and d), default=None)
    comments_due = None
    if sent and ws.profile.draft_comment_days:
        comments_due = ws.calendar.add_working_days(date.fromisoformat(sent), ws.profile.draft_comment_days)
    # A notice withdrawn since it was issued no longer makes the finding known.
    last = max(notices, default=None)
    issued = [last[0]] if last and last[1] == "export" else []
    seated: dict[int, set[str]] = {}
    for capacity, at, person in roles:
        involved.setdefault(int(person), set()).add(capacity)
        if capacity in PANELS and at > reopened:
            seated.setdefault(int(person), set()).add(capacity)
    return GuardContext(
        ref=case.ref,
        route=case.route,
        regime=ws.profile.regime,
        ip_required=ws.profile.regime == "england" or ws.profile.independent_person_required,
        actor_login=user.login,
        actor_role=user.role,
        actor_person_id=user.person_id,
        complainant_id=case.complainant_id,
        subject_id=case.subject_id,
        note_kinds=kinds,
        sections=sections,
        open_sanctions=open_sanctions,
        ip_view_after_investigation=_after(entered.get("decision"), views),
        notice_issued=any(_after(entered.get(stage), issued) for stage in NOTICE_STAGES),
        outcome_by=max(findings)[1] if findings else None,
        paused_from=getattr(case, "paused_from", None),
        classification=case.classification,
        anonymity=case.anonymity,
        complainant_kind=complainant_kind,
        complainant_choice=case.complainant_choice,
        measures_in_force=sorted(measures),
        comments_due=comments_due,
        day=day or ws.today(),
        involved=involved,
        seated=seated,
        face=ws.face,
        stale=stale - kinds - sections,
        note=note,
        reason=reason,
    )


def _after(since: str | None, instants: list[str]) -> bool:
    return since is not None and any(at > since for at in instants)
