"""Planning for the bulk demo (casework.demo.bulk): each case's path through its route's
state machine, as casework.demo.council would play it. The parties are drawn as the demo draws them,
each step is dated on or after the one before, the real guards approve every step (the papers
they require are filed first), and the steps are weighted as the demo's own paths take them.
A plan is a list of dated actions; casework.demo.rows turns them into rows.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from casework.cases.opening import HANDLER_ROLES
from casework.demo import council as demo
from casework.demo import data as D
from casework.demo import text as T
from casework.demo.documents import DOCUMENTS
from casework.demo.habits import IP_KEYS, MORE_NOTES, NOTE_KEYS, WEIGHTS
from casework.workflow.assessment import ASSESSMENT_DECISIONS, CODE_ONLY, NFA_REASONS
from casework.workflow.events import NEEDS_NOTE, NOTICE_STAGES, PAUSES, WINDOWS
from casework.workflow.guards import (
    GUARDS,
    GuardContext,
    acas_steps_taken,
    appeal_heard_by_another,
    assessment_classified,
    decision_notice_issued,
    draft_report_shared,
    hearing_prepared,
    investigation_report_filed,
    ip_view_recorded,
    outcome_in_writing,
    route_chosen,
    sanction_refusal,
    sanctions_settled,
    subject_heard,
)
from casework.workflow.involvement import HEARING_NOTICE
from casework.workflow.papers import ROUND_NOTES, ROUND_PAPERS
from casework.workflow.roles import may_fire
from casework.workflow.routes import events_from, target_of
from casework.workflow.sanctions import SUSPENSIONS
from casework.workflow.stages import ENDED

# Pauses move a case's dates by its review and its resumption; the bulk cases leave them to the
# demo council, whose police referral shows one.
PAUSING = PAUSES | {"resume", "discontinue", "continue_after_withdrawal"}
STALL = 0.03  # chance, at each open stage, that nobody moves the case on: it goes overdue
STAY_ENDED = 60  # against reopen's weight of 1: few ended cases are reopened
VARIANTS = 6  # texts per document kind and route; cases share them so the file stays small
MAX_ACTIONS = 400  # a bound on the rare case that is reopened again and again
# Sanctions with a date to meet, settled before the case closes; the rest (a censure, a
# warning) take effect when recorded.
DATED = frozenset({"apology", "training", "management-advice", "restrict-access",
                   "remove-from-committees"})
# Guards whose precondition the walk files just before the step; a step that any other
# guard refuses is not taken.
# (An appeal is given to an adviser who did not record the outcome.)
PREPARED = (assessment_classified, subject_heard, ip_view_recorded, investigation_report_filed, sanctions_settled, appeal_heard_by_another,
            decision_notice_issued, acas_steps_taken, outcome_in_writing, hearing_prepared,
            draft_report_shared, route_chosen)
# The machine's answers never change; asking python-statemachine each time was a third of
# the planning time.
events_from, target_of = lru_cache(None)(events_from), lru_cache(None)(target_of)


@dataclass(slots=True, eq=False)
class _Case:
    ref: str
    route: str
    complainant: str
    subject: str
    clause: str
    summary: str
    received: date
    confidential: bool
    handler: str = ""
    state: str = "received"
    entered: date | None = None
    actions: list = field(default_factory=list)  # (day, login, kind, *details), in order
    sanctions: list = field(default_factory=list)  # [kind, detail, due, complied, reason]
    ids: list = field(default_factory=list)  # case id then sanction ids, given while writing
    noticed: bool = False  # the decision notice issued since the finding: nothing more is due
    classification: str | None = None  # the Monitoring Officer's latest, as the case row keeps it
    complainant_choice: str | None = None  # an officer complainant's procedure, as the row keeps it
    withdrawn_from: str | None = None  # the stage it was withdrawn at, as the case row keeps it


class _Stop(Exception):
    """The next step would fall after today (or past MAX_ACTIONS): the case stays put."""


def _plan(world, rng, members, officers, received, ref, samples) -> _Case:
    """The parties as casework.demo.council draws them, then a walk along the route."""
    route, clause, facts, confidential = demo.draw_complaint(
        rng, world.clauses, members, officers, received)
    if len(samples[route]) < VARIANTS:  # the first cases lend their facts to shared texts
        samples[route].append((ref, facts))
    case = _Case(ref, route, facts["complainant"], facts["subject"], clause,
                 facts["summary"].strip(), received, confidential, entered=received)
    team = world.team
    if route == "member":
        opener, handler = team["mo"], rng.choice([team["mo"]] * 3 + team["deputy"])
    else:
        handler = rng.choice(team["hr"])
        opener = rng.choice([handler] * 4 + [team["mo"]])
    who = {"opener": opener, "handler": handler, "mo": team["mo"], "inv": team["inv"][0],
           "clerk": team["clerk"][0], "ip": rng.choice(team["ip"]),
           "appeals": next((h for h in team["hr"] if h != handler), handler)}
    _Walk(world, rng, case, facts, who).walk()
    return case


class _Walk:
    """Plans one case's history step by step, each step dated on or after the one before."""

    def __init__(self, world, rng, case: _Case, facts: dict, who: dict):
        self.w, self.rng, self.c, self.facts, self.who = world, rng, case, facts, who
        self.day, self.serious, self.filed, self.granted = case.received, False, {}, False
        p = world.profile
        self.ctx = GuardContext(case.ref, case.route, p.regime, p.independent_person_required,
                                "", "viewer", None, world.people[case.complainant],
                                world.people[case.subject])
        self.ctx.complainant_kind = world.kinds[case.complainant]

    def walk(self) -> None:
        try:
            self._open()
            while self.c.state in ENDED or self.rng.random() >= STALL:
                event = self._choose()
                if not event:
                    break
                self._step(event)
        except _Stop:
            pass

    def _emit(self, day: date, login: str, kind: str, *details) -> None:
        if day > self.w.today or len(self.c.actions) >= MAX_ACTIONS:
            raise _Stop
        self.day = day
        self.c.actions.append((day, login, kind, *details))

    def _later(self, lo: int, hi: int) -> date:
        return self.w.cal.add_working_days(self.day, self.rng.randint(lo, hi))

    def _before(self, end: date) -> date:
        """A working day from the last step up to `end`."""
        span = self.w.cal.working_days_between(self.day, end)
        return self.w.cal.add_working_days(self.day, self.rng.randint(0, span))

    def _text(self, key: str, needed: bool = False) -> str | None:
        texts = [t for t in T.NOTES.get(key) or MORE_NOTES.get(key) or [] if t or not needed]
        choice = self.rng.choice(texts) if texts else None
        return choice.format(**self.facts).strip() if choice else None

    def _note(self, day, login, key, kind="note", confidential=False) -> None:
        self.w.check(login, "ip-view" if kind == "ip-view" else "note")
        companion = self.rng.choice(T.COMPANIONS).format(**self.facts) if kind == "meeting" else None
        self._emit(day, login, "note", self._text(key, True), kind, confidential, companion)
        self.ctx.note_kinds.add(kind)

    def _doc(self, day, login, kind) -> None:
        section = DOCUMENTS[kind][0]
        if section in self.w.profile.bundle_sections:  # a council may bind fewer sections
            self.w.check(login, "attach")
            # One of the shared texts, under a file name of its own.
            nth = self.filed.get(kind, 0)
            self._emit(day, login, "doc", kind, self.rng.randrange(VARIANTS), nth)
            self.ctx.sections.add(section)
            self.filed[kind] = nth + 1

    def _open(self) -> None:
        c, who, rng = self.c, self.who, self.rng
        self.w.check(who["opener"], "open")
        self._emit(c.received, who["opener"], "open")
        if self.w.users[who["opener"]][1] in HANDLER_ROLES[c.route]:
            c.handler = who["opener"]  # as open_case: whoever logs it handles it, if they may
        self._doc(c.received, who["opener"], "complaint")
        if who["handler"] != c.handler:
            self.w.check(who["mo"], "assign")
            self._emit(self._later(0, 1), who["mo"], "assign", who["handler"], c.handler)
            c.handler = who["handler"]
        if rng.random() < 0.5:
            self._note(self._later(0, 2), who["handler"], "ack")
        if rng.random() < 0.6:
            self._doc(self._later(0, 2), who["handler"], "evidence")
        if rng.random() < 0.25:
            self._note(self._later(0, 3), who["handler"], "secret", confidential=True)

    def _choose(self) -> str:
        """An event of the machine from here, by weight; "" leaves an ended case ended."""
        c = self.c
        table = WEIGHTS.get((c.route, c.state), {})
        options = [(e, table.get(e, 1)) for e in events_from(c.route, c.state)
                   if e not in PAUSING and self._possible(e)]
        if c.state in ENDED:
            options.append(("", STAY_ENDED))
        return self.rng.choices([e for e, _ in options], [w for _, w in options])[0]

    def _possible(self, event: str) -> bool:
        target = target_of(self.c.route, self.c.state, event)
        no_report = "investigation-report" not in self.w.profile.bundle_sections
        for guard in GUARDS:
            if guard(self.ctx, event, self.c.state, target) and (
                    guard not in PREPARED or guard is investigation_report_filed and no_report):
                return False
        return True

    def _step(self, event: str) -> None:
        c, rng, who, ctx = self.c, self.rng, self.who, self.ctx
        source, target = c.state, target_of(c.route, c.state, event)
        days = self.w.profile.timescales.get(source)
        if days is None:
            stay = rng.randint(10, 120)  # ended, until someone reopens it
        elif event == "lodge_appeal":
            stay = rng.randint(1, max(days, 1))  # inside the appeal window
        elif source in WINDOWS:
            stay = days + rng.randint(0, 15)  # a period waited out, not work to finish
        elif rng.random() < 0.8:
            stay = rng.randint(1, max(days, 1))
        else:
            stay = rng.randint(days + 1, 2 * days + 2)  # late: the deadline is missed
        end = max(self.w.cal.add_working_days(c.entered, stay), self.day)
        self._papers(source, event, end)
        # What the guards require, filed just in time if the stage's papers lacked it.
        ctx.reason = None
        if c.route == "member" and event in ASSESSMENT_DECISIONS:
            wanted = self._classification(event)
            if wanted != ctx.classification:
                self._classify(self._before(end), wanted)
        if event == "no_further_action":
            ctx.reason = self._nfa_reason()
        if route_chosen(ctx, event, source, target):
            self._emit(self._before(end), who["handler"], "choice", "protocol", None,
                       self._text("choice_protocol", True))
            ctx.complainant_choice = c.complainant_choice = "protocol"
        if subject_heard(ctx, event, source, target):
            self._doc(self._before(end), who["handler"], "subject_notice")
        if ip_view_recorded(ctx, event, source, target):
            if not self.granted:  # s.28(7)(a): the view of an Independent Person assigned
                self._emit(self._before(end), who["mo"], "grant", who["ip"])
                self.granted = True
            self._note(self._before(end), who["ip"], IP_KEYS.get(event, "ip_breach"), "ip-view")
            ctx.ip_view_after_investigation = True
        if draft_report_shared(ctx, event, source, target):
            self._doc(self._before(end), who["inv"], "draft")
        if investigation_report_filed(ctx, event, source, target):
            self._doc(self._before(end), who["inv"], "report")
        if acas_steps_taken(ctx, event, source, target):  # the ACAS Code's steps, in order
            for kind in ("allegations", "invitation"):
                if DOCUMENTS[kind][0] not in ctx.sections:
                    self._doc(self._before(end), who["handler"], kind)
            if "meeting" not in ctx.note_kinds:
                self._note(self._before(end), who["handler"], "meeting", "meeting", True)
        if outcome_in_writing(ctx, event, source, target):
            self._doc(self._before(end), who["handler"], "outcome_letter")
        if sanctions_settled(ctx, event, source, target):
            self._settle(end)
        if hearing_prepared(ctx, event, source, target):
            self._hearing(end)
        if decision_notice_issued(ctx, event, source, target):
            self._emit(self._before(end), who["clerk"], "notice")
            ctx.notice_issued = c.noticed = True
        actor = who["mo"] if event == "reopen" else who["handler"]
        if c.route == "member" and event == "complete_investigation":
            actor = who["inv"]
        elif event in ("dismiss_appeal", "uphold_appeal"):
            actor = who["appeals"]
        elif source in ("hearing", "sanctions") and may_fire("clerk", c.route, event, source):
            actor = who["clerk"]
        key = NOTE_KEYS.get((c.route, event, source)) or NOTE_KEYS.get((c.route, event, None))
        if ctx.reason == "outside-remit" and c.route == "member":
            key = "nfa_outside"
        ctx.note = self._text(key or event, event in NEEDS_NOTE)  # reopen, refer_to_ombudsman
        ctx.actor_login, (_, ctx.actor_role, ctx.actor_person_id) = actor, self.w.users[actor]
        refused = ctx.refusals(event, source, target)
        if refused:
            raise RuntimeError(f"bulk demo: the services would refuse {event} on {c.ref}: {refused}")
        self._emit(end, actor, "move", event, source, target, ctx.note, ctx.reason)
        c.state, c.entered = target, end
        c.withdrawn_from = source if event == "withdraw" else None
        if event == "complete_investigation":
            ctx.ip_view_after_investigation = False  # a view must follow this report
        elif event == "reopen":  # a new round of the procedure: its own papers and panel
            ctx.stale = (ctx.sections & ROUND_PAPERS) | (ctx.note_kinds & ROUND_NOTES)
            ctx.sections -= ROUND_PAPERS
            ctx.note_kinds -= ROUND_NOTES
            ctx.seated.clear()
            self.filed.pop("notice", None)
        if target in NOTICE_STAGES:
            ctx.notice_issued = c.noticed = False  # a notice must follow this finding
        elif target == "outcome":
            ctx.outcome_by = actor
        self.serious = self.serious or event == "refer_serious"
        if event == "find_breach":
            self._sanction()
        elif event == "uphold_appeal":
            self._settle(self._later(0, 1), T.RESCINDED)

    def _hearing(self, end: date) -> None:
        """The notice of the hearing served, and the panel that hears it recorded."""
        clerk = self.who["clerk"]
        if HEARING_NOTICE not in self.ctx.sections:
            self._doc(self._before(end), clerk, "notice")
        if not any("hearing-panel" in held for held in self.ctx.seated.values()):
            self.w.check(clerk, "involve")
            day = self._before(end)
            for name in D.panel_for(self.rng, self.c.subject, self.c.complainant):
                self._emit(day, clerk, "involve", name, "hearing-panel")
                self.ctx.involved.setdefault(self.w.people[name], set()).add("hearing-panel")
                self.ctx.seated.setdefault(self.w.people[name], set()).add("hearing-panel")

    def _classification(self, event: str) -> str:
        """What the Monitoring Officer makes of the complaint, as the decision needs it."""
        now = self.ctx.classification
        if event in CODE_ONLY:
            return "code"
        if event == "no_further_action":
            return now or self.rng.choices(("code", "protocol", "outside"), (3, 2, 1))[0]
        return now if now in ("code", "protocol") else self.rng.choice(("protocol", "code"))

    def _classify(self, day: date, kind: str) -> None:
        login = self.who["handler"]
        self._emit(day, login, "classify", kind, self.ctx.classification,
                   self._text(f"classify_{kind}", True))
        self.ctx.classification = self.c.classification = kind

    def _nfa_reason(self) -> str:
        if self.c.route == "member" and self.ctx.classification == "outside":
            return "outside-remit"
        reasons = [r for r in NFA_REASONS if self.c.route == "officer" or r != "outside-remit"]
        return self.rng.choices(reasons, [6 if r == "below-threshold" else 1 for r in reasons])[0]

    def _papers(self, source: str, event: str, end: date) -> None:
        """What is filed while a stage runs."""
        rng, who, h = self.rng, self.who, self.who["handler"]
        if source not in ENDED:
            if rng.random() < 0.15:
                self._note(self._before(end), h, "update")
            for _ in range(rng.choice((0, 0, 1, 1, 2))):  # correspondence comes in
                self._doc(self._before(end), h, "evidence")
        if source == "assessment" and "response" not in self.filed and rng.random() < 0.8:
            self._doc(self._before(end), h, "response")
        elif source == "investigation" and rng.random() < 0.8:
            self._doc(self._before(end), who["inv"], "witness")
        elif source == "hearing" and "notice" not in self.filed:
            self._doc(self._before(end), who["clerk"], "notice")
        elif source == "disciplinary" and rng.random() < 0.8:
            self._doc(self._before(end), h, "hr_notes")
        if event == "complete_investigation":
            if self.c.route == "member" and "draft-report" not in self.ctx.sections:
                self._doc(self._before(end), who["inv"], "draft")  # the parties comment first
            self._doc(end, who["inv"], "report")

    def _sanction(self) -> None:
        c, member = self.c, self.c.route == "member"
        offered = self.w.profile.sanctions[c.route]
        prefer = D.SANCTION_CHOICES["officer-serious" if self.serious else c.route]
        login = self.who["clerk"] if member else self.who["handler"]
        self.w.check(login, f"sanction-{c.route}")
        day = self._later(0, 1)
        profile = self.w.profile
        kinds = [k for k in prefer if k in offered and (
            k not in SUSPENSIONS or demo.suspension_until(profile, c.route, k, day))] or ["censure"]
        for kind in self.rng.sample(kinds, k=min(len(kinds), self.rng.randint(1, 3 if member else 2))):
            refused = sanction_refusal(self.ctx, c.state, kind, offered)
            if refused:
                raise RuntimeError(f"bulk demo: {refused}")
            due = day + timedelta(days=28 if member else 10) if kind in DATED else None
            self._emit(day, login, "sanction", len(c.sanctions))
            c.sanctions.append([kind, (T.SANCTION_DETAILS.get(kind) or offered[kind]).strip(),
                                due, None, None, demo.suspension_until(profile, c.route, kind, day)])
            if due:
                self.ctx.open_sanctions.append(kind)

    def _settle(self, end: date, reason: str | None = None) -> None:
        """Compliance with each dated sanction, or with every one when an appeal rescinds them."""
        login = self.who["clerk"] if self.c.route == "member" else self.who["handler"]
        for i, s in enumerate(self.c.sanctions):
            if s[3] or s[4] or (s[2] is None and not reason):
                continue
            day = self._before(end)
            declined = s[0] == "apology" and self.rng.random() < 0.35
            why = reason or (T.DECLINED.format(**self.facts) if declined else None)
            self._emit(day, login, "comply", i, None if why else day, why)
            s[3], s[4] = None if why else day, why
        self.ctx.open_sanctions.clear()
