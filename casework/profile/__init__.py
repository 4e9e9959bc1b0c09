"""A council's profile and the clock it keeps: the profile file (regime, timescales, clauses,
sanctions, bundle sections), the built-in England and Wales profiles (builtin/), working days
and bank holidays, each stage's deadline, Schedule 12A exemptions, and which profile each case
was opened under.

May import the shared root modules, workflow and db; history also access and audit.
"""
