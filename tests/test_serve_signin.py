"""Signing in to `casework serve` over HTTP, as a browser does: nothing without a session,
enrolment by the Monitoring Officer's one-time code, password and authenticator code, lock-out,
sign-out, and every sign-in, refusal and sign-out in the audit trail."""

import json
import time
from pathlib import Path

import pyotp
import pytest
from cli_runner import run_cli
from served import Served
from signin_client import Client

from casework.serve.logins import LOCK_AFTER

PASSWORD = "correct horse battery"


@pytest.fixture
def council(tmp_path):
    db = str(tmp_path / "council.db")
    env = {"CASEWORK_LOGINS": str(tmp_path / "logins.db"), "CASEWORK_UPLOADS": str(tmp_path / "uploads")}
    for args in (["init"], ["users", "add", "hr1", "--name", "Harriet Reed", "--role", "hr"],
                 ["users", "add", "view", "--name", "Vic Viewer", "--role", "viewer"]):
        assert run_cli(db, *args, env=env).code == 0
    return db, env


@pytest.fixture
def served(council):
    db, env = council
    server = Served(db, "mo", env=env)
    try:
        server.wait_for("each person signs in")
        yield server
    finally:
        server.stop()


def _code(council, login):
    db, env = council
    r = run_cli(db, "users", "reset", login, env=env)
    assert r.code == 0, r.err
    return r.out.split(": ", 1)[1].splitlines()[0]


def _trail(db, action):
    r = run_cli(db, "users", "sign-ins", "--json")
    return [e for e in json.loads(r.out) if e["what"] == action]


def test_nothing_of_the_application_without_a_session(served):
    client = Client(served.port)
    response, _ = client.request("GET", "/")
    assert (response.status, response.getheader("Location")) == (303, "/signin")
    for path in ("/static/js/textual.js", "/static/", "/download/anything", "/?fontsize=20"):
        assert client.request("GET", path)[0].status in (303, 403), path
    response, _ = client.request("GET", "/ws", headers={"Connection": "Upgrade", "Upgrade": "websocket",
                                                         "Sec-WebSocket-Version": "13",
                                                         "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    assert response.status == 403
    client.cookie = "casework_session=made-up-by-someone"
    assert client.request("GET", "/")[0].status == 303


def test_enrol_sign_in_use_and_sign_out(served, council):
    db, _ = council
    client = Client(served.port)
    served.wait_for("Papers attached from a browser come from")
    assert served.output.rstrip().endswith(f"come from {Path(council[1]['CASEWORK_UPLOADS']).resolve()}")
    secret = client.enrol("hr1", _code(council, "hr1"), PASSWORD)
    response, _ = client.sign_in("hr1", PASSWORD, pyotp.TOTP(secret).now())
    assert (response.status, response.getheader("Location")) == (303, "/")
    cookie = client.set_cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    response, page = client.request("GET", "/")
    assert response.status == 200 and 'action="/signout"' in page
    assert response.getheader("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    assert client.request("GET", "/static/js/textual.js")[0].status == 200
    assert client.request("GET", "/static/")[0].status in (403, 404)  # no folder listing
    # The same code cannot sign in a second time.
    other = Client(served.port)
    assert other.sign_in("hr1", PASSWORD, pyotp.TOTP(secret).now())[0].status == 401
    response, _ = client.request("POST", "/signout", {})
    assert (response.status, response.getheader("Location")) == (303, "/signin?out=1")
    assert client.request("GET", "/")[0].status == 303
    signed = _trail(db, "sign-in")
    assert [(e["login"], e["address"]) for e in signed] == [("hr1", "127.0.0.1")]
    assert [e["login"] for e in _trail(db, "sign-out")] == ["hr1"]
    assert [e["login"] for e in _trail(db, "sign-in-refused")] == ["hr1"]


def test_wrong_attempts_slow_down_then_lock_until_reset(served, council):
    db, _ = council
    client = Client(served.port)
    secret = client.enrol("hr1", _code(council, "hr1"), PASSWORD)
    started = time.monotonic()
    for _ in range(LOCK_AFTER):
        response, page = client.sign_in("hr1", PASSWORD, "000000")
        assert response.status == 401 and "do not match" in page
    assert time.monotonic() - started >= 0.25 + 0.5 + 1 + 2 + 4
    response, page = client.sign_in("hr1", PASSWORD, pyotp.TOTP(secret).now())
    assert response.status == 401 and "locked until" in page
    assert "locked until" in _trail(db, "sign-in-refused")[0]["reason"]
    # The Monitoring Officer's reset lifts the lock, and the person enrols afresh.
    secret = client.enrol("hr1", _code(council, "hr1"), PASSWORD + "!")
    assert client.sign_in("hr1", PASSWORD + "!", pyotp.TOTP(secret).now())[0].status == 303


def test_a_bad_enrolment_changes_nothing(served, council):
    client = Client(served.port)
    code = _code(council, "hr1")
    for form, said in [({"code": "WRONG-CODE"}, "do not match"),
                       ({"password": "short", "again": "short"}, "at least 12 characters"),
                       ({"again": "something else entirely"}, "not the same"),
                       ({"login": "view", "password": "my view of things", "again": "my view of things"},
                        "does not hold your login")]:
        full = {"login": "hr1", "code": code, "password": PASSWORD, "again": PASSWORD, **form}
        response, page = client.request("POST", "/enrol", full)
        assert response.status == 400 and said in page, (form, page)
    assert client.enrol("hr1", code, PASSWORD)  # the code still holds


def test_an_unknown_or_deactivated_login_cannot_sign_in(served, council):
    db, env = council
    client = Client(served.port)
    secret = client.enrol("view", _code(council, "view"), PASSWORD)
    assert run_cli(db, "users", "deactivate", "view", env=env).code == 0
    response, page = client.sign_in("view", PASSWORD, pyotp.TOTP(secret).now())
    assert response.status == 401 and "not an active casework user" in page
    response, page = client.sign_in("nobody", PASSWORD, "123456")
    assert response.status == 401 and "do not match" in page
    refused = _trail(db, "sign-in-refused")
    assert [e["login"] for e in refused] == ["(unknown login)", "view"]


def test_requests_from_other_pages_or_without_origin_are_refused(served, council):
    client = Client(served.port)
    code = _code(council, "hr1")
    form = {"login": "hr1", "code": code, "password": PASSWORD, "again": PASSWORD}
    assert client.request("POST", "/enrol", form, origin="https://evil.example")[0].status == 403
    assert client.request("POST", "/enrol", form, origin=None)[0].status == 403
    assert Client(served.port, host="evil.example").request("GET", "/signin")[0].status == 403


def test_only_the_monitoring_officer_resets_a_sign_in(council):
    db, env = council
    r = run_cli(db, "users", "reset", "view", user="hr1", env=env)
    assert r.code == 2 and "cannot reset sign-ins" in r.err
    assert "no user 'ghost'" in run_cli(db, "users", "reset", "ghost", env=env).err
    assert not (json.loads(run_cli(db, "users", "sign-ins", "--json").out))


@pytest.mark.parametrize("proxy", ["127.0.0.1", "127.0.0.2"])
def test_a_sign_in_proxy_in_front_names_the_person(council, proxy):
    db, env = council
    server = Served(db, "mo", "--trusted-header", "X-Forwarded-User", "--trusted-proxy", proxy, env=env)
    try:
        server.wait_for("named by the proxy's X-Forwarded-User")
        client = Client(server.port)
        response, page = client.request("GET", "/", headers={"X-Forwarded-User": "hr1"})
        if proxy != "127.0.0.1":  # the header is believed only from the proxy's own address
            assert response.status == 403 and "sign-in proxy" in page
            assert _trail(db, "sign-in") == []
            return
        assert response.status == 200 and 'action="/signout"' not in page
        assert client.request("GET", "/")[0].status == 403  # the proxy named nobody
        assert client.request("GET", "/", headers={"X-Forwarded-User": "ghost"})[0].status == 403
        assert [(e["login"], e["reason"]) for e in _trail(db, "sign-in")] == [("hr1", "by X-Forwarded-User")]
        assert [e["login"] for e in _trail(db, "sign-in-refused")] == ["(unknown login)"]
    finally:
        server.stop()


def test_a_proxy_needs_its_header_and_address(council):
    db, env = council
    for args, said in [(["--trusted-header", "X-Forwarded-User"], "together"),
                       (["--trusted-header", "X-Forwarded-User", "--trusted-proxy", "proxy.local"], "not an IP address"),
                       (["--trusted-header", "bad header", "--trusted-proxy", "10.0.0.1"], "not a header name"),
                       (["--trusted-header", "X-User", "--trusted-proxy", "10.0.0.1", "--no-login"], "choose one")]:
        r = run_cli(db, "serve", *args, env=env)
        assert r.code == 2 and said in r.err, r.err
