"""A council's register and open cases from CSV or Excel: reading sheets, checking every row,
and bringing the whole file in as one change.

May import the shared root modules, access, audit, cases, people, profile, workflow and db.
"""
