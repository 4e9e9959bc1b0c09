"""Which steps each stage of a route offers, and where each leads, as the routes' machines say
(casework.workflow.routes), shipped with casework in route_table.json beside this file.

Showing a case lists every step from its stage; asking the machines meant building them, and
python-statemachine (with asyncio, which it imports) was a quarter of `casework show`'s time.
The table is written from the machines, and names a digest of the modules they are built from:
a working copy changed since is not trusted, and the machines are asked instead. A test fails
when the file is not what the machines say now, and says how to write it again:

    python -m casework.workflow.route_table
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

FILE = Path(__file__).with_name("route_table.json")
SOURCES = ("routes.py", "stages.py", "regimes.py")  # of casework/workflow: what the machines are built from


def _digest() -> str | None:
    digest = hashlib.sha256()
    for name in SOURCES:
        try:
            digest.update(FILE.with_name(name).read_bytes())
        except OSError:
            return None
    return digest.hexdigest()[:20]


@lru_cache(maxsize=1)
def _table() -> dict | None:
    """{route: {stage: {event: target}}}, events in the order the route declares them; None
    when the file is not for this code."""
    try:
        data = json.loads(FILE.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != _digest():
        return None
    return data.get("routes")


def events_from(route: str, state: str) -> list[str]:
    """Events a route offers from a state, in the order the route declares them."""
    table = _table()
    if table is None:
        from casework.workflow import routes

        return routes.events_from(route, state)
    return list(table[route][state])


def target_of(route: str, state: str, event: str) -> str | None:
    """Where an event leads from a state; for `resume`, the first of the stages a pause can
    return to (the service asks the case)."""
    table = _table()
    if table is None:
        from casework.workflow import routes

        return routes.target_of(route, state, event)
    return table[route][state].get(event)


def written() -> dict:
    """What the machines say now, as the file should hold it."""
    from casework.workflow import routes

    return {"fingerprint": _digest(),
            "routes": {route: {state.id: {event: routes.target_of(route, state.id, event)
                                          for event in routes.events_from(route, state.id)}
                               for state in machine.states}
                       for route, machine in routes.ROUTES.items()}}


def main() -> None:
    FILE.write_text(json.dumps(written(), indent=1) + "\n")
    print(f"wrote {FILE}")


if __name__ == "__main__":
    main()
