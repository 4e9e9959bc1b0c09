"""Checks of what people type, with messages that say what to do instead."""

import re
import unicodedata
from datetime import date

from casework.errors import UserError, has_bidi_control, quote

MAX_SUMMARY = 20_000
MAX_NOTE = 100_000


def clean_text(value: str | None, what: str, hint: str, limit: int) -> str:
    """`hint` says what to write, in words that fit both the command line and a form."""
    text = (value or "").strip()
    if not text:
        raise UserError(f"the {what} is empty: {hint}")
    if len(text) > limit:
        raise UserError(
            f"the {what} is {len(text):,} characters; keep it under {limit:,} "
            "and attach longer material as a document (casework attach)"
        )
    bad = [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\r"]
    if bad:
        raise UserError(
            f"the {what} contains a control character (U+{ord(bad[0]):04X}); remove it and try again"
        )
    return text


def clean_name(value: str | None, what: str) -> str:
    text = clean_text(value, what, f"give the {what}", 200)
    if "\n" in text or "\r" in text or "\t" in text:
        raise UserError(f"the {what} must be on one line")
    if has_bidi_control(text):
        raise UserError(f"the {what} contains a right-to-left override or isolate, which makes it "
                        "read differently on screen than it is stored; remove it")
    return text


_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def read_day(text: str) -> date | None:
    """A day as people in the UK write it: 1/12/2026, 01/12/2026 or 01.12.2026 (the day first),
    or 2026-12-01; None if it is none of these or no such day."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    found = _DMY.fullmatch(text)
    if found:
        d, m, y = (int(g) for g in found.groups())
        try:
            return date(y, m, d)
        except ValueError:
            return None
    return None


def parse_date(value: str | date | None, option: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    day = read_day(value)
    if day is None:
        raise UserError(f"{option} {quote(value)} is not a date: write it as DD/MM/YYYY or YYYY-MM-DD")
    return day


def not_future(day: date, option: str, today: date) -> date:
    if day > today:
        raise UserError(f"{option} {day.isoformat()} is in the future (today is {today.isoformat()})")
    return day


def effective_day(value: str | date | None, today: date, earliest: date, what: str) -> date:
    """The day something happened (default today): not in the future, not before `earliest`."""
    day = not_future(parse_date(value, "--on") or today, "--on", today)
    if day < earliest:
        raise UserError(f"--on {day.isoformat()} is before {what} ({earliest.isoformat()})")
    return day
