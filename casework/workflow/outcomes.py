"""What a complaint came to, read from the state it stands in: the annual report counts these,
and the retention schedule keeps a case's records for a time that depends on them."""

from casework.workflow.stages import ENDED, STATE_TITLES

# A finding of breach stands from the hearing's or disciplinary decision on, whether or not the
# case is closed yet.
OUTCOMES = {
    "resolved": "resolved",
    "no_action": "no_action",
    "withdrawn": "withdrawn",
    "no_breach": "no_breach",
    "sanctions": "breach", "outcome": "breach", "appeal": "breach", "closed": "breach",
    "panel_appeal": "breach", "panel_recommendation": "breach",
    "discontinued": "discontinued",
    "ombudsman_declined": "referred", "adjudication_panel": "referred", "referred": "referred",
}
OUTCOME_TITLES = {
    "resolved": "Resolved informally or by local resolution",
    "no_action": "No further action",
    "withdrawn": "Withdrawn by the complainant",
    "no_breach": "No breach found (no case to answer)",
    "breach": "Breach found",
    "discontinued": "Discontinued while paused",
    "referred": "Ended by the Ombudsman (declined, or referred to the Adjudication Panel)",
    "open": "Still in progress, no decision yet",
}
# The outcomes a case of each route can end with (the Ombudsman's are a Member's alone).
ENDED_OUTCOMES = {route: tuple(dict.fromkeys(OUTCOMES[s] for s in titles if s in ENDED))
                  for route, titles in STATE_TITLES.items()}


def outcome_of(state: str) -> str:
    return OUTCOMES.get(state, "open")
