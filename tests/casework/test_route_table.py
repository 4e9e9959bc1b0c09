"""The shipped table of each stage's steps (casework.workflow.route_table) is what the routes'
machines say, and a table not written for this code is not believed."""

import json

from casework.workflow import route_table, routes


def test_the_shipped_table_is_what_the_machines_say():
    """When this fails, write it again: python -m casework.workflow.route_table"""
    assert json.loads(route_table.FILE.read_text()) == route_table.written(), \
        "casework/workflow/route_table.json is stale: run python -m casework.workflow.route_table"
    route_table._table.cache_clear()
    assert route_table._table() is not None
    for route, machine in routes.ROUTES.items():
        for state in machine.states:
            offered = route_table.events_from(route, state.id)
            assert offered == routes.events_from(route, state.id), (route, state.id)
            for event in {e.id for e in machine.events}:
                assert route_table.target_of(route, state.id, event) == routes.target_of(route, state.id, event)


def test_a_table_for_other_code_is_not_believed(tmp_path, monkeypatch):
    table = json.loads(route_table.FILE.read_text())
    table["routes"]["officer"]["received"] = {"resolve": "resolved"}  # as if the route had changed since
    (tmp_path / "route_table.json").write_text(json.dumps(table))
    for name in route_table.SOURCES:
        (tmp_path / name).write_text("# changed since the table was written\n")
    monkeypatch.setattr(route_table, "FILE", tmp_path / "route_table.json")
    route_table._table.cache_clear()
    try:
        assert route_table.events_from("officer", "received") == routes.events_from("officer", "received")
        assert route_table.target_of("officer", "received", "resolve") is None
    finally:
        route_table._table.cache_clear()
