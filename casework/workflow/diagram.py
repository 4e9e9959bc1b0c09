"""Diagrams of the routes, drawn from the machines so the README cannot drift from them."""

from statemachine.contrib.diagram import formatter

from casework.workflow.routes import ROUTES
from casework.workflow.stages import ROUTE_TITLES


def render(fmt: str = "mermaid") -> str:
    parts = []
    for route, machine in ROUTES.items():
        title = f"Complaint {ROUTE_TITLES[route]}"
        if fmt == "mermaid":
            body = formatter.render(machine, "mermaid").replace(" [guards_pass]", "")
            parts.append(f"### {title}\n\n```mermaid\n{body.rstrip()}\n```\n")
        else:
            lines = [title]
            for state in machine.states:
                for t in state.transitions:
                    lines.append(f"  {state.id} --{t.event}--> {t.target.id}")
            parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
