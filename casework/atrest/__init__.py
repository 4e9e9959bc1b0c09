"""Encryption at rest of the embedded database: its passphrase and the commands that set it."""
