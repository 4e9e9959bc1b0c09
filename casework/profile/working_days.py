"""Working days for UK councils: weekdays that are not bank holidays.

Deadlines in the protocol are counted in working days, so every due date in the
package goes through a WorkingCalendar. Lists of cases compute many due dates at
once, so the calendar keeps one sorted list of working-day ordinals covering a
range of years and answers each question with a binary search instead of walking
day by day.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import platformdirs

from casework.sealed import seal, unseal

# The holidays package loads every country's rules on first use (about 0.1 s), which every
# command and the application's first page would pay; the bank holidays it gives are kept
# on disk instead, per package version, and the package is imported only to fill a gap.
UK_SUBDIVISIONS = frozenset({"ENG", "WLS", "SCT", "NIR"})


def _cache_file(subdiv: str) -> Path:
    root = os.environ.get("CASEWORK_CACHE_DIR") or platformdirs.user_cache_dir("casework", appauthor=False)
    return Path(root) / f"bank-holidays-{subdiv}.json"


def _installed(package: str) -> str:
    """Which copy of a package is installed, without importing it or importlib.metadata
    (22 ms, on the path to the application's first page): where it is, and when it was
    written there, which changes whenever it is upgraded."""
    spec = find_spec(package)
    origin = spec.origin if spec and spec.origin else package
    try:
        return f"{origin}@{os.stat(origin).st_mtime_ns}"
    except OSError:
        return origin


def _bank_holidays(subdiv: str, year: int) -> frozenset[int]:
    path = _cache_file(subdiv)
    stamp = _installed("holidays")
    try:
        # Believed only if this account sealed it: a planted file would move every deadline.
        cached = unseal(path.read_text())
        if cached.get("holidays") == stamp and str(year) in cached["years"]:
            return frozenset(int(day) for day in cached["years"][str(year)])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        cached = None
    import holidays

    table = holidays.country_holidays("GB", subdiv=subdiv, years=year)
    found = sorted(d.toordinal() for d in table if d.year == year)
    years = cached["years"] if cached and cached.get("holidays") == stamp else {}
    years[str(year)] = found
    sealed = seal({"holidays": stamp, "years": years})
    try:
        if sealed is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(sealed)
            os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs the speed-up
    return frozenset(found)

# Roughly the fewest working days in any year (52 weekends and up to ~10 bank
# holidays); used to decide how many years to load for a long jump.
_MIN_WORKING_DAYS_PER_YEAR = 240


class WorkingCalendar:
    """Working days in one UK subdivision ("ENG" or "WLS")."""

    def __init__(self, subdiv: str):
        if subdiv not in UK_SUBDIVISIONS:
            raise ValueError(f"unknown bank-holiday calendar {subdiv!r}; use 'ENG' or 'WLS'")
        self.subdiv = subdiv
        self._holidays_by_year: dict[int, frozenset[int]] = {}
        # (first year, last year, sorted ordinals of every working day in them).
        # Replaced as a whole when the range grows, so a reader that took a
        # reference keeps a consistent view without holding the lock.
        self._span: tuple[int, int, list[int]] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"WorkingCalendar({self.subdiv!r})"

    def _holidays(self, year: int) -> frozenset[int]:
        found = self._holidays_by_year.get(year)
        if found is None:
            found = _bank_holidays(self.subdiv, year)
            self._holidays_by_year[year] = found
        return found

    def _working_ordinals(self, year: int) -> list[int]:
        off = self._holidays(year)
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        # date.weekday() is (ordinal + 6) % 7 with Monday as 0; avoid building
        # date objects for every day of the year.
        return [
            o for o in range(first, last + 1) if (o + 6) % 7 < 5 and o not in off
        ]

    def _cover(self, first_year: int, last_year: int) -> list[int]:
        """The sorted working ordinals for a span including the given years."""
        span = self._span
        if span is not None and span[0] <= first_year and last_year <= span[1]:
            return span[2]
        with self._lock:
            span = self._span
            if span is None:
                lo, hi, ords = first_year, last_year, []
                for y in range(lo, hi + 1):
                    ords.extend(self._working_ordinals(y))
            else:
                lo, hi, ords = span
                new_lo, new_hi = min(lo, first_year), max(hi, last_year)
                before: list[int] = []
                for y in range(new_lo, lo):
                    before.extend(self._working_ordinals(y))
                after: list[int] = []
                for y in range(hi + 1, new_hi + 1):
                    after.extend(self._working_ordinals(y))
                lo, hi, ords = new_lo, new_hi, before + ords + after
            self._span = (lo, hi, ords)
            return ords

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d.toordinal() not in self._holidays(d.year)

    def add_working_days(self, start: date, n: int) -> date:
        """The date n working days after start (start itself is not counted).

        n=0 gives start if it is a working day, otherwise the next working day.
        A negative n counts back: -1 is the last working day before start.
        """
        if n > 0:
            # One extra year so that a start in late December still finds its
            # successors without a second lookup.
            years = n // _MIN_WORKING_DAYS_PER_YEAR + 1
            ords = self._cover(start.year, start.year + years)
            i = bisect_right(ords, start.toordinal()) + n - 1
        elif n == 0:
            ords = self._cover(start.year, start.year + 1)
            i = bisect_left(ords, start.toordinal())
        else:
            years = -n // _MIN_WORKING_DAYS_PER_YEAR + 1
            ords = self._cover(start.year - years, start.year)
            i = bisect_left(ords, start.toordinal()) + n
        return date.fromordinal(ords[i])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after start up to and including end; 0 if end <= start."""
        if end <= start:
            return 0
        ords = self._cover(start.year, end.year)
        return bisect_right(ords, end.toordinal()) - bisect_right(
            ords, start.toordinal()
        )


@lru_cache(maxsize=None)
def calendar_for(subdiv: str) -> WorkingCalendar:
    """The shared calendar for a subdivision, so its holiday cache is built once."""
    return WorkingCalendar(subdiv)
