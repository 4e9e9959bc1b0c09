"""The papers a step of a route needs before it is taken, filed to sections fixed here: a
council's profile may retitle a section but not take away one the law or the ACAS Code asks for."""

# Section key -> the title used when a council's profile does not give its own.
BOTH_REGIMES = {
    # Fair process at assessment: the subject member told of the complaint, invited to comment.
    "subject-notice": "Notice of the complaint to the subject member, inviting comment",
    # Natural justice: both parties comment on the draft before the report is final.
    "draft-report": "The Investigating Officer's draft report, sent to both parties for comment",
    "investigation-report": "The Investigating Officer's final report, with comments on the draft",
    # Natural justice: the parties are told when and where the hearing is, and of their rights.
    "hearing-notice": "Notice of the hearing served on the parties",
    # ACAS Code of Practice 1 (2015), para. 9: the allegations and the evidence, in writing.
    "allegations": "Written allegations and evidence sent to the employee",
    # ACAS Code para. 10; Employment Relations Act 1999 s.10 (the right to be accompanied).
    "invitation": "Invitation to the disciplinary meeting, with the right to be accompanied",
    # ACAS Code paras. 18 and 22: the decision in writing, with the right of appeal.
    "outcome-letter": "Disciplinary outcome letter, with the right of appeal",
    # Every other letter and notice casework issues (casework.letters).
    "correspondence": "Letters and notices to the parties",
}
REGIME_SECTIONS = {
    "england": {
        # SI 2015/881 Sch. 1 and 2: a statutory officer is dismissed only after a panel of at
        # least two Independent Persons has advised and the full council has resolved.
        "ip-panel": "Advice of the panel of Independent Persons (dismissal of a statutory officer)",
        "council-resolution": "The council's resolution (dismissal of a statutory officer)",
    },
    "wales": {
        # Local Government Act 2000 s.71(2): the committee hears the matter on the report.
        "ombudsman-report": "The Public Services Ombudsman for Wales's report",
    },
}

# The papers and notes of one round of the procedure. A reopened case goes through it again,
# so what was filed before the last reopening belonged to the earlier round and no longer counts:
# a second investigation has its own draft, a second hearing its own notice.
ROUND_PAPERS = frozenset({
    "draft-report", "investigation-report", "hearing-notice", "allegations", "invitation",
    "outcome-letter", "ombudsman-report", "ip-panel", "council-resolution",
})
ROUND_NOTES = frozenset({"meeting"})

# Posts whose holders a council dismisses only as SI 2015/881 lays down (England).
STATUTORY_POSTS = {
    "head-of-paid-service": "Head of Paid Service",
    "monitoring-officer": "Monitoring Officer",
    "chief-finance-officer": "Chief finance officer (s.151 officer)",
}


def required_sections(regime: str) -> dict[str, str]:
    return {**BOTH_REGIMES, **REGIME_SECTIONS.get(regime, {})}


# Kinds of note, as each face names them mid-sentence. Localism Act 2011 s.28(7): an Independent Person's
# view is sought by the authority before its decision (ip-view), and may be sought by the member
# complained about (ip-subject); one person does not do both on a case, and the advice given to
# the member is not the view the decision takes into account.
NOTE_TITLES = {
    "note": "note",
    "ip-view": "Independent Person's view",
    "ip-subject": "Independent Person's advice to the subject member (s.28(7)(b))",
    "meeting": "note of the disciplinary meeting",
}
IP_KINDS = ("ip-view", "ip-subject")


def note_mark(note: dict) -> str:
    """How a note's kind reads before its text, on every face of the case."""
    if note["kind"] == "ip-view":
        return "[IP view] "
    if note["kind"] == "ip-subject":
        return "[IP advice to the subject member] "
    if note["kind"] == "meeting":
        who = note.get("companion") or "none"
        return "[meeting, alone] " if who.lower() == "none" else f"[meeting, accompanied by {who}] "
    return ""
