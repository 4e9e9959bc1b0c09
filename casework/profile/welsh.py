"""The Welsh a council's profile gives for letters written in Welsh (Welsh Language Standards):
its own name, and the titles of its protocol's clauses and of its sanctions, under [welsh].

What the law fixes is in code, beside the English: the stages' titles
(casework.workflow.stages.STATE_TITLES_CY) and the Standards Committee's determinations
(casework.workflow.sanctions.WALES_TITLES_CY), which a profile may word its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casework.errors import UserError
from casework.profile.checker import Checker, _key, key_lines
from casework.workflow.sanctions import WALES_TITLES_CY

# `profile` below is a casework.profile.council.Profile, which holds a WelshTitles: not imported
# here, so the two modules do not import each other.
Profile = Any

WHY = "letters in Welsh need it (Welsh Language Standards)"


@dataclass(frozen=True)
class WelshTitles:
    council: str | None = None  # the council's name in Welsh, as on its letters
    clauses: dict[str, str] = field(default_factory=dict)
    sanctions: dict[str, dict[str, str]] = field(default_factory=dict)

    def sanction(self, regime: str, route: str, kind: str) -> str | None:
        """The council's own Welsh for a sanction, else the law's (Wales, Members)."""
        own = self.sanctions.get(route, {}).get(kind)
        if own is None and regime == "wales" and route == "member":
            return WALES_TITLES_CY.get(kind)
        return own


def parse_welsh(value: Any, check: Checker, regime: str, clauses: dict[str, str],
                sanctions: dict[str, dict[str, str]]) -> WelshTitles:
    if value is None:
        return WelshTitles()
    if regime != "wales":
        check.fail("welsh is for a council in Wales, whose letters may be written in Welsh; "
                   "remove the [welsh] table")
    table = check.table(value, "welsh")
    check.unknown(table, "welsh", ["council", "clauses", "sanctions"], "key of [welsh]")
    council = check.text(table["council"], "welsh.council") if "council" in table else None
    own = _titles(check, table.get("clauses", {}), "welsh.clauses", clauses, "[clauses]")
    routes = check.table(table.get("sanctions", {}), "welsh.sanctions")
    check.unknown(routes, "welsh.sanctions", list(sanctions), "route")
    said = {route: _titles(check, routes[route], f"welsh.sanctions.{route}", sanctions[route],
                           f"[sanctions.{route}]") for route in routes}
    return WelshTitles(council, own, said)


def _titles(check: Checker, value: Any, key: str, english: dict[str, str], where: str) -> dict:
    table = check.table(value, key)
    for code, title in table.items():
        if code not in english:
            check.fail(f"{_key(key, code)} is not in {where}; give Welsh titles only to "
                       f"what {where} lists: {', '.join(english)}")
        check.text(title, _key(key, code))
    return dict(table)


def gaps(profile: Profile) -> list[str]:
    """A clause or sanction of a council in Wales with an English title and no Welsh one, a line
    each, with the line of the English title."""
    if profile.regime != "wales":
        return []
    lines = key_lines(profile.body)
    found = [_missing(profile, lines, "clauses", code, "welsh.clauses")
             for code in profile.clauses if code not in profile.welsh.clauses]
    for route, catalogue in profile.sanctions.items():
        found += [_missing(profile, lines, f"sanctions.{route}", kind, f"welsh.sanctions.{route}")
                  for kind in catalogue if profile.welsh.sanction(profile.regime, route, kind) is None]
    return found


def _missing(profile: Profile, lines: dict[str, int], table: str, code: str, welsh: str) -> str:
    key = _key(table, code)
    english = profile.clauses[code] if table == "clauses" else profile.sanctions[table.split(".")[1]][code]
    line = f", line {lines[key]}" if key in lines else ""
    return (f"profile {profile.source}: {key} (\"{english}\"{line}) has no Welsh title; add "
            f"{_key('', code)} = \"...\" under [{welsh}]: {WHY}")


def clause_cy(profile: Profile, code: str) -> str:
    """The clause and its Welsh title, as "21.9.1 Parch a chwrteisi"; a clause the profile no
    longer lists is its code alone, as in English."""
    if code not in profile.clauses:
        return code or ""
    if code not in profile.welsh.clauses:
        raise UserError(_missing(profile, key_lines(profile.body), "clauses", code, "welsh.clauses"))
    return f"{code} {profile.welsh.clauses[code]}"


def sanction_cy(profile: Profile, route: str, kind: str) -> str:
    title = profile.welsh.sanction(profile.regime, route, kind)
    if title is not None:
        return title
    if kind not in profile.sanctions.get(route, {}):
        return kind
    raise UserError(_missing(profile, key_lines(profile.body), f"sanctions.{route}", kind,
                             f"welsh.sanctions.{route}"))
