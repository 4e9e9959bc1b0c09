"""Lists of cases, as the command line's `list` and the reports ask for them: the queue's own
statements (casework.queue.pages) with the filters a person names checked first. Kept apart from
casework.cases.views, which shows one case in full and imports its machine, guards and the
disclosure log: `casework list --json` is what a council's script calls, every time in a fresh
process, and pays for every module on its path."""

from sqlalchemy import select

from casework.errors import NotFound, quote
from casework.queue.pages import page
from casework.queue.query import CaseQuery, known_stage
from casework.transaction import read
from casework.workspace import Workspace
from db.models import User


def list_cases(
    ws: Workspace, login: str, state: str | None = None, overdue: bool = False,
    route: str | None = None, handler: str | None = None, text: str | None = None,
    include_ended: bool = False, limit: int | None = None, offset: int = 0,
) -> list[dict]:
    """Newest first; the search covers notes as well as summaries and names. A stage or handler
    that does not exist is refused, as any other typo is, rather than matching nothing."""
    if state is not None:
        state = known_stage(state, route)
    if handler is not None:
        with read(ws.engine) as s:
            if s.execute(select(User.id).where(User.login == handler.strip())).first() is None:
                raise NotFound(f"--handler: no user with the login {quote(handler)}; a handler is "
                               "named by the login they use in casework")
        handler = handler.strip()
    query = CaseQuery(text=text or "", notes=bool(text), state=state, route=route,
                      handler=handler, overdue=overdue, include_ended=include_ended,
                      sort="received", descending=True)
    return page(ws, login, query, offset, limit or 10**9)

