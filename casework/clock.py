"""The council's today: deadlines are dates in the council's time zone, whatever the machine's."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

COUNCIL_TZ = ZoneInfo("Europe/London")


def council_today() -> date:
    return datetime.now(COUNCIL_TZ).date()


def council_time(instant: str) -> str:
    """An audit instant (UTC, ISO 8601) as people in the council read it: local time with
    its zone, "2026-07-01 10:15:00 BST"."""
    at = datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone(COUNCIL_TZ)
    return f"{at:%Y-%m-%d %H:%M:%S} {at.tzname()}"


def council_day(instant: str) -> date:
    """The day in the council's time zone on which an audit instant (UTC) fell."""
    return datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone(COUNCIL_TZ).date()


def long_date(day: date | str | None, locale: str = "en_GB") -> str:
    """4 December 2026 (or, in Welsh, 4 Rhagfyr 2026), by babel's CLDR data, for documents."""
    from babel.dates import format_date

    if not day:
        return ""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return format_date(day, "d MMMM y", locale=locale)
