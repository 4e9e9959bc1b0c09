"""What a clerk's cells mean: dates however Excel or a person wrote them, yes/no in its many
spellings. Each parser returns the value or raises a UserError naming the column."""

import re
from datetime import date, datetime

from casework.errors import UserError, quote
from casework.inputs import read_day

TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "✓"})
FALSE = frozenset({"no", "n", "false", "f", "0", "-"})


def day(value, column: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell whose format was lost reads back as its serial number; openpyxl knows
        # Excel's calendar, its 1900 leap-year slip included.
        if 1 <= value < 2_958_466:
            from openpyxl.utils.datetime import from_excel

            return from_excel(int(value)).date()
        raise _not_a_date(value, column)
    text = str(value).strip()
    found = read_day(text[:10] if re.match(r"\d{4}-\d\d-\d\dT|\d{4}-\d\d-\d\d ", text) else text)
    if found is None:
        raise _not_a_date(value, column)
    return found


def _not_a_date(value, column: str) -> UserError:
    return UserError(f"{column} {quote(value)} is not a date: write YYYY-MM-DD or DD/MM/YYYY")


def flag(value, column: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise UserError(f"{column} {quote(value)} is not yes or no: write yes, no, true, false, 1 or 0")


def text(value, column: str, limit: int = 200) -> str | None:
    """A one-line value such as a name; numbers a spreadsheet stored are given back as typed."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    shown = shown.strip()
    if len(shown) > limit:
        raise UserError(f"{column} is {len(shown):,} characters; keep it under {limit:,}")
    if any(ord(c) < 32 or ord(c) == 127 for c in shown):
        raise UserError(f"{column} {quote(shown)} contains a line break or control character: "
                        "keep it on one line")
    return shown or None


def required(value, column: str, what: str):
    if value is None:
        raise UserError(f"{column} is empty: give {what}")
    return value


def past(day: date | None, column: str, today: date) -> date | None:
    if day is not None and day > today:
        raise UserError(f"{column} {day.isoformat()} is in the future (today is {today.isoformat()})")
    return day


def read_row(values: dict, parsers, problems: list) -> dict | None:
    """Each column by its parser; every fault a column has goes to `problems`, so a refused
    row names them all at once, and nothing comes back when there is any."""
    got = {}
    for key, parse in parsers:
        try:
            got[key] = parse(values.get(key), key)
        except UserError as exc:
            problems.append(exc.message)
    return None if problems else got
