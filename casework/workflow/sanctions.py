"""What the law fixes about sanctions on a Member, and on an officer in a statutory post. What a council may vary (the wording, and in
England its choice of sanctions, which the Localism Act 2011 leaves to it) is in its profile."""

from datetime import date

from dateutil.relativedelta import relativedelta

from casework.workflow import steps

WALES_CITATION = "SI 2001/2281 reg. 9(1)"
# What a Standards Committee in Wales may decide on finding a failure to comply with the code:
# reg. 9(1)(b) to (d). Referral to the Adjudication Panel is the Ombudsman's power (LGA 2000
# s.71(3)), and training is no determination of reg. 9 (at most a recommendation beside one).
WALES_POWERS = {
    "no-action": "reg. 9(1)(b)",
    "censure": "reg. 9(1)(c)",
    "suspension": "reg. 9(1)(d)",
    "partial-suspension": "reg. 9(1)(d)",
}
# Those determinations in Welsh, for letters written in Welsh: the words of the Ombudsman
# (Ombwdsmon Gwasanaethau Cyhoeddus Cymru) for the committee's powers, "atal ... am hyd at 6 mis
# neu roi cerydd"; a council's profile may word them its own way ([welsh.sanctions.member]).
WALES_TITLES_CY = {
    "no-action": "Canfuwyd achos o dorri'r cod; nid oes angen cymryd camau",
    "censure": "Cerydd",
    "suspension": "Atal am hyd at chwe mis",
    "partial-suspension": "Atal yn rhannol am hyd at chwe mis",
}
NOT_WALES_POWERS = {
    "refer-to-adjudication-panel": "referral to the Adjudication Panel for Wales is the "
                                   "Ombudsman's power (Local Government Act 2000 s.71(3))",
    "training": "training is no determination of reg. 9(1); record it as a recommendation in "
                "the detail of another sanction",
}
SUSPENSIONS = frozenset({"suspension", "partial-suspension"})
MAX_SUSPENSION = relativedelta(months=6)


def wales_refusal(key: str) -> str | None:
    """Why a key may not stand in a Welsh profile's catalogue of Member sanctions."""
    if key in WALES_POWERS:
        return None
    why = NOT_WALES_POWERS.get(key, "it is none of the determinations the regulation allows")
    return (f"{key} is not a power of a Standards Committee in Wales ({WALES_CITATION}): {why}; "
            f"the catalogue may hold only {', '.join(WALES_POWERS)}")


def suspension_refusal(kind: str, starts: date, until: date | None, term_ends: date | None) -> str | None:
    """reg. 9(1)(d): a suspension or partial suspension of a serving member, for no more than six
    months and not beyond the end of the member's term."""
    if kind not in SUSPENSIONS:
        return None
    if until is None:
        return "a suspension needs its last day: --until YYYY-MM-DD (at most six months)"
    if until < starts:
        return f"--until {until.isoformat()} is before the suspension starts ({starts.isoformat()})"
    longest = starts + MAX_SUSPENSION - relativedelta(days=1)
    if until > longest:
        return (f"a suspension may last at most six months ({WALES_CITATION}(d)): from "
                f"{starts.isoformat()} the last day can be {longest.isoformat()}, not {until.isoformat()}")
    if term_ends is not None and until > term_ends:
        return (f"a suspension cannot run past the end of the member's term ({term_ends.isoformat()}, "
                f"{WALES_CITATION}(d)); end it on or before that day")
    return None


STATUTORY_OFFICER_CITATION = "SI 2015/881"


def is_dismissal(kind: str) -> bool:
    # A council names its own catalogue; any officer sanction it keys as a dismissal counts.
    return kind.startswith("dismiss")


def statutory_dismissal_refusal(ref: str, kind: str, post: str | None, regime: str,
                                sections: set[str], face: str = steps.COMMAND) -> str | None:
    """The Local Authorities (Standing Orders) (England) (Amendment) Regulations 2015 (SI
    2015/881): the Head of Paid Service, the Monitoring Officer or the chief finance officer is
    dismissed only after a panel of at least two Independent Persons has advised and the full
    council has approved the dismissal."""
    if regime != "england" or not post or not is_dismissal(kind):
        return None
    missing = [steps.attach(face, ref, section)
               for section in ("ip-panel", "council-resolution") if section not in sections]
    if not missing:
        return None
    return ("the subject holds a statutory post, so dismissal needs the advice of a panel of at "
            "least two Independent Persons and the council's resolution approving it "
            f"({STATUTORY_OFFICER_CITATION}); file them first: " + "; ".join(missing))


# Sanctions that act on a serving member's office: a suspension (SI 2001/2281 reg. 9(1)(d) in
# Wales, which leaves only censure, reg. 9(1)(c), for a former member) and removal from
# committees or the executive. A council names its own catalogue; these are the keys it is
# given them under.
NEED_OFFICE = frozenset({"suspension", "partial-suspension", "remove-from-committees",
                         "remove-from-executive"})


def former_member_refusal(kind: str, name: str, left: date | None, on: date) -> str | None:
    if left is None or left > on or kind not in NEED_OFFICE:
        return None
    return (f"{name} left office on {left.isoformat()}, so {kind} cannot apply: it needs a serving "
            f"member (in Wales {WALES_CITATION}(c) leaves censure for a former member); record a "
            "sanction that does not need office")
