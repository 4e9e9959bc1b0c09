"""When an answer to a subject access request is due.

UK GDPR Art. 12(3): within one month of receipt, extendable by two further months where
requests are complex or numerous, the requester told of it within the first month. The ICO
counts from the day of receipt to the corresponding calendar date in the next month; with no
such date (31 January), the last day of that month; a date on a weekend or bank holiday moves
to the next working day.
"""

import calendar
from datetime import date

from casework.profile.working_days import WorkingCalendar

MAX_EXTENSION = 2  # months


def add_months(day: date, months: int) -> date:
    """The corresponding date `months` later, or that month's last day when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def due_day(cal: WorkingCalendar, received: date, extended: int = 0) -> date:
    """The day the answer is due, `extended` months beyond the first, counted from receipt."""
    return cal.add_working_days(add_months(received, 1 + extended), 0)


def month_ends(cal: WorkingCalendar, received: date) -> date:
    """The last day on which the requester may be told of an extension."""
    return due_day(cal, received)
