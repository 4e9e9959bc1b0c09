"""A case's records over their whole life: the retention schedule that says when an ended
case's personal data is due for disposal, the legal holds that keep a case whatever it says,
and disposal itself with its certificate.

May import the shared root modules, access, audit, bundle (the certificate is typeset as the
bundles are), cases, profile, workflow and db.
"""
