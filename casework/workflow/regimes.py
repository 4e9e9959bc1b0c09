"""The steps of a member's route that only one regime has: England (Localism Act 2011) or Wales
(LGA 2000 Part III, the Public Services Ombudsman for Wales). Apart from the route's machine
(casework.workflow.routes), so that what reads them need not build it."""

WALES_ONLY = frozenset({
    "refer_to_ombudsman", "ombudsman_declines", "ombudsman_refers_for_investigation",
    "ombudsman_reports_to_committee", "ombudsman_refers_to_panel", "appeal_to_panel",
    "panel_endorses", "panel_recommends", "uphold_determination", "accept_recommendation",
})
# (event, source) -> the one regime that has the step; None for any source.
REGIME_ONLY: dict[tuple[str, str | None], str] = {
    **{(event, None): "wales" for event in WALES_ONLY},
    # In Wales the Monitoring Officer investigates a code complaint only on the Ombudsman's
    # referral (LGA 2000 s.70(4)), never on their own assessment.
    ("investigate", "assessment"): "england",
    ("investigate", "local_resolution"): "england",
}


def regime_of(event: str, source: str) -> str | None:
    """The one regime that has this step, or None when both do."""
    return REGIME_ONLY.get((event, source)) or REGIME_ONLY.get((event, None))
