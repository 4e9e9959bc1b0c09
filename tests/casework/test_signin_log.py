"""Sign-in addresses are personal data about the staff who sign in: the trail commits to each by
a keyed hash under its month's key, shows it to those who read sign-ins while it is kept, and
`dispose-logs` destroys a month's values and key once the retention schedule (log_months) has
kept it long enough; the trail verifies throughout, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from helpers import dump

from casework.access.signins import history, record
from casework.audit.log import verify_all
from casework.errors import Refused
from casework.records.logs import _ends, dispose_logs, pending

ADDRESSES = ("203.0.113.9", "198.51.100.7")


def test_an_address_is_kept_beside_the_trail_and_disposed_of_when_its_month_is_due(ws):
    record(ws, "hr", "sign-in", ADDRESSES[0])
    record(ws, "nobody", "sign-in-refused", ADDRESSES[1], "no such user")
    trail = repr(dump(ws)["audit_event"])
    assert not any(a in trail for a in ADDRESSES)
    shown = history(ws, "mo")
    assert [(r["login"], r["what"], r["address"]) for r in shown] == [
        ("(unknown login)", "sign-in-refused", ADDRESSES[1]), ("hr", "sign-in", ADDRESSES[0])]
    assert "log_month" not in shown[0] and shown[0]["reason"] == "no such user"
    assert verify_all(ws, "mo").ok

    month = next(iter({s[4:] for s, in _scopes(ws)}))
    due = _ends(month, ws.profile.retention.log_months)
    ws.today = lambda: due - timedelta(days=1)
    assert pending(ws, "mo") == []
    before = dump(ws)
    with pytest.raises(Refused, match="no month of the log is due for disposal: .* kept for 12 months"):
        dispose_logs(ws, "mo")
    ws.today = lambda: due
    with pytest.raises(Refused, match="cannot dispose of the log's personal data"):
        dispose_logs(ws, "hr")
    assert dump(ws) == before

    done = dispose_logs(ws, "dep")
    assert done.months == [month] and done.values == 2
    assert not any(a in repr(dump(ws)) for a in ADDRESSES)
    assert all(r["address"].startswith("erased on ") for r in history(ws, "mo"))
    assert verify_all(ws, "mo").ok, verify_all(ws, "mo").message
    with pytest.raises(Refused, match="no month of the log is due"):
        dispose_logs(ws, "mo")


def _scopes(ws):
    from sqlalchemy import text

    with ws.engine.connect() as conn:
        return conn.execute(text("SELECT scope FROM audit_key WHERE scope LIKE 'log:%'")).all()
