"""Deadlines: each stage's timescale counted in working days from the day it was entered."""

import json
from dataclasses import dataclass
from datetime import date

from casework.profile.council import Profile
from casework.profile.working_days import WorkingCalendar
from casework.workflow.events import DECISION_NOTICE, DUTY_LETTERS, NOTICE_STAGES, STEP_TITLES, WINDOWS
from casework.workflow.stages import CLOCK_STOPPED


@dataclass
class StageVisit:
    state: str
    entered: date
    left: date | None
    due: date | None
    met: bool | None  # None while the stage is running and not yet past due
    paused: bool = False  # interrupted in time by a pause: the stage resumed is judged instead

    @property
    def step(self) -> str:
        return STEP_TITLES.get(self.state, self.state)


def verdict(met: bool | None, paused: bool = False, pending: str = "running") -> str:
    """A deadline as every face words it."""
    if paused:
        return "paused"
    return {True: "met", False: "MISSED", None: pending}[met]


def due_date(profile: Profile, cal: WorkingCalendar, state: str, entered: date) -> date | None:
    days = profile.timescales.get(state)
    return None if days is None else cal.add_working_days(entered, days)


def effective_date(event) -> date:
    """The day an event took effect: its --on date, else the UTC day it was recorded."""
    return effective_day(_data(event), event.at)


def _data(event) -> dict:
    return json.loads(event.data) if isinstance(event.data, str) else event.data


def effective_day(data: dict, at: str) -> date:
    """effective_date of an event read as data: the day it says it took effect (--on, or the day
    an imported complaint was received), else the UTC day it was recorded."""
    on = data.get("on") or data.get("received")
    return date.fromisoformat(on) if on else date.fromisoformat(at[:10])


def visits(events, profile: Profile, cal: WorkingCalendar, today: date) -> list[StageVisit]:
    """Stage visits from a case's audit events, oldest first. A pause stops the clock: the
    stage it interrupted is not judged, the pause is due at its review date, and the stage
    resumed is due when it was, moved on by the working days paused."""
    out: list[StageVisit] = []
    notices: list[date] = []
    letters: list[tuple[str, date]] = []  # (kind, day issued)
    for ev in events:
        data = _data(ev)
        if ev.action == "export" and data.get("what") == DECISION_NOTICE:
            notices.append(effective_date(ev))
        if ev.action == "letter":
            letters.append((data.get("kind"), effective_date(ev)))
        if not ev.to_state:
            continue
        if ev.to_state == ev.from_state:
            if out and data.get("review"):  # a pause kept on review is due at the new date
                out[-1].due = date.fromisoformat(data["review"])
            continue
        when = effective_date(ev)
        if out:
            out[-1].left = when
        if ev.to_state in CLOCK_STOPPED:
            due = date.fromisoformat(data["review"]) if data.get("review") else None
        elif data.get("event") == "resume" and data.get("due"):
            due = date.fromisoformat(data["due"])
        else:
            due = due_date(profile, cal, ev.to_state, when)
        out.append(StageVisit(ev.to_state, when, None, due, None))
    for i, v in enumerate(out):
        if v.due is None:
            continue
        interrupted = i + 1 < len(out) and out[i + 1].state in CLOCK_STOPPED
        if v.state in NOTICE_STAGES and not interrupted:
            issued = next((day for day in sorted(notices) if day >= v.entered), None)
            if issued is not None:
                v.met = issued <= v.due
            elif today > v.due:
                v.met = False
            continue
        if v.state in DUTY_LETTERS:
            sent = sorted(day for kind, day in letters if kind == DUTY_LETTERS[v.state]
                          and day >= v.entered and (v.left is None or day <= v.left))
            if sent:
                v.met = sent[0] <= v.due
                continue
        if v.left is not None:
            if interrupted and v.left <= v.due:
                v.paused = True
                continue  # paused in time: the stage resumed is judged instead
            v.met = True if v.state in WINDOWS else v.left <= v.due
        elif today > v.due:
            v.met = False
    return out
