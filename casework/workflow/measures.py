"""Measures in place while a case runs that are neither a step of its route nor an outcome.

An officer complained about may be suspended on full pay while a serious allegation is
investigated: a neutral act, not a disciplinary sanction, as brief as possible and kept under
review (ACAS Code of Practice 1, para. 8). An officer who complains about a Member is protected
while the complaint runs, for example by contact through a senior officer only (the council's
duty of care as employer; seed 004, 21.15(b)). Either has a review date, which is a deadline,
and must end before the case does.
"""

from datetime import date

MEASURES = {
    "suspension": "Suspended on full pay (a neutral act, not a disciplinary sanction)",
    "protective": "Protective measure for the officer who complained",
}
# The route each belongs to: the employee complained about, or the employee complaining.
ROUTE_OF = {"suspension": "officer", "protective": "member"}
# Who puts a measure in place, reviews and ends it: suspension is the employer's decision,
# recorded by HR as its findings are; protection of a complainant by the Monitoring Officer or HR.
ACTION_OF = {"suspension": "measure-officer", "protective": "measure-member"}
CITATION = {"suspension": "ACAS Code of Practice 1, para. 8",
            "protective": "the council's duty of care to the officer"}


def measures_from(rows, today: date) -> list[dict]:
    return [{"id": m.id, "kind": m.kind, "title": MEASURES[m.kind], "citation": CITATION[m.kind],
             "detail": m.detail, "started": m.started.isoformat(), "review": m.review.isoformat(),
             "ended": m.ended.isoformat() if m.ended else None,
             "review_overdue": m.ended is None and m.review < today} for m in rows]
