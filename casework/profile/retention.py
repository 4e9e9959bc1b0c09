"""The council's retention schedule for case records: how many years a case's records are kept
once it has ended, by route and outcome, before its personal data is due for disposal.

No statute or statutory guidance fixes these periods for complaints under a Member/Officer
protocol (UK GDPR asks only that personal data be kept no longer than needed), so they are the
council's own schedule, in its profile. Six years after the case ended is what councils'
schedules commonly say, and what a profile without a [retention] table gets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from casework.workflow.outcomes import ENDED_OUTCOMES
from casework.workflow.stages import ROUTE_TITLES

DEFAULT_YEARS = 6
# Whole months the operational log's personal values (the address each sign-in came from, an
# imported sheet's name) are kept after the month they were written in: long enough to look
# into a misuse of the system, no longer (UK GDPR art. 5(1)(e), storage limitation).
DEFAULT_LOG_MONTHS = 12
MOST_LOG_MONTHS = 1200
MOST_YEARS = 100  # beyond this a number is a year typed for a period, not a period
# Where the years count from: the day the case ended, or the later of that day and the day the
# subject Member left office (the register keeps that day for Members alone: db.models.Person).
SINCE = ("closure", "left-office")


@dataclass(frozen=True)
class Rule:
    years: int
    since: str = "closure"

    def describe(self) -> str:
        span = f"{self.years} year{'s' if self.years != 1 else ''}"
        return f"{span} after " + ("closure" if self.since == "closure"
                                   else "closure or leaving office, whichever is later")

    def ends(self, closed: date, left_office: date | None) -> date | None:
        """The day the records' retention ends, from which their disposal is due; None while
        a rule that counts from leaving office waits for a subject still in office."""
        if self.since == "closure":
            return years_after(closed, self.years)
        if left_office is None:
            return None
        return years_after(max(closed, left_office), self.years)


@dataclass(frozen=True)
class Retention:
    years: int = DEFAULT_YEARS
    # (route, outcome) -> the rule the council set for it; the rest keep `years` after closure.
    rules: dict[tuple[str, str], Rule] = field(default_factory=dict)
    log_months: int = DEFAULT_LOG_MONTHS

    def rule(self, route: str, outcome: str) -> Rule:
        return self.rules.get((route, outcome)) or Rule(self.years)


def years_after(day: date, years: int) -> date:
    """The same day `years` later. From 29 February into a year without one, 1 March: the
    period has run its full length only once the whole of 28 February has passed."""
    later = day + relativedelta(years=years)
    if (day.month, day.day) == (2, 29) and later.day == 28:
        later += timedelta(days=1)
    return later


def parse_retention(value: Any, check) -> Retention:
    """`check` is the profile's checker (casework.profile.council): each fault is one line
    naming the key."""
    table = check.table(value, "retention")
    check.unknown(table, "retention", ["years", "log_months", *ENDED_OUTCOMES], "key of [retention]")
    years = _years(table.get("years", DEFAULT_YEARS), "retention.years", check)
    log_months = table.get("log_months", DEFAULT_LOG_MONTHS)
    if isinstance(log_months, bool) or not isinstance(log_months, int) or not 1 <= log_months <= MOST_LOG_MONTHS:
        check.fail(f"retention.log_months must be a whole number of months from 1 to {MOST_LOG_MONTHS} "
                   f"(got {check.shown(log_months)})")
    rules: dict[tuple[str, str], Rule] = {}
    for route, outcomes in ENDED_OUTCOMES.items():
        prefix = f"retention.{route}"
        written = check.table(table.get(route, {}), prefix)
        for key, given in written.items():
            outcome = key.replace("-", "_")
            if outcome not in outcomes:
                check.fail(f"{prefix}.{key} is not an outcome of a complaint {ROUTE_TITLES[route]}; "
                           f"use one of: {', '.join(outcomes)}")
            rules[route, outcome] = _rule(given, f"{prefix}.{key}", route, check)
    return Retention(years=years, rules=rules, log_months=log_months)


def _rule(given: Any, key: str, route: str, check) -> Rule:
    if not isinstance(given, dict):
        return Rule(_years(given, key, check))
    for name in given:
        if name not in ("years", "from"):
            check.fail(f"{key} has {name} = {check.shown(given[name])}, which is not a setting of "
                       'a retention rule; write { years = 6 } or { years = 6, from = "left-office" }')
    if "years" not in given:
        check.fail(f'{key} says no years; write {{ years = 6, from = "{given.get("from", "closure")}" }}')
    since = given.get("from", "closure")
    if since not in SINCE:
        check.fail(f"{key} has from = {check.shown(since)}; use \"closure\" or \"left-office\"")
    if since == "left-office" and route != "member":
        check.fail(f'{key} counts from leaving office, which the register keeps for Members '
                   'only; count it from "closure"')
    return Rule(_years(given["years"], key, check, " years ="), since)


def _years(value: Any, key: str, check, named: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MOST_YEARS:
        check.fail(f"{key} must be a whole number of years from 0 to {MOST_YEARS} "
                   f"(got{named} {check.shown(value)})")
    return value
