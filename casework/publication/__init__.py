"""What the council publishes to all: the register of formal complaints about Members, with
their outcomes and decision notices (`casework publish register`).

May import the shared root modules, access, audit, cases, exports, letters, profile, workflow
and db.
"""
