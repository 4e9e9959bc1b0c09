"""The two routes to resolution of seed 004, section 21.15, as state machines.

Every transition carries the same condition, `guards_pass`, answered by the guard context
the service binds to the machine (casework.workflow.guards), so a machine alone knows the
shape of a route and the context knows whether this case, now, may take a step.

A member's route holds both regimes: the steps only one regime has are listed in REGIME_ONLY
(casework.workflow.regimes), which the guards enforce and the diagram of each regime leaves out.
"""

from statemachine import State, StateMachine

from casework.workflow.regimes import REGIME_ONLY, regime_of  # noqa: F401  (callers name them from here)
from casework.workflow.stages import STATE_TITLES

G = {"cond": "guards_pass"}
O, M = STATE_TITLES["officer"], STATE_TITLES["member"]


class OfficerRoute(StateMachine):
    """21.15(a): a Member complains about an Officer."""

    received = State(O["received"], initial=True)
    informal_resolution = State(O["informal_resolution"])
    line_manager = State(O["line_manager"])
    head_of_service = State(O["head_of_service"])
    disciplinary = State(O["disciplinary"])
    outcome = State(O["outcome"])
    appeal = State(O["appeal"])
    paused = State(O["paused"])
    resolved = State(O["resolved"])
    no_breach = State(O["no_breach"])
    no_action = State(O["no_action"])
    withdrawn = State(O["withdrawn"])
    discontinued = State(O["discontinued"])
    closed = State(O["closed"])

    _open = (received, informal_resolution, line_manager, head_of_service, disciplinary,
             outcome, appeal)

    try_informal = received.to(informal_resolution, **G)
    refer_to_line_manager = received.to(line_manager, **G)
    escalate = (
        informal_resolution.to(line_manager, **G)
        | line_manager.to(head_of_service, **G)
        | head_of_service.to(disciplinary, **G)
    )
    refer_serious = received.to(disciplinary, **G) | line_manager.to(disciplinary, **G)
    resolve = (
        informal_resolution.to(resolved, **G)
        | line_manager.to(resolved, **G)
        | head_of_service.to(resolved, **G)
    )
    no_further_action = (
        received.to(no_action, **G)
        | informal_resolution.to(no_action, **G)
        | line_manager.to(no_action, **G)
        | head_of_service.to(no_action, **G)
    )
    find_breach = disciplinary.to(outcome, **G)
    find_no_breach = disciplinary.to(no_breach, **G) | head_of_service.to(no_breach, **G)
    lodge_appeal = outcome.to(appeal, **G)
    dismiss_appeal = appeal.to(closed, **G)  # heard once: the outcome stands and the matter ends
    uphold_appeal = appeal.to(no_breach, **G)
    close = outcome.to(closed, **G)
    withdraw = (
        received.to(withdrawn, **G)
        | informal_resolution.to(withdrawn, **G)
        | line_manager.to(withdrawn, **G)
        | head_of_service.to(withdrawn, **G)
        | disciplinary.to(withdrawn, **G)
    )
    # A pause from any open stage remembers it; resume returns there and nowhere else.
    pause = paused.from_(*_open, **G)
    refer_to_police = paused.from_(*_open, **G)
    review_pause = paused.to.itself(**G)
    resume = paused.to(*_open, **G)
    discontinue = paused.to(discontinued, **G)
    reopen = (
        resolved.to(received, **G)
        | no_breach.to(received, **G)
        | no_action.to(received, **G)
        | withdrawn.to(received, **G)
        | discontinued.to(received, **G)
        | closed.to(received, **G)
    )


class MemberRoute(StateMachine):
    """21.15(b): an Officer complains about a Member."""

    received = State(M["received"], initial=True)
    hos_consulted = State(M["hos_consulted"])
    assessment = State(M["assessment"])
    local_resolution = State(M["local_resolution"])
    investigation = State(M["investigation"])
    decision = State(M["decision"])
    hearing = State(M["hearing"])
    sanctions = State(M["sanctions"])
    review = State(M["review"])
    paused = State(M["paused"])
    with_ombudsman = State(M["with_ombudsman"])
    panel_appeal = State(M["panel_appeal"])
    panel_recommendation = State(M["panel_recommendation"])
    resolved = State(M["resolved"])
    no_breach = State(M["no_breach"])
    no_action = State(M["no_action"])
    withdrawn = State(M["withdrawn"])
    discontinued = State(M["discontinued"])
    ombudsman_declined = State(M["ombudsman_declined"])
    adjudication_panel = State(M["adjudication_panel"])
    closed = State(M["closed"])

    _open = (received, hos_consulted, assessment, local_resolution, investigation, decision,
             hearing, sanctions, review)

    consult_head_of_service = received.to(hos_consulted, **G)
    refer_to_monitoring_officer = received.to(assessment, **G) | hos_consulted.to(assessment, **G)
    seek_local_resolution = assessment.to(local_resolution, **G) | decision.to(local_resolution, **G)
    investigate = assessment.to(investigation, **G) | local_resolution.to(investigation, **G)
    complete_investigation = investigation.to(decision, **G)
    refer_to_hearing = decision.to(hearing, **G)
    resolve = hos_consulted.to(resolved, **G) | local_resolution.to(resolved, **G)
    no_further_action = assessment.to(no_action, **G)
    find_no_breach = decision.to(no_breach, **G) | hearing.to(no_breach, **G)
    find_breach = hearing.to(sanctions, **G)
    request_review = no_action.to(review, **G)
    confirm_decision = review.to(no_action, **G)
    reassess = review.to(assessment, **G)
    # Wales: a code complaint goes to the Ombudsman, whose outcome brings it back (LGA 2000
    # ss.69-71, SI 2001/2281 reg. 3).
    refer_to_ombudsman = assessment.to(with_ombudsman, **G) | local_resolution.to(with_ombudsman, **G)
    ombudsman_declines = with_ombudsman.to(ombudsman_declined, **G)
    ombudsman_refers_for_investigation = with_ombudsman.to(investigation, **G)
    ombudsman_reports_to_committee = with_ombudsman.to(hearing, **G)
    ombudsman_refers_to_panel = with_ombudsman.to(adjudication_panel, **G)
    # Wales: the member's appeal to the Adjudication Panel, and the committee's answer to a
    # recommendation (SI 2001/2281 reg. 9(2)); either way a new notice follows (reg. 9(3)).
    appeal_to_panel = sanctions.to(panel_appeal, **G)
    panel_endorses = panel_appeal.to(sanctions, **G)
    panel_recommends = panel_appeal.to(panel_recommendation, **G)
    uphold_determination = panel_recommendation.to(sanctions, **G)
    accept_recommendation = panel_recommendation.to(sanctions, **G)
    close = sanctions.to(closed, **G)
    withdraw = (
        received.to(withdrawn, **G)
        | hos_consulted.to(withdrawn, **G)
        | assessment.to(withdrawn, **G)
        | local_resolution.to(withdrawn, **G)
        | investigation.to(withdrawn, **G)
        | decision.to(withdrawn, **G)
        | hearing.to(withdrawn, **G)
    )
    pause = paused.from_(*_open, **G)
    refer_to_police = paused.from_(*_open, **G)
    review_pause = paused.to.itself(**G)
    resume = paused.to(*_open, **G)
    discontinue = paused.to(discontinued, **G)
    # The complainant may withdraw, but the Monitoring Officer may still pursue the complaint
    # where the public interest requires it; it goes on from the stage it was withdrawn at.
    continue_after_withdrawal = withdrawn.to(*_open, **G)
    reopen = (
        resolved.to(assessment, **G)
        | no_breach.to(assessment, **G)
        | no_action.to(assessment, **G)
        | withdrawn.to(assessment, **G)
        | discontinued.to(assessment, **G)
        | ombudsman_declined.to(assessment, **G)
        | adjudication_panel.to(assessment, **G)
        | closed.to(assessment, **G)
    )


ROUTES: dict[str, type[StateMachine]] = {"officer": OfficerRoute, "member": MemberRoute}

def route_class(route: str) -> type[StateMachine]:
    return ROUTES[route]


def events_from(route: str, state: str) -> list[str]:
    """Events a route offers from a state, in the order the route declares them."""
    source = ROUTES[route].states_map[state]
    seen: dict[str, None] = {}
    for transition in source.transitions:
        for name in transition.events:
            seen.setdefault(str(name), None)
    return list(seen)


def target_of(route: str, state: str, event: str) -> str | None:
    """Where an event leads from a state; for `resume`, whose target is the stage the pause
    left, the first of them (the service asks the case)."""
    source = ROUTES[route].states_map[state]
    for transition in source.transitions:
        if transition.match(event):
            return transition.target.id
    return None


def all_events(route: str) -> list[str]:
    return [e.id for e in ROUTES[route].events]
