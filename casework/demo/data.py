"""What the demo council is made of: its register, its users, what complaints are about and
the paths they take. Plain data; casework.demo.text holds the words, and casework.demo.council
plays it through the services."""

from dataclasses import dataclass

# --- The register -------------------------------------------------------------------------

# (name, ward, group, day the protocol was signed or None). Most signed after the May 2023
# election; a few never did, and two came in at by-elections.
MEMBERS = [
    ("Cllr Margaret Thornbury", "Abbey", "Conservative", "2023-05-18"),
    ("Cllr David Okonkwo", "Abbey", "Labour", "2023-05-22"),
    ("Cllr Sian Pritchard", "Castle", "Liberal Democrat", "2023-05-18"),
    ("Cllr Raymond Hale", "Castle", "Conservative", "2023-06-02"),
    ("Cllr Priya Raman", "Riverside", "Labour", "2023-05-19"),
    ("Cllr Gordon McBride", "Riverside", "Independent", None),
    ("Cllr Hannah Feltwell", "St Mary's", "Green", "2023-05-25"),
    ("Cllr Trevor Bassett", "St Mary's", "Conservative", "2023-07-11"),
    ("Cllr Aisha Karim", "Northgate", "Labour", "2023-05-18"),
    ("Cllr Colin Redfern", "Northgate", "Conservative", "2023-05-30"),
    ("Cllr Janet Upton", "Harbour", "Liberal Democrat", "2023-05-22"),
    ("Cllr Lewis Carrick", "Harbour", "Labour", "2024-03-14"),
    ("Cllr Yvonne Ashdown", "Westfield", "Conservative", "2023-05-18"),
    ("Cllr Patrick Doyle", "Westfield", "Independent", None),
    ("Cllr Sunil Mehta", "Mill Lane", "Labour", "2023-06-15"),
    ("Cllr Brenda Coker", "Mill Lane", "Conservative", "2023-05-19"),
    ("Cllr Owen Tregarthen", "Seafront", "Liberal Democrat", "2023-05-23"),
    ("Cllr Fiona Lockwood", "Seafront", "Green", "2023-05-18"),
    ("Cllr Malcolm Prideaux", "Oakfield", "Conservative", "2023-09-04"),
    ("Cllr Rebecca Winstanley", "Oakfield", "Labour", "2023-05-18"),
    ("Cllr Kenneth Arbuthnot", "Brookside", "Independent", "2023-05-26"),
    ("Cllr Leah Summerfield", "Brookside", "Liberal Democrat", "2025-02-20"),
    ("Cllr Derek Vowles", "Station", "Conservative", None),
    ("Cllr Nasreen Akhtar", "Station", "Labour", "2023-05-18"),
    ("Cllr Graham Penhaligon", "Moorland", "Conservative", "2023-05-31"),
]

# (name, service, job title, line manager, politically restricted, signed). Ordered so that
# every manager is registered before the people they manage.
OFFICERS = [
    ("Karen Aldridge", "Chief Executive's Office", "Chief Executive", None, True, "2022-09-01"),
    ("Martin Oduya", "Place Directorate", "Director of Place", "Karen Aldridge", True, "2022-09-01"),
    ("Ruth Calloway", "Communities Directorate", "Director of Communities", "Karen Aldridge", True, "2022-09-01"),
    ("Imran Siddiqui", "Resources Directorate", "Director of Resources", "Karen Aldridge", True, "2023-01-09"),
    ("Fiona McAllister", "Planning", "Head of Planning", "Martin Oduya", True, "2022-09-05"),
    ("Graham Tully", "Waste and Street Scene", "Head of Waste and Street Scene", "Martin Oduya", True, "2022-09-05"),
    ("Declan Murphy", "Housing", "Head of Housing", "Ruth Calloway", True, "2022-09-06"),
    ("Sunita Rao", "Environmental Health", "Head of Environmental Health", "Ruth Calloway", True, "2023-02-01"),
    ("Jonathan Pryce", "Legal and Democratic Services", "Head of Legal and Democratic Services", "Imran Siddiqui", True, "2022-09-01"),
    ("Alison Carter", "Finance", "Head of Finance", "Imran Siddiqui", True, "2022-09-07"),
    ("Nadia Brennan", "Human Resources", "Head of HR", "Imran Siddiqui", True, "2022-10-03"),
    ("Tom Fairbairn", "Communications", "Head of Communications", "Karen Aldridge", True, "2022-09-12"),
    ("Rachel Ng", "Planning", "Senior Planning Officer", "Fiona McAllister", True, "2022-11-14"),
    ("Stuart Hollis", "Planning", "Senior Planning Officer", "Fiona McAllister", False, "2023-03-20"),
    ("Chloe Darnell", "Planning", "Planning Officer", "Rachel Ng", False, "2024-01-08"),
    ("Ben Attwood", "Planning", "Planning Enforcement Officer", "Stuart Hollis", False, None),
    ("Marek Nowak", "Planning", "Planning Officer", "Rachel Ng", False, "2023-06-19"),
    ("Gemma Pike", "Housing", "Housing Options Officer", "Declan Murphy", False, "2023-04-03"),
    ("Ahmed Farouk", "Housing", "Housing Options Officer", "Declan Murphy", False, "2024-05-13"),
    ("Lorraine Beckett", "Housing", "Tenancy Sustainment Officer", "Declan Murphy", False, "2022-12-05"),
    ("Joel Whitaker", "Housing", "Homelessness Prevention Officer", "Declan Murphy", False, None),
    ("Kirsty Munro", "Environmental Health", "Environmental Health Officer", "Sunita Rao", False, "2023-02-13"),
    ("Daniel Achebe", "Environmental Health", "Environmental Health Officer", "Sunita Rao", False, "2023-08-21"),
    ("Paula Grant", "Environmental Health", "Licensing Officer", "Sunita Rao", True, "2023-02-13"),
    ("Rhiannon Ellis", "Legal and Democratic Services", "Senior Solicitor and Deputy Monitoring Officer", "Jonathan Pryce", True, "2022-09-01"),
    ("Siobhan Byrne", "Legal and Democratic Services", "Democratic Services Officer", "Jonathan Pryce", True, "2022-10-17"),
    ("Oliver Kemp", "Legal and Democratic Services", "Solicitor", "Rhiannon Ellis", False, "2023-09-11"),
    ("Megan Forsyth", "Legal and Democratic Services", "Member Services Officer", "Jonathan Pryce", True, "2023-01-16"),
    ("Victor Adeleke", "Finance", "Senior Accountant", "Alison Carter", False, "2022-11-01"),
    ("Hazel Quinn", "Finance", "Revenues Officer", "Alison Carter", False, None),
    ("Samir Haddad", "Finance", "Benefits Officer", "Alison Carter", False, "2024-02-26"),
    ("Anita Patel", "Human Resources", "HR Adviser", "Nadia Brennan", False, "2022-10-03"),
    ("Kwame Osei", "Human Resources", "HR Adviser", "Nadia Brennan", False, "2023-05-02"),
    ("Lucy Carmichael", "Communications", "Press Officer", "Tom Fairbairn", True, "2022-09-12"),
    ("Jamie Rowntree", "Communications", "Digital Communications Officer", "Tom Fairbairn", True, "2024-07-01"),
    ("Neil Draper", "Waste and Street Scene", "Waste Services Manager", "Graham Tully", False, "2022-12-12"),
    ("Tanya Ibbotson", "Waste and Street Scene", "Street Scene Officer", "Neil Draper", False, None),
    ("Craig Fenwick", "Waste and Street Scene", "Recycling Officer", "Neil Draper", False, "2023-10-02"),
    ("Elaine Moffat", "Chief Executive's Office", "Policy and Performance Officer", "Karen Aldridge", True, "2023-03-06"),
    ("Harriet Sowerby", "Chief Executive's Office", "Executive Support Officer", "Karen Aldridge", False, "2022-09-19"),
]

# (key, login, name, role, person in the register or None). The keys are how paths name who
# acts. Staff logins are linked to their register entry so the conflict rules know them;
# the investigator and the Independent Persons are external, so they have no entry.
USERS = [
    ("deputy", "dmo.ellis", "Rhiannon Ellis", "deputy-monitoring-officer", "Rhiannon Ellis"),
    ("hr", "hr.patel", "Anita Patel", "hr", "Anita Patel"),
    ("hr", "hr.osei", "Kwame Osei", "hr", "Kwame Osei"),
    ("clerk", "clerk.byrne", "Siobhan Byrne", "clerk", "Siobhan Byrne"),
    ("inv", "inv.marsh", "Helen Marsh", "investigator", None),
    ("ip", "ip.whitfield", "Dr Margaret Whitfield", "independent-person", None),
    ("ip", "ip.adeyemi", "Samuel Adeyemi", "independent-person", None),
    ("viewer", "view.lawson", "Peter Lawson", "viewer", None),
]

OFFICER = {o[0]: o for o in OFFICERS}
MEMBER = {m[0]: m for m in MEMBERS}
INVESTIGATOR = next(u[2] for u in USERS if u[0] == "inv")


def above(name: str, test) -> str | None:
    """The nearest officer above `name` whose job title passes `test` (or the top one)."""
    boss = OFFICER[name][3]
    while boss and not test(OFFICER[boss][2]) and OFFICER[boss][3]:
        boss = OFFICER[boss][3]
    return boss


# --- What complaints are about ------------------------------------------------------------

# Clause weights per route. Bullying and respect dominate, as in published annual reports;
# Officers most often complain of pressure and tone, Members of unanswered correspondence.
CLAUSES = {
    "member": {"21.9.3": 30, "21.9.1": 24, "21.9.2": 12, "email-tone": 9, "social-media": 8,
               "21.12": 4, "21.11": 4, "21.13": 4, "21.9.4": 3, "21.10.6": 2},
    "officer": {"21.9.1": 24, "21.10.3": 20, "21.9.3": 14, "21.10": 12, "email-tone": 8,
                "21.14": 7, "21.11": 6, "21.9.4": 4, "social-media": 3, "it-use": 2},
}

# Clauses whose conduct fragments name work of particular services: the complainant comes
# from one of them, so pressure over a planning application comes from a planning officer.
CLAUSE_SERVICES = {"21.9.2": ("Planning", "Housing", "Environmental Health", "Communications")}
# Clauses that councils usually mark confidential from the start.
SENSITIVE = frozenset({"21.9.3", "21.9.4", "21.13", "21.11"})

# --- Sanctions ----------------------------------------------------------------------------

# Preferences per outcome; the demo keeps those the council's profile offers.
SANCTION_CHOICES = {
    "member": ["censure", "apology", "training", "publish-finding", "report-to-council",
               "remove-from-committees", "partial-suspension"],
    "officer": ["first-written-warning", "management-advice", "training", "final-written-warning"],
    "officer-serious": ["final-written-warning", "dismissal"],
}

# --- Paths --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    # an event, or one of: note, secret, ip-view, meeting, doc, assign, grant, sanctions, notice,
    # comply, rescind, classify, choice
    do: str
    who: str = "handler"           # handler, mo, hr, inv, clerk, ip, appeals
    gap: tuple[int, int] = (0, 0)  # days after the previous step
    text: str | None = None        # a key of demo_text.NOTES, a document kind, or a sanction list


def ev(event, gap, text=None, who="handler"):
    return Step(event, who, gap, text)


def doc(kind, gap=(0, 2), who="handler"):
    return Step("doc", who, gap, kind)


def ip_view(key):
    """The Monitoring Officer assigns an Independent Person, who gives a view on the report
    (Localism Act 2011 s.28(7)(a))."""
    return [Step("grant", "mo", (0, 3), "ip"), Step("ip-view", "ip", (3, 10), key)]


def panel_for(rng, subject: str, complainant: str) -> list[str]:
    """The members who hear a complaint: never a party to it."""
    pool = [m[0] for m in MEMBERS if m[0] not in (subject, complainant)]
    return rng.sample(pool, PANEL_SIZE)


def to_mo(kind: str, gap=(1, 6)) -> list[Step]:
    """Referred to the Monitoring Officer, who records that the officer chose the protocol
    route, classifies the complaint (code, protocol or
    outside the remit) and, unless it is outside the remit, tells the subject member of it and
    invites comment before deciding."""
    steps = [ev("refer_to_monitoring_officer", gap, "refer_mo"), Step("choice", "handler", (0, 2), "protocol"),
             Step("classify", "handler", (1, 4), kind)]
    if kind != "outside":
        steps += [doc("subject_notice", (0, 2)), doc("response", (7, 15))]
    return steps


# Why each kind of no further action goes no further (the reasons the annual report counts).
NFA_REASON = {"nfa_member": "below-threshold", "nfa_outside": "outside-remit",
              "nfa_officer": "outside-remit"}

# Pieces shared by several paths.
REFER = [ev("refer_to_monitoring_officer", (1, 6), "refer_mo")]
INVESTIGATION = [
    ev("investigate", (5, 15), "investigate"),
    doc("witness", (20, 40), "inv"),
    doc("draft", (20, 45), "inv"),
    doc("report", (12, 25), "inv"),
    ev("complete_investigation", (0, 2), "complete", "inv"),
]
TO_HEARING = [ev("refer_to_hearing", (2, 8), "hearing"), doc("notice", (3, 8), "clerk"),
              Step("panel", "clerk", (0, 3))]
PANEL_SIZE = 3  # a sub-committee of three members hears a complaint
NFA_REVIEWED = [
    ev("no_further_action", (5, 15), "nfa_member"),
    ev("request_review", (5, 20), "review"),
]
LOCAL = [ev("seek_local_resolution", (5, 15), "local"), ev("resolve", (10, 35), "resolve_local")]
OFFICER_UP = [
    ev("refer_to_line_manager", (1, 5), "line_manager"),
    ev("escalate", (8, 15), "to_hos"),
]
# The ACAS Code's steps before a decision: the allegations and evidence in writing, an
# invitation with the right to be accompanied, the meeting noted; then the outcome in writing.
ACAS_MEETING = [doc("allegations", (2, 6)), doc("invitation", (0, 2)),
                Step("meeting", "handler", (5, 10), "meeting")]
DISCIPLINARY = [
    ev("escalate", (5, 12), "to_disciplinary"),
    doc("hr_notes", (10, 20)),
    *ACAS_MEETING,
    ev("find_breach", (2, 8), "breach_officer"),
    Step("sanctions", "hr", (0, 1), "officer"),
    doc("outcome_letter", (0, 2)),
]
APPEAL = [ev("lodge_appeal", (3, 9), "appeal")]
# Closed once the ten working days' appeal window has about run.
CLOSE_OFFICER = [Step("comply", "hr", (1, 4)), ev("close", (8, 10), "close_officer")]

# (weight, steps after the complaint is logged and filed). Most complaints end informally
# or at local resolution; few reach a hearing or a disciplinary outcome.
PATHS = {
    "member": [
        # resolved by the officer's Head of Service, never reaching the Monitoring Officer
        (14, [ev("consult_head_of_service", (1, 5), "consult_hos"),
              ev("resolve", (5, 20), "resolve_hos")]),
        # assessed: no further action, on a code complaint or one outside the remit
        (10, to_mo("code") + [ev("no_further_action", (5, 15), "nfa_member")]),
        (4, to_mo("outside") + [ev("no_further_action", (1, 5), "nfa_outside")]),
        # local resolution, straight away or after the Head of Service was consulted
        (22, to_mo("protocol") + LOCAL),
        (8, [ev("consult_head_of_service", (1, 4), "consult_hos"),
             *to_mo("protocol", (5, 12))] + LOCAL),
        (7, REFER + [ev("withdraw", (5, 25), "withdraw")]),
        # investigated: no breach
        (7, to_mo("code") + INVESTIGATION
         + ip_view("ip_no_breach") + [ev("find_no_breach", (2, 8), "no_breach_decision")]),
        # hearing, breach, sanctions and their compliance
        (9, to_mo("code") + INVESTIGATION + ip_view("ip_breach") + TO_HEARING + [
            ev("find_breach", (20, 40), "breach_member", "clerk"),
            Step("sanctions", "clerk", (0, 1), "member"),
            Step("notice", "clerk", (2, 8)),
            Step("comply", "clerk", (14, 45)),
            ev("close", (1, 7), "close_member", "clerk"),
        ]),
        # hearing, no breach
        (3, to_mo("code") + INVESTIGATION + ip_view("ip_breach") + TO_HEARING
         + [ev("find_no_breach", (20, 40), "no_breach_hearing", "clerk")]),
        # local resolution refused, investigated, then resolved locally without a hearing
        (5, to_mo("code") + [ev("seek_local_resolution", (5, 15), "local")]
         + [ev("investigate", (15, 30), "lr_failed")] + INVESTIGATION[1:]
         + ip_view("ip_local") + LOCAL),
        # the complainant asks for a review of no further action
        (4, to_mo("code") + NFA_REVIEWED + [ev("confirm_decision", (10, 20), "confirm")]),
        (2, to_mo("code") + NFA_REVIEWED + [ev("reassess", (10, 20), "reassess")] + LOCAL),
        (2, REFER + [ev("refer_to_police", (2, 10), "police")]),
    ],
    "officer": [
        (28, [ev("try_informal", (1, 5), "informal"), ev("resolve", (5, 25), "resolve_officer")]),
        (18, [ev("refer_to_line_manager", (1, 5), "line_manager"),
              ev("resolve", (5, 15), "resolve_officer")]),
        # up every rung of 21.15(a) before it is resolved
        (10, [ev("try_informal", (1, 5), "informal"), ev("escalate", (15, 25), "to_manager"),
              ev("escalate", (8, 15), "to_hos"), ev("resolve", (5, 15), "resolve_officer")]),
        (10, OFFICER_UP + [ev("find_no_breach", (5, 15), "no_case")]),
        (8, [ev("no_further_action", (2, 10), "nfa_officer")]),
        (7, [ev("try_informal", (1, 5), "informal"), ev("withdraw", (5, 20), "withdraw")]),
        # the disciplinary procedure, with and without an appeal
        (10, OFFICER_UP + DISCIPLINARY + CLOSE_OFFICER),
        (4, OFFICER_UP + DISCIPLINARY + APPEAL
         + [ev("dismiss_appeal", (10, 25), "appeal_dismissed", "appeals"),
            Step("comply", "hr", (1, 4))]),
        (2, OFFICER_UP + DISCIPLINARY + APPEAL
         + [ev("uphold_appeal", (10, 25), "appeal_upheld", "appeals"),
            Step("rescind", "hr", (0, 1))]),
        # serious enough to skip the informal rungs
        (3, [ev("refer_serious", (1, 5), "serious"), doc("hr_notes", (10, 20)), *ACAS_MEETING,
             ev("find_breach", (2, 8), "breach_officer"),
             Step("sanctions", "hr", (0, 1), "officer-serious"), doc("outcome_letter", (0, 2))]
         + CLOSE_OFFICER),
    ],
}
