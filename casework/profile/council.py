"""A council's profile: its regime, timescales, catalogues and reference format.

Profiles are TOML files that a council officer edits by hand, so every mistake
is reported as one UserError line naming the file, the key, what is wrong and
how to put it right, rather than surfacing later as a KeyError mid-case.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from string import Formatter
from typing import Any

from casework.errors import UserError
from casework.outfile import user_path
from casework.profile.checker import Checker, key_lines, shown
from casework.profile.register import RegisterRules, parse_register
from casework.profile.retention import Retention, parse_retention
from casework.profile.welsh import WelshTitles, parse_welsh
from casework.workflow.papers import required_sections
from casework.workflow.sanctions import wales_refusal

OFFICER_STAGES = (
    "received", "informal_resolution", "line_manager", "head_of_service",
    "disciplinary", "outcome", "appeal",
)
MEMBER_STAGES = (
    "received", "hos_consulted", "assessment", "local_resolution",
    "investigation", "decision", "hearing", "sanctions", "review",
)
STAGE_NAMES: frozenset[str] = frozenset(OFFICER_STAGES + MEMBER_STAGES)

REGIMES = {"england": "ENG", "wales": "WLS"}
ROUTES = ("member", "officer")
BUILT_IN = ("england", "wales")
DEFAULT_REFERENCE_FORMAT = "MOP-{year}-{seq:04d}"

_REQUIRED = {
    "council": 'council = "Example District Council"',
    "regime": 'regime = "england"',
    "timescales": "a [timescales] table of working days per stage",
    "clauses": "a [clauses] table of clause code = title",
    "sanctions": "[sanctions.member] and [sanctions.officer] tables",
    "bundle_sections": "a [bundle_sections] table of key = title",
}
_OPTIONAL = ("calendar", "reference_format", "independent_person_required", "members_term_ends",
             "warnings_expire", "local_resolution_protocol", "draft_comment_days", "reply_days",
             "retention", "register", "welsh")


@dataclass(frozen=True)
class Profile:
    council: str
    regime: str
    calendar: str
    timescales: dict[str, int]
    clauses: dict[str, str]
    sanctions: dict[str, dict[str, str]]
    bundle_sections: dict[str, str]
    reference_format: str = DEFAULT_REFERENCE_FORMAT
    independent_person_required: bool = True
    # When the members' term of office ends (after the next ordinary elections): no suspension
    # runs past it (Wales, SI 2001/2281 reg. 9(1)(d)).
    members_term_ends: date | None = None
    # Months an officer's warning stays live, by kind of sanction (the council's policy).
    warnings_expire: dict[str, int] | None = None
    # Wales: the title of the council's local resolution protocol for low-level complaints one
    # member makes about another, if it has one; casework then takes such complaints.
    local_resolution_protocol: str | None = None
    # Working days the parties have to comment on a draft investigation report before the final
    # report (the council's practice; none unless set).
    draft_comment_days: int = 0
    # Working days a letter gives its recipient to reply: comments on a complaint, a view asked of
    # the Independent Person, whether they will attend a hearing (casework.letters).
    reply_days: int = 10
    # How long a case's records are kept once it has ended (casework.profile.retention).
    retention: Retention = Retention()
    # Whom the public register names, and where it links notices (casework.profile.register).
    register: RegisterRules = RegisterRules()
    # Wales: the council's name and its clauses' and sanctions' titles in Welsh, for letters in
    # Welsh (casework.profile.welsh).
    welsh: WelshTitles = WelshTitles()
    version: str = ""
    source: str = ""
    body: str = ""  # the TOML as written, kept with the cases opened under it

    def sanction_title(self, route: str, key: str) -> str:
        catalogue = self.sanctions.get(route)
        if catalogue is None:
            raise UserError(
                f'profile {self.source}: no sanctions for route "{route}"; '
                f"routes are {', '.join(self.sanctions)}"
            )
        if key not in catalogue:
            raise UserError(
                f'sanction "{key}" is not in the {route} catalogue of profile '
                f"{self.source}; choose one of: {', '.join(catalogue)}"
            )
        return catalogue[key]

    def clause_title(self, code: str) -> str:
        if code not in self.clauses:
            raise UserError(
                f'clause "{code}" is not in profile {self.source}; choose one '
                f"of: {', '.join(self.clauses)}"
            )
        return self.clauses[code]

    def format_reference(self, year: int, seq: int) -> str:
        return self.reference_format.format(year=year, seq=seq)

    def reference_prefix(self, year: int) -> str:
        """The reference text before the sequence number, for a given year."""
        fmt = Formatter()
        out = []
        for literal, field, spec, conversion in fmt.parse(self.reference_format):
            out.append(literal)
            if field == "seq":
                break
            if field is not None:
                out.append(fmt.format_field(fmt.convert_field(year, conversion), spec or ""))
        return "".join(out)


def load_profile(path: str | Path | None = None) -> Profile:
    """Load a profile file, or a built-in one by name ("england", "wales")."""
    if path is None:
        path = "england"
    if isinstance(path, str) and path in BUILT_IN:
        return parse_profile(_packaged(f"{path}.toml"), f"built-in {path}")
    file = user_path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise UserError(
            f"profile {file}: file not found; check the path, or use "
            '"england" or "wales" for a built-in profile'
        ) from None
    except IsADirectoryError:
        raise UserError(
            f"profile {file}: is a folder, not a file; give the path of the .toml file"
        ) from None
    except OSError as exc:
        raise UserError(
            f"profile {file}: cannot be read ({exc.strerror}); check the file's permissions"
        ) from None
    return parse_profile(data, str(file))


def _packaged(filename: str) -> bytes:
    return (resources.files("casework.profile") / "builtin" / filename).read_bytes()


def parse_profile(data: bytes, source: str) -> Profile:
    """Validate the bytes of a profile; source names it in error messages."""
    check = _Checker(source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        check.fail(f"is not UTF-8 text (bad byte at position {exc.start}); save it as UTF-8")
    check.lines = key_lines(text)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        what = re.sub(r"\s*\(at .*?\)$", "", str(exc))
        at = f"line {where[1]}, column {where[2]}" if where else "an unknown line"
        check.fail(f"is not valid TOML at {at}: {what}; fix that line")

    for key, example in _REQUIRED.items():
        if key not in doc:
            check.fail(f"{key} is missing; add {example}")
    check.unknown(doc, "", list(_REQUIRED) + list(_OPTIONAL), "top-level key")

    council = check.text(doc["council"], "council")
    regime = check.choice(doc["regime"], "regime", tuple(REGIMES))
    calendar = check.choice(
        doc.get("calendar", REGIMES[regime]), "calendar", tuple(REGIMES.values())
    )
    reference_format = check.reference_format(
        doc.get("reference_format", DEFAULT_REFERENCE_FORMAT)
    )
    ip_required = doc.get("independent_person_required", regime == "england")
    if not isinstance(ip_required, bool):
        check.fail(
            f"independent_person_required must be true or false (got {shown(ip_required)})"
        )
    if regime == "england" and not ip_required:
        check.fail(
            "independent_person_required = false, but in England seeking the Independent "
            "Person's views before deciding an investigated allegation is a statutory duty "
            "(Localism Act 2011 s.28(7)); remove the line or set it to true"
        )

    timescales = check.table(doc["timescales"], "timescales")
    check.unknown(timescales, "timescales", sorted(STAGE_NAMES), "stage")
    for stage in (*OFFICER_STAGES, *MEMBER_STAGES[1:]):
        if stage not in timescales:
            # Suggest the packaged default so the officer can copy the line.
            days = tomllib.loads(_packaged("england.toml").decode())["timescales"][stage]
            check.fail(
                f"timescales.{stage} is missing; add {stage} = {days} "
                f"(working days) under [timescales]"
            )
        days = timescales[stage]
        if isinstance(days, bool) or not isinstance(days, int):
            check.fail(
                f"timescales.{stage} must be a whole number of working days "
                f"(got {shown(days)})"
            )
        if days < 0:
            check.fail(f"timescales.{stage} must not be negative (got {days}); use 0 or more")

    sanctions_doc = check.table(doc["sanctions"], "sanctions")
    check.unknown(sanctions_doc, "sanctions", list(ROUTES), "route")
    sanctions = {}
    for route in ROUTES:
        if route not in sanctions_doc:
            check.fail(f"sanctions.{route} is missing; add a [sanctions.{route}] table")
        sanctions[route] = check.catalogue(sanctions_doc[route], f"sanctions.{route}")
    if regime == "wales":
        for key in sanctions["member"]:
            refusal = wales_refusal(key)
            if refusal:
                check.fail(f"sanctions.member.{refusal}; remove the line")
    term_ends = doc.get("members_term_ends")
    if term_ends is not None and (not isinstance(term_ends, date) or isinstance(term_ends, datetime)):
        check.fail(f"members_term_ends must be a date written as 2027-05-10, without quotes "
                   f"(got {shown(term_ends)})")

    protocol = doc.get("local_resolution_protocol")
    if protocol is not None:
        protocol = check.text(protocol, "local_resolution_protocol")
        if regime != "wales":
            check.fail("local_resolution_protocol is for a council in Wales, where the Ombudsman "
                       "expects low-level complaints between members to be resolved locally first; "
                       "remove the line")

    comment_days = doc.get("draft_comment_days", 0)
    if isinstance(comment_days, bool) or not isinstance(comment_days, int) or not 0 <= comment_days <= 60:
        check.fail("draft_comment_days must be a whole number of working days from 0 to 60 "
                   f"(got {shown(comment_days)})")

    reply_days = doc.get("reply_days", 10)
    if isinstance(reply_days, bool) or not isinstance(reply_days, int) or not 1 <= reply_days <= 60:
        check.fail(f"reply_days must be a whole number of working days from 1 to 60 (got {shown(reply_days)})")

    sections = check.catalogue(doc["bundle_sections"], "bundle_sections")
    # The papers the routes need keep their sections whatever the profile lists.
    sections.update({k: v for k, v in required_sections(regime).items() if k not in sections})
    expire = check.table(doc.get("warnings_expire", {}), "warnings_expire")
    for kind, months in expire.items():
        if kind not in sanctions["officer"]:
            check.fail(f"warnings_expire.{kind} is not a sanction in [sanctions.officer]; use one of: "
                       + ", ".join(sanctions["officer"]))
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
            check.fail(f"warnings_expire.{kind} must be a whole number of months from 1 to 120 "
                       f"(got {shown(months)})")

    clauses = check.catalogue(doc["clauses"], "clauses")
    welsh = parse_welsh(doc.get("welsh"), check, regime, clauses, sanctions)
    return Profile(
        council=council,
        regime=regime,
        calendar=calendar,
        timescales={stage: timescales[stage] for stage in timescales},
        clauses=clauses,
        sanctions=sanctions,
        bundle_sections=sections,
        reference_format=reference_format,
        independent_person_required=ip_required,
        members_term_ends=term_ends,
        warnings_expire=dict(expire),
        local_resolution_protocol=protocol,
        draft_comment_days=comment_days,
        reply_days=reply_days,
        retention=parse_retention(doc.get("retention", {}), check),
        register=parse_register(doc.get("register", {}), check),
        welsh=welsh,
        version=hashlib.sha256(data).hexdigest()[:12],
        source=source,
        body=text,
    )


class _Checker(Checker):
    """The profile's own checks on top of the shared ones."""

    def reference_format(self, value: Any) -> str:
        fmt = self.text(value, "reference_format")
        example = f'for example "{DEFAULT_REFERENCE_FORMAT}"'
        try:
            fields = [f for _, f, _, _ in Formatter().parse(fmt) if f is not None]
        except ValueError as exc:
            self.fail(f"reference_format is not a valid pattern ({exc}); {example}")
        for name in fields:
            if name not in ("year", "seq"):
                self.fail(
                    f"reference_format may only use {{year}} and {{seq}} "
                    f"(got {{{name}}}); {example}"
                )
        if "seq" not in fields:
            self.fail(f"reference_format must contain {{seq}}, the case number; {example}")
        if "year" not in fields[: fields.index("seq")]:
            # Without the year ahead of the number, references of different
            # years share a prefix and numbering cannot restart each year.
            self.fail(f"reference_format must have {{year}} before {{seq}}; {example}")
        try:
            fmt.format(year=2026, seq=1)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            self.fail(
                f"reference_format cannot be filled in with year=2026, seq=1 "
                f"({exc}); {example}"
            )
        return fmt
