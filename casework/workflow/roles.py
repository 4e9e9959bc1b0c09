"""Who may do what. Enforced by the services, whatever face calls them."""

from db.roles import ROLES as ALL_ROLES

MO = frozenset({"monitoring-officer", "deputy-monitoring-officer"})
ROLE_TITLES = {
    "monitoring-officer": "Monitoring Officer",
    "deputy-monitoring-officer": "Deputy Monitoring Officer",
    "hr": "HR adviser",
    "clerk": "committee clerk",
    "investigator": "Investigating Officer",
    "independent-person": "Independent Person",
    "viewer": "viewer",
}
WRITERS = frozenset(ALL_ROLES) - {"viewer"}
# Who reads, verifies and seals the audit trail.
AUDIT_READERS = MO | {"hr", "clerk"}

# Events anyone of the route's handling roles may fire, unless listed below.
_ROUTE_HANDLERS = {"officer": MO | {"hr"}, "member": MO}
# (route, event, source state or None for any) -> extra roles.
_EXTRA = {
    ("member", "complete_investigation", None): {"investigator"},
    ("member", "find_breach", "hearing"): {"clerk"},
    ("member", "find_no_breach", "hearing"): {"clerk"},
    ("member", "close", "sanctions"): {"clerk"},
    # Wales: what the Adjudication Panel and the committee decide after a hearing, as the
    # clerk to the committee records it.
    **{("member", e, None): {"clerk"} for e in (
        "appeal_to_panel", "panel_endorses", "panel_recommends", "uphold_determination",
        "accept_recommendation")},
}
# Only the Monitoring Officer (or deputy) reopens a case, whatever the route.
_ONLY_MO = frozenset({"reopen"})
# On the officer route the finding, the disciplinary outcome and the appeal are the employer's
# decisions under its disciplinary procedure (ACAS Code of Practice 1, paras 18-27), recorded
# by HR for management; the Monitoring Officer advises and does not record them.
_EMPLOYER_DECISIONS = frozenset(
    {("officer", e) for e in ("find_breach", "find_no_breach", "lodge_appeal", "dismiss_appeal",
                              "uphold_appeal")})

ACTION_ROLES = {
    "open": MO | {"hr", "clerk"},
    "note": WRITERS,
    # s.28(7): the view is the Independent Person's own, so only they record it.
    "ip-view": frozenset({"independent-person"}),
    "attach": WRITERS,
    "assign": MO | {"hr"},
    # Witnesses, earlier advisers and panel members: who runs the case, and the clerk who
    # serves the Standards Committee's panels.
    "involve": MO | {"hr", "clerk"},
    "sanction-member": MO | {"clerk"},
    "sanction-officer": frozenset({"hr"}),  # the employer's sanction, as its findings
    # casework.workflow.measures: suspending an employee is the employer's act; protecting an
    # officer who complains is the Monitoring Officer's or HR's.
    "measure-officer": frozenset({"hr"}),
    "measure-member": MO | {"hr"},
    "people": MO | {"hr", "clerk"},
    "users": MO,
    "import": MO,
    # The records' life (casework.records): who keeps a case from disposal with a legal hold,
    # who reads the retention schedule of every ended case, and who disposes of one when due.
    "hold": MO,
    "retention": MO,
    "dispose": MO,
    # A redacted copy is what the public reads of a paper in place of the original, so it is
    # made by those who publish the route's hearing bundles (casework.access.rules.may_bundle),
    # not by every role that may file papers.
    "redact-member": MO | {"clerk"},
    "redact-officer": MO | {"hr"},
    # The public register of complaints about Members is published by those who issue its
    # decision notices (casework.exports.decision); taking a notice back is the Monitoring
    # Officer's, whose arrangements published it.
    "publish": MO | {"clerk"},
    "withdraw-notice": MO,
    # Subject access requests: the Monitoring Officer and deputies are the data-protection
    # contact for complaint files, and a request's very existence is personal data.
    "sar": MO,
}


def may_fire(role: str, route: str, event: str, source: str) -> bool:
    if event in _ONLY_MO:
        return role in MO
    if (route, event) in _EMPLOYER_DECISIONS:
        return role == "hr"
    if role in _ROUTE_HANDLERS[route]:
        return True
    extra = _EXTRA.get((route, event, source)) or _EXTRA.get((route, event, None))
    return bool(extra and role in extra)


def who_may_fire(route: str, event: str, source: str) -> list[str]:
    return [r for r in ALL_ROLES if may_fire(r, route, event, source)]


def may(role: str, action: str) -> bool:
    return role in ACTION_ROLES[action]


def titles(roles) -> str:
    names = [ROLE_TITLES[r] for r in roles]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
