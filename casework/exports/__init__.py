"""Papers out of a case for other systems and files: the case as JSON, its timeline, one
document, and the decision notice published on a complaint about a Member.

May import the shared root modules, access, audit, bundle, cases, workflow and db.
"""
