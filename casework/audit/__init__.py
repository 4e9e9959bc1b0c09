"""The append-only, hash-chained audit trail: appending and verifying the chain, verifying one
case, reading the log page by page, seals for committee minutes, the records of who read
confidential papers or took papers out, and the personal values its events commit to by a
keyed hash, kept beside it until disposal.

May import the shared root modules, access, workflow and db.
"""
