"""The register of Members and Officers and the users of the system: adding them, who signed
the protocol and their training, and looking people up for the faces.

May import the shared root modules, access, audit, workflow and db.
"""
