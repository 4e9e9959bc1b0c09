"""Hearing bundles as PDF, and the PDF machinery other documents share (typeface, page stamps,
the timeline as PDF).

May import the shared root modules, access, audit, cases (to load a case and its evidence),
profile, workflow and db.
"""
