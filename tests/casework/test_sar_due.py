"""Subject access deadlines where handlers look: the triage queue's status line and the daily
reminders, for the Monitoring Officer and deputies only (a request is itself personal data)."""

from helpers import TODAY

from casework.letters.reminders import digests, text
from casework.queue.standing import standing
from casework.sar.requests import answer_request, open_request, requests_due


def test_requests_due_soon_or_overdue_are_counted_for_those_who_answer_them(ws):
    assert TODAY.isoformat() == "2026-11-20"
    open_request(ws, "mo", "Cllr Ann Jones", "2026-10-20")  # due 20 November: today
    open_request(ws, "mo", "Cllr Tom Price", "2026-10-05")  # due 5 November: overdue
    open_request(ws, "dep", None, "2026-11-19", requester="Priya Shah")  # due 19 December
    assert "   2 subject access requests due (casework sar list)" in standing(ws, "mo").words()
    assert "subject access" in standing(ws, "dep").words()
    for login in ("hr", "clerk", "inv", "ip", "view"):
        assert "subject access" not in standing(ws, login).words()
        assert requests_due(ws, login, TODAY) is None
    horizon, found = digests(ws, "mo", days=5)
    by = {d.login: d for d in found}
    assert set(by) == {"mo", "dep"}
    assert [r["requester"] for r in by["dep"].requests] == ["Cllr Tom Price", "Cllr Ann Jones"]
    said = text(by["mo"], ws.profile.council, TODAY, horizon)
    assert "Subject access requests due by 27 November 2026 (2):" in said
    assert "due 5 November 2026  OVERDUE  Cllr Tom Price" in said


def test_an_answered_request_is_no_longer_due(ws, tmp_path):
    from casework.sar.pack import make_pack

    number = open_request(ws, "mo", "Cllr Ann Jones", "2026-10-20")
    made = make_pack(ws, "mo", number, tmp_path / "pack")
    answer_request(ws, "mo", number, made.pdf)
    assert "subject access" not in standing(ws, "mo").words()
    assert requests_due(ws, "mo", TODAY) == []
