"""Subject access requests (UK GDPR Art. 15): the request and its deadline (requests,
deadline), finding what is held about the requester across every case (gather, names) and the
response pack with its log of what was withheld and why (pack).

May import the shared root modules, access, audit, cases, people, redaction, bundle,
workflow and db.
"""
