"""Who is acting and what they may read: the acting login and user, and the rules for restricted
cases, confidential papers, assignments and hearing bundles that every face reads through.

May import the shared root modules, workflow and db.
"""
