"""The Monitoring Officer's initial assessment of a complaint about a Member: what kind of
complaint it is, whether the complainant's name is kept from the subject, and why a complaint
goes no further. The words are the council's to show; the rules built on them are in guards."""

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
