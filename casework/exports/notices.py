"""Where a case's decision notice stands, read from its audit events: the trail is the record
of every notice issued (an export of that name) and withdrawn, so nothing else keeps it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from casework.workflow.events import DECISION_NOTICE
from casework.workflow.events import NOTICE_WITHDRAWN as WITHDRAWN


@dataclass
class Notice:
    issued: date | None = None  # the day the standing notice was issued
    sha256: str | None = None  # of the notice as issued
    withdrawn: date | None = None

    @property
    def published(self) -> bool:
        return self.issued is not None and self.withdrawn is None


def notice_of(events) -> Notice:
    """`events`: the case's (action, data, at) in order. A reopened case's earlier notice was
    about a decision taken again, so it no longer stands; a notice issued after a withdrawal
    is published again."""
    notice = Notice()
    for action, data, at in events:
        data = json.loads(data) if isinstance(data, str) else data
        if action == "transition" and data.get("event") == "reopen":
            notice = Notice()
        elif action == "export" and data.get("what") == DECISION_NOTICE:
            notice = Notice(_day(data, at), data.get("sha256"))
        elif action == WITHDRAWN and notice.issued is not None:
            notice.withdrawn = _day(data, at)
    return notice


def _day(data: dict, at: str) -> date:
    """The day it took effect (--on), else the UTC day the event was recorded."""
    return date.fromisoformat(data.get("on") or at[:10])
