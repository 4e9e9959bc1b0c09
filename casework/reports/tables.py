"""The annual report's tables, from its figures; the public version made safe to publish.

Small numbers in the public version. UK councils answering FOI requests, and the ICO's
anonymisation guidance they cite, withhold counts below 5 as personal data: in a council with
a dozen complaints a year, "2 complaints about an Officer under political restriction, 1 breach
found" can point at one person. Withholding alone is not enough where a table has a total: the
withheld cell is the total less the others. So, as NHS England and HESA publish, every other
count is rounded to the nearest 5, which leaves no exact difference to take; a median is shown
only when at least 5 complaints are behind it. Zero is shown as it is: it tells of nobody.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from casework.profile.council import Profile
from casework.reports.figures import OUTCOME_TITLES, Figures, outcome_of
from casework.workflow.assessment import CLASSIFICATIONS, NFA_REASONS
from casework.workflow.events import NOT_MET_BY_LEAVING
from casework.workflow.stages import ENDED, ROUTE_TITLES, STATE_TITLES, short_title

# Short enough for one line of the list of cases.
CASE_OUTCOMES = {"resolved": "Resolved", "no_action": "No further action", "withdrawn": "Withdrawn",
                 "no_breach": "No breach found", "breach": "Breach found", "referred": "Ended by the Ombudsman",
                 "discontinued": "Discontinued"}
SMALL = 5
WITHHELD = "<5"
ROUTES = ("member", "officer")
ROUTE_HEADS = {"member": "About a Member", "officer": "About an Officer"}
ROUTE_NAMES = {"member": "Member", "officer": "Officer"}
# Stages in the order a complaint meets them; ended states are outcomes, not stages.
STAGES = ("received", "hos_consulted", "assessment", "local_resolution", "investigation",
          "decision", "hearing", "sanctions", "review",
          "informal_resolution", "line_manager", "head_of_service", "disciplinary", "outcome", "appeal")


@dataclass
class Table:
    key: str  # the CSV's section
    title: str
    label: str  # heading of the first column
    columns: list[str]
    rows: list[tuple[str, list]] = field(default_factory=list)  # values: int, float, str or None
    note: str = ""
    years: list[int] | None = None  # when each column is a year


@dataclass
class Report:
    council: str
    year: int
    public: bool
    as_at: str
    intro: list[str]
    tables: list[Table]


class _Shown:
    """Counts as the version's reader may see them."""

    def __init__(self, public: bool):
        self.public = public

    def n(self, value: int):
        if not self.public or value == 0:
            return value
        return WITHHELD if value < SMALL else 5 * round(value / 5)

    def median(self, values):
        if isinstance(values, Counter):
            values = list(values.elements())
        if not values or (self.public and len(values) < SMALL):
            return None
        m = median(values)
        return int(m) if m == int(m) else round(m, 1)


def build(fig: Figures, profile: Profile, public: bool) -> Report:
    show = _Shown(public)
    y = fig.year
    this = Counter()
    for (yr, route, clause, state), n in fig.received.items():
        if yr == y:
            this[route, clause, outcome_of(state)] += n
    tables = [_received(fig, show), _clauses(this, profile, show), _stages(fig, show),
              _outcomes(this, show), _classified(fig, show), _no_further(fig, show),
              _resolution(fig, show), _timeliness(fig, profile, show), _sanctions(fig, profile, show),
              _trends(fig, show)]
    if not public:
        tables.append(_cases(fig, profile))
    intro = [f"Complaints under the Member/Officer Relations Protocol received from 1 January to "
             f"31 December {y}, each with its outcome as it stood on {fig.as_at.isoformat()}; "
             f"sanctions are those imposed on these complaints.",
             "Times are in working days (weekends and bank holidays not counted), against the "
             "timescales of the council's profile."]
    if public:
        intro.append("Public version: no names or case references. Counts from 1 to 4 are shown "
                     "as <5 and other counts are rounded to the nearest 5, so that no one can be "
                     "identified; a median is shown only when at least 5 complaints are behind it.")
    return Report(profile.council, y, public, fig.as_at.isoformat(), intro, tables)


def _received(fig: Figures, show: _Shown) -> Table:
    y = fig.year
    got = Counter()
    for (yr, route, _, state), n in fig.received.items():
        if yr == y:
            got[route] += n
            got[route, "concluded"] += n * (state in ENDED)
    t = Table("received", f"Complaints received in {y}", "", ["About a Member", "About an Officer", "All"])
    for label, key in (("Received", None), ("Concluded by " + fig.as_at.isoformat(), "concluded")):
        parts = [got[r] if key is None else got[r, key] for r in ROUTES]
        t.rows.append((label, [show.n(v) for v in (*parts, sum(parts))]))
    return t


def _clauses(this: Counter, profile: Profile, show: _Shown) -> Table:
    by = Counter()
    for (route, clause, _), n in this.items():
        by[clause, route] += n
    t = Table("clause", "By clause of the protocol alleged", "Clause",
              [ROUTE_HEADS[r] for r in ROUTES] + ["All"])
    clauses = list(profile.clauses) + sorted({c for c, _ in by} - set(profile.clauses))
    for code in clauses:
        title = profile.clauses.get(code, "(not in the current profile)")
        parts = [by[code, r] for r in ROUTES]
        t.rows.append((f"{code} {title}", [show.n(v) for v in (*parts, sum(parts))]))
    return t


def _stages(fig: Figures, show: _Shown) -> Table:
    t = Table("stage", "Stages reached", "Stage", [ROUTE_HEADS[r] for r in ROUTES],
              note="How many of the year's complaints reached each stage at least once.")
    for stage in STAGES:
        titles = [STATE_TITLES[r].get(stage) for r in ROUTES]
        title = titles[0] or titles[1]
        t.rows.append((title, [show.n(fig.reached[r, stage]) if titles[i] else None
                               for i, r in enumerate(ROUTES)]))
    return t


def _outcomes(this: Counter, show: _Shown) -> Table:
    by = Counter()
    for (route, _, outcome), n in this.items():
        by[outcome, route] += n
    t = Table("outcome", "Outcomes", "Outcome", [ROUTE_HEADS[r] for r in ROUTES] + ["All"],
              note="A breach is counted as found from the finding on, while sanctions or an "
                   "appeal are still running.")
    for key, title in OUTCOME_TITLES.items():
        parts = [by[key, r] for r in ROUTES]
        t.rows.append((title, [show.n(v) for v in (*parts, sum(parts))]))
    return t


def _classified(fig: Figures, show: _Shown) -> Table:
    t = Table("classification", "Complaints about a Member, as assessed", "Assessed as",
              ["Complaints"],
              note="The Monitoring Officer's initial assessment: a complaint under the Members' "
                   "Code of Conduct takes the statutory route; one under the protocol alone ends "
                   "in an internal outcome.")
    for key, title in (*CLASSIFICATIONS.items(), (None, "not classified (yet, or before it was asked)")):
        if key == "low-level" and not fig.classified[key]:
            continue  # only a council in Wales with a local resolution protocol has these
        t.rows.append((f"A complaint {title}" if key else title.capitalize(),
                       [show.n(fig.classified[key])]))
    return t


def _no_further(fig: Figures, show: _Shown) -> Table:
    t = Table("no_further_action", "Why complaints went no further", "Reason",
              [ROUTE_HEADS[r] for r in ROUTES] + ["All"],
              note="Complaints whose outcome is no further action, by the reason recorded with "
                   "the decision.")
    for key, title in (*NFA_REASONS.items(), (None, "no reason recorded (decided before reasons were)")):
        parts = [fig.nfa_reasons[r, key] for r in ROUTES]
        t.rows.append((title[0].upper() + title[1:], [show.n(v) for v in (*parts, sum(parts))]))
    return t


def _resolution(fig: Figures, show: _Shown) -> Table:
    y = fig.year
    t = Table("resolution", "Time to resolution", "",
              ["Concluded", "Within timescale", "Median working days"],
              note="From receipt to conclusion. A complaint is within timescale when every stage "
                   "it went through was completed within that stage's timescale.")
    for route in (*ROUTES, None):
        done = [fig.on_time.get(r, [0, 0]) for r in ((route,) if route else ROUTES)]
        days = (fig.durations.get((y, route), []) if route else
                fig.durations.get((y, "member"), []) + fig.durations.get((y, "officer"), []))
        label = f"Complaints {ROUTE_TITLES[route]}" if route else "All complaints"
        t.rows.append((label, [show.n(sum(d[0] for d in done)), show.n(sum(d[1] for d in done)),
                               show.median(days)]))
    return t


def _timeliness(fig: Figures, profile: Profile, show: _Shown) -> Table:
    t = Table("timeliness", "Stages against their timescales", "Stage",
              ["Timescale", "Completed", "Within timescale", "Median working days"],
              note="Every time one of the year's complaints left a stage; timescales in working days.")
    for route in ROUTES:
        for stage in STAGES:
            if stage not in STATE_TITLES[route] or stage in NOT_MET_BY_LEAVING or stage not in profile.timescales:
                continue
            done, within, days = fig.stage_times.get((route, stage), (0, 0, []))
            if done:
                t.rows.append((f"{STATE_TITLES[route][stage]} ({ROUTE_NAMES[route]})",
                               [profile.timescales[stage], show.n(done), show.n(within), show.median(days)]))
    return t


def _sanctions(fig: Figures, profile: Profile, show: _Shown) -> Table:
    y = fig.year
    t = Table("sanctions", "Sanctions and compliance", "Sanction",
              ["Imposed", "Complied", "Not complied", "Outstanding"])
    by = Counter()
    for (yr, route, kind, status), n in fig.sanctions.items():
        if yr == y:
            by[route, kind, status] += n
    for route in ROUTES:
        catalogue = profile.sanctions.get(route, {})
        kinds = list(catalogue) + sorted({k for r, k, _ in by if r == route} - set(catalogue))
        for kind in kinds:
            parts = [by[route, kind, s] for s in ("complied", "not_complied", "outstanding")]
            if sum(parts):
                title = catalogue.get(kind, kind)
                t.rows.append((f"{title} ({ROUTE_NAMES[route]})",
                               [show.n(v) for v in (sum(parts), *parts)]))
    if not t.rows:
        t.note = "No sanctions were imposed on the year's complaints."
    elif fig.overdue_sanctions:
        t.note = f"Outstanding past their due date: {show.n(fig.overdue_sanctions)}."
    return t


def _trends(fig: Figures, show: _Shown) -> Table:
    t = Table("trends", "Trends", "", [str(y) for y in fig.years], years=fig.years)
    rec, concluded, breach = Counter(), Counter(), Counter()
    for (yr, route, _, state), n in fig.received.items():
        rec[yr] += n
        rec[yr, route] += n
        breach[yr] += n * (outcome_of(state) == "breach")
    for (yr, route), days in fig.durations.items():
        concluded[yr] += len(days)
    imposed = Counter()
    for (yr, *_), n in fig.sanctions.items():
        imposed[yr] += n
    t.rows += [("Complaints received", [show.n(rec[y]) for y in fig.years]),
               ("About a Member", [show.n(rec[y, "member"]) for y in fig.years]),
               ("About an Officer", [show.n(rec[y, "officer"]) for y in fig.years]),
               ("Concluded", [show.n(concluded[y]) for y in fig.years]),
               ("Breach found", [show.n(breach[y]) for y in fig.years]),
               ("Sanctions imposed", [show.n(imposed[y]) for y in fig.years]),
               ("Median working days to conclusion",
                [show.median(fig.durations.get((y, "member"), []) + fig.durations.get((y, "officer"), []))
                 for y in fig.years])]
    return t


def _cases(fig: Figures, profile: Profile) -> Table:
    t = Table("cases", "Complaints by reference", "Reference",
              ["Route", "Clause", "Received", "Outcome", "Working days"],
              note="Working days to conclusion, or so far for a complaint still in progress. "
                   "Not for publication.")
    for c in fig.cases:
        where = CASE_OUTCOMES.get(c["outcome"]) or f"Open: {short_title(c['route'], c['state'])}"
        t.rows.append((c["ref"], ["Member" if c["route"] == "member" else "Officer", c["clause"],
                                  c["received"].isoformat(), where, c["days"]]))
    return t
