"""The append-only, hash-chained audit trail: appending and verifying the chain, verifying one
case, reading the log page by page, seals for committee minutes, and the records of who read
confidential papers or took papers out.

May import the shared root modules, access, workflow and db.
"""
