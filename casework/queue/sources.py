"""What the queue's statements are written from, so a statement written out earlier (shipped with
casework, or kept in the user's cache) is used only with the code it was written from.

Every module of casework and db that writing them imports (casework.queue.written, in a fresh
interpreter) is listed, not only those that look as if they shape a statement: a rule or a
column may move to any of them. tests/casework/test_queue_sources.py fails, naming the file,
when one is missing."""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent  # where the casework and db packages are
_NAMES = """
casework/__init__.py casework/clock.py casework/errors.py casework/outfile.py casework/sealed.py
casework/together.py casework/transaction.py casework/words.py casework/workspace.py
casework/access/__init__.py casework/access/actors.py casework/access/decisions.py
casework/access/rules.py casework/access/who.py
casework/profile/__init__.py casework/profile/checker.py casework/profile/council.py
casework/profile/register.py casework/profile/retention.py casework/profile/welsh.py
casework/profile/working_days.py
casework/queue/__init__.py casework/queue/capped.py casework/queue/pages.py casework/queue/query.py
casework/queue/rows.py
casework/queue/sqlite.py casework/queue/statements.py casework/queue/text_match.py
casework/queue/written.py
casework/workflow/__init__.py casework/workflow/involvement.py casework/workflow/outcomes.py
casework/workflow/papers.py casework/workflow/roles.py casework/workflow/sanctions.py
casework/workflow/stages.py casework/workflow/steps.py
db/__init__.py db/cipher.py db/derived.py db/engine.py db/header.py db/location.py db/models.py
db/pg_connect.py db/roles.py db/sqlite_write.py db/together.py
db/schema.py
"""
SOURCES = tuple(ROOT / name for name in _NAMES.split())  # db/schema.py last: schema_head


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def schema_head() -> str:
    """The schema the code expects. db.schema imports SQLAlchemy; its HEAD line is read, not imported."""
    for line in SOURCES[-1].read_text().splitlines():
        if line.startswith("HEAD = "):
            return line.split("=", 1)[1].strip().strip("\"'")
    return ""
