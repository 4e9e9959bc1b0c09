"""The council's today: deadlines are dates in the council's time zone, whatever the machine's."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

COUNCIL_TZ = ZoneInfo("Europe/London")


def council_today() -> date:
    return datetime.now(COUNCIL_TZ).date()
