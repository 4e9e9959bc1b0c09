"""The kinds of letter casework issues: to whom, on which route, and where each is filed.

A letter a step of a route needs (the notice to the subject member, the notice of hearing, the
ACAS Code's written allegations, invitation and outcome letter) is filed to that step's section,
so issuing it is what the step's guard looks for (casework.workflow.papers); the others go to
the case's correspondence.
"""

from dataclasses import dataclass

BOTH = ("member", "officer")
# Who a letter can be addressed to; the register and the assignments say who each is.
PARTIES = {
    "complainant": "the complainant",
    "subject": "the Member or Officer complained about",
    "independent-person": "the Independent Person assigned to the case",
    "ombudsman": "the Public Services Ombudsman for Wales",
}
OMBUDSMAN = "The Public Services Ombudsman for Wales"


@dataclass(frozen=True)
class Kind:
    title: str
    routes: tuple[str, ...]
    to: tuple[str, ...]  # the parties it may go to; the first unless --to says otherwise
    section: str
    # Fields the template must use, as the letter is not what it says without them.
    must: tuple[str, ...] = ("ref",)
    # What the person issuing it must write in (--text): when and where a meeting is, say.
    asks: str | None = None
    regimes: tuple[str, ...] = ("england", "wales")


KINDS = {
    "acknowledgement": Kind("Acknowledgement of the complaint", BOTH, ("complainant",),
                            "correspondence", ("ref", "received", "next_due")),
    "subject-notice": Kind("Notice of the complaint, inviting comment", ("member",), ("subject",),
                           "subject-notice", ("ref", "summary", "reply_by")),
    "assessment-outcome": Kind("The outcome of the initial assessment", ("member",),
                               ("complainant", "subject"), "correspondence", ("ref", "outcome")),
    # Localism Act 2011 s.28(7): England only.
    "ip-consultation": Kind("Request for the Independent Person's view", ("member",),
                            ("independent-person",), "correspondence", ("ref", "reply_by"),
                            regimes=("england",)),
    "hearing-notice": Kind("Notice of the hearing", ("member",), ("subject", "complainant"),
                           "hearing-notice", ("ref", "details"),
                           asks="when and where the hearing is, and who sits on the panel"),
    "decision": Kind("The decision on the complaint", ("member",), ("complainant", "subject"),
                     "correspondence", ("ref", "outcome"), regimes=("england",)),
    # SI 2001/2281 reg. 9(3): the committee's determination, with reasons, to the member, the
    # complainant and the Ombudsman; the member may appeal to the Adjudication Panel for Wales.
    "reg9-notice": Kind("Notice of the Standards Committee's determination", ("member",),
                        ("subject", "complainant", "ombudsman"), "correspondence",
                        ("ref", "outcome", "details"), regimes=("wales",),
                        asks="the committee's reasons for its determination"),
    "allegations": Kind("The allegations, in writing", ("officer",), ("subject",), "allegations",
                        ("ref", "summary")),
    "acas-invitation": Kind("Invitation to a disciplinary meeting", ("officer",), ("subject",),
                            "invitation", ("ref", "details"),
                            asks="when and where the meeting is, and who will hold it"),
    "acas-outcome": Kind("The outcome of the disciplinary procedure", ("officer",), ("subject",),
                         "outcome-letter", ("ref", "outcome", "appeal_by")),
    "withdrawal": Kind("The complaint is withdrawn", BOTH, ("subject", "complainant"),
                       "correspondence", ("ref",)),
    "pause": Kind("The complaint is paused", BOTH, ("complainant", "subject"), "correspondence",
                  ("ref", "paused_reason")),
}
