"""What a disposal cannot reach from a handler's login, said plainly by the command and on the
certificate, so that whoever must finish the job knows what to do."""

# The tables whose rows a disposal deletes or overwrites (casework.records.erasure).
TABLES = ("case_file", "note", "document", "blob", "sanction", "case_measure", "case_hold",
          "case_role", "person", "training", "audit_key", "audit_value")
VACUUM = f"VACUUM (FULL) {', '.join(TABLES)};"
BACKUPS = ("Backups of the database taken before the disposal still hold the data until they "
           "expire under the backup schedule.")


def remains(database: str) -> list[str]:
    """A line or two for the database the case was kept in."""
    if database == "postgresql":
        # Deleted rows stay in PostgreSQL's table files until vacuumed, and only the tables'
        # owner may VACUUM them: the handler who disposes cannot.
        return ["PostgreSQL keeps the erased rows in its table files and write-ahead log until "
                "they are rewritten; a handler's login cannot do that. The database's "
                f"administrator (the tables' owner) should run, when casework is quiet: {VACUUM}",
                BACKUPS]
    return ["SQLite zeroed the erased pages (secure_delete) and folded its write-ahead log into "
            "the file.", BACKUPS]
