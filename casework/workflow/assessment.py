"""The Monitoring Officer's initial assessment of a complaint about a Member: what kind of
complaint it is, whether the complainant's name is kept from the subject, and why a complaint
goes no further, and the guards that hold the assessment decision back until each is settled
(each answers with a reason a person can read, or None; casework.workflow.guards runs them)."""

from casework.workflow import steps

# Where the assessment is still open to change: before investigation, and on review.
ASSESSING = ("received", "hos_consulted", "assessment", "local_resolution", "review")
# Is it the protocol alone, or also the Members' Code of Conduct? A code complaint takes the
# statutory route (Localism Act 2011 s.28; in Wales LGA 2000 s.69 and the Ombudsman); a
# complaint under the protocol alone ends in an internal outcome.
CLASSIFICATIONS = {
    "code": "under the Members' Code of Conduct (and the protocol)",
    "protocol": "under the Member/Officer Relations Protocol alone",
    "outside": "outside the remit (neither the protocol nor the code)",
    # Wales: a council may keep a local resolution protocol for low-level complaints one member
    # makes about another, which the Ombudsman expects to be used before a complaint reaches it.
    "low-level": "between members, low-level: for the council's local resolution protocol",
}
# Classifications that fit only one kind of complainant: the Member/Officer Relations Protocol
# governs an officer's complaint, the local resolution protocol one member's about another.
CLASSIFIED_FOR = {"protocol": "officer", "low-level": "member"}
# Assessment decisions open to each kind: a protocol-only complaint has no investigation,
# hearing or sanction; a complaint outside the remit can only go no further.
CODE_ONLY = frozenset({"investigate", "refer_to_ombudsman"})
ASSESSMENT_DECISIONS = frozenset(
    {"no_further_action", "seek_local_resolution", "investigate", "refer_to_ombudsman"})

# The complainant's request that their name be withheld from the subject member, and the
# Monitoring Officer's decision on it. Refused, the complainant is offered the chance to withdraw.
# A complaint made anonymously is another matter: the council does not know who made it, so
# it is taken further only where the Monitoring Officer records a public interest in doing so.
ANONYMITY = {
    "request": "requested",
    "grant": "granted",
    "refuse": "refused",
    "anonymous": "anonymous",
    "admit": "admitted",
}
ANONYMITY_TITLES = {
    "requested": "requested, not yet decided",
    "granted": "granted: the complainant's name is withheld from the subject",
    "refused": "refused: the complainant was offered the chance to withdraw",
    "anonymous": "the complaint was made anonymously: it goes further only in the public interest",
    "admitted": "made anonymously, and taken further in the public interest",
}
# What each decision may follow (None: nothing decided yet).
ANONYMITY_AFTER = {
    "request": (None,),
    "grant": ("requested", "refused"),
    "refuse": ("requested", "granted"),
    "anonymous": (None,),
    "admit": ("anonymous",),
}
# Decisions only the Monitoring Officer or a deputy takes; a handler records the others.
ANONYMITY_MO = frozenset({"grant", "refuse", "admit"})

# An officer who complains about a Member chooses how: under this protocol, as a complaint to
# the Monitoring Officer, or under the council's grievance or bullying and harassment procedure,
# where HR deals with it as the employer. The choice is recorded before the assessment decides.
CHOICES = {
    "protocol": "the protocol route: a complaint to the Monitoring Officer",
    "grievance": "the council's grievance or bullying and harassment procedure",
}

# Why a complaint goes no further, in the words the annual report counts them by.
NFA_REASONS = {
    "outside-remit": "outside the remit of the protocol and the code",
    "below-threshold": "below the threshold for further action",
    "not-public-interest": "not in the public interest to pursue",
    "duplicate": "the same matter is already being or has been dealt with",
    "vexatious": "vexatious, persistent or tit-for-tat",
}

# The paper that shows the subject member was told of the complaint and invited to comment.
SUBJECT_NOTICE = "subject-notice"


# The guards of the assessment decision. `ctx` is a casework.workflow.guards.GuardContext.

def assessment_classified(ctx, event: str, source: str, target: str):
    """Only a complaint under the Members' Code of Conduct takes the statutory route
    (Localism Act 2011 s.28(6); in Wales LGA 2000 s.69); one under the protocol alone ends in
    local resolution or no further action, and one outside the remit goes no further."""
    if ctx.route != "member" or source not in ("assessment", "local_resolution"):
        return None
    if event not in ASSESSMENT_DECISIONS:
        return None
    how = steps.assess(ctx.face, ctx.ref, "classify", "code|protocol|outside")
    if ctx.classification is None:
        return ("the complaint is not classified: does it engage the Members' Code of Conduct, "
                f"the protocol alone, or neither? {how}")
    if event in CODE_ONLY and ctx.classification == "low-level":
        return ("a low-level complaint between members goes through the council's local resolution "
                "protocol first; if that fails, classify it as a code complaint "
                f"({steps.assess(ctx.face, ctx.ref, 'classify', 'code')}) and refer it to the Ombudsman")
    if event in CODE_ONLY and ctx.classification != "code":
        return (f"the complaint is classified {CLASSIFICATIONS[ctx.classification]}, which ends "
                "in local resolution or no further action; only a complaint under the Members' "
                f"Code of Conduct goes to {'the Ombudsman' if ctx.regime == 'wales' else 'investigation'}: "
                f"{how}")
    if ctx.classification == "outside" and event != "no_further_action":
        return ("a complaint outside the remit goes no further: take no further action "
                f"({steps.reason(ctx.face, 'outside-remit', NFA_REASONS['outside-remit'])})")
    if event == "no_further_action" and ctx.reason is not None:
        if (ctx.reason == "outside-remit") != (ctx.classification == "outside"):
            return (f"{steps.reason(ctx.face, 'outside-remit', NFA_REASONS['outside-remit'])} goes with a complaint classified outside the remit, and "
                    f"only with one; this one is classified {CLASSIFICATIONS[ctx.classification]}")
    return None


def route_chosen(ctx, event: str, source: str, target: str) -> str | None:
    """An officer complaining about a Member chooses the protocol route or the council's
    grievance or bullying and harassment procedure; the Monitoring Officer assesses only a
    complaint the officer chose to bring under the protocol."""
    if ctx.route != "member" or source != "assessment" or event not in ASSESSMENT_DECISIONS:
        return None
    if ctx.complainant_kind != "officer" or ctx.anonymity in ("anonymous", "admitted"):
        return None
    if ctx.classification == "outside":
        return None  # turned away whichever procedure the officer would have chosen
    if ctx.complainant_choice is None:
        return ("the complainant is an officer, who chooses the protocol route or the council's "
                "grievance or bullying and harassment procedure: record the choice: "
                + steps.assess(ctx.face, ctx.ref, "choice", "protocol|grievance"))
    if ctx.complainant_choice == "grievance":
        return ("the officer chose the grievance or bullying and harassment procedure, which HR "
                "runs as the employer: record the withdrawal of this complaint under the protocol "
                f"({ctx.take('withdraw')}), or the choice again if it changed")
    return None


def anonymous_in_public_interest(ctx, event: str, source: str, target: str):
    """A complaint made anonymously is taken further only in exceptional cases, where the
    public interest requires it (seed 004, 21.15; the model arrangements)."""
    if ctx.route != "member" or source != "assessment" or ctx.anonymity != "anonymous":
        return None
    if event not in ASSESSMENT_DECISIONS or event == "no_further_action":
        return None
    return ("the complaint was made anonymously, so it goes further only where the public interest "
            f"requires it: record why ({steps.assess(ctx.face, ctx.ref, 'anonymity', 'admit')}), or take "
            "no further action")


def subject_heard(ctx, event: str, source: str, target: str) -> str | None:
    """Fair process: before the assessment decision the subject member is told of the complaint
    and invited to comment, unless the complainant's request for anonymity is granted. A
    complaint outside the remit is turned away without troubling the member."""
    if ctx.route != "member" or source != "assessment" or event not in ASSESSMENT_DECISIONS:
        return None
    if ctx.classification == "outside":
        return None
    if ctx.anonymity == "requested":
        return ("the complainant asked for their name to be withheld: decide it first: "
                + steps.assess(ctx.face, ctx.ref, "anonymity", "grant|refuse"))
    if ctx.anonymity == "granted" or SUBJECT_NOTICE in ctx.sections:
        return None
    return ("the subject member has not been told of the complaint and invited to comment: file "
            "the notice: " + steps.attach(ctx.face, ctx.ref, SUBJECT_NOTICE))
