"""The papers of the demo council: for each kind of document, the bundle section it is filed
to, whether it is confidential, how the index describes it, and its text (filled in by
casework.demo.text.describe's facts)."""

# kind -> (bundle section, confidential, description, text)
DOCUMENTS = {
    "complaint": ("complaint", False, "The complaint as received", """\
To: {addressee}
From: {complainant}
Date: {received}
Subject: Complaint under the Member/Officer Relations Protocol (paragraph {clause})

{summary}

I would like this dealt with under the protocol. I am happy to provide any further
information you need.

{complainant}
"""),
    "evidence": ("evidence", False, "Copies of the emails referred to", """\
Extract of correspondence supplied by {complainant} ({ref})

{when}. Email from {sender} to {recipient}:
"I have asked about {ward_issue} repeatedly and I am still waiting. This is not acceptable."

Reply the following day:
"Thank you for your email. I am looking into this and will come back to you."
"""),
    "subject_notice": ("subject-notice", False, "Notice of the complaint to the subject member", """\
To: {subject}
Complaint {ref} under the Member/Officer Relations Protocol

A complaint has been made about your dealings with {complainant} (paragraph {clause} of the
protocol). A summary is enclosed. Before I decide what should happen to it, I invite you to
send me any comments you wish to make within ten working days.

Monitoring Officer
"""),
    "response": ("response", False, "The subject's response to the complaint", """\
Response of {subject} to complaint {ref}

I do not accept the complaint as framed. I was raising residents' concerns about
{ward_issue}, which is my job as a ward Member. If my tone came across as sharp that was
not my intention and I am willing to discuss how we communicate in future.

{subject}
"""),
    "witness": ("witness-statements", True, "Witness statement", """\
Witness statement taken by {investigator}, Investigating Officer, for {ref}

Witness: a colleague of {complainant} in {service}

I was present on the occasion described. {subject} was clearly frustrated and raised their
voice. {complainant} tried to explain the position and was interrupted several times.
Afterwards {complainant} was visibly upset. I have not discussed my statement with either
party. I believe the facts stated here are true.
"""),
    "draft": ("draft-report", False, "Draft investigation report, sent to both parties for comment", """\
DRAFT, FOR COMMENT: report of the Investigating Officer
Complaint {ref}: {complainant} about {subject}

This draft goes to {complainant} and to {subject} at the same time. Please tell me within ten
working days of any fact you believe is wrong, or anything you think I have left out. I will
consider every comment before I finalise the report, and attach the comments to it.

Summary of the complaint: {summary}
"""),
    "report": ("investigation-report", False, "Final investigation report", """\
FINAL REPORT OF THE INVESTIGATING OFFICER
Complaint {ref}: {complainant} about {subject}
Paragraph of the protocol: {clause}

1. Background
{summary}

2. Process
I interviewed the complainant, the subject Member and two witnesses. A draft of this report
was sent to both parties for comment; their comments are at appendix B.

3. Findings of fact
On the balance of probabilities I find that the events happened broadly as described by the
complainant, though the subject Member's account of the context is also fair.

4. Conclusion
This report sets out the facts found. It makes no recommendation on sanctions, which are a
matter for the Standards Committee.

{investigator}, Investigating Officer
"""),
    "notice": ("hearing-notice", False, "Notice of hearing and pre-hearing summary", """\
NOTICE OF HEARING: Standards Sub-Committee
Complaint {ref}: {complainant} about {subject}

The Sub-Committee will meet in the Council Chamber to hear this complaint. The parties may
attend, be represented and call the witnesses listed in the pre-hearing summary.
Agreed facts: that the exchange took place. Disputed facts: the words used and their tone.
"""),
    "allegations": ("allegations", True, "Letter setting out the allegations, with the evidence", """\
PRIVATE: disciplinary procedure ({ref})
To: {subject}, {title}, {service}

Following the investigation of the complaint made by {complainant}, you are asked to answer
this allegation under the council's disciplinary procedure: that your dealings with
{complainant} fell short of paragraph {clause} of the Member/Officer Relations Protocol.

Copies of the complaint, the correspondence it refers to and the notes of the investigation
meeting are enclosed. Please read them before the meeting to which you will be invited.
"""),
    "invitation": ("invitation", True, "Invitation to the disciplinary meeting", """\
PRIVATE: disciplinary procedure ({ref})
To: {subject}

You are invited to a disciplinary meeting to answer the allegation set out in our earlier
letter. The meeting will be chaired by {hos}; an HR adviser will attend and take notes.

You have the right to be accompanied by a work colleague or a trade union representative
or official. Please tell us who will accompany you. If the time is not convenient, you or
your companion may propose another within five working days of it.
"""),
    "outcome_letter": ("outcome-letter", True, "Outcome of the disciplinary meeting", """\
PRIVATE: disciplinary procedure ({ref})
To: {subject}

This letter confirms the outcome of the disciplinary meeting and the reasons for it, as
explained to you at the meeting, and what is expected of you from now on.

You may appeal against this outcome. Write to the Head of HR within ten working days of
receiving this letter, saying why you believe the outcome is wrong. Your appeal will be
heard by a manager who has not been involved so far, and you may be accompanied again.
"""),
    "hr_notes": ("witness-statements", True, "Notes of the disciplinary investigation meeting", """\
Notes of investigation meeting under the disciplinary procedure ({ref})
Present: {subject}; {manager} (line manager); HR adviser; note-taker.

{subject} was told of the allegation in writing beforehand and of the right to be
accompanied. {subject} accepted that the correspondence with {complainant} fell short and
said workload was a factor. The notes were agreed as accurate.
"""),
}
