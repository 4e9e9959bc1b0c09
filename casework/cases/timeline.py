"""A case's timeline as HR reads it: every event in order, who, when, the stage it moved to,
working days spent in each stage and whether its deadline was met."""

import csv
import io
import json
from datetime import date

from casework.cases.views import holds_confidential, show_case
from casework.clock import council_day
from casework.outfile import spreadsheet_safe
from casework.profile.deadlines import effective_day
from casework.profile.deadlines import verdict as deadline_word
from casework.workflow.assessment import CHOICES, CLASSIFICATIONS, NFA_REASONS
from casework.workflow.events import event_title
from casework.workflow.involvement import CAPACITIES
from casework.workflow.measures import MEASURES
from casework.workflow.papers import NOTE_TITLES
from casework.workflow.stages import short_title, state_title
from casework.workspace import Workspace

COLUMNS = ("seq", "at", "on", "actor", "action", "what", "from", "to", "days_in_stage", "due", "met")
# A row that moves the case carries the stage it leaves ("from") with that stage's working
# days, deadline and verdict, taken from the same stage record as every other face shows.
STAGE_COLUMNS = ("stage", "entered", "left", "working_days", "due", "met")


def timeline(ws: Workspace, ref: str, login: str) -> dict:
    case = show_case(ws, ref, login)
    route = case["route"]
    # Every stage the case has been in, oldest first: the one source of "stage, entered, left,
    # working days, due, met or missed" for the screen, the PDF, the text, the CSV and the JSON.
    stages = [{**v, "title": state_title(route, v["stage"]), "short": short_title(route, v["stage"])}
              for v in case["stages"]]
    rows, entered = [], -1
    for ev in case["history"]:
        # A paper is dated by its author; the timeline says when it was filed (the day given
        # when it was recorded later, else the day recorded), its date beside.
        filed = ev["action"] in PAPERS_FILED
        on = (date.fromisoformat(ev["data"]["filed"]) if ev["data"].get("filed") else council_day(ev["at"])
              ) if filed else effective_day(ev["data"], ev["at"])
        row = {"seq": ev["seq"], "at": ev["at"], "on": on.isoformat(),
               "actor": ev["actor"], "action": ev["action"], "what": _what(ev, route),
               "from": None, "to": None, "to_short": None, "stage_left": None,
               "days_in_stage": None, "due": None, "met": None, "paused": False}
        if ev["to"] and ev["to"] != ev["from"]:
            # The stage visits were made from these same events, one a move, in this order.
            entered += 1
            row["to"] = stages[entered]["title"]
            row["to_short"] = stages[entered]["short"]
            if entered > 0:
                left = stages[entered - 1]
                row.update({"from": left["title"], "stage_left": entered - 1,
                            "days_in_stage": left["working_days"], "due": left["due"], "met": left["met"],
                            "paused": left["paused"]})
        rows.append(row)
    # (title, working days spent, deadline met) for the bar of stages every face draws.
    bar = [(st["short"], st["working_days"], st["met"]) for st in stages if st["due"] and not st["ended"]]
    return {"ref": case["ref"], "route": route, "stage": case["stage"], "rows": rows,
            "stages": stages, "bar": bar, "subject": case["subject"]["name"],
            "received": case["received"], "private": holds_confidential(case)}


# Events that file a paper dated by its author (the audit's "on" is the paper's date).
PAPERS_FILED = frozenset({"attach", "letter"})


def _uk(day: str) -> str:
    return date.fromisoformat(day).strftime("%d/%m/%Y")


def until(st: dict) -> str:
    """When a stage ended, as a face shows it: its last day, "running", or nothing for an
    outcome (an ended case is not running; one reopened from it has its last day)."""
    return st["left"] or ("" if st["ended"] else "running")


def verdict(st: dict) -> str:
    """A stage's deadline as the timeline words it: nothing while it runs."""
    return deadline_word(st["met"], st["paused"], pending="")


def _what(ev: dict, route: str) -> str:
    data = ev["data"]
    action = ev["action"]
    if action == "transition":
        why = NFA_REASONS.get(data.get("reason")) if data.get("event") == "no_further_action" else None
        return event_title(data.get("event", "")) + (f": {why}" if why else "")
    if action == "classify":
        return f"assessed as a complaint {CLASSIFICATIONS.get(data.get('classification'), '?')}"
    if action == "involve":
        return f"{data.get('name')} is {CAPACITIES.get(data.get('capacity'), '?')}"
    if action == "anonymity":
        return f"complainant's anonymity {data.get('anonymity')}"
    if action == "choice":
        return f"the officer chose {CHOICES.get(data.get('complainant_choice'), '?')}"
    if action == "measure":
        title = MEASURES.get(data.get("kind"), "measure").split(" (")[0].lower()
        step = data.get("step")
        if step == "start":
            return f"{title}: put in place, review by {data.get('review')}"
        return f"{title}: " + (f"reviewed, kept until {data.get('review')}" if step == "review" else "ended")
    if action == "open":
        return f"complaint logged: {data.get('complainant')} about {data.get('subject')}, clause {data.get('clause')}"
    if action == "note":
        return f"{NOTE_TITLES.get(data.get('kind'), 'note')} added" + (" (confidential)" if data.get("confidential") else "")
    if action == "attach":
        dated = f", dated {_uk(data['on'])}" if data.get("on") else ""
        return (f"document filed to {data.get('section')}{dated}"
                + (" (confidential)" if data.get("confidential") else ""))
    if action == "redact":
        return f"redacted copy of document {data.get('redacts')} filed ({data.get('reason')})"
    if action == "letter":
        dated = f", dated {_uk(data['on'])}" if data.get("on") else ""
        return f"letter issued: {data.get('kind')} to the {data.get('to')}{dated}" + (
            ", to be emailed" if data.get("send") else "")
    if action == "letter-sent":
        return f"letter emailed: {data.get('kind')} to the {data.get('to')}"
    if action == "letter-not-sent":
        return f"letter not sent: {data.get('kind')} to the {data.get('to')} ({data.get('reason')})"
    if action == "sanction":
        return f"sanction recorded: {data.get('kind')}"
    if action == "compliance":
        return "sanction complied with" if data.get("complied") else "sanction not complied with"
    if action == "export":
        return f"exported: {data.get('what')}"
    if action == "import":
        return f"imported from {data.get('source')} line {data.get('line')} (received {data.get('received')})"
    if action == "assign":
        return f"handler assigned: {data.get('handler')}"
    if action == "hold":
        return "legal hold " + ("placed" if data.get("step") == "place" else "lifted")
    if action == "dispose":
        return f"personal data disposed of ({data.get('rule')}; retention ended {_uk(data['retention_ends'])})"
    if action == "notice-withdraw":
        return f"decision notice of {_uk(data['issued'])} withdrawn" if data.get("issued") else "decision notice withdrawn"
    return action


def render(tl: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(tl, indent=2, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for row in tl["rows"]:
            w.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
        return out.getvalue()
    lines = [f"{tl['ref']}  now: {tl['stage']}", "", "Stages (working days in each; deadline)"]
    for st in tl["stages"]:
        lines.append("  " + stage_line(st))
    lines += ["", "Events"]
    for r in tl["rows"]:
        moved = f" -> {r['to']}" if r["to"] else ""
        spent = ""
        if r["days_in_stage"] is not None:
            spent = f"  [{_days(r['days_in_stage'])} in {r['from']}"
            spent += (f"; due {r['due']} {verdict(r)}".rstrip() + "]") if r["due"] else "]"
        lines.append(f"{r['on']}  {r['actor']:<12} {r['what']}{moved}{spent}")
    return "\n".join(lines) + "\n"


def stage_line(st: dict) -> str:
    """One stage on one line of text: its title, when it ran, its working days and deadline."""
    if st["ended"]:
        return f"{st['title']}: from {st['entered']}" + (f" until reopened {st['left']}" if st["left"] else "")
    days = st["working_days"]
    due = f"due {st['due']} {verdict(st)}".rstrip() if st["due"] else "no timescale"
    return f"{st['title']}: {st['entered']} to {st['left'] or 'now'}, {_days(days)}; {due}"


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"
