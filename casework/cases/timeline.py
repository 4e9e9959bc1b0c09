"""A case's timeline as HR reads it: every event in order, who, when, the stage it moved to,
working days spent in each stage and whether its deadline was met."""

import csv
import io
import json
from datetime import date

from casework.cases.views import show_case
from casework.workflow.events import event_title
from casework.workflow.stages import short_title, state_title
from casework.workspace import Workspace

COLUMNS = ("seq", "at", "on", "actor", "action", "what", "from", "to", "days_in_stage", "due", "met")
# to_short is for narrow screens; files carry the full stage titles.


def timeline(ws: Workspace, ref: str, login: str) -> dict:
    case = show_case(ws, ref, login)
    route = case["route"]
    deadlines = {(d["stage"], d["started"]): d for d in case["deadlines"]}
    entered: dict | None = None  # the running stage: its name and the day it began
    rows = []
    for ev in case["history"]:
        data = ev["data"]
        on = data.get("on") or ev["at"][:10]
        row = {"seq": ev["seq"], "at": ev["at"], "on": on, "actor": ev["actor"],
               "action": ev["action"], "what": _what(ev, route), "from": None, "to": None,
               "to_short": None,
               "days_in_stage": None, "due": None, "met": None}
        if ev["to"] and ev["to"] != ev["from"]:
            row["to"] = state_title(route, ev["to"])
            row["to_short"] = short_title(route, ev["to"])
            if entered is not None:
                row["from"] = state_title(route, entered["stage"])
                row["days_in_stage"] = ws.calendar.working_days_between(
                    date.fromisoformat(entered["on"]), date.fromisoformat(on))
                d = deadlines.get((entered["stage"], entered["on"]))
                if d:
                    row["due"], row["met"] = d["due"], d["met"]
            entered = {"stage": ev["to"], "on": on}
        rows.append(row)
    stages = [{**d, "title": short_title(route, d["stage"])} for d in case["deadlines"]]
    today = ws.today()
    # (title, working days spent, deadline met) for the bar of stages every face draws.
    bar = [(d["title"], ws.calendar.working_days_between(
        date.fromisoformat(d["started"]), date.fromisoformat(d["done"]) if d["done"] else today), d["met"])
        for d in stages]
    return {"ref": case["ref"], "route": route, "stage": case["stage"], "rows": rows,
            "stages": stages, "bar": bar, "subject": case["subject"]["name"],
            "received": case["received"]}


def _what(ev: dict, route: str) -> str:
    data = ev["data"]
    action = ev["action"]
    if action == "transition":
        return event_title(data.get("event", ""))
    if action == "open":
        return f"complaint logged: {data.get('complainant')} about {data.get('subject')}, clause {data.get('clause')}"
    if action == "note":
        kind = "Independent Person's view" if data.get("kind") == "ip-view" else "note"
        return f"{kind} added" + (" (confidential)" if data.get("confidential") else "")
    if action == "attach":
        return f"document filed to {data.get('section')}" + (" (confidential)" if data.get("confidential") else "")
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
    return action


def render(tl: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(tl, indent=2, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for row in tl["rows"]:
            w.writerow(row)
        return out.getvalue()
    lines = [f"{tl['ref']}  now: {tl['stage']}", ""]
    for r in tl["rows"]:
        moved = f" -> {r['to']}" if r["to"] else ""
        spent = ""
        if r["days_in_stage"] is not None:
            verdict = {True: "met", False: "MISSED", None: ""}[r["met"]]
            spent = f"  [{r['days_in_stage']} working days in {r['from']}"
            spent += f"; due {r['due']} {verdict}]" if r["due"] else "]"
        lines.append(f"{r['on']}  {r['actor']:<12} {r['what']}{moved}{spent}")
    return "\n".join(lines) + "\n"
