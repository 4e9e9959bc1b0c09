"""The full-screen application in a web browser (textual-serve), for staff without a terminal.

May import the shared root modules, access, workflow and db.
"""
