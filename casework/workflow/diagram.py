"""Diagrams of the routes, drawn from the machines so the README cannot drift from them.

A member's route is drawn once per regime, without the steps the other regime has. The pause,
which every open stage may take and which returns to the stage it left, is drawn once, from and
to "any open stage", so the diagram stays readable.
"""

from casework.workflow.events import RETURNING
from casework.workflow.routes import ROUTES, regime_of
from casework.workflow.stages import ROUTE_TITLES, state_title

REGIMES = {"england": "England", "wales": "Wales"}
PAUSING = ("pause", "refer_to_police")
OPEN = "open_stage"
OPEN_TITLE = "Any open stage"


# What the Monitoring Officer decides at assessment before any of its steps (guards).
ASSESSMENT_NOTE = [
    "    note left of assessment",
    "        An officer complainant first chooses this protocol or the grievance",
    "        procedure (grievance: the complaint is withdrawn to HR). Classified:",
    "        the Members' Code of Conduct (the statutory route), the protocol alone",
    "        (local resolution or no further action), or outside the remit (no",
    "        further action); the subject member told and invited to comment, unless",
    "        the complainant's anonymity is granted. A complaint made anonymously",
    "        goes further only with the public interest recorded",
    "    end note",
]
# Wales: the council's own protocol for low-level complaints between members.
LOW_LEVEL_NOTE = [
    "    note right of local_resolution",
    "        Where the council keeps a local resolution protocol, a low-level",
    "        complaint one member makes about another is resolved here first; if",
    "        that fails it is classified a code complaint and goes to the Ombudsman",
    "    end note",
]
# A new round of the procedure after reopening, and the papers each step needs.
ROUND_NOTE = [
    "    note right of hearing",
    "        Decided only once the notice of hearing is filed and the panel",
    "        recorded (none of whom assessed it); a reopened case's new",
    "        investigation and hearing need their own draft, report, notice and panel",
    "    end note",
]
# An officer complained about may be suspended while the case runs (ACAS Code para. 8).
SUSPENSION_NOTE = [
    "    note right of disciplinary",
    "        Suspension on full pay, if any, is a neutral act with a review date,",
    "        lifted before the case ends; not a disciplinary sanction",
    "    end note",
]


WITHDRAWAL_NOTE = [
    "    note right of withdrawn",
    "        Continued in the public interest, the complaint goes on",
    "        from the stage it was withdrawn at",
    "    end note",
]


def _label(event: str) -> str:
    return event.replace("_", " ").capitalize()


def edges(route: str, regime: str | None) -> list[tuple[str, str, str]]:
    """(source, event, target) of a route as a regime has it, the pause drawn once."""
    out, seen = [], set()
    for state in ROUTES[route].states:
        for t in state.transitions:
            for event in (str(e) for e in t.events):
                if regime is not None and regime_of(event, state.id) not in (None, regime):
                    continue
                edge = (state.id, event, t.target.id)
                if event in PAUSING:
                    edge = (OPEN, event, t.target.id)
                elif event in RETURNING:
                    edge = (state.id, event, OPEN)
                if edge not in seen:
                    seen.add(edge)
                    out.append(edge)
    reached, frontier = {"received", OPEN}, ["received", OPEN]
    while frontier:
        here = frontier.pop()
        for s, _, t in out:
            if s == here and t not in reached:
                reached.add(t)
                frontier.append(t)
    return [edge for edge in out if edge[0] in reached]  # not a stage the regime never reaches


def _diagrams() -> list[tuple[str, str, str | None]]:
    """(title, route, regime) of each diagram."""
    out = [(f"Complaint {ROUTE_TITLES['officer']}", "officer", None)]
    out += [(f"Complaint {ROUTE_TITLES['member']} ({name})", "member", regime)
            for regime, name in REGIMES.items()]
    return out


def render(fmt: str = "mermaid") -> str:
    parts = []
    for title, route, regime in _diagrams():
        lines = edges(route, regime)
        if fmt != "mermaid":
            body = [f"  {s} --{e}--> {t}" for s, e, t in lines]
            parts.append("\n".join([title, *body]) + "\n")
            continue
        named = {s for s, _, _ in lines} | {t for _, _, t in lines}
        states = [s.id for s in ROUTES[route].states if s.id in named]
        body = ["stateDiagram-v2", "    direction LR"]
        body += [f'    state "{state_title(route, s)}" as {s}' for s in states]
        body.append(f'    state "{OPEN_TITLE}" as {OPEN}')
        body.append("    [*] --> received")
        body += [f"    {s} --> {t} : {_label(e)}" for s, e, t in lines]
        body += ["    note right of paused", "        Resume returns to the stage the pause left,",
                 "        its deadline moved on by the working days paused", "    end note"]
        if route == "member":
            body += ASSESSMENT_NOTE + WITHDRAWAL_NOTE + ROUND_NOTE
            body += LOW_LEVEL_NOTE if regime == "wales" else []
        else:
            body += SUSPENSION_NOTE
        parts.append(f"### {title}\n\n```mermaid\n" + "\n".join(body) + "\n```\n")
    return "\n".join(parts)
