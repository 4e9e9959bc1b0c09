"""A case's records over their whole life: the retention schedule that says when an ended
case's personal data is due for disposal, and the legal holds that keep a case whatever it says.

May import the shared root modules, access, audit, cases, profile, workflow and db.
"""
