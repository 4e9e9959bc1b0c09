"""`casework serve` without a browser: what it refuses, what it guards, how it stops."""

import http.client
import socket
import subprocess
import sys

import pytest
from cli_runner import run_cli
from served import Served, free_port

from casework.cli.app import _served


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("serve") / "council.db")
    assert run_cli(path, "init").code == 0
    assert run_cli(path, "users", "add", "hr1", "--name", "Harriet Reed", "--role", "hr").code == 0
    return path


def one_line_refusal(result, *words):
    lines = result.err.splitlines()
    assert result.code == 2 and len(lines) == 1 and lines[0].startswith("casework: "), result
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate and its key, as a council's IT would issue for the server."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return str(cert), str(key)


def test_an_address_other_machines_reach_is_refused_without_allow_remote(db):
    line = one_line_refusal(run_cli(db, "serve", "--host", "0.0.0.0", user="hr1"),
                            "'0.0.0.0'", "other machines", "--allow-remote")
    assert "127.0.0.1" in line


def test_serving_other_machines_needs_tls_sign_ins_and_named_hosts(db, certificate):
    cert, key = certificate
    one_line_refusal(run_cli(db, "serve", "--host", "0.0.0.0", "--allow-remote", user="hr1"),
                     "needs --cert FILE and --key FILE")
    one_line_refusal(run_cli(db, "serve", "--host", "0.0.0.0", "--allow-remote", "--no-login",
                             "--cert", cert, "--key", key, user="hr1"), "--no-login serves this machine only")
    one_line_refusal(run_cli(db, "serve", "--host", "0.0.0.0", "--allow-remote", "--cert", cert,
                             "--key", key, user="hr1"), "--allow-host NAME")
    one_line_refusal(run_cli(db, "serve", "--cert", cert, user="hr1"), "--cert and --key together")
    one_line_refusal(run_cli(db, "serve", "--cert", key, "--key", key, user="hr1"),
                     "are not a certificate and its key")


def test_a_port_in_use_is_one_line(db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        one_line_refusal(run_cli(db, "serve", "--port", str(port), user="hr1"),
                         f"port {port}", "in use", "--port")


@pytest.mark.parametrize("host", ["no such host!", "", "x" * 300, "nosuchhost.invalid"])
def test_a_host_that_cannot_be_listened_on_is_one_line(db, host):
    one_line_refusal(run_cli(db, "serve", "--host", host, user="hr1"), "--host")


def test_an_address_not_of_this_machine_is_one_line(db, certificate):
    cert, key = certificate
    one_line_refusal(run_cli(db, "serve", "--host", "192.0.2.1", "--allow-remote", "--cert", cert,
                             "--key", key, user="hr1"), "not an address of this machine")


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_out_of_range_is_one_line(db, port):
    one_line_refusal(run_cli(db, "serve", "--port", port, user="hr1"), "--port")


def test_the_acting_user_must_exist_before_anything_is_served(db, tmp_path):
    port = str(free_port())
    one_line_refusal(run_cli(db, "serve", "--no-login", "--port", port, user="nobody"), "no user 'nobody'")
    one_line_refusal(run_cli(str(tmp_path / "empty.db"), "serve", "--no-login", "--port", port, user="hr1"),
                     "casework init")


def test_served_app_is_let_through_but_a_scripts_pipes_are_not(monkeypatch):
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert not _served()
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert _served()  # pytest's stdout is not a terminal, as under textual-serve
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    assert not _served()


def test_no_command_from_a_script_is_still_refused(db):
    proc = subprocess.run([sys.executable, "-m", "casework", "--db", db, "--as", "hr1"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=30)
    assert proc.returncode == 2 and "needs a terminal" in proc.stderr


@pytest.fixture(scope="module")
def server(db):
    served = Served(db, "hr1", "--no-login")
    try:
        served.wait_for("ctrl+c to stop")
        yield served
    finally:
        served.stop()


def get(server, path, headers=None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_start_up_names_the_acting_user_and_the_address(server):
    assert (f"Serving casework for hr1 (HR adviser) on {server.url} — ctrl+c to stop"
            in server.output)


def test_the_page_is_served_under_its_own_names(server):
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        status, body = get(server, "/", {"Host": host})
        assert status == 200 and f"ws://{host}/ws" in body


def test_another_name_for_this_machine_is_refused(server):
    # DNS rebinding: a web page's own name pointed at 127.0.0.1.
    status, body = get(server, "/", {"Host": f"attacker.example:{server.port}"})
    assert status == 403 and "served only as" in body


def test_a_websocket_from_another_web_page_is_refused(server):
    headers = {"Host": f"127.0.0.1:{server.port}", "Origin": "https://attacker.example",
               "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    status, body = get(server, "/ws", headers)
    assert status == 403 and "other web pages" in body


def test_a_websocket_without_an_origin_is_refused(server):
    headers = {"Host": f"127.0.0.1:{server.port}", "Connection": "Upgrade", "Upgrade": "websocket",
               "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    status, body = get(server, "/ws", headers)
    assert status == 403 and "must come from this page" in body


def test_sign_ins_over_https_get_a_secure_cookie(db, certificate, tmp_path):
    import pyotp
    from signin_client import Client

    cert, key = certificate
    env = {"CASEWORK_LOGINS": str(tmp_path / "logins.db"), "CASEWORK_UPLOADS": str(tmp_path / "uploads")}
    code = run_cli(db, "users", "reset", "hr1", env=env).out.split(": ", 1)[1].split()[0]
    served = Served(db, "mo", "--cert", cert, "--key", key, env=env)
    try:
        served.wait_for(f"on https://127.0.0.1:{served.port}: each person signs in")
        client = Client(served.port, tls=cert)
        secret = client.enrol("hr1", code, "a long enough password")
        response, _ = client.sign_in("hr1", "a long enough password", pyotp.TOTP(secret).now())
        assert response.status == 303 and "Secure" in client.set_cookie
        assert client.request("GET", "/")[0].status == 200
    finally:
        served.stop()


def test_ctrl_c_stops_cleanly(db):
    served = Served(db, "hr1", "--no-login")
    try:
        served.wait_for("ctrl+c to stop")
        assert served.interrupt() == 0
        assert "Stopped serving." in served.output and "Traceback" not in served.output
    finally:
        served.stop()
