"""What the queue's statements are written from, so a statement written out earlier (shipped with
casework, or kept in the user's cache) is used only with the code it was written from."""

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SOURCES = (HERE / "queue" / "pages.py", HERE / "queue" / "statements.py", HERE / "queue" / "text_match.py", HERE / "queue" / "written.py", HERE / "access" / "rules.py",
           HERE / "workflow" / "roles.py", HERE / "workflow" / "involvement.py",
           HERE.parent / "db" / "models.py", HERE.parent / "db" / "schema.py")  # schema last: schema_head


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
