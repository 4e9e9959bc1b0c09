"""What a queue is asked for: filters and a sort, as the faces hold them between keystrokes.
Free of SQLAlchemy, so a screen can hold one before the database layer has loaded."""

from dataclasses import dataclass, replace

from casework.errors import UserError, quote
from casework.workflow.stages import ROUTE_TITLES, STATE_TITLES, stage_named

# Longer than any reference, name or phrase searched for; SQLite refuses a LIKE pattern of
# more than 50,000 bytes outright.
MAX_SEARCH = 200

SORTS = {
    "triage": "new complaints first, then the nearest deadline",
    "ref": "reference",
    "route": "route",
    "stage": "stage",
    "subject": "subject",
    "complainant": "complainant",
    "handler": "handler",
    "received": "date received",
    "days": "days in stage",
    "due": "next deadline",
}


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""  # matched in references, names and summaries
    notes: bool = False  # also search the text of notes (slower)
    state: str | None = None
    route: str | None = None
    handler: str | None = None
    overdue: bool = False
    include_ended: bool = False
    sort: str = "triage"
    descending: bool = False

    def with_(self, **changes) -> "CaseQuery":
        return replace(self, **changes)

    @property
    def open_only(self) -> bool:
        """Whether the query keeps open cases only (no stage named, ended ones not asked for)."""
        return not (self.state or self.include_ended)


def known_stage(text: str, route: str | None) -> str:
    """The stage a person named (`--state`), on `route` or either; one that does not exist is
    refused, as any other typo is, rather than matching nothing."""
    routes = [route] if route else list(STATE_TITLES)
    for r in routes:
        if found := stage_named(text, r):
            return found
    where = f"of a complaint {ROUTE_TITLES[route]}" if route else "of either route"
    names = sorted({state for r in routes for state in STATE_TITLES[r]})
    raise UserError(f"--state: {quote(text)} is not a stage {where}; use one of: {', '.join(names)}")
