"""Words for events and stages, and which events need a note saying why."""

from casework.workflow.assessment import NFA_REASONS

EVENT_TITLES = {
    "try_informal": "Try informal resolution",
    "refer_to_line_manager": "Raise with the line manager",
    "escalate": "Escalate to the next stage",
    "refer_serious": "Refer a serious matter straight to the disciplinary procedure",
    "resolve": "Record as resolved",
    "no_further_action": "Take no further action",
    "find_breach": "Record a finding of breach",
    "find_no_breach": "Record a finding of no breach",
    "lodge_appeal": "Lodge an appeal",
    "dismiss_appeal": "Dismiss the appeal (the outcome stands; the matter ends)",
    "uphold_appeal": "Uphold the appeal (the finding is overturned)",
    "close": "Close the case",
    "withdraw": "Record withdrawal by the complainant",
    "reopen": "Reopen the case",
    "consult_head_of_service": "Consult the Head of Service or Director",
    "refer_to_monitoring_officer": "Refer to the Monitoring Officer",
    "seek_local_resolution": "Seek local resolution",
    "investigate": "Refer for investigation",
    "complete_investigation": "Record the final investigation report",
    "refer_to_hearing": "Refer to a Standards Committee hearing",
    "request_review": "Request a review of the decision",
    "confirm_decision": "Confirm the decision on review",
    "reassess": "Assess again after review",
    "refer_to_police": "Refer to the police (the case pauses)",
    "refer_to_ombudsman": "Refer to the Public Services Ombudsman for Wales",
    "pause": "Pause the case",
    "review_pause": "Review the pause and keep it",
    "resume": "Resume where the case paused",
    "continue_after_withdrawal": "Continue in the public interest despite the withdrawal",
    "discontinue": "Discontinue the paused case",
    "ombudsman_declines": "Record that the Ombudsman declines to investigate",
    "ombudsman_refers_for_investigation": "Record the Ombudsman's referral for investigation (s.70(4))",
    "ombudsman_reports_to_committee": "Record the Ombudsman's report to the Standards Committee (s.71(2))",
    "ombudsman_refers_to_panel": "Record the Ombudsman's referral to the Adjudication Panel (s.71(3))",
    "appeal_to_panel": "Record the member's appeal to the Adjudication Panel",
    "panel_endorses": "Record that the Panel endorses the committee's determination",
    "panel_recommends": "Record the Panel's recommendation of a different outcome",
    "uphold_determination": "Record that the committee upholds its determination (reg. 9(2))",
    "accept_recommendation": "Record that the committee accepts the Panel's recommendation (reg. 9(2))",
}

# Decisions that a person reading the file later must be able to understand.
NEEDS_NOTE = frozenset(
    {
        "refer_serious",
        "no_further_action",
        "find_breach",
        "find_no_breach",
        "dismiss_appeal",
        "uphold_appeal",
        "withdraw",
        "reopen",
        "request_review",
        "confirm_decision",
        "reassess",
        "refer_to_police",
        "refer_to_ombudsman",
        "pause",
        "review_pause",
        "resume",
        "continue_after_withdrawal",  # why the public interest outweighs the complainant's wish
        "discontinue",
        "ombudsman_declines",
        "ombudsman_refers_to_panel",
        "appeal_to_panel",
        "panel_endorses",
        "panel_recommends",
        "uphold_determination",
        "accept_recommendation",
        "refer_to_hearing",  # why the matter goes to the Standards Committee
        "resolve",  # how it was resolved: for HR, the outcome on the personnel file
    }
)

# What is due by the end of each stage's timescale.
STEP_TITLES = {
    "received": "acknowledge and route the complaint",
    "informal_resolution": "informal resolution",
    "line_manager": "line manager's response",
    "head_of_service": "Head of Service or Director's response",
    "disciplinary": "disciplinary decision",
    "outcome": "appeal window",
    "appeal": "appeal decision",
    "hos_consulted": "Head of Service or Director's view",
    "assessment": "initial assessment",
    "local_resolution": "local resolution agreed",
    "investigation": "final investigation report",
    "decision": "decision after investigation",
    "hearing": "hearing held",
    "sanctions": "decision notice",
    "review": "review decision",
    "paused": "review of the pause",
    "with_ombudsman": "review of the Ombudsman's progress",
}


# Events that stop a case's clock until a review date; the reasons a case is paused.
PAUSES = frozenset({"pause", "refer_to_police", "review_pause"})
PAUSE_REASONS = {
    "police": "a police investigation",
    "election": "an election period (pre-election guidance)",
    "ombudsman": "the Ombudsman is considering the matter",
    "illness": "a party's illness",
    "other": "another reason, given in the note",
}
# The same in Welsh, for letters written in Welsh.
PAUSE_REASONS_CY = {
    "police": "ymchwiliad gan yr heddlu",
    "election": "cyfnod etholiad (canllawiau cyn etholiad)",
    "ombudsman": "mae'r Ombwdsmon yn ystyried y mater",
    "illness": "salwch un o'r partïon",
    "other": "rheswm arall, a nodwyd yn y nodyn",
}

# What each of those events asks besides a note; the referral to the Ombudsman may set a review,
# and no further action says which of the reasons the annual report counts it under.
TERMS = {"pause": ("reason", "review"), "refer_to_police": ("review",),
         "review_pause": ("review",), "refer_to_ombudsman": ("review",),
         "no_further_action": ("reason",)}
# The reasons an event with a "reason" term chooses from.
REASONS_FOR = {"pause": PAUSE_REASONS, "no_further_action": NFA_REASONS}

# Events that take a case back to the stage it left (kept as the case's paused_from): the end
# of a pause, and a withdrawn complaint the Monitoring Officer continues in the public interest.
RETURNING = {"resume": "paused", "continue_after_withdrawal": "withdrawn"}

# Stages whose timescale is a period to wait out, not work to finish: the employee's time
# to appeal. Leaving it later is not a missed deadline.
WINDOWS = frozenset({"outcome"})
# Stages whose deadline is a duty met by issuing the decision notice (`casework decision REF`),
# which the audit trail records as an export of this name: a notice not issued in time is
# overdue, and leaving the stage does not meet it.
NOTICE_STAGES = frozenset({"sanctions"})
# Stages whose deadline leaving them does not measure, so reports of time taken pass them over.
NOT_MET_BY_LEAVING = WINDOWS | NOTICE_STAGES
DECISION_NOTICE = "decision notice"
# The audit action of a notice withdrawn (casework.exports.withdrawal): until another is issued,
# the finding is not made known, so the duty stands again.
NOTICE_WITHDRAWN = "notice-withdraw"
# Stages whose deadline is for a letter (casework.letters): issuing it in the stage meets the
# deadline on the letter's date, and the case is no longer due for it. A complaint is
# acknowledged within the "received" timescale, whether or not it has been triaged by then.
DUTY_LETTERS = {"received": "acknowledgement"}


def normalise_event(name: str) -> str:
    """Scripts may write find-breach or find_breach."""
    return name.strip().lower().replace("-", "_")


def event_title(name: str) -> str:
    return EVENT_TITLES.get(name, name.replace("_", " ").capitalize())


def event_phrase(name: str) -> str:
    """The title as it reads inside a sentence: 'cannot refer to a Standards Committee ...'."""
    title = event_title(name)
    return title[0].lower() + title[1:]
