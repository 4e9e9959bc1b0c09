"""The council the bulk demo plans in (casework.demo.plan): its profile, calendar, users and
register as the database holds them, and case references numbered on as the services would."""

from datetime import date

from sqlalchemy import select

from casework.cases.opening import next_reference
from casework.demo import data as D
from casework.transaction import read
from casework.workflow.roles import may
from db.models import Person, User


class _World:
    def __init__(self, ws, team):
        self.profile, self.cal, self.today, self.team = ws.profile, ws.calendar, ws.today(), team
        with read(ws.engine) as s:
            self.users = {u[0]: u[1:] for u in s.execute(
                select(User.login, User.id, User.role, User.person_id))}
            self.people = dict(s.execute(select(Person.name, Person.id)).all())
            self.kinds = dict(s.execute(select(Person.name, Person.kind)).all())
        # As the demo: a council's own profile may lack our clauses; then any of its own.
        self.clauses = {r: {k: w for k, w in D.CLAUSES[r].items() if k in self.profile.clauses}
                        or dict.fromkeys(self.profile.clauses, 1) for r in D.CLAUSES}

    def check(self, login: str, action: str) -> None:
        if not may(self.users[login][1], action):
            raise RuntimeError(f"bulk demo: {login} may not {action}; demo_data and roles drifted")


def _references(ws, days: list[date]) -> list[str]:
    """Numbered on from each year's last reference, as the services would number them."""
    seqs = {}
    with read(ws.engine) as s:
        for year in {d.year for d in days}:
            first = next_reference(s, ws, year)[len(ws.profile.reference_prefix(year)):]
            seqs[year] = int("".join(ch for ch in first if ch.isdigit()))
    out = []
    for d in days:
        out.append(ws.profile.format_reference(d.year, seqs[d.year]))
        seqs[d.year] += 1
    return out
