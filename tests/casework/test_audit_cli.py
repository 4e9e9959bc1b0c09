"""`casework audit seal` and `casework audit verify --case/--seal` as a script sees them:
what is printed where, exit statuses, and one line for every error. On both backends."""

import re

import pytest
from cli_runner import run_cli
from trail_tamper import A, B, build, sql


@pytest.fixture
def trail(db_url):
    ws = build(db_url)
    yield ws, db_url
    ws.engine.dispose()


def one_line(r, code: int) -> str:
    assert r.code == code, (r.code, r.out, r.err)
    lines = r.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("casework: "), r.err
    assert "Traceback" not in r.err
    return lines[0]


def test_seal_then_verify_it(trail):
    ws, url = trail
    given = run_cli(url, "audit", "seal", user="clerk")
    assert given.code == 0 and given.err == "", given.err
    assert re.fullmatch(r"seal 000025-[0-9a-f]{20} \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n", given.out)
    digest = given.out.split()[1]
    ok = run_cli(url, "audit", "verify", "--seal", digest)
    assert (ok.code, ok.err) == (0, "")
    assert ok.out == (f"seal {digest} holds: events #1-#25 are as they were when it was given\n"
                      "after the seal: no events since\n")
    pasted = run_cli(url, "audit", "verify", "--seal", given.out.strip(), user="hr")
    assert pasted.code == 0 and pasted.out == ok.out


def test_a_rewritten_chain_fails_its_seal_on_stderr(trail):
    from trail_tamper import rewrite_from

    ws, url = trail
    digest = run_cli(url, "audit", "seal").out.split()[1]
    sql(ws, "UPDATE audit_event SET actor = 'dep' WHERE seq = 2")
    rewrite_from(ws, 2)
    assert run_cli(url, "audit", "verify").code == 0
    r = run_cli(url, "audit", "verify", "--seal", digest)
    line = one_line(r, 1)
    assert line.startswith(f"casework: seal {digest} does not hold: event #25 (seal, ")
    assert r.out == "after the seal: no events since\n"


def test_both_parts_broken_are_two_lines(trail):
    ws, url = trail
    digest = run_cli(url, "audit", "seal").out.split()[1]
    run_cli(url, "note", A, "After the seal")
    sql(ws, "UPDATE audit_event SET actor = 'dep' WHERE seq IN (19, 26)")
    r = run_cli(url, "audit", "verify", "--seal", digest)
    assert r.code == 1 and r.out == ""
    first, second = r.err.splitlines()
    assert first.startswith(f"casework: seal {digest} does not hold: audit trail broken: event #19 ")
    assert second.startswith("casework: after the seal: audit trail broken: event #26 ")


@pytest.mark.parametrize("digest", ["nonsense", "000025-abc", "25:0123456789abcdef"])
def test_a_malformed_seal_is_refused_in_one_line(trail, digest):
    _, url = trail
    line = one_line(run_cli(url, "audit", "verify", "--seal", digest), 2)
    assert f"'{digest}' is not a seal" in line


def test_a_seal_beyond_the_end_names_the_events_cut(trail):
    _, url = trail
    line = one_line(run_cli(url, "audit", "verify", "--seal", "000030-0123456789abcdef0123"), 1)
    assert line == ("casework: seal 000030-0123456789abcdef0123 does not hold: it names event "
                    "#30, but the trail now ends at #24: events #25-#30 were cut from the end "
                    "after the seal was given, or the seal is of another database")


def test_verify_one_case(trail):
    ws, url = trail
    ok = run_cli(url, "audit", "verify", "--case", A.lower())
    assert (ok.code, ok.err) == (0, "")
    assert ok.out == (f"audit trail of {A} intact: 4 events verified (#13-#22), each linked into "
                      "the chain\n")
    sql(ws, "UPDATE audit_event SET data = '{}' WHERE seq = 23")
    line = one_line(run_cli(url, "audit", "verify", "--case", B), 1)
    assert line.startswith(f"casework: audit trail of {B} broken: event #23 (note on {B}, ")
    assert line.endswith(") was altered after it was written")
    sql(ws, "DELETE FROM audit_event WHERE seq = 19")
    line = one_line(run_cli(url, "audit", "verify", "--case", A), 1)
    assert line == f"casework: audit trail of {A} broken: an event of {A} is missing between #16 and #22"
    line = one_line(run_cli(url, "audit", "verify", "--case", "MOP-2026-0004"), 2)
    assert "no case 'MOP-2026-0004'" in line


@pytest.mark.parametrize("args", [("audit", "seal"), ("audit", "verify"),
                                  ("audit", "verify", "--case", A),
                                  ("audit", "verify", "--seal", "000001-0123456789abcdef")])
def test_only_readers_of_the_audit_may_seal_or_verify(trail, args):
    ws, url = trail
    line = one_line(run_cli(url, *args, user="view"), 2)
    assert "may read the audit trail" in line
    assert run_cli(url, "audit", "verify").out == "audit trail intact: 24 events verified\n"


def test_case_seal_and_anchors_one_at_a_time(trail, tmp_path):
    _, url = trail
    for extra in (["--case", A, "--seal", "000001-0123456789abcdef"],
                  ["--case", A, "--anchors", str(tmp_path / "anchors.log")]):
        line = one_line(run_cli(url, "audit", "verify", *extra), 2)
        assert "give one of --case, --seal or --anchors" in line
