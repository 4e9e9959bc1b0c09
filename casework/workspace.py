"""One open database with its council profile: what every service works on.

What decides from rows already read (casework.cases.shown) needs a workspace's profile,
calendar and day but no database: this module imports SQLAlchemy only to open one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Callable

from casework.clock import COUNCIL_TZ, council_today  # noqa: F401  (callers name them from here)
from casework.errors import UserError
from casework.profile.council import Profile, load_profile
from casework.profile.working_days import WorkingCalendar, calendar_for

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass
class Workspace:
    engine: Engine  # None in a workspace over rows read already (casework.cases.kept_show)
    profile: Profile
    today: Callable[[], date] = field(default=council_today)
    # Whose words a refusal says its remedy in: "command" (casework's commands) or "screen"
    # (the application's keys), casework.workflow.steps. The application sets its own.
    face: str = "command"

    @property
    def calendar(self) -> WorkingCalendar:
        return calendar_for(self.profile.calendar)


def open_workspace(db: str | None = None, profile: str | None = None) -> Workspace:
    from sqlalchemy.exc import OperationalError

    from casework.atrest.passphrase import install
    from db import schema
    from db.engine import DatabaseUnavailable, make_engine, resolve_url

    install()
    url = resolve_url(db)
    prof = load_profile(profile)
    from casework.audit.anchors import check_target

    check_target()
    try:
        engine = make_engine(url)
        schema.upgrade(engine)
    except DatabaseUnavailable as exc:
        raise UserError(str(exc)) from None
    except OperationalError as exc:
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise UserError(f"cannot open the database {_safe(url)}: {first}") from None
    _settle()
    return Workspace(engine=engine, profile=prof)


_settled: list[bool] = []


def _settle() -> None:
    """What starting made (modules, classes, SQLAlchemy's tables and compiled statements) lives
    as long as the process, yet Python's collector walked all of it at every full collection:
    a pause that, with eight handlers on two cores, every process took at about the same
    change, a second and more each (bench.handlers: the whole of casework's p99 on
    PostgreSQL). Frozen once, at the first database opened, it is left out of collections;
    what is made later is collected as before (the application does the same for typing, and
    more: tui.app._settled). Only once: a process that opens many (the
    tests) would otherwise keep each one's garbage for ever."""
    if not _settled:
        import gc

        gc.freeze()
        _settled.append(True)


def _safe(url: str) -> str:
    """Never print a password from a URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
