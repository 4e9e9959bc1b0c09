"""Who reads what, in every face: restricted cases, confidential papers, assignment, parties,
and the audit of every confidential read."""

import json

import pytest
from cli_runner import run_cli
from helpers import assessed, draft_shared, dump, link_user_to_person
from sqlalchemy import text

from casework.cases.advance import advance
from casework.cases.assignments import grant, revoke
from casework.cases.listing import list_cases
from casework.cases.opening import open_case
from casework.cases.papers import annotate
from casework.cases.timeline import timeline
from casework.cases.views import show_case
from casework.errors import NotFound, Refused, UserError

ROLES = ["mo", "dep", "hr", "clerk", "inv", "ip", "view"]


@pytest.fixture
def restricted(ws):
    """A restricted complaint about a Member and one about an Officer, each with a secret note."""
    member = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Bullying", "2026-09-01", confidential=True)
    officer = open_case(ws, "hr", "Bob Smith", "Cllr Tom Price", "21.9.1", "Rude", "2026-09-02", confidential=True)
    for ref in (member, officer):
        annotate(ws, ref, "Witness fears reprisal", "mo", confidential=True)
    return member, officer


def listed(ws, login):
    return {c["ref"] for c in list_cases(ws, login)}


def readable(ws, login, ref):
    try:
        return bool(show_case(ws, ref, login))
    except Refused:
        return False


def test_restricted_cases_by_role(ws, restricted):
    member, officer = restricted
    expected = {"mo": {member, officer}, "dep": {member, officer}, "hr": {officer},
                "clerk": set(), "inv": set(), "ip": set(), "view": set()}
    for login in ROLES:
        assert listed(ws, login) == expected[login], login
        for ref in (member, officer):
            assert readable(ws, login, ref) == (ref in expected[login]), (login, ref)
    grant(ws, member, "inv", "mo")
    assert listed(ws, "inv") == {member} and readable(ws, "inv", member)
    revoke(ws, member, "inv", "mo")
    assert listed(ws, "inv") == set() and not readable(ws, "inv", member)


def test_the_clerk_reads_hearing_papers_once_referred(ws, restricted, tmp_path):
    member, _ = restricted
    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.4 report")
    from casework.cases.papers import attach

    attach(ws, member, str(tmp_path / "r.pdf"), "mo", "investigation-report")
    advance(ws, member, "refer_to_monitoring_officer", "mo")
    assessed(ws, member)
    advance(ws, member, "investigate", "mo")
    draft_shared(ws, member)
    advance(ws, member, "complete_investigation", "inv")
    grant(ws, member, "ip", "mo")  # s.28(7)(a): an Independent Person assigned to the case
    annotate(ws, member, "Breach likely", "ip", kind="ip-view")
    assert not readable(ws, "clerk", member)
    advance(ws, member, "refer_to_hearing", "mo", note="Report finds a case to answer; for the Standards Committee")
    assert readable(ws, "clerk", member) and member in listed(ws, "clerk")
    assert [n["text"] for n in show_case(ws, member, "clerk")["notes"] if n["confidential"]] == ["Witness fears reprisal"]


def test_confidential_papers_on_an_open_case(ws):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Bullying", "2026-09-01")
    annotate(ws, ref, "Witness fears reprisal", "mo", confidential=True)
    annotate(ws, ref, "Acknowledged", "mo")
    secret = {login: any(n["confidential"] for n in show_case(ws, ref, login)["notes"]) for login in ROLES}
    assert secret == {"mo": True, "dep": True, "hr": False, "clerk": False, "inv": False, "ip": False, "view": False}
    grant(ws, ref, "ip", "mo")
    assert any(n["confidential"] for n in show_case(ws, ref, "ip")["notes"])
    assert "Witness fears" not in str(timeline(ws, ref, "view"))


def test_every_confidential_read_is_audited(ws, restricted):
    member, _ = restricted

    def reads():
        with ws.engine.connect() as conn:
            return conn.execute(text("SELECT actor, data FROM audit_event WHERE action = 'read' ORDER BY seq")).all()

    show_case(ws, member, "mo")
    timeline(ws, member, "dep")
    show_case(ws, open_case(ws, "mo", "Cllr Tom Price", "Bob Smith", "21.9.1", "Plain", "2026-09-03"), "mo")
    log = reads()
    assert [actor for actor, _ in log] == ["mo", "dep"]  # the plain case's read is not logged
    first = json.loads(log[0][1])
    assert first["restricted"] is True and len(first["notes"]) == 1 and first["documents"] == []
    with pytest.raises(Refused):
        show_case(ws, member, "view")
    assert len(reads()) == 2


def test_grants_are_for_the_monitoring_officer_to_give(ws, restricted):
    member, _ = restricted
    before = dump(ws)
    with pytest.raises(Refused, match="only the Monitoring Officer"):
        grant(ws, member, "inv", "hr")
    with pytest.raises(UserError, match="access follows from the role"):
        grant(ws, member, "clerk", "mo")
    with pytest.raises(NotFound, match="no user"):
        grant(ws, member, "nobody", "mo")
    with pytest.raises(UserError, match="not assigned"):
        revoke(ws, member, "inv", "mo")
    assert dump(ws) == before
    grant(ws, member, "inv", "mo")
    with pytest.raises(UserError, match="already assigned"):
        grant(ws, member, "inv", "mo")
    link_user_to_person(ws, "ip", "Bob Smith")
    with pytest.raises(Refused, match="is a party"):
        grant(ws, member, "ip", "mo")


def test_a_party_never_reads_their_own_case(ws, restricted):
    member, officer = restricted
    link_user_to_person(ws, "hr", "Bob Smith")  # the complainant of one and subject of the other
    assert listed(ws, "hr") == set()
    for ref in (member, officer):
        with pytest.raises(Refused, match="you are a party"):
            show_case(ws, ref, "hr")


def test_the_monitoring_officers_conflict_passes_to_a_deputy(ws):
    link_user_to_person(ws, "mo", "Mo Officer")
    ref = open_case(ws, "clerk", "Cllr Ann Jones", "Mo Officer", "21.9.1", "Rude to the MO", "2026-09-01")
    assert show_case(ws, ref, "dep")["handler"] == "dep"
    assert ref not in listed(ws, "mo")
    plain = open_case(ws, "clerk", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-09-01")
    assert show_case(ws, plain, "mo")["handler"] == "mo"


def test_an_unknown_login_is_refused_in_one_line(ws, db_url):
    with pytest.raises(NotFound, match="no user 'stranger' in this database"):
        list_cases(ws, "stranger")
    out = run_cli(db_url, "list", user="stranger")
    assert out.code == 2 and out.err.count("\n") == 1 and "ask the Monitoring Officer to add you" in out.err


def test_grant_on_the_command_line(ws, restricted, db_url):
    member, _ = restricted
    ok = run_cli(db_url, "grant", member, "inv")
    assert ok.code == 0 and f"{member}: inv assigned" in ok.out
    shown = run_cli(db_url, "show", member, user="inv")
    assert shown.code == 0 and "Witness fears reprisal" in shown.out
    bad = run_cli(db_url, "grant", member, "view")
    assert bad.code == 2 and "access follows from the role" in bad.err
