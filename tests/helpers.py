"""Builders shared by the tests: a real database with a small council in it."""

from datetime import date

from casework.audit import chain as _chain
from casework.people import register
from casework.profile.council import load_profile
from casework.workspace import Workspace, open_workspace

TODAY = date(2026, 11, 20)  # a Friday
_REAL_CLOCK = _chain.now_utc  # as imported, before any test puts its own clock in

USERS = {
    "mo": "monitoring-officer",
    "dep": "deputy-monitoring-officer",
    "hr": "hr",
    "clerk": "clerk",
    "inv": "investigator",
    "ip": "independent-person",
    "view": "viewer",
}
PEOPLE = [
    ("member", "Cllr Ann Jones", None, None),
    ("member", "Cllr Tom Price", None, None),
    ("officer", "Olive Manager", "Planning", None),
    ("officer", "Bob Smith", "Planning", "Olive Manager"),
    ("officer", "Mo Officer", "Legal", None),
]


def make_workspace(url: str, profile: str | None = None, today: date = TODAY) -> Workspace:
    import templates

    templates.fill(url)
    ws = open_workspace(url, profile)
    ws.today = lambda: today
    return ws


def populated_workspace(url: str, profile: str | None = None, today: date = TODAY) -> Workspace:
    """As populated_workspace(...): a copy of a database populated once per test process
    (tests.templates), for a profile, a day and a kind of audit clock; the clock moved on as
    a population of its own would have moved it."""
    import templates

    clock = "real" if _chain.now_utc is _REAL_CLOCK else "test"
    key = f"populated|{profile}|{today.isoformat()}|{clock}"

    def build(at: str) -> None:
        ws = make_workspace(at, profile, today)
        populate(ws)
        ws.engine.dispose()

    filled = templates.fill(url, key, templates.counting(key, build))
    if filled == "copied":
        templates.catch_up(key)
    ws = make_workspace(url, profile, today)
    # A database already made (migrated by a test, or encrypted, which casework makes itself)
    # is populated in place, as before.
    return populate(ws) if filled is None else ws


_made: dict[str, object] = {}  # a built council's key -> what its build returned


def built_council(url: str, name: str, build) -> tuple[Workspace, object]:
    """populated_workspace(url), then `build(ws)` (cases, say), done once per test process and
    copied as populated_workspace is: the workspace, and what `build` returned when it ran."""
    import templates
    from sqlalchemy.engine import make_url

    clock = "real" if _chain.now_utc is _REAL_CLOCK else "test"
    key = f"built|{name}|{make_url(url).get_backend_name()}|{clock}"

    def make(at: str) -> None:
        ws = populated_workspace(at)
        _made[key] = build(ws)
        ws.engine.dispose()

    filled = templates.fill(url, key, templates.counting(key, make))
    if filled == "copied":
        templates.catch_up(key)
    if filled is None:  # a database already made: built in place
        ws = populated_workspace(url)
        return ws, build(ws)
    return make_workspace(url), _made[key]


def populate(ws: Workspace) -> Workspace:
    """Registers users of every role and a small register. `mo` is linked to the register
    as the officer 'Mo Officer', so conflicts can be tested."""
    register.init(ws, "mo", "Mona Officer")
    for kind, name, service, manager in PEOPLE:
        register.add_person(ws, "mo", kind, name, service, manager)
    for login, role in USERS.items():
        if login != "mo":
            register.add_user(ws, "mo", login, login.title(), role)
    return ws


def profile(name: str = "england"):
    return load_profile(name)


def dump(ws) -> dict:
    """Every row of every table, to prove a refused action changed nothing."""
    from sqlalchemy import text
    from sqlmodel import SQLModel

    out = {}
    with ws.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(text(f'SELECT * FROM "{table.name}"')).all()
            out[table.name] = sorted(tuple(str(v) for v in r) for r in rows)
    return out


def link_user_to_person(ws, login: str, person: str) -> None:
    """Raw link, used to set up conflicts of interest. Here rather than in a conftest: a test
    module's `from conftest import` finds whichever conftest Python loaded last."""
    from sqlalchemy import update
    from sqlmodel import Session, select

    from db.models import Person, User

    with Session(ws.engine) as s:
        pid = s.exec(select(Person.id).where(Person.name == person)).one()
        s.execute(update(User).where(User.login == login).values(person_id=pid))
        s.commit()


def acas_papers(ws: Workspace, ref: str, login: str = "hr", on: str | None = None) -> None:
    """What the ACAS Code asks before a disciplinary decision: the allegations and the
    invitation filed, and the meeting noted with its companion."""
    from casework.cases.papers import annotate

    for section in ("allegations", "invitation"):
        _letter(ws, ref, login, section, on)
    annotate(ws, ref, "Disciplinary meeting held", login, kind="meeting", companion="none", on=on)


def assessed(ws: Workspace, ref: str, kind: str = "code", login: str = "mo",
             on: str | None = None) -> None:
    """The initial assessment's fair process: an officer complainant's choice of the protocol
    route recorded, the complaint classified, and (unless outside the remit) the subject member
    told of it and invited to comment."""
    from sqlalchemy import select

    from casework.cases.assessment import choose, classify
    from casework.transaction import read
    from db.models import Case, Person

    with read(ws.engine) as s:
        complainant, chosen = s.execute(select(Person.kind, Case.complainant_choice)
                                 .join(Person, Person.id == Case.complainant_id)
                                 .where(Case.ref == ref)).one()
    if complainant == "officer" and chosen is None:
        choose(ws, ref, "protocol", login, on=on)
    classify(ws, ref, kind, login, f"Assessed as a {kind} complaint", on=on)
    if kind != "outside":
        _letter(ws, ref, login, "subject-notice", on)


def draft_shared(ws: Workspace, ref: str, login: str = "mo", on: str | None = None) -> None:
    """The Investigating Officer's draft report, sent to both parties for comment."""
    _letter(ws, ref, login, "draft-report", on)


def heard(ws: Workspace, ref: str, login: str = "mo", panel: tuple[str, ...] = ("Cllr Tom Price",),
          on: str | None = None) -> None:
    """Ready for the hearing's decision: the notice of the hearing served and the panel recorded."""
    from casework.cases.involvement import involve

    _letter(ws, ref, login, "hearing-notice", on)
    for name in panel:
        involve(ws, ref, name, "hearing-panel", login, on=on)


def outcome_letter(ws: Workspace, ref: str, login: str = "hr", on: str | None = None) -> None:
    _letter(ws, ref, login, "outcome-letter", on)


def _letter(ws: Workspace, ref: str, login: str, section: str, on: str | None) -> None:
    import tempfile
    from pathlib import Path

    from casework.cases.papers import attach

    with tempfile.TemporaryDirectory() as folder:
        letter = Path(folder) / f"{section}.txt"
        letter.write_text(f"The {section.replace('-', ' ')} letter.\n")
        attach(ws, ref, str(letter), login, section=section, on=on)
