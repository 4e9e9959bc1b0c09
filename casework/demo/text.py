"""The words of the demo council: what a Monitoring Officer writes in summaries, notes,
documents and sanctions, and describe(), which fills them in for one complaint from the
register in casework.demo.data."""

from datetime import date, timedelta

from casework.demo.data import INVESTIGATOR, MEMBER, OFFICER, above

# --- What complaints say ------------------------------------------------------------------

MEETINGS = ["Planning Committee", "Overview and Scrutiny Committee", "Licensing Committee",
            "meeting of full Council", "Cabinet", "Audit and Governance Committee"]
WARD_ISSUES = ["fly-tipping on Mill Lane", "a boundary hedge dispute", "the closure of the seafront toilets",
               "damp and mould in a council flat", "a late-night licence for a takeaway",
               "parking outside the primary school", "an unauthorised rear extension",
               "missed bin collections", "street lighting on the Riverside estate",
               "a family placed in bed and breakfast accommodation"]
PINK_PAPERS = ["the sale of the depot site", "the staffing restructure in Housing",
               "the leisure services contract award"]

OPENINGS = {
    "member": [
        "{complainant} ({title}, {service}) complains about the conduct of {subject}.",
        "{complainant}, {title} in {service}, has raised a concern about {subject}, Member for {ward}.",
        "Complaint from {complainant} ({service}) about {subject}.",
        "{complainant} has referred a complaint about {subject} after speaking to {hos}.",
    ],
    "officer": [
        "{complainant} (Member for {ward}) complains about {subject}, {title} in {service}.",
        "{complainant} has complained about the conduct of {subject} ({service}).",
        "Complaint from {complainant} about {subject}, {title}.",
    ],
}

# What happened, by route and clause: the subject is a Member on the member route, an
# Officer on the officer route.
CONDUCT = {
    ("member", "21.9.3"): [
        "{when}, {subject} sent {complainant} a run of emails over a weekend demanding a rewritten report, copied to the Leader, calling the work 'incompetent'.",
        "At the {meeting} {when_lower}, {subject} criticised {complainant} by name in public session and said they should be 'taken off the case'.",
        "{subject} is said to have confronted {complainant} in the car park after a site visit, raising their voice and jabbing a finger.",
        "{subject} posted in a community Facebook group that {service} officers were 'hiding behind procedure', with a photograph in which {complainant} can be identified; internal procedures were not used first.",
        "Over several weeks {subject} telephoned {complainant} after 7pm about the same ward case and said 'I will make sure the Chief Executive hears about you'.",
        "{subject} repeatedly made remarks about {complainant}'s accent in front of colleagues during pre-meeting briefings.",
    ],
    ("member", "21.9.1"): [
        "During the briefing before the {meeting}, {subject} spoke over {complainant} and called the advice given 'nonsense' in front of other Members.",
        "{subject}'s reply to a routine update from {complainant} ended 'Don't waste my time with this again.'",
        "At a ward surgery {subject} told residents, within {complainant}'s hearing, that the council's officers 'couldn't run a bath'.",
        "{subject} left {complainant} a voicemail that the officer describes as rude and belittling.",
        "{subject} would not let {complainant} finish presenting an item at the {meeting} and laughed at the answer given.",
    ],
    ("member", "21.9.2"): [
        "{subject} pressed {complainant} to change the recommendation on an application in {ward} before the report was published, saying the applicant was 'a good friend of the ward'.",
        "{subject} asked {complainant} more than once to move a constituent up the housing register, and said a refusal would be taken up with the Director.",
        "{subject} asked {complainant} to drop an enforcement notice against a business in {ward} because it would 'cost votes'.",
        "{subject} asked {complainant} to draft a press release for what the officer considered a party-political campaign.",
    ],
    ("member", "21.9.4"): [
        "{subject} has sent {complainant} personal WhatsApp messages late at night, which the officer found over-familiar and uncomfortable.",
        "{subject} invited {complainant} to social events several times after being told the invitations were unwelcome, and commented on the officer's appearance.",
    ],
    ("member", "email-tone"): [
        "A chain of emails from {subject} to {complainant} about {ward_issue} is written largely in capitals, with phrases such as 'utterly pathetic' and 'I expect an answer TODAY'.",
        "{subject} replied to all on a {service} team email calling the team's response 'a joke', with residents copied in.",
    ],
    ("member", "social-media"): [
        "{subject} posted a screenshot of an email from {complainant} on X with the comment that officers were 'clueless'; it was widely shared.",
        "{subject} named {complainant} in a video on a local Facebook page criticising the handling of {ward_issue}.",
    ],
    ("member", "21.11"): [
        "{subject} is said to have forwarded the confidential (pink paper) report on {pink} to a resident, with {complainant}'s name and advice visible.",
    ],
    ("member", "21.12"): [
        "{subject} told the local paper that delays in {service} were down to 'one officer's incompetence'; colleagues recognised the reference as {complainant}.",
    ],
    ("member", "21.13"): [
        "{subject} told {complainant} they would 'have a word' with {hos} about the officer's job, and mentioned the officer's sickness absence at a public meeting.",
    ],
    ("member", "21.10.6"): [
        "{subject} demanded the case files of named tenants in {ward}, which {complainant} advised the Member had no need to see, and was abusive when refused.",
    ],
    ("officer", "21.9.1"): [
        "{complainant} says {subject} was dismissive at a ward walkabout, telling residents the Member 'doesn't understand how this works'.",
        "{subject} is said to have sighed and rolled their eyes while {complainant} asked questions at the {meeting}.",
        "{subject} ended a telephone call with {complainant} abruptly when the Member raised a resident's complaint about {ward_issue}.",
    ],
    ("officer", "21.9.3"): [
        "{complainant} alleges that {subject} made sarcastic remarks about the Member in a team meeting which were later repeated to residents.",
        "{complainant} says {subject} criticised the Member's committee vote on LinkedIn, by name, without raising it through internal procedures first.",
    ],
    ("officer", "21.10.3"): [
        "{complainant} wrote to {subject} three times about {ward_issue} in {ward} and had no reply or acknowledgement for over three weeks.",
        "Emails from {complainant} about {ward_issue} went unanswered for a month; residents are now contacting the Member directly.",
    ],
    ("officer", "21.10"): [
        "{complainant} says {subject} gave inaccurate advice on {ward_issue} and then declined to confirm it in writing.",
        "{complainant} says {subject} briefed other Members on {ward_issue} without telling the Member, although it is in {ward} ward.",
    ],
    ("officer", "21.11"): [
        "{complainant} says {subject} discussed the Member's personal circumstances with a resident at a drop-in session.",
    ],
    ("officer", "21.14"): [
        "{complainant} says {subject}, who holds a politically restricted post, shared and commented on party-political posts about the Member's group.",
        "{subject} is alleged to have delivered election leaflets for a candidate standing against {complainant} while in a politically restricted post.",
    ],
    ("officer", "21.9.4"): [
        "{complainant} is concerned that {subject} shares draft reports informally with a Member of another group before publication.",
    ],
    ("officer", "email-tone"): [
        "{subject} answered {complainant}'s query about {ward_issue} with a one-line email the Member found curt: 'As I have already explained, the answer is no.'",
    ],
    ("officer", "social-media"): [
        "{subject} posted a meme on a public account mocking councillors' attendance, using a photograph of {complainant}.",
    ],
    # For a clause of the council's own profile that the demo has no words for.
    ("member", None): [
        "{complainant} says {subject}'s dealings with them over {ward_issue} fell short of the protocol.",
    ],
    ("officer", None): [
        "{complainant} says {subject}'s handling of {ward_issue} fell short of the protocol.",
    ],
    ("officer", "it-use"): [
        "{complainant} says {subject} used a council email account to forward material criticising the Member's group.",
    ],
}

CONTEXT = {
    "member": [
        "The complainant raised it with {hos} before writing to the Monitoring Officer.",
        "Two colleagues saw the exchange and are willing to give statements.",
        "The complainant says it has affected their wellbeing and has been referred to occupational health.",
        "Copies of the emails are attached to the complaint.",
        "The complainant would be content with an apology and an assurance about future contact.",
        "This is the second concern about {subject} raised by {service} staff this year.",
    ],
    "officer": [
        "The Member asks for an apology and for future correspondence to go through {manager}.",
        "The complaint was copied to the Leader of the Council.",
        "The Member says it is not the first time.",
        "Residents' emails forwarded by the Member are attached.",
        "",
    ],
}

# --- Notes --------------------------------------------------------------------------------

# Who accompanied the employee at a disciplinary meeting (Employment Relations Act 1999 s.10).
COMPANIONS = ("Jo Pritchard, UNISON branch officer", "a colleague from {service}", "none")

NOTES = {
    "ack": ["Complaint acknowledged in writing; {subject} told of it and invited to respond within 10 working days.",
            "Acknowledged. Asked {complainant} for copies of the emails referred to.",
            "Logged and acknowledged; discussed briefly with {hos}."],
    "secret": ["Complainant disclosed a health condition that bears on this; not to be shared with the subject.",
               "The group leader has been told in confidence and has offered to speak to {subject}.",
               "Complainant asked that their name be withheld; explained this may not be possible if the matter proceeds.",
               "{subject} has a separate live matter with HR; kept off this file."],
    "consult_hos": ["{complainant} discussed it with {hos}, who agreed to speak to {subject} informally first."],
    "resolve_hos": ["{hos} met {subject}; the Member accepted the tone was wrong and apologised to {complainant} in writing. Complainant content.",
                    "{hos} agreed a protocol for contact with {subject}: requests through the team inbox only. Complainant satisfied."],
    "refer_mo": ["Referred to the Monitoring Officer in writing. Initial assessment started.", None],
    "choice_protocol": ["{complainant} chose to bring this under the protocol, as a complaint to the Monitoring Officer, rather than under the grievance procedure.",
                        "After talking it through with HR, {complainant} asked for the complaint to go to the Monitoring Officer under the protocol."],
    "classify_code": ["The conduct alleged would, if proved, fail to treat {complainant} with respect: a matter for the Members' Code of Conduct as well as the protocol.",
                      "Bullying of an officer is alleged; assessed as a code of conduct complaint."],
    "classify_protocol": ["The complaint is about the way {subject} dealt with {complainant}, not conduct the code covers: handled under the protocol alone.",
                          "A breach of the protocol's rules on contact with officers; no failing under the code alleged."],
    "classify_outside": ["The complaint concerns {subject}'s private dealings, not conduct as a Member or under the protocol: outside the remit."],
    "nfa_outside": ["No further action: outside the remit of the protocol and the code; {complainant} told where the matter can be raised."],
    "nfa_member": ["Assessed against the criteria: the conduct, though robust, is legitimate challenge of officers' advice; no further action.",
                   "No further action: the emails supplied do not bear out the allegation; the tone is firm but not disrespectful.",
                   "No further action: {subject} completed protocol training last month and has written to apologise; an investigation would not be proportionate."],
    "local": ["Both parties agree to try local resolution; the Monitoring Officer will meet {subject} to discuss an apology and training.",
              "Local resolution proposed: a facilitated conversation between {subject} and {complainant} with {hos}."],
    "resolve_local": ["Local resolution complete: {subject} apologised in writing and attended the protocol refresher. {complainant} is satisfied.",
                      "Facilitated meeting held; agreed that future contact goes through {hos}. Both parties content.",
                      "Mediation concluded; {subject} accepted that the remarks were inappropriate. Resolved."],
    "investigate": ["The facts are disputed and, if proven, the breach would be serious. Investigating Officer appointed.",
                    "Not suitable for local resolution given the pattern described; referred for investigation."],
    "lr_failed": ["Local resolution not agreed: {subject} declined to apologise. Referred for investigation."],
    "complete": ["Final report received. The draft went to both parties for comment; their comments are appended.",
                 "Final report filed; the parties' comments on the draft are included at appendix B."],
    "hearing": ["Having considered the final report and the Independent Person's view, referred to a hearing of the Standards Committee.",
                "The report finds a case to answer that cannot be resolved locally: referred to the Standards Committee for a hearing."],
    "breach_member": ["The Standards Sub-Committee found that {subject} breached paragraph {clause} of the protocol. Decision notice to follow within 10 working days."],
    "no_breach_decision": ["The investigation found no breach; having taken the Independent Person's view into account, the Monitoring Officer accepts that finding."],
    "no_breach_hearing": ["The Sub-Committee found the conduct discourteous but not a breach of paragraph {clause}."],
    "close_member": ["Sanctions complied with or non-compliance recorded; decision notice published. Closed."],
    "withdraw": ["{complainant} has withdrawn the complaint after an informal conversation with {subject}. Public interest considered; no reason to continue.",
                 "Complainant withdrew, not wishing to pursue it after a change of role."],
    "review": ["{complainant} asked for a review of the no further action decision, saying the attached emails were not considered in full."],
    "confirm": ["Review carried out with the Independent Person: the original assessment stands."],
    "reassess": ["On review the later emails do add weight; the complaint is assessed again."],
    "police": ["The messages include a threat of violence; referred to the police with the complainant's agreement. Protocol complaint paused."],
    "informal": ["{manager} to speak to {subject} informally; {complainant} content with that.", None],
    "line_manager": ["Passed to {manager}, {subject}'s line manager.", None],
    "to_manager": ["Informal discussion did not satisfy {complainant}; raised formally with {manager}."],
    "to_hos": ["Not resolved by the line manager; referred to {hos}."],
    "to_disciplinary": ["{hos} considers the conduct may amount to misconduct; referred to HR under the disciplinary procedure."],
    "resolve_officer": ["{subject} has acknowledged the delay and replied in full; {manager} has set up a shared inbox so ward enquiries are tracked. {complainant} satisfied.",
                        "{subject} apologised to {complainant}; {manager} will cover the protocol in the next one-to-one. Resolved."],
    "no_case": ["Having reviewed the emails, {hos} finds no case to answer: the replies were within the protocol's timescale given holiday cover."],
    "nfa_officer": ["No further action: the complaint concerns a policy decision, not the officer's conduct; explained to {complainant}."],
    "serious": ["The allegation is serious enough to go straight to the disciplinary procedure; {manager} agrees.",
                "Given what is alleged, referred straight to the disciplinary procedure without informal steps."],
    "breach_officer": ["Allegation upheld on the evidence and {subject}'s answers at the disciplinary meeting."],
    "meeting": ["Disciplinary meeting held, chaired by {hos}. {subject} answered the allegation point by point and asked that workload be taken into account. Adjourned to decide.",
                "Disciplinary meeting held. {subject} accepted the facts, disputed that they amount to misconduct, and apologised for the tone of the correspondence."],
    "appeal": ["{subject} has appealed the outcome in writing within the appeal window.", None],
    "appeal_dismissed": ["Appeal heard by {director}; the original outcome stands."],
    "appeal_upheld": ["Appeal upheld by {director}: the investigation did not put the key email to {subject}. Outcome withdrawn."],
    "close_officer": ["Appeal window passed; outcome recorded on the personnel file. Closed."],
    "ip_breach": ["Independent Person's view: I have read the final report and agree the facts found amount to a breach of paragraph {clause}; a hearing is proportionate."],
    "ip_no_breach": ["Independent Person's view: I agree with the Investigating Officer that the conduct, while sharp, does not breach the protocol."],
    "ip_local": ["Independent Person's view: a breach is likely, but an apology and training would resolve it without a hearing."],
}

# --- Sanctions ----------------------------------------------------------------------------

SANCTION_DETAILS = {
    "censure": "Formal letter from the Chair of the Standards Committee.",
    "apology": "Written apology to the complainant within 28 days.",
    "training": "Attend the Member/Officer Relations Protocol training session.",
    "publish-finding": "Decision notice on the council's website and in the local paper.",
    "report-to-council": "Findings reported to the next meeting of full Council.",
    "remove-from-committees": "Recommendation to the group leader: removal from the Planning Committee.",
    "first-written-warning": "First written warning, live for 12 months.",
    "final-written-warning": "Final written warning, live for 12 months.",
    "management-advice": "Management advice on handling Members' enquiries.",
}
DECLINED = "{subject} has declined to apologise; an apology cannot be compelled. Reported to the Committee."
RESCINDED = "Withdrawn: appeal upheld."

def friendly_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def senior(title: str) -> bool:
    return title.startswith(("Head of", "Director", "Chief"))


def describe(rng, route: str, clause: str, member: str, officer: str, received: date) -> dict:
    """The facts of one complaint, which every template fills in, and its summary."""
    complainant, subject = (officer, member) if route == "member" else (member, officer)
    incident = received - timedelta(days=rng.randint(1, 20))
    facts = {
        "complainant": complainant, "subject": subject, "clause": clause,
        "title": OFFICER[officer][2], "service": OFFICER[officer][1], "ward": MEMBER[member][1],
        "manager": OFFICER[officer][3],
        "hos": above(officer, senior),
        "director": above(officer, lambda t: t.startswith(("Director", "Chief"))),
        "meeting": rng.choice(MEETINGS), "ward_issue": rng.choice(WARD_ISSUES),
        "pink": rng.choice(PINK_PAPERS), "when": f"On {friendly_day(incident)}",
        "when_lower": f"on {friendly_day(incident)}", "received": friendly_day(received),
        # The evidence extract is always a Member writing to an Officer.
        "sender": member, "recipient": officer, "investigator": INVESTIGATOR,
        # 21.15: Officers complain to the Monitoring Officer, Members to the line manager.
        "addressee": "Monitoring Officer" if route == "member"
        else f"{OFFICER[officer][3]} (line manager)",
    }
    if route == "officer" and facts["hos"] == facts["manager"]:
        # Escalation goes a rung up: where the line manager is the Head of Service, the Director.
        facts["hos"] = above(facts["manager"], senior) or facts["manager"]
    conduct = CONDUCT.get((route, clause)) or CONDUCT[(route, None)]
    sentences = (rng.choice(OPENINGS[route]), rng.choice(conduct),
                 rng.choice(CONTEXT[route]))
    facts["summary"] = " ".join(s.format(**facts) for s in sentences if s)
    return facts
