"""The case queue: filtered, sorted pages of cases at any size, the statements typed text runs
straight through SQLite, and the first page the application paints before the rest has loaded.

May import the shared root modules, access, profile, workflow and db.
"""
