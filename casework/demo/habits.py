"""What the demo council's paths teach the bulk walk (casework.demo.plan): how often each event
is taken from each state, which words explain a step, and the words for steps its fixed paths
never take."""

from casework.demo import data as D
from casework.workflow.routes import target_of


def _learn() -> tuple[dict, dict]:
    """How often casework.demo.council's paths take each event from each state, and which of its
    NOTES explains the step, so bulk cases keep the demo's mix and words: most complaints
    end informally or at local resolution, few reach a hearing or a disciplinary."""
    weights, notes = {}, {}
    for route, paths in D.PATHS.items():
        for weight, steps in paths:
            state = "received"
            for step in steps:
                target = target_of(route, state, step.do)  # None for papers: not an event
                if target:
                    table = weights.setdefault((route, state), {})
                    table[step.do] = table.get(step.do, 0) + weight
                    notes.setdefault((route, step.do, state), step.text)
                    notes.setdefault((route, step.do, None), step.text)
                    state = target
    return weights, notes


# Events a state offers that no path of the demo takes weigh 1, so the walk still reaches
# everything the machine allows (a withdrawal at a hearing, the Ombudsman in Wales).
WEIGHTS, NOTE_KEYS = _learn()
# Words demo_text lacks, because the fixed paths of demo_data never take these steps.
MORE_NOTES = {
    "update": ["Spoke to {complainant} to explain where the complaint has reached.",
               "Chased {subject} for a reply; reminder sent.",
               "Discussed progress with {hos}; next step agreed.",
               "{complainant} asked for an update; told the likely timescale."],
    "reopen": ["New information from {complainant} bears on the outcome; reopened.",
               "Reopened: the outcome was not sent to {subject} as required."],
    "refer_to_ombudsman": ["Referred to the Public Services Ombudsman for Wales; our process waits for the Ombudsman."],
    "ombudsman_declines": ["The Ombudsman has decided not to investigate: the test of evidence is not met.",
                           "The Ombudsman declines to investigate; it is not in the public interest to pursue."],
    "ombudsman_refers_to_panel": ["The Ombudsman has referred the matter to the Adjudication Panel for Wales."],
    "appeal_to_panel": ["{subject} has appealed the committee's determination to the Adjudication Panel for Wales."],
    "panel_endorses": ["The appeals tribunal endorsed the committee's determination."],
    "panel_recommends": ["The appeals tribunal recommends a lesser sanction."],
    "uphold_determination": ["The committee considered the recommendation and upholds its determination, for the reasons minuted."],
    "accept_recommendation": ["The committee accepts the tribunal's recommendation."],
}
IP_KEYS = {"find_no_breach": "ip_no_breach", "seek_local_resolution": "ip_local"}
