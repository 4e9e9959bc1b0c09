"""How casework connects to PostgreSQL and asks who connected, free of SQLAlchemy: shared by
the engine (db.engine) and by the application's first page, read with psycopg alone
(casework.queue.first_page_pg)."""

import os

# Set by `casework serve` for a browser tab's application when the server connects as the web
# authenticator role: every connection then acts as the signed-in person's own role, which the
# authenticator may become and nothing else (db.privileges.AUTHENTICATOR).
SET_ROLE = "CASEWORK_SET_ROLE"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# Who the connection acts as: the login, or the role it was SET to (casework serve).
LOGIN_SQL = "SELECT coalesce(nullif(current_setting('role'), 'none'), session_user)::text"


def tls_options(host: str | None, sslmode_given: bool) -> dict:
    """Case files cross a network only encrypted, to a server whose certificate and name are
    verified (libpq's sslmode=verify-full), unless the user chose otherwise: an sslmode in the
    URL or PGSSLMODE. A Unix socket or this machine's loopback needs none."""
    if sslmode_given or os.environ.get("PGSSLMODE"):
        return {}
    if not host or host.startswith("/") or host in LOCAL_HOSTS or host.startswith("127."):
        return {}
    return {"sslmode": "verify-full"}
