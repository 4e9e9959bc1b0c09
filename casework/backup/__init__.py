"""Backing up the whole database while handlers work, and restoring a backup only after it has
been read back and verified; SQLite and PostgreSQL each have their module.

May import the shared root modules, access, audit, workflow and db.
"""
