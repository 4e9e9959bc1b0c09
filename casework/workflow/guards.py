"""What must be true before a case takes a step. Each guard answers with a reason a person
can read when it refuses, or None when it allows."""

from dataclasses import dataclass, field
from datetime import date

from casework.errors import quote
from casework.workflow import steps
from casework.workflow.assessment import (
    anonymous_in_public_interest,
    assessment_classified,
    route_chosen,
    subject_heard,
)
from casework.workflow.events import NEEDS_NOTE, NOTICE_STAGES, RETURNING, event_phrase, event_title
from casework.workflow.involvement import HEARING_NOTICE, conflict_of
from casework.workflow.measures import MEASURES
from casework.workflow.regimes import regime_of
from casework.workflow.roles import MO, ROLE_TITLES, may_fire, titles, who_may_fire
from casework.workflow.stages import BREACH_FOUND, ENDED, state_title

DECISIONS_ON_INVESTIGATION = frozenset(
    {"find_breach", "find_no_breach", "refer_to_hearing", "seek_local_resolution"}
)


@dataclass
class GuardContext:
    """The facts about one case that the guards read, gathered once per change."""

    ref: str
    route: str
    regime: str
    ip_required: bool
    actor_login: str
    actor_role: str
    actor_person_id: int | None
    complainant_id: int
    subject_id: int
    note_kinds: set[str] = field(default_factory=set)
    sections: set[str] = field(default_factory=set)
    open_sanctions: list[str] = field(default_factory=list)  # with a due date, not yet settled
    # An Independent Person assigned to the case recorded a view after the investigation was
    # last completed: what s.28(7)(a) asks before the decision.
    ip_view_after_investigation: bool = False
    # Who recorded the finding now under appeal (officer route).
    outcome_by: str | None = None
    # The decision notice was issued since the finding of breach was last recorded.
    notice_issued: bool = False
    # The stage a paused case left, where resume returns it.
    paused_from: str | None = None
    # The Monitoring Officer's assessment: code | protocol | outside, and the complainant's
    # anonymity: requested | granted | refused (casework.workflow.assessment).
    classification: str | None = None
    anonymity: str | None = None
    # Whether the complainant is a member or an officer, and an officer's choice of procedure:
    # protocol | grievance (casework.workflow.assessment.CHOICES).
    complainant_kind: str | None = None
    complainant_choice: str | None = None
    # The last day the parties have to comment on this round's draft report (the council's
    # period from the day it was sent), if the council's profile sets one.
    comments_due: date | None = None
    # The day of the change being decided.
    day: date | None = None
    # (id, kind) of the measures in force (casework.workflow.measures).
    measures_in_force: list[tuple[int, str]] = field(default_factory=list)
    # Person id -> their capacities in the case besides the parties' (casework.workflow.involvement).
    involved: dict[int, set[str]] = field(default_factory=dict)
    # Panel members recorded since the case was last reopened: each round has its own panel.
    seated: dict[int, set[str]] = field(default_factory=dict)
    # Sections and note kinds of one round (casework.workflow.papers.ROUND_PAPERS) filed only
    # before the case was last reopened, so not for this round.
    stale: set[str] = field(default_factory=set)
    note: str | None = None
    # The reason given with the event (--reason), when it takes one.
    reason: str | None = None
    # Whose words a remedy is said in (casework.workflow.steps).
    face: str = steps.COMMAND

    # Called by the machine as the condition of every transition.
    def guards_pass(self, event, source, target) -> bool:
        return not self.refusals(str(event), source.id, target.id, with_note=False)

    def party(self) -> str | None:
        if self.actor_person_id is None:
            return None
        if self.actor_person_id == self.subject_id:
            return "the subject"
        if self.actor_person_id == self.complainant_id:
            return "the complainant"
        return conflict_of(self.involved.get(self.actor_person_id))

    def conflict(self) -> str | None:
        side = self.party()
        if side is None:
            return None
        if self.actor_role == "monitoring-officer":
            return (
                f"you are {side} in {self.ref}, so the Monitoring Officer cannot handle it; "
                "a Deputy Monitoring Officer must"
            )
        return f"you are {side} in {self.ref}; someone else must handle it"

    def take(self, event: str) -> str:
        """How to take `event` on this case, with a note saying why, in the reader's words."""
        return steps.event(self.face, self.ref, event, event_title(event))

    def earlier(self, key: str) -> str:
        """Why a paper that was filed does not count: it belongs to the round before reopening."""
        if key not in self.stale:
            return ""
        return " (the one filed before the case was reopened was for the earlier round; file this round's)"

    def role_refusal(self, event: str, source: str) -> str | None:
        if may_fire(self.actor_role, self.route, event, source):
            return None
        allowed = who_may_fire(self.route, event, source)
        return (
            f"only the {titles(allowed)} may {event_phrase(event)}; "
            f"you are signed in as {self.actor_login} ({ROLE_TITLES[self.actor_role]})"
        )

    def refusals(self, event: str, source: str, target: str, with_note: bool = True) -> list[str]:
        reasons = []
        for reason in (
            self.role_refusal(event, source),
            self.conflict(),
            *(guard(self, event, source, target) for guard in GUARDS),
        ):
            if reason:
                reasons.append(reason)
        if with_note and event in NEEDS_NOTE and not (self.note and self.note.strip()):
            reasons.append(f"a note saying why is needed ({steps.why(self.face)})")
        return reasons


def ip_view_recorded(ctx: GuardContext, event: str, source: str, target: str) -> str | None:
    """Localism Act 2011 s.28(7)(a): the views of an Independent Person are sought and taken
    into account before a decision on an allegation that has been investigated. A view given
    before the investigation ended, or a paper merely filed in the bundle, is not that."""
    if ctx.route != "member" or not ctx.ip_required:
        return None
    if event not in DECISIONS_ON_INVESTIGATION or source not in ("decision", "hearing"):
        return None
    if ctx.ip_view_after_investigation:
        return None
    return (
        "the view of an Independent Person assigned to the case, recorded after the "
        "investigation was completed, is needed before a decision on an investigated allegation "
        f"(Localism Act 2011 s.28(7)(a)): {steps.grant(ctx.face, ctx.ref)}, then that Independent "
        f"Person records it ({steps.note(ctx.face, ctx.ref, 'ip-view')})"
    )


def appeal_heard_by_another(ctx: GuardContext, event: str, source: str, target: str):
    """ACAS Code of Practice 1, para 27: an appeal is dealt with impartially, wherever possible
    by a manager not previously involved in the case."""
    if event not in ("dismiss_appeal", "uphold_appeal") or ctx.outcome_by != ctx.actor_login:
        return None
    return ("you recorded the outcome under appeal, so someone not involved in it must decide "
            "the appeal (ACAS Code of Practice, para. 27)")


def draft_report_shared(ctx: GuardContext, event: str, source: str, target: str) -> str | None:
    """Natural justice: the draft report goes to the complainant and the member complained about
    for comment before the Investigating Officer finalises it."""
    if ctx.route != "member" or event != "complete_investigation":
        return None
    if "draft-report" in ctx.sections:
        if ctx.comments_due is None or ctx.day is None or ctx.day > ctx.comments_due:
            return None
        return (f"the parties may comment on the draft report until {ctx.comments_due.isoformat()} "
                "(the council's period for comments, from the day the draft was sent); the final "
                "report follows after that")
    return ("the draft report goes to both parties for comment before the final report: file the "
            f"draft as sent: {steps.attach(ctx.face, ctx.ref, 'draft-report')}"
            + ctx.earlier("draft-report"))


def investigation_report_filed(ctx: GuardContext, event: str, source: str, target: str):
    if event != "refer_to_hearing" or "investigation-report" in ctx.sections:
        return None
    return (
        "no hearing without the investigation report: "
        + steps.attach(ctx.face, ctx.ref, "investigation-report")
        + ctx.earlier("investigation-report")
    )


def sanctions_settled(ctx: GuardContext, event: str, source: str, target: str) -> str | None:
    if event != "close" or not ctx.open_sanctions:
        return None
    kinds = ", ".join(ctx.open_sanctions)
    return (
        f"sanctions still open ({kinds}): record compliance or non-compliance first "
        f"({steps.comply(ctx.face, ctx.ref)})"
    )


def decision_notice_issued(ctx: GuardContext, event: str, source: str, target: str):
    """A finding of breach is made known before the case closes: the decision notice (in Wales
    the notice with reasons to the member, the complainant and the Ombudsman, SI 2001/2281
    reg. 9(3)). Only the Monitoring Officer may close without one, saying why."""
    if event != "close" or source not in NOTICE_STAGES or ctx.notice_issued:
        return None
    if ctx.actor_role in MO and ctx.note and ctx.note.strip():
        return None
    law = " (SI 2001/2281 reg. 9(3))" if ctx.regime == "wales" else ""
    return (f"the decision notice has not been issued{law}: issue it with "
            f"{steps.decision_notice(ctx.face, ctx.ref)}, or, as the Monitoring Officer, close "
            "with a note saying why there is none")


def in_regime(ctx: GuardContext, event: str, source: str, target: str) -> str | None:
    regime = regime_of(event, source)
    if regime is None or regime == ctx.regime:
        return None
    if regime == "wales":
        return f"{event_phrase(event)} applies only under the Welsh regime"
    return ("in Wales the Monitoring Officer investigates a complaint under the code only when the "
            "Public Services Ombudsman for Wales refers it (Local Government Act 2000 s.70(4)): "
            f"refer it to the Ombudsman ({ctx.take('refer_to_ombudsman')})")


def resumes_where_it_paused(ctx: GuardContext, event: str, source: str, target: str):
    """A paused case, or a withdrawn complaint continued in the public interest, goes on from
    the stage it left, never from another."""
    if event not in RETURNING or target == ctx.paused_from:
        return None
    if ctx.paused_from is None:
        if event == "resume":
            return None  # paused before casework kept the stage; the route's own target stands
        return ("casework does not know the stage this complaint was withdrawn at (it was withdrawn "
                f"before casework kept it); assess it again: {ctx.take('reopen')}")
    left = "resumes at the stage it left" if event == "resume" else "goes on from the stage it was withdrawn at"
    return f"a {RETURNING[event]} case {left} ({state_title(ctx.route, ctx.paused_from)})"


def ombudsman_report_filed(ctx: GuardContext, event: str, source: str, target: str):
    """LGA 2000 s.71(2): the committee hears the matter on the Ombudsman's report."""
    if event != "ombudsman_reports_to_committee" or "ombudsman-report" in ctx.sections:
        return None
    return ("no hearing on the Ombudsman's report until it is filed: "
            + steps.attach(ctx.face, ctx.ref, "ombudsman-report") + ctx.earlier("ombudsman-report"))


def acas_steps_taken(ctx: GuardContext, event: str, source: str, target: str) -> str | None:
    """ACAS Code of Practice 1, paras. 9 to 16: before a disciplinary decision the employee has
    the allegations and evidence in writing, is invited to a meeting with the right to be
    accompanied (Employment Relations Act 1999 s.10), and the meeting is held and noted."""
    if ctx.route != "officer" or source != "disciplinary" or event not in ("find_breach", "find_no_breach"):
        return None
    missing = []
    if "allegations" not in ctx.sections:
        missing.append("the written allegations and evidence sent to the employee (para. 9): "
                       + steps.attach(ctx.face, ctx.ref, "allegations") + ctx.earlier("allegations"))
    if "invitation" not in ctx.sections:
        missing.append("the invitation to the meeting, with the right to be accompanied (para. 10, "
                       "Employment Relations Act 1999 s.10): " + steps.attach(ctx.face, ctx.ref, "invitation")
                       + ctx.earlier("invitation"))
    if "meeting" not in ctx.note_kinds:
        missing.append("the note of the disciplinary meeting, naming any companion (paras. 11-16): "
                       + steps.note(ctx.face, ctx.ref, "meeting")
                       + ctx.earlier("meeting"))
    if not missing:
        return None
    return "the ACAS Code's steps come before the decision; still needed: " + "; ".join(missing)


def outcome_in_writing(ctx: GuardContext, event: str, source: str, target: str) -> str | None:
    """ACAS Code paras. 18 and 22: the decision in writing, with the right of appeal, before an
    appeal is lodged against it or the case closes on it."""
    if ctx.route != "officer" or source != "outcome" or "outcome-letter" in ctx.sections:
        return None
    if event not in ("close", "lodge_appeal"):
        return None
    return ("the outcome letter, with the right of appeal, is not filed (ACAS Code paras. 18 and 22): "
            + steps.attach(ctx.face, ctx.ref, "outcome-letter") + ctx.earlier("outcome-letter"))






def measures_ended(ctx: GuardContext, event: str, source: str, target: str) -> str | None:
    """A suspension on full pay, or a protective measure, does not outlive the case it was put
    in place for: it is lifted, with a reason, before the case ends (ACAS Code para. 8: as brief
    as possible)."""
    if target not in ENDED or source in ENDED or not ctx.measures_in_force:
        return None
    said = "; ".join(steps.end_measure(ctx.face, ctx.ref, mid, MEASURES[kind].split(" (")[0].lower())
                     for mid, kind in ctx.measures_in_force)
    return f"measures are still in force on {ctx.ref}: end them first: {said}"


def hearing_prepared(ctx: GuardContext, event: str, source: str, target: str) -> str | None:
    """The Standards Committee decides after a hearing the parties were given notice of, by a
    panel recorded on the case, none of whom assessed the complaint (natural justice)."""
    if ctx.route != "member" or source != "hearing" or event not in ("find_breach", "find_no_breach"):
        return None
    missing = []
    if HEARING_NOTICE not in ctx.sections:
        missing.append("the notice of the hearing served on the parties: "
                       + steps.attach(ctx.face, ctx.ref, HEARING_NOTICE) + ctx.earlier(HEARING_NOTICE))
    if not any("hearing-panel" in held for held in ctx.seated.values()):
        again = any("hearing-panel" in held for held in ctx.involved.values())
        missing.append("who sat on the hearing panel: " + steps.involve(ctx.face, ctx.ref, "hearing-panel")
                       + (" of this hearing (the case was reopened since the last one)" if again else ""))
    if not missing:
        return None
    return "before the hearing's decision, still needed: " + "; ".join(missing)


GUARDS = (assessment_classified, route_chosen, anonymous_in_public_interest, subject_heard, draft_report_shared, ip_view_recorded, investigation_report_filed, sanctions_settled, in_regime,
          appeal_heard_by_another, decision_notice_issued, resumes_where_it_paused,
          ombudsman_report_filed, acas_steps_taken, outcome_in_writing, hearing_prepared,
          measures_ended)


def sanction_refusal(ctx: GuardContext, state: str, kind: str, catalogue: dict[str, str]):
    """A sanction needs a finding of breach and a kind from the route's catalogue."""
    if state in ENDED:
        return (f"{ctx.ref} has ended ({state_title(ctx.route, state)}), so no sanction can be "
                "recorded; sanctions are recorded after a finding of breach, before the case is closed")
    if state not in BREACH_FOUND[ctx.route]:
        return (
            f"{ctx.ref} has no finding of breach, so no sanction can be recorded; "
            "record the finding of breach first"
        )
    if kind not in catalogue:
        return f"{quote(kind)} is not a sanction for this route here; choose one of: " + ", ".join(
            catalogue
        )
    return None


def conflicted_handler(role: str, person_id: int | None, complainant_id: int, subject_id: int,
                       involved: dict[int, set[str]] | None = None):
    side = conflict_of((involved or {}).get(person_id)) if person_id is not None else None
    if side:
        if role in MO:
            return f"is {side} in the case, so cannot handle it; a deputy must"
        return f"is {side} in the case, so cannot handle it"
    if person_id is not None and person_id in (complainant_id, subject_id):
        if role in MO:
            return "is a party to the case, so cannot handle it; a deputy must"
        return "is a party to the case, so cannot handle it"
    return None
